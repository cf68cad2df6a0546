// The PostgreSQL engine: a batch is COPYed into temporary staging tables,
// then one upsert into pages (in URL order, so concurrent loaders take row
// locks in the same order and cannot deadlock) decides which pages win, and
// only their child rows are replaced -- all in one transaction.
#include <libpq-fe.h>

#include <memory>

#include "db/engines.h"
#include "db/freshness.h"
#include "db/schema.h"

namespace qascrape::db {

namespace {

struct FinishConn {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ClearResult {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Conn = std::unique_ptr<PGconn, FinishConn>;
using PgResult = std::unique_ptr<PGresult, ClearResult>;

// A serialization failure or a deadlock (which the ordered upsert should
// never cause) rolls the batch back; it is tried again this often.
constexpr int kAttempts = 5;

// Appends a value in COPY's text format.
void append_copy_value(std::string& out, const Value& value) {
  if (const auto* n = std::get_if<long long>(&value)) {
    out += std::to_string(*n);
    return;
  }
  const auto* s = std::get_if<std::string>(&value);
  if (s == nullptr) {
    out += "\\N";
    return;
  }
  for (char ch : *s) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += ch;
    }
  }
}

std::string stage(const Table& t) { return std::string("stage_") + t.name; }

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(Target target) : Database(std::move(target)) {}

  Status open() {
    conn_.reset(PQconnectdb(target().conninfo.c_str()));
    if (!conn_)
      return Error{Errc::kIo, describe("cannot connect", "out of memory")};
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
      return Error{Errc::kIo,
                   describe("cannot connect", PQerrorMessage(conn_.get()))};
    }
    if (PQsetClientEncoding(conn_.get(), "UTF8") != 0)
      return failure("cannot use UTF-8");
    if (Status s = exec("SET client_min_messages = warning"); !s) return s;
    if (Status s = ensure_schema(); !s) return s;
    // Staging tables live in this session only; COMMIT empties them.
    for (const Table& t : tables()) {
      if (Status s = exec("CREATE TEMP TABLE " + stage(t) + " (LIKE " + t.name +
                          ") ON COMMIT DELETE ROWS");
          !s)
        return s;
    }
    return exec(
        "CREATE TEMP TABLE stage_won (url text PRIMARY KEY, inserted boolean) "
        "ON COMMIT DELETE ROWS");
  }

  Result<BatchOutcome> write_batch(
      const std::vector<PageRows>& batch) override {
    if (batch.empty()) return BatchOutcome{};
    std::array<std::string, kTableCount> copies;
    for (const PageRows& page : batch) {
      for (std::size_t t = 0; t < kTableCount; ++t) {
        for (const Row& row : page.rows[t]) {
          for (std::size_t c = 0; c < row.size(); ++c) {
            if (c) copies[t] += '\t';
            append_copy_value(copies[t], row[c]);
          }
          copies[t] += '\n';
        }
      }
    }
    for (int attempt = 1;; ++attempt) {
      bool retry = false;
      auto out = try_batch(copies, retry);  // rolled back when it failed
      if (out || !retry || attempt == kAttempts) return out;
    }
  }

