// The SQLite engine: one connection in WAL mode with a busy timeout, so
// several loaders may write one file; each batch is one BEGIN IMMEDIATE
// transaction (the write lock taken up front, so two writers never
// deadlock upgrading a read lock).
#include <sqlite3.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "db/engines.h"
#include "db/freshness.h"
#include "db/schema.h"

namespace qascrape::db {

namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStmt {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbHandle = std::unique_ptr<sqlite3, CloseDb>;
using Stmt = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;

// How long a writer waits for another writer's transaction to end.
constexpr int kBusyTimeoutMs = 10 * 60 * 1000;

// WAL frames (pages) after which a checkpoint is started in the background,
// and after which the writer waits for it: the log is only rewound from its
// start when a checkpoint has caught up before a transaction begins, so
// without the wait it would grow for the whole load.
constexpr int kCheckpointFrames = 1000;
constexpr int kCheckpointWaitFrames = 4 * kCheckpointFrames;

// Child rows per INSERT statement (a page has ~20 across its tables).
constexpr std::size_t kRowsPerInsert = 32;

// Copies the WAL into the database file on its own thread and connection
// (read the log, write the file, fsync both), so the writer goes on with
// the next batch meanwhile. A checkpoint is crash-safe at any moment.
class Checkpointer {
 public:
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
      cv_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
    if (db_ != nullptr) sqlite3_close_v2(db_);
  }

  // False when the second connection cannot be opened; the caller then
  // checkpoints inline as SQLite does by default.
  bool start(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      sqlite3_close_v2(db_);
      db_ = nullptr;
      return false;
    }
    // Checkpoints never run on this connection's own account; a first
    // read makes it see the WAL (a checkpoint before that does nothing).
    sqlite3_wal_autocheckpoint(db_, 0);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    if (sqlite3_exec(db_, "SELECT count(*) FROM sqlite_schema", nullptr,
                     nullptr, nullptr) != SQLITE_OK) {
      sqlite3_close_v2(db_);
      db_ = nullptr;
      return false;
    }
    thread_ = std::thread([this] { run(); });
    return true;
  }

  // Starts a checkpoint unless one is running or asked for.
  void request() {
    std::lock_guard lock(mu_);
    wanted_ = true;
    cv_.notify_all();
  }

