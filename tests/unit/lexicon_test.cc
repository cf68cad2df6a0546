// The lexicon (selectors/lexicon.json): checked like a selector file, kept
// longest word first, extended per site, and read by normalize.
#include "rules/lexicon.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "normalize/normalize.h"
#include "rules/rules.h"

namespace qascrape::rules {
namespace {

const std::filesystem::path kSource = QASCRAPE_SOURCE_DIR;

std::string bundled() {
  std::ifstream in(kSource / "selectors/lexicon.json", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The bundled file with `from` replaced by `to` (once).
std::string edited(const std::string& from, const std::string& to) {
  std::string s = bundled();
  const std::size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(Lexicon, BundledFileLoadsAndIsWhatTheBuildEmbeds) {
  auto lex = parse_lexicon(bundled(), "lexicon.json");
  ASSERT_TRUE(lex.ok()) << lex.error().message;
  EXPECT_EQ(lex->dosage_forms, builtin_lexicon().dosage_forms);
  EXPECT_EQ(lex->title_ranks, builtin_lexicon().title_ranks);
  // Longest first, whatever the file's order.
  for (const auto* list : {&lex->cut_words, &lex->title_words}) {
    for (std::size_t i = 1; i < list->size(); ++i)
      EXPECT_GE((*list)[i - 1].size(), (*list)[i].size());
  }
  EXPECT_EQ(lex->title_ranks.front().first.size(),
            std::string("副主任医师").size());
}

TEST(Lexicon, BadFilesNameThePlace) {
  struct Case {
    std::string text, want;
  } cases[] = {
      {edited("\"dosage_forms\"", "\"dosage_form\""),
       "unknown key 'dosage_form'"},
      {edited("\"treatments\"", "\"treatment\""),
       "unknown section 'treatment'"},
      {edited("\"chief_physician\"", "\"chief\""),
       "doctors.title_ranks.主任医师"},
      {edited("\"例如\", \"比如\"", "\"例如\", \"例如\""),
       "'例如' is listed twice"},
      {edited("\"例如\", \"比如\"", "\"例如\", \"\""), "non-empty strings"},
      {edited("\"use_verbs\"", "\"$x\": 1, \"use_verbs_\""),
       "unknown key '$x'"},
      {"{\"treatments\": {}, \"doctors\": {}}",
       "treatments.example_words: missing"},
      {"not json", "not valid JSON"},
  };
  for (const Case& c : cases) {
    auto lex = parse_lexicon(c.text, "lexicon.json");
    ASSERT_FALSE(lex.ok()) << c.want;
    EXPECT_EQ(lex.error().code, Errc::kConfig);
    EXPECT_NE(lex.error().message.find("lexicon.json"), std::string::npos);
    EXPECT_NE(lex.error().message.find(c.want), std::string::npos)
        << lex.error().message;
  }
}

const char* kSite = R"({
  "site": "demo", "hosts": ["demo.example"],
  "fields": {"question.title": "h1", "answers": {"select": "div.a", "list": true}},
  "lexicon": {"treatments": {"dosage_forms": ["泡腾片剂型"]},
              "doctors": {"title_ranks": {"主治大夫": "attending_physician"}}}
})";

TEST(Lexicon, ASiteAddsWordsForItselfOnly) {
  auto site = parse_site(kSite, "demo.json");
  ASSERT_TRUE(site.ok()) << site.error().message;
  const Lexicon& lex = *site->lexicon;
  EXPECT_EQ(normalize::title_rank("主治大夫", lex), "attending_physician");
  EXPECT_EQ(normalize::title_rank("主治大夫"), std::nullopt);  // built-in
  const std::string text = "使用维C泡腾片剂型等药物。";
  EXPECT_EQ(normalize::find_treatments(text, {}, lex),
            std::vector<std::string>{"维C泡腾片剂型"});
  // The built-in words are all still there.
  EXPECT_EQ(normalize::title_rank("副主任医师", lex),
            "associate_chief_physician");

  std::string bad = kSite;
  bad.replace(bad.find("dosage_forms"), 12, "dosage_formz");
  auto rejected = parse_site(bad, "demo.json");
  ASSERT_FALSE(rejected.ok());
  EXPECT_NE(rejected.error().message.find("demo.json: lexicon"),
            std::string::npos)
      << rejected.error().message;
}

TEST(Lexicon, RuleSetReadsTheFoldersLexicon) {
  auto set = RuleSet::load_dir(kSource / "selectors");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->by_id("lexicon"), nullptr);  // not a selector file
  ASSERT_NE(set->by_id("ask39"), nullptr);
  EXPECT_EQ(set->by_id("ask39")->lexicon->hospital_words,
            builtin_lexicon().hospital_words);
}

}  // namespace
}  // namespace qascrape::rules
