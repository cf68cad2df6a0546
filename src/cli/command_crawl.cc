#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <regex>

#include "cli/cli.h"
#include "cli/flags.h"
#include "cli/log_stream.h"
#include "core/text.h"
#include "pipeline/crawl.h"
#include "pipeline/pipeline.h"
#include "write/write.h"

namespace qascrape::cli {

namespace {

// The first of the comma-separated ADDRESS list of a --resolve entry that
// is not an IPv4 or IPv6 literal (IPv6 bracketed or not), else nullopt.
std::optional<std::string> non_ip_address(const std::string& list) {
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = list.find(',', start);
    std::string a = list.substr(start, comma - start);
    if (a.size() >= 2 && a.front() == '[' && a.back() == ']')
      a = a.substr(1, a.size() - 2);
    unsigned char buf[sizeof(in6_addr)];
    if (a.empty() || (::inet_pton(AF_INET, a.c_str(), buf) != 1 &&
                      ::inet_pton(AF_INET6, a.c_str(), buf) != 1))
      return list.substr(start, comma - start);
    if (comma == std::string::npos) return std::nullopt;
    start = comma + 1;
  }
}

// Raw flags are read by Boost; this turns them into checked CrawlOptions
// (or a message for the user), apart from parsing, as ripgrep does.
std::optional<std::string> validate(const po::variables_map& vm,
                                    const rules::RuleSet& rules,
                                    pipeline::CrawlOptions& o) {
  o.urls = vm["urls"].as<std::string>();
  o.output = flag<std::string>(vm, "output").value_or("-");
  o.store_dir = flag<std::string>(vm, "store").value_or("output/store");
  o.resume = vm.count("resume") > 0;
  if (o.resume && o.output == "-")
    return "--resume needs -o FILE: it rebuilds what is done from that file";
  if (auto id = flag<std::string>(vm, "site")) {
    o.site = rules.by_id(*id);
    if (o.site == nullptr)
      return "no selector file has site id '" + *id +
             "' (see `qascrape sites`)";
  }
  auto& f = o.fetch;
  f.concurrency = flag<int>(vm, "concurrency").value_or(f.concurrency);
  f.per_host = flag<int>(vm, "per-host").value_or(f.per_host);
  f.delay_ms = flag<int>(vm, "delay-ms").value_or(f.delay_ms);
  f.retries = flag<int>(vm, "retries").value_or(f.retries);
  f.timeout_s = flag<double>(vm, "timeout").value_or(f.timeout_s);
  if (auto text = flag<std::string>(vm, "max-bytes")) {
    const auto mb = qascrape::parse_size(*text);
    if (!mb)
      return "--max-bytes takes a size: bytes, or with K, M or G (10M, 1G)";
    if (static_cast<unsigned long long>(*mb) > pipeline::kMaxPageBytes) {
      std::string m = "--max-bytes is over ";
      m.append(std::to_string(pipeline::kMaxPageBytes >> 20));
      return m.append(" MiB, the most a page store record holds");
    }
    f.max_bytes = static_cast<std::size_t>(*mb);
  }
  f.user_agent = flag<std::string>(vm, "user-agent").value_or(f.user_agent);
  f.obey_robots = vm.count("no-robots") == 0;
  for (const std::string& entry : flag<std::vector<std::string>>(vm, "resolve")
                                      .value_or(std::vector<std::string>{})) {
    static const std::regex kResolve(R"(^[^:\s]+:[0-9]{1,5}:[^\s]+$)");
    if (!std::regex_match(entry, kResolve)) {
      return "--resolve takes HOST:PORT:ADDRESS, e.g. "
             "ask.39.net:8080:127.0.0.1";
    }
    // curl drops an entry whose address is not numeric and asks DNS
    // instead: a "local mirror" run would reach the real site.
    const std::size_t colon = entry.find(':', entry.find(':') + 1);
    if (auto bad = non_ip_address(entry.substr(colon + 1))) {
      std::string message = "--resolve ";
      message.append(entry).append(": '").append(*bad);
      message.append(
          "' is not an IP address (ADDRESS must be numeric, e.g. 127.0.0.1 "
          "or [::1]; comma-separate several)");
      return message;
    }
    f.resolve.push_back(entry);
  }
  f.allow_private = vm.count("allow-private") > 0;
  if (f.concurrency < 1 || f.concurrency > 1000)
    return "--concurrency must be from 1 to 1000";
  if (f.per_host < 1 || f.per_host > 100)
    return "--per-host must be from 1 to 100";
  if (f.delay_ms < 0) return "--delay-ms must not be negative";
  if (f.retries < 0 || f.retries > 20) return "--retries must be from 0 to 20";
  // curl counts milliseconds and reads 0 as "no timeout": below 1 ms a
  // timeout would turn timeouts off.
  if (!(f.timeout_s >= 0.001) || f.timeout_s > 3600)
    return "--timeout must be from 0.001 to 3600 seconds";
  if (f.connect_timeout_s > f.timeout_s) f.connect_timeout_s = f.timeout_s;
  if (f.user_agent.empty()) return "--user-agent must not be empty";
  if (auto shard = flag<std::string>(vm, "shard")) {
    static const std::regex kShard(R"(^([0-9]{1,6})/([0-9]{1,6})$)");
    std::smatch m;
    if (!std::regex_match(*shard, m, kShard))
      return "--shard takes K/N, e.g. 0/4";
    o.shard_k = std::stoi(m[1]);
    o.shard_n = std::stoi(m[2]);
    if (o.shard_n < 1 || o.shard_k >= o.shard_n)
      return "--shard K/N needs 0 <= K < N";
  }
  o.stats_file = flag<std::string>(vm, "stats");
  o.report_file = flag<std::string>(vm, "report");
  o.workers = flag<int>(vm, "workers").value_or(0);
  if (o.workers < 0 || o.workers > 256)
    return "--workers must be from 0 (every core) to 256";
  std::vector<NamedPath> outputs = {{"-o", write::output_path(o.output)},
                                    {"--store", o.store_dir}};
  if (o.stats_file) outputs.push_back({"--stats", *o.stats_file});
  if (o.report_file) outputs.push_back({"--report", *o.report_file});
  const auto log_file = flag<std::string>(vm, "log-file");
  if (log_file) outputs.push_back({"--log-file", *log_file});
  if (auto clash = output_overwrites_input(outputs, {{"--urls", o.urls}}))
    return clash;
  if (vm.count("quiet") && vm.count("verbose"))
    return "-q and -v say opposite things: give one";
  o.verbosity = vm.count("quiet") ? -1 : vm.count("verbose") ? 1 : 0;
  // A progress line is for a terminal the log goes to, one line wide.
  o.progress_tty = !log_file && ::isatty(STDERR_FILENO) == 1;
  if (winsize ws{};
      o.progress_tty && ::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0)
    o.term_columns = ws.ws_col;
  return std::nullopt;
}

}  // namespace

