#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "core/text.h"
#include "dom/dom.h"

namespace qascrape::dom {

namespace {

const GumboNode* g(const void* p) { return static_cast<const GumboNode*>(p); }

const GumboVector* children_of(const GumboNode* n) {
  if (n == nullptr) return nullptr;
  if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
    return &n->v.element.children;
  }
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  return nullptr;
}

bool is_elementish(const GumboNode* n) {
  return n != nullptr &&
         (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE);
}

bool is_textish(const GumboNode* n) {
  return n != nullptr &&
         (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
          n->type == GUMBO_NODE_CDATA);
}

bool skips_text(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE ||
         tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE;
}

}  // namespace

NodeKind Node::kind() const {
  const GumboNode* n = g(p_);
  if (n == nullptr) return NodeKind::kNone;
  switch (n->type) {
    case GUMBO_NODE_DOCUMENT:
      return NodeKind::kDocument;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
      return NodeKind::kElement;
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA:
      return NodeKind::kText;
    default:
      return NodeKind::kOther;
  }
}

std::string Node::tag() const {
  const GumboNode* n = g(p_);
  if (!is_elementish(n)) return {};
  const GumboElement& el = n->v.element;
  std::string name;
  if (el.tag != GUMBO_TAG_UNKNOWN) {
    name = gumbo_normalized_tagname(el.tag);
  } else {
    // Custom elements: Gumbo only keeps the source spelling "<my-tag ...".
    GumboStringPiece piece = el.original_tag;
    gumbo_tag_from_original_text(&piece);
    name.assign(piece.data, piece.length);
  }
  for (char& c : name)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

bool Node::has_tag(std::string_view lower_name) const {
  const GumboNode* n = g(p_);
  if (!is_elementish(n)) return lower_name.empty();
  const GumboElement& el = n->v.element;
  std::string_view name;
  if (el.tag != GUMBO_TAG_UNKNOWN) {
    name = gumbo_normalized_tagname(el.tag);
  } else {
    GumboStringPiece piece = el.original_tag;
    gumbo_tag_from_original_text(&piece);
    name = std::string_view(piece.data, piece.length);
  }
  if (name.size() != lower_name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(name[i]))) !=
        lower_name[i]) {
      return false;
    }
  }
  return true;
}

std::optional<std::string_view> Node::attr(std::string_view name) const {
  const GumboNode* n = g(p_);
  if (!is_elementish(n)) return std::nullopt;
  const GumboVector& attrs = n->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (iequals(a->name, name)) return std::string_view(a->value);
  }
  return std::nullopt;
}

std::vector<std::pair<std::string_view, std::string_view>> Node::attrs() const {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  const GumboNode* n = g(p_);
  if (!is_elementish(n)) return out;
  const GumboVector& attrs = n->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    out.emplace_back(a->name, a->value);
  }
  return out;
}

std::string_view Node::text() const {
  const GumboNode* n = g(p_);
  if (!is_textish(n)) return {};
  return n->v.text.text;
}

Node Node::parent() const {
  const GumboNode* n = g(p_);
  return n == nullptr ? Node() : Node(n->parent);
}

std::size_t Node::child_count() const {
  const GumboVector* kids = children_of(g(p_));
  return kids == nullptr ? 0 : kids->length;
}

Node Node::child(std::size_t i) const {
  const GumboVector* kids = children_of(g(p_));
  if (kids == nullptr || i >= kids->length) return Node();
  return Node(kids->data[i]);
}

std::size_t Node::index_in_parent() const {
  const GumboNode* n = g(p_);
  return n == nullptr ? 0 : n->index_within_parent;
}

std::vector<Node> Node::element_children() const {
  std::vector<Node> out;
  const GumboVector* kids = children_of(g(p_));
  if (kids == nullptr) return out;
  for (unsigned i = 0; i < kids->length; ++i) {
    if (is_elementish(static_cast<const GumboNode*>(kids->data[i]))) {
      out.push_back(Node(kids->data[i]));
    }
  }
  return out;
}

Node Node::prev_element_sibling() const {
  Node par = parent();
  if (!par) return Node();
  for (std::size_t i = index_in_parent(); i-- > 0;) {
    Node sib = par.child(i);
    if (sib.is_element()) return sib;
  }
  return Node();
}

