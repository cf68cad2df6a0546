#include <algorithm>
#include <fstream>

#include "pipeline/pipeline.h"

namespace qascrape::pipeline {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string short_json(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 160) s = s.substr(0, 157) + "...";
  return s;
}

void diff_into(const json& e, const json& a, const std::string& path,
               std::vector<std::string>& out) {
  if (e.type() != a.type()) {
    out.push_back(path + ": expected " + short_json(e) + ", got " +
                  short_json(a));
    return;
  }
  if (e.is_object()) {
    for (auto it = e.begin(); it != e.end(); ++it) {
      const std::string p = path + "/" + it.key();
      if (!a.contains(it.key())) {
        out.push_back(p + ": missing (expected " + short_json(*it) + ")");
      } else {
        diff_into(*it, a[it.key()], p, out);
      }
    }
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!e.contains(it.key())) {
        out.push_back(path + "/" + it.key() + ": unexpected " +
                      short_json(*it));
      }
    }
    return;
  }
  if (e.is_array()) {
    const std::size_t n = std::min(e.size(), a.size());
    for (std::size_t i = 0; i < n; ++i)
      diff_into(e[i], a[i], path + "/" + std::to_string(i), out);
    if (e.size() != a.size()) {
      out.push_back(path + ": expected " + std::to_string(e.size()) +
                    " items, got " + std::to_string(a.size()));
    }
    return;
  }
  if (e != a)
    out.push_back(path + ": expected " + short_json(e) + ", got " +
                  short_json(a));
}

}  // namespace

std::vector<std::string> json_diff(const json& expected, const json& actual) {
  std::vector<std::string> out;
  diff_into(expected, actual, "", out);
  return out;
}

std::vector<fs::path> fixture_cases(const fs::path& root) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_directory() && fs::is_regular_file(it->path() / "page.html")) {
      out.push_back(it->path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

CaseResult run_case(const fs::path& case_dir, const fs::path& root,
                    const extract::Extractor& extractor, bool update) {
  CaseResult result;
  result.name = fs::relative(case_dir, root).generic_string();
  const SavedInput input = saved_page_folder(case_dir);
  const extract::Record record = parse_saved(input, extractor, ParseOptions{});
  json actual = json::parse(write::to_json_line(record));
  actual.erase("extractor");

  const fs::path expected_file = case_dir / "expected.json";
  if (update) {
    std::ofstream out(expected_file, std::ios::binary | std::ios::trunc);
    out << write::to_json(record).dump(2, ' ', false,
                                       json::error_handler_t::replace)
        << "\n";
    result.passed = static_cast<bool>(out);
    if (!out)
      result.diffs.push_back(expected_file.string() + ": cannot be written");
    return result;
  }
  auto text = read_file(expected_file);
  if (!text) {
    result.missing_expected = true;
    result.diffs.push_back(
        "no expected.json (run `qascrape check --update` to create it)");
    return result;
  }
  json expected = json::parse(*text, nullptr, false);
  if (expected.is_discarded()) {
    result.diffs.push_back(expected_file.string() + ": not valid JSON");
    return result;
  }
  expected.erase("extractor");
  result.diffs = json_diff(expected, actual);
  result.passed = result.diffs.empty();
  return result;
}

}  // namespace qascrape::pipeline
