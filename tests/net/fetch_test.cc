// fetch against local servers that misbehave on purpose. Only 127.0.0.1.
#include "fetch/fetch.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "fetch/address_guard.h"
#include "fetch/curl_handles.h"
#include "fetch/curl_options.h"
#include "fetch/retry_policy.h"
#include "fetch/robots.h"
#include "test_server.h"

namespace qascrape::fetch {
namespace {

using qascrape::testing::Clock;
using qascrape::testing::HttpServer;
using qascrape::testing::RawServer;
using std::chrono::milliseconds;

FetchOptions test_options() {
  FetchOptions o;
  o.allow_private = true;
  o.timeout_s = 10;
  o.connect_timeout_s = 5;
  return o;
}

// Fetches the URLs in order; responses come back indexed by request id.
std::vector<Response> fetch_all(const FetchOptions& options,
                                const std::vector<std::string>& urls) {
  Fetcher fetcher(options);
  std::size_t next = 0;
  std::vector<Response> out(urls.size());
  fetcher.run(
      [&]() -> std::optional<Request> {
        if (next == urls.size()) return std::nullopt;
        Request r{next, urls[next]};
        ++next;
        return r;
      },
      [&](Response&& r) { out[r.id] = std::move(r); });
  return out;
}

Response fetch_one(const FetchOptions& options, const std::string& url) {
  return fetch_all(options, {url})[0];
}

std::string gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9,
               Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A raw server that answers every connection with the same bytes.
RawServer::Handler fixed_response(std::string bytes) {
  return [bytes](int fd, const std::atomic<bool>& stopping) {
    RawServer::read_request(fd, stopping);
    RawServer::send_all(fd, bytes);
  };
}

// ---------------------------------------------------------------- URLs

TEST(CanonicalUrl, CaseDefaultPortAndFragmentAreNormalized) {
  auto a = canonical_url("HTTP://LOCALHOST:8080/a#x");
  auto b = canonical_url("http://localhost:8080/a");
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*a, "http://localhost:8080/a");
  EXPECT_EQ(*canonical_url("http://Example.COM:80/a?b=1#frag"),
            "http://example.com/a?b=1");
  EXPECT_EQ(*canonical_url("https://Example.com:443"), "https://example.com/");
  EXPECT_EQ(*canonical_url("  https://ask.39.net/question/1.html \n"),
            "https://ask.39.net/question/1.html");
  // Path case is significant and stays.
  EXPECT_EQ(*canonical_url("http://a.com/Q/X.htm"), "http://a.com/Q/X.htm");
}

TEST(CanonicalUrl, OtherSchemesAreBlocked) {
  auto f = canonical_url("file:///etc/passwd");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, Errc::kBlocked);
  auto g = canonical_url("gopher://example.com/x");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().code, Errc::kBlocked);
  EXPECT_EQ(g.error().message, "scheme not allowed: gopher");
  auto z = canonical_url("zzz://example.com/");
  ASSERT_FALSE(z.ok());
  EXPECT_EQ(z.error().code, Errc::kBlocked);
}

TEST(CanonicalUrl, GarbageIsInvalidInput) {
  for (const char* bad : {"", "not a url", "http://", "http://exa mple.com/",
                          "//example.com/x", "http://[::1/"}) {
    auto r = canonical_url(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, Errc::kInvalidInput) << bad;
  }
}

TEST(HostKey, LowerCaseHostAndStableShards) {
  EXPECT_EQ(host_key("http://ask.39.net/q/1.html"), "ask.39.net");
  EXPECT_EQ(host_key(*canonical_url("HTTP://WWW.120ASK.COM/x")),
            "www.120ask.com");
  EXPECT_EQ(host_key("garbage"), "");
  // FNV-1a 64 reference values: every machine must agree.
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  int hits = 0;
  for (int k = 0; k < 4; ++k) hits += in_shard("ask.39.net", k, 4) ? 1 : 0;
  EXPECT_EQ(hits, 1);
  EXPECT_TRUE(in_shard("x", 0, 1));
  EXPECT_FALSE(in_shard("x", 5, 4));
}

