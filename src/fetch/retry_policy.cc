// Retry classification, backoff and Retry-After parsing.
#include "fetch/retry_policy.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <string>

namespace qascrape::fetch {

bool is_retryable_status(long status) {
  return status == 408 || status == 429 || status == 500 || status == 502 ||
         status == 503 || status == 504;
}

std::chrono::milliseconds backoff_delay(int retry, std::mt19937_64& rng) {
  constexpr long long kBaseMs = 500, kCapMs = 30'000;
  long long full = kBaseMs << std::clamp(retry - 1, 0, 10);
  full = std::min(full, kCapMs);
  std::uniform_int_distribution<long long> dist(full / 2, full);
  return std::chrono::milliseconds(dist(rng));
}

std::optional<std::chrono::seconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now,
    int max_s) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) {
    value.remove_suffix(1);
  }
  if (value.empty()) return std::nullopt;
  auto clamp = [max_s](long long s) {
    return std::chrono::seconds(std::clamp<long long>(s, 0, max_s));
  };
  if (std::all_of(value.begin(), value.end(),
                  [](unsigned char c) { return std::isdigit(c); })) {
    if (value.size() > 9) return clamp(max_s);
    return clamp(std::stoll(std::string(value)));
  }
  std::string text(value);
  static const char* kFormats[] = {"%a, %d %b %Y %H:%M:%S GMT",
                                   "%A, %d-%b-%y %H:%M:%S GMT",
                                   "%a %b %e %H:%M:%S %Y"};
  for (const char* fmt : kFormats) {
    std::tm tm{};
    const char* end = strptime(text.c_str(), fmt, &tm);
    if (end == nullptr || *end != '\0') continue;
    auto when = std::chrono::system_clock::from_time_t(timegm(&tm));
    auto delta =
        std::chrono::duration_cast<std::chrono::seconds>(when - now).count();
    return clamp(delta);
  }
  return std::nullopt;
}

}  // namespace qascrape::fetch
