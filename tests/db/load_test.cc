// `qascrape load` on both engines, through the built binary
// (spec/database.md): golden records twice, newer replaces older in every
// table, older kept out, bad lines, concurrent loaders, a killed load, and
// the queries a user runs on the seed page.
#include <signal.h>

#include <map>
#include <thread>

#include "db_test_support.h"

namespace qascrape::testing {
namespace {

std::string line_of(const ojson& record) { return record.dump(); }

// Keeps the first n items of a JSON list.
void keep_first(ojson& list, std::size_t n) {
  while (list.size() > n) list.erase(list.size() - 1);
}

// The same record fetched at another time.
ojson at_time(ojson record, const std::string& fetched_at) {
  record["fetch"]["fetched_at"] = fetched_at;
  return record;
}

std::vector<std::string> golden_lines() {
  std::vector<std::string> out;
  for (const ojson& r : golden_records()) out.push_back(line_of(r));
  return out;
}

bool success(const ojson& r) {
  return r["status"] == "ok" || r["status"] == "partial";
}

// Rows the tables must hold after loading `records` in order into an empty
// database, computed from the JSON (the later of two equal times wins).
std::array<long long, db::kTableCount> expected_counts(
    const std::vector<ojson>& records) {
  std::map<std::string, ojson> winner;
  for (const ojson& r : records) winner[r["url"].get<std::string>()] = r;
  std::array<long long, db::kTableCount> n{};
  for (const auto& [url, r] : winner) {
    ++n[db::kPages];
    if (!success(r)) continue;
    n[db::kAnswers] += static_cast<long long>(r["answers"].size());
    for (const ojson& a : r["answers"])
      n[db::kCauses] += static_cast<long long>(a["causes"].size());
    n[db::kDrugs] += static_cast<long long>(r["drugs"].size());
    n[db::kRecommendedDoctors] +=
        static_cast<long long>(r["recommended_doctors"].size());
  }
  return n;
}

class Load : public EngineTest {
 protected:
  std::array<long long, db::kTableCount> counts() {
    std::array<long long, db::kTableCount> out{};
    for (std::size_t t = 0; t < db::kTableCount; ++t)
      out[t] = count(db::tables()[t].name);
    return out;
  }
  long long rows_of(const std::string& table, const std::string& url) {
    return count(table, "url = '" + url + "'");
  }
};

TEST_P(Load, GoldenRecordsTwiceGiveTheSameRows) {
  const fs::path file = write_lines("golden.jsonl", golden_lines());
  Outcome first = load({file});
  ASSERT_EQ(first.code, 0) << first.err;
  const auto expected = expected_counts(golden_records());
  EXPECT_EQ(counts(), expected);
  EXPECT_GT(expected[db::kCauses], 40);  // the fixtures really have rows
  Outcome second = load({file}, "--batch 3");
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_EQ(counts(), expected);
  // Some records share a URL: the second load replaces every page (same
  // time), once per record.
  const std::string replaced = "loaded 0, replaced " +
                               std::to_string(golden_records().size()) +
                               ", kept out as older 0";
  EXPECT_NE(second.err.find(replaced), std::string::npos) << second.err;
  // The record column is the whole line.
  EXPECT_EQ(one("SELECT count(*) FROM pages WHERE record IS NULL"), "0");
}

TEST_P(Load, NewerCopyReplacesEveryTableOlderCopyIsKeptOut) {
  const ojson seed = seed_record();
  const std::string url = seed["url"];
  ASSERT_EQ(load({write_lines("a.jsonl", {line_of(seed)})}).code, 0);
  EXPECT_EQ(rows_of("causes", url), 5);
  EXPECT_EQ(rows_of("drugs", url), 4);
  EXPECT_EQ(rows_of("recommended_doctors", url), 6);

  // A re-crawl a day later: fewer causes, drugs and doctors on the page.
  ojson newer = at_time(seed, "2026-11-21T08:00:00Z");
  keep_first(newer["answers"][0]["causes"], 2);
  newer["drugs"] = ojson::array({seed["drugs"][0]});
  keep_first(newer["recommended_doctors"], 3);
  newer["answers"][0]["doctor"]["title_rank"] = "chief_physician";
  Outcome o = load({write_lines("newer.jsonl", {line_of(newer)})});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.err.find("loaded 0, replaced 1"), std::string::npos) << o.err;
  EXPECT_EQ(rows_of("pages", url), 1);
  EXPECT_EQ(rows_of("answers", url), 1);
  EXPECT_EQ(rows_of("causes", url), 2);
  EXPECT_EQ(rows_of("drugs", url), 1);
  EXPECT_EQ(rows_of("recommended_doctors", url), 3);
  EXPECT_EQ(one("SELECT title_rank FROM answers WHERE url = '" + url + "'"),
            "chief_physician");

