// Runs the built qascrape binary as a user would and checks exit codes,
// stdout and stderr (spec/cli.md).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "../support/template_drift.h"

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string out, err;
};

const std::string kBin = QASCRAPE_BINARY;
const fs::path kSource = QASCRAPE_SOURCE_DIR;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs `qascrape ARGS` through the shell, stdout and stderr to temp files.
Outcome run(const std::string& args,
            const std::string& stdin_file = "/dev/null") {
  const fs::path dir = fs::temp_directory_path() /
                       ("qascrape_e2e_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string cmd = kBin + " " + args + " <" + stdin_file + " >" +
                          (dir / "out").string() + " 2>" +
                          (dir / "err").string();
  const int status = std::system(cmd.c_str());
  Outcome r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  fs::remove_all(dir);
  return r;
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = fs::temp_directory_path() /
           ("qascrape_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(tmp_);
    fs::create_directories(tmp_);
  }
  void TearDown() override { fs::remove_all(tmp_); }
  fs::path tmp_;
};

TEST_F(Cli, VersionAndHelp) {
  Outcome v = run("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_EQ(v.out.rfind("qascrape ", 0), 0u);
  for (const char* cmd :
       {"parse", "check", "sites", "crawl", "explain", "load"}) {
    Outcome h = run(std::string(cmd) + " --help");
    EXPECT_EQ(h.code, 0) << cmd;
    EXPECT_NE(h.out.find("Exit codes"), std::string::npos) << cmd;
    // `qascrape help CMD` is the same text.
    Outcome same = run(std::string("help ") + cmd);
    EXPECT_EQ(same.code, 0) << cmd;
    EXPECT_EQ(same.out, h.out) << cmd;
    // Values are named (FILE, N, DIR, ...), never Boost's "arg".
    EXPECT_EQ(h.out.find(" arg "), std::string::npos) << h.out;
  }
  // Each command lists the codes it can return, not the others'.
  const std::string crawl = run("crawl --help").out;
  const std::string sites = run("sites --help").out;
  const std::string load = run("load --help").out;
  EXPECT_NE(crawl.find("\n  130  interrupted"), std::string::npos) << crawl;
  EXPECT_NE(crawl.find("\n  5    selector health"), std::string::npos);
  EXPECT_EQ(sites.find("\n  5 "), std::string::npos) << sites;
  EXPECT_EQ(sites.find("\n  130"), std::string::npos) << sites;
  EXPECT_NE(load.find("\n  1    some lines were skipped"), std::string::npos)
      << load;
  EXPECT_EQ(load.find("\n  130"), std::string::npos) << load;
  // The top-level help lists every command and which command each code
  // belongs to.
  Outcome top = run("--help");
  EXPECT_EQ(top.code, 0);
  for (const char* cmd :
       {"crawl", "parse", "check", "sites", "explain", "load"})
    EXPECT_NE(top.out.find(std::string("\n  ") + cmd + " "), std::string::npos)
        << cmd;
  EXPECT_NE(
      top.out.find("130  interrupted (output flushed, resumable) [crawl]"),
      std::string::npos)
      << top.out;
  EXPECT_EQ(run("help frobnicate").code, 2);
}

// A crawl of public sites without --user-agent is told to name a contact;
// one with it, or a loopback/test crawl (--allow-private), is not.
TEST_F(Cli, CrawlWithoutAUserAgentIsWarnedToNameAContact) {
  std::ofstream(tmp_ / "empty.txt") << "# nothing to fetch\n";
  const std::string base = "crawl --urls " + (tmp_ / "empty.txt").string() +
                           " -o " + (tmp_ / "o.jsonl").string();
  Outcome r = run(base);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: no --user-agent given; sites see "
                       "\"qascrape/"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("(no contact given; set one with --user-agent)"),
            std::string::npos)
      << r.err;
  r = run(base + " --user-agent 'qabot/1.0 (+mailto:ops@example.org)'");
  EXPECT_EQ(r.err.find("--user-agent given"), std::string::npos) << r.err;
  r = run(base + " --allow-private");
  EXPECT_EQ(r.err.find("--user-agent given"), std::string::npos) << r.err;
}

// --log-file takes the log (appended, each line timed); stderr stays empty.
TEST_F(Cli, LogFileIsAppendedWithTimedLines) {
  std::ofstream(tmp_ / "empty.txt") << "# nothing to fetch\n";
  const std::string cmd = "crawl --allow-private --urls " +
                          (tmp_ / "empty.txt").string() + " -o " +
                          (tmp_ / "o.jsonl").string() + " --log-file " +
                          (tmp_ / "run.log").string();
  for (int i = 0; i < 2; ++i) {
    Outcome r = run(cmd);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
  }
  const std::string log = slurp(tmp_ / "run.log");
  std::istringstream lines(log);
  int settings = 0, total = 0;
  for (std::string line; std::getline(lines, line); ++total) {
    EXPECT_TRUE(std::regex_search(
        line,
        std::regex(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ qascrape crawl: )")))
        << line;
    settings += line.find("qascrape crawl: settings: ") != std::string::npos;
  }
  EXPECT_EQ(settings, 2) << log;  // appended, not overwritten
  EXPECT_GT(total, 2);
  Outcome bad = run("crawl --urls " + (tmp_ / "empty.txt").string() +
                    " --log-file /nonexistent/dir/run.log");
  EXPECT_EQ(bad.code, 4) << bad.err;
  EXPECT_NE(bad.err.find("cannot be opened for writing"), std::string::npos);
}

// -q leaves out the settings line and the summary; -q with -v is a usage
// error.
TEST_F(Cli, QuietCrawlLogsOnlyWhatMatters) {
  std::ofstream(tmp_ / "empty.txt") << "# nothing to fetch\n";
  const std::string cmd = "crawl --allow-private --urls " +
                          (tmp_ / "empty.txt").string() + " -o " +
                          (tmp_ / "o.jsonl").string();
  Outcome loud = run(cmd);
  EXPECT_NE(loud.err.find("settings: "), std::string::npos) << loud.err;
  EXPECT_NE(loud.err.find("record(s)"), std::string::npos) << loud.err;
  Outcome quiet = run(cmd + " -q");
  EXPECT_EQ(quiet.code, 0) << quiet.err;
  EXPECT_EQ(quiet.err.find("settings: "), std::string::npos) << quiet.err;
  EXPECT_EQ(quiet.err.find("record(s)"), std::string::npos) << quiet.err;
  EXPECT_EQ(run(cmd + " -q -v").code, 2);
}

TEST_F(Cli, UsageErrorsExit2) {
  // Sizes as curl takes them; anything else is a usage error.
  std::ofstream(tmp_ / "empty.txt") << "# nothing to fetch\n";
  const std::string list = (tmp_ / "empty.txt").string();
  Outcome size = run("crawl --urls " + list + " --max-bytes 10X -o " +
                     (tmp_ / "a.jsonl").string());
  EXPECT_EQ(size.code, 2) << size.err;
  EXPECT_NE(size.err.find("--max-bytes takes a size"), std::string::npos)
      << size.err;
  EXPECT_FALSE(fs::exists(tmp_ / "a.jsonl"));
  Outcome tiny = run("crawl --urls " + list + " --timeout 0.0004 -o " +
                     (tmp_ / "a.jsonl").string());
  EXPECT_EQ(tiny.code, 2);
  EXPECT_NE(tiny.err.find("--timeout must be from 0.001"), std::string::npos)
      << tiny.err;
  Outcome over = run("crawl --urls " + list + " --max-bytes 1G -o " +
                     (tmp_ / "a.jsonl").string());
  EXPECT_EQ(over.code, 2);
  EXPECT_NE(over.err.find("the most a page store record holds"),
            std::string::npos)
      << over.err;
  EXPECT_EQ(run("crawl --urls " + list + " --max-bytes 10M -o " +
                (tmp_ / "b.jsonl").string())
                .code,
            0);
  EXPECT_EQ(run("").code, 2);
  EXPECT_EQ(run("frobnicate").code, 2);
  EXPECT_EQ(run("parse").code, 2);
  Outcome bad_flag = run("parse --no-such-flag x");
  EXPECT_EQ(bad_flag.code, 2);
  EXPECT_NE(bad_flag.err.find("no-such-flag"), std::string::npos);
  EXPECT_EQ(run("parse /no/such/file.html").code, 2);
  EXPECT_EQ(run("parse --site nosuchsite " +
                (kSource / "fixtures/ask39/seed").string())
                .code,
            2);
}

TEST_F(Cli, ParseSeedToStdoutIsOneValidRecord) {
  Outcome r = run("parse " + (kSource / "fixtures/ask39/seed").string());
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_FALSE(r.out.empty());
  EXPECT_EQ(r.out.back(), '\n');
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1);
  const auto rec = nlohmann::json::parse(r.out);
  EXPECT_EQ(rec["status"], "ok");
  EXPECT_EQ(rec["answers"][0]["doctor"]["name"], "袁余");
  // Keys come out in the contract's order.
  std::vector<std::string> keys;
  const auto ordered = nlohmann::ordered_json::parse(r.out);
  for (auto it = ordered.begin(); it != ordered.end(); ++it)
    keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "schema_version", "url", "final_url", "status", "site",
                      "fetch", "page", "question", "answers", "encyclopedia",
                      "drugs", "recommended_doctors", "warnings", "error",
                      "extractor", "input_line"}));
}

