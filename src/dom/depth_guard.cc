// The one pass over a page before Gumbo: the depth guard, and (when asked)
// the copy of the page Gumbo parses, with the insides of <script> and
// <style> and of comments emptied. Tags are found as the HTML tokenizer
// finds them (attribute quotes only after '=', raw text ended only by its
// own end tag followed by white space, '/' or '>'), so the pass never takes
// text for markup or markup for text where Gumbo would not.
#include <algorithm>
#include <cstring>
#include <string>

#include "dom/dom.h"

namespace qascrape::dom {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c;
}

// html[at...] is `word` (lower case, ASCII case-insensitively) followed by
// white space, '/' or '>': how the tokenizer recognizes an end tag of raw
// text and the "script" of the escaped-script states.
bool tag_word_at(std::string_view html, std::size_t at, std::string_view word) {
  if (at + word.size() >= html.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (lower(html[at + k]) != word[k]) return false;
  }
  const char c = html[at + word.size()];
  return is_space(c) || c == '/' || c == '>';
}

bool one_of(std::string_view name,
            std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), name) != set.end();
}

// Elements that never nest: void elements, and those an HTML parser closes
// by itself when a sibling opens (an unclosed <p> or <li> adds no depth).
bool adds_no_depth(std::string_view name) {
  return one_of(
      name,
      {"area",  "base",  "br",       "col",      "embed", "hr",  "img", "input",
       "link",  "meta",  "param",    "source",   "track", "wbr", "p",   "li",
       "dt",    "dd",    "option",   "optgroup", "tr",    "td",  "th",  "thead",
       "tbody", "tfoot", "colgroup", "rb",       "rp",    "rt",  "rtc"});
}

// The tokenizer's view of one tag from its name to its '>'.
struct Tag {
  std::size_t end = npos;  // just past '>'; npos: the file ends inside it
  bool self_closing = false;
  char name[16] = {};  // lower-cased; longer names are cut (they match none)
  std::size_t name_size = 0;
  std::string_view view() const {
    return {name, std::min(name_size, sizeof name)};
  }
};

// `i` is at the tag name's first letter.
Tag read_tag(std::string_view html, std::size_t i) {
  Tag tag;
  const std::size_t n = html.size();
  while (i < n && !is_space(html[i]) && html[i] != '/' && html[i] != '>') {
    if (tag.name_size < sizeof tag.name)
      tag.name[tag.name_size] = lower(html[i]);
    ++tag.name_size;
    ++i;
  }
  if (tag.name_size > sizeof tag.name) tag.name_size = sizeof tag.name + 1;
  enum {
    kBeforeName,
    kName,
    kAfterName,
    kBeforeValue,
    kUnquoted,
    kAfterQuoted,
    kSelfClosing
  } state = kBeforeName;
  while (i < n) {
    const char c = html[i++];
    switch (state) {
      case kBeforeName:
        if (c == '/')
          state = kSelfClosing;
        else if (c == '>')
          return tag.end = i, tag;
        else if (!is_space(c))
          state = kName;
        break;
      case kName:
        if (is_space(c))
          state = kAfterName;
        else if (c == '/')
          state = kSelfClosing;
        else if (c == '=')
          state = kBeforeValue;
        else if (c == '>')
          return tag.end = i, tag;
        break;
      case kAfterName:
        if (c == '/')
          state = kSelfClosing;
        else if (c == '=')
          state = kBeforeValue;
        else if (c == '>')
          return tag.end = i, tag;
        else if (!is_space(c))
          state = kName;
        break;
      case kBeforeValue:
        if (c == '"' || c == '\'') {
          const std::size_t close = html.find(c, i);
          if (close == npos) return tag;
          i = close + 1;
          state = kAfterQuoted;
        } else if (c == '>') {
          return tag.end = i, tag;
        } else if (!is_space(c)) {
          state = kUnquoted;
        }
        break;
      case kUnquoted:
        if (is_space(c))
          state = kBeforeName;
        else if (c == '>')
          return tag.end = i, tag;
        break;
      case kAfterQuoted:
        if (is_space(c))
          state = kBeforeName;
        else if (c == '/')
          state = kSelfClosing;
        else if (c == '>')
          return tag.end = i, tag;
        else
          state = kName;  // reconsumed as an attribute name's start
        break;
      case kSelfClosing:
        if (c == '>') {
          tag.self_closing = true;
          return tag.end = i, tag;
        }
        --i;  // reconsumed before an attribute name
        state = kBeforeName;
        break;
    }
  }
  return tag;
}

// Where a <script>'s text ends (the "</" of its end tag), found through the
// tokenizer's script data, escaped and double-escaped states; npos if the
// file ends first. `escaped` tells whether the text entered the escaped
// states (a "<!--" in it).
std::size_t script_end(std::string_view html, std::size_t i, bool& escaped) {
  enum { kData, kEscaped, kDoubleEscaped } state = kData;
  std::size_t dashes = 0;  // '-' just before, in the escaped states
  const std::size_t n = html.size();
  while (i < n) {
    if (state == kData) {
      const std::size_t lt = html.find('<', i);
      if (lt == npos) return npos;
      i = lt + 1;
      if (i < n && html[i] == '/') {
        if (tag_word_at(html, i + 1, "script")) return lt;
      } else if (html.compare(lt, 4, "<!--") == 0) {
        state = kEscaped;
        escaped = true;
        dashes = 2;  // "<!-->" goes straight back to script data
        i = lt + 4;
      }
      continue;
    }
    const char c = html[i];
    if (c == '-') {
      ++dashes;
      ++i;
      continue;
    }
    if (c == '>' && dashes >= 2) {
      state = kData;
      dashes = 0;
      ++i;
      continue;
    }
    dashes = 0;
    if (c == '<') {
      const bool slash = i + 1 < n && html[i + 1] == '/';
      if (state == kEscaped) {
        if (slash && tag_word_at(html, i + 2, "script")) return i;
        if (tag_word_at(html, i + 1, "script")) {
          state = kDoubleEscaped;
          i += 7;
          continue;
        }
      } else if (slash && tag_word_at(html, i + 2, "script")) {
        state = kEscaped;
        i += 8;
        continue;
      }
    }
    ++i;
  }
  return npos;
}

