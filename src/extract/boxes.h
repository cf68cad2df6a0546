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
};

// The pieces of the box whose heading text is `box.heading`: everything after
// the heading inside the nearest ancestor that holds more than headings, up
// to another box's heading. Boxes are never found by class names, so page
// versions with other markup read the same. `accept` picks, among several
// places the heading text stands (a nav link, a tab), the first whose pieces
// it accepts; when none does, the first place is used.
std::vector<Piece> box_pieces(dom::Node body, const rules::SiteRules& site,
                              const rules::BoxRule& box,
                              bool (*accept)(const std::vector<Piece>&,
                                             const rules::BoxRule&));

// Joins pieces into text: a line break between block pieces, one space where
// the page had white space, nothing between adjacent inline pieces.
std::string join_pieces(const std::vector<Piece>& pieces, std::size_t from,
                        std::size_t to);

// The three boxes; `base_url` resolves relative links.
std::optional<Encyclopedia> read_encyclopedia(dom::Node body,
                                              const rules::SiteRules& site);
std::vector<Drug> read_drugs(dom::Node body, const rules::SiteRules& site,
                             const std::string& base_url);
std::vector<RecommendedDoctor> read_recommended_doctors(
    dom::Node body, const rules::SiteRules& site);

}  // namespace qascrape::extract
