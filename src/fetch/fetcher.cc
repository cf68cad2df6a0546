// The crawler's transfer engine: one curl multi handle, a pull-based source,
// per-host queues with politeness, robots.txt gating and retries.
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

#include "core/clock.h"
#include "core/text.h"
#include "fetch/address_guard.h"
#include "fetch/curl_handles.h"
#include "fetch/curl_options.h"
#include "fetch/fetch.h"
#include "fetch/retry_policy.h"
#include "fetch/robots.h"

namespace qascrape::fetch {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kRobotsMaxBytes = 512 * 1024;  // RFC 9309: >= 500 KiB
constexpr int kRobotsMaxRedirects = 5;

// Network failures worth another attempt; the rest are permanent.
bool is_retryable_curl_error(CURLcode rc) {
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return false;
  }
}

struct UrlParts {
  std::string host;    // lower-case
  std::string origin;  // scheme://host:port (robots.txt scope)
  std::string path;    // path + "?query", for robots matching
};

std::optional<UrlParts> split_url(const std::string& url) {
  UrlHandle u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return std::nullopt;
  }
  auto get = [&](CURLUPart part, unsigned flags) -> std::optional<std::string> {
    char* raw = nullptr;
    if (curl_url_get(u.get(), part, &raw, flags) != CURLUE_OK || !raw) {
      return std::nullopt;
    }
    CurlString owned(raw);
    return std::string(raw);
  };
  auto scheme = get(CURLUPART_SCHEME, 0);
  auto port = get(CURLUPART_PORT, CURLU_DEFAULT_PORT);
  auto path = get(CURLUPART_PATH, 0);
  if (!scheme || !port || !path) return std::nullopt;
  UrlParts parts;
  parts.host = host_key(url);
  parts.origin = *scheme + "://" + parts.host + ":" + *port;
  parts.path = *path;
  if (auto query = get(CURLUPART_QUERY, 0)) parts.path += "?" + *query;
  return parts;
}

}  // namespace

