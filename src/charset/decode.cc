#include <iconv.h>

#include <cerrno>
#include <memory>
#include <string>

#include "charset/charset.h"

namespace qascrape::charset {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// RAII for iconv_t.
class Iconv {
 public:
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

// Length of the well-formed UTF-8 sequence at the front of `s`, or 0; on 0,
// `bad` is the length of the maximal ill-formed subpart (WHATWG/Unicode
// "substitution of maximal subparts"), at least 1.
std::size_t utf8_sequence(std::string_view s, std::size_t& bad) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  bad = 1;
  if (b0 < 0x80) return 1;
  std::size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  for (std::size_t k = 1; k <= need; ++k) {
    if (k >= s.size()) {
      bad = k;
      return 0;
    }
    const auto b = static_cast<unsigned char>(s[k]);
    const unsigned char l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
    if (b < l || b > h) {
      bad = k;
      return 0;
    }
  }
  return need + 1;
}

Decoded decode_utf8(std::string_view bytes) {
  Decoded out;
  out.charset = "utf-8";
  out.utf8.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    // Fast path for ASCII runs.
    std::size_t j = i;
    while (j < bytes.size() && static_cast<unsigned char>(bytes[j]) < 0x80 &&
           bytes[j] != '\0')
      ++j;
    out.utf8.append(bytes.data() + i, j - i);
    i = j;
    if (i >= bytes.size()) break;
    if (bytes[i] == '\0') {
      // A NUL would break C strings downstream and PostgreSQL text.
      out.utf8.append(kReplacement);
      ++out.replacements;
      ++i;
      continue;
    }
    std::size_t bad = 1;
    const std::size_t len = utf8_sequence(bytes.substr(i), bad);
    if (len > 0) {
      out.utf8.append(bytes.data() + i, len);
      i += len;
    } else {
      out.utf8.append(kReplacement);
      ++out.replacements;
      i += bad;
    }
  }
  return out;
}

const char* iconv_name(const std::string& encoding) {
  if (encoding == "gb18030") return "GB18030";
  if (encoding == "big5") return "BIG5-HKSCS";
  if (encoding == "shift_jis") return "CP932";
  if (encoding == "euc-kr") return "CP949";
  if (encoding == "euc-jp") return "EUC-JP";
  if (encoding == "iso-2022-jp") return "ISO-2022-JP";
  if (encoding == "windows-1252") return "CP1252";
  if (encoding == "windows-1251") return "CP1251";
  if (encoding == "koi8-r") return "KOI8-R";
  if (encoding == "iso-8859-2") return "ISO-8859-2";
  if (encoding == "iso-8859-15") return "ISO-8859-15";
  if (encoding == "utf-16le") return "UTF-16LE";
  if (encoding == "utf-16be") return "UTF-16BE";
  return nullptr;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t bad = 1;
    const std::size_t len = utf8_sequence(bytes.substr(i), bad);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

Result<Decoded> decode_as(std::string_view bytes, const std::string& encoding) {
  if (encoding == "utf-8") return decode_utf8(bytes);
  const char* name = iconv_name(encoding);
  if (name == nullptr) {
    return make_error(Errc::kConfig,
                      "no decoder for encoding '" + encoding + "'");
  }
  Iconv cd("UTF-8", name);
  if (!cd.ok()) {
    return make_error(Errc::kConfig,
                      std::string("iconv cannot decode ") + name);
  }
  Decoded out;
  out.charset = encoding;
  std::string buffer;
  buffer.resize(bytes.size() * 2 + 16);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::size_t out_pos = 0;
  const std::size_t bad_step = encoding.rfind("utf-16", 0) == 0 ? 2 : 1;
  while (in_left > 0) {
    if (buffer.size() - out_pos < 64) buffer.resize(buffer.size() * 2);
    char* out_ptr = buffer.data() + out_pos;
    std::size_t out_left = buffer.size() - out_pos;
    const std::size_t rc = iconv(cd.get(), &in, &in_left, &out_ptr, &out_left);
    out_pos = static_cast<std::size_t>(out_ptr - buffer.data());
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) continue;
    // EILSEQ (bad sequence) or EINVAL (truncated at the end): one U+FFFD for
    // the offending unit, then go on.
    if (buffer.size() - out_pos < 8) buffer.resize(buffer.size() * 2);
    buffer.replace(out_pos, kReplacement.size(), kReplacement);
    out_pos += kReplacement.size();
    ++out.replacements;
    const std::size_t skip =
        std::min(in_left, errno == EINVAL ? in_left : bad_step);
    in += skip;
    in_left -= skip;
    iconv(cd.get(), nullptr, nullptr, nullptr, nullptr);  // reset shift state
  }
  buffer.resize(out_pos);
  // iconv passes NULs and may (for odd encodings) emit non-UTF-8; normalise.
  Decoded clean = decode_utf8(buffer);
  out.utf8 = std::move(clean.utf8);
  out.replacements += clean.replacements;
  return out;
}

const char* source_name(Source source) {
  switch (source) {
    case Source::kBom:
      return "bom";
    case Source::kHttp:
      return "http";
    case Source::kMeta:
      return "meta";
    case Source::kSniff:
      return "sniff";
    case Source::kDefault:
      return "default";
    case Source::kOverride:
      return "override";
  }
  return "default";
}

Result<Decoded> decode(std::string_view bytes, const Hints& hints) {
  auto finish = [](Result<Decoded> r, Source source) {
    if (r.ok()) r->source = source;
    return r;
  };
  // 1. A byte order mark wins over everything, as in browsers.
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    return finish(decode_as(bytes.substr(3), "utf-8"), Source::kBom);
  }
  if (bytes.substr(0, 2) == "\xFF\xFE") {
    return finish(decode_as(bytes.substr(2), "utf-16le"), Source::kBom);
  }
  if (bytes.substr(0, 2) == "\xFE\xFF") {
    return finish(decode_as(bytes.substr(2), "utf-16be"), Source::kBom);
  }
  if (hints.override_label) {
    auto enc = encoding_for_label(*hints.override_label);
    if (!enc) {
      return make_error(Errc::kConfig,
                        "unknown charset '" + *hints.override_label + "'");
    }
    return finish(decode_as(bytes, *enc), Source::kOverride);
  }
  if (hints.content_type) {
    if (auto enc = charset_from_content_type(*hints.content_type)) {
      return finish(decode_as(bytes, *enc), Source::kHttp);
    }
  }
  if (auto enc = prescan_meta(bytes)) {
    return finish(decode_as(bytes, *enc), Source::kMeta);
  }
  if (is_valid_utf8(bytes)) {
    return finish(decode_as(bytes, "utf-8"), Source::kSniff);
  }
  auto enc = encoding_for_label(hints.default_label);
  if (!enc) {
    return make_error(Errc::kConfig,
                      "unknown default charset '" + hints.default_label + "'");
  }
  return finish(decode_as(bytes, *enc), Source::kDefault);
}

}  // namespace qascrape::charset
