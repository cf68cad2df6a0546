#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iomanip>
#include <memory>
#include <ostream>
#include <sstream>

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

Loader::~Loader() = default;

Status Loader::load_file(const std::string& path) {
  const bool is_stdin = path == "-";
  const std::string label = is_stdin ? "<stdin>" : path;
  std::unique_ptr<std::FILE, CloseFile> owned;
  std::FILE* in = stdin;
  if (!is_stdin) {
    owned.reset(std::fopen(path.c_str(), "rb"));
    if (!owned) {
      log_ << "qascrape load: " << label
           << ": cannot read: " << std::strerror(errno) << "\n";
      ++stats_.unreadable;
      return ok_status();
    }
    in = owned.get();
  }
  std::unique_ptr<char, decltype(&std::free)> buffer(nullptr, &std::free);
  char* raw = nullptr;
  std::size_t capacity = 0;
  long long line_no = 0;
  while (true) {
    const ssize_t n = ::getline(&raw, &capacity, in);
    buffer.release();
    buffer.reset(raw);
    if (n < 0) break;
    ++line_no;
    std::string_view line(raw, static_cast<std::size_t>(n));
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    ++stats_.lines;
    auto rows = to_rows(line);
    if (!rows) {
      // Cleared first so the report does not land inside a progress line.
      if (options_.progress_tty) log_ << "\r\033[K";
      log_ << label << ":" << line_no << ": " << rows.error().message << "\n";
      ++stats_.skipped;
      continue;
    }
    if (Status s = add(std::move(*rows)); !s) return s;
  }
  if (std::ferror(in)) {
    log_ << "qascrape load: " << label << ": read error after line " << line_no
         << ": " << std::strerror(errno) << "\n";
    ++stats_.unreadable;
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
  pending_.clear();
  pending_urls_.clear();
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
