#include "core/clock.h"

#include <ctime>

namespace qascrape {

std::string utc_now(const char* strftime_format) {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);  // thread-safe, unlike gmtime
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, strftime_format, &tm);
  return std::string(buf, n);
}

}  // namespace qascrape
