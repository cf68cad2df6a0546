// Parsing selector text into the compiled form. Recursive descent over the
// bytes; every failure is recorded once (with its column) and unwinds by
// returning false, so malformed input never throws.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/text.h"
#include "selector/compiled.h"

namespace qascrape::selector {
namespace {

bool is_name_start(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         u >= 0x80;
}

bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '-';
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return ascii_lower(c) - 'a' + 10;
}

bool is_newline(char c) { return c == '\n' || c == '\r' || c == '\f'; }

// Byte length of the UTF-8 sequence starting with `lead` (1 for stray bytes).
std::size_t utf8_length(char lead) {
  unsigned char u = static_cast<unsigned char>(lead);
  if (u >= 0xF0) return 4;
  if (u >= 0xE0) return 3;
  if (u >= 0xC0) return 2;
  return 1;
}

Simple make_simple(SimpleKind kind, std::int64_t b = 0) {
  Simple simple;
  simple.kind = kind;
  simple.b = b;
  return simple;
}

// Cheap checks first so a compound fails fast; :has() is the dearest.
int cost(SimpleKind kind) {
  switch (kind) {
    case SimpleKind::kAnchor:
      return 0;
    case SimpleKind::kType:
    case SimpleKind::kId:
    case SimpleKind::kClass:
      return 1;
    case SimpleKind::kAttr:
      return 2;
    case SimpleKind::kRoot:
    case SimpleKind::kScope:
    case SimpleKind::kEmpty:
    case SimpleKind::kNthChild:
    case SimpleKind::kNthLastChild:
    case SimpleKind::kNthOfType:
    case SimpleKind::kNthLastOfType:
      return 3;
    case SimpleKind::kIs:
    case SimpleKind::kNot:
      return 4;
    case SimpleKind::kContains:
    case SimpleKind::kContainsOwn:
    case SimpleKind::kTextIs:
      return 5;
    case SimpleKind::kHas:
      return 6;
  }
  return 6;
}

class Parser {
 public:
  Parser(std::string_view text, Program& program)
      : s_(text), program_(program) {}

  bool run() {
    if (!parse_list(program_.top, /*relative=*/false)) return false;
    if (pos_ < s_.size()) return fail("unexpected " + describe(pos_));
    return true;
  }

  Error error() const {
    return make_error(Errc::kConfig,
                      "column " + std::to_string(column()) + ": " + message_);
  }

 private:
  // --- error reporting -------------------------------------------------

  bool fail(std::string message) { return fail_at(pos_, std::move(message)); }
  bool fail_at(std::size_t at, std::string message) {
    if (!failed_) {
      failed_ = true;
      error_pos_ = at;
      message_ = std::move(message);
    }
    return false;
  }

  // 1-based column in code points, so Chinese text before the error does
  // not inflate the number.
  std::size_t column() const {
    std::size_t col = 1;
    for (std::size_t i = 0; i < error_pos_ && i < s_.size(); ++i) {
      if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) ++col;
    }
    return col;
  }

  std::string describe(std::size_t at) const {
    if (at >= s_.size()) return "end of input";
    // Appended, not "'" + string: GCC 12 warns -Wrestrict on that (PR 105651).
    std::string quoted(1, '\'');
    quoted.append(s_.substr(at, utf8_length(s_[at]))).push_back('\'');
    return quoted;
  }

  // --- low-level scanning ----------------------------------------------

