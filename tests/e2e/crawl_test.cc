// End-to-end tests of `qascrape crawl`: the built binary is run as a user
// would run it, against in-process HTTP servers on 127.0.0.1 that misbehave
// on purpose (spec/cli.md, spec/output.md: statuses, exactly-once, exit
// codes). No traffic leaves loopback; every test removes its temp dir.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../net/test_server.h"
#include "../support/template_drift.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using qascrape::testing::HttpServer;
using qascrape::testing::RawServer;
using SteadyClock = std::chrono::steady_clock;

const std::string kBin = QASCRAPE_BINARY;
const fs::path kSource = QASCRAPE_SOURCE_DIR;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

const std::string& seed_page() {
  static const std::string page =
      slurp(kSource / "fixtures/ask39/seed/page.html");
  return page;
}

// ---------------------------------------------------------------------------
// Running the binary.

// wait_exit() of a process a signal ended: kSignaled + the signal number.
constexpr int kSignaled = 1000;

struct Outcome {
  int code = -1;  // exit code, kSignaled + signal, -1 when it had to be killed
  std::string out, err;
  double seconds = 0;
};

// Starts `qascrape ARGS` with stdin/stdout/stderr redirected to files and a
// clean signal state (nothing blocked, SIGINT/SIGPIPE at their defaults).
pid_t spawn(const std::vector<std::string>& args, const fs::path& in,
            const fs::path& out, const fs::path& err) {
  std::vector<std::string> storage;
  storage.push_back(kBin);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int rc =
      posix_spawn(&pid, kBin.c_str(), &fa, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

// Waits for `pid`; after `limit_s` it is killed and -1 is returned.
int wait_exit(pid_t pid, double limit_s) {
  const auto deadline =
      SteadyClock::now() + std::chrono::duration<double>(limit_s);
  while (true) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return kSignaled + WTERMSIG(status);
      return -1;
    }
    if (r < 0) return -1;
    if (SteadyClock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Counts the lines of a growing file, reading only what was added since the
// last call.
class LineCounter {
 public:
  explicit LineCounter(fs::path p) : path_(std::move(p)) {}
  std::size_t count() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return lines_;
    in.seekg(static_cast<std::streamoff>(offset_));
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      const auto n = static_cast<std::size_t>(in.gcount());
      lines_ += static_cast<std::size_t>(std::count(buf, buf + n, '\n'));
      offset_ += n;
    }
    return lines_;
  }

 private:
  fs::path path_;
  std::size_t offset_ = 0, lines_ = 0;
};

// ---------------------------------------------------------------------------
// Reading records.

// Every line of a JSON Lines file, each checked to be one complete JSON
// object; `complete` is false when the file does not end with '\n'.
std::vector<json> read_records(const fs::path& p, bool* complete = nullptr) {
  const std::string text = slurp(p);
  if (complete != nullptr) *complete = text.empty() || text.back() == '\n';
  std::vector<json> out;
  std::istringstream in(text);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    json j = json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded())
        << p << " line " << n << " is not JSON: " << line.substr(0, 200);
    EXPECT_TRUE(j.is_object()) << p << " line " << n;
    if (j.is_object()) out.push_back(std::move(j));
  }
  return out;
}

std::vector<json> parse_lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    json j = json::parse(line, nullptr, false);
    EXPECT_TRUE(j.is_object()) << line.substr(0, 200);
    if (j.is_object()) out.push_back(std::move(j));
  }
  return out;
}

long long input_line(const json& rec) {
  const auto it = rec.find("input_line");
  return it != rec.end() && it->is_number_integer() ? it->get<long long>() : -1;
}

// Records keyed by input_line; a line answered twice is a failure.
std::map<long long, json> by_line(const std::vector<json>& records) {
  std::map<long long, json> out;
  for (const json& r : records) {
    const long long n = input_line(r);
    EXPECT_GT(n, 0) << r.dump().substr(0, 300);
    const bool fresh = out.emplace(n, r).second;
    EXPECT_TRUE(fresh) << "input_line " << n << " written twice";
  }
  return out;
}

// The file holds exactly one record for each of `lines`, and nothing else.
void expect_exactly_once(const fs::path& out,
                         const std::set<long long>& lines) {
  bool complete = false;
  const std::vector<json> records = read_records(out, &complete);
  EXPECT_TRUE(complete) << out << " ends with a torn line";
  std::map<long long, int> seen;
  for (const json& r : records) ++seen[input_line(r)];
  for (long long n : lines) {
    EXPECT_EQ(seen[n], 1) << "input_line " << n;
  }
  for (const auto& [n, times] : seen) {
    EXPECT_TRUE(lines.count(n)) << "unexpected input_line " << n;
  }
  EXPECT_EQ(records.size(), lines.size());
}

// "http://Host:1/x" -> "host".
std::string host_of(const std::string& url) {
  std::size_t start = url.find("://");
  if (start == std::string::npos) return {};
  start += 3;
  const std::size_t end = url.find_first_of(":/?#", start);
  std::string host = url.substr(start, end - start);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return host;
}

// A URL list built line by line, with the line numbers records will carry.
class UrlList {
 public:
  // A line that must produce a record; returns its 1-based line number.
  long long add(const std::string& text) {
    lines_.push_back(text);
    const long long n = static_cast<long long>(lines_.size());
    expected_.insert(n);
    return n;
  }
  // A blank or comment line: no record.
  void skip(const std::string& text) { lines_.push_back(text); }
  const std::set<long long>& expected() const { return expected_; }
  std::string text(const std::string& eol = "\n") const {
    std::string out;
    for (const std::string& l : lines_) out += l + eol;
    return out;
  }

 private:
  std::vector<std::string> lines_;
  std::set<long long> expected_;
};

// An HttpServer with enough handler threads for slow pages, which keeps
// connections open (cpp-httplib closes one after 5 requests by default, and
// its listen backlog of 5 then drops reconnects, adding 1 s SYN retries)
// and sends without Nagle delays.
void widen(HttpServer& s) {
  s.routes().new_task_queue = [] { return new httplib::ThreadPool(32); };
  s.routes().set_keep_alive_max_count(100000);
  s.routes().set_tcp_nodelay(true);
}

// ---------------------------------------------------------------------------

class CrawlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = fs::temp_directory_path() /
           ("qascrape_crawl_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(tmp_);
    fs::create_directories(tmp_);
  }
  void TearDown() override { fs::remove_all(tmp_); }

  Outcome run(const std::vector<std::string>& args,
              const fs::path& stdin_file = "/dev/null", double limit_s = 60) {
    const std::string tag = std::to_string(runs_++);
    const fs::path out = tmp_ / ("stdout" + tag), err = tmp_ / ("stderr" + tag);
    const auto t0 = SteadyClock::now();
    const pid_t pid = spawn(args, stdin_file, out, err);
    Outcome o;
    if (pid < 0) {
      ADD_FAILURE() << "cannot start " << kBin;
      return o;
    }
    o.code = wait_exit(pid, limit_s);
    o.seconds = std::chrono::duration<double>(SteadyClock::now() - t0).count();
    o.out = slurp(out);
    o.err = slurp(err);
    return o;
  }

  // Starts a crawl in the background, waits until `out` holds at least
  // `min_lines` lines, then sends `sig`. Returns the lines seen at that
  // moment and the exit status (kSignaled + signal when it died of it).
  std::pair<std::size_t, int> interrupt_at(const std::vector<std::string>& args,
                                           const fs::path& out,
                                           std::size_t min_lines, int sig) {
    const std::string tag = std::to_string(runs_++);
    const pid_t pid = spawn(args, "/dev/null", tmp_ / ("stdout" + tag),
                            tmp_ / ("stderr" + tag));
    if (pid < 0) {
      ADD_FAILURE() << "cannot start " << kBin;
      return {0, -1};
    }
    const auto deadline = SteadyClock::now() + std::chrono::seconds(30);
    std::size_t lines = 0;
    int status = 0;
    LineCounter counter(out);
    while (SteadyClock::now() < deadline) {
      lines = counter.count();
      if (lines >= min_lines) break;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        ADD_FAILURE() << "the crawl ended before it could be interrupted; "
                      << slurp(tmp_ / ("stderr" + tag));
        return {lines, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_GE(lines, min_lines) << "the crawl wrote too little in 30 s";
    kill(pid, sig);
    const int code = wait_exit(pid, 30);
    last_err_ = slurp(tmp_ / ("stderr" + tag));
    return {lines, code};
  }

  std::vector<std::string> crawl_args(const fs::path& list, const fs::path& out,
                                      std::vector<std::string> extra = {}) {
    std::vector<std::string> a = {"crawl",
                                  "--urls",
                                  list.string(),
                                  "-o",
                                  out.string(),
                                  "--store",
                                  (tmp_ / "store").string(),
                                  "--site",
                                  "ask39"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }

  fs::path tmp_;
  std::string last_err_;
  int runs_ = 0;
};

// ---------------------------------------------------------------------------
// One crawl of a list that hits every kind of misbehaviour; the checks below
// look at its records, stats, page store and exit code.

class MisbehavingServerCrawl : public ::testing::Test {
 protected:
  struct Lines {
    long long good, missing, flaky, throttled, moved, loop, verify, gbk, robots,
        file_scheme, gopher, not_url, no_host, dup_first, dup_case, dup_same,
        dup2_first, dup2_case, silent, endless;
  };

  static void SetUpTestSuite() {
    tmp_ = fs::temp_directory_path() /
           ("qascrape_crawl_" + std::to_string(::getpid()) + "_misbehaving");
    fs::remove_all(tmp_);
    fs::create_directories(tmp_);

    const std::string verify =
        slurp(kSource / "fixtures/ask39/verification/page.html");
    const std::string gbk =
        slurp(kSource / "fixtures/ask39/gbk-http-header/page.html");
    std::atomic<int> flaky{0}, throttled{0};
    HttpServer s;
    widen(s);
    auto& r = s.routes();
    r.Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("User-agent: *\nDisallow: /private\n", "text/plain");
    });
    auto seed = [](const httplib::Request&, httplib::Response& res) {
      res.set_content(seed_page(), "text/html; charset=utf-8");
    };
    r.Get("/good", seed);
    r.Get("/landing", seed);
    r.Get("/dup", seed);
    r.Get("/dup2", seed);
    r.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content("<html><title>404</title>not here</html>", "text/html");
    });
    r.Get("/flaky", [&](const httplib::Request& q, httplib::Response& res) {
      if (flaky++ == 0) {
        res.status = 503;
        res.set_content("busy", "text/plain");
      } else {
        seed(q, res);
      }
    });
    r.Get("/throttled", [&](const httplib::Request& q, httplib::Response& res) {
      if (throttled++ == 0) {
        res.status = 429;
        res.set_header("Retry-After", "1");
        res.set_content("slow down", "text/plain");
      } else {
        seed(q, res);
      }
    });
    r.Get("/moved", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/landing", 302);
    });
    r.Get("/loop", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/loop", 302);
    });
    r.Get("/question/guarded",
          [](const httplib::Request&, httplib::Response& res) {
            res.set_redirect("/verify.html?u=guarded", 302);
          });
    r.Get("/verify.html", [&](const httplib::Request&, httplib::Response& res) {
      res.set_content(verify, "text/html; charset=utf-8");
    });
    r.Get("/gbk", [&](const httplib::Request&, httplib::Response& res) {
      res.set_content(gbk, "text/html; charset=GBK");
    });
    r.Get("/private/secret.html", seed);
    r.Get("/commented-out", seed);
    s.start();

    // Behaviour no HTTP library produces: silence and an endless body.
    RawServer raw([](int fd, const std::atomic<bool>& stopping) {
      const std::string req = RawServer::read_request(fd, stopping);
      if (req.rfind("GET /robots.txt ", 0) == 0) {
        RawServer::send_all(fd,
                            "HTTP/1.1 404 Not Found\r\nContent-Length: "
                            "0\r\nConnection: close\r\n\r\n");
      } else if (req.rfind("GET /endless ", 0) == 0) {
        if (!RawServer::send_all(
                fd,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; "
                "charset=utf-8\r\nConnection: close\r\n\r\n")) {
          return;
        }
        const std::string chunk(16384, 'x');
        std::size_t sent = 0;
        while (!stopping && sent < (std::size_t{256} << 20) &&
               RawServer::send_all(fd, chunk)) {
          sent += chunk.size();
        }
      } else {
        // Never answers; returns when the client hangs up.
        char buf[256];
        while (!stopping) {
          pollfd p{fd, POLLIN, 0};
          if (poll(&p, 1, 50) > 0 && recv(fd, buf, sizeof buf, 0) <= 0) break;
        }
      }
    });

    const std::string host = "127.0.0.1:" + std::to_string(s.port());
    base_ = s.url("");
    UrlList l;
    Lines& n = lines_;
    n.good = l.add("\xEF\xBB\xBF" + s.url("/good"));  // BOM on line 1
    n.missing = l.add("   " + s.url("/missing") + "  ");
    l.skip("");
    l.skip("# a comment");
    n.flaky = l.add(s.url("/flaky"));
    n.throttled = l.add("\t" + s.url("/throttled") + "\t");
    n.moved = l.add(s.url("/moved"));
    n.loop = l.add(s.url("/loop"));
    n.verify = l.add(s.url("/question/guarded"));
    n.gbk = l.add(s.url("/gbk"));
    l.skip(" \t ");
    n.robots = l.add(s.url("/private/secret.html"));
    n.file_scheme = l.add("file:///etc/passwd");
    n.gopher = l.add("gopher://" + host + "/1");
    n.not_url = l.add("not a url");
    n.no_host = l.add("http://");
    l.skip("   # an indented comment");
    n.dup_first = l.add(s.url("/dup"));
    n.dup_case = l.add("HTTP://" + host + "/dup#section");
    n.dup_same = l.add(s.url("/dup"));
    n.dup2_first =
        l.add("http://Dup.LocalHost:" + std::to_string(s.port()) + "/dup2");
    n.dup2_case =
        l.add("http://dup.localhost:" + std::to_string(s.port()) + "/dup2#a");
    l.skip("#" + s.url("/commented-out"));
    n.silent = l.add(raw.url("/silent"));
    n.endless = l.add(raw.url("/endless"));
    l.skip("");
    expected_ = l.expected();
    spit(tmp_ / "urls.txt", l.text("\r\n"));  // CRLF line endings

    const std::vector<std::string> args = {"crawl",
                                           "--urls",
                                           (tmp_ / "urls.txt").string(),
                                           "-o",
                                           (tmp_ / "out.jsonl").string(),
                                           "--store",
                                           (tmp_ / "store").string(),
                                           "--stats",
                                           (tmp_ / "stats.json").string(),
                                           "--site",
                                           "ask39",
                                           "--allow-private",
                                           "--timeout",
                                           "2",
                                           "--max-bytes",
                                           "100000"};
    const auto t0 = SteadyClock::now();
    const pid_t pid =
        spawn(args, "/dev/null", tmp_ / "stdout", tmp_ / "stderr");
    ASSERT_GT(pid, 0);
    outcome_.code = wait_exit(pid, 90);
    outcome_.seconds =
        std::chrono::duration<double>(SteadyClock::now() - t0).count();
    outcome_.out = slurp(tmp_ / "stdout");
    outcome_.err = slurp(tmp_ / "stderr");

    for (const char* path :
         {"/good", "/missing", "/flaky", "/throttled", "/moved", "/landing",
          "/loop", "/question/guarded", "/verify.html", "/gbk",
          "/private/secret.html", "/dup", "/dup2", "/commented-out"}) {
      hits_[path] = s.hits(path);
    }
    const auto t = s.hit_times("/throttled");
    if (t.size() >= 2) {
      throttled_gap_s_ = std::chrono::duration<double>(t[1] - t[0]).count();
    }
    raw_connections_ = raw.connections();
    // `raw` and `s` stop here; `raw` waits for its handlers to return.
  }

  static void TearDownTestSuite() { fs::remove_all(tmp_); }

  void SetUp() override {
    ASSERT_NE(outcome_.code, -1) << "the crawl hung\n" << outcome_.err;
    records_ = read_records(tmp_ / "out.jsonl", &complete_);
    rec_ = by_line(records_);
  }

  // The record of a list line (an empty object if there is none).
  const json& at(long long line) {
    static const json kNone = json::object();
    const auto it = rec_.find(line);
    EXPECT_NE(it, rec_.end()) << "no record for line " << line;
    return it == rec_.end() ? kNone : it->second;
  }
  static std::string status(const json& r) { return r.value("status", ""); }

  static inline fs::path tmp_;
  static inline Lines lines_{};
  static inline std::set<long long> expected_;
  static inline Outcome outcome_;
  static inline std::map<std::string, int> hits_;
  static inline std::string base_;  // http://127.0.0.1:PORT
  static inline double throttled_gap_s_ = 0;
  static inline int raw_connections_ = 0;

  // The checks, one per aspect of the crawl.
  void ExitsOneWithinBoundsAndWritesOnlyToTheFile();
  void OneRecordPerNonBlankNonCommentLine();
  void StatusOfEachLine();
  void DuplicatesAreFetchedOnceAndNameTheFirstLine();
  void ServerSawWhatItShouldAndNothingElse();
  void StatsMatchTheRecords();
  void StoreReparsesToTheSameRecords();

  std::vector<json> records_;
  std::map<long long, json> rec_;
  bool complete_ = false;
};

