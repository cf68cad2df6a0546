#include "pipeline/crawl.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/sha256.h"
#include "pipeline/bounded_queue.h"
#include "pipeline/first_line_table.h"
#include "pipeline/pipeline.h"
#include "pipeline/report.h"
#include "pipeline/responses.h"
#include "pipeline/url_list.h"
#include "store/store.h"

namespace qascrape::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

// Identity of a URL for --resume: the canonical URL the crawler fetches,
// else (an invalid or blocked line) the text as a record shows it.
std::uint64_t url_key(const std::string& text) {
  auto canonical = fetch::canonical_url(text);
  if (canonical) return fetch::fnv1a64(*canonical);
  std::string shown = text;
  for (std::size_t at = shown.find('\0'); at != std::string::npos;
       at = shown.find('\0', at))
    shown.replace(at, 1, "\xEF\xBF\xBD");
  return fetch::fnv1a64(shown);
}

// What a previous run answered: (input_line, URL key) of every record, and
// where a torn last line starts (the file itself is not changed here).
struct ResumeState {
  std::vector<std::pair<long long, std::uint64_t>> done;  // sorted
  std::optional<std::uint64_t> cut_at;
  bool has(long long line, std::uint64_t key) const {
    return std::binary_search(done.begin(), done.end(),
                              std::make_pair(line, key));
  }
};

// What a previous run already answered: the input_line of every record in
// the output file. Only a torn last line (a kill mid-write) after records
// is cut off, so that its URL is done again; a file holding anything else
// (notes given by mistake, another tool's lines) is refused and left as it
// was (Errc::kUsage).
Result<ResumeState> resume_state(const std::string& path, std::size_t& kept) {
  ResumeState state;
  kept = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return state;  // nothing yet: a fresh run
  std::string line;
  std::uint64_t good_bytes = 0, offset = 0;
  long long number = 0;
  bool torn = false;
  auto refuse = [&](const std::string& why) {
    std::string message = path;
    message.append(":").append(std::to_string(number)).append(": ");
    message.append(why).append(
        "; --resume continues only a records file of an earlier crawl "
        "(the file is left as it was)");
    return make_error(Errc::kUsage, std::move(message));
  };
  while (std::getline(in, line)) {
    ++number;
    const bool complete = !in.eof();
    offset += line.size() + (complete ? 1 : 0);
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    const bool record = j.is_object() && j.contains("schema_version") &&
                        j.contains("status") && j.contains("input_line") &&
                        j["input_line"].is_number_integer() &&
                        j["input_line"].get<long long>() > 0;
    if (!complete) {
      // A last line without its newline is a kill mid-write when records
      // precede it or it starts as a record does (the first write torn);
      // otherwise it is someone else's file.
      if (kept == 0 && line.rfind("{\"schema_version\":", 0) != 0)
        return refuse("not a qascrape record");
      torn = true;
      break;
    }
    if (!record) return refuse("not a qascrape record");
    good_bytes = offset;
    const auto n = j["input_line"].get<long long>();
    const std::string url = j.contains("url") && j["url"].is_string()
                                ? j["url"].get<std::string>()
                                : std::string();
    state.done.emplace_back(n, url_key(url));
    ++kept;
  }
  in.close();
  if (torn) state.cut_at = good_bytes;
  std::sort(state.done.begin(), state.done.end());
  return state;
}

// Blocks SIGINT/SIGTERM in every thread and waits for them on one, so a
// Ctrl-C stops the fetch loop cleanly instead of killing the process.
class SignalWatcher {
 public:
  explicit SignalWatcher(std::function<void()> on_signal) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
    thread_ = std::thread([this, set, on_signal] {
      timespec tick{0, 200 * 1000 * 1000};
      while (!quit_) {
        if (sigtimedwait(&set, nullptr, &tick) > 0) {
          fired_ = true;
          on_signal();
        }
      }
    });
  }
  ~SignalWatcher() {
    quit_ = true;
    thread_.join();
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  bool fired() const { return fired_; }

 private:
  sigset_t old_{};
  std::atomic<bool> quit_{false}, fired_{false};
  std::thread thread_;
};

