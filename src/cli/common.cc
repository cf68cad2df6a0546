#include <unistd.h>

#include <iostream>

#include "cli/cli.h"

namespace qascrape::cli {

namespace fs = std::filesystem;

const char* const kExitCodesHelp =
    "Exit codes:\n"
    "  0    every input gave an ok/partial record\n"
    "  1    the run completed and some inputs failed (their records say why)\n"
    "  2    usage error\n"
    "  3    bad selector file or config\n"
    "  4    output could not be written\n"
    "  5    selector health: a field came out empty far more often than its\n"
    "       selector file expects (stderr names the site, field and selector)\n"
    "  130  interrupted (output flushed, resumable)\n";

fs::path selectors_dir(const std::optional<std::string>& flag) {
  if (flag) return *flag;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // build/qascrape -> <repo>/selectors
    const fs::path repo = exe.parent_path().parent_path() / "selectors";
    if (fs::is_directory(repo, ec)) return repo;
  }
  const fs::path installed =
      fs::path(QASCRAPE_DATADIR) / "qascrape" / "selectors";
  if (fs::is_directory(installed, ec)) return installed;
  return "selectors";
}

std::optional<rules::RuleSet> load_rules(
    const std::optional<std::string>& flag) {
  auto rules = rules::RuleSet::load_dir(selectors_dir(flag));
  if (!rules) {
    std::cerr << "qascrape: " << rules.error().message << "\n";
    return std::nullopt;
  }
  return std::move(rules.value());
}

}  // namespace qascrape::cli
