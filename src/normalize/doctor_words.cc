// What a piece of a recommended-doctor item is: a title, a hospital name or
// a person's name, read from the words themselves rather than their place.

#include "core/text.h"
#include "normalize/normalize.h"
#include "normalize/utf8.h"

namespace qascrape::normalize {

namespace {

// Separators allowed between the words of a compound title ("主任医师 教授").
bool is_title_separator(char32_t c) {
  return is_unicode_space(c) || c == U'、' || c == U'/' || c == U'，' ||
         c == U',';
}

// The length of the title word `s` starts with, or 0 (longest first, as
// the lexicon keeps them: "副主任医师" is not "副主任" + "医师").
std::size_t title_word_at(std::string_view s, const rules::Lexicon& lex) {
  for (std::string_view w : lex.title_words) {
    if (s.starts_with(w)) return w.size();
  }
  return 0;
}

}  // namespace

bool reads_as_title(std::string_view text, const rules::Lexicon& lex) {
  text = internal::trim(text);
  if (text.empty()) return false;
  std::size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    if (const std::size_t n = title_word_at(text.substr(i), lex)) {
      i += n;
      any = true;
      continue;
    }
    const internal::CodePoint c = internal::decode_at(text, i);
    if (!is_title_separator(c.value)) return false;
    i += c.size;
  }
  return any;
}

bool reads_as_hospital(std::string_view text, const rules::Lexicon& lex) {
  text = internal::trim(text);
  if (internal::cp_count(text) < 3) return false;
  for (std::string_view w : lex.hospital_words) {
    if (text.find(w) != std::string_view::npos) return true;
  }
  return looks_like_grade(text, lex);
}

bool reads_as_person_name(std::string_view text) {
  text = internal::trim(text);
  std::size_t han = 0, dots = 0;
  for (std::size_t i = 0; i < text.size();) {
    const internal::CodePoint c = internal::decode_at(text, i);
    i += c.size;
    if (internal::is_han(c.value)) {
      ++han;
    } else if (c.value == U'·' || c.value == U'•' || c.value == U'.') {
      ++dots;  // 阿依古丽·买买提
    } else {
      return false;
    }
  }
  if (han < 2) return false;
  return dots == 0 ? han <= 4 : han <= 12;
}

std::optional<NameAndTitle> split_name_title(std::string_view text,
                                             const rules::Lexicon& lex) {
  text = internal::trim(text);
  // The title is the longest tail of the text that reads as a title.
  for (std::size_t at = 0; at < text.size();) {
    const internal::CodePoint c = internal::decode_at(text, at);
    if (at > 0 && reads_as_title(text.substr(at), lex)) {
      const std::string_view name = internal::trim(text.substr(0, at));
      if (!reads_as_person_name(name)) return std::nullopt;
      return NameAndTitle{std::string(name),
                          std::string(internal::trim(text.substr(at)))};
    }
    at += c.size;
  }
  return std::nullopt;
}

}  // namespace qascrape::normalize
