// `qascrape load`'s command line: usage errors (2), a database that cannot
// be opened (4, named without its password), --help.
#include "db_test_support.h"

namespace qascrape::testing {
namespace {

class LoadCli : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = fs::temp_directory_path() /
           ("qascrape_load_cli_" + std::to_string(::getpid()));
    fs::create_directories(tmp_);
    records_ = tmp_ / "seed.jsonl";
    spit(records_, seed_record().dump() + "\n");
  }
  void TearDown() override { fs::remove_all(tmp_); }
  Outcome run(const std::string& args) { return run_qascrape(args, tmp_); }
  fs::path tmp_, records_;
};

TEST_F(LoadCli, HelpAndUsageErrors) {
  Outcome help = run("load --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_EQ(run("load " + records_.string()).code, 2);  // no --db
  EXPECT_EQ(run("load --db sqlite:" + (tmp_ / "a.db").string()).code,
            2);  // no FILE
  Outcome bad = run("load --db mysql://x " + records_.string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--db takes sqlite:PATH"), std::string::npos);
  EXPECT_EQ(run("load --db sqlite:" + (tmp_ / "a.db").string() + " " +
                (tmp_ / "missing.jsonl").string())
                .code,
            2);
  EXPECT_EQ(run("load --batch 0 --db sqlite:" + (tmp_ / "a.db").string() + " " +
                records_.string())
                .code,
            2);
}

TEST_F(LoadCli, UnopenableDatabaseExits4NamingIt) {
  Outcome o =
      run("load --db sqlite:/nonexistent/dir/qa.db " + records_.string());
  EXPECT_EQ(o.code, 4) << o.err;
  EXPECT_NE(o.err.find("sqlite:/nonexistent/dir/qa.db: cannot open"),
            std::string::npos)
      << o.err;
}

// No server listens on port 1 of loopback: the connection fails, and the
// message names the database without the password, in every --db form.
TEST_F(LoadCli, PasswordNeverPrinted) {
  for (const std::string db :
       {"postgresql://ann:Zq9secretpw@127.0.0.1:1/qa",
        "postgres://ann:Zq9secretpw@127.0.0.1:1/qa",
        "host=127.0.0.1 port=1 user=ann password=Zq9secretpw dbname=qa"}) {
    Outcome o = run("load --db " + sh_quote(db) + " " + records_.string());
    EXPECT_EQ(o.code, 4) << o.err;
    EXPECT_EQ(o.err.find("Zq9secretpw"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("postgresql://ann@127.0.0.1:1/qa: cannot connect"),
              std::string::npos)
        << o.err;
  }
}

// Selector health runs on what load reads (issue 9): ten ask39 records whose
// doctor names all came out empty (a renamed class) load, and the run exits
// 5 naming the site, field and selector; the same records intact do not.
TEST_F(LoadCli, SelectorHealthFlagsADriftedFieldInTheRecordsLoaded) {
  for (const bool drifted : {false, true}) {
    std::string lines;
    for (int i = 0; i < 10; ++i) {
      ojson r = seed_record();
      r["url"] = "https://ask.39.net/question/" + std::to_string(93200000 + i) +
                 ".html";
      if (drifted)
        for (auto& a : r["answers"]) a["doctor"]["name"] = nullptr;
      lines += r.dump() + "\n";
    }
    const fs::path file = tmp_ / (drifted ? "drifted.jsonl" : "same.jsonl");
    spit(file, lines);
    const fs::path db = tmp_ / (drifted ? "drifted.db" : "same.db");
    Outcome o = run("load --db sqlite:" + db.string() + " " + file.string());
    EXPECT_NE(o.err.find("loaded 10,"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("coverage of site ask39 (10 question pages"),
              std::string::npos)
        << o.err;
    if (!drifted) {
      EXPECT_EQ(o.code, 0) << o.err;
      EXPECT_EQ(o.err.find("selector health"), std::string::npos) << o.err;
      continue;
    }
    EXPECT_EQ(o.code, 5) << o.err;
    // Raised while loading, as soon as the evidence was there (before the
    // summary), and again at the end.
    const auto live = o.err.find(
        "qascrape load: selector health: site ask39: field "
        "answer.doctor.name filled on 0 of ");
    ASSERT_NE(live, std::string::npos) << o.err;
    EXPECT_LT(live, o.err.find("loaded 10,")) << o.err;
    EXPECT_NE(o.err.find("selector health at the end: site ask39: field "
                         "answer.doctor.name filled on 0 of 10 question pages"),
              std::string::npos)
        << o.err;
    EXPECT_NE(o.err.find("'div.doctor_all span.doc_name'"), std::string::npos)
        << o.err;
    EXPECT_NE(o.err.find("https://ask.39.net/question/93200000.html"),
              std::string::npos)
        << o.err;
  }
}

// A records file given as the SQLite database too is refused, untouched.
TEST_F(LoadCli, DatabaseThatIsAnInputFileIsRefused) {
  const std::string before = slurp(records_);
  Outcome o =
      run("load --db sqlite:" + records_.string() + " " + records_.string());
  EXPECT_EQ(o.code, 2) << o.err;
  EXPECT_NE(o.err.find("refusing to overwrite an input"), std::string::npos)
      << o.err;
  EXPECT_EQ(slurp(records_), before);
}

// A broken selector file stops load before the database is made.
TEST_F(LoadCli, BadSelectorFileExits3AndWritesNothing) {
  fs::create_directories(tmp_ / "sel");
  spit(tmp_ / "sel/bad.json", "{ not json");
  const fs::path db = tmp_ / "never.db";
  Outcome o = run("load --selectors " + (tmp_ / "sel").string() +
                  " --db sqlite:" + db.string() + " " + records_.string());
  EXPECT_EQ(o.code, 3) << o.err;
  EXPECT_FALSE(fs::exists(db));
}

}  // namespace
}  // namespace qascrape::testing
