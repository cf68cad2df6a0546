#pragma once

#include <optional>
#include <string>
#include <vector>

#include "extract/extract.h"

namespace qascrape::extract {

// What one selector (or one step of it) matched.
struct StepMatch {
  std::string selector;
  std::size_t matches = 0;
};

// How one field of a page was read, for `qascrape explain`.
struct FieldExplanation {
  std::string key;
  std::string scope;  // "page", or "answer 1" for answer fields
  std::vector<StepMatch> alternatives;  // each `select` entry, in order
  std::vector<std::string> nodes;       // matches of the alternative used
  std::vector<std::string> values;      // what the rule took from them
  // An empty field: the prefixes of its first selector, up to the first
  // that matched nothing, and what the failing step's element type alone
  // matched under the last prefix that did match.
  std::vector<StepMatch> steps;
  std::vector<std::string> near_misses;
};

struct BoxItemExplanation {
  std::string node;  // the item's key element, described as a field's nodes
  std::vector<std::pair<std::string, std::string>> parts;  // (role, text)
  std::string outcome;  // "read", or why it was left out
};

struct BoxExplanation {
  std::string box, heading;
  std::string found_at;   // the heading's element, or "" when not on the page
  std::string mode;       // how items were told apart
  std::size_t items = 0;  // items the record holds
  std::vector<BoxItemExplanation> item_list;
  std::vector<std::string> leftover;  // text no item owns
};

struct Explanation {
  std::string site;
  std::vector<FieldExplanation> fields;
  std::vector<BoxExplanation> boxes;
  std::vector<Warning> warnings;  // the record's, from the same rules
};

// Explains how `site` (or the site the page's URL picks) reads the page;
// `only_field` keeps one field key. Errors: undecodable or unparsable
// page (Errc::kInvalidInput), no site or an unknown field (Errc::kUsage).
Result<Explanation> explain(const PageInput& in, const rules::RuleSet& rules,
                            const rules::SiteRules* forced,
                            const std::string& only_field);

}  // namespace qascrape::extract
