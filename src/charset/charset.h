// charset owns turning raw page bytes into valid UTF-8 the way browsers pick
// an encoding (BOM, HTTP, <meta> prescan, sniff, default); it may use core.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace qascrape::charset {

// Where the encoding decision came from (the record's `charset_source`).
enum class Source { kBom, kHttp, kMeta, kSniff, kDefault, kOverride };
const char* source_name(Source source);

struct Decoded {
  std::string utf8;     // always valid UTF-8; bad input bytes became U+FFFD
  std::string charset;  // WHATWG name, lower case: "utf-8", "gb18030", ...
  Source source = Source::kDefault;
  std::size_t replacements = 0;  // how many U+FFFD the decoder inserted
};

struct Hints {
  std::optional<std::string> content_type;    // the HTTP Content-Type, if known
  std::optional<std::string> override_label;  // user's choice; wins over all
  std::string default_label = "gb18030";      // the site's default
};

// WHATWG label -> encoding name ("gbk", "GB2312", " x-gbk " -> "gb18030"),
// nullopt for an unknown label.
std::optional<std::string> encoding_for_label(std::string_view label);

// The charset parameter of a Content-Type value, as a canonical encoding.
std::optional<std::string> charset_from_content_type(std::string_view value);

// WHATWG "prescan a byte stream": <meta charset> or <meta http-equiv
// content-type> in the first 1024 bytes. A UTF-16 label reads as utf-8.
std::optional<std::string> prescan_meta(std::string_view bytes);

// Decodes with a known encoding; never fails on bad bytes (U+FFFD each).
// Returns an error only for an encoding this build cannot decode.
Result<Decoded> decode_as(std::string_view bytes, const std::string& encoding);

// Picks the encoding (BOM > override > HTTP > meta > sniff > default) and
// decodes. Errors: an unknown override or default label (Errc::kConfig).
Result<Decoded> decode(std::string_view bytes, const Hints& hints);

// True if the bytes are well-formed UTF-8.
bool is_valid_utf8(std::string_view bytes);

}  // namespace qascrape::charset
