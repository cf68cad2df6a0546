#pragma once

#include <string>
#include <string_view>

namespace qascrape {

// Collapses runs of white space (ASCII space, tab, CR, LF, FF, VT, U+00A0,
// U+2000-U+200A, U+202F, U+3000) into one ASCII space and trims both ends.
// The input must be valid UTF-8 (the charset module guarantees it).
std::string collapse_whitespace(std::string_view text);

// Length in bytes of the white-space character at the front of `s`, 0 if the
// front is not white space (same set as collapse_whitespace).
std::size_t whitespace_prefix_len(std::string_view s);

}  // namespace qascrape
