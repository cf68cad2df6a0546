// What a piece of a recommended-doctor item is: a title, a hospital name or
// a person's name, read from the words themselves rather than their place.
#include <array>

#include "core/text.h"
#include "normalize/normalize.h"
#include "normalize/utf8.h"

namespace qascrape::normalize {

namespace {

// Professional titles, longest first so "副主任医师" is not read as "医师"
// with a "副主任" name before it.
constexpr std::array<std::string_view, 25> kTitleWords = {
    "副主任医师", "副主任药师", "副主任护师", "副主任技师", "主任医师",
    "主任药师",   "主任护师",   "主任技师",   "主治医师",   "住院医师",
    "主管药师",   "主管护师",   "主管技师",   "执业医师",   "副研究员",
    "副教授",     "研究员",     "医师",       "药师",       "护师",
    "技师",       "教授",       "讲师",       "医生",       "护士"};

// Words that make a text an institution's name.
constexpr std::array<std::string_view, 16> kHospitalWords = {
    "医院",   "卫生院", "中心",   "诊所",   "门诊",   "保健院",
    "保健所", "医学院", "大学",   "研究所", "研究院", "卫生室",
    "卫生所", "疗养院", "医务室", "医科"};

// Separators allowed between the words of a compound title ("主任医师 教授").
bool is_title_separator(char32_t c) {
  return is_unicode_space(c) || c == U'、' || c == U'/' || c == U'，' ||
         c == U',';
}

// The length of the title word `s` starts with, or 0.
std::size_t title_word_at(std::string_view s) {
  for (std::string_view w : kTitleWords) {
    if (s.starts_with(w)) return w.size();
  }
  return 0;
}

}  // namespace

bool reads_as_title(std::string_view text) {
  text = internal::trim(text);
  if (text.empty()) return false;
  std::size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    if (const std::size_t n = title_word_at(text.substr(i))) {
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

bool reads_as_hospital(std::string_view text) {
  text = internal::trim(text);
  if (internal::cp_count(text) < 3) return false;
  for (std::string_view w : kHospitalWords) {
    if (text.find(w) != std::string_view::npos) return true;
  }
  return looks_like_grade(text);
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

std::optional<NameAndTitle> split_name_title(std::string_view text) {
  text = internal::trim(text);
  // The title is the longest tail of the text that reads as a title.
  for (std::size_t at = 0; at < text.size();) {
    const internal::CodePoint c = internal::decode_at(text, at);
    if (at > 0 && reads_as_title(text.substr(at))) {
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
