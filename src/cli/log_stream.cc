#include "cli/log_stream.h"

#include "core/clock.h"

namespace qascrape::cli {

LogStream::LogStream(std::streambuf* target, bool timestamps)
    : std::ostream(nullptr), buf_(target, timestamps) {
  rdbuf(&buf_);
}

void LogStream::Buf::put(char c) {
  // A carriage return redraws a terminal's progress line: no time there.
  if (timestamps_ && at_line_start_ && c != '\r') {
    std::string stamp = utc_now();
    stamp.push_back(' ');
    target_->sputn(stamp.data(), static_cast<std::streamsize>(stamp.size()));
  }
  target_->sputc(c);
  at_line_start_ = c == '\n';
}

int LogStream::Buf::overflow(int c) {
  if (c == traits_type::eof()) return traits_type::not_eof(c);
  std::lock_guard lock(mu_);
  put(static_cast<char>(c));
  return c;
}

std::streamsize LogStream::Buf::xsputn(const char* s, std::streamsize n) {
  std::lock_guard lock(mu_);
  for (std::streamsize i = 0; i < n; ++i) put(s[i]);
  return n;
}

}  // namespace qascrape::cli
