#include "rules/rules.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace qascrape::rules {
namespace {

const char* kGood = R"({
  "site": "demo", "hosts": ["demo.example", ".sub.example"], "timezone": "+08:00",
  "fields": {
    "question.title": "h1",
    "answers": {"select": ["div.a", "li.a"], "list": true},
    "answer.text": {"select": "p", "take": "lines", "until": "div.end"},
    "answer.doctor.specialties": {"select": "p.sc", "transform": ["strip_label:擅长", "split_list"]}
  },
  "boxes": {"encyclopedia": {"heading": "疾病百科"}, "recommended_doctors": {"heading": "推荐医生"}}
})";

TEST(Rules, ParsesAGoodFile) {
  auto site = parse_site(kGood, "demo.json");
  ASSERT_TRUE(site.ok()) << site.error().message;
  EXPECT_EQ(site->id, "demo");
  ASSERT_NE(site->field("answers"), nullptr);
  EXPECT_EQ(site->field("answers")->select.size(), 2u);
  EXPECT_TRUE(site->field("question.title")->required);  // contract default
  EXPECT_TRUE(site->field("answers")->required);
  EXPECT_FALSE(site->field("answer.doctor.specialties")->required);
  EXPECT_EQ(site->field("answer.doctor.specialties")->transforms.size(), 2u);
  EXPECT_EQ(site->recommended_doctors->anchor, "提问");
  EXPECT_EQ(site->encyclopedia->labels.at("etiology"), "症状起因");
  EXPECT_TRUE(site->matches_host("demo.example"));
  EXPECT_TRUE(site->matches_host("a.sub.example"));
  EXPECT_TRUE(site->matches_host("sub.example"));
  EXPECT_FALSE(site->matches_host("xdemo.example"));
  EXPECT_EQ(site->sha256.size(), 64u);
}

struct BadCase {
  const char* json;
  const char* message_part;  // the error must name the place
};

TEST(Rules, BadFilesNameThePlace) {
  const BadCase cases[] = {
      {"{", "not valid JSON at line 1"},
      // Found by fuzz/fuzz_rules: nlohmann throws out_of_range, not
      // parse_error.
      {R"({"site":66792140173563220e333333333300000})", "not valid JSON: "},
      {"[]", "must be a JSON object"},
      {R"({"site":"x","fields":{},"colour":1})", "unknown key 'colour'"},
      {R"({"site":"x"})", "missing 'fields'"},
      {R"({"site":"x","fields":{"question.titel":"h1"}})",
       "unknown field 'question.titel'"},
      {R"({"site":"x","fields":{"question.title":"h1[class"}})",
       "fields.question.title: bad selector 'h1[class'"},
      {R"({"site":"x","fields":{"question.title":{"select":"h1","take":"txt"}}})",
       "unknown take 'txt'"},
      {R"({"site":"x","fields":{"question.title":{"select":"h1","transform":["strip_lable:x"]}}})",
       "fields.question.title.transform[0]: unknown transform 'strip_lable'"},
      {R"({"site":"x","fields":{"question.title":{"select":"h1","transform":["strip_label"]}}})",
       "needs an argument"},
      {R"({"site":"x","fields":{"question.title":{"select":"h1","until":"p"}}})",
       "only goes with take: lines"},
      {R"({"site":"x","timezone":"8","fields":{}})", "not a UTC offset"},
      {R"({"site":"a b","fields":{}})", "may hold only letters"},
      {R"({"site":"x","fields":{},"boxes":{"drug":{"heading":"x"}}})",
       "unknown key 'drug'"},
      {R"({"site":"x","fields":{},"boxes":{"drugs":{}}})", "missing 'heading'"},
      {R"({"site":"x","fields":{},"health":{"fields":{"answers":2}}})",
       "fraction from 0 to 1"},
      {R"({"site":"x","hosts":[],"fields":{}})",
       "hosts: must list at least one host"},
      {R"({"site":"x","hosts":["https://ask.39.net/"],"fields":{}})",
       "hosts: 'https://ask.39.net/' is not a host name"},
      {R"({"site":"x","hosts":["ask.39.net/question"],"fields":{}})",
       "is not a host name"},
      {R"({"site":"x","hosts":["ask.39.net:8080"],"fields":{}})",
       "is not a host name"},
      {R"({"site":"x","default_charset":"klingon","fields":{}})",
       "default_charset: 'klingon' is not a charset label"},
  };
  for (const auto& c : cases) {
    auto site = parse_site(c.json, "bad.json");
    ASSERT_FALSE(site.ok()) << c.json;
    EXPECT_EQ(site.error().code, Errc::kConfig);
    EXPECT_NE(site.error().message.find(c.message_part), std::string::npos)
        << "got: " << site.error().message;
    EXPECT_EQ(site.error().message.rfind("bad.json: ", 0), 0u)
        << site.error().message;
  }
}

TEST(Rules, SelectorErrorCarriesTheColumn) {
  auto site =
      parse_site(R"({"site":"x","fields":{"answers":"div > > p"}})", "f.json");
  ASSERT_FALSE(site.ok());
  EXPECT_NE(site.error().message.find("column"), std::string::npos)
      << site.error().message;
}

TEST(RuleSet, BundledSelectorFilesLoadAndMatchHosts) {
  auto set = RuleSet::load_dir(std::string(QASCRAPE_SOURCE_DIR) + "/selectors");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->for_url("https://ask.39.net/question/1.html")->id, "ask39");
  EXPECT_EQ(set->for_url("http://www.120ask.com/question/2.htm")->id, "120ask");
  EXPECT_EQ(set->for_url("HTTP://Club.XYWY.com:80/static/20240101/3.htm")->id,
            "xywy");
  EXPECT_EQ(set->for_url("https://example.com/"), nullptr);
  EXPECT_EQ(url_host("https://user@Host.Example.:8080/x?y"), "host.example");
  // None of the bundled files reads inside <script> or <style>.
  EXPECT_FALSE(set->keeps_raw_text());
}