class Fetcher::Impl {
 public:
  explicit Impl(FetchOptions options) : opt_(std::move(options)) {
    ensure_curl_global_init();
    opt_.concurrency = std::max(1, opt_.concurrency);
    opt_.per_host = std::max(1, opt_.per_host);
    opt_.retries = std::max(0, opt_.retries);
    max_pending_ = opt_.max_pending > 0 ? opt_.max_pending
                                        : std::max(64, 4 * opt_.concurrency);
    multi_.reset(curl_multi_init());
    if (!multi_) {
      init_error_ = "curl_multi_init failed";
    } else {
      MultiOptions m(multi_.get());
      QASCRAPE_SETOPT(m, CURLMOPT_MAX_HOST_CONNECTIONS,
                      static_cast<long>(opt_.per_host));
      QASCRAPE_SETOPT(m, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      static_cast<long>(opt_.concurrency));
      QASCRAPE_SETOPT(m, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
      // Without its connection limits the crawl would not be polite: refuse.
      if (!m.ok()) {
        init_error_ = m.error();
        multi_.reset();
      }
    }
    for (const std::string& entry : opt_.resolve) {
      // Appending returns the head: new only when the list was empty.
      curl_slist* head = curl_slist_append(resolve_.get(), entry.c_str());
      if (head != nullptr && !resolve_) resolve_.reset(head);
    }
    rng_.seed(std::random_device{}());
  }

  ~Impl() { abort_all(); }

  void run(const std::function<std::optional<Request>()>& next,
           const std::function<void(Response&&)>& done);
  void stop() {
    stop_requested_ = true;
    if (multi_) curl_multi_wakeup(multi_.get());
  }
  Stats stats() const {
    Stats s;
    s.requests = requests_;
    s.retries = retries_;
    s.bytes = bytes_;
    s.robots_fetches = robots_fetches_;
    s.responses = responses_;
    s.fetch_errors = fetch_errors_;
    s.too_large = too_large_;
    s.blocked = blocked_;
    s.robots_disallowed = robots_disallowed_;
    s.invalid_urls = invalid_urls_;
    return s;
  }

 private:
  struct Task {
    Request request;
    std::string url;  // canonical; what we actually request
    UrlParts parts;
    int attempts = 0;
    Clock::time_point not_before{};
  };

  // One attempt in flight; owns its easy handle and what it received.
  struct Transfer {
    Impl* impl = nullptr;
    EasyHandle easy;
    std::unique_ptr<Task> task;  // null for a robots.txt fetch
    std::string host;
    std::string origin;
    std::size_t limit = 0;
    std::string body;
    bool too_large = false;
    bool allow_private = false;
    std::string blocked_reason;
    std::string status_line;
    std::vector<std::pair<std::string, std::string>> headers;
    std::array<char, CURL_ERROR_SIZE> errbuf{};
  };

  struct HostState {
    int in_flight = 0;
    int delay_ms = 0;
    Clock::time_point next_start{};    // last start + delay
    Clock::time_point paused_until{};  // Retry-After
    std::deque<std::unique_ptr<Task>> waiting;
  };

  struct RobotsState {
    enum class Phase { kUnknown, kFetching, kReady } phase = Phase::kUnknown;
    RobotsRules rules;
    std::string note;          // why everything is disallowed, if it is
    bool unreachable = false;  // network failure, not an HTTP answer
    int attempts = 0;
    Clock::time_point retry_at{};
  };

  static std::size_t on_write(char* data, std::size_t size, std::size_t n,
                              void* user);
  static std::size_t on_header(char* data, std::size_t size, std::size_t n,
                               void* user);
  static curl_socket_t on_open_socket(void* user, curlsocktype purpose,
                                      curl_sockaddr* address);

  void admit(Request request);
  void finish(const Task& task, Response&& response);
  void finish_without_transfer(const Task& task, Outcome outcome,
                               std::string message);
  void schedule();
  void start_host(const std::string& host, HostState& h);
  bool start_transfer(const std::string& url, std::unique_ptr<Task> task,
                      const std::string& host, const std::string& origin,
                      HostState& h);
  int drain_messages();
  void on_task_done(Transfer& tr, CURLcode rc);
  void on_robots_done(Transfer& tr, CURLcode rc);
  int wait_ms() const;
  void abort_all();

  FetchOptions opt_;
  Slist resolve_;  // --resolve entries, shared by every transfer
  int max_pending_ = 64;
  MultiHandle multi_;
  std::string init_error_;  // why multi_ is null, for every response
  std::mt19937_64 rng_;
  std::atomic<bool> stop_requested_{false};
  const std::function<void(Response&&)>* done_ = nullptr;

  std::unordered_map<std::string, HostState> hosts_;
  std::unordered_map<std::string, RobotsState> robots_;
  std::set<std::string> active_hosts_;  // hosts with waiting tasks
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers_;
  int in_flight_ = 0;  // transfers, incl. robots.txt
  int pending_ = 0;    // tasks pulled and not yet finished
  bool source_done_ = false;

  std::atomic<std::uint64_t> requests_{0}, retries_{0}, bytes_{0},
      robots_fetches_{0}, responses_{0}, fetch_errors_{0}, too_large_{0},
      blocked_{0}, robots_disallowed_{0}, invalid_urls_{0};
};

std::size_t Fetcher::Impl::on_write(char* data, std::size_t size, std::size_t n,
                                    void* user) {
  auto* tr = static_cast<Transfer*>(user);
  std::size_t len = size * n;
  // Counted on decoded bytes, so a gzip bomb stops at the limit too.
  if (tr->body.size() + len > tr->limit) {
    std::size_t room = tr->limit - tr->body.size();
    tr->body.append(data, room);
    tr->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  tr->body.append(data, len);
  tr->impl->bytes_ += len;
  return len;
}

std::size_t Fetcher::Impl::on_header(char* data, std::size_t size,
                                     std::size_t n, void* user) {
  auto* tr = static_cast<Transfer*>(user);
  std::size_t len = size * n;
  std::string_view line(data, len);
  if (line.substr(0, 5) == "HTTP/") {
    // A new response (redirect hop, 100 Continue): keep only the last.
    tr->status_line = std::string(trim_ascii(line));
    tr->headers.clear();
    return len;
  }
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    if (!tr->headers.empty()) {  // obsolete line folding
      tr->headers.back().second += " ";
      tr->headers.back().second += trim_ascii(line);
    }
    return len;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  tr->headers.emplace_back(std::string(trim_ascii(line.substr(0, colon))),
                           std::string(trim_ascii(line.substr(colon + 1))));
  return len;
}

curl_socket_t Fetcher::Impl::on_open_socket(void* user, curlsocktype purpose,
                                            curl_sockaddr* address) {
  auto* tr = static_cast<Transfer*>(user);
  // Checked on the resolved address, so DNS names and numeric tricks such
  // as http://2130706433/ cannot reach a private address.
  if (purpose == CURLSOCKTYPE_IPCXN && !tr->allow_private) {
    std::string why =
        forbidden_address_reason(&address->addr, address->addrlen);
    if (!why.empty()) {
      tr->blocked_reason = address_to_string(&address->addr, address->addrlen) +
                           " (" + why + ")";
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC,
                address->protocol);
}

void Fetcher::Impl::run(const std::function<std::optional<Request>()>& next,
                        const std::function<void(Response&&)>& done) {
  done_ = &done;
  if (!multi_) {
    // Without a multi handle nothing can be fetched; report every request.
    while (auto r = next()) {
      Response resp;
      resp.id = r->id;
      resp.url = r->url;
      resp.outcome = Outcome::kFetchError;
      resp.error_message = init_error_;
      resp.fetched_at = utc_now();
      done(std::move(resp));
    }
    return;
  }
  while (!stop_requested_) {
    while (!source_done_ && pending_ < max_pending_ && !stop_requested_) {
      std::optional<Request> r = next();
      if (!r) {
        source_done_ = true;
        break;
      }
      admit(std::move(*r));
    }
    schedule();
    if (pending_ == 0 && source_done_) break;
    int running = 0;
    curl_multi_perform(multi_.get(), &running);
    if (drain_messages() > 0) continue;  // freed capacity: schedule again
    curl_multi_poll(multi_.get(), nullptr, 0, wait_ms(), nullptr);
  }
  abort_all();
  done_ = nullptr;
}

void Fetcher::Impl::admit(Request request) {
  auto task = std::make_unique<Task>();
  task->request = std::move(request);
  Result<std::string> canonical = canonical_url(task->request.url);
  if (!canonical.ok()) {
    Outcome o = canonical.error().code == Errc::kBlocked ? Outcome::kBlocked
                                                         : Outcome::kInvalidUrl;
    ++pending_;  // finish() decrements
    finish_without_transfer(*task, o, canonical.error().message);
    return;
  }
  task->url = std::move(canonical).value();
  auto parts = split_url(task->url);
  if (!parts || parts->host.empty()) {
    ++pending_;
    finish_without_transfer(*task, Outcome::kInvalidUrl, "invalid URL");
    return;
  }
  task->parts = std::move(*parts);
  std::string host = task->parts.host;
  auto [it, inserted] = hosts_.try_emplace(host);
  if (inserted) it->second.delay_ms = std::max(0, opt_.delay_ms);
  it->second.waiting.push_back(std::move(task));
  active_hosts_.insert(host);
  ++pending_;
}

void Fetcher::Impl::finish(const Task&, Response&& response) {
  switch (response.outcome) {
    case Outcome::kResponse:
      ++responses_;
      break;
    case Outcome::kFetchError:
      ++fetch_errors_;
      break;
    case Outcome::kTooLarge:
      ++too_large_;
      break;
    case Outcome::kBlocked:
      ++blocked_;
      break;
    case Outcome::kRobotsDisallowed:
      ++robots_disallowed_;
      break;
    case Outcome::kInvalidUrl:
      ++invalid_urls_;
      break;
  }
  --pending_;
  if (done_ && *done_) (*done_)(std::move(response));
}

void Fetcher::Impl::finish_without_transfer(const Task& task, Outcome outcome,
                                            std::string message) {
  Response resp;
  resp.id = task.request.id;
  resp.url = task.request.url;
  resp.outcome = outcome;
  resp.attempts = task.attempts;
  resp.error_message = std::move(message);
  resp.fetched_at = utc_now();
  finish(task, std::move(resp));
}

void Fetcher::Impl::schedule() {
  for (auto it = active_hosts_.begin(); it != active_hosts_.end();) {
    if (in_flight_ >= opt_.concurrency) return;
    HostState& h = hosts_[*it];
    start_host(*it, h);
    it = h.waiting.empty() ? active_hosts_.erase(it) : std::next(it);
  }
}

void Fetcher::Impl::start_host(const std::string& host, HostState& h) {
  for (auto t = h.waiting.begin(); t != h.waiting.end();) {
    Clock::time_point now = Clock::now();
    if (in_flight_ >= opt_.concurrency || h.in_flight >= opt_.per_host ||
        now < h.paused_until || now < h.next_start) {
      return;
    }
    Task& task = **t;
    if (task.not_before > now) {
      ++t;
      continue;
    }
    if (opt_.obey_robots) {
      RobotsState& rs = robots_[task.parts.origin];
      if (rs.phase == RobotsState::Phase::kUnknown && now < rs.retry_at) {
        ++t;
        continue;
      }
      if (rs.phase == RobotsState::Phase::kUnknown) {
        // robots.txt first, once per origin; it takes this slot.
        rs.phase = RobotsState::Phase::kFetching;
        ++rs.attempts;
        if (!start_transfer(task.parts.origin + "/robots.txt", nullptr, host,
                            task.parts.origin, h)) {
          rs.phase = RobotsState::Phase::kReady;
          rs.rules = RobotsRules::allow_all();
        }
        continue;
      }
      if (rs.phase == RobotsState::Phase::kFetching) {
        ++t;
        continue;
      }
      if (!rs.rules.allowed(task.parts.path)) {
        std::unique_ptr<Task> owned = std::move(*t);
        t = h.waiting.erase(t);
        // An unreachable site is a fetch error for the record, although
        // (RFC 9309) its pages are not requested.
        finish_without_transfer(
            *owned,
            rs.unreachable ? Outcome::kFetchError : Outcome::kRobotsDisallowed,
            rs.note.empty() ? "disallowed by robots.txt" : rs.note);
        continue;
      }
    }
    std::unique_ptr<Task> owned = std::move(*t);
    t = h.waiting.erase(t);
    std::string url = owned->url;
    std::string origin = owned->parts.origin;
    start_transfer(url, std::move(owned), host, origin, h);
  }
}

bool Fetcher::Impl::start_transfer(const std::string& url,
                                   std::unique_ptr<Task> task,
                                   const std::string& host,
                                   const std::string& origin, HostState& h) {
  auto tr = std::make_unique<Transfer>();
  tr->impl = this;
  tr->host = host;
  tr->origin = origin;
  tr->allow_private = opt_.allow_private;
  bool robots = task == nullptr;
  tr->limit = robots ? kRobotsMaxBytes : opt_.max_bytes;
  tr->easy.reset(curl_easy_init());
  if (!tr->easy) {
    if (task) {
      ++task->attempts;
      finish_without_transfer(*task, Outcome::kFetchError,
                              "curl_easy_init failed");
    }
    return false;
  }
  CURL* e = tr->easy.get();
  // Never 0, which curl reads as "no timeout".
  auto ms = [](double s) { return std::max(1L, static_cast<long>(s * 1000)); };
  EasyOptions o(e);
  QASCRAPE_SETOPT(o, CURLOPT_URL, url.c_str());
  QASCRAPE_SETOPT(o, CURLOPT_PRIVATE, tr.get());
  QASCRAPE_SETOPT(o, CURLOPT_ERRORBUFFER, tr->errbuf.data());
  QASCRAPE_SETOPT(o, CURLOPT_NOSIGNAL, 1L);
  QASCRAPE_SETOPT(o, CURLOPT_PROTOCOLS_STR, "http,https");
  QASCRAPE_SETOPT(o, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  QASCRAPE_SETOPT(o, CURLOPT_FOLLOWLOCATION, 1L);
  QASCRAPE_SETOPT(
      o, CURLOPT_MAXREDIRS,
      static_cast<long>(robots ? kRobotsMaxRedirects : opt_.max_redirects));
  QASCRAPE_SETOPT(o, CURLOPT_HTTP_VERSION,
                  static_cast<long>(CURL_HTTP_VERSION_2TLS));
  QASCRAPE_SETOPT(o, CURLOPT_PIPEWAIT, 1L);
  QASCRAPE_SETOPT(o, CURLOPT_ACCEPT_ENCODING, "");
  QASCRAPE_SETOPT(o, CURLOPT_USERAGENT, opt_.user_agent.c_str());
  QASCRAPE_SETOPT(o, CURLOPT_TIMEOUT_MS, ms(opt_.timeout_s));
  QASCRAPE_SETOPT(o, CURLOPT_CONNECTTIMEOUT_MS, ms(opt_.connect_timeout_s));
  QASCRAPE_SETOPT(o, CURLOPT_LOW_SPEED_LIMIT, opt_.low_speed_limit);
  QASCRAPE_SETOPT(o, CURLOPT_LOW_SPEED_TIME, opt_.low_speed_time_s);
  // A page over the limit is refused as soon as its Content-Length says so;
  // a robots.txt over it is read up to the limit and used (RFC 9309 2.5).
  if (!robots)
    QASCRAPE_SETOPT(o, CURLOPT_MAXFILESIZE_LARGE,
                    static_cast<curl_off_t>(tr->limit));
  // A proxy from the environment would make the address guard check the
  // proxy instead of the target; crawls connect directly.
  QASCRAPE_SETOPT(o, CURLOPT_PROXY, "");
  // --resolve pins a host to an address (a mirror, a test server); the
  // address guard still checks the address at connect time.
  if (resolve_) QASCRAPE_SETOPT(o, CURLOPT_RESOLVE, resolve_.get());
  QASCRAPE_SETOPT(o, CURLOPT_TCP_KEEPALIVE, 1L);
  QASCRAPE_SETOPT(o, CURLOPT_WRITEFUNCTION, &Impl::on_write);
  QASCRAPE_SETOPT(o, CURLOPT_WRITEDATA, tr.get());
  QASCRAPE_SETOPT(o, CURLOPT_HEADERFUNCTION, &Impl::on_header);
  QASCRAPE_SETOPT(o, CURLOPT_HEADERDATA, tr.get());
  QASCRAPE_SETOPT(o, CURLOPT_OPENSOCKETFUNCTION, &Impl::on_open_socket);
  QASCRAPE_SETOPT(o, CURLOPT_OPENSOCKETDATA, tr.get());

  if (!o.ok()) {
    if (task) {
      ++task->attempts;
      finish_without_transfer(*task, Outcome::kFetchError, o.error());
    }
    return false;
  }

  if (curl_multi_add_handle(multi_.get(), e) != CURLM_OK) {
    if (task) {
      ++task->attempts;
      finish_without_transfer(*task, Outcome::kFetchError,
                              "curl_multi_add_handle failed");
    }
    return false;
  }
  if (task) ++task->attempts;
  tr->task = std::move(task);
  ++h.in_flight;
  ++in_flight_;
  h.next_start = Clock::now() + milliseconds(h.delay_ms);
  ++requests_;
  if (robots) ++robots_fetches_;
  transfers_.emplace(e, std::move(tr));
  return true;
}

int Fetcher::Impl::drain_messages() {
  int finished = 0;
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* e = msg->easy_handle;
    CURLcode rc = msg->data.result;
    auto node = transfers_.extract(e);
    curl_multi_remove_handle(multi_.get(), e);
    if (node.empty()) continue;
    Transfer& tr = *node.mapped();
    HostState& h = hosts_[tr.host];
    --h.in_flight;
    --in_flight_;
    if (tr.task) {
      on_task_done(tr, rc);
    } else {
      on_robots_done(tr, rc);
    }
    ++finished;
  }
  return finished;
}

void Fetcher::Impl::on_task_done(Transfer& tr, CURLcode rc) {
  CURL* e = tr.easy.get();
  std::unique_ptr<Task> task = std::move(tr.task);
  HostState& h = hosts_[tr.host];
  Clock::time_point now = Clock::now();

  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);

  auto requeue = [&](std::optional<std::chrono::seconds> pause) {
    ++retries_;
    task->not_before = now + backoff_delay(task->attempts, rng_);
    if (pause) {
      h.paused_until = std::max(h.paused_until, now + *pause);
      task->not_before = std::max(task->not_before, h.paused_until);
    }
    // Retries go to the front: they are older than everything waiting.
    h.waiting.push_front(std::move(task));
    active_hosts_.insert(tr.host);
  };
  bool can_retry = task->attempts <= opt_.retries;

  Response resp;
  resp.id = task->request.id;
  resp.url = task->request.url;
  resp.attempts = task->attempts;
  resp.fetched_at = utc_now();
  resp.http_status = status;
  if (char* eff = nullptr;
      curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff) {
    resp.final_url = eff;
  }
  if (char* ip = nullptr;
      curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip) {
    resp.remote_ip = ip;
  }
  if (curl_off_t us = 0;
      curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &us) == CURLE_OK) {
    resp.seconds = static_cast<double>(us) / 1e6;
  }
  long version = 0;
  curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version);
  switch (version) {
    case CURL_HTTP_VERSION_1_0:
      resp.http_version = "1.0";
      break;
    case CURL_HTTP_VERSION_1_1:
      resp.http_version = "1.1";
      break;
    case CURL_HTTP_VERSION_2_0:
      resp.http_version = "2";
      break;
    case CURL_HTTP_VERSION_3:
      resp.http_version = "3";
      break;
    default:
      break;
  }
  std::string detail = tr.errbuf[0] ? std::string(tr.errbuf.data())
                                    : std::string(curl_easy_strerror(rc));

