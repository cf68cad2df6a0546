#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <iomanip>
#include <memory>
#include <mutex>
#include <ostream>
#include <sstream>
#include <thread>

#include "db/db.h"
#include "db/engines.h"

namespace qascrape::db {

namespace {

double seconds_now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct CloseFile {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

Result<std::unique_ptr<Database>> open_database(const Target& target) {
  return target.engine == Target::Engine::kSqlite ? open_sqlite(target)
                                                  : open_postgres(target);
}

Loader::Loader(Database& db, LoadOptions options, std::ostream& log)
    : db_(db), options_(options), log_(log), started_(seconds_now()) {
  if (options_.batch < 1) options_.batch = 1;
  pending_.reserve(options_.batch);
}

Loader::~Loader() {
  if (freeing_.joinable()) freeing_.join();
}

// What the reader thread hands the writer, in input order: a record's rows,
// or a message about a bad line or an unreadable file.
struct Parsed {
  std::optional<PageRows> rows;
  std::string message;  // a bad line or an unreadable file
  std::string note;     // what LoadOptions::watch said of a good line
  bool unreadable = false;
};

namespace {

using Chunk = std::vector<Parsed>;

// A small bounded queue of chunks between the two threads (a chunk, not a
// record, per hand-over: fewer wake-ups).
class ParsedQueue {
 public:
  static constexpr std::size_t kChunk = 32;
  explicit ParsedQueue(std::size_t capacity) : capacity_(capacity) {}
  // False once the consumer has stopped (no one will read it).
  bool push(Parsed item) {
    pending_.push_back(std::move(item));
    return pending_.size() < kChunk || flush();
  }
  // Hands over what push() gathered.
  bool flush() {
    if (pending_.empty()) return !stopped();
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || stopped_; });
    if (stopped_) return false;
    items_.push_back(std::move(pending_));
    pending_.clear();
    not_empty_.notify_one();
    return true;
  }
  // nullopt once the producer closed it and it is empty.
  std::optional<Chunk> pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    Chunk chunk = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return chunk;
  }
  void close() {
    (void)flush();
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }
  bool stopped() {
    std::lock_guard lock(mu_);
    return stopped_;
  }
  void stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    not_full_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Chunk> items_;
  Chunk pending_;  // the producer's, not shared
  std::size_t capacity_;
  bool closed_ = false, stopped_ = false;
};

// Reads every line of `path` ("-": stdin) and parses it; false when the
// queue was stopped.
bool read_file(const std::string& path, const LoadOptions::Watch& watch,
               ParsedQueue& queue) {
  const bool is_stdin = path == "-";
  const std::string label = is_stdin ? "<stdin>" : path;
  std::unique_ptr<std::FILE, CloseFile> owned;
  std::FILE* in = stdin;
  if (!is_stdin) {
    owned.reset(std::fopen(path.c_str(), "rb"));
    if (!owned) {
      return queue.push(Parsed{std::nullopt,
                               label + ": cannot read: " + std::strerror(errno),
                               "", true});
    }
    in = owned.get();
  }
  long long line_no = 0;
  // Parses one line (with or without its end); false when the queue was
  // stopped.
  auto take = [&](std::string_view line) {
    ++line_no;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) return true;
    auto rows = to_rows(line);
    Parsed item;
    if (rows) {
      item.rows = std::move(*rows);
      if (watch) item.note = watch(line);
    } else {
      item.message =
          label + ":" + std::to_string(line_no) + ": " + rows.error().message;
    }
    return queue.push(std::move(item));
  };
  // A regular file is mapped: its lines are parsed where they lie, without
  // the two copies (kernel to stdio, stdio to the line) of getline.
  struct stat st {};
  if (owned && ::fstat(::fileno(in), &st) == 0 && S_ISREG(st.st_mode) &&
      st.st_size > 0) {
    const auto size = static_cast<std::size_t>(st.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, ::fileno(in), 0);
    if (map != MAP_FAILED) {
      ::madvise(map, size, MADV_SEQUENTIAL);
      std::unique_ptr<void, std::function<void(void*)>> unmap(
          map, [size](void* m) { ::munmap(m, size); });
      const std::string_view all(static_cast<const char*>(map), size);
      for (std::size_t at = 0; at < size;) {
        std::size_t end = all.find('\n', at);
        end = end == std::string_view::npos ? size : end + 1;
        if (!take(all.substr(at, end - at))) return false;
        at = end;
      }
      return true;
    }
  }
  std::unique_ptr<char, decltype(&std::free)> buffer(nullptr, &std::free);
  char* raw = nullptr;
  std::size_t capacity = 0;
  while (true) {
    const ssize_t n = ::getline(&raw, &capacity, in);
    (void)buffer.release();  // getline may have moved it
    buffer.reset(raw);
    if (n < 0) break;
    if (!take(std::string_view(raw, static_cast<std::size_t>(n)))) return false;
  }
  if (std::ferror(in)) {
    return queue.push(Parsed{std::nullopt,
                             label + ": read error after line " +
                                 std::to_string(line_no) + ": " +
                                 std::strerror(errno),
                             "", true});
  }
  return true;
}

}  // namespace