// ---------------------------------------------------------- pure pieces

TEST(Robots, GroupsLongestMatchWildcardsAndAnchors) {
  const char* text =
      "# comment\n"
      "User-agent: otherbot\n"
      "Disallow: /\n"
      "\n"
      "User-agent: *\n"
      "Disallow: /private\n"
      "Allow: /private/open\n"
      "Disallow: /*.php$\n"
      "Disallow: /search*q=\n"
      "Crawl-delay: 1.5\n";
  RobotsRules r = RobotsRules::parse(text, "qascrape/0.1 (+x)");
  EXPECT_TRUE(r.allowed("/"));
  EXPECT_FALSE(r.allowed("/private"));
  EXPECT_FALSE(r.allowed("/private/x"));
  EXPECT_TRUE(r.allowed("/private/open/1"));
  EXPECT_FALSE(r.allowed("/a/b.php"));
  EXPECT_TRUE(r.allowed("/a/b.php?x=1"));
  EXPECT_FALSE(r.allowed("/search/x?q=1"));
  EXPECT_TRUE(r.allowed("/robots.txt"));
  ASSERT_TRUE(r.crawl_delay().has_value());
  EXPECT_DOUBLE_EQ(*r.crawl_delay(), 1.5);

  RobotsRules own = RobotsRules::parse(
      "User-agent: *\nDisallow: /\n\nUser-agent: QAScrape\nDisallow: /x\n",
      "qascrape/0.1");
  EXPECT_TRUE(own.allowed("/y"));
  EXPECT_FALSE(own.allowed("/x"));
  EXPECT_TRUE(RobotsRules::parse("", "qascrape").allowed("/any"));
  EXPECT_TRUE(
      RobotsRules::parse("User-agent: *\nDisallow:\n", "q").allowed("/"));
  EXPECT_FALSE(RobotsRules::disallow_all().allowed("/a"));
  EXPECT_TRUE(robots_pattern_matches("/a*b*c$", "/axxbyyc"));
  EXPECT_FALSE(robots_pattern_matches("/a*b*c$", "/axxbyycd"));
}

// tests/data/robots_matching.tsv: rules, a path, and whether it is allowed.
TEST(Robots, MatchesOnTheNormalForm) {
  std::ifstream in(std::string(QASCRAPE_SOURCE_DIR) +
                   "/tests/data/robots_matching.tsv");
  ASSERT_TRUE(in);
  int cases = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    ASSERT_NE(t2, std::string::npos) << line;
    std::string rules = line.substr(0, t1);
    for (std::size_t at; (at = rules.find("\\n")) != std::string::npos;)
      rules.replace(at, 2, "\n");
    const std::string path = line.substr(t1 + 1, t2 - t1 - 1);
    const bool want = line.substr(t2 + 1) == "yes";
    EXPECT_EQ(RobotsRules::parse(rules, "qascrape/1").allowed(path), want)
        << rules << " | " << path;
    ++cases;
  }
  EXPECT_GT(cases, 20);
}

// A hostile pattern costs time linear in it and the path: many stars over
// a long path that nearly matches.
TEST(Robots, HostilePatternIsNotQuadratic) {
  std::string pattern = "/";
  for (int i = 0; i < 20000; ++i) pattern += "a*";
  pattern += "b$";
  const std::string path = "/" + std::string(8000, 'a');
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i)
    EXPECT_FALSE(robots_pattern_matches(pattern, path));
  const double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  EXPECT_LT(s, 5.0);  // generous: ~0.03 s here
}

