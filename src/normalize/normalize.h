// normalize owns turning extracted text into contract values (whitespace,
// dates, ranks, grades, URLs, numbered lists, treatments, doctor words),
// reading its words from a rules::Lexicon; it may use core and rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/lexicon.h"

namespace qascrape::normalize {

// All functions take valid UTF-8 text (callers pass text, never HTML), never
// throw on any input, and never split a multi-byte code point. Invalid bytes
// are tolerated (treated as single opaque characters) but not repaired.

// --- text.cc ---------------------------------------------------------------

// Runs of whitespace (ASCII space/tab/LF/CR/FF/VT, U+00A0, U+1680,
// U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) become one ASCII
// space; the result is trimmed.
std::string collapse_ws(std::string_view text);

// Collapses each paragraph, drops the empty ones, joins the rest by "\n".
std::string join_paragraphs(const std::vector<std::string>& paragraphs);

// Removes a leading `label` (after leading spaces) and then an optional ':'
// or '：' and spaces; the rest is collapsed. Text not starting with the label
// comes back collapsed and otherwise unchanged. "擅长:全科" -> "全科".
std::string strip_label(std::string_view text, std::string_view label);

// Splits a specialties-like list on 、，,；;/／ and whitespace; trims, drops
// empties and later duplicates (first occurrence wins).
std::vector<std::string> split_list(std::string_view text);

// "男" or "女" when it stands as its own token (neighbours are not Han
// characters; "男性"/"女性" also count); the first such token wins.
std::optional<std::string> gender(std::string_view text);

// "30岁", "30 岁", "年龄：30岁", "年龄:30" -> 30; "3个月"/"5天"/"2周" -> 0.
// Ages outside 0..150 or no age at all -> nullopt.
std::optional<int> age_years(std::string_view text);

// --- dates.cc --------------------------------------------------------------

// Finds the first valid date (and optional time) inside `text` and returns
// it as RFC 3339 with `utc_offset` appended verbatim ("+08:00"; an empty
// offset gives "Z"). Accepted: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD,
// YYYY年M月D日 (month/day 1 or 2 digits), optionally followed by spaces or 'T'
// and H:MM or H:MM:SS (':' or '：'). A date without a time gives T00:00:00.
// Out-of-range parts (month 13, Feb 30, 24:00, minute 60) make a candidate
// invalid; scanning continues, nullopt when no candidate is valid.
std::optional<std::string> to_rfc3339(std::string_view text,
                                      std::string_view utc_offset);

// --- ranks.cc --------------------------------------------------------------

// Contract title_rank: the longest known title contained in the text wins
// ("副主任医师" is associate_chief_physician, not chief_physician).
std::optional<std::string> title_rank(
    std::string_view title,
    const rules::Lexicon& lex = rules::builtin_lexicon());

// Contract hospital_grade (3A, 3B, 3, 2A, 2B, 2, 1) of a grade contained in
// the text ("三甲", "三级甲等医院", "北京协和医院（三级甲等）").
std::optional<std::string> hospital_grade(
    std::string_view text,
    const rules::Lexicon& lex = rules::builtin_lexicon());

// True when the whole text is a grade, optionally followed by 医院
// ("三甲", "三级甲等医院"), i.e. not a hospital name.
bool looks_like_grade(std::string_view text,
                      const rules::Lexicon& lex = rules::builtin_lexicon());

// --- doctor_words.cc -------------------------------------------------------

// A professional title, or titles joined by spaces or 、 ("主任医师 教授").
bool reads_as_title(std::string_view text,
                    const rules::Lexicon& lex = rules::builtin_lexicon());

// An institution's name: it contains 医院, 卫生院, 中心, 诊所, 大学, ... or
// is a bare grade ("三甲").
bool reads_as_hospital(std::string_view text,
                       const rules::Lexicon& lex = rules::builtin_lexicon());

// A Chinese personal name: 2-4 Han characters, or up to 12 with a middle
// dot (阿依古丽·买买提).
bool reads_as_person_name(std::string_view text);

struct NameAndTitle {
  std::string name, title;
};
// "张彩东 副主任医师" or "张彩东副主任医师": a name followed by a title in
// one text; nullopt when the text is not exactly that.
std::optional<NameAndTitle> split_name_title(
    std::string_view text,
    const rules::Lexicon& lex = rules::builtin_lexicon());

// --- url.cc ----------------------------------------------------------------

// RFC 3986 §5.2 reference resolution of `ref` against the absolute `base`.
// Leading/trailing whitespace of `ref` is trimmed and tabs/newlines inside it
// removed. Scheme and host come back lower-case; the fragment is kept.
// nullopt for an empty ref, "#", a result whose scheme is not http/https
// (javascript:, mailto:, ...) or that has no host.
std::optional<std::string> resolve_url(std::string_view base,
                                       std::string_view ref);

// A link of the page as an absolute URL: `href` resolved against the page's
// address; with no address (`base` empty) only an absolute href survives.
std::optional<std::string> absolute_url(const std::optional<std::string>& href,
                                        const std::string& base);

// --- breadcrumbs.cc --------------------------------------------------------

// One breadcrumb: its text and its absolute URL (nullopt when unlinked).
using Crumb = std::pair<std::string, std::optional<std::string>>;

// Contract page.category_path: drops the leading home item(s) (named 首页 /
// 首 页 / 网站首页 / 主页, or linking to a site root: path "" or "/" with no
// query), drops one final current-page item (unlinked, or equal to the
// question title), drops empty names, collapses consecutive repeats.
std::vector<std::string> category_path(const std::vector<Crumb>& crumbs,
                                       std::string_view question_title);

// --- numbered_list.cc ------------------------------------------------------

// One answer paragraph. list_item: it came from an <ol><li>.
struct Paragraph {
  std::string text;
  bool list_item = false;
};

struct Cause {
  int index = 0;
  std::string name;
  std::optional<std::string> detail;
  std::vector<std::string> treatments;
};

struct AnswerParts {
  std::optional<std::string> summary;
  std::vector<Cause> causes;
  std::optional<std::string> advice;
};

// Splits an answer into summary / numbered causes / advice (contract
// "Numbered lists"). Paragraph texts may hold '\n'; each line is a paragraph.
//
// Item markers, at the start of a line only, with ASCII or full-width digits
// ("１．"): "1." "1．" (one style; a digit right after the dot, as in "1.5mg",
// is no marker), "1、", "1)" "1）", "(1)" "（1）",
// "①".."⑳", "一、".."九十九、", "（一）", and <ol><li> lines (numbered 1.. in
// order over the answer). A marker followed by nothing is no item.
//
// The list is a chain of one style counting 1, 2, 3, ...; among all chains,
// those with two or more items beat single items, a chain lying between two
// consecutive items of another chain is nested (part of that item's detail),
// and among the rest the higher-level style wins (一、 > （一） > 1./1、/<li>
// > 1) > (1) > ①), then the longer, then the earlier.
//
// An item line is "name：detail" (':' or '：', name at most 20 characters
// without sentence punctuation); else a heading alone when it is at most 20
// characters without inner sentence punctuation (its detail is the following
// paragraphs); else a long sentence: its first clause is the name and the
// whole line the detail. A non-last item owns every paragraph up to the next
// item. The last item owns one paragraph when it is a heading alone, none
// otherwise, plus any directly following lines that start with a marker of
// another style (its sub-list); the rest is advice.
//
// No items: summary, advice null and causes empty. Treatments of each item
// come from find_treatments over its detail (its name when there is none).
AnswerParts split_numbered(
    const std::vector<Paragraph>& paragraphs,
    const std::vector<std::string>& known_drugs,
    const rules::Lexicon& lex = rules::builtin_lexicon());

// --- treatments.cc ---------------------------------------------------------

// Drugs and procedures an item recommends (contract "Treatments"), in text
// order, de-duplicated, without 等. See treatments.cc for the exact rules.
std::vector<std::string> find_treatments(
    std::string_view text, const std::vector<std::string>& known_drugs,
    const rules::Lexicon& lex = rules::builtin_lexicon());

}  // namespace qascrape::normalize
