// Splitting an answer into summary, numbered items and advice.
#include <algorithm>
#include <tuple>
#include <utility>

#include "normalize/normalize.h"
#include "normalize/utf8.h"

namespace qascrape::normalize {

namespace {

using internal::CodePoint;
using internal::decode_at;

enum class Style {
  kArabicDot,     // 1.  1．
  kArabicComma,   // 1、
  kArabicParen,   // 1)  1）
  kParenArabic,   // (1)  （1）
  kCircled,       // ①
  kChineseComma,  // 一、
  kParenChinese,  // （一）
  kListItem,      // <ol><li>
};

// Higher = outer level in the usual Chinese outline hierarchy.
int level(Style s) {
  switch (s) {
    case Style::kChineseComma:
      return 6;
    case Style::kParenChinese:
      return 5;
    case Style::kArabicDot:
    case Style::kArabicComma:
    case Style::kListItem:
      return 4;
    case Style::kArabicParen:
      return 3;
    case Style::kParenArabic:
      return 2;
    case Style::kCircled:
      return 1;
  }
  return 0;
}

struct Marker {
  Style style;
  int number;
  std::string_view rest;  // the line after the marker, trimmed
};

// The value of an ASCII or full-width (U+FF10..U+FF19) digit at pos and its
// length in bytes; 0 bytes if there is none.
std::pair<int, std::size_t> digit_at(std::string_view s, std::size_t pos) {
  if (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    return {s[pos] - '0', 1};
  }
  if (pos < s.size()) {
    const CodePoint c = decode_at(s, pos);
    if (c.value >= 0xFF10 && c.value <= 0xFF19) {
      return {static_cast<int>(c.value - 0xFF10), c.size};
    }
  }
  return {0, 0};
}

bool is_digit_at(std::string_view s, std::size_t pos) {
  return digit_at(s, pos).second > 0;
}

// 1..99 in ASCII or full-width digits at pos; advances pos.
bool read_arabic(std::string_view s, std::size_t& pos, int& value) {
  std::size_t p = pos;
  int n = 0;
  int v = 0;
  for (auto [d, len] = digit_at(s, p); len > 0;
       std::tie(d, len) = digit_at(s, p)) {
    v = v * 10 + d;
    p += len;
    if (++n > 2) return false;
  }
  if (n == 0 || v == 0) return false;
  pos = p;
  value = v;
  return true;
}

int chinese_digit(char32_t c) {
  static constexpr char32_t kDigits[] = U"一二三四五六七八九";
  for (int i = 0; i < 9; ++i) {
    if (kDigits[i] == c) return i + 1;
  }
  return 0;
}

// 一..九十九 at pos; advances pos.
bool read_chinese(std::string_view s, std::size_t& pos, int& value) {
  std::size_t p = pos;
  int tens = 0, units = 0;
  bool any = false;
  auto next = [&]() -> CodePoint {
    return p < s.size() ? decode_at(s, p) : CodePoint{0, 0};
  };
  CodePoint c = next();
  if (int d = chinese_digit(c.value)) {
    units = d;
    any = true;
    p += c.size;
    c = next();
  }
  if (c.value == U'十') {
    tens = any ? units : 1;
    units = 0;
    any = true;
    p += c.size;
    c = next();
    if (int d = chinese_digit(c.value)) {
      units = d;
      p += c.size;
    }
  }
  if (!any) return false;
  value = tens * 10 + units;
  pos = p;
  return true;
}

bool eat(std::string_view s, std::size_t& pos, std::string_view token) {
  if (s.substr(pos).starts_with(token)) {
    pos += token.size();
    return true;
  }
  return false;
}

std::optional<Marker> with_rest(Style style, int number, std::string_view line,
                                std::size_t pos) {
  std::string_view rest = internal::trim(line.substr(pos));
  if (rest.empty()) return std::nullopt;  // a bare number is no item
  return Marker{style, number, rest};
}

std::optional<Marker> parse_marker(std::string_view line) {
  if (line.empty()) return std::nullopt;
  std::size_t pos = 0;
  int n = 0;
  if (read_arabic(line, pos, n)) {
    if (eat(line, pos, ".") || eat(line, pos, "．")) {
      // "1.5mg" and "2024.1" are numbers, not markers.
      if (is_digit_at(line, pos)) return std::nullopt;
      return with_rest(Style::kArabicDot, n, line, pos);
    }
    if (eat(line, pos, "、"))
      return with_rest(Style::kArabicComma, n, line, pos);
    if (eat(line, pos, ")") || eat(line, pos, "）"))
      return with_rest(Style::kArabicParen, n, line, pos);
    return std::nullopt;
  }
  if (eat(line, pos, "(") || eat(line, pos, "（")) {
    Style style;
    if (read_arabic(line, pos, n)) {
      style = Style::kParenArabic;
    } else if (read_chinese(line, pos, n)) {
      style = Style::kParenChinese;
    } else {
      return std::nullopt;
    }
    if (!eat(line, pos, ")") && !eat(line, pos, "）")) return std::nullopt;
    return with_rest(style, n, line, pos);
  }
  const CodePoint c = decode_at(line, 0);
  if (c.value >= 0x2460 && c.value <= 0x2473) {  // ①..⑳
    return with_rest(Style::kCircled, static_cast<int>(c.value - 0x2460 + 1),
                     line, c.size);
  }
  if (read_chinese(line, pos, n) && eat(line, pos, "、")) {
    return with_rest(Style::kChineseComma, n, line, pos);
  }
  return std::nullopt;
}

struct Line {
  std::string text;
  std::optional<Marker> marker;  // views into text
};

bool has_sentence_punct(std::string_view s) {
  return internal::contains_any(
      s, {"，", "。", "；", "！", "？", ",", ";", "!", "?"});
}

std::string_view strip_trailing_punct(std::string_view s) {
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view p :
         {"。", "．", ".", "；", ";", "，", ",", "：", ":"}) {
      if (s.ends_with(p)) {
        s.remove_suffix(p.size());
        changed = true;
      }
    }
    s = internal::trim(s);
  }
  return s;
}

