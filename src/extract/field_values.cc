#include "extract/field_values.h"

#include <algorithm>

#include "core/text.h"

namespace qascrape::extract {

namespace {

std::string apply_text_transforms(const rules::FieldRule& rule,
                                  std::string value) {
  using Kind = rules::Transform::Kind;
  for (const rules::Transform& t : rule.transforms) {
    switch (t.kind) {
      case Kind::kStripLabel:
        value = normalize::strip_label(value, t.arg);
        break;
      case Kind::kStripPrefix:
        if (value.rfind(t.arg, 0) == 0) value.erase(0, t.arg.size());
        break;
      case Kind::kStripSuffix:
        if (value.size() >= t.arg.size() &&
            value.compare(value.size() - t.arg.size(), t.arg.size(), t.arg) ==
                0) {
          value.erase(value.size() - t.arg.size());
        }
        break;
      case Kind::kAfter: {
        const std::size_t at = value.find(t.arg);
        value =
            at == std::string::npos ? value : value.substr(at + t.arg.size());
        break;
      }
      case Kind::kBefore: {
        const std::size_t at = value.find(t.arg);
        if (at != std::string::npos) value.erase(at);
        break;
      }
      case Kind::kSplitList:
        break;  // applied by the caller, last
    }
  }
  return value;
}

bool splits(const rules::FieldRule& rule) {
  for (const auto& t : rule.transforms) {
    if (t.kind == rules::Transform::Kind::kSplitList) return true;
  }
  return false;
}

// The rendered lines of `node` and, with `until`, of its following siblings
// up to (not including) the first that matches `until`.
std::vector<dom::Line> lines_through(const rules::FieldRule& rule,
                                     dom::Node node) {
  std::vector<dom::Line> lines = node.block_lines();
  if (!rule.until) return lines;
  // Text and inline elements the parser moved out of the closed <p> still
  // belong to the answer; a run of them between blocks is one line.
  std::string loose;
  auto flush = [&] {
    std::string text = collapse_whitespace(loose);
    loose.clear();
    if (!text.empty()) lines.push_back(dom::Line{std::move(text), false});
  };
  dom::Node parent = node.parent();
  for (std::size_t i = node.index_in_parent() + 1;
       parent && i < parent.child_count(); ++i) {
    dom::Node sib = parent.child(i);
    if (sib.is_text()) {
      loose += sib.text();
      continue;
    }
    if (!sib.is_element()) continue;
    if (rule.until->matches(sib)) break;
    if (!dom::is_block_tag(sib.tag()) && !sib.has_tag("br")) {
      loose += sib.text_content();
      continue;
    }
    flush();
    for (dom::Line& l : sib.block_lines()) lines.push_back(std::move(l));
  }
  flush();
  return lines;
}

}  // namespace

std::string own_text(dom::Node element) {
  std::string raw;
  for (std::size_t i = 0; i < element.child_count(); ++i) {
    dom::Node kid = element.child(i);
    if (kid.is_text()) raw += kid.text();
  }
  return collapse_whitespace(raw);
}

std::vector<std::string> FieldReader::values_of(const rules::FieldRule& rule,
                                                dom::Node node) const {
  std::string value;
  switch (rule.take) {
    case rules::Take::kText:
    case rules::Take::kLink:
      value = collapse_whitespace(node.text_content());
      break;
    case rules::Take::kOwnText:
      value = own_text(node);
      break;
    case rules::Take::kLines: {
      std::vector<std::string> texts;
      for (dom::Line& l : lines_through(rule, node))
        texts.push_back(std::move(l.text));
      value = normalize::join_paragraphs(texts);
      break;
    }
    case rules::Take::kAttr:
      value = collapse_whitespace(node.attr(rule.attr).value_or(""));
      break;
  }
  value = apply_text_transforms(rule, std::move(value));
  if (splits(rule)) return normalize::split_list(value);
  if (rule.take != rules::Take::kLines) value = collapse_whitespace(value);
  if (value.empty()) return {};
  return {std::move(value)};
}

std::vector<dom::Node> FieldReader::find(
    const rules::FieldRule& rule, std::size_t& first,
    std::vector<std::string>& first_values) const {
  for (std::size_t alt = 0; alt < rule.select.size(); ++alt) {
    std::vector<dom::Node> found = rule.select[alt].select_all(scope_);
    for (std::size_t i = 0; i < found.size(); ++i) {
      std::vector<std::string> values = values_of(rule, found[i]);
      if (!values.empty()) {
        first = i;
        first_values = std::move(values);
        if (log_ != nullptr && !log_->contains(&rule)) (*log_)[&rule] = alt;
        return found;
      }
    }
  }
  return {};
}

std::vector<dom::Node> FieldReader::nodes(const rules::FieldRule* rule) const {
  if (rule == nullptr) return {};
  std::size_t first = 0;
  std::vector<std::string> first_values;
  return find(*rule, first, first_values);
}

std::optional<std::string> FieldReader::one(
    const rules::FieldRule* rule) const {
  if (rule == nullptr) return std::nullopt;
  std::size_t first = 0;
  std::vector<std::string> first_values;
  std::vector<dom::Node> found = find(*rule, first, first_values);
  const auto index = static_cast<std::size_t>(rule->index);
  if (index >= found.size()) return std::nullopt;
  // Elements before `first` gave no value; `first`'s are already known.
  if (index < first) return std::nullopt;
  std::vector<std::string> values =
      index == first ? std::move(first_values) : values_of(*rule, found[index]);
  if (values.empty()) return std::nullopt;
  return values.front();
}

std::vector<std::string> FieldReader::many(const rules::FieldRule* rule) const {
  std::vector<std::string> out;
  if (rule == nullptr) return out;
  std::size_t first = 0;
  std::vector<std::string> first_values;
  std::vector<dom::Node> found = find(*rule, first, first_values);
  std::size_t from = 0, to = found.size();
  if (!rule->list) {
    if (static_cast<std::size_t>(rule->index) >= found.size()) return out;
    from = static_cast<std::size_t>(rule->index);
    to = from + 1;
  }
  for (std::size_t i = std::max(from, first); i < to;
       ++i) {  // before `first`: no values
    std::vector<std::string> values =
        i == first ? std::move(first_values) : values_of(*rule, found[i]);
    for (std::string& v : values) out.push_back(std::move(v));
  }
  return out;
}

std::vector<normalize::Paragraph> FieldReader::paragraphs(
    const rules::FieldRule* rule) const {
  std::vector<normalize::Paragraph> out;
  if (rule == nullptr) return out;
  std::vector<dom::Node> found = nodes(rule);
  if (static_cast<std::size_t>(rule->index) >= found.size()) return out;
  for (dom::Line& l : lines_through(*rule, found[rule->index])) {
    out.push_back(normalize::Paragraph{std::move(l.text), l.list_item});
  }
  // Text transforms (e.g. a leading label) apply to the first paragraph.
  if (!out.empty()) {
    out.front().text =
        collapse_whitespace(apply_text_transforms(*rule, out.front().text));
    if (out.front().text.empty()) out.erase(out.begin());
  }
  return out;
}

std::vector<std::pair<std::string, std::optional<std::string>>>
FieldReader::links(const rules::FieldRule* rule) const {
  std::vector<std::pair<std::string, std::optional<std::string>>> out;
  if (rule == nullptr) return out;
  std::size_t first = 0;
  std::vector<std::string> first_values;
  const std::vector<dom::Node> found = find(*rule, first, first_values);
  for (std::size_t i = first; i < found.size();
       ++i) {  // before `first`: no values
    const dom::Node n = found[i];
    std::vector<std::string> v =
        i == first ? std::move(first_values) : values_of(*rule, n);
    if (v.empty()) continue;
    std::optional<std::string> href;
    if (auto h = n.attr("href")) href = std::string(*h);
    out.emplace_back(std::move(v.front()), std::move(href));
  }
  return out;
}

}  // namespace qascrape::extract