Status Loader::load(const std::vector<std::string>& paths) {
  // Parsing (one core) runs ahead of writing (another): the writer takes
  // the records in input order.
  ParsedQueue queue(8);
  std::thread reader([&] {
    for (const std::string& path : paths)
      if (!read_file(path, options_.watch, queue)) break;
    queue.close();
  });
  Status status = ok_status();
  while (auto chunk = queue.pop()) {
    for (Parsed& parsed : *chunk) {
      if (!status) break;  // draining after a database error
      status = consume(parsed);
      if (!status) queue.stop();
    }
  }
  reader.join();
  return status;
}

Status Loader::consume(Parsed& item) {
  ++stats_.lines;
  if (!item.note.empty()) {
    if (options_.progress_tty) log_ << "\r\033[K";
    log_ << item.note;
  }
  if (item.rows) return add(std::move(*item.rows));
  // Cleared first so the report does not land inside a progress line.
  if (options_.progress_tty) log_ << "\r\033[K";
  if (item.unreadable) {
    --stats_.lines;  // a file, not a line
    log_ << "qascrape load: " << item.message << "\n";
    ++stats_.unreadable;
  } else {
    log_ << item.message << "\n";
    ++stats_.skipped;
  }
  return ok_status();
}

Status Loader::add(PageRows rows) {
  // A batch holds each URL once (the engines rely on it): a repeat starts a
  // new batch, so the later copy is judged against the earlier one.
  if (!pending_urls_.insert(rows.url).second) {
    if (Status s = flush(); !s) return s;
    pending_urls_.insert(rows.url);
  }
  pending_.push_back(std::move(rows));
  if (pending_.size() >= options_.batch) return flush();
  return ok_status();
}

Status Loader::flush() {
  if (pending_.empty()) return ok_status();
  auto out = db_.write_batch(pending_);
  if (freeing_.joinable()) freeing_.join();
  freeing_ = std::thread(
      [written = std::move(pending_), urls = std::move(pending_urls_)] {});
  pending_ = {};
  pending_.reserve(options_.batch);
  pending_urls_ = {};
  if (!out) return out.error();
  BatchOutcome& w = stats_.written;
  w.loaded += out->loaded;
  w.replaced += out->replaced;
  w.kept_out += out->kept_out;
  for (std::size_t t = 0; t < kTableCount; ++t) w.rows[t] += out->rows[t];
  show_progress();
  return ok_status();
}

void Loader::show_progress() {
  if (!options_.progress_tty) return;
  const double now = seconds_now();
  if (now - last_progress_ < 0.5) return;
  last_progress_ = now;
  const double secs = now - started_;
  log_ << "\r\033[Kqascrape load: " << stats_.lines << " lines done, "
       << stats_.records() << " records, " << std::fixed << std::setprecision(0)
       << (secs > 0 ? static_cast<double>(stats_.records()) / secs : 0.0)
       << " records/s" << std::flush;
}

Status Loader::finish() {
  Status s = flush();
  if (options_.progress_tty) log_ << "\r\033[K" << std::flush;
  elapsed_ = seconds_now() - started_;
  return s;
}

std::string Loader::summary() const {
  std::ostringstream out;
  const BatchOutcome& w = stats_.written;
  out << "loaded " << w.loaded << ", replaced " << w.replaced
      << ", kept out as older " << w.kept_out << ", skipped " << stats_.skipped;
  if (stats_.unreadable) out << ", unreadable files " << stats_.unreadable;
  out << "; rows written:";
  for (std::size_t t = 0; t < kTableCount; ++t)
    out << (t ? ", " : " ") << tables()[t].name << " " << w.rows[t];
  out << " (" << std::fixed << std::setprecision(0)
      << (elapsed_ > 0 ? static_cast<double>(stats_.records()) / elapsed_ : 0.0)
      << " records/s)";
  return out.str();
}

}  // namespace qascrape::db