Node Node::next_element_sibling() const {
  Node par = parent();
  if (!par) return Node();
  const std::size_t count = par.child_count();
  for (std::size_t i = index_in_parent() + 1; i < count; ++i) {
    Node sib = par.child(i);
    if (sib.is_element()) return sib;
  }
  return Node();
}

namespace {

void append_text(const GumboNode* n, std::string& out) {
  if (is_textish(n)) {
    out += n->v.text.text;
    return;
  }
  if (is_elementish(n) && skips_text(n->v.element.tag)) return;
  const GumboVector* kids = children_of(n);
  if (kids == nullptr) return;
  for (unsigned i = 0; i < kids->length; ++i) {
    append_text(static_cast<const GumboNode*>(kids->data[i]), out);
  }
}

struct LineBuilder {
  std::vector<Line> lines;
  std::string current;
  bool pending_item = false;  // the next non-empty line starts an <ol> item
  void flush() {
    std::string text = collapse_whitespace(current);
    current.clear();
    if (text.empty()) return;
    lines.push_back(Line{std::move(text), pending_item});
    pending_item = false;
  }
};

void collect_lines(const GumboNode* n, LineBuilder& lb) {
  if (is_textish(n)) {
    lb.current += n->v.text.text;
    return;
  }
  if (!is_elementish(n)) {
    const GumboVector* kids = children_of(n);
    if (kids == nullptr) return;
    for (unsigned i = 0; i < kids->length; ++i) {
      collect_lines(static_cast<const GumboNode*>(kids->data[i]), lb);
    }
    return;
  }
  const GumboTag tag = n->v.element.tag;
  if (skips_text(tag)) return;
  if (tag == GUMBO_TAG_BR) {
    lb.flush();
    return;
  }
  const bool block = is_block_tag(gumbo_normalized_tagname(tag));
  if (block) lb.flush();
  if (tag == GUMBO_TAG_LI && n->parent != nullptr &&
      n->parent->type == GUMBO_NODE_ELEMENT &&
      n->parent->v.element.tag == GUMBO_TAG_OL) {
    lb.pending_item = true;
  }
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    collect_lines(static_cast<const GumboNode*>(kids.data[i]), lb);
  }
  if (block) lb.flush();
  if (tag == GUMBO_TAG_LI) lb.pending_item = false;  // an empty item
}

}  // namespace

std::string Node::text_content() const {
  std::string out;
  append_text(g(p_), out);
  return out;
}

std::vector<Line> Node::block_lines() const {
  LineBuilder lb;
  collect_lines(g(p_), lb);
  lb.flush();
  return std::move(lb.lines);
}

std::vector<std::string> Node::lines() const {
  std::vector<std::string> out;
  for (Line& line : block_lines()) out.push_back(std::move(line.text));
  return out;
}

bool is_block_tag(std::string_view tag) {
  static constexpr std::string_view kBlocks[] = {
      "address", "article", "aside",   "blockquote", "dd",       "details",
      "dialog",  "div",     "dl",      "dt",         "fieldset", "figcaption",
      "figure",  "footer",  "form",    "h1",         "h2",       "h3",
      "h4",      "h5",      "h6",      "header",     "hr",       "li",
      "main",    "nav",     "ol",      "p",          "pre",      "section",
      "table",   "tbody",   "td",      "tfoot",      "th",       "thead",
      "tr",      "ul",      "caption", "summary",    "center",   "body",
      "html"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), tag) !=
         std::end(kBlocks);
}

std::vector<Node> descendant_elements(Node scope) {
  std::vector<Node> out;
  // Iterative pre-order walk: hostile pages can nest deeply.
  std::vector<Node> stack;
  for (std::size_t i = scope.child_count(); i-- > 0;)
    stack.push_back(scope.child(i));
  while (!stack.empty()) {
    Node n = stack.back();
    stack.pop_back();
    if (!n.is_element()) continue;
    out.push_back(n);
    for (std::size_t i = n.child_count(); i-- > 0;) stack.push_back(n.child(i));
  }
  return out;
}

}  // namespace qascrape::dom