TEST(RetryPolicy, RetryAfterAndBackoff) {
  auto now = std::chrono::system_clock::from_time_t(1445412480);  // 07:28:00
  EXPECT_EQ(parse_retry_after("2", now, 120)->count(), 2);
  EXPECT_EQ(parse_retry_after("99999", now, 120)->count(), 120);
  EXPECT_EQ(
      parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now, 120)->count(),
      30);
  EXPECT_EQ(
      parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now, 120)->count(), 0);
  EXPECT_FALSE(parse_retry_after("soon", now, 120).has_value());
  std::mt19937_64 rng(1);
  for (int i = 1; i < 20; ++i) {
    auto d = backoff_delay(i, rng);
    EXPECT_GE(d.count(), 250);
    EXPECT_LE(d.count(), 30'000);
  }
  EXPECT_TRUE(is_retryable_status(503));
  EXPECT_FALSE(is_retryable_status(404));
}

// tests/data/address_guard.tsv: each address and the reason it is refused.
TEST(AddressGuard, SpecialRangesAreForbidden) {
  std::ifstream in(std::string(QASCRAPE_SOURCE_DIR) +
                   "/tests/data/address_guard.tsv");
  ASSERT_TRUE(in);
  int cases = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string ip = line.substr(0, tab), want = line.substr(tab + 1);
    std::string got;
    if (ip.find(':') == std::string::npos) {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      ASSERT_EQ(inet_pton(AF_INET, ip.c_str(), &a.sin_addr), 1) << ip;
      got = forbidden_address_reason(reinterpret_cast<sockaddr*>(&a), sizeof a);
    } else {
      sockaddr_in6 a{};
      a.sin6_family = AF_INET6;
      ASSERT_EQ(inet_pton(AF_INET6, ip.c_str(), &a.sin6_addr), 1) << ip;
      got = forbidden_address_reason(reinterpret_cast<sockaddr*>(&a), sizeof a);
    }
    if (want.empty())
      EXPECT_EQ(got, "") << ip;
    else
      EXPECT_EQ(got.rfind(want, 0), 0u) << ip << ": got '" << got << "'";
    ++cases;
  }
  EXPECT_GT(cases, 40);
}

// ------------------------------------------------------------- network

TEST(Fetch, NotFoundIsNotRetried) {
  HttpServer s;
  s.start();
  Response r = fetch_one(test_options(), s.url("/missing"));
  EXPECT_EQ(r.outcome, Outcome::kResponse);
  EXPECT_EQ(r.http_status, 404);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(s.hits("/missing"), 1);
  EXPECT_FALSE(r.fetched_at.empty());
  EXPECT_EQ(r.fetched_at.back(), 'Z');
  EXPECT_EQ(r.remote_ip, "127.0.0.1");
  EXPECT_EQ(r.http_version, "1.1");
}

TEST(Fetch, ServiceUnavailableThenOk) {
  HttpServer s;
  std::atomic<int> n{0};
  s.routes().Get("/flaky",
                 [&](const httplib::Request&, httplib::Response& res) {
                   if (n++ == 0) {
                     res.status = 503;
                     res.set_content("busy", "text/plain");
                   } else {
                     res.set_content("fine", "text/plain");
                   }
                 });
  s.start();
  Response r = fetch_one(test_options(), s.url("/flaky"));
  EXPECT_EQ(r.outcome, Outcome::kResponse);
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.body, "fine");
}

TEST(Fetch, ServerErrorsExhaustRetries) {
  HttpServer s;
  s.routes().Get("/down", [](const httplib::Request&, httplib::Response& res) {
    res.status = 500;
  });
  s.start();
  FetchOptions o = test_options();
  o.retries = 1;
  Response r = fetch_one(o, s.url("/down"));
  EXPECT_EQ(r.outcome, Outcome::kResponse);
  EXPECT_EQ(r.http_status, 500);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(s.hits("/down"), 2);
}

