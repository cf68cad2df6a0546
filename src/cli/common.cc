#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <vector>

#include "cli/cli.h"

namespace qascrape::cli {

namespace fs = std::filesystem;

const char* const kSelectorsHelp =
    "folder of selector files (default: $QASCRAPE_SELECTORS, "
    "else the installed share/qascrape/selectors)";

Result<fs::path> selectors_dir(const std::optional<std::string>& flag) {
  // An explicit choice is taken as given: a wrong one must fail loudly in
  // the loader, not fall through to another folder.
  if (flag) return fs::path(*flag);
  if (const char* env = std::getenv(kSelectorsEnv); env && *env) {
    return fs::path(env);
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
#ifdef QASCRAPE_SOURCE_SELECTORS
  // Only the binary in its own build folder reads the source tree; an
  // installed copy of the same build reads its installed data.
  if (!ec && fs::equivalent(exe.parent_path(), QASCRAPE_BUILD_DIR, ec)) {
    candidates.emplace_back(QASCRAPE_SOURCE_SELECTORS);
  }
#endif
  if (!exe.empty()) {
    candidates.push_back(exe.parent_path() / QASCRAPE_BIN_TO_DATADIR /
                         "qascrape" / "selectors");
  }
  candidates.push_back(fs::path(QASCRAPE_DATADIR) / "qascrape" / "selectors");
  std::string looked;
  for (const fs::path& dir : candidates) {
    if (fs::is_directory(dir, ec)) return dir.lexically_normal();
    looked += (looked.empty() ? "" : ", ") + dir.lexically_normal().string();
  }
  return Error{Errc::kConfig,
               std::string("no selector files found (looked in ") + looked +
                   "); give --selectors DIR or set " + kSelectorsEnv};
}

std::optional<rules::RuleSet> load_rules(
    const std::optional<std::string>& flag) {
  auto dir = selectors_dir(flag);
  if (!dir) {
    std::cerr << "qascrape: " << dir.error().message << "\n";
    return std::nullopt;
  }
  auto rules = rules::RuleSet::load_dir(dir.value());
  if (!rules) {
    std::cerr << "qascrape: " << rules.error().message << "\n";
    return std::nullopt;
  }
  return std::move(rules.value());
}

std::optional<std::string> output_overwrites_input(
    const std::vector<NamedPath>& outputs,
    const std::vector<NamedPath>& inputs) {
  for (const NamedPath& in : inputs) {
    struct stat is {};
    // Only regular files can be overwritten: /dev/null or a FIFO given as
    // both is no loss.
    if (in.path == "-" || ::stat(in.path.c_str(), &is) != 0 ||
        !S_ISREG(is.st_mode))
      continue;
    for (const NamedPath& out : outputs) {
      struct stat os {};
      if (out.path == "-" || ::stat(out.path.c_str(), &os) != 0) continue;
      if (os.st_dev == is.st_dev && os.st_ino == is.st_ino) {
        std::string message = out.flag;
        message.append(" ").append(out.path).append(" is the same file as ");
        message.append(in.flag).append(" ").append(in.path);
        message.append(": refusing to overwrite an input");
        return message;
      }
    }
  }
  return std::nullopt;
}

}  // namespace qascrape::cli