  // Runs a checkpoint of everything committed so far and waits for it.
  void catch_up() {
    std::unique_lock lock(mu_);
    const unsigned long long want = done_ + (busy_ ? 2 : 1);
    wanted_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return done_ >= want || stop_; });
  }

 private:
  void run() {
    std::unique_lock lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return wanted_ || stop_; });
      if (stop_) return;
      wanted_ = false;
      busy_ = true;
      lock.unlock();
      // PASSIVE: never waits for readers or writers (another loader's
      // checkpoint makes it return SQLITE_BUSY: that one does the work).
      (void)sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                      nullptr, nullptr);
      lock.lock();
      busy_ = false;
      ++done_;
      cv_.notify_all();
    }
  }

  sqlite3* db_ = nullptr;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool wanted_ = false, busy_ = false, stop_ = false;
  unsigned long long done_ = 0;  // checkpoints finished
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(Target target) : Database(std::move(target)) {}

  Status open() {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        target().path.c_str(), &raw,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
        nullptr);
    db_.reset(raw);  // a handle comes back even when opening fails
    if (rc != SQLITE_OK) {
      return Error{Errc::kIo,
                   describe("cannot open",
                            raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc))};
    }
    if (sqlite3_extended_result_codes(db_.get(), 1) != SQLITE_OK ||
        sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs) != SQLITE_OK) {
      return failure("cannot configure the connection");
    }
    // Records are ~12 KB: 32 KiB pages hold two or more with little left
    // unused (measured: faster than 16 and 64 KiB; a new file
    // only; an existing one keeps its size), and a 64 MiB cache keeps the
    // key indexes in memory while a batch is written.
    for (const char* sql :
         {"PRAGMA page_size = 32768", "PRAGMA cache_size = -65536"}) {
      if (Status s = exec(sql); !s) return s;
    }
    auto mode = query("PRAGMA journal_mode = WAL");
    if (!mode) return mode.error();
    if (mode->empty() || mode->front().empty() ||
        mode->front()[0].value_or("") != "wal") {
      return Error{Errc::kIo,
                   describe("cannot switch to WAL mode (needed for several "
                            "loaders at once)",
                            "")};
    }
    // NORMAL is safe in WAL mode: a power cut may lose the last batches,
    // never a page's consistency.
    for (const char* sql :
         {"PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON"}) {
      if (Status s = exec(sql); !s) return s;
    }
    if (Status s = ensure_schema(); !s) return s;
    if (checkpointer_.start(target().path)) {
      // Replaces the automatic checkpoint after each commit.
      sqlite3_wal_hook(db_.get(), &SqliteDatabase::on_wal, this);
    }
    return prepare_statements();
  }

  Result<BatchOutcome> write_batch(
      const std::vector<PageRows>& batch) override {
    BatchOutcome out;
    // The loader writes a page before its rows and deletes the rows itself:
    // checking each row's foreign key (a lookup in pages) would only cost.
    // The pragma is a no-op inside a transaction, hence around it.
    if (Status s = exec("PRAGMA foreign_keys = OFF"); !s) return s.error();
    Status status = write_transaction(batch, out);
    if (Status s = exec("PRAGMA foreign_keys = ON"); !s && status) status = s;
    if (!status) return status.error();
    if (wal_frames_ >= kCheckpointWaitFrames) {
      checkpointer_.catch_up();
    } else if (wal_frames_ >= kCheckpointFrames) {
      checkpointer_.request();
    }
    return out;
  }

  Result<QueryRows> query(const std::string& sql) override {
    auto stmt = prepare(sql);
    if (!stmt) return stmt.error();
    QueryRows rows;
    while (true) {
      const int rc = sqlite3_step(stmt->get());
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return failure("query failed").error();
      const int n = sqlite3_column_count(stmt->get());
      auto& row = rows.emplace_back();
      for (int i = 0; i < n; ++i) {
        const unsigned char* text = sqlite3_column_text(stmt->get(), i);
        if (text == nullptr) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(std::string(
              reinterpret_cast<const char*>(text),
              static_cast<std::size_t>(sqlite3_column_bytes(stmt->get(), i))));
        }
      }
    }
    return rows;
  }

 protected:
  Status exec(const std::string& sql) override {
    char* message = nullptr;
    const int rc =
        sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message);
    std::unique_ptr<char, decltype(&sqlite3_free)> owned(message,
                                                         &sqlite3_free);
    if (rc != SQLITE_OK) {
      return Error{Errc::kIo,
                   describe("cannot run \"" + sql.substr(0, 60) + "\"",
                            message ? message : sqlite3_errstr(rc))};
    }
    return ok_status();
  }
  Status begin_exclusive() override { return exec("BEGIN IMMEDIATE"); }
  Result<bool> table_exists(const std::string& name) override {
    auto stmt = prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    if (!stmt) return stmt.error();
    if (Status s = bind_url(stmt->get(), name); !s) return s.error();
    const int rc = sqlite3_step(stmt->get());
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      return failure("cannot read the schema").error();
    }
    return rc == SQLITE_ROW;
  }
  bool is_postgres() const override { return false; }

 private:
  static int on_wal(void* self, sqlite3*, const char*, int frames) {
    static_cast<SqliteDatabase*>(self)->wal_frames_ = frames;
    return SQLITE_OK;
  }

  Status write_transaction(const std::vector<PageRows>& batch,
                           BatchOutcome& out) {
    if (Status s = begin_exclusive(); !s) return s;
    // Pages first (each decides whether its copy wins), then the rows of
    // the winners, table by table, many per statement.
    std::vector<const PageRows*> written;
    written.reserve(batch.size());
    Status s = ok_status();
    for (const PageRows& page : batch) {
      if (s = write_page(page, out); !s) break;
      if (out.loaded + out.replaced > written.size()) written.push_back(&page);
    }
    for (std::size_t t = 1; t < kTableCount && s; ++t)
      s = write_rows(static_cast<TableId>(t), written, out);
    // No statement keeps pointers into a batch that is about to be freed.
    for (std::size_t t = 0; t < kTableCount; ++t) {
      sqlite3_clear_bindings(insert_[t].get());
      if (insert_many_[t]) sqlite3_clear_bindings(insert_many_[t].get());
    }
    if (!s) {
      (void)exec("ROLLBACK");
      return s;
    }
    if (Status s = exec("COMMIT"); !s) {
      (void)exec("ROLLBACK");
      return s;
    }
    return ok_status();
  }

  Status failure(const std::string& what) {
    return Error{Errc::kIo, describe(what, sqlite3_errmsg(db_.get()))};
  }

  Result<Stmt> prepare(const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_.get(), sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    Stmt stmt(raw);
    if (rc != SQLITE_OK || raw == nullptr) {
      return failure("cannot prepare \"" + sql.substr(0, 60) + "\"").error();
    }
    return stmt;
  }

  // SQLITE_STATIC: the text must outlive the statement's step (a cell of
  // the batch, a page's url), never a temporary.
  Status bind_url(sqlite3_stmt* stmt, const std::string& url) {
    return sqlite3_bind_text64(stmt, 1, url.data(), url.size(), SQLITE_STATIC,
                               SQLITE_UTF8) == SQLITE_OK
               ? ok_status()
               : failure("cannot bind a value");
  }

  Status bind(sqlite3_stmt* stmt, int index, const Value& value) {
    int rc = SQLITE_OK;
    if (const auto* n = std::get_if<long long>(&value)) {
      rc = sqlite3_bind_int64(stmt, index, *n);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      // The batch outlives the statement's step: no copy needed.
      rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC,
                               SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_null(stmt, index);
    }
    return rc == SQLITE_OK ? ok_status() : failure("cannot bind a value");
  }

  // Steps a statement that returns no rows (or whose rows are not wanted).
  Status run(sqlite3_stmt* stmt, const char* what) {
    const int rc = sqlite3_step(stmt);
    Status s =
        rc == SQLITE_DONE || rc == SQLITE_ROW ? ok_status() : failure(what);
    sqlite3_reset(stmt);
    return s;
  }

  Status prepare_statements() {
    auto select = prepare("SELECT fetched_at_us FROM pages WHERE url = ?1");
    if (!select) return select.error();
    select_stored_ = std::move(*select);
    for (std::size_t t = 0; t < kTableCount; ++t) {
      const Table& table = tables()[t];
      std::string values, updates;
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        values += (c ? ", ?" : "?") + std::to_string(c + 1);
        if (c >= table.key_size) {
          updates += std::string(updates.empty() ? "" : ", ") +
                     table.columns[c].name + " = excluded." +
                     table.columns[c].name;
        }
      }
      std::string sql = std::string("INSERT INTO ") + table.name + " (" +
                        column_list(table) + ") VALUES (" + values + ")";
      // A page row is updated in place: deleting it would cascade.
      if (t == kPages) sql += " ON CONFLICT (url) DO UPDATE SET " + updates;
      auto insert = prepare(sql);
      if (!insert) return insert.error();
      insert_[t] = std::move(*insert);
      if (t != kPages) {
        std::string many = std::string("INSERT INTO ") + table.name + " (" +
                           column_list(table) + ") VALUES ";
        for (std::size_t r = 0; r < kRowsPerInsert; ++r) {
          many += r ? ", (" : "(";
          for (std::size_t c = 0; c < table.columns.size(); ++c)
            many += c ? ", ?" : "?";
          many += ")";
        }
        auto stmt = prepare(many);
        if (!stmt) return stmt.error();
        insert_many_[t] = std::move(*stmt);
      }
      if (t != kPages) {
        auto del = prepare(std::string("DELETE FROM ") + table.name +
                           " WHERE url = ?1");
        if (!del) return del.error();
        delete_[t] = std::move(*del);
      }
    }
    return ok_status();
  }

  Status write_page(const PageRows& page, BatchOutcome& out) {
    sqlite3_stmt* select = select_stored_.get();
    if (Status s = bind_url(select, page.url); !s) return s;
    const int rc = sqlite3_step(select);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      Status s = failure("cannot read the stored page");
      sqlite3_reset(select);
      return s;
    }
    const bool stored = rc == SQLITE_ROW;
    std::optional<long long> stored_at;
    if (stored && sqlite3_column_type(select, 0) != SQLITE_NULL)
      stored_at = sqlite3_column_int64(select, 0);
    sqlite3_reset(select);
    if (stored && !replaces(page.fetched_at_us, stored_at)) {
      ++out.kept_out;
      return ok_status();
    }
    if (stored) {
      for (std::size_t t = 1; t < kTableCount; ++t) {
        if (Status s = bind_url(delete_[t].get(), page.url); !s) return s;
        if (Status s = run(delete_[t].get(), "cannot delete old rows"); !s)
          return s;
      }
      ++out.replaced;
    } else {
      ++out.loaded;
    }
    sqlite3_stmt* insert = insert_[kPages].get();
    const Row& row = page.rows[kPages].at(0);
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (Status s = bind(insert, static_cast<int>(c + 1), row[c]); !s)
        return s;
    }
    if (Status s = run(insert, "cannot write a row"); !s) return s;
    ++out.rows[kPages];
    return ok_status();
  }

  // The rows of table `t` of the pages written: kRowsPerInsert rows per
  // statement while there are enough (one statement start, cursor open and
  // close for many rows), then one by one.
  Status write_rows(TableId t, const std::vector<const PageRows*>& pages,
                    BatchOutcome& out) {
    std::vector<const Row*> rows;
    for (const PageRows* page : pages)
      for (const Row& row : page->rows[t]) rows.push_back(&row);
    const std::size_t width = tables()[t].columns.size();
    std::size_t done = 0;
    while (done < rows.size()) {
      const std::size_t n =
          rows.size() - done >= kRowsPerInsert ? kRowsPerInsert : 1;
      sqlite3_stmt* insert = (n == 1 ? insert_ : insert_many_)[t].get();
      for (std::size_t r = 0; r < n; ++r) {
        const Row& row = *rows[done + r];
        for (std::size_t c = 0; c < width; ++c) {
          if (Status s =
                  bind(insert, static_cast<int>(r * width + c + 1), row.at(c));
              !s)
            return s;
        }
      }
      if (Status s = run(insert, "cannot write a row"); !s) return s;
      done += n;
    }
    out.rows[t] += rows.size();
    return ok_status();
  }

  DbHandle db_;  // declared first: closed after the statements
  // Declared after db_: stopped and closed first, so the writer's close is
  // the last one and checkpoints what is left.
  Checkpointer checkpointer_;
  int wal_frames_ = 0;  // in the WAL after the last commit
  Stmt select_stored_;
  std::array<Stmt, kTableCount> insert_, insert_many_, delete_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const Target& target) {
  auto db = std::make_unique<SqliteDatabase>(target);
  if (Status s = db->open(); !s) return s.error();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace qascrape::db
