// Side-box markups page-model.md allows, read by structure: each case of
// tests/data/box_markups.json is put into a question page of its site and
// must give exactly the items it lists, with as many "inconsistent"
// warnings as it says.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "charset/charset.h"
#include "extract/extract.h"
#include "write/write.h"

namespace qascrape {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSource = QASCRAPE_SOURCE_DIR;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Host {
  const char* fixture;  // a question page of the site without side boxes
  const char* charset;
  const char* url;
};
Host host_of(const std::string& site) {
  if (site == "120ask")
    return {"120ask/minimal", "utf-8",
            "https://www.120ask.com/question/90000001.htm"};
  if (site == "xywy")
    return {"xywy/gbk-best-answer", "gb18030",
            "https://club.xywy.com/static/20230812/90000001.htm"};
  return {"ask39/no-side-boxes", "utf-8",
          "https://ask.39.net/question/90000001.html"};
}

struct Case {
  std::string name, site, box, html;
  json expect;
  int inconsistent = 0;
};

// gtest prints a failing parameter with this instead of its bytes.
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.site << " " << c.box << ": " << c.name;
}

std::vector<Case> load_cases() {
  const json doc = json::parse(slurp(kSource / "tests/data/box_markups.json"));
  std::vector<Case> out;
  for (const json& c : doc.at("cases")) {
    out.push_back(Case{c.at("name"), c.at("site"), c.at("box"), c.at("html"),
                       c.at("expect"), c.at("inconsistent")});
  }
  return out;
}

class BoxMarkups : public ::testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() {
    auto set = rules::RuleSet::load_dir(kSource / "selectors");
    ASSERT_TRUE(set.ok()) << set.error().message;
    rules_ = new rules::RuleSet(std::move(set.value()));
  }
  static rules::RuleSet* rules_;
};
rules::RuleSet* BoxMarkups::rules_ = nullptr;

TEST_P(BoxMarkups, GivesTheItemsItMust) {
  const Case& c = GetParam();
  const Host host = host_of(c.site);
  const std::string raw =
      slurp(kSource / "fixtures" / host.fixture / "page.html");
  auto decoded = charset::decode_as(raw, host.charset);
  ASSERT_TRUE(decoded.ok());
  std::string page = decoded.value().utf8;
  const std::size_t body_end = page.rfind("</body>");
  ASSERT_NE(body_end, std::string::npos);
  page.insert(body_end, c.html);

  extract::PageInput in;
  in.bytes = page;
  in.url = host.url;
  in.charset_override = "utf-8";
  const extract::Extractor ex(*rules_);
  const json r = json::parse(write::to_json_line(ex.extract(in)));
  EXPECT_EQ(r["site"], c.site);
  EXPECT_EQ(r[c.box], c.expect) << c.name;
  int inconsistent = 0;
  for (const json& w : r["warnings"]) {
    if (w["code"] == "inconsistent") ++inconsistent;
  }
  EXPECT_EQ(inconsistent, c.inconsistent) << r["warnings"].dump();
}

INSTANTIATE_TEST_SUITE_P(Table, BoxMarkups, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return "site_" + info.param.site + "_" +
                                  info.param.box + "_" +
                                  std::to_string(info.index);
                         });

}  // namespace
}  // namespace qascrape