TEST(Fetch, RetryAfterPausesTheWholeHost) {
  HttpServer s;
  std::atomic<int> n{0};
  s.routes().Get("/limited",
                 [&](const httplib::Request&, httplib::Response& res) {
                   if (n++ == 0) {
                     res.status = 429;
                     res.set_header("Retry-After", "2");
                   } else {
                     res.set_content("ok", "text/plain");
                   }
                 });
  s.routes().Get("/other", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("other", "text/plain");
  });
  s.start();
  FetchOptions o = test_options();
  o.per_host = 1;  // /other would start right after /limited without a pause
  auto rs = fetch_all(o, {s.url("/limited"), s.url("/other")});
  EXPECT_EQ(rs[0].outcome, Outcome::kResponse);
  EXPECT_EQ(rs[0].http_status, 200);
  EXPECT_EQ(rs[0].attempts, 2);
  EXPECT_EQ(rs[1].http_status, 200);
  auto limited = s.hit_times("/limited");
  auto other = s.hit_times("/other");
  ASSERT_EQ(limited.size(), 2u);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_GE(limited[1] - limited[0], milliseconds(1900));
  EXPECT_GE(other[0] - limited[0], milliseconds(1900));
}

TEST(Fetch, RedirectIsFollowed) {
  HttpServer s;
  s.routes().Get("/old", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/new", 302);
  });
  s.routes().Get("/new", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-Marker", "final");
    res.set_content("new page", "text/html; charset=utf-8");
  });
  s.start();
  Response r = fetch_one(test_options(), s.url("/old"));
  EXPECT_EQ(r.outcome, Outcome::kResponse);
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.url, s.url("/old"));
  EXPECT_EQ(r.final_url, s.url("/new"));
  EXPECT_EQ(r.body, "new page");
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.status_line, "HTTP/1.1 200 OK");
  bool marker = false;
  for (const auto& [k, v] : r.headers) {
    if (k == "X-Marker" && v == "final") marker = true;
    EXPECT_NE(k, "Location");  // headers are the final response's only
  }
  EXPECT_TRUE(marker);
}

TEST(Fetch, RedirectLoopIsAFetchError) {
  HttpServer s;
  s.routes().Get("/loop", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/loop", 302);
  });
  s.start();
  Response r = fetch_one(test_options(), s.url("/loop"));
  EXPECT_EQ(r.outcome, Outcome::kFetchError);
  EXPECT_NE(r.error_message.find("redirect"), std::string::npos)
      << r.error_message;
  EXPECT_EQ(r.attempts, 1);
}

TEST(Fetch, RedirectToFileSchemeIsBlocked) {
  HttpServer s;
  s.routes().Get("/evil", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("file:///etc/passwd", 302);
  });
  s.start();
  Response r = fetch_one(test_options(), s.url("/evil"));
  EXPECT_EQ(r.outcome, Outcome::kBlocked) << r.error_message;
  EXPECT_TRUE(r.body.empty());
}

TEST(Fetch, VerificationRedirectKeepsTheFinalUrl) {
  HttpServer s;
  s.routes().Get("/question/1.html",
                 [](const httplib::Request&, httplib::Response& res) {
                   res.set_redirect("/verify.html?from=question", 302);
                 });
  s.routes().Get("/verify.html",
                 [](const httplib::Request&, httplib::Response& res) {
                   res.set_content("<html>please verify</html>", "text/html");
                 });
  s.start();
  Response r = fetch_one(test_options(), s.url("/question/1.html"));
  EXPECT_EQ(r.outcome, Outcome::kResponse);
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.final_url, s.url("/verify.html?from=question"));
}

TEST(Fetch, SilentServerTimesOut) {
  RawServer s([](int fd, const std::atomic<bool>& stopping) {
    RawServer::read_request(fd, stopping);
    while (!stopping) {  // never answer; notice when the client leaves
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 50) > 0) {
        char c;
        if (recv(fd, &c, 1, 0) <= 0) return;
      }
    }
  });
  FetchOptions o = test_options();
  o.timeout_s = 2;
  o.retries = 1;
  o.obey_robots = false;
  auto start = Clock::now();
  Response r = fetch_one(o, s.url("/hang"));
  auto elapsed = Clock::now() - start;
  EXPECT_EQ(r.outcome, Outcome::kFetchError);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_LT(elapsed, std::chrono::seconds(20));
  EXPECT_GE(elapsed, std::chrono::seconds(3));
}

