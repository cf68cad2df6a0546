#include "cli/flags.h"

#include <iostream>

#include "cli/cli.h"

namespace qascrape::cli {

bool parse_flags(const std::string& command, const std::string& synopsis,
                 const po::options_description& visible,
                 const char* positional_name,
                 const std::vector<std::string>& args, po::variables_map& vm,
                 bool& help) {
  help = false;
  po::options_description all;
  all.add(visible);
  po::positional_options_description pos;
  if (positional_name != nullptr) {
    all.add_options()(positional_name, po::value<std::vector<std::string>>(),
                      "");
    pos.add(positional_name, -1);
  }
  try {
    // Exact names only: Boost's default guessing would take `--allow` for
    // `--allow-private` and `--url` for `--urls`, a typo silently changing
    // what the run does.
    const int style = po::command_line_style::default_style &
                      ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(args)
                  .options(all)
                  .positional(pos)
                  .style(style)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    // Boost reports bad flags by throwing; to the user it is a usage error.
    std::cerr << "qascrape " << command << ": " << e.what()
              << "\n\nUsage: " << synopsis << "\nRun `qascrape " << command
              << " --help` for details.\n";
    return false;
  }
  if (vm.count("help")) {
    std::cout << "Usage: " << synopsis << "\n\n"
              << visible << "\n"
              << exit_codes_help(command);
    help = true;
  }
  return true;
}

}  // namespace qascrape::cli
