#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dom/dom.h"
#include "extract/record.h"
#include "rules/rules.h"

namespace qascrape::extract {

// One run of text inside a side box, in document order: a link's text (with
// its href), or the text between links and line breaks.
struct Piece {
  std::string text;
  std::optional<std::string> href;  // raw; set for links
  bool block_start = false;         // a line break came before it
  bool space_before = false;        // white space came before it
  dom::Node node;                   // the link, or the element holding the text
};

// A box as found on the page: its heading element, the element that holds
// the box (the heading's nearest ancestor with more than headings), and
// the pieces after the heading.
struct BoxRegion {
  dom::Node heading, scope;
  std::vector<Piece> pieces;
};

// Where each item of a box starts and ends. One item per key piece (a drug
// link, a 提问 anchor); an item is the key's highest ancestor that holds no
// other key and not the heading. When every such element holds more than
// its key, items are read by element (pieces inside it, plus a <dt> before
// a <dd> item or a <dd> after a <dt> item); otherwise the page gives items
// no element of their own and the caller falls back to piece order.
struct ItemSplit {
  bool by_element = false;
  std::vector<std::vector<std::size_t>> items;  // piece indices, in order
  std::vector<std::size_t> leftover;  // pieces between items no item owns
};
ItemSplit split_items(const BoxRegion& box,
                      const std::vector<std::size_t>& keys);

// The box whose heading text is `box.heading`. Its pieces are everything
// after the heading inside the nearest ancestor that holds more than
// headings, up to another box's heading. Boxes are never found by class names,
// so page versions with other markup read the same. `accept` picks, among
// several places the heading text stands (a nav link, a tab), the first whose
// pieces it accepts; when none does, the first place is used. `split_inline`
// makes every inline element its own piece (a doctor's
// `<b>name</b><i>title</i>`); otherwise text runs on across inline markup.
BoxRegion find_box(dom::Node body, const rules::SiteRules& site,
                   const rules::BoxRule& box,
                   bool (*accept)(const std::vector<Piece>&,
                                  const rules::BoxRule&),
                   bool split_inline = false);

// Joins pieces into text: a line break between block pieces, one space where
// the page had white space, nothing between adjacent inline pieces.
std::string join_pieces(const std::vector<Piece>& pieces, std::size_t from,
                        std::size_t to);

// How a box was read, for `explain`: the heading found, how items were
// told apart, and what each piece of each item was taken as.
struct BoxTrace {
  struct Part {
    std::string role;  // "name", "title", "hospital", "indication", ...
    std::string text;
  };
  struct Item {
    dom::Node node;  // the item's key piece (a link, the 提问 anchor)
    std::vector<Part> parts;
    std::string outcome;  // "read", or why the item was left out
  };
  dom::Node heading;  // null: the heading text is not on the page
  std::string mode;   // "by element", "by piece order", "by label"
  std::vector<Item> items;
  std::vector<std::string> leftover;  // text no item owns
};

// The three boxes; `base_url` resolves relative links. `trace`, when given,
// is filled with how the box was read. A box that cannot be
// read consistently (an item with no name or two, a piece no item owns)
// adds a warning with code "inconsistent" instead of a guessed value.
std::optional<Encyclopedia> read_encyclopedia(dom::Node body,
                                              const rules::SiteRules& site,
                                              std::vector<Warning>& warnings,
                                              BoxTrace* trace = nullptr);
std::vector<Drug> read_drugs(dom::Node body, const rules::SiteRules& site,
                             const std::string& base_url,
                             std::vector<Warning>& warnings,
                             BoxTrace* trace = nullptr);
std::vector<RecommendedDoctor> read_recommended_doctors(
    dom::Node body, const rules::SiteRules& site,
    std::vector<Warning>& warnings, BoxTrace* trace = nullptr);

}  // namespace qascrape::extract
