// Whitespace, labels, token lists and the patient line (gender, age).
#include "core/text.h"

#include <algorithm>

#include "normalize/normalize.h"
#include "normalize/utf8.h"

namespace qascrape::normalize {

using internal::CodePoint;
using internal::decode_at;

std::string collapse_ws(std::string_view text) {
  return collapse_whitespace(text);
}

std::string join_paragraphs(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) {
    std::string c = collapse_ws(p);
    if (c.empty()) continue;
    if (!out.empty()) out.push_back('\n');
    out += c;
  }
  return out;
}

std::string strip_label(std::string_view text, std::string_view label) {
  std::string_view rest = internal::trim(text);
  if (!label.empty() && rest.starts_with(label)) {
    rest = internal::trim(rest.substr(label.size()));
    if (rest.starts_with(":")) {
      rest.remove_prefix(1);
    } else if (rest.starts_with("：")) {
      rest.remove_prefix(std::string_view("：").size());
    }
  }
  return collapse_ws(rest);
}

namespace {

bool is_list_separator(char32_t cp) {
  switch (cp) {
    case U'、':
    case U'，':
    case U',':
    case U'；':
    case U';':
    case U'/':
    case U'／':
      return true;
    default:
      return is_unicode_space(cp);
  }
}

}  // namespace

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty() &&
        std::find(out.begin(), out.end(), current) == out.end()) {
      out.push_back(current);
    }
    current.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint c = decode_at(text, i);
    if (is_list_separator(c.value)) {
      flush();
    } else {
      current.append(text.substr(i, c.size));
    }
    i += c.size;
  }
  flush();
  return out;
}

std::optional<std::string> gender(std::string_view text) {
  char32_t prev = 0;
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint c = decode_at(text, i);
    if ((c.value == U'男' || c.value == U'女') && !internal::is_han(prev)) {
      std::size_t after = i + c.size;
      // "男性"/"女性" are the same token written out.
      if (text.substr(after).starts_with("性")) {
        after += std::string_view("性").size();
      }
      const bool standalone = after >= text.size() ||
                              !internal::is_han(decode_at(text, after).value);
      if (standalone) return c.value == U'男' ? "男" : "女";
    }
    prev = c.value;
    i += c.size;
  }
  return std::nullopt;
}

namespace {

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// Reads up to 3 ASCII digits at i; returns the digit count (0 when none).
std::size_t read_number(std::string_view s, std::size_t i, int& value) {
  std::size_t n = 0;
  value = 0;
  while (i + n < s.size() && is_ascii_digit(s[i + n])) {
    if (n == 3) return 0;  // too long to be an age
    value = value * 10 + (s[i + n] - '0');
    ++n;
  }
  return n;
}

}  // namespace

std::optional<int> age_years(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_ascii_digit(text[i]) || (i > 0 && is_ascii_digit(text[i - 1]))) {
      continue;
    }
    int value = 0;
    const std::size_t n = read_number(text, i, value);
    if (n == 0) continue;
    std::string_view unit = internal::trim(text.substr(i + n));
    if (unit.starts_with("岁") || unit.starts_with("周岁")) {
      if (value <= 150) return value;
      return std::nullopt;
    }
    // Babies: months, weeks and days all round down to 0 years.
    if (unit.starts_with("个月") || unit.starts_with("周") ||
        unit.starts_with("天")) {
      return 0;
    }
    // "年龄：30" with no unit.
    std::string_view before = internal::trim(text.substr(0, i));
    if (before.ends_with(":")) {
      before.remove_suffix(1);
    } else if (before.ends_with("：")) {
      before.remove_suffix(std::string_view("：").size());
    }
    if (internal::trim(before).ends_with("年龄") && value <= 150) return value;
  }
  return std::nullopt;
}

}  // namespace qascrape::normalize