// "host:port" of a canonical URL with the port spelled out (80 or 443 by
// scheme when the URL leaves it out), as a --resolve entry names it.
std::string host_port_of(const std::string& canonical) {
  const std::string host = fetch::host_key(canonical);
  const std::size_t scheme_end = canonical.find("://");
  if (host.empty() || scheme_end == std::string::npos) return {};
  const std::size_t start = scheme_end + 3;
  const std::string authority =
      canonical.substr(start, canonical.find_first_of("/?#", start) - start);
  const std::size_t colon = authority.rfind(':');
  const std::size_t bracket = authority.rfind(']');
  std::string port = canonical.rfind("https:", 0) == 0 ? "443" : "80";
  if (colon != std::string::npos &&
      (bracket == std::string::npos || colon > bracket))
    port = authority.substr(colon + 1);
  std::string out = host;
  out.append(":").append(port);
  return out;
}

// The HOST:PORT of every --resolve entry (lower-cased), none used yet.
std::map<std::string, bool> resolve_targets(
    const std::vector<std::string>& entries) {
  std::map<std::string, bool> out;
  for (const std::string& e : entries) {
    std::string key = e.substr(e[0] == '+' ? 1 : 0);
    key.resize(std::min(key.size(), key.find(':', key.find(':') + 1)));
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) {
      return static_cast<char>(std::tolower(c));
    });
    out.emplace(key, false);
  }
  return out;
}

struct Job {
  long long line = 0;
  fetch::Response response;
};

}  // namespace

