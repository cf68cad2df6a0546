#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dom/dom.h"
#include "normalize/normalize.h"
#include "rules/rules.h"

namespace qascrape::extract {

// Evaluates a FieldRule inside `scope`. A null rule gives nothing; values
// are white-space collapsed, and an empty value counts as absent.
class FieldReader {
 public:
  // Which `select` alternative gave each rule its value (0-based), for the
  // run's coverage: the first sign of a site moving to a new template.
  using AlternativeLog = std::map<const rules::FieldRule*, std::size_t>;

  explicit FieldReader(dom::Node scope, AlternativeLog* log = nullptr)
      : scope_(scope), log_(log) {}

  // The elements of the first alternative that yields a non-empty value.
  std::vector<dom::Node> nodes(const rules::FieldRule* rule) const;

  // The rule's value from its `index`-th match (all matches when the rule
  // splits into a list or is a list rule).
  std::optional<std::string> one(const rules::FieldRule* rule) const;
  std::vector<std::string> many(const rules::FieldRule* rule) const;

  // take: lines, as paragraphs (keeping where <ol> items start).
  std::vector<normalize::Paragraph> paragraphs(
      const rules::FieldRule* rule) const;

  // take: link, as (name, raw href) pairs.
  std::vector<std::pair<std::string, std::optional<std::string>>> links(
      const rules::FieldRule* rule) const;

 private:
  std::vector<std::string> values_of(const rules::FieldRule& rule,
                                     dom::Node node) const;
  // nodes(), plus where the first element with a value is and its values
  // (so callers don't compute them twice).
  std::vector<dom::Node> find(const rules::FieldRule& rule, std::size_t& first,
                              std::vector<std::string>& first_values) const;
  dom::Node scope_;
  AlternativeLog* log_;
};

// The element's own text nodes (not its children's), collapsed.
std::string own_text(dom::Node element);

}  // namespace qascrape::extract
