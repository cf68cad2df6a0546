// The SQL of the README's "Into a database" section, run as written on both
// engines over the golden records, so the documented queries stay true.
#include <map>
#include <set>

#include "db_test_support.h"

namespace qascrape::testing {
namespace {

struct Snippet {
  std::string name;    // its first line, without "-- "
  std::string engine;  // "sqlite", "postgresql" or "" (both)
  std::string sql;
};

// Every ```sql block of the section, in order.
std::vector<Snippet> readme_snippets() {
  const std::string readme = slurp(kSource / "README.md");
  const std::size_t start = readme.find("\n## Into a database\n");
  if (start == std::string::npos) return {};
  const std::size_t end = readme.find("\n## ", start + 1);
  const std::string section = readme.substr(start, end - start);
  std::vector<Snippet> out;
  for (std::size_t at = section.find("```sql\n"); at != std::string::npos;
       at = section.find("```sql\n", at)) {
    at += 7;
    const std::size_t close = section.find("```", at);
    Snippet s;
    s.sql = section.substr(at, close - at);
    const std::string first = s.sql.substr(0, s.sql.find('\n'));
    s.name = first.rfind("-- ", 0) == 0 ? first.substr(3) : first;
    for (const char* engine : {"sqlite", "postgresql"}) {
      const std::string prefix = std::string(engine) + ": ";
      if (s.name.rfind(prefix, 0) == 0) {
        s.engine = engine;
        s.name = s.name.substr(prefix.size());
      }
    }
    out.push_back(std::move(s));
    at = close + 3;
  }
  return out;
}

using Rows = db::QueryRows;
std::string cell(const Rows& rows, std::size_t r, std::size_t c) {
  if (r >= rows.size() || c >= rows[r].size() || !rows[r][c]) return "NULL";
  return *rows[r][c];
}

class ReadmeQueries : public EngineTest {};

TEST_P(ReadmeQueries, EveryQueryRunsAndSaysWhatTheFixturesHold) {
  std::vector<std::string> lines;
  for (const ojson& r : golden_records(true)) lines.push_back(r.dump());
  lines.push_back(seed_record().dump());  // bad/truncated shares its URL
  ASSERT_EQ(load({write_lines("all.jsonl", lines)}).code, 0);
  const std::vector<Snippet> snippets = readme_snippets();
  ASSERT_EQ(snippets.size(), 5u) << "the README's SQL blocks changed";
  std::set<std::string> checked;
  for (const Snippet& s : snippets) {
    if (!s.engine.empty() && s.engine != (pg() ? "postgresql" : "sqlite"))
      continue;
    SCOPED_TRACE(s.name);
    const Rows rows = q(s.sql);
    if (s.name == "doctors by title rank and hospital grade") {
      ASSERT_GE(rows.size(), 2u);
      EXPECT_EQ(cell(rows, 0, 0) + " " + cell(rows, 0, 1) + " " +
                    cell(rows, 0, 2) + " " + cell(rows, 0, 3),
                "attending_physician 3A 3 5");
      EXPECT_EQ(cell(rows, 1, 0) + " " + cell(rows, 1, 1) + " " +
                    cell(rows, 1, 2) + " " + cell(rows, 1, 3),
                "chief_physician 3A 3 4");
    } else if (s.name == "the most common causes across pages") {
      EXPECT_EQ(rows.size(), 10u);
      std::set<std::string> on_two;
      for (std::size_t r = 0; r < rows.size(); ++r)
        if (cell(rows, r, 1) == "2") on_two.insert(cell(rows, r, 0));
      EXPECT_EQ(on_two,
                (std::set<std::string>{"丛集性头痛", "偏头痛", "睡眠不足",
                                       "紧张性头痛", "药物过度使用性头痛",
                                       "颈源性头痛", "高血压", "鼻窦炎"}));
      EXPECT_EQ(cell(rows, 8, 1), "1");  // ordered by pages, most first
    } else if (s.name == "the drugs mentioned per disease") {
      std::map<std::string, std::vector<std::string>> by_disease;
      for (std::size_t r = 0; r < rows.size(); ++r)
        by_disease[cell(rows, r, 0)].push_back(cell(rows, r, 2));
      EXPECT_EQ(
          by_disease["失眠"],
          (std::vector<std::string>{"右佐匹克隆片", "艾司唑仑片", "乌灵胶囊"}));
      ASSERT_EQ(by_disease["面部肌肉痉挛"].size(), 4u);
      EXPECT_EQ(by_disease["面部肌肉痉挛"].front(), "巴氯芬片");
      EXPECT_EQ(by_disease["面部肌肉痉挛"].back(), "复方片仔癀软膏");
      EXPECT_EQ(by_disease.size(), 2u);
    } else if (s.name == "pages whose encyclopedia box lists an exam") {
      ASSERT_EQ(rows.size(), 1u);
      EXPECT_EQ(cell(rows, 0, 0), seed_record()["url"]);
      EXPECT_EQ(cell(rows, 0, 1), "面部肌肉痉挛");
    } else {
      ADD_FAILURE() << "a README query this test does not know: " << s.name;
    }
    checked.insert(s.name);
  }
  EXPECT_EQ(checked.size(), 4u);
}

INSTANTIATE_TEST_SUITE_P(Engines, ReadmeQueries,
                         ::testing::Values("sqlite", "postgres"), engine_name);

}  // namespace
}  // namespace qascrape::testing