  Result<QueryRows> query(const std::string& sql) override {
    PgResult r(PQexec(conn_.get(), sql.c_str()));
    const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
      return failure("query failed").error();
    QueryRows rows;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      auto& row = rows.emplace_back();
      for (int c = 0; c < PQnfields(r.get()); ++c) {
        if (PQgetisnull(r.get(), i, c)) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(std::string(
              PQgetvalue(r.get(), i, c),
              static_cast<std::size_t>(PQgetlength(r.get(), i, c))));
        }
      }
    }
    return rows;
  }

 protected:
  Status exec(const std::string& sql) override {
    PgResult r(PQexec(conn_.get(), sql.c_str()));
    const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
      return failure("cannot run \"" + sql.substr(0, 60) + "\"");
    return ok_status();
  }
  Status begin_exclusive() override {
    // Two loaders creating the schema at once would collide in the
    // catalog; a transaction-scoped advisory lock serializes them.
    return exec("BEGIN; SELECT pg_advisory_xact_lock(7242373411)");
  }
  Result<bool> table_exists(const std::string& name) override {
    auto rows = query("SELECT to_regclass('" + name + "') IS NOT NULL");
    if (!rows) return rows.error();
    return !rows->empty() && rows->front().at(0).value_or("") == "t";
  }
  bool is_postgres() const override { return true; }

 private:
  Status failure(const std::string& what) {
    return Error{Errc::kIo, describe(what, PQerrorMessage(conn_.get()))};
  }

  Status copy_in(const Table& t, const std::string& data) {
    const std::string sql =
        "COPY " + stage(t) + " (" + column_list(t) + ") FROM STDIN";
    PgResult start(PQexec(conn_.get(), sql.c_str()));
    if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN)
      return failure("cannot start COPY into " + stage(t));
    constexpr std::size_t kChunk = 1 << 20;
    for (std::size_t at = 0; at < data.size(); at += kChunk) {
      const std::size_t n = std::min(kChunk, data.size() - at);
      if (PQputCopyData(conn_.get(), data.data() + at, static_cast<int>(n)) !=
          1)
        return failure("COPY into " + stage(t) + " failed");
    }
    if (PQputCopyEnd(conn_.get(), nullptr) != 1)
      return failure("COPY into " + stage(t) + " failed");
    return drain("COPY into " + stage(t) + " failed");
  }

  // Reads every pending result; the first error is returned.
  Status drain(const std::string& what) {
    Status s = ok_status();
    while (PGresult* raw = PQgetResult(conn_.get())) {
      PgResult r(raw);
      const ExecStatusType st = PQresultStatus(raw);
      if (s && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        s = Error{Errc::kIo, describe(what, PQresultErrorMessage(raw))};
    }
    return s;
  }

  // The statements after the COPYs, sent in one round trip.
  const std::string& merge_sql() {
    if (!merge_sql_.empty()) return merge_sql_;
    const Table& pages = tables()[kPages];
    std::string updates;
    for (std::size_t c = pages.key_size; c < pages.columns.size(); ++c) {
      updates += std::string(updates.empty() ? "" : ", ") +
                 pages.columns[c].name + " = EXCLUDED." + pages.columns[c].name;
    }
    std::string sql =
        "WITH up AS (INSERT INTO pages (" + column_list(pages) + ") SELECT " +
        column_list(pages) + " FROM stage_pages ORDER BY url COLLATE \"C\" " +
        "ON CONFLICT (url) DO UPDATE SET " + updates + " WHERE " +
        replaces_sql("EXCLUDED.fetched_at_us", "pages.fetched_at_us") +
        // xmax is 0 on a freshly inserted row, set on an updated one.
        " RETURNING url, (xmax = 0) AS inserted) "
        "INSERT INTO stage_won SELECT url, inserted FROM up;\n";
    std::string counts =
        "SELECT (SELECT count(*) FROM stage_won WHERE inserted), "
        "(SELECT count(*) FROM stage_won WHERE NOT inserted), "
        "(SELECT count(*) FROM stage_pages)";
    for (std::size_t t = 1; t < kTableCount; ++t) {
      const Table& table = tables()[t];
      sql += std::string("DELETE FROM ") + table.name +
             " USING stage_won w WHERE " + table.name +
             ".url = w.url AND NOT w.inserted;\n";
      sql += std::string("INSERT INTO ") + table.name + " (" +
             column_list(table) + ") SELECT " + column_list(table, "s.") +
             " FROM " + stage(table) + " s JOIN stage_won USING (url);\n";
      counts += ", (SELECT count(*) FROM " + stage(table) +
                " JOIN stage_won USING (url))";
    }
    merge_sql_ = sql + counts;
    return merge_sql_;
  }

  Result<BatchOutcome> try_batch(
      const std::array<std::string, kTableCount>& copies, bool& retry) {
    if (Status s = exec("BEGIN"); !s) return s.error();
    auto fail = [&](Error e) -> Result<BatchOutcome> {
      (void)exec("ROLLBACK");
      return e;
    };
    for (std::size_t t = 0; t < kTableCount; ++t) {
      if (copies[t].empty()) continue;
      if (Status s = copy_in(tables()[t], copies[t]); !s)
        return fail(s.error());
    }
    if (PQsendQuery(conn_.get(), merge_sql().c_str()) != 1)
      return fail(failure("cannot send the merge").error());
    // Every statement's result comes back; the counts are the last one.
    BatchOutcome out;
    Status s = ok_status();
    while (PGresult* raw = PQgetResult(conn_.get())) {
      PgResult r(raw);
      const ExecStatusType st = PQresultStatus(raw);
      if (st == PGRES_TUPLES_OK && PQntuples(raw) == 1 &&
          PQnfields(raw) == 3 + static_cast<int>(kTableCount) - 1) {
        auto cell = [&](int c) {
          return static_cast<std::size_t>(std::stoull(PQgetvalue(raw, 0, c)));
        };
        out.loaded = cell(0);
        out.replaced = cell(1);
        out.kept_out = cell(2) - out.loaded - out.replaced;
        out.rows[kPages] = out.loaded + out.replaced;
        for (std::size_t t = 1; t < kTableCount; ++t)
          out.rows[t] = cell(static_cast<int>(t) + 2);
      } else if (s && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        const char* state = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
        retry = state != nullptr && (std::string(state) == "40P01" ||
                                     std::string(state) == "40001");
        s = Error{Errc::kIo,
                  describe("cannot write a batch", PQresultErrorMessage(raw))};
      }
    }
    if (!s) return fail(s.error());
    if (Status c = exec("COMMIT"); !c) return fail(c.error());
    return out;
  }

  Conn conn_;
  std::string merge_sql_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const Target& target) {
  auto db = std::make_unique<PostgresDatabase>(target);
  if (Status s = db->open(); !s) return s.error();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace qascrape::db