  if (rc != CURLE_OK && !tr.blocked_reason.empty()) {
    resp.outcome = Outcome::kBlocked;
    resp.error_message = "address not allowed: " + tr.blocked_reason +
                         "; --allow-private permits it";
  } else if (tr.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    resp.outcome = Outcome::kTooLarge;
    resp.error_message =
        "body larger than " + std::to_string(opt_.max_bytes) + " bytes";
  } else if (rc == CURLE_TOO_MANY_REDIRECTS) {
    resp.outcome = Outcome::kFetchError;
    resp.error_message = "too many redirects (more than " +
                         std::to_string(opt_.max_redirects) +
                         "), probably a redirect loop";
  } else if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
    // The first URL is always http(s), so this is a redirect elsewhere.
    resp.outcome = Outcome::kBlocked;
    resp.error_message = "redirect to a scheme not allowed: " + detail;
  } else if (rc != CURLE_OK) {
    if (can_retry && is_retryable_curl_error(rc)) return requeue(std::nullopt);
    resp.outcome = Outcome::kFetchError;
    resp.error_message = detail;
  } else {
    std::optional<std::chrono::seconds> pause;
    if (status == 429 || status == 503) {
      for (const auto& [name, value] : tr.headers) {
        if (iequals(name, "Retry-After")) {
          pause = parse_retry_after(value, std::chrono::system_clock::now(),
                                    opt_.max_retry_after_s);
        }
      }
    }
    if (can_retry && is_retryable_status(status)) return requeue(pause);
    if (pause) {
      // No retry left, but the server still asked the host to back off.
      h.paused_until = std::max(h.paused_until, now + *pause);
    }
    resp.outcome = Outcome::kResponse;
    if (char* ct = nullptr;
        curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) {
      resp.content_type = ct;
    }
    resp.status_line = std::move(tr.status_line);
    resp.headers = std::move(tr.headers);
    resp.body = std::move(tr.body);
  }
  finish(*task, std::move(resp));
}

