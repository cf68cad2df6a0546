#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "core/result.h"

namespace qascrape::pipeline {

// One URL-list entry: its 1-based line number and its trimmed text.
struct UrlLine {
  long long line = 0;
  std::string text;
};

// Streams a URL list (a file or "-" for stdin): UTF-8 with or without BOM,
// LF or CRLF; blank lines and lines starting with '#' are skipped and
// surrounding white space is trimmed. Memory holds one line at a time.
class UrlListReader {
 public:
  static Result<UrlListReader> open(const std::string& path);
  UrlListReader(UrlListReader&& other) noexcept;
  UrlListReader& operator=(UrlListReader&&) = delete;
  UrlListReader(const UrlListReader&) = delete;
  ~UrlListReader();

  std::optional<UrlLine> next();
  bool failed() const { return failed_; }  // a read error ended the list

 private:
  UrlListReader(std::FILE* file, bool owned) : file_(file), owned_(owned) {}
  std::FILE* file_ = nullptr;
  bool owned_ = false;
  long long line_ = 0;
  bool failed_ = false;
};

// Counts the entries next() would return (for progress); nullopt for stdin.
std::optional<long long> count_url_lines(const std::string& path);

}  // namespace qascrape::pipeline
