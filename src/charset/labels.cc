#include <algorithm>
#include <cctype>
#include <string>

#include "charset/charset.h"

namespace qascrape::charset {

namespace {

struct LabelEntry {
  std::string_view label;
  std::string_view encoding;
};

// A subset of the WHATWG Encoding Standard's label table: every label that
// names the encodings Chinese (and neighbouring) sites use. Every GB label
// maps to gb18030, whose decoder is a superset of GBK and GB2312.
constexpr LabelEntry kLabels[] = {
    {"unicode-1-1-utf-8", "utf-8"},
    {"unicode11utf8", "utf-8"},
    {"unicode20utf8", "utf-8"},
    {"utf-8", "utf-8"},
    {"utf8", "utf-8"},
    {"x-unicode20utf8", "utf-8"},
    {"chinese", "gb18030"},
    {"csgb2312", "gb18030"},
    {"csiso58gb231280", "gb18030"},
    {"gb2312", "gb18030"},
    {"gb_2312", "gb18030"},
    {"gb_2312-80", "gb18030"},
    {"gbk", "gb18030"},
    {"iso-ir-58", "gb18030"},
    {"x-gbk", "gb18030"},
    {"gb18030", "gb18030"},
    {"big5", "big5"},
    {"big5-hkscs", "big5"},
    {"cn-big5", "big5"},
    {"csbig5", "big5"},
    {"x-x-big5", "big5"},
    {"cseucpkdfmtjapanese", "euc-jp"},
    {"euc-jp", "euc-jp"},
    {"x-euc-jp", "euc-jp"},
    {"csiso2022jp", "iso-2022-jp"},
    {"iso-2022-jp", "iso-2022-jp"},
    {"csshiftjis", "shift_jis"},
    {"ms932", "shift_jis"},
    {"ms_kanji", "shift_jis"},
    {"shift-jis", "shift_jis"},
    {"shift_jis", "shift_jis"},
    {"sjis", "shift_jis"},
    {"windows-31j", "shift_jis"},
    {"x-sjis", "shift_jis"},
    {"cseuckr", "euc-kr"},
    {"csksc56011987", "euc-kr"},
    {"euc-kr", "euc-kr"},
    {"iso-ir-149", "euc-kr"},
    {"korean", "euc-kr"},
    {"ks_c_5601-1987", "euc-kr"},
    {"ks_c_5601-1989", "euc-kr"},
    {"ksc5601", "euc-kr"},
    {"ksc_5601", "euc-kr"},
    {"windows-949", "euc-kr"},
    {"ansi_x3.4-1968", "windows-1252"},
    {"ascii", "windows-1252"},
    {"cp1252", "windows-1252"},
    {"cp819", "windows-1252"},
    {"csisolatin1", "windows-1252"},
    {"ibm819", "windows-1252"},
    {"iso-8859-1", "windows-1252"},
    {"iso-ir-100", "windows-1252"},
    {"iso8859-1", "windows-1252"},
    {"iso88591", "windows-1252"},
    {"iso_8859-1", "windows-1252"},
    {"iso_8859-1:1987", "windows-1252"},
    {"l1", "windows-1252"},
    {"latin1", "windows-1252"},
    {"us-ascii", "windows-1252"},
    {"windows-1252", "windows-1252"},
    {"x-cp1252", "windows-1252"},
    {"cp1251", "windows-1251"},
    {"windows-1251", "windows-1251"},
    {"x-cp1251", "windows-1251"},
    {"cskoi8r", "koi8-r"},
    {"koi", "koi8-r"},
    {"koi8", "koi8-r"},
    {"koi8-r", "koi8-r"},
    {"koi8_r", "koi8-r"},
    {"csisolatin2", "iso-8859-2"},
    {"iso-8859-2", "iso-8859-2"},
    {"iso8859-2", "iso-8859-2"},
    {"latin2", "iso-8859-2"},
    {"csunicode", "utf-16le"},
    {"iso-10646-ucs-2", "utf-16le"},
    {"ucs-2", "utf-16le"},
    {"unicode", "utf-16le"},
    {"unicodefeff", "utf-16le"},
    {"utf-16", "utf-16le"},
    {"utf-16le", "utf-16le"},
    {"unicodefffe", "utf-16be"},
    {"utf-16be", "utf-16be"},
    {"x-user-defined", "windows-1252"},
    {"iso-8859-15", "iso-8859-15"},
};

bool is_ascii_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

}  // namespace

std::optional<std::string> encoding_for_label(std::string_view label) {
  while (!label.empty() && is_ascii_ws(label.front())) label.remove_prefix(1);
  while (!label.empty() && is_ascii_ws(label.back())) label.remove_suffix(1);
  std::string lower(label);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const LabelEntry& e : kLabels) {
    if (e.label == lower) return std::string(e.encoding);
  }
  return std::nullopt;
}

std::optional<std::string> charset_from_content_type(std::string_view value) {
  // Find "charset" as a parameter name (case-insensitive), then its value,
  // quoted or not.
  std::string lower(value);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::size_t pos = 0;
  while ((pos = lower.find("charset", pos)) != std::string::npos) {
    std::size_t i = pos + 7;
    const bool at_param_start =
        pos == 0 || lower[pos - 1] == ';' || is_ascii_ws(lower[pos - 1]);
    while (i < lower.size() && is_ascii_ws(lower[i])) ++i;
    if (!at_param_start || i >= lower.size() || lower[i] != '=') {
      pos += 7;
      continue;
    }
    ++i;
    while (i < lower.size() && is_ascii_ws(lower[i])) ++i;
    std::size_t end;
    if (i < lower.size() && (lower[i] == '"' || lower[i] == '\'')) {
      const char quote = lower[i++];
      end = lower.find(quote, i);
      if (end == std::string::npos) return std::nullopt;
    } else {
      end = i;
      while (end < lower.size() && lower[end] != ';' &&
             !is_ascii_ws(lower[end]))
        ++end;
    }
    return encoding_for_label(std::string_view(lower).substr(i, end - i));
  }
  return std::nullopt;
}

}  // namespace qascrape::charset