TEST_F(Cli, ParseStdinWithUrlAndSite) {
  const std::string page = (kSource / "fixtures/ask39/seed/page.html").string();
  Outcome with_url =
      run("parse --url https://ask.39.net/question/1.html -", page);
  ASSERT_EQ(with_url.code, 0) << with_url.err;
  auto rec = nlohmann::json::parse(with_url.out);
  EXPECT_EQ(rec["url"], "https://ask.39.net/question/1.html");
  EXPECT_TRUE(rec["fetch"]["fetched_at"].is_null());  // no stored response
  EXPECT_TRUE(rec["fetch"]["http_status"].is_null());
  EXPECT_EQ(rec["fetch"]["sha256"].get<std::string>().size(), 64u);
  // Without --url the canonical link names the page and picks the site.
  Outcome canonical = run("parse -", page);
  EXPECT_EQ(nlohmann::json::parse(canonical.out)["site"], "ask39");
  // A mirror on another host reads with --site.
  Outcome mirror =
      run("parse --site ask39 --url http://127.0.0.1:8080/q.html -", page);
  EXPECT_EQ(nlohmann::json::parse(mirror.out)["status"], "ok");
  // The URL's host wins over the canonical link, which is only a fallback...
  Outcome other_host = run("parse --url https://example.org/q.html -", page);
  EXPECT_EQ(nlohmann::json::parse(other_host.out)["site"], "ask39");
  // ...and a page with neither a known host nor a canonical link is
  // unsupported.
  std::ofstream(tmp_ / "plain.html")
      << "<html><title>x</title><p>hello</p></html>";
  Outcome unknown = run("parse --url https://example.org/q.html -",
                        (tmp_ / "plain.html").string());
  EXPECT_EQ(unknown.code, 1);
  EXPECT_EQ(nlohmann::json::parse(unknown.out)["status"], "unsupported_site");
}

