#include "pipeline/url_list.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "core/text.h"

namespace qascrape::pipeline {

Result<UrlListReader> UrlListReader::open(const std::string& path) {
  if (path == "-") return UrlListReader(stdin, false);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return make_error(Errc::kUsage, path + ": cannot read the URL list: " +
                                        std::strerror(errno));
  }
  // A folder opens but cannot be read: found out now, before any output
  // exists, not as a read error after the -o file was created.
  struct stat st {};
  if (::fstat(::fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    std::fclose(f);
    return make_error(Errc::kUsage,
                      path + ": is a folder, not a URL list (one URL a line)");
  }
  return UrlListReader(f, true);
}

UrlListReader::UrlListReader(UrlListReader&& other) noexcept
    : file_(other.file_),
      owned_(other.owned_),
      line_(other.line_),
      failed_(other.failed_) {
  other.file_ = nullptr;
  other.owned_ = false;
}

UrlListReader::~UrlListReader() {
  if (owned_ && file_ != nullptr) std::fclose(file_);
}

std::optional<UrlLine> UrlListReader::next() {
  if (file_ == nullptr) return std::nullopt;
  std::string raw;
  while (true) {
    raw.clear();
    int c;
    bool any = false;
    while ((c = std::fgetc(file_)) != EOF) {
      any = true;
      if (c == '\n') break;
      raw.push_back(static_cast<char>(c));
    }
    if (!any) {
      failed_ = std::ferror(file_) != 0;
      return std::nullopt;
    }
    ++line_;
    if (line_ == 1 && raw.rfind("\xEF\xBB\xBF", 0) == 0) raw.erase(0, 3);
    std::string text = collapse_whitespace(raw);  // also drops a trailing CR
    if (text.empty() || text[0] == '#') continue;
    return UrlLine{line_, std::move(text)};
  }
}

std::optional<long long> count_url_lines(const std::string& path) {
  if (path == "-") return std::nullopt;
  auto reader = UrlListReader::open(path);
  if (!reader) return std::nullopt;
  long long n = 0;
  while (reader->next()) ++n;
  return n;
}

}  // namespace qascrape::pipeline