TEST(Rules, SelectorsNamingScriptOrStyleKeepTheirText) {
  for (const char* yes :
       {"script", "head > script[type='application/ld+json']", "STYLE",
        "div:has(script)", "p:not(style)", "a, script ~ b"})
    EXPECT_TRUE(names_raw_text_tag(yes)) << yes;
  for (const char* no :
       {"div.script", "#style", "[type=script]", "div[style*=none]",
        "p:contains('script')", "p.style-x", "div.sub span", "*"})
    EXPECT_FALSE(names_raw_text_tag(no)) << no;

  auto jsonld = parse_site(
      R"({"site":"x","fields":{"answers":"div.a",)"
      R"("question.title":{"select":["h1","script[type='application/ld+json']"]}}})",
      "x.json");
  ASSERT_TRUE(jsonld.ok()) << jsonld.error().message;
  EXPECT_TRUE(jsonld->keeps_raw_text);
  auto plain = parse_site(
      R"({"site":"y","fields":{"answers":"div.a","question.title":"h1"}})",
      "y.json");
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_FALSE(plain->keeps_raw_text);
  std::vector<SiteRules> sites;
  sites.push_back(*plain);
  EXPECT_FALSE(RuleSet(sites).keeps_raw_text());
  sites.push_back(*jsonld);
  EXPECT_TRUE(RuleSet(sites).keeps_raw_text());
}

// Two selector files claiming one host: which rules read its pages would
// depend on file names, so the folder is refused, naming both files.
TEST(RuleSet, TwoFilesClaimingOneHostAreRefused) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("qascrape_rules_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write = [&](const char* name, const char* text) {
    std::ofstream(dir / name) << text;
  };
  write("a.json", R"({"site":"a","hosts":["ask.39.net"],"fields":{}})");
  write("b.json",
        R"({"site":"b","hosts":["other.example","ASK.39.net"],"fields":{}})");
  auto set = RuleSet::load_dir(dir);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, Errc::kConfig);
  EXPECT_NE(set.error().message.find("b.json: hosts: 'ask.39.net' is already "
                                     "claimed by "),
            std::string::npos)
      << set.error().message;
  EXPECT_NE(set.error().message.find("a.json"), std::string::npos);
  write("b.json", R"({"site":"b","hosts":["other.example"],"fields":{}})");
  EXPECT_TRUE(RuleSet::load_dir(dir).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace qascrape::rules
