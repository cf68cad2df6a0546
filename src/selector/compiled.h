// The compiled form of a selector list, shared by the parser (which builds
// it) and the matcher (which walks it). Internal to the selector module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "dom/dom.h"

namespace qascrape::selector {

// Limits that keep hostile selectors from exhausting the stack: matching
// recurses once per compound and once per nesting level.
inline constexpr int kMaxNesting = 32;
inline constexpr std::size_t kMaxCompounds = 64;

enum class Combinator : std::uint8_t {
  kNone,  // leftmost compound
  kDescendant,
  kChild,
  kNextSibling,
  kLaterSibling,
};

enum class SimpleKind : std::uint8_t {
  kAnchor,  // the :has() subject; only as the leftmost compound of a relative
  kType,
  kId,
  kClass,
  kAttr,
  kRoot,
  kScope,
  kEmpty,
  kNthChild,
  kNthLastChild,
  kNthOfType,
  kNthLastOfType,
  kIs,   // :is(), :where()
  kNot,  // :not()
  kContains,
  kContainsOwn,
  kTextIs,
  kHas,
};

enum class AttrOp : std::uint8_t {
  kExists,     // [a]
  kEquals,     // [a=v]
  kIncludes,   // [a~=v]
  kDashMatch,  // [a|=v]
  kPrefix,     // [a^=v]
  kSuffix,     // [a$=v]
  kSubstring,  // [a*=v]
};

struct Simple {
  SimpleKind kind = SimpleKind::kType;
  AttrOp op = AttrOp::kExists;
  bool ignore_case = false;
  std::string name;   // tag (lower-case), id, class or attribute name
  std::string value;  // attribute value, or the needle of the text pseudos
  std::int64_t a = 0, b = 0;  // an+b of the nth pseudos
  std::size_t list = 0;       // index into Program::lists for :is/:not/:has
};

struct Compound {
  std::vector<Simple> simples;  // all must match; cheapest first
  // How this compound relates to the next one in Complex::compounds (the
  // one to its left in the source).
  Combinator combinator = Combinator::kNone;
};

struct Complex {
  std::vector<Compound> compounds;  // right to left: [0] is the subject
  // For :has() arguments: candidates are the following siblings (+, ~)
  // rather than descendants, and their subtrees too when a later
  // combinator is ' ' or '>'.
  bool relative_siblings = false;
  bool relative_needs_subtree = true;
};

struct List {
  std::vector<Complex> complexes;  // any may match
};

struct Program {
  List top;
  std::vector<List> lists;  // arguments of :is/:not/:has, by index
};

// Parses `text` into a Program; errors carry "column N: ...".
Result<Program> compile(std::string_view text);

// State that lives for one match call.
// Results of :is/:not/:has arguments per (list, element) for one match
// call. They depend on nothing else (the :has anchor never leaks into a
// nested list), and caching them keeps nested lists polynomial: without it
// ":is(:is(...) a a) a a" re-evaluates the inner list at every ancestor of
// every candidate, exponential in the nesting depth.
class MatchCache {
 public:
  // 0 = unknown, 1 = no, 2 = yes.
  int get(std::size_t list, dom::Node element) const {
    auto it = results_.find(Key{list, element.id()});
    return it == results_.end() ? 0 : (it->second ? 2 : 1);
  }
  void put(std::size_t list, dom::Node element, bool matched) {
    results_.emplace(Key{list, element.id()}, matched);
  }

 private:
  struct Key {
    std::size_t list;
    const void* node;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<const void*>()(k.node) * 31 + k.list;
    }
  };
  std::unordered_map<Key, bool, KeyHash> results_;
};

struct MatchContext {
  dom::Node scope;   // what :scope means; null means the root element
  dom::Node anchor;  // the subject of the innermost :has()
  MatchCache* cache = nullptr;  // required
};

bool match_list(const Program& program, const List& list, dom::Node element,
                const MatchContext& context);

// ASCII helpers (text.cc). Page text is collapsed with core's
// collapse_whitespace instead, which also knows U+00A0 and U+3000.
bool is_ascii_space(char c);
char ascii_lower(char c);
bool equals_ignore_ascii_case(std::string_view x, std::string_view y);

// Pre-order walk over the element descendants of a root, without allocating.
dom::Node first_element_child(dom::Node node);
dom::Node next_in_subtree(dom::Node node, dom::Node root);

}  // namespace qascrape::selector
