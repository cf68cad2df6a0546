#include <cctype>
#include <string>

#include "charset/charset.h"

namespace qascrape::charset {

namespace {

bool is_space(unsigned char c) {
  return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

struct Attribute {
  std::string name;
  std::string value;
};

// WHATWG "get an attribute": reads one attribute at `i`; false at '>' or end.
bool get_attribute(std::string_view s, std::size_t& i, Attribute& attr) {
  attr = {};
  while (i < s.size() && (is_space(s[i]) || s[i] == '/')) ++i;
  if (i >= s.size() || s[i] == '>') return false;
  // Name.
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '=' && !attr.name.empty()) break;
    if (is_space(c)) break;
    if (c == '/' || c == '>') return true;
    attr.name.push_back(static_cast<char>(std::tolower(c)));
    ++i;
  }
  while (i < s.size() && is_space(s[i])) ++i;
  if (i >= s.size() || s[i] != '=') return true;
  ++i;
  while (i < s.size() && is_space(s[i])) ++i;
  if (i >= s.size()) return true;
  if (s[i] == '"' || s[i] == '\'') {
    const char quote = s[i++];
    while (i < s.size() && s[i] != quote) {
      attr.value.push_back(
          static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
      ++i;
    }
    if (i < s.size()) ++i;
    return true;
  }
  while (i < s.size() && !is_space(s[i]) && s[i] != '>') {
    attr.value.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
    ++i;
  }
  return true;
}

// WHATWG "extract a character encoding from a meta element" (content=...).
std::optional<std::string> charset_from_meta_content(std::string_view v) {
  std::size_t pos = 0;
  while ((pos = v.find("charset", pos)) != std::string_view::npos) {
    std::size_t i = pos + 7;
    while (i < v.size() && is_space(v[i])) ++i;
    if (i >= v.size() || v[i] != '=') {
      pos = i;
      continue;
    }
    ++i;
    while (i < v.size() && is_space(v[i])) ++i;
    if (i >= v.size()) return std::nullopt;
    if (v[i] == '"' || v[i] == '\'') {
      const char q = v[i++];
      const std::size_t end = v.find(q, i);
      if (end == std::string_view::npos) return std::nullopt;
      return std::string(v.substr(i, end - i));
    }
    std::size_t end = i;
    while (end < v.size() && !is_space(v[end]) && v[end] != ';') ++end;
    return std::string(v.substr(i, end - i));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> prescan_meta(std::string_view bytes) {
  const std::string_view s =
      bytes.substr(0, std::min<std::size_t>(bytes.size(), 1024));
  std::size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 4, "<!--") == 0) {
      const std::size_t end = s.find("-->", i + 2);
      if (end == std::string_view::npos) return std::nullopt;
      i = end + 3;
      continue;
    }
    const bool meta =
        i + 6 <= s.size() && s[i] == '<' &&
        std::tolower(static_cast<unsigned char>(s[i + 1])) == 'm' &&
        std::tolower(static_cast<unsigned char>(s[i + 2])) == 'e' &&
        std::tolower(static_cast<unsigned char>(s[i + 3])) == 't' &&
        std::tolower(static_cast<unsigned char>(s[i + 4])) == 'a' &&
        (is_space(s[i + 5]) || s[i + 5] == '/');
    if (meta) {
      i += 6;
      bool got_pragma = false;
      std::optional<bool> need_pragma;
      std::optional<std::string> charset;
      bool seen_http_equiv = false, seen_content = false, seen_charset = false;
      Attribute attr;
      while (get_attribute(s, i, attr)) {
        if (attr.name == "http-equiv" && !seen_http_equiv) {
          seen_http_equiv = true;
          if (attr.value == "content-type") got_pragma = true;
        } else if (attr.name == "content" && !seen_content && !charset) {
          seen_content = true;
          if (auto c = charset_from_meta_content(attr.value)) {
            charset = encoding_for_label(*c);
            if (charset) need_pragma = true;
          }
        } else if (attr.name == "charset" && !seen_charset) {
          seen_charset = true;
          charset = encoding_for_label(attr.value);
          need_pragma = false;
        }
      }
      if (charset && need_pragma.has_value() && (!*need_pragma || got_pragma)) {
        // A page cannot be UTF-16 if its meta was readable as ASCII.
        if (*charset == "utf-16le" || *charset == "utf-16be") return "utf-8";
        return charset;
      }
      continue;
    }
    if (s[i] == '<' && i + 1 < s.size() &&
        (std::isalpha(static_cast<unsigned char>(s[i + 1])) ||
         (s[i + 1] == '/' && i + 2 < s.size() &&
          std::isalpha(static_cast<unsigned char>(s[i + 2]))))) {
      // Skip a tag name and its attributes (they may contain '>' in quotes).
      i += s[i + 1] == '/' ? 2 : 1;
      while (i < s.size() && !is_space(s[i]) && s[i] != '>') ++i;
      Attribute attr;
      while (get_attribute(s, i, attr)) {
      }
      if (i < s.size()) ++i;
      continue;
    }
    if (s.compare(i, 2, "<!") == 0 || s.compare(i, 2, "</") == 0 ||
        s.compare(i, 2, "<?") == 0) {
      const std::size_t end = s.find('>', i);
      if (end == std::string_view::npos) return std::nullopt;
      i = end + 1;
      continue;
    }
    ++i;
  }
  return std::nullopt;
}

}  // namespace qascrape::charset