TEST_F(Cli, ParseFolderGivesOneLinePerPageAndExit1OnFailures) {
  const fs::path out = tmp_ / "records.jsonl";
  Outcome r =
      run("parse -o " + out.string() + " " + (kSource / "fixtures").string());
  EXPECT_EQ(r.code, 1) << r.err;  // the verification and garbage pages fail
  EXPECT_TRUE(r.out.empty());
  const std::string text = slurp(out);
  std::size_t lines = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    ++lines;
    EXPECT_TRUE(nlohmann::json::accept(line)) << line.substr(0, 200);
  }
  std::size_t cases = 0;
  for (auto& e : fs::recursive_directory_iterator(kSource / "fixtures")) {
    cases += e.path().filename() == "page.html";
  }
  EXPECT_EQ(lines, cases);
  // -o naming a folder writes records.jsonl inside it.
  Outcome folder = run("parse -o " + tmp_.string() + " " +
                       (kSource / "fixtures/ask39/seed").string());
  EXPECT_EQ(folder.code, 0);
  const std::string rewritten =
      slurp(out);  // parse starts its output file anew
  EXPECT_EQ(std::count(rewritten.begin(), rewritten.end(), '\n'), 1);
}

TEST_F(Cli, UnwritableOutputExits4) {
  Outcome r = run("parse -o /proc/no/such/dir/out.jsonl " +
                  (kSource / "fixtures/ask39/seed").string());
  EXPECT_EQ(r.code, 4);
}

