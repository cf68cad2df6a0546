#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qascrape::cli {

namespace po = boost::program_options;

// Parses `args` against `visible` (+ positional `positional_name`, if any)
// into `vm`. On a usage error prints it with the command's help and returns
// false; `help` is set when --help was given (after printing it).
bool parse_flags(const std::string& command, const std::string& synopsis,
                 const po::options_description& visible,
                 const char* positional_name,
                 const std::vector<std::string>& args, po::variables_map& vm,
                 bool& help);

template <class T>
std::optional<T> flag(const po::variables_map& vm, const char* name) {
  if (!vm.count(name)) return std::nullopt;
  return vm[name].as<T>();
}

}  // namespace qascrape::cli