void MisbehavingServerCrawl::ExitsOneWithinBoundsAndWritesOnlyToTheFile() {
  EXPECT_EQ(outcome_.code, 1) << outcome_.err;
  EXPECT_LT(outcome_.seconds, 30) << "the silent server was not timed out";
  EXPECT_TRUE(outcome_.out.empty()) << "records go to -o, not stdout";
  EXPECT_TRUE(complete_);
  // The log opens with the effective settings and names every failed URL
  // with its line and status, as parse names every failed page.
  // Not a terminal: each log line starts with its UTC time.
  static const std::regex kFirst(
      R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ qascrape crawl: settings: )");
  EXPECT_TRUE(std::regex_search(outcome_.err, kFirst))
      << outcome_.err.substr(0, 300);
  EXPECT_NE(outcome_.err.find(", timeout 2 s, "), std::string::npos);
  int failed = 0;
  for (const auto& [n, r] : rec_) {
    const std::string status = r.value("status", "");
    if (status == "ok" || status == "partial") continue;
    ++failed;
    std::string want = "qascrape crawl: line " + std::to_string(n) + ": ";
    if (r["url"].is_string()) want += r["url"].get<std::string>() + ": ";
    want += status;
    EXPECT_NE(outcome_.err.find(want), std::string::npos) << want;
  }
  EXPECT_GT(failed, 3);
}

void MisbehavingServerCrawl::OneRecordPerNonBlankNonCommentLine() {
  EXPECT_EQ(records_.size(), expected_.size());
  std::set<long long> got;
  for (const auto& [n, r] : rec_) got.insert(n);
  EXPECT_EQ(got, expected_);
  for (const json& r : records_) {
    EXPECT_EQ(r.value("schema_version", 0), 1);
    // Lines are trimmed and the BOM is gone from the URL the record names.
    if (r["url"].is_string()) {
      const std::string url = r["url"];
      EXPECT_EQ(url, std::string(url.c_str())) << "a NUL in " << url;
      EXPECT_TRUE(!url.empty() && url.front() != ' ' && url.back() != ' ' &&
                  url.front() != '\t' && url.back() != '\t' &&
                  url.back() != '\r')
          << "[" << url << "]";
      EXPECT_EQ(url.rfind("\xEF\xBB\xBF", 0), std::string::npos) << url;
    }
    if (status(r) == "ok" || status(r) == "partial") {
      EXPECT_TRUE(r["error"].is_null()) << r["error"];
    } else {
      EXPECT_EQ(r["error"]["code"], r["status"]) << r.dump().substr(0, 300);
    }
  }
}

void MisbehavingServerCrawl::StatusOfEachLine() {
  const Lines& n = lines_;
  const json& good = at(n.good);
  EXPECT_EQ(status(good), "ok") << good["error"];
  EXPECT_EQ(good["answers"][0]["doctor"]["name"], "袁余");
  EXPECT_EQ(good["fetch"]["attempts"], 1);
  EXPECT_EQ(good["fetch"]["http_status"], 200);
  EXPECT_EQ(good["site"], "ask39");

  const json& missing = at(n.missing);
  EXPECT_EQ(status(missing), "http_error");
  EXPECT_EQ(missing["fetch"]["http_status"], 404);

  const json& flaky = at(n.flaky);
  EXPECT_EQ(status(flaky), "ok") << flaky["error"];
  EXPECT_EQ(flaky["fetch"]["attempts"], 2);
  EXPECT_EQ(flaky["fetch"]["http_status"], 200);

  const json& throttled = at(n.throttled);
  EXPECT_EQ(status(throttled), "ok") << throttled["error"];
  EXPECT_EQ(throttled["fetch"]["attempts"], 2);
  EXPECT_GE(throttled_gap_s_, 0.9) << "Retry-After: 1 was not honoured";

  const json& moved = at(n.moved);
  EXPECT_EQ(status(moved), "ok") << moved["error"];
  EXPECT_EQ(moved["url"], base_ + "/moved");
  EXPECT_EQ(moved["final_url"], base_ + "/landing");

  const json& loop = at(n.loop);
  EXPECT_EQ(status(loop), "fetch_error");
  EXPECT_NE(loop["error"]["message"].get<std::string>().find("redirect"),
            std::string::npos)
      << loop["error"];

  const json& verify = at(n.verify);
  EXPECT_EQ(status(verify), "not_question_page") << verify["error"];
  EXPECT_EQ(verify["final_url"], base_ + "/verify.html?u=guarded");
  EXPECT_EQ(verify["fetch"]["http_status"], 200);
  EXPECT_EQ(verify["site"], "ask39");
  EXPECT_TRUE(verify["question"].is_null());

  const json& gbk = at(n.gbk);
  EXPECT_EQ(status(gbk), "ok") << gbk["error"];
  EXPECT_EQ(gbk["fetch"]["charset"], "gb18030");
  EXPECT_EQ(gbk["fetch"]["charset_source"], "http");
  EXPECT_EQ(gbk["question"]["title"], "腰椎间盘突出压迫神经腿麻怎么办");

  EXPECT_EQ(status(at(n.robots)), "robots_disallowed");
  EXPECT_EQ(status(at(n.file_scheme)), "blocked");
  EXPECT_EQ(status(at(n.gopher)), "blocked");
  EXPECT_EQ(status(at(n.not_url)), "invalid_url");
  EXPECT_EQ(status(at(n.no_host)), "invalid_url");

  const json& silent = at(n.silent);
  EXPECT_EQ(status(silent), "fetch_error") << silent["error"];
  EXPECT_GE(silent["fetch"]["attempts"].get<int>(), 1);

  const json& endless = at(n.endless);
  EXPECT_EQ(status(endless), "too_large") << endless["error"];
}

void MisbehavingServerCrawl::DuplicatesAreFetchedOnceAndNameTheFirstLine() {
  const Lines& n = lines_;
  EXPECT_EQ(status(at(n.dup_first)), "ok") << at(n.dup_first)["error"];
  EXPECT_EQ(hits_["/dup"], 1);
  for (long long line : {n.dup_case, n.dup_same}) {
    const json& r = at(line);
    EXPECT_EQ(status(r), "duplicate") << "line " << line;
    EXPECT_NE(r["error"]["message"].get<std::string>().find(
                  "line " + std::to_string(n.dup_first)),
              std::string::npos)
        << r["error"];
  }
  // Host case and fragment (on a *.localhost name, which is loopback).
  EXPECT_NE(status(at(n.dup2_first)), "duplicate");
  EXPECT_EQ(status(at(n.dup2_first)), "ok") << at(n.dup2_first)["error"];
  EXPECT_EQ(status(at(n.dup2_case)), "duplicate");
  EXPECT_NE(at(n.dup2_case)["error"]["message"].get<std::string>().find(
                "line " + std::to_string(n.dup2_first)),
            std::string::npos);
  EXPECT_EQ(hits_["/dup2"], 1);
}

void MisbehavingServerCrawl::ServerSawWhatItShouldAndNothingElse() {
  EXPECT_EQ(hits_["/private/secret.html"], 0) << "robots.txt was not obeyed";
  EXPECT_EQ(hits_["/commented-out"], 0) << "a # line was fetched";
  EXPECT_EQ(hits_["/good"], 1);
  EXPECT_EQ(hits_["/missing"], 1) << "a 404 is not retried";
  EXPECT_EQ(hits_["/flaky"], 2);
  EXPECT_EQ(hits_["/throttled"], 2);
  EXPECT_EQ(hits_["/landing"], 1);
  EXPECT_EQ(hits_["/verify.html"], 1);
  EXPECT_EQ(hits_["/gbk"], 1);
  EXPECT_GE(hits_["/loop"], 2);
  EXPECT_LE(hits_["/loop"], 20);
  EXPECT_GE(raw_connections_, 2);  // robots.txt, silent, endless
}

void MisbehavingServerCrawl::StatsMatchTheRecords() {
  const json stats = json::parse(slurp(tmp_ / "stats.json"), nullptr, false);
  ASSERT_TRUE(stats.is_object()) << slurp(tmp_ / "stats.json");
  std::map<std::string, std::size_t> counted;
  for (const json& r : records_) ++counted[status(r)];
  std::map<std::string, std::size_t> reported;
  for (const auto& [k, v] : stats["by_status"].items()) {
    reported[k] = v.get<std::size_t>();
  }
  EXPECT_EQ(reported, counted) << stats.dump(2);
  EXPECT_EQ(stats["records"].get<std::size_t>(), records_.size());
  EXPECT_EQ(stats["resumed"], 0);
  EXPECT_EQ(stats["interrupted"], false);
}

