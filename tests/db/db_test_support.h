// Shared by the db tests: running the qascrape binary, a fresh database per
// test on each engine (an SQLite file, or a PostgreSQL schema of its own on
// the server PGHOST/PGPORT/PGUSER/PGPASSWORD or QASCRAPE_TEST_PG name), and
// the golden records as JSON lines.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "db/db.h"

extern char** environ;

namespace qascrape::testing {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

inline const std::string kBin = QASCRAPE_BINARY;
inline const fs::path kSource = QASCRAPE_SOURCE_DIR;

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Single-quotes a word for /bin/sh.
inline std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Starts `/bin/sh -c command`; the caller waits with wait_code().
inline pid_t start_sh(const std::string& command) {
  std::string sh = "/bin/sh", dash_c = "-c", cmd = command;
  char* argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};
  pid_t pid = -1;
  if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv, environ) != 0)
    return -1;
  return pid;
}

inline int wait_code(pid_t pid) {
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 1000 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

struct Outcome {
  int code = -1;
  std::string err;
};

// Runs `qascrape ARGS` (ARGS already shell-quoted) with stderr captured.
inline Outcome run_qascrape(const std::string& args, const fs::path& tmp,
                            const std::string& stdin_file = "/dev/null") {
  static int n = 0;
  const fs::path err = tmp / ("stderr." + std::to_string(++n));
  Outcome o;
  o.code = wait_code(start_sh(sh_quote(kBin) + " " + args + " <" +
                              sh_quote(stdin_file) + " >/dev/null 2>" +
                              sh_quote(err.string())));
  o.err = slurp(err);
  return o;
}

// The server the PostgreSQL tests use: QASCRAPE_TEST_PG (a conninfo), else
// the PG* environment (as pg_virtualenv sets it); nullopt when neither.
inline std::optional<std::string> pg_base() {
  if (const char* v = std::getenv("QASCRAPE_TEST_PG"); v && *v)
    return std::string(v);
  if (const char* host = std::getenv("PGHOST"); host && *host)
    return std::string();
  return std::nullopt;
}

inline const char* kPgSkip =
    "PostgreSQL tests skipped: no server configured (set "
    "PGHOST/PGPORT/PGUSER/PGPASSWORD or QASCRAPE_TEST_PG, e.g. run "
    "`pg_virtualenv -- ctest -L db`)";

// Runs one statement on the base server (outside the qascrape tables).
inline std::string pg_admin(const std::string& base, const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> c(PQconnectdb(base.c_str()),
                                                 &PQfinish);
  if (!c || PQstatus(c.get()) != CONNECTION_OK)
    return std::string("cannot connect: ") + PQerrorMessage(c.get());
  const std::string quiet = "SET client_min_messages = warning; " + sql;
  std::unique_ptr<PGresult, decltype(&PQclear)> r(
      PQexec(c.get(), quiet.c_str()), &PQclear);
  const auto st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    return PQerrorMessage(c.get());
  return "";
}

// The --db value of a PostgreSQL schema of its own on the base server.
inline std::string pg_with_schema(const std::string& base,
                                  const std::string& schema) {
  const std::string opt = "options=-csearch_path%3D" + schema;
  if (base.rfind("postgres", 0) == 0 && base.find("://") != std::string::npos)
    return base + (base.find('?') == std::string::npos ? "?" : "&") + opt;
  return (base.empty() ? "" : base + " ") + "options=-csearch_path=" + schema;
}

// A fresh, empty database per test on the engine named "sqlite" or
// "postgres"; skipped (visibly) when PostgreSQL is not configured.
class EngineTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" +
                       info->name() + "_" + std::to_string(::getpid());
    for (char& c : name)
      c = std::isalnum(static_cast<unsigned char>(c))
              ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
              : '_';
    tmp_ = fs::temp_directory_path() / ("qascrape_db_" + name);
    fs::remove_all(tmp_);
    fs::create_directories(tmp_);
    if (GetParam() == "postgres") {
      const auto base = pg_base();
      if (!base) GTEST_SKIP() << kPgSkip;
      base_ = *base;
      schema_ = "qt_" + name.substr(0, 40) + "_" + std::to_string(::getpid());
      const std::string problem =
          pg_admin(base_, "DROP SCHEMA IF EXISTS " + schema_ +
                              " CASCADE; CREATE SCHEMA " + schema_);
      ASSERT_EQ(problem, "") << "PostgreSQL configured but unusable";
      db_ = pg_with_schema(base_, schema_);
    } else {
      db_ = "sqlite:" + (tmp_ / "qa.db").string();
    }
  }
  void TearDown() override {
    conn_.reset();
    if (!schema_.empty())
      (void)pg_admin(base_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    fs::remove_all(tmp_);
  }
  bool pg() const { return GetParam() == "postgres"; }

  // qascrape load --db DB EXTRA FILES...
  Outcome load(const std::vector<fs::path>& files,
               const std::string& extra = "") {
    std::string args = "load --db " + sh_quote(db_) + " " + extra;
    for (const fs::path& f : files) args += " " + sh_quote(f.string());
    return run_qascrape(args, tmp_);
  }
  db::Database& conn() {
    if (!conn_) {
      auto target = db::parse_target(db_);
      EXPECT_TRUE(target.ok());
      auto opened = db::open_database(*target);
      EXPECT_TRUE(opened.ok()) << opened.error().message;
      conn_ = std::move(*opened);
    }
    return *conn_;
  }
  db::QueryRows q(const std::string& sql) {
    auto rows = conn().query(sql);
    EXPECT_TRUE(rows.ok()) << sql << ": " << rows.error().message;
    return rows.ok() ? *rows : db::QueryRows{};
  }
  // The first cell of a one-value query ("" for none / NULL).
  std::string one(const std::string& sql) {
    auto rows = q(sql);
    if (rows.empty() || rows[0].empty() || !rows[0][0]) return "";
    return *rows[0][0];
  }
  long long count(const std::string& table, const std::string& where = "") {
    return std::stoll(one("SELECT count(*) FROM " + table +
                          (where.empty() ? "" : " WHERE " + where)));
  }
  fs::path write_lines(const std::string& name,
                       const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& l : lines) text += l + "\n";
    const fs::path p = tmp_ / name;
    spit(p, text);
    return p;
  }

  fs::path tmp_;
  std::string db_, base_, schema_;
  std::unique_ptr<db::Database> conn_;
};

inline std::string engine_name(
    const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

// Every golden record (fixtures/<site>/<case>/expected.json), in case
// order, and the seed page's. `hand_written_only` leaves out the cases
// scripts/make-box-fixtures.py makes (boxes-N, seed-doctors-other-markup):
// they repeat one invented page's boxes, and the README query figures are
// about the hand-written cases.
inline std::vector<ojson> golden_records(bool hand_written_only = false) {
  std::vector<fs::path> files;
  for (const auto& site : fs::directory_iterator(kSource / "fixtures")) {
    if (!site.is_directory()) continue;
    for (const auto& c : fs::directory_iterator(site.path())) {
      const std::string name = c.path().filename().string();
      if (hand_written_only &&
          (name.starts_with("boxes-") || name == "seed-doctors-other-markup"))
        continue;
      if (fs::exists(c.path() / "expected.json"))
        files.push_back(c.path() / "expected.json");
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<ojson> out;
  for (const fs::path& f : files) out.push_back(ojson::parse(slurp(f)));
  return out;
}

inline ojson seed_record() {
  return ojson::parse(slurp(kSource / "fixtures/ask39/seed/expected.json"));
}

}  // namespace qascrape::testing
