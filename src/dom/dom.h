// dom owns the parsed HTML tree: RAII over Gumbo and a small read-only Node
// API. It is the only module that includes gumbo.h; it may use core.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace qascrape::dom {

enum class NodeKind { kNone, kDocument, kElement, kText, kOther };

// One rendered line of text (see Node::block_lines).
struct Line {
  std::string text;
  bool list_item = false;  // the first line of an <li> of an <ol>
};

// A cheap, copyable handle to a node of a Document. Valid as long as the
// Document lives. A default-constructed Node is "null" (false in bool context).
class Node {
 public:
  Node() = default;

  explicit operator bool() const { return p_ != nullptr; }
  bool operator==(const Node& other) const { return p_ == other.p_; }
  bool operator!=(const Node& other) const { return p_ != other.p_; }

  NodeKind kind() const;
  bool is_element() const { return kind() == NodeKind::kElement; }
  bool is_text() const { return kind() == NodeKind::kText; }

  // Lower-case tag name of an element ("" for other nodes). Unknown tags
  // (custom elements) keep their lower-cased source name.
  std::string tag() const;
  // tag() == lower_name, without building the string (selector matching
  // asks this of every element it visits).
  bool has_tag(std::string_view lower_name) const;
  // Attribute value, or nullopt. Names are matched case-insensitively.
  std::optional<std::string_view> attr(std::string_view name) const;
  // All attributes as (name, value) pairs, in source order.
  std::vector<std::pair<std::string_view, std::string_view>> attrs() const;

  // Text of a text/whitespace/CDATA node (the decoded text, never
  // original_text).
  std::string_view text() const;

  Node parent() const;  // null for the document node
  std::size_t child_count() const;
  Node child(std::size_t i) const;
  std::size_t index_in_parent() const;  // position among the parent's children
  // Element-only navigation (skips text and comments).
  std::vector<Node> element_children() const;
  Node prev_element_sibling() const;
  Node next_element_sibling() const;

  // Concatenated descendant text (like textContent), raw whitespace kept;
  // <script>, <style> and comments are skipped.
  std::string text_content() const;

  // Text split into lines the way a browser would render it: <br> and block
  // elements (p, div, li, dd, dt, h1-h6, tr, ...) break lines; each line is
  // whitespace-collapsed and trimmed; empty lines are dropped.
  std::vector<std::string> lines() const;
  // The same lines, marking where an ordered-list item starts.
  std::vector<Line> block_lines() const;

  // Opaque identity, for use as a map key.
  const void* id() const { return p_; }

 private:
  friend class Document;
  explicit Node(const void* p) : p_(p) {}
  const void* p_ = nullptr;
};

// Pre-order (document order) list of the element descendants of `scope`,
// not including `scope` itself.
std::vector<Node> descendant_elements(Node scope);

// An upper estimate of how deep the page nests elements, from its markup
// alone (void and self-closing elements and those a parser closes by itself,
// such as <p> and <li>, add nothing); stops counting at `stop_at`.
std::size_t estimate_depth(std::string_view html, std::size_t stop_at);

// The one pass over a page before Gumbo: returns estimate_depth(html,
// stop_at), and when `out` is not null fills it with the text Gumbo is given
// in place of `html`: the insides of <script> and <style> (each ended as the
// HTML tokenizer ends it, through the escaped-script states) replaced by one
// "x" and comments emptied, so Gumbo tokenizes less and builds the same tree
// but for those texts. Left as they are: white-space-only contents, a script
// holding "<!--" (the escaped states), anything unterminated, and the rest
// of a page from <svg>, <math>, <select> or <frameset> on (where the tree
// builder, not the tokenizer, decides what is raw text).
std::size_t prepare_html(std::string_view html, std::size_t stop_at,
                         std::string* out);
// prepare_html's text for `html`, with no depth limit (for tests).
std::string strip_raw_text(std::string_view html);

// How Document::parse treats a page.
struct ParseOptions {
  // Give Gumbo the page without script/style contents and comment texts
  // (see prepare_html). Only when nothing reads them: text_content() and
  // lines() skip them anyway, but a selector may match a <script>.
  bool drop_raw_text = false;
};

// Deeper pages are refused: Gumbo's time grows with the square of the depth
// (20,000 nested <div>s take seconds, 100,000 take minutes), so one hostile
// page could stall a worker. Real question pages nest well under 100 deep.
inline constexpr std::size_t kMaxDepth = 4096;

// True for tags that start a new line when rendered (p, div, li, br, ...).
bool is_block_tag(std::string_view tag);

// Owns one parsed HTML document.
class Document {
 public:
  // Parses valid UTF-8 HTML (the charset module guarantees that); the length
  // is passed to Gumbo, so a NUL byte does not cut the page. A page nesting
  // deeper than kMaxDepth is an Errc::kTooLarge error.
  static Result<Document> parse(std::string_view utf8_html,
                                const ParseOptions& options = {});

  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  ~Document();

  Node document() const;  // the document node
  Node root() const;      // the <html> element
  Node head() const;      // may be null
  Node body() const;      // may be null

 private:
  struct Impl;
  explicit Document(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace qascrape::dom