TEST_F(Cli, BadSelectorFileExits3WithThePlace) {
  fs::copy(kSource / "selectors", tmp_ / "sel");
  std::string text = slurp(tmp_ / "sel/ask39.json");
  text.replace(text.find("span.doc_name"), 13, "span.doc_name[");
  std::ofstream(tmp_ / "sel/ask39.json") << text;
  Outcome r = run("parse --selectors " + (tmp_ / "sel").string() + " " +
                  (kSource / "fixtures/ask39/seed").string());
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("ask39.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("answer.doctor.name"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("column"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

// The selector-file checks the README promises, through the binary: each is
// exit 3 naming the file and the place; a bad --charset is a usage error.
TEST_F(Cli, SelectorFileChecksExit3NamingThePlace) {
  const std::string seed = (kSource / "fixtures/ask39/seed").string();
  struct Case {
    const char* from;
    const char* to;
    const char* message;
  };
  const Case cases[] = {
      {"\"hosts\": [\"ask.39.net\"]", "\"hosts\": []",
       "ask39.json: hosts: must list at least one host"},
      {"\"hosts\": [\"ask.39.net\"]", "\"hosts\": [\"https://ask.39.net/\"]",
       "ask39.json: hosts: 'https://ask.39.net/' is not a host name"},
      {"\"hosts\": [\"ask.39.net\"]",
       "\"hosts\": [\"ask.39.net\", \".120ask.com\"]",
       "hosts: '.120ask.com' is already claimed by"},
      {"\"default_charset\": \"gb18030\"", "\"default_charset\": \"klingon\"",
       "ask39.json: default_charset: 'klingon' is not a charset label"},
  };
  for (const Case& c : cases) {
    fs::remove_all(tmp_ / "sel");
    fs::copy(kSource / "selectors", tmp_ / "sel");
    std::string text = slurp(tmp_ / "sel/ask39.json");
    const auto at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, std::strlen(c.from), c.to);
    std::ofstream(tmp_ / "sel/ask39.json", std::ios::trunc) << text;
    Outcome r =
        run("parse --selectors " + (tmp_ / "sel").string() + " " + seed);
    EXPECT_EQ(r.code, 3) << c.message << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
  }
  Outcome r = run("parse --charset klingon " + seed);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("--charset klingon: not a charset label"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(Cli, LexiconTypoExits3AndAWordAddedChangesTheRecord) {
  fs::copy(kSource / "selectors", tmp_ / "sel");
  const std::string good = slurp(tmp_ / "sel/lexicon.json");
  std::string text = good;
  text.replace(text.find("\"dosage_forms\""), 14, "\"dosage_form\"");
  std::ofstream(tmp_ / "sel/lexicon.json") << text;
  const std::string seed = (kSource / "fixtures/ask39/seed").string();
  Outcome r = run("parse --selectors " + (tmp_ / "sel").string() + " " + seed);
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("lexicon.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dosage_form'"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());

  // The folder's lexicon is what parse reads: without 主治医师 among the
  // ranks the seed's 主治医师 falls back to the 医师 it contains.
  text = good;
  text.replace(text.find("\"主治医师\": \"attending_physician\","), 38, "");
  std::ofstream(tmp_ / "sel/lexicon.json", std::ios::trunc) << text;
  r = run("parse --selectors " + (tmp_ / "sel").string() + " " + seed);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto rec = nlohmann::json::parse(r.out);
  EXPECT_EQ(rec["answers"][0]["doctor"]["title"], "主治医师");
  EXPECT_EQ(rec["answers"][0]["doctor"]["title_rank"], "physician");
}

TEST_F(Cli, CheckPassesOnTheBundledFixturesAndShowsADiffOnARuleChange) {
  Outcome ok = run("check");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find(" passed, 0 failed"), std::string::npos) << ok.out;
  // Editing a selector file (no recompiling) shows up as a diff.
  fs::copy(kSource / "selectors", tmp_ / "sel");
  std::string text = slurp(tmp_ / "sel/ask39.json");
  text.replace(text.find("\"div.doctor_all span.doc_name\""), 30,
               "\"div.doctor_all span.doc_yshi\"");
  std::ofstream(tmp_ / "sel/ask39.json") << text;
  Outcome changed =
      run("check --selectors " + (tmp_ / "sel").string() + " --fixtures " +
          (kSource / "fixtures").string() + " ask39/seed");
  EXPECT_EQ(changed.code, 1);
  EXPECT_NE(changed.out.find("FAIL    ask39/seed"), std::string::npos)
      << changed.out;
  EXPECT_NE(changed.out.find(
                "/answers/0/doctor/name: expected \"袁余\", got \"主治医师\""),
            std::string::npos)
      << changed.out;
}

TEST_F(Cli, SitesListsEveryFile) {
  Outcome r = run("sites");
  EXPECT_EQ(r.code, 0);
  for (const char* id :
       {"ask39", "120ask", "xywy", "ask.39.net", "club.xywy.com"}) {
    EXPECT_NE(r.out.find(id), std::string::npos) << id;
  }
}

// Issue 9's case: the site renames a class on its pages (span.doc_name ->
// span.doctor-name); ten such saved pages are enough evidence.
TEST_F(Cli, TenPagesOfAChangedTemplateExit5NamingFieldAndSelector) {
  std::string page = slurp(kSource / "fixtures/ask39/seed/page.html");
  const std::string changed_page =
      qascrape::testing::with_doc_name_renamed(page);
  for (const bool changed : {false, true}) {
    const fs::path dir = tmp_ / (changed ? "changed" : "same");
    for (int i = 0; i < 10; ++i) {
      const fs::path c = dir / std::to_string(i);
      fs::create_directories(c);
      std::ofstream(c / "page.html") << (changed ? changed_page : page);
      std::ofstream(c / "response.json")
          << "{\"url\": \"https://ask.39.net/question/" << 93100000 + i
          << ".html\", \"http_status\": 200}";
    }
    const fs::path stats_file = tmp_ / (changed ? "s1.json" : "s0.json");
    Outcome r = run("parse --stats " + stats_file.string() + " -o " +
                    (tmp_ / "o.jsonl").string() + " " + dir.string());
    // The same verdict in the --stats file.
    const auto stats = nlohmann::json::parse(slurp(stats_file));
    EXPECT_EQ(stats["records"], 10);
    EXPECT_EQ(stats["health_verdict"], changed ? "alarm" : "ok");
    EXPECT_FALSE(stats["coverage"].empty());
    if (!changed) {
      EXPECT_EQ(r.code, 0) << r.err;
      EXPECT_EQ(r.err.find("selector health"), std::string::npos) << r.err;
      EXPECT_TRUE(stats["health"].empty());
      continue;
    }
    ASSERT_EQ(stats["health"].size(), 1u) << stats.dump(2);
    EXPECT_EQ(stats["health"][0]["field"], "answer.doctor.name");
    EXPECT_EQ(stats["health"][0]["selectors"],
              "'div.doctor_all span.doc_name'");
    EXPECT_EQ(r.code, 5) << r.err;
    EXPECT_NE(r.err.find("site ask39: field answer.doctor.name filled on 0 "
                         "of 10 question pages, expected >= 80%"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("'div.doctor_all span.doc_name'"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("selectors/ask39.json"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("https://ask.39.net/question/93100000.html"),
              std::string::npos)
        << r.err;
    // The coverage table shows it too.
    EXPECT_NE(r.err.find("coverage of site ask39 (10 question pages"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("0/10  expected >= 80%  FLAGGED"), std::string::npos)
        << r.err;
    // The seed has no question block: its title comes from the second
    // alternative (the breadcrumb's current item) on every page.
    EXPECT_NE(r.err.find("10/10  expected >= 80%  by select: #1 0 #2 10"),
              std::string::npos)
        << r.err;
  }
}

TEST_F(Cli, ExplainShowsEveryFieldAndWhereADriftedSelectorStops) {
  const fs::path seed = kSource / "fixtures/ask39/seed";
  Outcome r = run("explain --json " + seed.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto sel =
      nlohmann::json::parse(slurp(kSource / "selectors/ask39.json"));
  EXPECT_EQ(j["site"], "ask39");
  ASSERT_EQ(j["fields"].size(), sel["fields"].size());
  for (const auto& f : j["fields"]) {
    EXPECT_TRUE(sel["fields"].contains(f["key"].get<std::string>()));
    if (f["key"] == "answer.doctor.name") {
      EXPECT_EQ(f["values"], nlohmann::json({"袁余"}));
      EXPECT_EQ(f["alternatives"][0]["matches"], 1);
      EXPECT_NE(f["nodes"][0].get<std::string>().find("span.doc_name"),
                std::string::npos);
    }
  }
  EXPECT_EQ(j["boxes"][2]["items"], 6);  // 推荐医生
  // How each box item was read: the heading found, how items were told
  // apart, and what each piece was taken as.
  const auto& doctors = j["boxes"][2];
  EXPECT_NE(doctors["found_at"].get<std::string>().find("\"推荐医生\""),
            std::string::npos);
  EXPECT_EQ(doctors["mode"], "by element (one element per doctor)");
  ASSERT_EQ(doctors["item_list"].size(), 6u);
  EXPECT_EQ(doctors["item_list"][0]["outcome"], "read");
  const auto& first = doctors["item_list"][0]["parts"];
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0]["role"], "name (reads as a person's name)");
  EXPECT_EQ(first[0]["text"], "张彩东");
  EXPECT_EQ(first[1]["role"], "title (title words)");
  EXPECT_EQ(first[1]["text"], "副主任医师");
  EXPECT_EQ(first[2]["role"], "hospital (hospital words)");
  EXPECT_EQ(first[2]["text"], "济南远大中医脑康医院");
  EXPECT_EQ(j["boxes"][1]["item_list"][0]["parts"][0]["text"], "巴氯芬片");
  EXPECT_EQ(j["boxes"][0]["mode"], "by label");
  // Items with no element of their own are read in piece order; a page
  // without the box says the heading is not there.
  r = run("explain --json " + (kSource / "fixtures/ask39/boxes-5").string());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string mode =
      nlohmann::json::parse(r.out)["boxes"][2]["mode"].get<std::string>();
  EXPECT_EQ(mode.rfind("by piece order", 0), 0u) << mode;
  r = run("explain " + (kSource / "fixtures/ask39/no-side-boxes").string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("推荐医生': 0 item(s)\n    heading text not found"),
            std::string::npos)
      << r.out;

  // The class renamed: the text names the step that no longer matches and
  // what is there instead.
  fs::create_directories(tmp_ / "drift");
  std::ofstream(tmp_ / "drift/page.html")
      << qascrape::testing::with_doc_name_renamed(slurp(seed / "page.html"));
  fs::copy(seed / "response.json", tmp_ / "drift/response.json");
  r = run("explain --field answer.doctor.name " + (tmp_ / "drift").string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("answer.doctor.name (answer 1): EMPTY"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("step 'div.doctor_all': 1 match(es)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("step 'div.doctor_all span.doc_name': 0 match(es)  <- "
                       "matching stops here"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("span.doctor-name \"袁余\""), std::string::npos)
      << r.out;

  EXPECT_EQ(run("explain --field no.such " + seed.string()).code, 2);
  EXPECT_EQ(run("explain").code, 2);
}

// The HTML report, as a browser renders it (Debian's chromium, headless).
TEST_F(Cli, ReportRendersTheRunsNumbersInABrowser) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh "
                    "installs it): the report is not checked in a browser";
  const std::string page = qascrape::testing::with_doc_name_renamed(
      slurp(kSource / "fixtures/ask39/seed/page.html"));
  for (int i = 0; i < 10; ++i) {
    const fs::path c = tmp_ / "pages" / std::to_string(i);
    fs::create_directories(c);
    std::ofstream(c / "page.html") << page;
    std::ofstream(c / "response.json")
        << "{\"url\": \"https://ask.39.net/question/" << 93200000 + i
        << ".html\", \"http_status\": 200}";
  }
  const fs::path report = tmp_ / "report.html";
  Outcome r =
      run("parse --report " + report.string() + " -o " +
          (tmp_ / "o.jsonl").string() + " " + (tmp_ / "pages").string());
  EXPECT_EQ(r.code, 5) << r.err;
  ASSERT_TRUE(fs::exists(report));
  EXPECT_EQ(slurp(report).find("<script"), std::string::npos);
  EXPECT_EQ(slurp(report).find("http-equiv"), std::string::npos);
  const fs::path dom = tmp_ / "dom.html";
  const std::string cmd =
      "chromium --headless --no-sandbox --disable-gpu "
      "--dump-dom file://" +
      report.string() + " > " + dom.string() + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const std::string rendered = slurp(dom);
  EXPECT_NE(rendered.find("<tr class=\"flagged\" data-site=\"ask39\" "
                          "data-field=\"answer.doctor.name\" "
                          "data-filled=\"0\" data-seen=\"10\">"),
            std::string::npos)
      << rendered.substr(0, 2000);
  EXPECT_NE(rendered.find("<tr data-status=\"partial\"><td>partial</td><td "
                          "class=\"n\">10</td></tr>"),
            std::string::npos);
  EXPECT_NE(rendered.find("data-field=\"question.title\" data-filled=\"10\" "
                          "data-seen=\"10\""),
            std::string::npos);
  EXPECT_NE(rendered.find("<li class=\"alarm\" data-site=\"ask39\" "
                          "data-field=\"answer.doctor.name\">"),
            std::string::npos);
}

TEST_F(Cli, SelectorHealthExits5) {
  // 20 copies of a page whose answers the rules no longer find.
  fs::copy(kSource / "selectors", tmp_ / "sel");
  std::string text = slurp(tmp_ / "sel/ask39.json");
  text.replace(text.find("\"div.doctor_all span.doc_name\""), 30,
               "\"div.doctor_all span.renamed\"");
  std::ofstream(tmp_ / "sel/ask39.json") << text;
  for (int i = 0; i < 20; ++i) {
    fs::copy(kSource / "fixtures/ask39/seed/page.html",
             tmp_ / (std::to_string(i) + ".html"));
  }
  Outcome r = run("parse --selectors " + (tmp_ / "sel").string() + " -o " +
                  (tmp_ / "o.jsonl").string() + " " + tmp_.string());
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_NE(r.err.find("site ask39: field answer.doctor.name"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("span.renamed"), std::string::npos) << r.err;
}

// Issue 11: an output that is an input is refused (exit 2) before anything
// is written, compared by file identity (a hard link is caught too).
TEST_F(Cli, ParseRefusesAnOutputThatIsAnInput) {
  const fs::path page = tmp_ / "page.html";
  fs::copy(kSource / "fixtures/ask39/seed/page.html", page);
  const std::string before = slurp(page);
  Outcome same = run("parse -o " + page.string() + " " + page.string());
  EXPECT_EQ(same.code, 2) << same.err;
  EXPECT_NE(same.err.find("same file"), std::string::npos) << same.err;
  EXPECT_EQ(slurp(page), before);
  fs::create_hard_link(page, tmp_ / "link.html");
  Outcome linked =
      run("parse -o " + (tmp_ / "link.html").string() + " " + tmp_.string());
  EXPECT_EQ(linked.code, 2) << linked.err;
  Outcome report = run("parse --report " + page.string() + " " + page.string());
  EXPECT_EQ(report.code, 2) << report.err;
  EXPECT_EQ(slurp(page), before);
}

// Issue 11: option names are exact; Boost's prefix guessing would read
// `--url` as `--urls`, `--allow` as `--allow-private`, `--out` as
// `--output`.
TEST_F(Cli, OptionNamesAreNotGuessedFromPrefixes) {
  std::ofstream(tmp_ / "urls.txt") << "not a url\n";
  const std::string base = " -o " + (tmp_ / "out.jsonl").string() +
                           " --store " + (tmp_ / "store").string();
  Outcome url = run("crawl --url " + (tmp_ / "urls.txt").string() + base);
  EXPECT_EQ(url.code, 2) << url.err;
  EXPECT_NE(url.err.find("--url"), std::string::npos) << url.err;
  Outcome allow =
      run("crawl --urls " + (tmp_ / "urls.txt").string() + base + " --allow");
  EXPECT_EQ(allow.code, 2) << allow.err;
  EXPECT_NE(allow.err.find("--allow"), std::string::npos) << allow.err;
  EXPECT_FALSE(fs::exists(tmp_ / "out.jsonl"));
  Outcome out = run("parse --out " + (tmp_ / "p.jsonl").string() + " " +
                    (kSource / "fixtures/ask39/seed").string());
  EXPECT_EQ(out.code, 2) << out.err;
  EXPECT_FALSE(fs::exists(tmp_ / "p.jsonl"));
  // The full names still work.
  EXPECT_EQ(run("crawl --urls " + (tmp_ / "urls.txt").string() + base +
                " --allow-private")
                .code,
            1);
}

}  // namespace
