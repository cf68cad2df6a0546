#include <iostream>

#include "cli/cli.h"
#include "cli/flags.h"
#include "pipeline/pipeline.h"

namespace qascrape::cli {

int run_check(const std::vector<std::string>& args) {
  const std::string synopsis =
      "qascrape check [--selectors DIR] [--fixtures DIR] [--update] [CASE...]\n"
      "  Replays every fixtures/<site>/<case>/page.html (with its "
      "response.json)\n"
      "  against its expected.json and prints a diff per mismatch. CASE limits "
      "the\n"
      "  run to cases whose name (e.g. ask39/seed) starts with it.";
  po::options_description opts("Options");
  opts.add_options()("help,h", "show this help")(
      "selectors", po::value<std::string>()->value_name("DIR"), kSelectorsHelp)(
      "fixtures", po::value<std::string>()->value_name("DIR"),
      "fixture folder (default: fixtures/ beside selectors/)")(
      "update",
      "write each case's expected.json from the current rules instead of "
      "comparing");
  po::variables_map vm;
  bool help = false;
  if (!parse_flags("check", synopsis, opts, "case", args, vm, help))
    return pipeline::kExitUsage;
  if (help) return pipeline::kExitOk;

  const auto selectors = flag<std::string>(vm, "selectors");
  std::optional<rules::RuleSet> rules = load_rules(selectors);
  if (!rules) return pipeline::kExitConfig;
  const std::filesystem::path root =
      flag<std::string>(vm, "fixtures")
          .value_or(
              (selectors_dir(selectors).value().parent_path() / "fixtures")
                  .string());
  if (!std::filesystem::is_directory(root)) {
    std::cerr << "qascrape check: " << root.string()
              << ": no such fixture folder\n";
    return pipeline::kExitUsage;
  }
  const auto filters = flag<std::vector<std::string>>(vm, "case")
                           .value_or(std::vector<std::string>{});
  const bool update = vm.count("update") > 0;
  const extract::Extractor extractor(*rules);
  std::size_t passed = 0, failed = 0;
  for (const auto& dir : pipeline::fixture_cases(root)) {
    const std::string name =
        std::filesystem::relative(dir, root).generic_string();
    if (!filters.empty()) {
      bool wanted = false;
      for (const auto& f : filters) wanted = wanted || name.rfind(f, 0) == 0;
      if (!wanted) continue;
    }
    const pipeline::CaseResult r =
        pipeline::run_case(dir, root, extractor, update);
    if (r.passed) {
      ++passed;
      std::cout << (update ? "updated " : "ok      ") << r.name << "\n";
      continue;
    }
    ++failed;
    std::cout << "FAIL    " << r.name << "\n";
    for (const auto& d : r.diffs) std::cout << "        " << d << "\n";
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  if (passed + failed == 0) {
    std::cerr << "qascrape check: no fixture cases under " << root.string()
              << "\n";
    return pipeline::kExitUsage;
  }
  return failed > 0 ? pipeline::kExitSomeFailed : pipeline::kExitOk;
}

}  // namespace qascrape::cli
