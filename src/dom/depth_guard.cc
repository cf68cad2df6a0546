#include <algorithm>
#include <cctype>
#include <string>

#include "dom/dom.h"

namespace qascrape::dom {

namespace {

bool one_of(std::string_view name,
            std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), name) != set.end();
}

// Elements that never nest: void elements, and those an HTML parser closes
// by itself when a sibling opens (an unclosed <p> or <li> adds no depth).
bool adds_no_depth(std::string_view name) {
  return one_of(
      name, {"area",  "base", "br",    "col",     "embed",  "hr",       "img",
             "input", "link", "meta",  "param",   "source", "track",    "wbr",
             "p",     "li",   "dt",    "dd",      "option", "optgroup", "tr",
             "td",    "th",   "thead", "tbody",   "tfoot",  "colgroup", "rb",
             "rp",    "rt",   "rtc",   "!doctype"});
}

}  // namespace

std::size_t estimate_depth(std::string_view html, std::size_t stop_at) {
  std::size_t depth = 0, deepest = 0, i = 0;
  const std::size_t n = html.size();
  std::string name;
  while (i < n && deepest < stop_at) {
    const std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    i = lt + 1;
    if (html.compare(lt, 4, "<!--") == 0) {
      const std::size_t end = html.find("-->", lt + 4);
      i = end == std::string_view::npos ? n : end + 3;
      continue;
    }
    const bool closing = html[i] == '/';
    if (closing) ++i;
    if (i >= n || !std::isalpha(static_cast<unsigned char>(html[i]))) continue;
    name.clear();
    while (i < n && (std::isalnum(static_cast<unsigned char>(html[i])) ||
                     html[i] == '-')) {
      name.push_back(
          static_cast<char>(std::tolower(static_cast<unsigned char>(html[i]))));
      ++i;
    }
    // Skip the attributes to the tag's end; quotes may hold '>'.
    char quote = 0;
    bool self_closing = false;
    while (i < n) {
      const char c = html[i++];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        self_closing = i >= 2 && html[i - 2] == '/';
        break;
      }
    }
    if (closing) {
      if (!adds_no_depth(name) && depth > 0) --depth;
      continue;
    }
    if (one_of(name, {"script", "style", "textarea", "title", "xmp", "noscript",
                      "iframe"})) {
      // Raw text: markup inside is not markup.
      const std::string end = "</" + name;
      std::size_t at = i;
      while (true) {
        at = html.find("</", at);
        if (at == std::string_view::npos) break;
        std::string tag(html.substr(at, end.size()));
        std::transform(tag.begin(), tag.end(), tag.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (tag == end) break;
        at += 2;
      }
      i = at == std::string_view::npos ? n : at;
      continue;
    }
    if (self_closing || adds_no_depth(name)) continue;
    deepest = std::max(deepest, ++depth);
  }
  return deepest;
}

}  // namespace qascrape::dom
