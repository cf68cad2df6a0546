// When and how long to wait before trying a URL again.
#pragma once

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

namespace qascrape::fetch {

// 408, 429, 500, 502, 503, 504: the server may answer differently later.
bool is_retryable_status(long status);

// Exponential backoff with jitter for the n-th retry (n >= 1): base 500 ms
// doubling, capped at 30 s, then a random point in [half, full] so many
// clients do not retry in lockstep.
std::chrono::milliseconds backoff_delay(int retry, std::mt19937_64& rng);

// Retry-After as delta-seconds or an HTTP-date (IMF-fixdate, RFC 850 or
// asctime), relative to `now`; clamped to [0, max_s]. nullopt if unparsable.
std::optional<std::chrono::seconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now,
    int max_s);

}  // namespace qascrape::fetch
