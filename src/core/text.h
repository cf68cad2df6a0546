#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace qascrape {

// The project's one definition of white space: ASCII space, tab, CR, LF,
// FF, VT, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F and
// U+3000 (the ideographic space Chinese pages indent with).
bool is_unicode_space(char32_t cp);

// Collapses runs of white space into one ASCII space and trims both ends.
// The input should be valid UTF-8 (the charset module guarantees it);
// other bytes are copied as they are.
std::string collapse_whitespace(std::string_view text);

// Length in bytes of the white-space character at the front of `s`, 0 if the
// front is not white space.
std::size_t whitespace_prefix_len(std::string_view s);

// Appends the UTF-8 encoding of a code point.
void append_utf8(std::string& out, char32_t cp);

// Trims ASCII white space (space, tab, CR, LF, FF, VT) at both ends: the
// protocol texts (HTTP headers, robots.txt, WARC headers). Page text uses
// normalize::trim, which knows Unicode spaces.
std::string_view trim_ascii(std::string_view s);

// ASCII case-insensitive equality (header and attribute names).
bool iequals(std::string_view a, std::string_view b);

// A size as users write it: 1048576, 512K, 10M, 1G (powers of 1024, as curl
// reads them; k/m/g too). nullopt for anything else, 0, or over 2^62.
std::optional<long long> parse_size(std::string_view text);

}  // namespace qascrape
