// ASCII helpers: CSS names, attribute flags and class lists are ASCII-only
// case-insensitive and split on ASCII whitespace, unlike page text.

#include <string>
#include <string_view>

#include "selector/compiled.h"

namespace qascrape::selector {

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignore_ascii_case(std::string_view x, std::string_view y) {
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (ascii_lower(x[i]) != ascii_lower(y[i])) return false;
  }
  return true;
}

}  // namespace qascrape::selector