TEST(Fetch, EndlessBodyIsTooLarge) {
  RawServer s([](int fd, const std::atomic<bool>& stopping) {
    RawServer::read_request(fd, stopping);
    RawServer::send_all(fd,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                        "Connection: close\r\n\r\n");
    std::string chunk(64 * 1024, 'x');
    while (!stopping && RawServer::send_all(fd, chunk)) {
    }
  });
  FetchOptions o = test_options();
  o.max_bytes = 1 << 20;
  o.obey_robots = false;
  Response r = fetch_one(o, s.url("/endless"));
  EXPECT_EQ(r.outcome, Outcome::kTooLarge);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_TRUE(r.body.empty());
}

TEST(Fetch, GzipBodyIsDecoded) {
  std::string page = "<html><body>";
  for (int i = 0; i < 2000; ++i) page += "面部肌肉痉挛 " + std::to_string(i);
  page += "</body></html>";
  std::string gz = gzip(page);
  RawServer s(fixed_response(
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
      "Content-Encoding: gzip\r\nContent-Length: " +
      std::to_string(gz.size()) + "\r\nConnection: close\r\n\r\n" + gz));
  FetchOptions o = test_options();
  o.obey_robots = false;
  Response r = fetch_one(o, s.url("/gz"));
  ASSERT_EQ(r.outcome, Outcome::kResponse) << r.error_message;
  EXPECT_EQ(r.body, page);
}

TEST(Fetch, GzipBombStopsAtTheDecodedLimit) {
  std::string gz = gzip(std::string(64 << 20, '\0'));  // 64 MiB -> ~64 KiB
  RawServer s(fixed_response(
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
      "Content-Length: " +
      std::to_string(gz.size()) + "\r\nConnection: close\r\n\r\n" + gz));
  FetchOptions o = test_options();
  o.max_bytes = 1 << 20;
  o.obey_robots = false;
  Response r = fetch_one(o, s.url("/bomb"));
  EXPECT_EQ(r.outcome, Outcome::kTooLarge);
}

TEST(Fetch, ResetMidBodyIsRetriedThenFails) {
  RawServer s([](int fd, const std::atomic<bool>& stopping) {
    RawServer::read_request(fd, stopping);
    RawServer::send_all(fd,
                        "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" +
                            std::string(1000, 'a'));
    std::this_thread::sleep_for(milliseconds(50));
    RawServer::reset(fd);
  });
  FetchOptions o = test_options();
  o.retries = 1;
  o.obey_robots = false;
  Response r = fetch_one(o, s.url("/reset"));
  EXPECT_EQ(r.outcome, Outcome::kFetchError);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(s.connections(), 2);
  EXPECT_FALSE(r.error_message.empty());
}

TEST(Fetch, RobotsDisallowedPathIsNeverRequested) {
  HttpServer s;
  s.routes().Get(
      "/robots.txt", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("User-agent: *\nDisallow: /private\n", "text/plain");
      });
  s.routes().Get(R"(/.*)", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("page", "text/html");
  });
  s.start();
  auto rs = fetch_all(test_options(), {s.url("/private/a"), s.url("/public"),
                                       s.url("/private")});
  EXPECT_EQ(rs[0].outcome, Outcome::kRobotsDisallowed);
  EXPECT_EQ(rs[0].attempts, 0);
  EXPECT_EQ(rs[1].outcome, Outcome::kResponse);
  EXPECT_EQ(rs[2].outcome, Outcome::kRobotsDisallowed);
  EXPECT_EQ(s.hits("/private/a"), 0);
  EXPECT_EQ(s.hits("/private"), 0);
  EXPECT_EQ(s.hits("/public"), 1);
  EXPECT_EQ(s.hits("/robots.txt"), 1);
}