void Fetcher::Impl::on_robots_done(Transfer& tr, CURLcode rc) {
  RobotsState& rs = robots_[tr.origin];
  rs.phase = RobotsState::Phase::kReady;
  long status = 0;
  curl_easy_getinfo(tr.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  if (tr.too_large || (rc == CURLE_OK && status >= 200 && status < 300)) {
    // An oversized file is parsed as far as we read it (RFC 9309 2.5).
    rs.rules = RobotsRules::parse(tr.body, opt_.user_agent);
  } else if (rc != CURLE_OK && !tr.blocked_reason.empty()) {
    // The page requests will be refused by the same guard and say why.
    rs.rules = RobotsRules::allow_all();
  } else if (rc == CURLE_OK && status >= 400 && status < 500) {
    rs.rules = RobotsRules::allow_all();
  } else if (rc == CURLE_OK && status >= 500) {
    rs.rules = RobotsRules::disallow_all();
    rs.note = "robots.txt answered HTTP " + std::to_string(status) +
              "; the whole site counts as disallowed";
  } else if (rc == CURLE_TOO_MANY_REDIRECTS || rc == CURLE_OK) {
    rs.rules = RobotsRules::allow_all();  // RFC 9309: like "unavailable"
  } else if (is_retryable_curl_error(rc) && rs.attempts <= opt_.retries) {
    // One transient failure must not shut a whole site out of the crawl.
    rs.phase = RobotsState::Phase::kUnknown;
    rs.retry_at = Clock::now() + backoff_delay(rs.attempts, rng_);
    ++retries_;
    return;
  } else {
    rs.rules = RobotsRules::disallow_all();
    rs.unreachable = true;
    rs.note = std::string("robots.txt could not be fetched (") +
              curl_easy_strerror(rc) + "); the site's pages were not requested";
  }
  if (auto delay = rs.rules.crawl_delay()) {
    HostState& h = hosts_[tr.host];
    double capped =
        std::min(*delay, static_cast<double>(opt_.max_retry_after_s));
    h.delay_ms = std::max(h.delay_ms, static_cast<int>(capped * 1000));
  }
}

int Fetcher::Impl::wait_ms() const {
  constexpr int kMaxWaitMs = 250;
  if (in_flight_ >= opt_.concurrency) return kMaxWaitMs;
  Clock::time_point now = Clock::now();
  Clock::time_point earliest = Clock::time_point::max();
  for (const std::string& host : active_hosts_) {
    const HostState& h = hosts_.at(host);
    if (h.in_flight >= opt_.per_host) continue;
    for (const auto& t : h.waiting) {
      Clock::time_point ready =
          std::max({h.next_start, h.paused_until, t->not_before});
      if (opt_.obey_robots) {
        auto rs = robots_.find(t->parts.origin);
        if (rs != robots_.end()) {
          // Waiting for robots.txt: its completion wakes the poll.
          if (rs->second.phase == RobotsState::Phase::kFetching) continue;
          if (rs->second.phase == RobotsState::Phase::kUnknown) {
            ready = std::max(ready, rs->second.retry_at);
          }
        }
      }
      earliest = std::min(earliest, ready);
    }
  }
  if (earliest == Clock::time_point::max()) return kMaxWaitMs;
  auto ms =
      std::chrono::duration_cast<milliseconds>(earliest - now).count() + 1;
  return static_cast<int>(std::clamp<long long>(ms, 0, kMaxWaitMs));
}

void Fetcher::Impl::abort_all() {
  for (auto& [easy, tr] : transfers_) {
    if (multi_) curl_multi_remove_handle(multi_.get(), easy);
  }
  transfers_.clear();
  hosts_.clear();
  active_hosts_.clear();
  in_flight_ = 0;
  pending_ = 0;
}

Fetcher::Fetcher(FetchOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
Fetcher::~Fetcher() = default;

void Fetcher::run(const std::function<std::optional<Request>()>& next,
                  const std::function<void(Response&&)>& done) {
  impl_->run(next, done);
}

void Fetcher::stop() { impl_->stop(); }

Stats Fetcher::stats() const { return impl_->stats(); }

}  // namespace qascrape::fetch
