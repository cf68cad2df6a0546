#include "normalize/utf8.h"

#include "core/text.h"

namespace qascrape::normalize::internal {

CodePoint decode_at(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t n = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4;
    cp = b0 & 0x07;
  } else {
    return {0xFFFD, 1};
  }
  if (i + n > s.size()) return {0xFFFD, 1};
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, n};
}

bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

std::string_view trim(std::string_view s) {
  std::size_t begin = 0;
  while (begin < s.size()) {
    const CodePoint c = decode_at(s, begin);
    if (!is_unicode_space(c.value)) break;
    begin += c.size;
  }
  // Find the end of the last non-space code point by scanning forward, which
  // is simpler than decoding backwards and keeps code points whole.
  std::size_t end = begin;
  for (std::size_t i = begin; i < s.size();) {
    const CodePoint c = decode_at(s, i);
    i += c.size;
    if (!is_unicode_space(c.value)) end = i;
  }
  return s.substr(begin, end - begin);
}

std::size_t cp_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += decode_at(s, i).size) ++n;
  return n;
}

bool contains_any(std::string_view s,
                  std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles) {
    if (!n.empty() && s.find(n) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace qascrape::normalize::internal