void MisbehavingServerCrawl::StoreReparsesToTheSameRecords() {
  const fs::path parsed = tmp_ / "parsed.jsonl";
  const std::vector<std::string> args = {
      "parse", "--site",        "ask39",
      "-o",    parsed.string(), (tmp_ / "store").string()};
  const pid_t pid =
      spawn(args, "/dev/null", tmp_ / "parse.out", tmp_ / "parse.err");
  ASSERT_GT(pid, 0);
  const int code = wait_exit(pid, 60);
  EXPECT_EQ(code, 1) << slurp(tmp_ / "parse.err");  // the failures fail again
  std::map<std::string, json> from_store;
  for (json r : read_records(parsed)) {
    r.erase("input_line");
    const std::string url = r.value("url", "");
    EXPECT_TRUE(from_store.emplace(url, r).second) << "stored twice: " << url;
  }
  const Lines& n = lines_;
  // Never fetched, so never stored (the identical duplicate line shares its
  // text with the first line, so it cannot be told apart here).
  const std::set<long long> never_fetched = {
      n.file_scheme, n.gopher,   n.not_url,  n.no_host,
      n.dup_case,    n.dup_same, n.dup2_case};
  std::size_t fetched = 0;
  for (auto [line, rec] : rec_) {
    rec.erase("input_line");
    const std::string url = rec["url"].is_string() ? rec.value("url", "") : "";
    const auto it = from_store.find(url);
    if (never_fetched.count(line)) {
      if (line != n.dup_same) {
        EXPECT_EQ(it, from_store.end())
            << "line " << line << " (" << status(rec) << ") is in the store";
      }
      continue;
    }
    ++fetched;
    if (it == from_store.end()) {
      ADD_FAILURE() << "line " << line << " (" << url << ", " << status(rec)
                    << ") has no store record";
      continue;
    }
    EXPECT_EQ(it->second, rec)
        << "line " << line << ": " << json::diff(rec, it->second).dump();
  }
  EXPECT_EQ(from_store.size(), fetched);
}

// One crawl (ctest runs every TEST in its own process, so the crawl is
// shared by running all the checks in one test).
TEST_F(MisbehavingServerCrawl, EveryLineGetsTheRecordItsFateCalls) {
  {
    SCOPED_TRACE("ExitsOneWithinBoundsAndWritesOnlyToTheFile");
    ExitsOneWithinBoundsAndWritesOnlyToTheFile();
  }
  {
    SCOPED_TRACE("OneRecordPerNonBlankNonCommentLine");
    OneRecordPerNonBlankNonCommentLine();
  }
  {
    SCOPED_TRACE("StatusOfEachLine");
    StatusOfEachLine();
  }
  {
    SCOPED_TRACE("DuplicatesAreFetchedOnceAndNameTheFirstLine");
    DuplicatesAreFetchedOnceAndNameTheFirstLine();
  }
  {
    SCOPED_TRACE("ServerSawWhatItShouldAndNothingElse");
    ServerSawWhatItShouldAndNothingElse();
  }
  {
    SCOPED_TRACE("StatsMatchTheRecords");
    StatsMatchTheRecords();
  }
  {
    SCOPED_TRACE("StoreReparsesToTheSameRecords");
    StoreReparsesToTheSameRecords();
  }
}

// ---------------------------------------------------------------------------

TEST_F(CrawlTest, LoopbackIsBlockedWithoutAllowPrivate) {
  HttpServer s;
  s.routes().Get("/good", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(seed_page(), "text/html; charset=utf-8");
  });
  s.start();
  spit(tmp_ / "urls.txt", s.url("/good") + "\n");
  Outcome o = run({"crawl", "--urls", (tmp_ / "urls.txt").string(), "-o",
                   (tmp_ / "out.jsonl").string(), "--store",
                   (tmp_ / "store").string(), "--site", "ask39"});
  EXPECT_EQ(o.code, 1) << o.err;
  const auto records = read_records(tmp_ / "out.jsonl");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["status"], "blocked");
  EXPECT_EQ(records[0]["input_line"], 1);
  EXPECT_NE(
      records[0]["error"]["message"].get<std::string>().find("allow-private"),
      std::string::npos)
      << records[0]["error"];
  EXPECT_EQ(s.total_hits(), 0) << "the server saw a request";
}

TEST_F(CrawlTest, AllOkListFromStdinToStdoutExitsZero) {
  HttpServer s;
  s.routes().Get(R"(/q/(\d+))",
                 [](const httplib::Request&, httplib::Response& res) {
                   res.set_content(seed_page(), "text/html; charset=utf-8");
                 });
  s.start();
  UrlList l;
  l.skip("# three pages");
  for (int i = 0; i < 3; ++i) l.add(s.url("/q/" + std::to_string(i)));
  spit(tmp_ / "urls.txt", l.text());
  Outcome o = run({"crawl", "--urls", "-", "--store", (tmp_ / "store").string(),
                   "--site", "ask39", "--allow-private"},
                  tmp_ / "urls.txt");
  EXPECT_EQ(o.code, 0) << o.err;
  const auto records = parse_lines(o.out);
  ASSERT_EQ(records.size(), 3u) << o.out.substr(0, 500) << o.err;
  std::set<long long> got;
  for (const json& r : records) {
    EXPECT_EQ(r["status"], "ok") << r["error"];
    got.insert(input_line(r));
  }
  EXPECT_EQ(got, l.expected());
  EXPECT_EQ(s.total_hits(), 4);  // robots.txt + three pages
}

// Proxy variables are ignored (README): with every one pointing at a port
// where nothing listens, the pages still come straight from the server, and
// the server sees our User-Agent.
TEST_F(CrawlTest, ProxyVariablesAreIgnored) {
  HttpServer s;
  std::string agent;
  s.routes().Get(R"(/q/(\d+))",
                 [&](const httplib::Request& req, httplib::Response& res) {
                   agent = req.get_header_value("User-Agent");
                   res.set_content(seed_page(), "text/html; charset=utf-8");
                 });
  s.start();
  UrlList l;
  l.add(s.url("/q/1"));
  spit(tmp_ / "urls.txt", l.text());
  const char* vars[] = {"http_proxy",  "https_proxy", "HTTP_PROXY",
                        "HTTPS_PROXY", "ALL_PROXY",   "all_proxy"};
  for (const char* v : vars) ::setenv(v, "http://127.0.0.1:1", 1);
  ::setenv("no_proxy", "", 1);
  Outcome o = run({"crawl", "--urls", "-", "--store", (tmp_ / "store").string(),
                   "--site", "ask39", "--allow-private", "--no-robots"},
                  tmp_ / "urls.txt");
  for (const char* v : vars) ::unsetenv(v);
  ::unsetenv("no_proxy");
  EXPECT_EQ(o.code, 0) << o.err;
  const auto records = parse_lines(o.out);
  ASSERT_EQ(records.size(), 1u) << o.err;
  EXPECT_EQ(records[0]["status"], "ok") << records[0]["error"];
  EXPECT_EQ(agent.rfind("qascrape/", 0), 0u) << agent;
  EXPECT_NE(agent.find("no contact given"), std::string::npos) << agent;
}

// A site that renamed span.doc_name: the crawl logs the alarm while it
// runs (before the summary), lists it in --stats, and exits 5.
TEST_F(CrawlTest, ChangedTemplateIsFlaggedWhileCrawlingAndExits5) {
  const std::string changed =
      qascrape::testing::with_doc_name_renamed(seed_page());
  HttpServer s;
  s.routes().Get(R"(/q/(\d+))",
                 [&changed](const httplib::Request&, httplib::Response& res) {
                   res.set_content(changed, "text/html; charset=utf-8");
                 });
  s.start();
  UrlList l;
  for (int i = 0; i < 12; ++i) l.add(s.url("/q/" + std::to_string(i)));
  spit(tmp_ / "urls.txt", l.text());
  Outcome o = run({"crawl", "--urls", (tmp_ / "urls.txt").string(), "--store",
                   (tmp_ / "store").string(), "--site", "ask39",
                   "--allow-private", "--stats", (tmp_ / "stats.json").string(),
                   "--report", (tmp_ / "report.html").string()});
  EXPECT_EQ(o.code, 5) << o.err;
  // The report's host table: 12 pages of 127.0.0.1, none failed.
  EXPECT_NE(slurp(tmp_ / "report.html")
                .find("data-host=\"127.0.0.1\" data-pages=\"12\" "
                      "data-failed=\"0\""),
            std::string::npos)
      << slurp(tmp_ / "report.html");
  const std::size_t alarm = o.err.find(
      "qascrape crawl: selector health: site ask39: field "
      "answer.doctor.name");
  ASSERT_NE(alarm, std::string::npos) << o.err;
  EXPECT_NE(o.err.find("'div.doctor_all span.doc_name'", alarm),
            std::string::npos)
      << o.err;
  // Raised with the evidence, not at the end: before the summary line.
  EXPECT_LT(alarm, o.err.find("pages/s")) << o.err;
  const json stats = json::parse(slurp(tmp_ / "stats.json"), nullptr, false);
  ASSERT_TRUE(stats.is_object());
  ASSERT_EQ(stats["health"].size(), 1u) << stats.dump(2);
  EXPECT_EQ(stats["health"][0]["field"], "answer.doctor.name");
  EXPECT_EQ(stats["health"][0]["filled"], 0);
  EXPECT_EQ(stats["health"][0]["seen"], 12);
  bool covered = false;
  for (const json& c : stats["coverage"])
    if (c["field"] == "answer.doctor.name")
      covered = c["flagged"] == true && c["filled"] == 0;
  EXPECT_TRUE(covered) << stats["coverage"].dump();

  // explain reads one page of the store by its URL.
  Outcome e = run({"explain", "--field", "answer.doctor.name", "--url",
                   s.url("/q/3"), (tmp_ / "store").string()});
  EXPECT_EQ(e.code, 0) << e.err;
  EXPECT_NE(e.out.find("step 'div.doctor_all span.doc_name': 0 match(es)  <- "
                       "matching stops here"),
            std::string::npos)
      << e.out << e.err;
  EXPECT_EQ(
      run({"explain", "--url", s.url("/q/99"), (tmp_ / "store").string()}).code,
      2);
}

