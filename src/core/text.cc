#include "core/text.h"

namespace qascrape {

std::size_t whitespace_prefix_len(std::string_view s) {
  if (s.empty()) return 0;
  const auto c0 = static_cast<unsigned char>(s[0]);
  if (c0 == ' ' || c0 == '\t' || c0 == '\n' || c0 == '\r' || c0 == '\f' ||
      c0 == '\v') {
    return 1;
  }
  if (s.size() >= 2 && c0 == 0xC2 && static_cast<unsigned char>(s[1]) == 0xA0) {
    return 2;  // U+00A0
  }
  if (s.size() >= 3) {
    const auto c1 = static_cast<unsigned char>(s[1]);
    const auto c2 = static_cast<unsigned char>(s[2]);
    if (c0 == 0xE3 && c1 == 0x80 && c2 == 0x80) return 3;  // U+3000
    if (c0 == 0xE2 && c1 == 0x80 && (c2 <= 0x8A || c2 == 0xAF)) {
      return 3;  // U+2000-U+200A, U+202F
    }
  }
  return 0;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t ws = whitespace_prefix_len(text.substr(i));
    if (ws > 0) {
      pending_space = !out.empty();
      i += ws;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

}  // namespace qascrape