constexpr std::size_t kMaxNameChars = 20;

struct Head {
  std::string name;
  std::optional<std::string> detail;  // text on the item's own line
  bool alone = false;                 // heading alone on its line
};

Head parse_head(std::string_view rest) {
  Head h;
  std::size_t colon = std::string_view::npos, colon_len = 0;
  const std::size_t ascii = rest.find(':');
  const std::size_t wide = rest.find("：");
  if (wide != std::string_view::npos &&
      (ascii == std::string_view::npos || wide < ascii)) {
    colon = wide;
    colon_len = std::string_view("：").size();
  } else if (ascii != std::string_view::npos) {
    colon = ascii;
    colon_len = 1;
  }
  if (colon != std::string_view::npos) {
    std::string_view name = internal::trim(rest.substr(0, colon));
    if (!name.empty() && internal::cp_count(name) <= kMaxNameChars &&
        !has_sentence_punct(name)) {
      std::string_view detail = internal::trim(rest.substr(colon + colon_len));
      h.name = std::string(name);
      if (detail.empty()) {
        h.alone = true;
      } else {
        h.detail = std::string(detail);
      }
      return h;
    }
  }
  std::string_view bare = strip_trailing_punct(rest);
  if (!bare.empty() && internal::cp_count(bare) <= kMaxNameChars &&
      !has_sentence_punct(bare)) {
    h.name = std::string(bare);
    h.alone = true;
    return h;
  }
  // A long sentence: its first clause names it, the line is the detail.
  std::size_t cut = rest.size();
  for (std::string_view p :
       {"，", "。", "；", "！", "？", ",", ";", "!", "?"}) {
    cut = std::min(cut, rest.find(p));
  }
  h.name = std::string(internal::trim(rest.substr(0, cut)));
  if (h.name.empty()) h.name = std::string(rest);
  h.detail = std::string(rest);
  return h;
}

constexpr std::size_t kMaxChains = 64;

// Line indexes of one chain of items counting 1, 2, 3, ... in one style.
using Chain = std::vector<std::size_t>;

Chain build_chain(const std::vector<Line>& lines, std::size_t start) {
  Chain chain{start};
  const Style style = lines[start].marker->style;
  int expected = 2;
  for (std::size_t j = start + 1; j < lines.size(); ++j) {
    const auto& m = lines[j].marker;
    if (m && m->style == style && m->number == expected) {
      chain.push_back(j);
      ++expected;
    }
  }
  return chain;
}

// True when all of `inner` lies strictly between two consecutive items of
// `outer`: it is a sub-list of one of outer's items.
bool nested_in(const Chain& inner, const Chain& outer) {
  for (std::size_t k = 0; k + 1 < outer.size(); ++k) {
    if (inner.front() > outer[k] && inner.back() < outer[k + 1]) return true;
  }
  return false;
}