// A robots.txt over 512 KiB that says so in Content-Length is read up to
// the cap and obeyed, not taken as unreachable (which shuts a site out).
TEST(Fetch, OversizedRobotsIsReadUpToTheCap) {
  HttpServer s;
  s.routes().Get("/robots.txt",
                 [](const httplib::Request&, httplib::Response& res) {
                   std::string text = "User-agent: *\nDisallow: /private\n";
                   while (text.size() < 700 * 1024)
                     text += "# padding padding padding\n";
                   res.set_content(text, "text/plain");
                 });
  s.routes().Get(R"(/.*)", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("page", "text/html");
  });
  s.start();
  auto rs = fetch_all(test_options(), {s.url("/public"), s.url("/private")});
  EXPECT_EQ(rs[0].outcome, Outcome::kResponse) << rs[0].error_message;
  EXPECT_EQ(rs[1].outcome, Outcome::kRobotsDisallowed);
  EXPECT_EQ(s.hits("/public"), 1);
  EXPECT_EQ(s.hits("/private"), 0);
}

TEST(Fetch, RobotsServerErrorDisallowsAll) {
  HttpServer s;
  s.routes().Get("/robots.txt",
                 [](const httplib::Request&, httplib::Response& res) {
                   res.status = 503;
                 });
  s.routes().Get("/page", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("page", "text/html");
  });
  s.start();
  auto rs = fetch_all(test_options(), {s.url("/page"), s.url("/page?x=1")});
  for (const Response& r : rs) {
    EXPECT_EQ(r.outcome, Outcome::kRobotsDisallowed);
    EXPECT_NE(r.error_message.find("503"), std::string::npos);
  }
  EXPECT_EQ(s.hits("/page"), 0);
  EXPECT_EQ(s.hits("/robots.txt"), 1);
}

TEST(Fetch, UnreachableRobotsIsAFetchErrorAndPagesAreNotRequested) {
  RawServer s([](int fd, const std::atomic<bool>& stopping) {
    RawServer::read_request(fd, stopping);
    RawServer::reset(fd);
  });
  FetchOptions o = test_options();
  o.retries = 1;
  auto rs = fetch_all(o, {s.url("/a"), s.url("/b")});
  for (const Response& r : rs) {
    EXPECT_EQ(r.outcome, Outcome::kFetchError);
    EXPECT_NE(r.error_message.find("robots.txt"), std::string::npos)
        << r.error_message;
    EXPECT_EQ(r.attempts, 0);
  }
  EXPECT_EQ(s.connections(), 2);  // robots.txt and its one retry, no page
}

TEST(Fetch, CrawlDelayAndRobotsWaitWithoutSpinning) {
  HttpServer s;
  s.routes().Get(
      "/robots.txt", [](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(milliseconds(500));
        res.set_content("User-agent: *\nCrawl-delay: 0.4\n", "text/plain");
      });
  s.routes().Get(R"(/c/\d+)",
                 [](const httplib::Request&, httplib::Response& res) {
                   res.set_content("c", "text/plain");
                 });
  s.start();
  std::clock_t cpu0 = std::clock();
  auto rs =
      fetch_all(test_options(), {s.url("/c/1"), s.url("/c/2"), s.url("/c/3")});
  double cpu_s = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
  for (const Response& r : rs) EXPECT_EQ(r.http_status, 200);
  auto t1 = s.hit_times("/c/1"), t2 = s.hit_times("/c/2"),
       t3 = s.hit_times("/c/3");
  ASSERT_EQ(t1.size() + t2.size() + t3.size(), 3u);
  std::vector<Clock::time_point> all = {t1[0], t2[0], t3[0]};
  std::sort(all.begin(), all.end());
  EXPECT_GE(all[1] - all[0], milliseconds(380));
  EXPECT_GE(all[2] - all[1], milliseconds(380));
  // Includes the server threads; a busy-waiting loop would burn ~0.5 s here.
  EXPECT_LT(cpu_s, 0.25);
}

