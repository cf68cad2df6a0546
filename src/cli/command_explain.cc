#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "cli/flags.h"
#include "extract/explain.h"
#include "pipeline/pipeline.h"

namespace qascrape::cli {

namespace {

namespace fs = std::filesystem;

// The first `limit` bytes of `v`, cut on a character boundary, with "…"
// when cut.
std::string clip(const std::string& v, std::size_t limit = 120) {
  std::size_t cut = std::min(v.size(), limit);
  while (cut < v.size() && cut > 0 &&
         (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80)
    --cut;
  return cut < v.size() ? v.substr(0, cut) + "…" : v;
}

void print_text(const extract::Explanation& e) {
  std::cout << "site " << e.site << "\n";
  for (const extract::FieldExplanation& f : e.fields) {
    std::cout << "\n"
              << f.key << " (" << f.scope << ")"
              << (f.values.empty() ? ": EMPTY" : "") << "\n";
    for (const auto& a : f.alternatives)
      std::cout << "  select '" << a.selector << "': " << a.matches
                << " match(es)\n";
    for (const std::string& n : f.nodes) std::cout << "    " << n << "\n";
    for (const std::string& v : f.values)
      std::cout << "  value: " << clip(v) << "\n";
    for (std::size_t i = 0; i < f.steps.size(); ++i) {
      const bool stop = f.steps[i].matches == 0;
      std::cout << "  step '" << f.steps[i].selector
                << "': " << f.steps[i].matches << " match(es)"
                << (stop ? "  <- matching stops here" : "") << "\n";
    }
    if (!f.near_misses.empty()) {
      std::cout << "  elements of that type there instead:\n";
      for (const std::string& n : f.near_misses)
        std::cout << "    " << n << "\n";
    }
  }
  if (!e.boxes.empty()) std::cout << "\nboxes (found by heading text)\n";
  for (const auto& b : e.boxes) {
    std::cout << "  " << b.box << " '" << b.heading << "': " << b.items
              << " item(s)\n";
    if (b.found_at.empty()) {
      std::cout << "    heading text not found on the page\n";
      continue;
    }
    std::cout << "    heading: " << b.found_at << "\n";
    if (!b.mode.empty()) std::cout << "    items told apart " << b.mode << "\n";
    for (std::size_t i = 0; i < b.item_list.size(); ++i) {
      const auto& item = b.item_list[i];
      std::cout << "    item " << i + 1 << " (" << item.outcome << ")"
                << (item.node.empty() ? "" : ": " + item.node) << "\n";
      for (const auto& [role, text] : item.parts)
        std::cout << "      " << role << ": " << clip(text) << "\n";
    }
    for (const std::string& t : b.leftover)
      std::cout << "    text no item owns: " << clip(t) << "\n";
  }
  for (const auto& w : e.warnings)
    std::cout << "  warning " << w.field << " " << w.code << ": " << w.message
              << "\n";
}

nlohmann::ordered_json to_json(const extract::Explanation& e) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["site"] = e.site;
  j["fields"] = ordered_json::array();
  auto steps = [](const std::vector<extract::StepMatch>& v) {
    ordered_json a = ordered_json::array();
    for (const auto& s : v)
      a.push_back({{"selector", s.selector}, {"matches", s.matches}});
    return a;
  };
  for (const auto& f : e.fields) {
    j["fields"].push_back({{"key", f.key},
                           {"scope", f.scope},
                           {"alternatives", steps(f.alternatives)},
                           {"nodes", f.nodes},
                           {"values", f.values},
                           {"steps", steps(f.steps)},
                           {"near_misses", f.near_misses}});
  }
  j["boxes"] = ordered_json::array();
  for (const auto& b : e.boxes) {
    ordered_json items = ordered_json::array();
    for (const auto& item : b.item_list) {
      ordered_json parts = ordered_json::array();
      for (const auto& [role, text] : item.parts)
        parts.push_back({{"role", role}, {"text", text}});
      items.push_back({{"node", item.node},
                       {"outcome", item.outcome},
                       {"parts", std::move(parts)}});
    }
    j["boxes"].push_back(
        {{"box", b.box},
         {"heading", b.heading},
         {"found_at", b.found_at.empty() ? ordered_json(nullptr)
                                         : ordered_json(b.found_at)},
         {"mode", b.mode},
         {"items", b.items},
         {"item_list", std::move(items)},
         {"leftover", b.leftover}});
  }
  j["warnings"] = ordered_json::array();
  for (const auto& w : e.warnings)
    j["warnings"].push_back(
        {{"field", w.field}, {"code", w.code}, {"message", w.message}});
  return j;
}

}  // namespace

int run_explain(const std::vector<std::string>& args) {
  const std::string synopsis =
      "qascrape explain [--url URL] [--site ID] [--field KEY] [--json] "
      "[--selectors DIR] PAGE\n"
      "  PAGE: an .html file, a folder holding page.html (and "
      "response.json), or a page\n"
      "  store (.warc/.warc.gz file or folder) with --url naming the page.\n"
      "  Shows, per field, its selectors, what each matched, the value taken,"
      " and for\n"
      "  an empty field the step of its selector where matching stops.";
  po::options_description opts("Options");
  opts.add_options()("help,h", "show this help")(
      "url", po::value<std::string>()->value_name("URL"),
      "the page's URL (else response.json's, else its canonical link)")(
      "site", po::value<std::string>()->value_name("ID"),
      "read with this selector file's rules (its id)")(
      "field", po::value<std::string>()->value_name("KEY"),
      "explain only this field key")("json", "print JSON instead of text")(
      "selectors", po::value<std::string>()->value_name("DIR"), kSelectorsHelp);
  po::variables_map vm;
  bool help = false;
  if (!parse_flags("explain", synopsis, opts, "page", args, vm, help))
    return pipeline::kExitUsage;
  if (help) return pipeline::kExitOk;
  const auto pages = flag<std::vector<std::string>>(vm, "page");
  if (!pages || pages->size() != 1) {
    std::cerr << "qascrape explain: give exactly one PAGE\n";
    return pipeline::kExitUsage;
  }
  std::optional<rules::RuleSet> rules =
      load_rules(flag<std::string>(vm, "selectors"));
  if (!rules) return pipeline::kExitConfig;
  const rules::SiteRules* site = nullptr;
  if (auto id = flag<std::string>(vm, "site")) {
    site = rules->by_id(*id);
    if (site == nullptr) {
      std::cerr << "qascrape explain: no selector file has site id '" << *id
                << "' (see `qascrape sites`)\n";
      return pipeline::kExitUsage;
    }
  }
  fs::path page = pages->front();
  std::error_code ec;
  std::string bytes;
  extract::PageInput input;
  std::shared_ptr<const extract::PageInput> stored;  // keeps its bytes
  const std::string name = page.filename().string();
  const bool is_store =
      name.ends_with(".warc") || name.ends_with(".warc.gz") ||
      (fs::is_directory(page, ec) && !fs::exists(page / "page.html", ec));
  if (is_store) {
    const auto url = flag<std::string>(vm, "url");
    if (!url) {
      std::cerr << "qascrape explain: a page store needs --url URL (the "
                   "page to explain)\n";
      return pipeline::kExitUsage;
    }
    auto found = pipeline::stored_page(page, *url);
    if (!found) {
      std::cerr << "qascrape explain: " << found.error().message << "\n";
      return found.error().code == Errc::kNotFound ? pipeline::kExitUsage
                                                   : pipeline::kExitSomeFailed;
    }
    stored = *found;
    input = *stored;
  } else {
    fs::path response;
    if (fs::is_directory(page, ec)) {
      if (fs::exists(page / "response.json")) response = page / "response.json";
      page /= "page.html";
    }
    std::ifstream in(page, std::ios::binary);
    if (!in) {
      std::cerr << "qascrape explain: " << page.string()
                << ": cannot be read\n";
      return pipeline::kExitUsage;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
    input.bytes = bytes;
    if (!response.empty()) {
      if (Status s = pipeline::read_response_json(response, input); !s) {
        std::cerr << "qascrape explain: " << s.error().message << "\n";
        return pipeline::kExitSomeFailed;
      }
    }
    if (auto url = flag<std::string>(vm, "url")) input.url = url;
  }
  auto e = extract::explain(input, *rules, site,
                            flag<std::string>(vm, "field").value_or(""));
  if (!e) {
    std::cerr << "qascrape explain: " << page.string() << ": "
              << e.error().message << "\n";
    return e.error().code == Errc::kUsage ? pipeline::kExitUsage
                                          : pipeline::kExitSomeFailed;
  }
  if (vm.count("json")) {
    std::cout << to_json(*e).dump(2) << "\n";
  } else {
    print_text(*e);
  }
  return pipeline::kExitOk;
}

}  // namespace qascrape::cli
