#pragma once

#include <string>

namespace qascrape {

// The one wall clock: the current UTC time formatted by strftime. Record
// times (fetch.fetched_at) and WARC-Date use the RFC 3339 form; store file
// names use kCompactUtc.
inline constexpr const char* kRfc3339Utc = "%Y-%m-%dT%H:%M:%SZ";
inline constexpr const char* kCompactUtc = "%Y%m%d%H%M%S";

std::string utc_now(const char* strftime_format = kRfc3339Utc);

// A time left as a person reads it: "45s", "3m05s", "1h02m".
std::string short_duration(double seconds);

}  // namespace qascrape