TEST(Fetch, NoRobotsOptionSkipsRobots) {
  HttpServer s;
  s.routes().Get("/page", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("page", "text/html");
  });
  s.start();
  FetchOptions o = test_options();
  o.obey_robots = false;
  Response r = fetch_one(o, s.url("/page"));
  EXPECT_EQ(r.outcome, Outcome::kResponse);
  EXPECT_EQ(s.hits("/robots.txt"), 0);
}

TEST(Fetch, GbkPageKeepsContentTypeAndBytes) {
  // "引起面部肌肉痉挛的原因" in GBK, labelled only in the HTTP header.
  const std::string gbk =
      "\xD2\xFD\xC6\xF0\xC3\xE6\xB2\xBF\xBC\xA1\xC8\xE2\xBE\xB7\xC2\xCE"
      "\xB5\xC4\xD4\xAD\xD2\xF2";
  HttpServer s;
  s.routes().Get("/gbk.htm",
                 [&](const httplib::Request&, httplib::Response& res) {
                   res.set_content("<html><title>" + gbk + "</title></html>",
                                   "text/html; charset=GBK");
                 });
  s.start();
  Response r = fetch_one(test_options(), s.url("/gbk.htm"));
  ASSERT_EQ(r.outcome, Outcome::kResponse);
  EXPECT_EQ(r.content_type, "text/html; charset=GBK");
  EXPECT_EQ(r.body, "<html><title>" + gbk + "</title></html>");
}

TEST(Fetch, BadUrlsFailWithoutTraffic) {
  auto rs = fetch_all(test_options(),
                      {"gopher://example.com/", "file:///etc/passwd", "nope"});
  EXPECT_EQ(rs[0].outcome, Outcome::kBlocked);
  EXPECT_EQ(rs[0].error_message, "scheme not allowed: gopher");
  EXPECT_EQ(rs[1].outcome, Outcome::kBlocked);
  EXPECT_EQ(rs[2].outcome, Outcome::kInvalidUrl);
}

TEST(Fetch, PrivateAddressesAreBlockedAtConnect) {
  HttpServer s;
  s.routes().Get("/a", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("secret", "text/plain");
  });
  s.start();
  std::string port = std::to_string(s.port());
  FetchOptions o = test_options();
  o.allow_private = false;
  auto rs = fetch_all(
      o, {"http://127.0.0.1:" + port + "/a", "http://localhost:" + port + "/a",
          "http://2130706433:" + port + "/a",
          "http://[::ffff:127.0.0.1]:" + port + "/a"});
  for (const Response& r : rs) {
    EXPECT_EQ(r.outcome, Outcome::kBlocked) << r.url << " " << r.error_message;
    EXPECT_NE(r.error_message.find("not allowed"), std::string::npos);
    EXPECT_TRUE(r.body.empty());
  }
  EXPECT_EQ(s.total_hits(), 0);
}

TEST(Fetch, PerHostConcurrencyIsBounded) {
  HttpServer s;
  std::atomic<int> current{0}, max_seen{0};
  s.routes().Get(
      R"(/slow/\d+)", [&](const httplib::Request&, httplib::Response& res) {
        int now = ++current;
        int prev = max_seen.load();
        while (now > prev && !max_seen.compare_exchange_weak(prev, now)) {
        }
        std::this_thread::sleep_for(milliseconds(150));
        --current;
        res.set_content("slow", "text/plain");
      });
  s.start();
  FetchOptions o = test_options();
  o.per_host = 3;
  o.concurrency = 10;
  std::vector<std::string> urls;
  for (int i = 0; i < 20; ++i)
    urls.push_back(s.url("/slow/" + std::to_string(i)));
  auto rs = fetch_all(o, urls);
  for (const Response& r : rs) EXPECT_EQ(r.http_status, 200);
  EXPECT_LE(max_seen.load(), 3);
  EXPECT_GT(max_seen.load(), 1);
}

