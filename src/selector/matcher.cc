// Right-to-left matching of the compiled form against dom nodes.
//
// Complex selectors use the backtracking rules of Servo's selector matcher
// (restart from the closest descendant / later-sibling combinator, or give
// up globally), which keeps selectors like "a b c d" from going exponential
// on deep trees.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/text.h"
#include "selector/compiled.h"

namespace qascrape::selector {

dom::Node first_element_child(dom::Node node) {
  std::size_t count = node.child_count();
  for (std::size_t i = 0; i < count; ++i) {
    dom::Node child = node.child(i);
    if (child.is_element()) return child;
  }
  return {};
}

dom::Node next_in_subtree(dom::Node node, dom::Node root) {
  if (dom::Node child = first_element_child(node)) return child;
  while (node && node != root) {
    if (dom::Node sibling = node.next_element_sibling()) return sibling;
    node = node.parent();
  }
  return {};
}

namespace {

enum class Outcome {
  kMatched,
  kRestartFromLaterSibling,
  kRestartFromDescendant,
  kNotMatchedGlobally,
};

bool match_complex(const Program& program, const Complex& complex,
                   dom::Node element, const MatchContext& context);

bool is_sibling(Combinator c) {
  return c == Combinator::kNextSibling || c == Combinator::kLaterSibling;
}

dom::Node parent_element(dom::Node node) {
  dom::Node parent = node.parent();
  return parent && parent.is_element() ? parent : dom::Node();
}

bool starts_with(std::string_view s, std::string_view p, bool icase) {
  if (s.size() < p.size()) return false;
  s = s.substr(0, p.size());
  return icase ? equals_ignore_ascii_case(s, p) : s == p;
}

bool ends_with(std::string_view s, std::string_view p, bool icase) {
  if (s.size() < p.size()) return false;
  s = s.substr(s.size() - p.size());
  return icase ? equals_ignore_ascii_case(s, p) : s == p;
}

bool contains(std::string_view s, std::string_view p, bool icase) {
  if (!icase) return s.find(p) != std::string_view::npos;
  for (std::size_t i = 0; i + p.size() <= s.size(); ++i) {
    if (equals_ignore_ascii_case(s.substr(i, p.size()), p)) return true;
  }
  return false;
}

// Whether the ASCII-whitespace separated list `s` contains `word`; class
// attributes are split this way, so double spaces do not matter.
bool has_word(std::string_view s, std::string_view word, bool icase) {
  if (word.empty()) return false;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_ascii_space(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !is_ascii_space(s[i])) ++i;
    if (i == start) break;
    std::string_view token = s.substr(start, i - start);
    if (icase ? equals_ignore_ascii_case(token, word) : token == word) {
      return true;
    }
  }
  return false;
}

bool match_attr(const Simple& simple, dom::Node element) {
  std::optional<std::string_view> found = element.attr(simple.name);
  if (!found) return false;
  std::string_view v = *found;
  const std::string& want = simple.value;
  bool icase = simple.ignore_case;
  switch (simple.op) {
    case AttrOp::kExists:
      return true;
    case AttrOp::kEquals:
      return icase ? equals_ignore_ascii_case(v, want) : v == want;
    case AttrOp::kIncludes:
      return has_word(v, want, icase);
    case AttrOp::kDashMatch:
      return (icase ? equals_ignore_ascii_case(v, want) : v == want) ||
             (v.size() > want.size() && v[want.size()] == '-' &&
              starts_with(v, want, icase));
    // Per CSS, an empty value never matches these three.
    case AttrOp::kPrefix:
      return !want.empty() && starts_with(v, want, icase);
    case AttrOp::kSuffix:
      return !want.empty() && ends_with(v, want, icase);
    case AttrOp::kSubstring:
      return !want.empty() && contains(v, want, icase);
  }
  return false;
}

bool nth_matches(std::int64_t a, std::int64_t b, std::int64_t position) {
  if (a == 0) return position == b;
  std::int64_t diff = position - b;
  return diff % a == 0 && diff / a >= 0;
}

// 1-based position of `element` among its element siblings, counted from
// the start or the end, optionally only among those with the same tag.
std::int64_t position(dom::Node element, bool from_end, bool of_type) {
  std::string tag;
  if (of_type) tag = element.tag();
  std::int64_t n = 1;
  dom::Node sibling = from_end ? element.next_element_sibling()
                               : element.prev_element_sibling();
  while (sibling) {
    if (!of_type || sibling.tag() == tag) ++n;
    sibling = from_end ? sibling.next_element_sibling()
                       : sibling.prev_element_sibling();
  }
  return n;
}

bool is_empty(dom::Node element) {
  std::size_t count = element.child_count();
  for (std::size_t i = 0; i < count; ++i) {
    dom::Node child = element.child(i);
    if (child.is_element()) return false;
    if (child.is_text() && !child.text().empty()) return false;
  }
  return true;
}

std::string own_text(dom::Node element) {
  std::string raw;
  // Like text_content(), which skips them: script and style hold code.
  std::string tag = element.tag();
  if (tag == "script" || tag == "style") return raw;
  std::size_t count = element.child_count();
  for (std::size_t i = 0; i < count; ++i) {
    dom::Node child = element.child(i);
    if (child.is_text()) raw.append(child.text());
  }
  return collapse_whitespace(raw);
}

bool match_has(const Program& program, const List& list, dom::Node subject,
               const MatchContext& context) {
  MatchContext inner = context;
  inner.anchor = subject;
  for (const Complex& complex : list.complexes) {
    if (complex.relative_siblings) {
      for (dom::Node sibling = subject.next_element_sibling(); sibling;
           sibling = sibling.next_element_sibling()) {
        if (match_complex(program, complex, sibling, inner)) return true;
        if (!complex.relative_needs_subtree) continue;
        for (dom::Node d = first_element_child(sibling); d;
             d = next_in_subtree(d, sibling)) {
          if (match_complex(program, complex, d, inner)) return true;
        }
      }
    } else {
      for (dom::Node d = first_element_child(subject); d;
           d = next_in_subtree(d, subject)) {
        if (match_complex(program, complex, d, inner)) return true;
      }
    }
  }
  return false;
}

// :is/:not/:has argument lists, through the cache.
bool match_nested(const Program& program, const Simple& simple,
                  dom::Node element, const MatchContext& context) {
  if (int known = context.cache->get(simple.list, element)) return known == 2;
  const List& list = program.lists[simple.list];
  bool matched = simple.kind == SimpleKind::kHas
                     ? match_has(program, list, element, context)
                     : match_list(program, list, element, context);
  context.cache->put(simple.list, element, matched);
  return matched;
}

bool match_simple(const Program& program, const Simple& simple,
                  dom::Node element, const MatchContext& context) {
  switch (simple.kind) {
    case SimpleKind::kAnchor:
      return element == context.anchor;
    case SimpleKind::kType:
      return element.has_tag(simple.name);
    case SimpleKind::kId: {
      auto id = element.attr("id");
      return id && *id == simple.name;
    }
    case SimpleKind::kClass: {
      auto cls = element.attr("class");
      return cls && has_word(*cls, simple.name, false);
    }
    case SimpleKind::kAttr:
      return match_attr(simple, element);
    case SimpleKind::kRoot: {
      dom::Node parent = element.parent();
      return parent && parent.kind() == dom::NodeKind::kDocument;
    }
    case SimpleKind::kScope: {
      if (context.scope) return element == context.scope;
      dom::Node parent = element.parent();
      return parent && parent.kind() == dom::NodeKind::kDocument;
    }
    case SimpleKind::kEmpty:
      return is_empty(element);
    case SimpleKind::kNthChild:
      return nth_matches(simple.a, simple.b, position(element, false, false));
    case SimpleKind::kNthLastChild:
      return nth_matches(simple.a, simple.b, position(element, true, false));
    case SimpleKind::kNthOfType:
      return nth_matches(simple.a, simple.b, position(element, false, true));
    case SimpleKind::kNthLastOfType:
      return nth_matches(simple.a, simple.b, position(element, true, true));
    case SimpleKind::kIs:
      return match_nested(program, simple, element, context);
    case SimpleKind::kNot:
      return !match_nested(program, simple, element, context);
    case SimpleKind::kContains:
      return collapse_whitespace(element.text_content()).find(simple.value) !=
             std::string::npos;
    case SimpleKind::kContainsOwn:
      return own_text(element).find(simple.value) != std::string::npos;
    case SimpleKind::kTextIs:
      return collapse_whitespace(element.text_content()) == simple.value;
    case SimpleKind::kHas:
      return match_nested(program, simple, element, context);
  }
  return false;
}

bool match_compound(const Program& program, const Compound& compound,
                    dom::Node element, const MatchContext& context) {
  for (const Simple& simple : compound.simples) {
    if (!match_simple(program, simple, element, context)) return false;
  }
  return true;
}

Outcome match_from(const Program& program, const Complex& complex,
                   std::size_t index, dom::Node element,
                   const MatchContext& context) {
  const Compound& compound = complex.compounds[index];
  if (!match_compound(program, compound, element, context)) {
    return Outcome::kRestartFromLaterSibling;
  }
  if (index + 1 == complex.compounds.size()) return Outcome::kMatched;

  Combinator combinator = compound.combinator;
  bool sibling = is_sibling(combinator);
  // Running out of candidates: past the last ancestor nothing further left
  // can match either; past the first sibling, an ancestor still might.
  Outcome not_found =
      sibling ? Outcome::kRestartFromDescendant : Outcome::kNotMatchedGlobally;
  auto step = [sibling](dom::Node n) {
    return sibling ? n.prev_element_sibling() : parent_element(n);
  };
  for (dom::Node next = step(element);; next = step(next)) {
    if (!next) return not_found;
    Outcome result = match_from(program, complex, index + 1, next, context);
    if (result == Outcome::kMatched || result == Outcome::kNotMatchedGlobally ||
        combinator == Combinator::kNextSibling) {
      return result;
    }
    if (combinator == Combinator::kChild) {
      return Outcome::kRestartFromDescendant;
    }
    if (result == Outcome::kRestartFromDescendant &&
        combinator == Combinator::kLaterSibling) {
      return result;
    }
    // Descendant, or a later sibling asked to try the next candidate.
  }
}

bool match_complex(const Program& program, const Complex& complex,
                   dom::Node element, const MatchContext& context) {
  return match_from(program, complex, 0, element, context) == Outcome::kMatched;
}

}  // namespace

bool match_list(const Program& program, const List& list, dom::Node element,
                const MatchContext& context) {
  if (!element || !element.is_element()) return false;
  for (const Complex& complex : list.complexes) {
    if (match_complex(program, complex, element, context)) return true;
  }
  return false;
}

}  // namespace qascrape::selector
