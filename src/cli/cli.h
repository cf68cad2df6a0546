// cli owns the command line: flags (Boost.Program_options), validation into
// options, and mapping results to exit codes; it may use every other module.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rules.h"

namespace qascrape::cli {

// Shared text of every --help: the exit codes of ../shared/spec/cli.md.
// The exit codes a command can return, with their meaning, as --help shows
// them; every command's when `command` is empty.
std::string exit_codes_help(std::string_view command);

// Shared help of --selectors (every command has it).
extern const char* const kSelectorsHelp;

// Environment variable naming the selector folder when --selectors is not
// given.
inline constexpr const char* kSelectorsEnv = "QASCRAPE_SELECTORS";

// The selector folder: --selectors, else
// $QASCRAPE_SELECTORS, else -- for the binary in a developer build folder --
// the source tree's selectors/, else the installed copy beside the binary
// (<prefix>/share/qascrape/selectors, wherever <prefix> was moved), else the
// configured install datadir. An error lists the places it looked.
Result<std::filesystem::path> selectors_dir(
    const std::optional<std::string>& flag);

// Loads the rule set or prints the error and returns nullopt (exit 3).
std::optional<rules::RuleSet> load_rules(
    const std::optional<std::string>& flag);

// An output that names the same file as an input (a hard link, a symlink,
// ./x for x: device and inode are compared, not names), as "-o FILE is the
// URL list"; nullopt when none does. `outputs` are (flag, path) pairs; paths
// that do not exist yet and "-" are skipped. Checked before anything is
// created or truncated, so the input survives a slip of the keyboard.
struct NamedPath {
  std::string flag;  // "-o", "--urls", "PATH", ...
  std::string path;
};
std::optional<std::string> output_overwrites_input(
    const std::vector<NamedPath>& outputs,
    const std::vector<NamedPath>& inputs);

int run_parse(const std::vector<std::string>& args);
int run_check(const std::vector<std::string>& args);
int run_sites(const std::vector<std::string>& args);
int run_crawl(const std::vector<std::string>& args);
int run_load(const std::vector<std::string>& args);
int run_explain(const std::vector<std::string>& args);

}  // namespace qascrape::cli