// The "</" of the end tag that closes raw text or RCDATA named `name`.
std::size_t raw_text_end(std::string_view html, std::size_t i,
                         std::string_view name) {
  while ((i = html.find("</", i)) != npos) {
    if (tag_word_at(html, i + 2, name)) return i;
    i += 2;
  }
  return npos;
}

bool only_space(std::string_view s) {
  return std::all_of(s.begin(), s.end(), is_space);
}

}  // namespace

std::size_t prepare_html(std::string_view html, std::size_t stop_at,
                         std::string* out) {
  std::size_t depth = 0, deepest = 0, i = 0, copied = 0;
  const std::size_t n = html.size();
  // Cleared for good at markup after which Gumbo's tree builder, not its
  // tokenizer, decides what is raw text (foreign content, <select>,
  // frames): the rest of the page goes to Gumbo as it is.
  bool strip = out != nullptr;
  if (out != nullptr) {
    out->clear();
    out->reserve(n);
  }
  // Gumbo gets html[copied, from) + `with` in place of html[from, to).
  auto replace = [&](std::size_t from, std::size_t to, std::string_view with) {
    out->append(html.data() + copied, from - copied);
    out->append(with);
    copied = to;
  };
  while (i < n && deepest < stop_at) {
    const std::size_t lt = html.find('<', i);
    if (lt == npos || lt + 1 >= n) break;
    i = lt + 1;
    const char next = html[i];
    if (next == '!') {
      if (html.compare(lt, 4, "<!--") == 0) {
        // Ends at the first "-->" (also "<!-->" and "<!--->") or "--!>".
        std::size_t end = html.find("-->", lt + 2);
        if (end != npos) end += 3;
        const std::size_t bang = html.find("--!>", lt + 4);
        if (bang != npos && (end == npos || bang + 4 < end)) end = bang + 4;
        if (end == npos) break;  // the comment runs to the end of the file
        if (strip && end - lt > 7) replace(lt + 4, end, "-->");
        i = end;
        continue;
      }
      // <!DOCTYPE ...> or a bogus comment: to the next '>'.
      const std::size_t gt = html.find('>', i);
      if (gt == npos) break;
      i = gt + 1;
      continue;
    }
    if (next == '?') {  // bogus comment
      const std::size_t gt = html.find('>', i);
      if (gt == npos) break;
      i = gt + 1;
      continue;
    }
    const bool closing = next == '/';
    if (closing) {
      ++i;
      if (i >= n) break;
      if (html[i] == '>') {  // "</>" is dropped
        ++i;
        continue;
      }
      if (!is_alpha(html[i])) {  // bogus comment
        const std::size_t gt = html.find('>', i);
        if (gt == npos) break;
        i = gt + 1;
        continue;
      }
    } else if (!is_alpha(next)) {
      continue;  // '<' as text
    }
    const Tag tag = read_tag(html, i);
    if (tag.end == npos) break;  // the file ends inside the tag
    i = tag.end;
    const std::string_view name = tag.view();
    if (closing) {
      if (!adds_no_depth(name) && depth > 0) --depth;
      continue;
    }
    if (name == "plaintext") break;  // the rest of the file is text
    if (one_of(name, {"svg", "math", "select", "frameset"})) strip = false;
    const bool raw_text =
        name == "script" || one_of(name, {"style", "xmp", "iframe", "noembed",
                                          "noframes", "textarea", "title"});
    // A raw-text element is one even when written "<script/>"; it counts,
    // as its end tag will.
    if (!raw_text && (tag.self_closing || adds_no_depth(name))) continue;
    deepest = std::max(deepest, ++depth);
    if (!raw_text) continue;
    if (name == "script") {
      bool escaped = false;
      const std::size_t end = script_end(html, i, escaped);
      if (end == npos) break;  // runs to the end of the file: kept
      // A one-byte stand-in keeps the text node Gumbo makes (and so
      // :empty, child counts); white space stays white space.
      if (strip && !escaped && end - i > 1 &&
          !only_space(html.substr(i, end - i)))
        replace(i, end, "x");
      i = end;
      continue;
    }
    // Raw text or RCDATA: markup inside is not markup.
    const std::size_t end = raw_text_end(html, i, name);
    if (end == npos) break;
    if (strip && name == "style" && end - i > 1 &&
        !only_space(html.substr(i, end - i)))
      replace(i, end, "x");
    i = end;
  }
  if (out != nullptr) out->append(html.data() + copied, n - copied);
  return deepest;
}

std::size_t estimate_depth(std::string_view html, std::size_t stop_at) {
  return prepare_html(html, stop_at, nullptr);
}

std::string strip_raw_text(std::string_view html) {
  std::string out;
  prepare_html(html, npos, &out);
  return out;
}

}  // namespace qascrape::dom
