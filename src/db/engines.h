#pragma once

// The two engines behind open_database().

#include <memory>

#include "db/db.h"

namespace qascrape::db {

Result<std::unique_ptr<Database>> open_sqlite(const Target& target);
Result<std::unique_ptr<Database>> open_postgres(const Target& target);

}  // namespace qascrape::db