  // The first crawl loaded again afterwards is older: kept out everywhere.
  Outcome older = load({write_lines("older.jsonl", {line_of(seed)})});
  ASSERT_EQ(older.code, 0) << older.err;
  EXPECT_NE(older.err.find("loaded 0, replaced 0, kept out as older 1"),
            std::string::npos)
      << older.err;
  EXPECT_EQ(rows_of("causes", url), 2);
  EXPECT_EQ(rows_of("drugs", url), 1);
  EXPECT_EQ(one("SELECT title_rank FROM answers WHERE url = '" + url + "'"),
            "chief_physician");
}

TEST_P(Load, RecordsWithoutTimeFollowTheRule) {
  ojson timeless = seed_record();
  timeless["fetch"]["fetched_at"] = nullptr;
  const std::string url = timeless["url"];
  ojson two_causes = timeless;
  keep_first(two_causes["answers"][0]["causes"], 2);
  // no time over no time: replaces
  ASSERT_EQ(load({write_lines("a", {line_of(timeless)})}).code, 0);
  ASSERT_EQ(load({write_lines("b", {line_of(two_causes)})}).code, 0);
  EXPECT_EQ(rows_of("causes", url), 2);
  // a time over no time: replaces
  ASSERT_EQ(load({write_lines("c", {line_of(seed_record())})}).code, 0);
  EXPECT_EQ(rows_of("causes", url), 5);
  // no time over a time: kept out
  Outcome o = load({write_lines("d", {line_of(two_causes)})});
  EXPECT_NE(o.err.find("kept out as older 1"), std::string::npos) << o.err;
  EXPECT_EQ(rows_of("causes", url), 5);
}

TEST_P(Load, BadLinesAreNamedSkippedAndTheRestLoads) {
  std::vector<ojson> good = golden_records();
  good.resize(6);
  std::vector<std::string> lines;
  for (const ojson& r : good) lines.push_back(line_of(r));
  ojson wrong_version = seed_record();
  wrong_version["schema_version"] = 2;
  ojson no_url = seed_record();
  no_url["url"] = nullptr;
  ojson wrong_type = seed_record();
  wrong_type["url"] = "https://ask.39.net/question/1.html";
  wrong_type["answers"][0]["causes"][1]["index"] = "two";
  ojson bad_time = seed_record();
  bad_time["url"] = "https://ask.39.net/question/2.html";
  bad_time["fetch"]["fetched_at"] = "yesterday";
  lines.insert(lines.begin() + 2, "{not json");             // line 3
  lines.insert(lines.begin() + 4, "[1, 2]");                // line 5
  lines.insert(lines.begin() + 5, line_of(wrong_version));  // line 6
  lines.insert(lines.begin() + 6, line_of(no_url));         // line 7
  lines.insert(lines.begin() + 7, line_of(wrong_type));     // line 8
  lines.push_back(line_of(bad_time));                       // line 12
  lines.push_back("");                                      // blank: ignored
  const fs::path file = write_lines("bad.jsonl", lines);
  Outcome o = load({file});
  EXPECT_EQ(o.code, 1) << o.err;
  const std::string f = file.string();
  for (const std::string& want :
       {f + ":3: not JSON", f + ":5: not a JSON object",
        f + ":6: schema_version is 2", f + ":7: no url",
        f + ":8: answers[0].causes[1].index: expected an integer",
        f + ":12: fetch.fetched_at: not an RFC 3339 time"}) {
    EXPECT_NE(o.err.find(want), std::string::npos) << want << "\n" << o.err;
  }
  EXPECT_NE(o.err.find("skipped 6"), std::string::npos) << o.err;
  const auto expected = expected_counts(good);  // the six good lines
  for (std::size_t t = 0; t < db::kTableCount; ++t)
    EXPECT_EQ(count(db::tables()[t].name), expected[t]) << db::tables()[t].name;
}

TEST_P(Load, StdinAndSeveralFiles) {
  std::vector<std::string> lines = golden_lines();
  const fs::path a = write_lines(
      "a.jsonl", std::vector<std::string>(lines.begin(), lines.begin() + 10));
  const fs::path b = write_lines(
      "b.jsonl", std::vector<std::string>(lines.begin() + 10, lines.end()));
  Outcome o = run_qascrape(
      "load --db " + sh_quote(db_) + " " + sh_quote(a.string()) + " -", tmp_,
      b.string());
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(counts(), expected_counts(golden_records()));
}

// Three loaders at once on overlapping files: each URL ends with the rows of
// its newest record, whichever loader read it.
TEST_P(Load, ThreeConcurrentLoadersLeaveTheNewestRowsPerUrl) {
  const ojson seed = seed_record();
  constexpr int kUrls = 120;
  // Version v (1..3) of page i: fetched on day v, with v causes and the
  // doctor's name tagged "v<v>".
  auto version = [&](int i, int v) {
    ojson r = at_time(seed, "2026-11-2" + std::to_string(v) + "T08:00:00Z");
    r["url"] =
        "https://ask.39.net/question/" + std::to_string(5000 + i) + ".html";
    keep_first(r["answers"][0]["causes"], static_cast<std::size_t>(v));
    r["answers"][0]["doctor"]["name"] = "v" + std::to_string(v);
    return line_of(r);
  };
  // Loader k reads every page at version k+1, plus (for k < 2) the newest
  // version of every third page, in an order of its own.
  std::vector<fs::path> files;
  std::map<int, int> newest;
  for (int k = 0; k < 3; ++k) {
    std::vector<std::string> lines;
    for (int j = 0; j < kUrls; ++j) {
      const int i = k == 1 ? kUrls - 1 - j : j;
      lines.push_back(version(i, k + 1));
      newest[i] = std::max(newest[i], k + 1);
      if (k < 2 && i % 3 == k) lines.push_back(version(i, 3));
    }
    files.push_back(write_lines("part" + std::to_string(k), lines));
  }
  ASSERT_EQ(load({write_lines("first", {version(0, 1)})}).code, 0);  // schema
  std::vector<pid_t> pids;
  std::vector<fs::path> errs;
  for (int k = 0; k < 3; ++k) {
    errs.push_back(tmp_ / ("err" + std::to_string(k)));
    pids.push_back(start_sh(sh_quote(kBin) + " load --batch 7 --db " +
                            sh_quote(db_) + " " + sh_quote(files[k].string()) +
                            " 2>" + sh_quote(errs[k].string())));
  }
  for (int k = 0; k < 3; ++k)
    EXPECT_EQ(wait_code(pids[k]), 0) << slurp(errs[k]);
  EXPECT_EQ(count("pages"), kUrls);
  EXPECT_EQ(count("answers"), kUrls);
  EXPECT_EQ(count("causes"), 3 * kUrls);  // version 3 everywhere: 3 causes
  EXPECT_EQ(count("answers", "doctor_name <> 'v3'"), 0);
  EXPECT_EQ(count("pages",
                  "fetched_at_us <> (SELECT max(fetched_at_us) FROM "
                  "pages)"),
            0);
  EXPECT_EQ(count("drugs"), 4 * kUrls);
}

// A load killed at any moment leaves every page whole (the old copy or the
// new one in every table); loading again completes it.
TEST_P(Load, KilledLoadLeavesNoHalfPageAndReloadCompletes) {
  const ojson seed = seed_record();
  std::vector<std::string> lines;
  for (int i = 0; i < 3000; ++i) {
    ojson r = seed;
    r["url"] =
        "https://ask.39.net/question/" + std::to_string(7000 + i) + ".html";
    lines.push_back(line_of(r));
  }
  const fs::path file = write_lines("big.jsonl", lines);
  ASSERT_EQ(load({write_lines("first", {lines[0]})}).code, 0);  // schema
  const pid_t pid =
      start_sh("exec " + sh_quote(kBin) + " load --batch 50 --db " +
               sh_quote(db_) + " " + sh_quote(file.string()) + " 2>/dev/null");
  // Killed once some batches are in (or after it ended: the check holds
  // either way).
  for (int i = 0; i < 2000 && count("pages") < 200; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kill(pid, SIGKILL);
  wait_code(pid);
  conn_.reset();
  const long long pages = count("pages");
  EXPECT_GT(pages, 0);
  EXPECT_EQ(count("answers"), pages);
  EXPECT_EQ(count("causes"), 5 * pages);
  EXPECT_EQ(count("drugs"), 4 * pages);
  EXPECT_EQ(count("recommended_doctors"), 6 * pages);
  Outcome again = load({file});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(count("pages"), 3000);
  EXPECT_EQ(count("causes"), 5 * 3000);
}

// What a user asks of the seed page (spec/output.md, "The seed page").
TEST_P(Load, SeedPageQueries) {
  // Golden records first (bad/truncated shares the seed's URL and time),
  // then the seed again: the same time replaces, so the seed's rows win.
  std::vector<std::string> lines = golden_lines();
  lines.push_back(line_of(seed_record()));
  ASSERT_EQ(load({write_lines("all.jsonl", lines)}).code, 0);
  const std::string url = seed_record()["url"];
  const std::string where = " WHERE url = '" + url + "'";
  std::vector<std::string> causes;
  for (const auto& row :
       q("SELECT name FROM causes" + where + " ORDER BY cause_index"))
    causes.push_back(row[0].value_or(""));
  EXPECT_EQ(causes, (std::vector<std::string>{"神经受压", "面神经炎", "外伤",
                                              "感染", "代谢紊乱"}));
  EXPECT_EQ(one("SELECT min(cause_index) || '..' || max(cause_index) FROM "
                "causes" +
                where),
            "1..5");
  auto drugs =
      q("SELECT name, indication FROM drugs" + where + " ORDER BY position");
  ASSERT_EQ(drugs.size(), 4u);
  EXPECT_EQ(drugs.front()[0], "巴氯芬片");
  EXPECT_EQ(drugs.back()[0], "复方片仔癀软膏");
  for (const auto& d : drugs) EXPECT_TRUE(d[1] && !d[1]->empty());
  auto doctors = q("SELECT name, title, hospital FROM recommended_doctors" +
                   where + " ORDER BY position");
  ASSERT_EQ(doctors.size(), 6u);
  EXPECT_EQ(doctors[0][0], "张彩东");
  EXPECT_EQ(doctors[0][1], "副主任医师");
  EXPECT_EQ(doctors[0][2], "济南远大中医脑康医院");
  auto answer =
      q("SELECT doctor_name, doctor_title, title_rank, "
        "hospital_grade FROM answers" +
        where);
  ASSERT_EQ(answer.size(), 1u);
  EXPECT_EQ(answer[0][0], "袁余");
  EXPECT_EQ(answer[0][1], "主治医师");
  EXPECT_EQ(answer[0][2], "attending_physician");
  EXPECT_EQ(answer[0][3], "3A");
  EXPECT_EQ(one("SELECT encyclopedia_name FROM pages" + where), "面部肌肉痉挛");
  // The whole record is there to query as JSON.
  const std::string json_sql =
      pg() ? "SELECT record->'answers'->0->>'answered_at', "
             "jsonb_array_length(record->'encyclopedia'->'possible_diseases'),"
             " record->'page'->'category_path'->>2 FROM pages" +
                 where
           : "SELECT json_extract(record, '$.answers[0].answered_at'), "
             "json_array_length(record, '$.encyclopedia.possible_diseases'), "
             "json_extract(record, '$.page.category_path[2]') FROM pages" +
                 where;
  auto j = q(json_sql);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0][0], "2024-02-24T20:54:00+08:00");
  EXPECT_EQ(j[0][1], "5");
  EXPECT_EQ(j[0][2], "面部肌肉萎缩");
  const std::string contains =
      pg() ? "SELECT count(*) FROM pages WHERE record @> "
             "'{\"encyclopedia\": {\"common_exams\": [\"肌电图\"]}}'"
           : "SELECT count(*) FROM pages, json_each(pages.record, "
             "'$.encyclopedia.common_exams') WHERE json_each.value = '肌电图'";
  EXPECT_EQ(one(contains), "1");
  // Treatments are a JSON list in both engines.
  const std::string treat =
      pg()
          ? "SELECT treatments->>1 FROM causes" + where + " AND cause_index = 2"
          : "SELECT json_extract(treatments, '$[1]') FROM causes" + where +
                " AND cause_index = 2";
  EXPECT_EQ(one(treat), "甲钴胺");
}

TEST_P(Load, NewerLayoutIsRefusedNotTouched) {
  ASSERT_EQ(load({write_lines("a", {line_of(seed_record())})}).code, 0);
  ASSERT_TRUE(conn().query("UPDATE schema_version SET version = 99").ok());
  conn_.reset();
  Outcome o = load({write_lines("b", golden_lines())});
  EXPECT_EQ(o.code, 4) << o.err;
  EXPECT_NE(o.err.find("made by a newer qascrape (table layout 99"),
            std::string::npos)
      << o.err;
  // The library refuses it too, with a layout (config) error.
  auto target = db::parse_target(db_);
  ASSERT_TRUE(target.ok());
  auto refused = db::open_database(*target);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::kConfig);
}

INSTANTIATE_TEST_SUITE_P(Engines, Load, ::testing::Values("sqlite", "postgres"),
                         engine_name);

}  // namespace
}  // namespace qascrape::testing