int crawl(const CrawlOptions& opt, const rules::RuleSet& rules,
          std::ostream& log) {
  const auto started = Clock::now();
  // 0. Inputs first: a usage error (an unreadable list) must leave no
  // output behind, so nothing is created or truncated before this.
  auto reader = UrlListReader::open(opt.urls);
  if (!reader) {
    log << "qascrape crawl: " << reader.error().message << "\n";
    return kExitUsage;
  }
  // Files written only at the end must not fail after the whole crawl.
  for (const std::optional<std::string>* file :
       {&opt.stats_file, &opt.report_file}) {
    if (!*file) continue;
    if (Status s = write::check_writable(**file); !s) {
      log << "qascrape crawl: " << s.error().message << "\n";
      return kExitOutput;
    }
  }
  // 1. What is already done (--resume), and the output.
  ResumeState done_lines;
  std::size_t resumed = 0;
  // The resume state comes from the very file the sink appends to.
  const std::string output_file = write::output_path(opt.output);
  if (opt.resume) {
    auto state = resume_state(output_file, resumed);
    if (!state) {
      log << "qascrape crawl: " << state.error().message << "\n";
      return state.error().code == Errc::kUsage ? kExitUsage : kExitOutput;
    }
    done_lines = std::move(state.value());
    // Which list the records answer: a list none of whose URLs they name
    // is another list, refused before anything changes. A list that can be
    // read only once (stdin, a FIFO) is not checked here.
    std::error_code ec;
    if (resumed > 0 && opt.urls != "-" &&
        std::filesystem::is_regular_file(opt.urls, ec)) {
      std::vector<std::uint64_t> keys;
      for (const auto& [line, key] : done_lines.done) keys.push_back(key);
      std::sort(keys.begin(), keys.end());
      bool any = false;
      std::size_t matched = 0;
      if (auto scan = UrlListReader::open(opt.urls)) {
        while (auto e = scan->next()) {
          const std::uint64_t key = url_key(e->text);
          any = any || std::binary_search(keys.begin(), keys.end(), key);
          if (done_lines.has(e->line, key)) ++matched;
        }
      }
      if (!any) {
        log << "qascrape crawl: " << output_file << ": none of the " << resumed
            << " record(s) names a URL of " << opt.urls
            << ": it answers another list; --resume refused (the file is "
               "left as it was; -O FILE starts afresh)\n";
        return kExitUsage;
      }
      if (matched < resumed)
        log << "qascrape crawl: " << (resumed - matched)
            << " record(s) are for lines whose URL changed: kept, and those "
               "lines are fetched again\n";
      resumed = matched;
    }
    if (done_lines.cut_at) {
      std::filesystem::resize_file(output_file, *done_lines.cut_at, ec);
      if (ec) {
        log << "qascrape crawl: " << output_file
            << ": cannot cut the torn last line: " << ec.message() << "\n";
        return kExitOutput;
      }
    }
  }
  auto sink = write::LineSink::open(output_file, /*truncate=*/!opt.resume);
  if (!sink) {
    log << "qascrape crawl: " << sink.error().message << "\n";
    return kExitOutput;
  }
  store::WarcWriterOptions store_opt;
  store_opt.dir = opt.store_dir;
  store_opt.user_agent = opt.fetch.user_agent;
  auto warc = store::WarcWriter::open(store_opt);
  if (!warc) {
    log << "qascrape crawl: page store: " << warc.error().message << "\n";
    return kExitOutput;
  }
  const std::optional<long long> total = count_url_lines(opt.urls);
  if (resumed > 0)
    log << "qascrape crawl: resuming: " << resumed << " line(s) already done\n";

  const extract::Extractor extractor(rules);
  std::mutex out_mu;  // sink, stats
  std::mutex
      warc_mu;  // warc writer (gzips each record: kept apart from out_mu)
  RunStats stats;
  std::atomic<long long> written{0};
  std::atomic<bool> output_failed{false};
  auto emit = [&](extract::Record&& rec, long long line) {
    rec.input_line = line;
    const std::string json = write::to_json_line(rec);
    std::lock_guard lock(out_mu);
    if (Status s = sink->write_line(json); !s) {
      if (!output_failed.exchange(true))
        log << "qascrape crawl: " << s.error().message << "\n";
      return;
    }
    stats.observe(rec, rec.site ? rules.by_id(*rec.site) : nullptr);
    // One line per failed URL, as parse gives one per failed page (the
    // progress line, if any, cleared first).
    if (opt.verbosity > 0 ||
        (opt.verbosity == 0 && !extract::is_success_status(rec.status))) {
      std::string m = "qascrape crawl: line ";
      m.append(std::to_string(line)).append(": ");
      m.append(rec.url.value_or("")).append(rec.url ? ": " : "");
      m.append(extract::status_name(rec.status));
      if (rec.error) m.append(": ").append(rec.error->message);
      log << (opt.progress_tty ? "\r\033[K" : "") << m << "\n";
    }
    // As soon as the evidence is there, so a user can stop the crawl.
    for (const HealthAlarm& a : stats.take_new_alarms())
      log << "qascrape crawl: selector health: " << a.line() << "\n";
    ++written;
  };

  // SIGINT/SIGTERM are blocked before any thread starts, so every thread
  // inherits the mask and only the watcher takes them; a thread started
  // earlier would let the default action kill the process mid-run.
  fetch::Fetcher fetcher(opt.fetch);
  std::optional<SignalWatcher> signals(std::in_place, [&] { fetcher.stop(); });

  // 2. Parse workers: store the raw response, extract, write.
  const int workers = worker_count(opt.workers);
  BoundedQueue<Job> jobs(static_cast<std::size_t>(workers) * 4);
  std::vector<std::thread> pool;
  for (int i = 0; i < workers; ++i) {
    pool.emplace_back([&] {
      while (auto job = jobs.pop()) {
        fetch::Response& r = job->response;
        if (r.fetched_at.empty()) r.fetched_at = utc_now();
        // One hash of the body serves the record and the WARC payload digest.
        const std::string digest = r.outcome == fetch::Outcome::kResponse
                                       ? sha256_hex(r.body)
                                       : std::string();
        {
          std::optional<store::Exchange> exchange;
          std::optional<store::FailedFetch> failure;
          if (r.outcome == fetch::Outcome::kResponse) {
            exchange = exchange_of(r, digest);
          } else {
            failure = failure_of(r);
          }
          std::unique_lock lock(warc_mu);
          auto stored = exchange ? (*warc)->write_response(*exchange)
                                 : (*warc)->write_failure(*failure);
          lock.unlock();
          if (!stored && !output_failed.exchange(true)) {
            std::lock_guard log_lock(out_mu);
            log << "qascrape crawl: page store: " << stored.error().message
                << "\n";
          }
        }
        emit(record_for_response(r, extractor, rules, opt.site, digest),
             job->line);
      }
    });
  }

  // 3. The URL list, streamed: skip done lines, answer invalid and duplicate
  // lines at once, hand the rest to the fetcher.
  std::map<std::string, bool> resolve_used = resolve_targets(opt.fetch.resolve);
  FirstLineTable first_line_of;  // canonical URL hash -> its first line
  std::unordered_map<std::uint64_t, long long> line_of_request;
  std::uint64_t next_id = 1;
  std::atomic<long long> seen{0};
  auto next = [&]() -> std::optional<fetch::Request> {
    // Records that cannot be written are not worth fetching: stop pulling
    // (the lines left are for --resume once the disk is fixed).
    while (!output_failed) {
      auto entry = reader->next();
      if (!entry) break;
      auto canonical = fetch::canonical_url(entry->text);
      if (canonical && !resolve_used.empty()) {
        const auto it = resolve_used.find(host_port_of(*canonical));
        if (it != resolve_used.end()) it->second = true;
      }
      const std::string host =
          canonical ? fetch::host_key(*canonical) : std::string();
      const bool mine = host.empty()
                            ? fetch::fnv1a64(entry->text) %
                                      static_cast<std::uint64_t>(opt.shard_n) ==
                                  static_cast<std::uint64_t>(opt.shard_k)
                            : fetch::in_shard(host, opt.shard_k, opt.shard_n);
      if (!mine) continue;
      ++seen;
      // Done only when a record has this line and this line's URL.
      const bool done = !done_lines.done.empty() &&
                        done_lines.has(entry->line, url_key(entry->text));
      if (!canonical) {
        if (!done) {
          const bool blocked = canonical.error().code == Errc::kBlocked;
          const extract::RecordStatus status =
              blocked ? extract::RecordStatus::kBlocked
                      : extract::RecordStatus::kInvalidUrl;
          // The line as given, but never a NUL byte: JSON can carry it
          // (\u0000), PostgreSQL jsonb cannot.
          std::string shown = entry->text;
          for (std::size_t at = shown.find('\0'); at != std::string::npos;
               at = shown.find('\0', at))
            shown.replace(at, 1, "\xEF\xBF\xBD");  // U+FFFD
          auto rec = extract::failure_record(std::move(shown), status,
                                             extract::status_name(status),
                                             canonical.error().message);
          emit(std::move(rec), entry->line);
        }
        continue;
      }
      const std::uint64_t key = fetch::fnv1a64(*canonical);
      const std::uint32_t first =
          first_line_of.insert(key, static_cast<std::uint32_t>(entry->line));
      if (first != 0) {
        if (!done) {
          auto rec = extract::failure_record(
              entry->text, extract::RecordStatus::kDuplicate,
              extract::status_name(extract::RecordStatus::kDuplicate),
              "the same URL as line " + std::to_string(first));
          if (const rules::SiteRules* site =
                  opt.site ? opt.site : rules.for_url(*canonical)) {
            rec.site = site->id;
          }
          emit(std::move(rec), entry->line);
        }
        continue;
      }
      if (done) continue;
      const std::uint64_t id = next_id++;
      line_of_request.emplace(id, entry->line);
      return fetch::Request{id, entry->text};
    }
    return std::nullopt;
  };
  // Per host, for the report: fetch-thread only, read after the run.
  std::map<std::string, HostRow> hosts;
  auto on_done = [&](fetch::Response&& r) {
    const std::string host = fetch::host_key(r.url);
    HostRow& h = hosts[host.empty() ? "(no host)" : host];
    ++h.pages;
    if (r.outcome != fetch::Outcome::kResponse || r.http_status >= 400)
      ++h.failed;
    h.mean_seconds += r.seconds;  // a sum until the run ends
    h.max_seconds = std::max(h.max_seconds, r.seconds);
    const auto it = line_of_request.find(r.id);
    const long long line = it == line_of_request.end() ? 0 : it->second;
    if (it != line_of_request.end()) line_of_request.erase(it);
    jobs.push(Job{line, std::move(r)});
  };

  // 4. Progress: a live line on a terminal, a log line every few seconds
  // elsewhere.
  std::atomic<bool> finished{false};
  std::thread progress([&] {
    auto last = Clock::now();
    // The rate of the last minute or so, not of the whole run: an ETA that
    // follows a crawl slowing down or speeding up.
    std::deque<std::pair<Clock::time_point, long long>> samples;
    while (!finished && opt.verbosity >= 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      const auto now = Clock::now();
      const double since = std::chrono::duration<double>(now - last).count();
      if (since < (opt.progress_tty ? 1.0 : opt.log_every_s) || finished)
        continue;
      last = now;
      const double secs = std::chrono::duration<double>(now - started).count();
      std::ostringstream line;
      std::size_t failed;
      {
        std::lock_guard lock(out_mu);
        failed = stats.failed();
      }
      const long long n = written;
      samples.emplace_back(now, n);
      while (samples.size() > 2 &&
             now - samples.front().first > std::chrono::seconds(60))
        samples.pop_front();
      const double window =
          std::chrono::duration<double>(now - samples.front().first).count();
      const double rate = window > 0.5 ? (n - samples.front().second) / window
                          : secs > 0   ? n / secs
                                       : 0;
      line << "qascrape crawl: ";
      if (resumed)
        line << n << " new + " << resumed << " already done";
      else
        line << n;
      if (total) line << "/" << *total;
      line << " done, " << (n - static_cast<long long>(failed)) << " ok, "
           << failed << " failed, " << std::fixed << std::setprecision(1)
           << rate << " pages/s";
      if (total && rate > 0) {
        const double left =
            (*total - n - static_cast<long long>(resumed)) / rate;
        line << ", ETA " << short_duration(left);
      }
      std::string text = line.str();
      // One terminal line, never wrapped: a wrapped line cannot be redrawn
      // in place and piles up. Cut on a character boundary.
      if (opt.progress_tty && opt.term_columns > 1 &&
          text.size() >= static_cast<std::size_t>(opt.term_columns)) {
        std::size_t cut = static_cast<std::size_t>(opt.term_columns) - 1;
        while (cut > 0 &&
               (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
          --cut;
        text.resize(cut);
      }
      std::lock_guard lock(out_mu);
      if (opt.progress_tty) {
        log << "\r\033[K" << text << std::flush;
      } else {
        log << text << "\n" << std::flush;
      }
    }
  });

  fetcher.run(next, on_done);
  const bool interrupted = signals->fired();
  signals.reset();
  jobs.close();
  for (auto& t : pool) t.join();
  finished = true;
  progress.join();
  if (opt.progress_tty) log << "\r\033[K";
  // A record or page not on disk is an output failure like any other.
  for (Status s : {(*warc)->flush(), sink->sync()}) {
    if (!s && !output_failed.exchange(true))
      log << "qascrape crawl: " << s.error().message << "\n";
  }

  // 5. Summary. A --resolve no URL used is usually a typo in the host or
  // port (https URLs are port 443): the run then went to real DNS.
  for (const auto& [target, used] : resolve_used) {
    if (!used && !interrupted && !output_failed)
      log << "qascrape crawl: warning: no URL of the list is on " << target
          << ", so --resolve " << target << ":... was never used\n";
  }
  const double secs =
      std::chrono::duration<double>(Clock::now() - started).count();
  const fetch::Stats fs = fetcher.stats();
  if (opt.verbosity >= 0) {
    log << "qascrape crawl: " << stats.summary() << "; " << fs.retries
        << " retries, " << fs.bytes << " bytes, " << std::fixed
        << std::setprecision(1) << (secs > 0 ? written / secs : 0.0)
        << " pages/s in " << secs << " s"
        << (interrupted ? " (interrupted; rerun with --resume)" : "") << "\n";
    for (const std::string& line : stats.coverage_lines())
      log << "qascrape crawl: " << line << "\n";
  }
  if (opt.stats_file) {
    nlohmann::ordered_json j;
    j["records"] = stats.total();
    j["resumed"] = resumed;
    j["requests"] = fs.requests;
    j["retries"] = fs.retries;
    j["bytes"] = fs.bytes;
    j["robots_fetches"] = fs.robots_fetches;
    j["seconds"] = secs;
    j["pages_per_second"] = secs > 0 ? written / secs : 0.0;
    j["interrupted"] = interrupted;
    j.update(stats.to_json());  // by_status, coverage, health, ...
    if (Status s =
            write_whole_file(*opt.stats_file, j.dump(2) + "\n", "the stats");
        !s) {
      log << "qascrape crawl: " << s.error().message << "\n";
      output_failed = true;
    }
  }
  if (opt.report_file) {
    std::ostringstream took;
    took << std::fixed << std::setprecision(1) << secs << " s";
    const std::string html =
        html_report(stats, "crawl",
                    {{"records", std::to_string(stats.total())},
                     {"requests", std::to_string(fs.requests)},
                     {"retries", std::to_string(fs.retries)},
                     {"bytes", std::to_string(fs.bytes)},
                     {"time", took.str()},
                     {"interrupted", interrupted ? "yes" : "no"}},
                    [&] {
                      std::vector<HostRow> rows;
                      for (auto& [host, row] : hosts) {
                        row.host = host;
                        if (row.pages) row.mean_seconds /= row.pages;
                        rows.push_back(row);
                      }
                      return rows;
                    }());
    if (Status s = write_report(*opt.report_file, html); !s) {
      log << "qascrape crawl: " << s.error().message << "\n";
      return kExitOutput;
    }
  }
  if (output_failed) return kExitOutput;
  if (interrupted) return kExitInterrupted;
  if (reader->failed()) {
    log << "qascrape crawl: reading the URL list failed part-way\n";
    return kExitSomeFailed;
  }
  const std::vector<std::string> problems = stats.health_problems();
  for (const std::string& p : problems)
    log << "qascrape crawl: selector health at the end: " << p << "\n";
  if (!problems.empty()) return kExitHealth;
  return stats.failed() > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace qascrape::pipeline