TEST_F(CrawlTest, UsageAndOutputErrors) {
  spit(tmp_ / "urls.txt", "http://127.0.0.1:9/never\n");
  const std::string list = (tmp_ / "urls.txt").string();
  const std::string out = (tmp_ / "out.jsonl").string();
  const std::string store = (tmp_ / "store").string();
  EXPECT_EQ(run({"crawl", "-o", out, "--store", store}).code, 2)
      << "missing --urls";
  for (const char* shard : {"3/3", "0/0", "1", "a/b", "-1/3"}) {
    Outcome o = run({"crawl", "--urls", list, "-o", out, "--store", store,
                     "--shard", shard});
    EXPECT_EQ(o.code, 2) << "--shard " << shard << "\n" << o.err;
  }
  EXPECT_EQ(run({"crawl", "--urls", list, "--resume"}).code, 2)
      << "--resume without -o";
  EXPECT_EQ(run({"crawl", "--urls", (tmp_ / "no-such-list").string(), "-o", out,
                 "--store", store})
                .code,
            2);
  Outcome unwritable = run({"crawl", "--urls", list, "-o",
                            "/proc/no/such/dir/out.jsonl", "--store", store});
  EXPECT_EQ(unwritable.code, 4) << unwritable.err;
  Outcome bad_store = run(
      {"crawl", "--urls", list, "-o", out, "--store", "/proc/no/such/store"});
  EXPECT_EQ(bad_store.code, 4) << bad_store.err;
  // A disk that fills up mid-run: the crawl stops pulling URLs and exits 4.
  Outcome full = run({"crawl", "--urls", list, "-o", "/dev/full", "--store",
                      store, "--allow-private"});
  EXPECT_EQ(full.code, 4) << full.err;
  EXPECT_NE(full.err.find("No space left"), std::string::npos) << full.err;
}

// Issue 11: `crawl --urls L -o L` (or --stats/--report/--store L, or a
// hard link of L) is refused with exit 2 and L is left as it was.
TEST_F(CrawlTest, OutputThatIsTheUrlListIsRefused) {
  const fs::path list = tmp_ / "urls.txt";
  const std::string text = "http://127.0.0.1:9/never\n";
  spit(list, text);
  fs::create_hard_link(list, tmp_ / "alias.txt");
  const std::string store = (tmp_ / "store").string();
  for (const std::vector<std::string>& extra :
       std::vector<std::vector<std::string>>{
           {"-o", list.string(), "--store", store},
           {"-o", (tmp_ / "alias.txt").string(), "--store", store},
           {"--stats", list.string(), "--store", store},
           {"--report", list.string(), "--store", store},
           {"--store", list.string()}}) {
    std::vector<std::string> args = {"crawl", "--urls", list.string(),
                                     "--allow-private"};
    args.insert(args.end(), extra.begin(), extra.end());
    Outcome o = run(args);
    EXPECT_EQ(o.code, 2) << extra[0] << "\n" << o.err;
    EXPECT_NE(o.err.find("same file"), std::string::npos) << o.err;
    EXPECT_EQ(slurp(list), text) << extra[0];
  }
  EXPECT_FALSE(fs::exists(store));
}

// The .warc/.warc.gz files of a page store folder (none if it is absent).
std::vector<fs::path> warc_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.find(".warc") != std::string::npos) out.push_back(it->path());
  }
  return out;
}

// Issue 11: a usage error writes nothing -- no -o file, no store file -- and
// a run that stores nothing leaves no warcinfo-only WARC behind.
TEST_F(CrawlTest, UsageErrorWritesNothingAndStoreFilesWaitForARecord) {
  const fs::path out = tmp_ / "out.jsonl", store = tmp_ / "store";
  Outcome typo = run({"crawl", "--urls", (tmp_ / "urls.txt.typo").string(),
                      "-o", out.string(), "--store", store.string()});
  EXPECT_EQ(typo.code, 2) << typo.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(warc_files(store).empty());
  // A folder given as the list is the same kind of slip.
  fs::create_directories(tmp_ / "a-folder");
  Outcome folder = run({"crawl", "--urls", (tmp_ / "a-folder").string(), "-o",
                        out.string(), "--store", store.string()});
  EXPECT_EQ(folder.code, 2) << folder.err;
  EXPECT_NE(folder.err.find("is a folder"), std::string::npos) << folder.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(warc_files(store).empty());
  // --resume after a typo leaves the records there as they were.
  spit(out, "{\"input_line\": 1}\n");
  Outcome resume =
      run({"crawl", "--urls", (tmp_ / "urls.txt.typo").string(), "-o",
           out.string(), "--store", store.string(), "--resume"});
  EXPECT_EQ(resume.code, 2) << resume.err;
  EXPECT_EQ(slurp(out), "{\"input_line\": 1}\n");
  fs::remove(out);
  // Only lines that are answered without a fetch: records, but no WARC.
  spit(tmp_ / "urls.txt", "not a url\ngopher://example.org/\n");
  Outcome nothing = run({"crawl", "--urls", (tmp_ / "urls.txt").string(), "-o",
                         out.string(), "--store", store.string()});
  EXPECT_EQ(nothing.code, 1) << nothing.err;
  EXPECT_EQ(read_records(out).size(), 2u);
  EXPECT_TRUE(warc_files(store).empty()) << warc_files(store).size();
}

// Issue 11: --resolve with an ADDRESS that is not an IP literal is a usage
// error (curl would silently ask DNS instead), and an entry no URL of the
// list uses is warned about.
TEST_F(CrawlTest, ResolveNeedsAnIpAndWarnsWhenUnused) {
  spit(tmp_ / "urls.txt", "not a url\n");
  auto args = [&](const std::string& resolve) {
    return std::vector<std::string>{"crawl",
                                    "--urls",
                                    (tmp_ / "urls.txt").string(),
                                    "-o",
                                    (tmp_ / "out.jsonl").string(),
                                    "--store",
                                    (tmp_ / "store").string(),
                                    "--resolve",
                                    resolve};
  };
  for (const char* bad :
       {"ask.39.net:80:localhost", "ask.39.net:80:127.0.0.1,mirror.example",
        "ask.39.net:80:127.0.0.256", "ask.39.net:80:[::1"}) {
    Outcome o = run(args(bad));
    EXPECT_EQ(o.code, 2) << bad << "\n" << o.err;
    EXPECT_NE(o.err.find("not an IP address"), std::string::npos) << o.err;
  }
  EXPECT_FALSE(fs::exists(tmp_ / "out.jsonl"));
  for (const char* good : {"ask.39.net:80:127.0.0.1", "ask.39.net:80:[::1]",
                           "ask.39.net:80:::1,127.0.0.1"}) {
    Outcome o = run(args(good));
    EXPECT_EQ(o.code, 1) << good << "\n" << o.err;  // the invalid line
    EXPECT_NE(o.err.find("no URL of the list is on ask.39.net:80"),
              std::string::npos)
        << o.err;
  }
  // A used entry is not warned about; an unused one beside it is.
  HttpServer s;
  s.routes().Get("/q", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(seed_page(), "text/html; charset=utf-8");
  });
  s.start();
  const std::string port = std::to_string(s.port());
  spit(tmp_ / "urls.txt", "http://mirror.test:" + port + "/q\n");
  auto a = args("mirror.test:" + port + ":127.0.0.1");
  for (const char* extra :
       {"--resolve", "mirror.test:1:127.0.0.1", "--allow-private", "--site",
        "ask39", "--no-robots"})
    a.push_back(extra);
  Outcome used = run(a);
  EXPECT_EQ(used.code, 0) << used.err;
  EXPECT_EQ(used.err.find("on mirror.test:" + port + ","), std::string::npos)
      << used.err;
  EXPECT_NE(used.err.find("no URL of the list is on mirror.test:1,"),
            std::string::npos)
      << used.err;
}

