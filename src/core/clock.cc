#include "core/clock.h"

#include <cstdio>
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

std::string short_duration(double seconds) {
  const long long s = seconds > 0 ? static_cast<long long>(seconds + 0.5) : 0;
  char out[32];
  if (s < 60) {
    std::snprintf(out, sizeof out, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(out, sizeof out, "%lldm%02llds", s / 60, s % 60);
  } else {
    std::snprintf(out, sizeof out, "%lldh%02lldm", s / 3600, s / 60 % 60);
  }
  return out;
}

}  // namespace qascrape
