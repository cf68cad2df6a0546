// Finding a side box by its heading text, cutting it into pieces, and
// finding where its items begin and end.
#include <algorithm>
#include <unordered_map>

#include "core/text.h"
#include "extract/boxes.h"

namespace qascrape::extract {

namespace {

bool is_skipped_tag(const std::string& tag) {
  return tag == "script" || tag == "style" || tag == "noscript" ||
         tag == "template";
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Elements whose whole collapsed text node equals `heading`, document order.
std::vector<dom::Node> heading_places(dom::Node body,
                                      const std::string& heading) {
  std::vector<dom::Node> out;
  // collapse_whitespace() copies every non-space byte and turns inner
  // whitespace runs into ' ', so a text whose collapsed form equals a
  // heading without ' ' holds the heading verbatim: texts that don't are
  // skipped without collapsing them.
  const bool prefilter = heading.find(' ') == std::string::npos;
  std::vector<dom::Node> stack{body};
  while (!stack.empty()) {
    dom::Node n = stack.back();
    stack.pop_back();
    if (n.is_text()) {
      if (prefilter && n.text().find(heading) == std::string_view::npos)
        continue;
      if (collapse_whitespace(n.text()) == heading) {
        dom::Node el = n.parent();
        if (el && (out.empty() || out.back() != el)) out.push_back(el);
      }
      continue;
    }
    if (!n.is_element() && n.kind() != dom::NodeKind::kDocument) continue;
    if (n.is_element() && is_skipped_tag(n.tag())) continue;
    for (std::size_t i = n.child_count(); i-- > 0;) stack.push_back(n.child(i));
  }
  return out;
}

// Collects the pieces of `scope` that come after `heading` in document order.
class PieceWalker {
 public:
  PieceWalker(dom::Node heading, const std::string& own,
              const std::vector<std::string>& stops,
              const std::vector<std::string>& skips, bool split_inline)
      : heading_(heading),
        own_(own),
        stops_(stops),
        skips_(skips),
        split_inline_(split_inline) {}

  std::vector<Piece> run(dom::Node scope) {
    walk(scope);
    flush();
    return std::move(pieces_);
  }

 private:
  void walk(dom::Node n) {
    if (stopped_) return;
    if (n == heading_) {
      started_ = true;
      text_.clear();
      block_ = true;
      return;
    }
    if (n.is_text()) {
      if (!started_) return;
      if (text_.empty()) text_node_ = n.parent();
      text_ += n.text();
      return;
    }
    if (!n.is_element()) return;
    const std::string tag = n.tag();
    if (is_skipped_tag(tag)) return;
    if (tag == "br") {
      flush();
      block_ = true;
      return;
    }
    if (tag == "a" && started_) {
      flush();
      const std::string text = collapse_whitespace(n.text_content());
      std::optional<std::string> href;
      if (auto h = n.attr("href")) href = std::string(*h);
      emit(text, std::move(href), n);
      return;
    }
    const bool block = dom::is_block_tag(tag);
    if (block) {
      flush();
      block_ = true;
    } else if (split_inline_) {
      flush();
    }
    for (std::size_t i = 0; i < n.child_count() && !stopped_; ++i)
      walk(n.child(i));
    if (block) {
      flush();
      block_ = true;
    } else if (split_inline_) {
      flush();
    }
  }

  void flush() {
    if (text_.empty()) return;
    const bool leading_space = whitespace_prefix_len(text_) > 0;
    std::string text = collapse_whitespace(text_);
    const bool trailing_space =
        !text_.empty() && text.size() > 0 &&
        (text_.back() == ' ' || text_.back() == '\n' || text_.back() == '\t');
    text_.clear();
    if (text.empty()) {
      space_ = true;
      return;
    }
    space_ = space_ || leading_space;
    emit(text, std::nullopt, text_node_);
    space_ = trailing_space;
  }

  void emit(const std::string& text, std::optional<std::string> href,
            dom::Node node) {
    if (!started_ || stopped_ || text.empty()) return;
    if (contains(stops_, text)) {
      stopped_ = true;
      return;
    }
    if (text == own_ || contains(skips_, text)) return;
    pieces_.push_back(Piece{text, std::move(href), block_, space_, node});
    block_ = false;
    space_ = false;
  }

  dom::Node heading_;
  const std::string& own_;
  const std::vector<std::string>& stops_;
  const std::vector<std::string>& skips_;
  const bool split_inline_;
  std::vector<Piece> pieces_;
  std::string text_;
  dom::Node text_node_;
  bool started_ = false, stopped_ = false, block_ = true, space_ = false;
};

// `n` and its ancestors below `scope`, innermost first.
std::vector<dom::Node> chain_below(dom::Node n, dom::Node scope) {
  std::vector<dom::Node> out;
  for (; n && n != scope; n = n.parent()) out.push_back(n);
  return out;
}

}  // namespace

std::string join_pieces(const std::vector<Piece>& pieces, std::size_t from,
                        std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < pieces.size(); ++i) {
    if (!out.empty()) {
      if (pieces[i].block_start) {
        out += '\n';
      } else if (pieces[i].space_before) {
        out += ' ';
      }
    }
    out += pieces[i].text;
  }
  return out;
}

BoxRegion find_box(dom::Node body, const rules::SiteRules& site,
                   const rules::BoxRule& box,
                   bool (*accept)(const std::vector<Piece>&,
                                  const rules::BoxRule&),
                   bool split_inline) {
  std::vector<std::string> stops;
  for (const std::string& h : site.box_headings()) {
    if (h != box.heading) stops.push_back(h);
  }
  for (dom::Node heading : heading_places(body, box.heading)) {
    // Climb to the nearest ancestor holding more than the heading itself.
    for (dom::Node scope = heading.parent(); scope; scope = scope.parent()) {
      std::vector<Piece> pieces = PieceWalker(heading, box.heading, stops,
                                              site.skip_texts, split_inline)
                                      .run(scope);
      if (pieces.empty()) {
        if (scope == body) break;
        continue;
      }
      if (accept(pieces, box))
        return BoxRegion{heading, scope, std::move(pieces)};
      break;
    }
  }
  // No place of the heading text holds what the box holds (a site-map link
  // named 适用药品 in the footer): the page has no such box.
  return BoxRegion{};
}

ItemSplit split_items(const BoxRegion& box,
                      const std::vector<std::size_t>& keys) {
  ItemSplit out;
  if (keys.empty()) return out;
  // How many keys (and the heading) each element below the scope holds.
  std::unordered_map<const void*, int> holders;
  std::vector<std::vector<dom::Node>> chains;
  for (std::size_t k : keys) {
    chains.push_back(chain_below(box.pieces[k].node, box.scope));
    for (dom::Node n : chains.back()) ++holders[n.id()];
  }
  for (dom::Node n : chain_below(box.heading, box.scope)) ++holders[n.id()];

  // Each key's item element: its highest ancestor holding only that key.
  std::vector<dom::Node> item_el;
  std::unordered_map<const void*, std::size_t> item_of;
  for (const std::vector<dom::Node>& chain : chains) {
    dom::Node el;
    for (dom::Node n : chain) {
      if (holders[n.id()] != 1) break;
      el = n;
    }
    if (!el) return out;  // a key inside another: no element boundary
    item_of[el.id()] = item_el.size();
    item_el.push_back(el);
  }

  // Which item element each piece is inside, if any.
  std::vector<std::optional<std::size_t>> owner(box.pieces.size());
  std::vector<bool> holds_more(keys.size(), false);
  for (std::size_t i = 0; i < box.pieces.size(); ++i) {
    for (dom::Node n = box.pieces[i].node; n && n != box.scope;
         n = n.parent()) {
      auto it = item_of.find(n.id());
      if (it == item_of.end()) continue;
      owner[i] = it->second;
      if (i != keys[it->second]) holds_more[it->second] = true;
      break;
    }
  }
  // Items whose element is the key alone (a link in a <p> of its own) have
  // no element of their own: piece order decides.
  if (!std::all_of(holds_more.begin(), holds_more.end(),
                   [](bool b) { return b; })) {
    return out;
  }

  out.by_element = true;
  out.items.resize(keys.size());
  for (std::size_t i = 0; i < box.pieces.size(); ++i) {
    if (owner[i]) {
      out.items[*owner[i]].push_back(i);
      continue;
    }
    // Between items: a <dt> belongs to the <dd> item after it, a <dd> to
    // the <dt> item before it; anything else belongs to no item.
    std::optional<std::size_t> before, after;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      if (keys[k] < i) before = k;
      if (keys[k] > i && !after) after = k;
    }
    if (after && item_el[*after].has_tag("dd") &&
        (!before || item_el[*before].has_tag("dd"))) {
      out.items[*after].push_back(i);
    } else if (before && item_el[*before].has_tag("dt")) {
      out.items[*before].push_back(i);
    } else if (before) {
      out.leftover.push_back(i);
    }  // before the first item: the box's own text ("共6位")
  }
  for (auto& item : out.items) std::sort(item.begin(), item.end());
  return out;
}

}  // namespace qascrape::extract