// Issue 11: files written at the end (--stats, --report) are checked
// before the crawl: an unwritable place is exit 4 with no request sent.
TEST_F(CrawlTest, UnwritableStatsOrReportFailsBeforeCrawling) {
  HttpServer s;
  s.routes().Get("/q", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(seed_page(), "text/html; charset=utf-8");
  });
  s.start();
  spit(tmp_ / "urls.txt", s.url("/q") + "\n");
  for (const char* flag : {"--stats", "--report"}) {
    Outcome o =
        run(crawl_args(tmp_ / "urls.txt", tmp_ / "out.jsonl",
                       {"--allow-private", flag, "/nonexistent/dir/x.json"}));
    EXPECT_EQ(o.code, 4) << flag << "\n" << o.err;
    EXPECT_NE(o.err.find("/nonexistent/dir/x.json"), std::string::npos)
        << o.err;
  }
  EXPECT_EQ(s.total_hits(), 0) << "the crawl ran before the check";
}

// Runs qascrape with stdout a pipe nobody reads (its read end closed), as
// `qascrape ... | head -0` would; SIGPIPE at its default.
Outcome run_into_closed_pipe(const std::vector<std::string>& args,
                             const fs::path& err_file) {
  int fds[2];
  Outcome o;
  if (pipe(fds) != 0) return o;
  close(fds[0]);
  std::vector<std::string> storage = {kBin};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, err_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  if (posix_spawn(&pid, kBin.c_str(), &fa, &attr, argv.data(), environ) != 0)
    pid = -1;
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (pid < 0) return o;
  o.code = wait_exit(pid, 60);
  o.err = slurp(err_file);
  return o;
}

// Issue 11: a closed stdout reader is an output failure (exit 4, with a
// message), not a death by SIGPIPE (141).
TEST_F(CrawlTest, ClosedStdoutReaderExits4) {
  spit(tmp_ / "urls.txt", "not a url\nnot one either\n");
  Outcome crawl =
      run_into_closed_pipe({"crawl", "--urls", (tmp_ / "urls.txt").string(),
                            "--store", (tmp_ / "store").string()},
                           tmp_ / "err1");
  EXPECT_EQ(crawl.code, 4) << crawl.err;
  EXPECT_NE(crawl.err.find("Broken pipe"), std::string::npos) << crawl.err;
  Outcome parse = run_into_closed_pipe(
      {"parse", (kSource / "fixtures/ask39/seed").string()}, tmp_ / "err2");
  EXPECT_EQ(parse.code, 4) << parse.err;
  EXPECT_NE(parse.err.find("Broken pipe"), std::string::npos) << parse.err;
  Outcome sites = run_into_closed_pipe({"sites"}, tmp_ / "err3");
  EXPECT_EQ(sites.code, 4) << sites.err;
}

// Issue 11: a URL line over the documented limit is invalid_url naming the
// limit (it never reaches curl), and a NUL byte in a line is invalid_url
// without reaching the record as \u0000.
TEST_F(CrawlTest, OverlongAndNulUrlLinesAreInvalid) {
  const std::string longest =
      "http://127.0.0.1:9/" + std::string(8192 - 19, 'x');
  const std::string too_long = longest + "y";
  std::string nul = "http://127.0.0.1:9/a";
  nul.push_back('\0');
  nul += "b";
  spit(tmp_ / "urls.txt", too_long + "\n" + nul + "\n" + longest + "\n");
  Outcome o = run(crawl_args(tmp_ / "urls.txt", tmp_ / "out.jsonl"));
  EXPECT_EQ(o.code, 1) << o.err;
  const std::string text = slurp(tmp_ / "out.jsonl");
  EXPECT_EQ(text.find("\\u0000"), std::string::npos);
  const auto records = by_line(read_records(tmp_ / "out.jsonl"));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records.at(1)["status"], "invalid_url");
  EXPECT_NE(records.at(1)["error"]["message"].get<std::string>().find(
                "limit of 8192 bytes"),
            std::string::npos)
      << records.at(1)["error"];
  EXPECT_EQ(records.at(2)["status"], "invalid_url");
  EXPECT_EQ(records.at(2)["url"],
            "http://127.0.0.1:9/a\xEF\xBF\xBD"
            "b");
  // At the limit a URL is still a URL (here one to a refused address).
  EXPECT_EQ(records.at(3)["status"], "blocked") << records.at(3)["error"];
}

// The file offsets of the gzip members of a store file written by crawl
// (each starts 1f 8b 08 00 and a zero mtime: zlib's header).
std::vector<std::size_t> member_offsets(const std::string& bytes) {
  static const std::string kHeader("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8);
  std::vector<std::size_t> out;
  for (std::size_t at = bytes.find(kHeader); at != std::string::npos;
       at = bytes.find(kHeader, at + 1))
    out.push_back(at);
  return out;
}

// Issue 11: one damaged gzip member of a store loses only that member's
// page: parse reads on at the next member, says which bytes it skipped,
// and exits 1 (a record says the store was damaged).
TEST_F(CrawlTest, DamagedStoreMemberLosesOnlyItsPage) {
  HttpServer s;
  s.routes().Get(R"(/q/(\d+))",
                 [](const httplib::Request&, httplib::Response& res) {
                   res.set_content(seed_page(), "text/html; charset=utf-8");
                 });
  s.start();
  UrlList l;
  for (int i = 0; i < 6; ++i) l.add(s.url("/q/" + std::to_string(i)));
  spit(tmp_ / "urls.txt", l.text());
  Outcome crawl =
      run(crawl_args(tmp_ / "urls.txt", tmp_ / "out.jsonl",
                     {"--allow-private", "--no-robots", "--concurrency", "1"}));
  ASSERT_EQ(crawl.code, 0) << crawl.err;
  const auto files = warc_files(tmp_ / "store");
  ASSERT_EQ(files.size(), 1u);
  std::string bytes = slurp(files[0]);
  const auto members = member_offsets(bytes);
  // warcinfo, then a request and a response per page.
  ASSERT_EQ(members.size(), 1u + 2 * 6) << "unexpected store layout";
  // Damage the middle of the second page's response member.
  const std::size_t start = members[4], end = members[5];
  for (std::size_t i = start + (end - start) / 2;
       i < start + (end - start) / 2 + 32; ++i)
    bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  spit(files[0], bytes);

  Outcome parse = run({"parse", "--site", "ask39", "-o",
                       (tmp_ / "parsed.jsonl").string(), files[0].string()});
  EXPECT_EQ(parse.code, 1) << parse.err;
  EXPECT_NE(parse.err.find("skipped"), std::string::npos) << parse.err;
  EXPECT_NE(parse.err.find("bytes " + std::to_string(start) + " to"),
            std::string::npos)
      << parse.err;
  int ok = 0, bad_store = 0;
  for (const json& r : read_records(tmp_ / "parsed.jsonl")) {
    if (r["status"] == "ok") ++ok;
    if (!r["error"].is_null() && r["error"]["code"] == "bad_store") ++bad_store;
  }
  EXPECT_EQ(ok, 5) << parse.err;
  EXPECT_EQ(bad_store, 1) << parse.err;
}

// Issue 11: --resume never truncates what is not ours: a file that is not
// a records file (notes given by mistake, records with a foreign line among
// them, one unterminated line of text) is refused (exit 2) and left as it
// was; only a torn last line after records is cut.
TEST_F(CrawlTest, ResumeRefusesAFileThatIsNotRecords) {
  spit(tmp_ / "urls.txt", "not a url\n");
  const fs::path out = tmp_ / "out.jsonl";
  const std::string record =
      R"({"schema_version":1,"url":"not a url","status":"invalid_url","input_line":1})";
  for (const std::string& text :
       {std::string("my notes\nmore notes\n"),
        std::string("a line, no newline"),
        record + "\n" + "# a comment\n" + record + "\n",
        std::string("{\"a\":1}\n")}) {
    spit(out, text);
    Outcome o = run(crawl_args(tmp_ / "urls.txt", out, {"--resume"}));
    EXPECT_EQ(o.code, 2) << text << "\n" << o.err;
    EXPECT_NE(o.err.find("not a qascrape record"), std::string::npos) << o.err;
    EXPECT_EQ(slurp(out), text);
  }
  // Records and a torn last line: the torn line is cut, the rest kept, and
  // line 1 (done) is not answered again.
  spit(out, record + "\n" + R"({"schema_version":1,"url":"htt)");
  Outcome o = run(crawl_args(tmp_ / "urls.txt", out, {"--resume"}));
  EXPECT_TRUE(o.code == 0 || o.code == 1) << o.code << "\n" << o.err;
  EXPECT_EQ(slurp(out), record + "\n");
}

// Slow pages for the interruption tests: ~300 URLs at 40 ms each.
class SlowServer {
 public:
  SlowServer() {
    widen(s_);
    s_.routes().Get(R"(/p/(\d+))", [](const httplib::Request&,
                                      httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(40));
      // A fixed-length provider is sent uncompressed, which
      // spares the CPU that brotli would take.
      const std::string& page = seed_page();
      res.set_content_provider(
          page.size(), "text/html; charset=utf-8",
          [&page](std::size_t off, std::size_t len, httplib::DataSink& sink) {
            sink.write(page.data() + off, std::min(len, page.size() - off));
            return true;
          });
    });
    s_.start();
  }
  // 300 pages, a comment, a blank line and a few duplicates.
  UrlList list() const {
    UrlList l;
    l.skip("# slow pages");
    for (int i = 0; i < 300; ++i) {
      l.add(s_.url("/p/" + std::to_string(i)));
      if (i == 150) l.skip("");
      if (i % 60 == 59) l.add(s_.url("/p/" + std::to_string(i - 7)));
    }
    return l;
  }
  HttpServer& server() { return s_; }

 private:
  HttpServer s_;
};

