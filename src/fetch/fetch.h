// fetch owns HTTP(S) retrieval with libcurl: politeness, retries, safety limits
// and robots.txt; it may use core.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/version.h"

namespace qascrape::fetch {

// Canonical form of an http(s) URL, parsed with the curl URL API: scheme and
// host lower-cased, default port dropped, fragment dropped, empty path "/".
// Other schemes -> Errc::kBlocked ("scheme not allowed: gopher");
// unparsable text -> Errc::kInvalidInput. This is also the duplicate key.
// A URL longer than kMaxUrlBytes is invalid (Errc::kInvalidInput naming the
// limit): curl refuses far longer ones mid-transfer, which can stall a host.
inline constexpr std::size_t kMaxUrlBytes = 8192;
Result<std::string> canonical_url(std::string_view url);

// Lower-case host of a canonical URL ("" if it does not parse). IPv6 hosts
// keep their brackets. Politeness and sharding are keyed by it.
std::string host_key(std::string_view canonical_url);

// Stable 64-bit FNV-1a, identical on every machine and build.
std::uint64_t fnv1a64(std::string_view bytes);

// True when `host` belongs to shard k of n (0 <= k < n, k is 0-based), so
// `--shard K/N` on N machines splits a list by host without coordination.
// n <= 1 puts everything in the one shard.
bool in_shard(std::string_view host, int k, int n);

struct FetchOptions {
  int concurrency = 16;  // transfers in flight, in total
  int per_host = 4;      // transfers in flight per host (incl. robots.txt)
  int delay_ms = 0;      // minimum gap between request starts to one host
  int retries = 2;       // extra attempts after the first
  double timeout_s = 30;
  double connect_timeout_s = 10;
  long low_speed_limit = 100;        // B/s; slower than this for ...
  long low_speed_time_s = 15;        // ... this long aborts the attempt
  std::size_t max_bytes = 10 << 20;  // decoded body limit
  int max_redirects = 5;
  std::string user_agent = kDefaultUserAgent;
  bool allow_private = false;  // permit loopback/private/link-local targets
  bool obey_robots = true;
  // "HOST:PORT:ADDRESS" entries, as curl's --resolve: connect to ADDRESS
  // for HOST:PORT instead of asking DNS.
  std::vector<std::string> resolve;
  int max_retry_after_s = 120;  // clamp for Retry-After and Crawl-delay
  // Requests pulled from the source but not finished; bounds memory.
  // 0 means max(64, 4 * concurrency).
  int max_pending = 0;
};

struct Request {
  std::uint64_t id = 0;
  std::string url;
};

enum class Outcome {
  kResponse,          // any HTTP response, incl. 4xx/5xx after retries
  kFetchError,        // DNS, connect, timeout, reset, redirect loop, ...
  kTooLarge,          // decoded body over max_bytes
  kBlocked,           // scheme or address not allowed
  kRobotsDisallowed,  // robots.txt forbids it; never requested
  kInvalidUrl,        // the URL does not parse
};

const char* outcome_name(Outcome outcome);

struct Response {
  std::uint64_t id = 0;
  std::string url;        // as requested (the Request's url)
  std::string final_url;  // after redirects (CURLINFO_EFFECTIVE_URL)
  Outcome outcome = Outcome::kFetchError;
  long http_status = 0;
  std::string content_type;  // verbatim from the final response
  std::vector<std::pair<std::string, std::string>> headers;  // final response
  std::string status_line;  // e.g. "HTTP/1.1 200 OK"
  std::string body;         // decoded bytes (Content-Encoding undone)
  int attempts = 0;         // every try, including the first
  std::string fetched_at;   // UTC RFC 3339 of the last attempt's end
  std::string error_message;
  std::string remote_ip;
  std::string http_version;  // "1.0", "1.1", "2", "3" or ""
  double seconds = 0;        // the last attempt's transfer time
};

struct Stats {
  std::uint64_t requests = 0;  // transfers started, incl. retries and robots
  std::uint64_t retries = 0;
  std::uint64_t bytes = 0;  // decoded body bytes received
  std::uint64_t robots_fetches = 0;
  std::uint64_t responses = 0;  // finished with Outcome::kResponse
  std::uint64_t fetch_errors = 0;
  std::uint64_t too_large = 0;
  std::uint64_t blocked = 0;
  std::uint64_t robots_disallowed = 0;
  std::uint64_t invalid_urls = 0;
};

// One libcurl multi handle driving many transfers on the calling thread.
class Fetcher {
 public:
  explicit Fetcher(FetchOptions options);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Pulls requests from `next` (std::nullopt = list exhausted) only while
  // fewer than max_pending are unfinished, and hands each finished response
  // to `done` on this thread. Returns when everything pulled is done, or
  // soon after stop(); requests unfinished at stop() get no callback.
  void run(const std::function<std::optional<Request>()>& next,
           const std::function<void(Response&&)>& done);

  // Thread-safe (e.g. from a signal-handling thread): makes run() return.
  void stop();

  Stats stats() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace qascrape::fetch
