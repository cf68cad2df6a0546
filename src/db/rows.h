#pragma once

// The tables of spec/database.md, written down once (both engines make
// their DDL, inserts and COPY from this), and the one mapping from a record
// to their rows.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace qascrape::db {

// The layout these tables make; stored in the schema_version table.
inline constexpr int kLayoutVersion = 1;
// The record schema_version this loader reads (spec/output.md).
inline constexpr int kRecordSchemaVersion = 1;

enum class ColType {
  kText,
  kInt,   // 64-bit
  kJson,  // TEXT (JSON) in SQLite, jsonb in PostgreSQL
  kTime,  // RFC 3339 TEXT in SQLite, timestamptz in PostgreSQL
};

struct Column {
  const char* name;
  ColType type;
  bool not_null = false;
};

struct Table {
  const char* name;
  std::vector<Column> columns;  // url first
  std::size_t key_size;         // the first key_size columns are the key
};

enum TableId { kPages, kAnswers, kCauses, kDrugs, kRecommendedDoctors };
inline constexpr std::size_t kTableCount = 5;

// pages, answers, causes, drugs, recommended_doctors (TableId order).
const std::array<Table, kTableCount>& tables();

using Value = std::variant<std::monostate, long long, std::string>;
using Row = std::vector<Value>;  // one value per column of its table

// Every row one record gives, table by table.
struct PageRows {
  std::string url;
  std::optional<long long> fetched_at_us;  // freshness (see freshness.h)
  std::array<std::vector<Row>, kTableCount> rows;
};

// Maps one JSON Lines record (without its '\n') to rows. Errc::kInvalidInput
// with the reason for a line that is not a record: not JSON, not an object,
// another schema_version, no url, a field of the wrong type, a time that is
// not RFC 3339, a NUL character (no database text type holds one).
// Records with a failure status give their pages row only.
Result<PageRows> to_rows(std::string_view line);

// Microseconds since 1970 (UTC) of an RFC 3339 time
// ("2026-11-20T08:00:00Z", "2024-02-24T20:54:00.5+08:00"); nullopt when it
// is not one.
std::optional<long long> parse_rfc3339_us(std::string_view text);

}  // namespace qascrape::db
