// selector owns CSS selector parsing and matching over dom trees; it may use
// core and dom.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "dom/dom.h"

namespace qascrape::selector {

struct Program;  // the compiled form; see compiled.h

// A parsed CSS selector list. Parse once (at rule-load time), match many
// times; copies are cheap and share the compiled form, which is immutable,
// so one Selector may be used from several threads.
//
// Supported: type, *, .class, #id, [a] [a=v] [a~=v] [a|=v] [a^=v] [a$=v]
// [a*=v] (with an optional i/s flag), the combinators ' ' > + ~, selector
// lists, and the pseudo-classes :root :scope :empty :first-child
// :last-child :only-child :first-of-type :last-of-type :only-of-type
// :nth-child() :nth-last-child() :nth-of-type() :nth-last-of-type()
// :not() :is() :where() :has() :contains() :contains-own() :text-is().
class Selector {
 public:
  // On malformed input returns Error{Errc::kConfig, "column N: <what>"},
  // N being the 1-based column (in code points) where the problem is.
  static Result<Selector> parse(std::string_view text);

  // Whether `element` matches; false for null and non-element nodes.
  // Combinators may look at any ancestor or sibling in the tree.
  bool matches(dom::Node element) const;

  // Matching descendants of `scope` (scope itself excluded), in document
  // order, without duplicates. Like querySelectorAll, combinators may look
  // above `scope`; `:scope` refers to `scope`.
  std::vector<dom::Node> select_all(dom::Node scope) const;
  // The first of select_all(scope), or a null Node.
  dom::Node select_first(dom::Node scope) const;

  // The text this selector was parsed from.
  const std::string& source() const { return source_; }

 private:
  Selector(std::string source, std::shared_ptr<const Program> program);

  std::string source_;
  std::shared_ptr<const Program> program_;
};

}  // namespace qascrape::selector