  bool at_end() const { return pos_ >= s_.size(); }
  // '\0' past the end; callers only compare it with non-NUL characters.
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0';
  }

  bool skip_ws() {
    std::size_t start = pos_;
    while (!at_end() && is_ascii_space(s_[pos_])) ++pos_;
    return pos_ != start;
  }

  bool expect(char c) {
    if (peek() == c) {
      ++pos_;
      return true;
    }
    return fail(std::string("expected '") + c + "' but found " +
                describe(pos_));
  }

  bool valid_escape(std::size_t at) const {
    return at + 1 < s_.size() && s_[at] == '\\' && !is_newline(s_[at + 1]);
  }

  bool ident_start_at(std::size_t at) const {
    if (at >= s_.size()) return false;
    char c = s_[at];
    if (c == '-') {
      if (at + 1 >= s_.size()) return false;
      char d = s_[at + 1];
      return is_name_start(d) || d == '-' || valid_escape(at + 1);
    }
    return is_name_start(c) || valid_escape(at);
  }

  // Consumes an escape at pos_ (the backslash) into `out`.
  bool consume_escape(std::string& out) {
    std::size_t start = pos_;
    ++pos_;
    if (at_end()) return fail_at(start, "unfinished escape at end of input");
    if (is_newline(s_[pos_])) return fail_at(start, "escaped newline");
    if (is_hex(s_[pos_])) {
      std::uint32_t cp = 0;
      for (int n = 0; n < 6 && !at_end() && is_hex(s_[pos_]); ++n, ++pos_) {
        cp = cp * 16 + static_cast<std::uint32_t>(hex_value(s_[pos_]));
      }
      if (peek() == '\r' && peek(1) == '\n') {
        pos_ += 2;
      } else if (!at_end() && is_ascii_space(s_[pos_])) {
        ++pos_;
      }
      append_utf8(out, static_cast<char32_t>(cp));
      return true;
    }
    std::size_t n = std::min(utf8_length(s_[pos_]), s_.size() - pos_);
    out.append(s_.substr(pos_, n));
    pos_ += n;
    return true;
  }

  // Name characters and escapes; returns false only on a bad escape.
  bool consume_name(std::string& out) {
    while (!at_end()) {
      char c = s_[pos_];
      if (is_name_char(c)) {
        out.push_back(c);
        ++pos_;
      } else if (c == '\\') {
        if (!consume_escape(out)) return false;
      } else {
        break;
      }
    }
    return true;
  }

  bool parse_ident(std::string& out, const char* what) {
    if (!ident_start_at(pos_)) {
      return fail(std::string("expected ") + what + " but found " +
                  describe(pos_));
    }
    return consume_name(out);
  }

  bool parse_string(std::string& out) {
    std::size_t start = pos_;
    char quote = s_[pos_++];
    while (true) {
      if (at_end()) return fail_at(start, "unterminated string");
      char c = s_[pos_];
      if (c == quote) {
        ++pos_;
        return true;
      }
      if (is_newline(c)) return fail("newline inside string");
      if (c == '\\') {
        if (pos_ + 1 < s_.size() && is_newline(s_[pos_ + 1])) {
          // A backslash-newline continues the string.
          pos_ += (s_[pos_ + 1] == '\r' && peek(2) == '\n') ? 3 : 2;
          continue;
        }
        if (pos_ + 1 >= s_.size()) return fail_at(start, "unterminated string");
        if (!consume_escape(out)) return false;
        continue;
      }
      out.push_back(c);
      ++pos_;
    }
  }

  // A string or an identifier (the argument of the text pseudos).
  bool parse_text_arg(std::string& out) {
    if (peek() == '"' || peek() == '\'') return parse_string(out);
    return parse_ident(out, "a quoted string");
  }

  // --- grammar ---------------------------------------------------------

  bool parse_list(List& out, bool relative) {
    while (true) {
      skip_ws();
      Complex complex;
      if (!parse_complex(complex, relative)) return false;
      out.complexes.push_back(std::move(complex));
      skip_ws();
      if (peek() != ',') return true;
      ++pos_;
    }
  }

  std::optional<Combinator> combinator_at() const {
    switch (peek()) {
      case '>':
        return Combinator::kChild;
      case '+':
        return Combinator::kNextSibling;
      case '~':
        return Combinator::kLaterSibling;
      default:
        return std::nullopt;
    }
  }

  bool parse_complex(Complex& out, bool relative) {
    // Compounds and the combinator to the left of each, in source order.
    std::vector<Compound> compounds;
    Combinator leading = Combinator::kDescendant;
    if (relative) {
      if (auto c = combinator_at(); c) {
        leading = *c;
        ++pos_;
        skip_ws();
      }
    }
    Combinator pending = Combinator::kNone;
    while (true) {
      if (compounds.size() >= kMaxCompounds) {
        return fail("more than " + std::to_string(kMaxCompounds) +
                    " compound selectors in a row");
      }
      Compound compound;
      if (!parse_compound(compound, pending)) return false;
      compound.combinator = pending;
      compounds.push_back(std::move(compound));

      bool had_space = skip_ws();
      if (auto c = combinator_at(); c) {
        pending = *c;
        ++pos_;
        skip_ws();
        continue;
      }
      if (at_end() || peek() == ',' || peek() == ')') break;
      if (!had_space) return fail("unexpected " + describe(pos_));
      pending = Combinator::kDescendant;
    }
    if (relative) {
      Compound anchor;
      anchor.simples.push_back(make_simple(SimpleKind::kAnchor));
      compounds.front().combinator = leading;
      compounds.insert(compounds.begin(), std::move(anchor));
      out.relative_siblings = leading == Combinator::kNextSibling ||
                              leading == Combinator::kLaterSibling;
      out.relative_needs_subtree = !out.relative_siblings;
      for (std::size_t i = 2; i < compounds.size(); ++i) {
        Combinator c = compounds[i].combinator;
        if (c == Combinator::kDescendant || c == Combinator::kChild) {
          out.relative_needs_subtree = true;
        }
      }
    }
    // Store right to left, each compound carrying the combinator that
    // leads to its left neighbour, which is the order matching walks.
    out.compounds.clear();
    for (std::size_t i = compounds.size(); i-- > 0;) {
      Combinator left = compounds[i].combinator;
      compounds[i].combinator = Combinator::kNone;
      out.compounds.push_back(std::move(compounds[i]));
      out.compounds.back().combinator = left;
    }
    return true;
  }

  bool parse_compound(Compound& out, Combinator after) {
    std::size_t start = pos_;
    if (peek() == '*') {
      ++pos_;  // the universal selector adds no test
      if (peek() == '|') return fail("namespaces are not supported");
    } else if (ident_start_at(pos_)) {
      Simple type = make_simple(SimpleKind::kType);
      if (!consume_name(type.name)) return false;
      if (peek() == '|') return fail("namespaces are not supported");
      // Tags come lower-cased from dom; non-ASCII names stay as written.
      for (char& c : type.name) c = ascii_lower(c);
      out.simples.push_back(std::move(type));
    }
    while (!at_end()) {
      char c = peek();
      bool ok = true;
      if (c == '#') {
        ++pos_;
        Simple id = make_simple(SimpleKind::kId);
        // Ids may start with a digit in HTML, so accept any name chars.
        if (!is_name_char(peek()) && !valid_escape(pos_)) {
          return fail("expected an id after '#' but found " + describe(pos_));
        }
        ok = consume_name(id.name);
        out.simples.push_back(std::move(id));
      } else if (c == '.') {
        ++pos_;
        Simple cls = make_simple(SimpleKind::kClass);
        ok = parse_ident(cls.name, "a class name after '.'");
        out.simples.push_back(std::move(cls));
      } else if (c == '[') {
        ok = parse_attribute(out);
      } else if (c == ':') {
        ok = parse_pseudo(out);
      } else {
        break;
      }
      if (!ok) return false;
    }
    if (pos_ == start) {
      if (after != Combinator::kNone) {
        return fail("expected a selector after the combinator but found " +
                    describe(pos_));
      }
      return fail("expected a selector but found " + describe(pos_));
    }
    std::stable_sort(out.simples.begin(), out.simples.end(),
                     [](const Simple& x, const Simple& y) {
                       return cost(x.kind) < cost(y.kind);
                     });
    return true;
  }

  bool parse_attribute(Compound& out) {
    ++pos_;  // '['
    skip_ws();
    Simple attr = make_simple(SimpleKind::kAttr);
    if (!parse_ident(attr.name, "an attribute name")) return false;
    if (peek() == '|' && peek(1) != '=') {
      return fail("namespaces are not supported");
    }
    for (char& c : attr.name) c = ascii_lower(c);
    skip_ws();
    if (peek() == ']') {
      ++pos_;
      out.simples.push_back(std::move(attr));
      return true;
    }
    switch (peek()) {
      case '=':
        attr.op = AttrOp::kEquals;
        break;
      case '~':
        attr.op = AttrOp::kIncludes;
        break;
      case '|':
        attr.op = AttrOp::kDashMatch;
        break;
      case '^':
        attr.op = AttrOp::kPrefix;
        break;
      case '$':
        attr.op = AttrOp::kSuffix;
        break;
      case '*':
        attr.op = AttrOp::kSubstring;
        break;
      default:
        return fail("expected ']' or an operator but found " + describe(pos_));
    }
    if (attr.op != AttrOp::kEquals) {
      ++pos_;
      if (peek() != '=') {
        return fail("expected '=' but found " + describe(pos_));
      }
    }
    ++pos_;  // '='
    skip_ws();
    if (peek() == '"' || peek() == '\'') {
      if (!parse_string(attr.value)) return false;
    } else {
      // Lenient: bare values may start with a digit ([mid=123]).
      std::size_t value_start = pos_;
      if (!consume_name(attr.value)) return false;
      if (pos_ == value_start) {
        return fail("expected an attribute value but found " + describe(pos_));
      }
    }
    skip_ws();
    // A bare "[a=bi]" already took the "i" into the value, so any flag
    // seen here is a real one.
    if ((peek() == 'i' || peek() == 'I' || peek() == 's' || peek() == 'S') &&
        !is_name_char(peek(1)) && peek(1) != '\\') {
      attr.ignore_case = peek() == 'i' || peek() == 'I';
      ++pos_;
      skip_ws();
    }
    if (!expect(']')) return false;
    out.simples.push_back(std::move(attr));
    return true;
  }

  bool parse_pseudo(Compound& out) {
    std::size_t start = pos_;
    ++pos_;  // ':'
    if (peek() == ':')
      return fail_at(start, "pseudo-elements are not supported");
    std::string name;
    if (!parse_ident(name, "a pseudo-class name after ':'")) return false;
    for (char& c : name) c = ascii_lower(c);
    bool call = peek() == '(';

    struct Plain {
      const char* name;
      SimpleKind kind;
      int b;
    };
    static constexpr Plain kPlain[] = {
        {"first-child", SimpleKind::kNthChild, 1},
        {"last-child", SimpleKind::kNthLastChild, 1},
        {"first-of-type", SimpleKind::kNthOfType, 1},
        {"last-of-type", SimpleKind::kNthLastOfType, 1},
        {"root", SimpleKind::kRoot, 0},
        {"scope", SimpleKind::kScope, 0},
        {"empty", SimpleKind::kEmpty, 0},
    };
    for (const Plain& p : kPlain) {
      if (name != p.name) continue;
      if (call) return fail_at(start, "':" + name + "' takes no arguments");
      out.simples.push_back(make_simple(p.kind, p.b));
      return true;
    }
    // "only" is "first" and "last" at once.
    if (name == "only-child" || name == "only-of-type") {
      if (call) return fail_at(start, "':" + name + "' takes no arguments");
      bool child = name == "only-child";
      out.simples.push_back(make_simple(
          child ? SimpleKind::kNthChild : SimpleKind::kNthOfType, 1));
      out.simples.push_back(make_simple(
          child ? SimpleKind::kNthLastChild : SimpleKind::kNthLastOfType, 1));
      return true;
    }

    static constexpr std::pair<const char*, SimpleKind> kFunctions[] = {
        {"nth-child", SimpleKind::kNthChild},
        {"nth-last-child", SimpleKind::kNthLastChild},
        {"nth-of-type", SimpleKind::kNthOfType},
        {"nth-last-of-type", SimpleKind::kNthLastOfType},
        {"not", SimpleKind::kNot},
        {"is", SimpleKind::kIs},
        {"where", SimpleKind::kIs},
        {"has", SimpleKind::kHas},
        {"contains", SimpleKind::kContains},
        {"contains-own", SimpleKind::kContainsOwn},
        {"text-is", SimpleKind::kTextIs},
    };
    const std::pair<const char*, SimpleKind>* found = nullptr;
    for (const auto& f : kFunctions) {
      if (name == f.first) found = &f;
    }
    if (found == nullptr) {
      return fail_at(start, "unknown pseudo-class ':" + name + "'");
    }
    if (!call) return fail_at(start, "':" + name + "' needs an argument in ()");
    ++pos_;  // '('
    skip_ws();
    Simple simple = make_simple(found->second);
    switch (simple.kind) {
      case SimpleKind::kNthChild:
      case SimpleKind::kNthLastChild:
      case SimpleKind::kNthOfType:
      case SimpleKind::kNthLastOfType:
        if (!parse_nth(simple)) return false;
        break;
      case SimpleKind::kNot:
      case SimpleKind::kIs:
      case SimpleKind::kHas: {
        if (depth_ >= kMaxNesting) {
          return fail_at(start, "selectors nested more than " +
                                    std::to_string(kMaxNesting) +
                                    " levels deep");
        }
        ++depth_;
        List list;
        bool ok = parse_list(list, simple.kind == SimpleKind::kHas);
        --depth_;
        if (!ok) return false;
        simple.list = program_.lists.size();
        program_.lists.push_back(std::move(list));
        break;
      }
      case SimpleKind::kContains:
      case SimpleKind::kContainsOwn:
      case SimpleKind::kTextIs: {
        std::string text;
        if (!parse_text_arg(text)) return false;
        // The haystack is collapsed at match time; do the same to the needle.
        simple.value = collapse_whitespace(text);
        break;
      }
      default:
        break;
    }
    skip_ws();
    if (!expect(')')) return false;
    out.simples.push_back(std::move(simple));
    return true;
  }

  bool parse_number(std::int64_t& out) {
    if (!(peek() >= '0' && peek() <= '9')) {
      return fail("expected a number but found " + describe(pos_));
    }
    std::size_t start = pos_;
    std::int64_t n = 0;
    while (!at_end() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      n = n * 10 + (s_[pos_] - '0');
      if (n > 1'000'000'000) return fail_at(start, "number too large");
      ++pos_;
    }
    out = n;
    return true;
  }

  bool word_at(std::string_view word) const {
    if (s_.size() - pos_ < word.size()) return false;
    if (!equals_ignore_ascii_case(s_.substr(pos_, word.size()), word)) {
      return false;
    }
    return !is_name_char(peek(word.size()));
  }

  // an+b | odd | even
  bool parse_nth(Simple& out) {
    if (word_at("odd")) {
      pos_ += 3;
      out.a = 2;
      out.b = 1;
      return true;
    }
    if (word_at("even")) {
      pos_ += 4;
      out.a = 2;
      out.b = 0;
      return true;
    }
    std::int64_t sign = 1;
    if (peek() == '+' || peek() == '-') {
      sign = peek() == '-' ? -1 : 1;
      ++pos_;
    }
    bool has_digits = peek() >= '0' && peek() <= '9';
    std::int64_t n = 1;
    if (has_digits && !parse_number(n)) return false;
    if (peek() == 'n' || peek() == 'N') {
      ++pos_;
      out.a = sign * n;
      skip_ws();
      if (peek() == '+' || peek() == '-') {
        std::int64_t b_sign = peek() == '-' ? -1 : 1;
        ++pos_;
        skip_ws();
        std::int64_t b = 0;
        if (!parse_number(b)) return false;
        out.b = b_sign * b;
      }
      return true;
    }
    if (!has_digits) {
      return fail("expected an+b, 'odd' or 'even' but found " + describe(pos_));
    }
    out.a = 0;
    out.b = sign * n;
    return true;
  }

  std::string_view s_;
  Program& program_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  bool failed_ = false;
  std::size_t error_pos_ = 0;
  std::string message_;
};

}  // namespace

Result<Program> compile(std::string_view text) {
  Program program;
  Parser parser(text, program);
  if (!parser.run()) return parser.error();
  return program;
}

}  // namespace qascrape::selector
