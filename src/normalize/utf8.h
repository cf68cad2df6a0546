// Internal UTF-8 helpers shared by the normalize sources; not part of the
// module's API.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace qascrape::normalize::internal {

struct CodePoint {
  char32_t value;
  std::size_t size;  // bytes, >= 1 even for an invalid byte
};

// Decodes the code point at byte offset i (< s.size()). An invalid or
// truncated sequence decodes as U+FFFD of size 1 so callers always advance.
CodePoint decode_at(std::string_view s, std::size_t i);

// White space is core's is_unicode_space().
bool is_han(char32_t cp);

// Trims white space (is_unicode_space) at both ends.
std::string_view trim(std::string_view s);

std::size_t cp_count(std::string_view s);

// True when s contains any of the (UTF-8) needles.
bool contains_any(std::string_view s,
                  std::initializer_list<std::string_view> needles);

}  // namespace qascrape::normalize::internal
