// The db module without a server: record -> rows, RFC 3339 times, the
// --db forms, and the freshness rule in C++ and in SQL agreeing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "db/db.h"
#include "db/freshness.h"
#include "db/rows.h"

namespace qascrape::db {
namespace {

namespace fs = std::filesystem;

std::string seed_line() {
  std::ifstream in(fs::path(QASCRAPE_SOURCE_DIR) /
                   "fixtures/ask39/seed/expected.json");
  std::ostringstream ss;
  ss << in.rdbuf();
  return nlohmann::ordered_json::parse(ss.str()).dump();
}

TEST(DbRows, SeedRecordGivesEveryTablesRows) {
  const std::string line = seed_line();
  auto rows = to_rows(line);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(rows->url, "https://ask.39.net/question/89372614.html");
  EXPECT_EQ(rows->rows[kPages].size(), 1u);
  EXPECT_EQ(rows->rows[kAnswers].size(), 1u);
  EXPECT_EQ(rows->rows[kCauses].size(), 5u);
  EXPECT_EQ(rows->rows[kDrugs].size(), 4u);
  EXPECT_EQ(rows->rows[kRecommendedDoctors].size(), 6u);
  for (std::size_t t = 0; t < kTableCount; ++t)
    for (const Row& r : rows->rows[t])
      EXPECT_EQ(r.size(), tables()[t].columns.size()) << tables()[t].name;
  const Row& page = rows->rows[kPages][0];
  EXPECT_EQ(std::get<std::string>(page.back()), line);  // the whole line
  EXPECT_EQ(std::get<std::string>(page[4]),
            R"(["内科","神经内科","面部肌肉萎缩"])");
  EXPECT_EQ(rows->fetched_at_us, 1795161600LL * 1000000);
  const Row& cause2 = rows->rows[kCauses][1];
  EXPECT_EQ(std::get<long long>(cause2[2]), 2);
  EXPECT_EQ(std::get<std::string>(cause2[5]), R"(["维生素B1","甲钴胺"])");
}

TEST(DbRows, FailureStatusGivesThePagesRowOnly) {
  auto j = nlohmann::ordered_json::parse(seed_line());
  j["status"] = "http_error";
  auto rows = to_rows(j.dump());
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[kPages].size(), 1u);
  EXPECT_EQ(rows->rows[kCauses].size(), 0u);
}

TEST(DbRows, BadLinesSayWhy) {
  auto reason = [](const std::string& line) {
    auto r = to_rows(line);
    return r.ok() ? std::string("ok") : r.error().message;
  };
  EXPECT_EQ(reason("{"), "not JSON");
  EXPECT_EQ(reason("\"x\""), "not a JSON object (a string)");
  EXPECT_EQ(reason(R"({"url":"u"})").rfind("schema_version is missing", 0), 0u);
  EXPECT_EQ(reason(R"({"schema_version":1,"status":"ok"})").rfind("no url", 0),
            0u);
  EXPECT_EQ(
      reason(R"({"schema_version":1,"url":"u","status":"ok","answers":{}})"),
      "answers: expected a list, got object");
  EXPECT_EQ(reason(R"({"schema_version":1,"url":"u","status":"ok","site":7})"),
            "site: expected a string or null, got number");
  EXPECT_EQ(reason(R"({"schema_version":1,"url":"u","status":"ok",)"
                   R"("answers":[{"causes":[{"index":1},{"index":1}]}]})"),
            "answers[0].causes[1].index: 1 twice");
  EXPECT_EQ(reason(R"({"schema_version":1,"url":"u","status":"ok",)"
                   R"("page":{"title":"a\u0000b"}})"),
            "a string holds U+0000, which no database text type stores");
  EXPECT_EQ(reason(R"({"schema_version":1,"url":"u","status":"ok"})"), "ok");
}

TEST(DbRows, Rfc3339Times) {
  EXPECT_EQ(parse_rfc3339_us("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339_us("2024-02-24T20:54:00+08:00"),
            parse_rfc3339_us("2024-02-24T12:54:00Z"));
  EXPECT_EQ(parse_rfc3339_us("2024-02-24T12:54:00.25Z"),
            *parse_rfc3339_us("2024-02-24T12:54:00Z") + 250000);
  EXPECT_EQ(parse_rfc3339_us("1969-12-31T23:59:59Z"), -1000000);
  for (const char* bad :
       {"", "2024-02-24", "2024-13-01T00:00:00Z", "2024-02-24T12:54:00",
        "2024-02-24T12:54:00+8", "2024-02-24T12:54:00Zjunk", "yesterday"})
    EXPECT_FALSE(parse_rfc3339_us(bad).has_value()) << bad;
}

TEST(DbTarget, FormsAndThePasswordNeverShown) {
  auto s = parse_target("sqlite:out/qa.db");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->engine, Target::Engine::kSqlite);
  EXPECT_EQ(s->path, "out/qa.db");
  for (const char* v : {"postgresql://ann:s3cret@db.example:5433/qa",
                        "postgres://ann:s3cret@db.example:5433/qa",
                        "host=db.example port=5433 user=ann password=s3cret "
                        "dbname=qa"}) {
    auto t = parse_target(v);
    ASSERT_TRUE(t.ok()) << v;
    EXPECT_EQ(t->engine, Target::Engine::kPostgres);
    EXPECT_EQ(t->display, "postgresql://ann@db.example:5433/qa") << v;
    EXPECT_EQ(t->password, "s3cret");
  }
  for (const char* bad : {"mysql://x", "qa.db", "sqlite:"}) {
    auto t = parse_target(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.error().code, Errc::kUsage);
  }
  auto broken = parse_target("postgresql://ann:s3cret@[::1/qa");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message.find("s3cret"), std::string::npos);
}

// The C++ rule (SQLite engine) and the SQL rule (PostgreSQL upsert) agree on
// every case, evaluated by SQLite itself.
TEST(DbFreshness, RuleAndItsSqlAgree) {
  EXPECT_TRUE(replaces(5, 5));
  EXPECT_TRUE(replaces(6, 5));
  EXPECT_FALSE(replaces(4, 5));
  EXPECT_TRUE(replaces(4, std::nullopt));
  EXPECT_FALSE(replaces(std::nullopt, 5));
  EXPECT_TRUE(replaces(std::nullopt, std::nullopt));
  const fs::path file =
      fs::temp_directory_path() /
      ("qascrape_fresh_" + std::to_string(::getpid()) + ".db");
  auto target = parse_target("sqlite:" + file.string());
  ASSERT_TRUE(target.ok());
  auto db = open_database(*target);
  ASSERT_TRUE(db.ok()) << db.error().message;
  const std::vector<std::optional<long long>> values = {std::nullopt, 4, 5, 6};
  auto sql = [](std::optional<long long> v) {
    return v ? std::to_string(*v) : std::string("NULL");
  };
  for (auto incoming : values) {
    for (auto stored : values) {
      auto rows =
          (*db)->query("SELECT " + replaces_sql(sql(incoming), sql(stored)));
      ASSERT_TRUE(rows.ok());
      EXPECT_EQ(rows->at(0).at(0), replaces(incoming, stored) ? "1" : "0")
          << sql(incoming) << " over " << sql(stored);
    }
  }
  db->reset();
  for (const char* suffix : {"", "-wal", "-shm"})
    fs::remove(file.string() + suffix);
}

}  // namespace
}  // namespace qascrape::db