TEST(Fetch, DelayBetweenStartsToOneHost) {
  HttpServer s;
  s.routes().Get(R"(/d/\d+)",
                 [](const httplib::Request&, httplib::Response& res) {
                   res.set_content("d", "text/plain");
                 });
  s.start();
  FetchOptions o = test_options();
  o.delay_ms = 200;
  o.obey_robots = false;
  std::vector<std::string> urls;
  for (int i = 0; i < 4; ++i) urls.push_back(s.url("/d/" + std::to_string(i)));
  auto start = Clock::now();
  fetch_all(o, urls);
  EXPECT_GE(Clock::now() - start, milliseconds(550));
}

TEST(Fetch, SourceIsPulledLazily) {
  HttpServer s;
  s.routes().Get(R"(/p/\d+)",
                 [](const httplib::Request&, httplib::Response& res) {
                   res.set_content("p", "text/plain");
                 });
  s.start();
  FetchOptions o = test_options();
  o.max_pending = 4;
  o.obey_robots = false;
  Fetcher f(o);
  std::uint64_t pulled = 0, finished = 0, max_outstanding = 0;
  f.run(
      [&]() -> std::optional<Request> {
        if (pulled == 40) return std::nullopt;
        max_outstanding = std::max(max_outstanding, pulled - finished);
        ++pulled;
        return Request{pulled, s.url("/p/" + std::to_string(pulled))};
      },
      [&](Response&& r) {
        EXPECT_EQ(r.http_status, 200);
        ++finished;
      });
  EXPECT_EQ(finished, 40u);
  EXPECT_LE(max_outstanding, 4u);
  EXPECT_EQ(f.stats().responses, 40u);
}

TEST(Fetch, StopReturnsPromptly) {
  RawServer s([](int fd, const std::atomic<bool>& stopping) {
    RawServer::read_request(fd, stopping);
    while (!stopping) std::this_thread::sleep_for(milliseconds(20));
  });
  FetchOptions o = test_options();
  o.obey_robots = false;
  o.timeout_s = 60;
  Fetcher f(o);
  int n = 0, done = 0;
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(300));
    f.stop();
  });
  auto start = Clock::now();
  f.run(
      [&]() -> std::optional<Request> {
        if (n == 5) return std::nullopt;
        ++n;
        return Request{static_cast<std::uint64_t>(n), s.url("/x")};
      },
      [&](Response&&) { ++done; });
  stopper.join();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(done, 0);
}

}  // namespace
}  // namespace qascrape::fetch

// A refused option is reported by name and stops the set-up there.
TEST(CurlOptions, FirstRefusedOptionIsNamedAndLaterOnesAreSkipped) {
  qascrape::fetch::ensure_curl_global_init();
  qascrape::fetch::EasyHandle easy(curl_easy_init());
  ASSERT_TRUE(easy);
  qascrape::fetch::EasyOptions o(easy.get());
  QASCRAPE_SETOPT(o, CURLOPT_NOSIGNAL, 1L);
  EXPECT_TRUE(o.ok());
  QASCRAPE_SETOPT(o, CURLOPT_HTTP_VERSION, 999L);  // no such version
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.error().find("CURLOPT_HTTP_VERSION"), std::string::npos)
      << o.error();
  QASCRAPE_SETOPT(o, CURLOPT_PROTOCOLS_STR, "no-such-protocol");
  EXPECT_EQ(o.error().find("CURLOPT_PROTOCOLS_STR"), std::string::npos);

  qascrape::fetch::MultiHandle multi(curl_multi_init());
  ASSERT_TRUE(multi);
  qascrape::fetch::MultiOptions m(multi.get());
  QASCRAPE_SETOPT(m, CURLMOPT_MAX_HOST_CONNECTIONS, 4L);
  EXPECT_TRUE(m.ok()) << m.error();
  QASCRAPE_SETOPT(m, static_cast<CURLMoption>(99999), 1L);
  EXPECT_FALSE(m.ok());
}