void expect_all_ok_but_duplicates(const fs::path& out) {
  for (const json& r : read_records(out)) {
    const std::string st = r.value("status", "");
    EXPECT_TRUE(st == "ok" || st == "duplicate")
        << "line " << input_line(r) << ": " << st << " " << r["error"];
  }
}

TEST_F(CrawlTest, KillNineThenResumeWritesEveryLineExactlyOnce) {
  SlowServer slow;
  const UrlList l = slow.list();
  spit(tmp_ / "urls.txt", l.text());
  const fs::path out = tmp_ / "out.jsonl";
  const std::vector<std::string> fast = {"--allow-private", "--concurrency",
                                         "8", "--per-host", "8"};
  auto args = crawl_args(tmp_ / "urls.txt", out, fast);
  auto resume = args;
  resume.push_back("--resume");

  // 1. Killed early; then a torn half line as if the kill hit mid-write.
  auto [seen1, code1] = interrupt_at(args, out, 30, SIGKILL);
  EXPECT_EQ(code1, kSignaled + SIGKILL);
  const std::size_t after_kill1 = read_records(out).size();
  EXPECT_LT(after_kill1, l.expected().size()) << "killed too late";
  {
    std::ofstream torn(out, std::ios::app | std::ios::binary);
    torn << R"({"schema_version":1,"url":"http://127.0.0.1:1/p/)";
  }
  // 2. Resumed, killed again further on, torn again.
  auto [seen2, code2] = interrupt_at(resume, out, after_kill1 + 120, SIGKILL);
  EXPECT_EQ(code2, kSignaled + SIGKILL) << last_err_;
  EXPECT_NE(last_err_.find("resuming"), std::string::npos) << last_err_;
  EXPECT_LT(read_records(out).size(), l.expected().size()) << "killed too late";
  {
    std::ofstream torn(out, std::ios::app | std::ios::binary);
    torn << R"({"schema_version":1,"status":"o)";
  }
  // 3. Resumed to the end.
  Outcome last = run(resume);
  EXPECT_TRUE(last.code == 0 || last.code == 1) << last.code << last.err;
  expect_exactly_once(out, l.expected());
  expect_all_ok_but_duplicates(out);

  // The page store survived the kills: it still reads (a torn last record
  // is skipped), and every page that has a record has a stored response.
  Outcome parsed = run({"parse", "--site", "ask39", (tmp_ / "store").string()});
  EXPECT_EQ(parsed.code, 0) << parsed.err;
  std::set<std::string> stored;
  for (const json& r : parse_lines(parsed.out)) {
    EXPECT_EQ(r.value("status", ""), "ok") << r["error"];
    stored.insert(r.value("url", ""));
  }
  for (const json& r : read_records(out)) {
    if (r.value("status", "") != "ok") continue;
    EXPECT_TRUE(stored.count(r.value("url", "")))
        << r.value("url", "") << " is not in the page store";
  }
}

TEST_F(CrawlTest, SigintExits130WithCompleteLinesAndResumeFinishes) {
  SlowServer slow;
  const UrlList l = slow.list();
  spit(tmp_ / "urls.txt", l.text());
  const fs::path out = tmp_ / "out.jsonl";
  auto args = crawl_args(tmp_ / "urls.txt", out,
                         {"--allow-private", "--concurrency", "8", "--per-host",
                          "8", "--stats", (tmp_ / "stats.json").string()});
  auto [seen, code] = interrupt_at(args, out, 30, SIGINT);
  EXPECT_EQ(code, 130) << last_err_;
  EXPECT_NE(last_err_.find("interrupted"), std::string::npos) << last_err_;
  bool complete = false;
  const auto partial = read_records(out, &complete);
  EXPECT_TRUE(complete) << "a torn line after SIGINT";
  EXPECT_LT(partial.size(), l.expected().size()) << "interrupted too late";
  by_line(partial);  // no line twice
  const json stats = json::parse(slurp(tmp_ / "stats.json"), nullptr, false);
  ASSERT_TRUE(stats.is_object());
  EXPECT_EQ(stats["interrupted"], true);
  EXPECT_EQ(stats["records"].get<std::size_t>(), partial.size());

  auto resume = args;
  resume.push_back("--resume");
  Outcome rest = run(resume);
  EXPECT_TRUE(rest.code == 0 || rest.code == 1) << rest.code << rest.err;
  expect_exactly_once(out, l.expected());
  expect_all_ok_but_duplicates(out);
  const json stats2 = json::parse(slurp(tmp_ / "stats.json"), nullptr, false);
  ASSERT_TRUE(stats2.is_object());
  EXPECT_EQ(stats2["resumed"].get<std::size_t>(), partial.size());
  EXPECT_EQ(stats2["records"].get<std::size_t>() + partial.size(),
            l.expected().size());
}

TEST_F(CrawlTest, ShardsCoverTheListOnceAndKeepEachHostTogether) {
  HttpServer s;
  widen(s);
  s.routes().Get(R"(/s/.*)",
                 [](const httplib::Request&, httplib::Response& res) {
                   res.set_content(seed_page(), "text/html; charset=utf-8");
                 });
  s.start();
  const std::string port = std::to_string(s.port());
  UrlList l;
  for (int i = 0; i < 4; ++i) {
    for (int h = 0; h < 9; ++h) {  // *.localhost names are loopback
      l.add("http://h" + std::to_string(h) + ".localhost:" + port + "/s/" +
            std::to_string(h) + "/" + std::to_string(i));
    }
  }
  l.add("not a url");
  l.add("mailto:someone@example.org");
  l.add("HTTP://H3.LOCALHOST:" + port + "/s/3/0#again");  // duplicate
  spit(tmp_ / "urls.txt", l.text());

  std::map<long long, int> shard_of_line;
  std::map<std::string, std::set<int>> shards_of_host;
  std::set<int> shards_with_hosts;
  for (int k = 0; k < 3; ++k) {
    const fs::path out = tmp_ / ("shard" + std::to_string(k) + ".jsonl");
    Outcome o = run(crawl_args(tmp_ / "urls.txt", out,
                               {"--allow-private", "--concurrency", "8",
                                "--shard", std::to_string(k) + "/3"}));
    EXPECT_TRUE(o.code == 0 || o.code == 1) << o.code << o.err;
    for (const json& r : read_records(out)) {
      const long long n = input_line(r);
      EXPECT_TRUE(shard_of_line.emplace(n, k).second)
          << "line " << n << " in two shards";
      const std::string st = r.value("status", "");
      if (r["url"].is_string() && r["url"].get<std::string>().find(
                                      ".localhost:") != std::string::npos) {
        EXPECT_TRUE(st == "ok" || st == "duplicate") << st << r["error"];
        shards_of_host[host_of(r["url"])].insert(k);
        shards_with_hosts.insert(k);
      }
    }
  }
  std::set<long long> covered;
  for (const auto& [n, k] : shard_of_line) covered.insert(n);
  EXPECT_EQ(covered, l.expected());
  EXPECT_EQ(shards_of_host.size(), 9u);
  for (const auto& [host, shards] : shards_of_host) {
    EXPECT_EQ(shards.size(), 1u) << host << " is split across shards";
  }
  EXPECT_GE(shards_with_hosts.size(), 2u) << "the hosts did not spread";
}

