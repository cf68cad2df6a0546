#include "core/text.h"

#include <algorithm>
#include <cctype>

namespace qascrape {

bool is_unicode_space(char32_t cp) {
  switch (cp) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\f':
    case '\v':
    case 0x00A0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

std::size_t whitespace_prefix_len(std::string_view s) {
  if (s.empty()) return 0;
  const auto c0 = static_cast<unsigned char>(s[0]);
  if (c0 < 0x80) return is_unicode_space(c0) ? 1 : 0;
  // Every other space is a 2- or 3-byte sequence; decode just those.
  if (c0 == 0xC2 && s.size() >= 2) {
    return static_cast<unsigned char>(s[1]) == 0xA0 ? 2 : 0;
  }
  if ((c0 == 0xE1 || c0 == 0xE2 || c0 == 0xE3) && s.size() >= 3 &&
      (static_cast<unsigned char>(s[1]) & 0xC0) == 0x80 &&
      (static_cast<unsigned char>(s[2]) & 0xC0) == 0x80) {
    const char32_t cp =
        (static_cast<char32_t>(c0 & 0x0F) << 12) |
        (static_cast<char32_t>(static_cast<unsigned char>(s[1]) & 0x3F) << 6) |
        (static_cast<unsigned char>(s[2]) & 0x3F);
    return is_unicode_space(cp) ? 3 : 0;
  }
  return 0;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string_view trim_ascii(std::string_view s) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v';
  };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
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

std::optional<long long> parse_size(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long long unit = 1;
  switch (text.back()) {
    case 'k':
    case 'K':
      unit = 1LL << 10;
      break;
    case 'm':
    case 'M':
      unit = 1LL << 20;
      break;
    case 'g':
    case 'G':
      unit = 1LL << 30;
      break;
    default:
      break;
  }
  if (unit != 1) text.remove_suffix(1);
  if (text.empty() || text.size() > 18) return std::nullopt;
  long long n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n == 0 || n > (1LL << 62) / unit) return std::nullopt;
  return n * unit;
}

}  // namespace qascrape
