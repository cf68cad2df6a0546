#include "db/freshness.h"

namespace qascrape::db {

bool replaces(std::optional<long long> incoming,
              std::optional<long long> stored) {
  if (incoming) return !stored || *incoming >= *stored;
  return !stored;
}

std::string replaces_sql(const std::string& incoming,
                         const std::string& stored) {
  return "((" + incoming + " IS NOT NULL AND (" + stored + " IS NULL OR " +
         incoming + " >= " + stored + ")) OR (" + incoming + " IS NULL AND " +
         stored + " IS NULL))";
}

}  // namespace qascrape::db