TEST_F(CrawlTest, ResumeIntoAnOutputFolder) {
  HttpServer s;
  s.routes().Get(R"(/q/(\d+))",
                 [](const httplib::Request&, httplib::Response& res) {
                   res.set_content(seed_page(), "text/html; charset=utf-8");
                 });
  s.start();
  UrlList l;
  for (int i = 0; i < 4; ++i) l.add(s.url("/q/" + std::to_string(i)));
  spit(tmp_ / "urls.txt", l.text());
  fs::create_directories(tmp_ / "records");
  auto args =
      crawl_args(tmp_ / "urls.txt", tmp_ / "records", {"--allow-private"});
  Outcome first = run(args);
  EXPECT_EQ(first.code, 0) << first.err;
  const fs::path file = tmp_ / "records" / "records.jsonl";
  expect_exactly_once(file, l.expected());
  // Half of the records lost, as if the first run had been killed.
  std::string text = slurp(file);
  std::size_t cut = 0;
  for (int i = 0; i < 2; ++i) cut = text.find('\n', cut) + 1;
  spit(file, text.substr(0, cut));
  args.push_back("--resume");
  Outcome resumed = run(args);
  EXPECT_EQ(resumed.code, 0) << resumed.err;
  expect_exactly_once(file, l.expected());
}

// Issue 11: --resume is keyed on identity, not position. A line is done
// when the -o file holds a record with its input_line and the same URL
// (both canonicalised as the crawler does); every other line of the
// current list is fetched, once. A list none of whose URLs the records
// name is another list: refused (exit 2), nothing changed.
TEST_F(CrawlTest, ResumeMatchesLinesByUrlNotPosition) {
  HttpServer s;
  s.routes().Get(R"(/q/(\w+))",
                 [](const httplib::Request&, httplib::Response& res) {
                   res.set_content(seed_page(), "text/html; charset=utf-8");
                 });
  s.start();
  const std::string port = std::to_string(s.port());
  const fs::path list = tmp_ / "urls.txt";
  const fs::path out = tmp_ / "out.jsonl";
  UrlList first;
  for (int i = 0; i < 3; ++i) first.add(s.url("/q/" + std::to_string(i)));
  first.add("not a url");
  first.add(s.url("/q/0"));  // duplicate
  spit(list, first.text());
  Outcome o = run(crawl_args(list, out, {"--allow-private"}));
  EXPECT_EQ(o.code, 1) << o.err;  // the invalid line
  expect_exactly_once(out, first.expected());
  const std::string after_first = slurp(out);

  // The same list spelled otherwise (host case, a fragment): all done.
  UrlList spelled;
  spelled.add(s.url("/q/0#top"));
  spelled.add("HTTP://127.0.0.1:" + port + "/q/1#answers");
  spelled.add(s.url("/q/2"));
  spelled.add("not a url");
  spelled.add(s.url("/q/0"));
  spit(list, spelled.text());
  o = run(crawl_args(list, out, {"--allow-private", "--resume"}));
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.err.find("5 line(s) already done"), std::string::npos) << o.err;
  EXPECT_EQ(slurp(out), after_first);
  EXPECT_EQ(s.hits("/q/0"), 1);
  EXPECT_EQ(s.hits("/q/1"), 1);
  EXPECT_EQ(s.hits("/q/2"), 1);

  // One URL inserted at the top: the new one is fetched; every line of the
  // list ends up with one record of its own URL.
  spit(out, after_first);
  UrlList inserted;
  inserted.add(s.url("/q/new"));
  inserted.add(s.url("/q/0"));
  inserted.add(s.url("/q/1"));
  inserted.add(s.url("/q/2"));
  inserted.add("not a url");
  spit(list, inserted.text());
  o = run(crawl_args(list, out, {"--allow-private", "--resume"}));
  EXPECT_EQ(o.code, 1) << o.err;
  EXPECT_EQ(s.hits("/q/new"), 1);
  std::map<std::pair<long long, std::string>, int> pairs;
  for (const json& r : read_records(out))
    ++pairs[{input_line(r), r.value("url", "")}];
  EXPECT_EQ((pairs[{1, s.url("/q/new")}]), 1);
  EXPECT_EQ((pairs[{2, s.url("/q/0")}]), 1);
  EXPECT_EQ((pairs[{3, s.url("/q/1")}]), 1);
  EXPECT_EQ((pairs[{4, s.url("/q/2")}]), 1);
  EXPECT_EQ((pairs[{5, "not a url"}]), 1);
  EXPECT_EQ((pairs[{4, "not a url"}]), 1);  // the first run's, kept
  for (const auto& [key, n] : pairs)
    EXPECT_EQ(n, 1) << key.first << " " << key.second;

  // Another list (and a torn last line): refused, nothing changed.
  spit(out, after_first + R"({"schema_version":1,"url":"htt)");
  const std::string before = slurp(out);
  const auto store_files = std::distance(fs::directory_iterator(tmp_ / "store"),
                                         fs::directory_iterator());
  UrlList other;
  for (int i = 0; i < 3; ++i) other.add(s.url("/q/other" + std::to_string(i)));
  spit(list, other.text());
  o = run(crawl_args(list, out, {"--allow-private", "--resume"}));
  EXPECT_EQ(o.code, 2) << o.err;
  EXPECT_NE(o.err.find("none of the"), std::string::npos) << o.err;
  EXPECT_EQ(slurp(out), before);
  EXPECT_EQ(s.hits("/q/other0"), 0);
  EXPECT_EQ(std::distance(fs::directory_iterator(tmp_ / "store"),
                          fs::directory_iterator()),
            store_files);
}

}  // namespace

// `j` without its "url" and "profile_url" members, at every depth.
json without_links(json j) {
  if (j.is_object()) {
    j.erase("url");
    j.erase("profile_url");
    for (auto& [k, v] : j.items()) v = without_links(v);
  } else if (j.is_array()) {
    for (auto& v : j) v = without_links(v);
  }
  return j;
}

// The golden fixtures crawled under their own host names (--resolve sends
// ask.39.net etc. to a loopback server): each page reads with its site's
// rules, and every record equals the page's expected.json in everything the
// fetch does not change.
TEST_F(CrawlTest, FixturesCrawledUnderTheirHostNamesMatchTheGoldenRecords) {
  const fs::path root = fs::path(QASCRAPE_SOURCE_DIR) / "fixtures";
  struct Case {
    std::string path, body, content_type, host;
    json expected;
  };
  std::vector<Case> cases;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().filename() != "expected.json") continue;
    const fs::path dir = e.path().parent_path();
    const json meta = json::parse(slurp(dir / "response.json"));
    const std::string url = meta["url"];
    if (meta["final_url"] != meta["url"]) continue;  // redirects: tested above
    cases.push_back({"/" + fs::relative(dir, root).generic_string() + "/",
                     slurp(dir / "page.html"),
                     meta.value("content_type", std::string("text/html")),
                     host_of(url), json::parse(slurp(e.path()))});
  }
  ASSERT_GE(cases.size(), 12u);
  HttpServer s;
  for (const Case& c : cases) {
    s.routes().Get(c.path,
                   [&c](const httplib::Request&, httplib::Response& res) {
                     res.set_content(c.body, c.content_type.c_str());
                   });
  }
  s.start();
  const std::string base = s.url("");  // http://127.0.0.1:PORT
  const std::string port = base.substr(base.rfind(':') + 1);
  UrlList l;
  std::set<std::string> hosts;
  for (const Case& c : cases) {
    l.add("http://" + c.host + ":" + port + c.path);
    hosts.insert(c.host);
  }
  spit(tmp_ / "urls.txt", l.text());
  std::vector<std::string> args = {"crawl",
                                   "--urls",
                                   (tmp_ / "urls.txt").string(),
                                   "-o",
                                   (tmp_ / "out.jsonl").string(),
                                   "--store",
                                   (tmp_ / "store").string(),
                                   "--allow-private"};
  for (const std::string& h : hosts) {
    args.push_back("--resolve");
    args.push_back(h + ":" + port + ":127.0.0.1");
  }
  Outcome o = run(args);
  EXPECT_TRUE(o.code == 0 || o.code == 1) << o.err;
  const auto records = by_line(read_records(tmp_ / "out.jsonl"));
  ASSERT_EQ(records.size(), cases.size()) << o.err;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto it = records.find(static_cast<long long>(i + 1));
    ASSERT_NE(it, records.end()) << cases[i].path;
    for (const char* key : {"status", "site", "page", "question", "answers",
                            "encyclopedia", "drugs", "recommended_doctors"}) {
      // Relative links resolve against the crawled address, not the
      // fixture's own: links are compared by the golden test instead.
      EXPECT_EQ(without_links(it->second[key]),
                without_links(cases[i].expected[key]))
          << cases[i].path << " " << key;
    }
    EXPECT_EQ(it->second["fetch"]["charset"],
              cases[i].expected["fetch"]["charset"])
        << cases[i].path;
    EXPECT_EQ(it->second["fetch"]["sha256"],
              cases[i].expected["fetch"]["sha256"])
        << cases[i].path;
  }
  // A malformed --resolve is a usage error.
  EXPECT_EQ(run({"crawl", "--urls", (tmp_ / "urls.txt").string(), "--resolve",
                 "ask.39.net"})
                .code,
            2);
}
