#pragma once

// The DDL of tables() for one engine: column types, keys, and the foreign
// keys of the child tables to pages.

#include <string>
#include <vector>

#include "db/rows.h"

namespace qascrape::db {

enum class Dialect { kSqlite, kPostgres };

// The engine's type name of a column type.
const char* sql_type(ColType type, Dialect dialect);

// CREATE TABLE statements for every table, then schema_version's.
std::vector<std::string> create_statements(Dialect dialect);

// "a, b, c": the column names of `table`.
std::string column_list(const Table& table, const std::string& prefix = "");

}  // namespace qascrape::db
