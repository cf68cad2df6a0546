// Doctor title ranks and hospital grades from their written Chinese forms.
#include <array>

#include "core/text.h"
#include "normalize/normalize.h"
#include "normalize/utf8.h"

namespace qascrape::normalize {

namespace {

struct Entry {
  std::string_view text;
  std::string_view value;
};

// Longest first, so a title containing a shorter one ("副主任医师" contains
// "主任医师" and "医师") matches the longer.
constexpr std::array<Entry, 9> kTitles = {{
    {"副主任医师", "associate_chief_physician"},
    {"副主任药师", "associate_chief_pharmacist"},
    {"主任医师", "chief_physician"},
    {"主治医师", "attending_physician"},
    {"住院医师", "resident_physician"},
    {"主任药师", "chief_pharmacist"},
    {"主管药师", "supervising_pharmacist"},
    {"医师", "physician"},
    {"药师", "pharmacist"},
}};

// Specific grades before the bare levels they contain.
constexpr std::array<Entry, 11> kGrades = {{
    {"三级甲等", "3A"},
    {"三级乙等", "3B"},
    {"二级甲等", "2A"},
    {"二级乙等", "2B"},
    {"三甲", "3A"},
    {"三乙", "3B"},
    {"二甲", "2A"},
    {"二乙", "2B"},
    {"三级", "3"},
    {"二级", "2"},
    {"一级", "1"},
}};

}  // namespace

std::optional<std::string> title_rank(std::string_view title) {
  for (const Entry& e : kTitles) {
    if (title.find(e.text) != std::string_view::npos) {
      return std::string(e.value);
    }
  }
  return std::nullopt;
}

std::optional<std::string> hospital_grade(std::string_view text) {
  for (const Entry& e : kGrades) {
    if (text.find(e.text) != std::string_view::npos) {
      return std::string(e.value);
    }
  }
  return std::nullopt;
}

bool looks_like_grade(std::string_view text) {
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
  for (const Entry& e : kGrades) {
    if (rest == e.text) return true;
  }
  return false;
}

}  // namespace qascrape::normalize
