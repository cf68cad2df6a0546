// Doctor title ranks and hospital grades from their written Chinese forms.

#include "core/text.h"
#include "normalize/normalize.h"
#include "normalize/utf8.h"

namespace qascrape::normalize {

namespace {}  // namespace

std::optional<std::string> title_rank(std::string_view title,
                                      const rules::Lexicon& lex) {
  // The lexicon keeps longer written forms first: "副主任医师" contains
  // "主任医师" and "医师" and must match as itself.
  for (const auto& [text, value] : lex.title_ranks) {
    if (title.find(text) != std::string_view::npos) return value;
  }
  return std::nullopt;
}

std::optional<std::string> hospital_grade(std::string_view text,
                                          const rules::Lexicon& lex) {
  for (const auto& [written, value] : lex.hospital_grades) {
    if (text.find(written) != std::string_view::npos) return value;
  }
  return std::nullopt;
}

bool looks_like_grade(std::string_view text, const rules::Lexicon& lex) {
  std::string compact;
  // Spaces inside ("三级 甲等") do not make it a name.
  for (std::size_t i = 0; i < text.size();) {
    const internal::CodePoint c = internal::decode_at(text, i);
    if (!is_unicode_space(c.value)) compact.append(text.substr(i, c.size));
    i += c.size;
  }
  std::string_view rest = compact;
  if (rest.ends_with("医院"))
    rest.remove_suffix(std::string_view("医院").size());
  for (const auto& [written, value] : lex.hospital_grades) {
    if (rest == written) return true;
  }
  return false;
}

}  // namespace qascrape::normalize