int run_crawl(const std::vector<std::string>& args) {
  const std::string synopsis =
      "qascrape crawl --urls FILE|- [-o FILE] [--store DIR] [--site ID] "
      "[--concurrency N]\n"
      "               [--per-host N] [--delay-ms N] [--retries N] [--timeout "
      "S]\n"
      "               [--max-bytes SIZE] [--user-agent S] [--no-robots] "
      "[--allow-private]\n"
      "               [--resume] [--shard K/N] [--stats FILE] [--report FILE]\n"
      "               [--workers N] [-q|-v] [--log-file FILE]\n"
      "               [--resolve HOST:PORT:ADDRESS]...\n"
      "  Fetches every URL of the list, keeps each raw response in the page "
      "store\n"
      "  (WARC, default output/store; `qascrape parse` re-reads it), extracts, "
      "and\n"
      "  writes one record per non-blank, non-# line of the list, whatever "
      "happened\n"
      "  to it, to stdout or FILE. http_proxy, https_proxy and no_proxy are "
      "ignored:\n"
      "  a crawl connects to each site itself, so the address guard checks "
      "the real\n"
      "  target (behind a proxy it could check only the proxy).";
  po::options_description opts("Options");
  opts.add_options()("help,h", "show this help")(
      "urls", po::value<std::string>()->value_name("FILE"),
      "the URL list, one per line (- for stdin)")(
      "output,o", po::value<std::string>()->value_name("FILE"),
      "append records to FILE (or FOLDER/records.jsonl)")(
      "store", po::value<std::string>()->value_name("DIR"),
      "page store folder (default output/store)")(
      "site", po::value<std::string>()->value_name("ID"),
      "read every page with this selector file's rules")(
      "selectors", po::value<std::string>()->value_name("DIR"), kSelectorsHelp)(
      "concurrency", po::value<int>()->value_name("N"),
      "transfers in flight in total (default 16)")(
      "per-host", po::value<int>()->value_name("N"),
      "transfers in flight per host (default 4)")(
      "delay-ms", po::value<int>()->value_name("MS"),
      "least gap between two requests to one host (default 0)")(
      "retries", po::value<int>()->value_name("N"),
      "retries of timeouts, resets, 408/429/5xx (default 2)")(
      "timeout", po::value<double>()->value_name("S"),
      "seconds one attempt may take (default 30)")(
      "max-bytes", po::value<std::string>()->value_name("SIZE"),
      "largest decoded body: bytes, or 512K, 10M (default 10M, at most 255M)")(
      "user-agent", po::value<std::string>()->value_name("TEXT"),
      "the User-Agent header: name yourself and a contact, as \"mybot/1.0 "
      "(+mailto:you@example.org)\" (default: qascrape's version and a note "
      "that no contact was given)")("no-robots",
                                    "do not fetch or obey robots.txt")(
      "resolve",
      po::value<std::vector<std::string>>()->composing()->value_name(
          "HOST:PORT:ADDR"),
      "HOST:PORT:ADDRESS: connect there for HOST:PORT (a mirror, a test "
      "server); ADDRESS an IP, [::1] for IPv6; repeatable")(
      "allow-private", "allow loopback and private addresses (tests, demos)")(
      "resume",
      "continue an interrupted run of the same -o FILE: a line is done when "
      "a record has its input_line and its URL (canonical); a list none of "
      "whose URLs the records name is refused")(
      "shard", po::value<std::string>()->value_name("K/N"),
      "keep only the hosts of shard K of N (0 <= K < N)")(
      "stats", po::value<std::string>()->value_name("FILE"),
      "write the run summary as JSON to FILE")(
      "report", po::value<std::string>()->value_name("FILE"),
      "write a run report for a person as one HTML file")(
      "workers", po::value<int>()->value_name("N"),
      "parse threads (default: every core)")(
      "quiet,q", "log only warnings, errors and selector-health alarms")(
      "verbose,v", "log every URL's outcome, not only the failed ones")(
      "log-file", po::value<std::string>()->value_name("FILE"),
      "append the log to FILE instead of stderr (lines timed, as they are "
      "whenever the log is not a terminal)");
  po::variables_map vm;
  bool help = false;
  if (!parse_flags("crawl", synopsis, opts, nullptr, args, vm, help))
    return pipeline::kExitUsage;
  if (help) return pipeline::kExitOk;
  if (!vm.count("urls")) {
    std::cerr << "qascrape crawl: --urls FILE|- is required\n";
    return pipeline::kExitUsage;
  }
  std::optional<rules::RuleSet> rules =
      load_rules(flag<std::string>(vm, "selectors"));
  if (!rules) return pipeline::kExitConfig;
  pipeline::CrawlOptions options;
  if (auto problem = validate(vm, *rules, options)) {
    std::cerr << "qascrape crawl: " << *problem << "\n";
    return pipeline::kExitUsage;
  }
  // The log: stderr, or appended to --log-file; timed unless a terminal.
  std::ofstream log_file;
  if (auto path = flag<std::string>(vm, "log-file")) {
    log_file.open(*path, std::ios::app | std::ios::binary);
    if (!log_file) {
      std::cerr << "qascrape crawl: --log-file " << *path
                << ": cannot be opened for writing\n";
      return pipeline::kExitOutput;
    }
  }
  const bool to_file = log_file.is_open();
  LogStream log(to_file ? log_file.rdbuf() : std::cerr.rdbuf(),
                to_file || ::isatty(STDERR_FILENO) != 1);
  if (options.verbosity >= 0) {
    // The effective settings, once, so a log says what the run was.
    const fetch::FetchOptions& f = options.fetch;
    log << "qascrape crawl: settings: concurrency " << f.concurrency
        << ", per-host " << f.per_host << ", delay " << f.delay_ms
        << " ms, timeout " << f.timeout_s << " s, retries " << f.retries
        << ", robots.txt " << (f.obey_robots ? "obeyed" : "ignored")
        << ", max-bytes " << f.max_bytes << ", workers "
        << pipeline::worker_count(options.workers) << ", user agent \""
        << f.user_agent << "\", store " << options.store_dir << ", records "
        << options.output << (options.resume ? " (resumed)" : "") << "\n";
  }
  // Without --allow-private every request goes to a public site, whose
  // operator should be able to reach whoever runs the crawl.
  if (!vm.count("user-agent") && !options.fetch.allow_private) {
    log << "qascrape crawl: warning: no --user-agent given; sites see \""
        << options.fetch.user_agent
        << "\". Name yourself and a contact, e.g. --user-agent "
           "\"mybot/1.0 (+mailto:you@example.org)\"\n";
  }
  const int code = pipeline::crawl(options, *rules, log);
  log.flush();
  if (to_file && !log_file) {
    std::cerr << "qascrape crawl: writing the log file failed\n";
    return pipeline::kExitOutput;
  }
  return code;
}

}  // namespace qascrape::cli
