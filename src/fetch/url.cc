// URL canonicalization, host keys and sharding (curl URL API).
#include <algorithm>
#include <cctype>
#include <mutex>
#include <string>

#include "core/text.h"
#include "fetch/curl_handles.h"
#include "fetch/fetch.h"

namespace qascrape::fetch {

void ensure_curl_global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return s;
}

std::optional<std::string> get_part(CURLU* u, CURLUPart part,
                                    unsigned int flags = 0) {
  char* raw = nullptr;
  if (curl_url_get(u, part, &raw, flags) != CURLUE_OK || raw == nullptr) {
    return std::nullopt;
  }
  CurlString owned(raw);
  return std::string(raw);
}

}  // namespace

Result<std::string> canonical_url(std::string_view url) {
  std::string text(trim_ascii(url));
  if (text.empty()) return make_error(Errc::kInvalidInput, "empty URL");
  if (text.size() > kMaxUrlBytes) {
    std::string message = "invalid URL: ";
    message.append(std::to_string(text.size()))
        .append(" bytes, over the limit of ")
        .append(std::to_string(kMaxUrlBytes))
        .append(" bytes");
    return make_error(Errc::kInvalidInput, std::move(message));
  }
  if (text.find('\0') != std::string::npos) {
    return make_error(Errc::kInvalidInput, "URL contains a NUL byte");
  }
  UrlHandle u(curl_url());
  if (!u) return make_error(Errc::kIo, "curl_url: out of memory");
  // Accept any scheme here so a gopher:// URL is reported as blocked, not
  // as unparsable.
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, text.c_str(),
                              CURLU_NON_SUPPORT_SCHEME);
  if (rc != CURLUE_OK) {
    return make_error(Errc::kInvalidInput,
                      std::string("invalid URL: ") + curl_url_strerror(rc));
  }
  auto scheme = get_part(u.get(), CURLUPART_SCHEME);
  if (!scheme) return make_error(Errc::kInvalidInput, "invalid URL: no scheme");
  std::string s = lower(*scheme);
  if (s != "http" && s != "https") {
    return make_error(Errc::kBlocked, "scheme not allowed: " + s);
  }
  auto host = get_part(u.get(), CURLUPART_HOST);
  if (!host || host->empty()) {
    return make_error(Errc::kInvalidInput, "invalid URL: no host");
  }
  if (curl_url_set(u.get(), CURLUPART_SCHEME, s.c_str(), 0) != CURLUE_OK ||
      curl_url_set(u.get(), CURLUPART_HOST, lower(*host).c_str(), 0) !=
          CURLUE_OK ||
      curl_url_set(u.get(), CURLUPART_FRAGMENT, nullptr, 0) != CURLUE_OK) {
    return make_error(Errc::kInvalidInput, "invalid URL: bad host");
  }
  // Credentials in a crawl list are a leak waiting to happen; refuse them.
  if (get_part(u.get(), CURLUPART_USER)) {
    return make_error(Errc::kInvalidInput, "invalid URL: contains credentials");
  }
  auto out = get_part(u.get(), CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
  if (!out) return make_error(Errc::kInvalidInput, "invalid URL");
  return *out;
}

std::string host_key(std::string_view canonical) {
  UrlHandle u(curl_url());
  if (!u) return {};
  std::string text(canonical);
  if (curl_url_set(u.get(), CURLUPART_URL, text.c_str(),
                   CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return {};
  }
  auto host = get_part(u.get(), CURLUPART_HOST);
  return host ? lower(*host) : std::string();
}

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

bool in_shard(std::string_view host, int k, int n) {
  if (n <= 1) return true;
  if (k < 0 || k >= n) return false;
  return fnv1a64(host) % static_cast<std::uint64_t>(n) ==
         static_cast<std::uint64_t>(k);
}

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kResponse:
      return "response";
    case Outcome::kFetchError:
      return "fetch_error";
    case Outcome::kTooLarge:
      return "too_large";
    case Outcome::kBlocked:
      return "blocked";
    case Outcome::kRobotsDisallowed:
      return "robots_disallowed";
    case Outcome::kInvalidUrl:
      return "invalid_url";
  }
  return "unknown";
}

}  // namespace qascrape::fetch
