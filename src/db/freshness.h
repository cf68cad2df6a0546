#pragma once

// Newer replaces older (spec/database.md), in one place: the C++ rule the
// SQLite engine applies and the same rule as SQL for PostgreSQL's upsert
// (a test checks that the two agree on every case).

#include <optional>
#include <string>

namespace qascrape::db {

// True when a record fetched at `incoming` replaces a stored page fetched
// at `stored` (microseconds; nullopt for a record without fetch.fetched_at):
// the same time or later replaces; a time always replaces no time; no time
// replaces only no time.
bool replaces(std::optional<long long> incoming,
              std::optional<long long> stored);

// replaces() as an SQL boolean over two column expressions.
std::string replaces_sql(const std::string& incoming,
                         const std::string& stored);

}  // namespace qascrape::db
