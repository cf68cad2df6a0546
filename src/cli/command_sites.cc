#include <iostream>

#include "cli/cli.h"
#include "cli/flags.h"
#include "pipeline/pipeline.h"

namespace qascrape::cli {

int run_sites(const std::vector<std::string>& args) {
  const std::string synopsis = "qascrape sites [--selectors DIR]";
  po::options_description opts("Options");
  opts.add_options()("help,h", "show this help")(
      "selectors", po::value<std::string>()->value_name("DIR"), kSelectorsHelp);
  po::variables_map vm;
  bool help = false;
  if (!parse_flags("sites", synopsis, opts, nullptr, args, vm, help))
    return pipeline::kExitUsage;
  if (help) return pipeline::kExitOk;
  std::optional<rules::RuleSet> rules =
      load_rules(flag<std::string>(vm, "selectors"));
  if (!rules) return pipeline::kExitConfig;
  for (const rules::SiteRules& site : rules->sites()) {
    std::cout << site.id << "  " << site.name << "\n  file: " << site.path
              << "\n  hosts:";
    for (const auto& h : site.hosts) {
      std::cout << " " << (h.front() == '.' ? "*" + h + " " + h.substr(1) : h);
    }
    std::cout << "\n  timezone: " << site.utc_offset
              << ", default charset: " << site.default_charset
              << "\n  fields:\n";
    for (const auto& [key, rule] : site.fields) {
      std::cout << "    " << key << (rule.required ? " (required)" : "") << ":";
      for (const auto& sel : rule.select)
        std::cout << " '" << sel.source() << "'";
      std::cout << "\n";
    }
    for (const auto* box :
         {&site.encyclopedia, &site.drugs, &site.recommended_doctors}) {
      if (box->has_value())
        std::cout << "    box: heading '" << (*box)->heading << "'\n";
    }
  }
  return pipeline::kExitOk;
}

}  // namespace qascrape::cli
