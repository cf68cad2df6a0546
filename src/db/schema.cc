#include "db/schema.h"

#include "db/db.h"

namespace qascrape::db {

const char* sql_type(ColType type, Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgres;
  switch (type) {
    case ColType::kText:
      return pg ? "text" : "TEXT";
    case ColType::kInt:
      return pg ? "bigint" : "INTEGER";
    case ColType::kJson:
      return pg ? "jsonb" : "TEXT";
    case ColType::kTime:
      return pg ? "timestamptz" : "TEXT";
  }
  return "TEXT";
}

std::string column_list(const Table& table, const std::string& prefix) {
  std::string out;
  for (const Column& c : table.columns) {
    if (!out.empty()) out += ", ";
    out += prefix + c.name;
  }
  return out;
}

std::vector<std::string> create_statements(Dialect dialect) {
  std::vector<std::string> out;
  for (const Table& t : tables()) {
    std::string sql = std::string("CREATE TABLE ") + t.name + " (";
    for (const Column& c : t.columns) {
      sql += std::string(c.name) + " " + sql_type(c.type, dialect) +
             (c.not_null ? " NOT NULL" : "") + ", ";
    }
    sql += "PRIMARY KEY (";
    for (std::size_t i = 0; i < t.key_size; ++i)
      sql += std::string(i ? ", " : "") + t.columns[i].name;
    sql += ")";
    // Child rows belong to their page; a replaced page's rows go with it.
    if (std::string(t.name) != "pages")
      sql += ", FOREIGN KEY (url) REFERENCES pages (url) ON DELETE CASCADE";
    out.push_back(sql + ")");
  }
  out.push_back("CREATE TABLE schema_version (version INTEGER NOT NULL)");
  out.push_back("INSERT INTO schema_version (version) VALUES (" +
                std::to_string(kLayoutVersion) + ")");
  return out;
}

Status Database::ensure_schema() {
  if (Status s = begin_exclusive(); !s) return s;
  auto fail = [&](Error e) -> Status {
    (void)exec("ROLLBACK");
    return e;
  };
  auto has_version = table_exists("schema_version");
  if (!has_version) return fail(has_version.error());
  if (*has_version) {
    auto rows = query("SELECT max(version) FROM schema_version");
    if (!rows) return fail(rows.error());
    const long long version =
        rows->empty() || rows->front().empty() || !rows->front()[0]
            ? 0
            : std::stoll(*rows->front()[0]);
    if (version != kLayoutVersion) {
      return fail(Error{
          Errc::kConfig,
          describe(version > kLayoutVersion
                       ? "made by a newer qascrape (table layout " +
                             std::to_string(version) +
                             "; this build writes layout " +
                             std::to_string(kLayoutVersion) +
                             "); not touched: load with a newer qascrape"
                       : "has table layout " + std::to_string(version) +
                             ", which this build cannot upgrade (it writes "
                             "layout " +
                             std::to_string(kLayoutVersion) + "); not touched",
                   "")});
    }
    return exec("COMMIT");
  }
  auto has_pages = table_exists("pages");
  if (!has_pages) return fail(has_pages.error());
  if (*has_pages) {
    return fail(Error{Errc::kConfig,
                      describe("has a pages table but no schema_version "
                               "table: not made by qascrape load; not touched",
                               "")});
  }
  for (const std::string& sql : create_statements(
           is_postgres() ? Dialect::kPostgres : Dialect::kSqlite)) {
    if (Status s = exec(sql); !s) return fail(s.error());
  }
  return exec("COMMIT");
}

Result<std::array<long long, kTableCount>> Database::row_counts() {
  std::array<long long, kTableCount> out{};
  for (std::size_t i = 0; i < kTableCount; ++i) {
    auto rows = query(std::string("SELECT count(*) FROM ") + tables()[i].name);
    if (!rows) return rows.error();
    out[i] = std::stoll(rows->at(0).at(0).value_or("0"));
  }
  return out;
}

}  // namespace qascrape::db
