// db owns loading records into SQLite and PostgreSQL (the tables of
// spec/database.md, freshness, batches); it may use core only, and is the
// only code that sees libsqlite3 and libpq.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/result.h"
#include "db/rows.h"

namespace qascrape::db {

// Which database a --db value names. `display` is safe to print: it never
// holds the password.
struct Target {
  enum class Engine { kSqlite, kPostgres };
  Engine engine = Engine::kSqlite;
  std::string path;      // SQLite: the file
  std::string conninfo;  // PostgreSQL: what libpq is given (may hold a secret)
  std::string display;   // "sqlite:qa.db", "postgresql://ann@db:5432/qa"
  std::string password;  // the password given in conninfo, to scrub messages
};

// sqlite:PATH, postgresql://..., postgres://... or a libpq key=value
// string. Errc::kUsage for anything else (the message never repeats the
// value, which may hold a password).
Result<Target> parse_target(const std::string& value);

// What one batch did.
struct BatchOutcome {
  std::size_t loaded = 0;    // URLs new to the database
  std::size_t replaced = 0;  // stored pages replaced (same time or newer)
  std::size_t kept_out = 0;  // older than the stored page: not written
  std::array<std::size_t, kTableCount> rows{};  // rows written per table
};

// Text cells of a query result; nullopt for SQL NULL.
using QueryRows = std::vector<std::vector<std::optional<std::string>>>;

// One open database with the layout of spec/database.md. Errors are kIo
// (cannot open, read or write) or kConfig (a layout this build does not
// write); their messages name the database by its display form.
class Database {
 public:
  virtual ~Database() = default;
  const Target& target() const { return target_; }

  // Writes a batch of pages with distinct URLs in one transaction: each
  // page replaces its stored copy in every table, or is kept out when the
  // stored copy is newer (see freshness.h).
  virtual Result<BatchOutcome> write_batch(
      const std::vector<PageRows>& batch) = 0;

  // Runs one SQL statement and returns its rows as text (tests, summaries).
  virtual Result<QueryRows> query(const std::string& sql) = 0;

  // Rows held in each table of tables().
  Result<std::array<long long, kTableCount>> row_counts();

 protected:
  explicit Database(Target target) : target_(std::move(target)) {}
  // Creates the layout on first use, or checks the stored schema_version;
  // called by the engines' open (see schema.cc).
  Status ensure_schema();
  virtual Status exec(const std::string& sql) = 0;
  virtual Status begin_exclusive() = 0;  // a write transaction, serialized
  virtual Result<bool> table_exists(const std::string& name) = 0;
  virtual bool is_postgres() const = 0;
  // The message for a failed step, naming the database, never its password.
  std::string describe(const std::string& what, const std::string& detail);

 private:
  Target target_;
};

// Opens (creating an SQLite file if needed) and prepares the schema.
Result<std::unique_ptr<Database>> open_database(const Target& target);

struct LoadOptions {
  std::size_t batch = 500;  // records per transaction
  bool progress_tty = false;
  // Called on the reading thread with each line that is a record, in input
  // order; what it returns ('\n'-terminated lines, or nothing) is logged
  // before that record is written. The selector-health check lives here.
  using Watch = std::function<std::string(std::string_view line)>;
  Watch watch;
};

struct LoadStats {
  std::size_t lines = 0;       // non-blank lines read
  std::size_t skipped = 0;     // bad lines (reported, not loaded)
  std::size_t unreadable = 0;  // input files that could not be read
  BatchOutcome written;
  std::size_t records() const {
    return written.loaded + written.replaced + written.kept_out;
  }
};

struct Parsed;  // loader.cc: one line, parsed

// Reads JSON Lines files and writes them in batches. A bad line is reported
// on `log` as "FILE:LINE: reason" and skipped; a database error stops the
// load (kIo / kConfig).
class Loader {
 public:
  Loader(Database& db, LoadOptions options, std::ostream& log);
  ~Loader();
  // Loads the files in order (`-` is stdin): one thread parses, this one
  // writes. Errc::kIo / kConfig for a database error (the batch in flight is
  // rolled back); an unreadable file is reported and counted.
  Status load(const std::vector<std::string>& paths);
  // Writes what is left of the last batch and ends the progress line.
  Status finish();
  const LoadStats& stats() const { return stats_; }
  // "loaded 20, replaced 1, kept out as older 0, skipped 1; rows written:
  // pages 21, answers 25, ..."
  std::string summary() const;

 private:
  Status consume(Parsed& item);
  Status add(PageRows rows);
  Status flush();
  void show_progress();

  Database& db_;
  LoadOptions options_;
  std::ostream& log_;
  LoadStats stats_;
  std::vector<PageRows> pending_;
  std::unordered_set<std::string> pending_urls_;
  // Frees the last written batch (~500 records of small strings) beside the
  // writer, which is the loader's bottleneck.
  std::thread freeing_;
  double started_ = 0, last_progress_ = 0, elapsed_ = 0;
};

}  // namespace qascrape::db