std::optional<Chain> choose_chain(const std::vector<Line>& lines) {
  std::vector<Chain> chains;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].marker && lines[i].marker->number == 1) {
      chains.push_back(build_chain(lines, i));
      // Real answers have a handful of lists; the bound keeps hostile input
      // from going quadratic.
      if (chains.size() >= kMaxChains) break;
    }
  }
  if (chains.empty()) return std::nullopt;
  const bool any_multi =
      std::any_of(chains.begin(), chains.end(),
                  [](const Chain& c) { return c.size() > 1; });
  std::vector<const Chain*> candidates;
  for (const Chain& c : chains) {
    if (!any_multi || c.size() > 1) candidates.push_back(&c);
  }
  std::vector<const Chain*> top;
  for (const Chain* c : candidates) {
    bool nested = false;
    for (const Chain* o : candidates) {
      if (o != c && nested_in(*c, *o)) nested = true;
    }
    if (!nested) top.push_back(c);
  }
  if (top.empty()) top = candidates;  // cannot happen, but stay total
  auto better = [&](const Chain* a, const Chain* b) {
    const int la = level(lines[a->front()].marker->style);
    const int lb = level(lines[b->front()].marker->style);
    if (la != lb) return la > lb;
    if (a->size() != b->size()) return a->size() > b->size();
    return a->front() < b->front();
  };
  return **std::min_element(top.begin(), top.end(), better);
}

std::optional<std::string> join_lines(const std::vector<Line>& lines,
                                      std::size_t begin, std::size_t end,
                                      std::optional<std::string> first = {}) {
  std::string out = first.value_or("");
  for (std::size_t i = begin; i < end && i < lines.size(); ++i) {
    if (!out.empty()) out.push_back('\n');
    out += lines[i].text;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace

AnswerParts split_numbered(const std::vector<Paragraph>& paragraphs,
                           const std::vector<std::string>& known_drugs,
                           const rules::Lexicon& lex) {
  // One Line per non-empty line; markers point into the Line's own text, so
  // the vector is filled first and parsed after.
  std::vector<Line> lines;
  std::vector<bool> from_li;
  for (const Paragraph& p : paragraphs) {
    std::string_view text = p.text;
    bool first = true;
    while (true) {
      const std::size_t nl = text.find('\n');
      std::string line = collapse_ws(text.substr(0, nl));
      if (!line.empty()) {
        lines.push_back({std::move(line), std::nullopt});
        from_li.push_back(p.list_item && first);
        first = false;
      }
      if (nl == std::string_view::npos) break;
      text.remove_prefix(nl + 1);
    }
  }
  int li_number = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto m = parse_marker(lines[i].text);
    if (from_li[i]) {
      // An <li> is numbered by its place; a number typed into it is dropped.
      std::string_view rest = m ? m->rest : std::string_view(lines[i].text);
      m = Marker{Style::kListItem, ++li_number, rest};
    }
    lines[i].marker = m;
  }

  AnswerParts parts;
  const std::optional<Chain> chain = choose_chain(lines);
  if (!chain) return parts;
  const Style style = lines[chain->front()].marker->style;

  parts.summary = join_lines(lines, 0, chain->front());
  std::size_t advice_begin = lines.size();
  for (std::size_t k = 0; k < chain->size(); ++k) {
    const std::size_t at = (*chain)[k];
    const Marker& m = *lines[at].marker;
    Head head = parse_head(m.rest);
    std::size_t end;
    if (k + 1 < chain->size()) {
      end = (*chain)[k + 1];
    } else {
      end = at + 1;
      if (head.alone && end < lines.size()) ++end;
      // A sub-list right after the last item is still that item's text.
      while (end < lines.size() && lines[end].marker &&
             lines[end].marker->style != style) {
        ++end;
      }
      advice_begin = end;
    }
    Cause cause;
    cause.index = static_cast<int>(k + 1);
    cause.name = head.name;
    cause.detail = join_lines(lines, at + 1, end, head.detail);
    cause.treatments = find_treatments(
        cause.detail ? *cause.detail : cause.name, known_drugs, lex);
    parts.causes.push_back(std::move(cause));
  }
  parts.advice = join_lines(lines, advice_begin, lines.size());
  return parts;
}

}  // namespace qascrape::normalize
