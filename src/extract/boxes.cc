#include "extract/boxes.h"

#include <algorithm>

#include "core/text.h"
#include "normalize/normalize.h"

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
              const std::vector<std::string>& skips)
      : heading_(heading), own_(own), stops_(stops), skips_(skips) {}

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
      if (started_) text_ += n.text();
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
      emit(text, std::move(href));
      return;
    }
    const bool block = dom::is_block_tag(tag);
    if (block) {
      flush();
      block_ = true;
    }
    for (std::size_t i = 0; i < n.child_count() && !stopped_; ++i)
      walk(n.child(i));
    if (block) {
      flush();
      block_ = true;
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
    emit(text, std::nullopt);
    space_ = trailing_space;
  }

  void emit(const std::string& text, std::optional<std::string> href) {
    if (!started_ || stopped_ || text.empty()) return;
    if (contains(stops_, text)) {
      stopped_ = true;
      return;
    }
    if (text == own_ || contains(skips_, text)) return;
    pieces_.push_back(Piece{text, std::move(href), block_, space_});
    block_ = false;
    space_ = false;
  }

  dom::Node heading_;
  const std::string& own_;
  const std::vector<std::string>& stops_;
  const std::vector<std::string>& skips_;
  std::vector<Piece> pieces_;
  std::string text_;
  bool started_ = false, stopped_ = false, block_ = true, space_ = false;
};

// "症状起因：为..." -> the text after the label, or nullopt if `text` does
// not start with the label followed by a colon (or nothing).
std::optional<std::string> after_label(const std::string& text,
                                       const std::string& label) {
  if (text.rfind(label, 0) != 0) return std::nullopt;
  std::string rest = collapse_whitespace(text.substr(label.size()));
  if (rest.empty()) return rest;
  if (rest[0] == ':') return collapse_whitespace(rest.substr(1));
  if (rest.rfind("：", 0) == 0) return collapse_whitespace(rest.substr(3));
  return std::nullopt;
}

bool accepts_labels(const std::vector<Piece>& pieces,
                    const rules::BoxRule& box) {
  for (const Piece& p : pieces) {
    for (const auto& [field, label] : box.labels) {
      if (after_label(p.text, label)) return true;
    }
  }
  return false;
}

bool accepts_link_items(const std::vector<Piece>& pieces,
                        const rules::BoxRule&) {
  for (std::size_t i = 0; i + 1 < pieces.size(); ++i) {
    if (pieces[i].href && !pieces[i + 1].href) return true;
  }
  return false;
}

bool accepts_anchor(const std::vector<Piece>& pieces,
                    const rules::BoxRule& box) {
  return std::any_of(pieces.begin(), pieces.end(),
                     [&](const Piece& p) { return p.text == box.anchor; });
}

std::optional<std::string> non_empty(std::string s) {
  if (s.empty()) return std::nullopt;
  return s;
}

bool reads_as_title(const std::string& text) {
  if (normalize::title_rank(text)) return true;
  for (const char* suffix : {"医师", "药师", "护师", "技师", "医生", "教授"}) {
    const std::string s(suffix);
    if (text.size() >= s.size() &&
        text.compare(text.size() - s.size(), s.size(), s) == 0) {
      return true;
    }
  }
  return false;
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

std::vector<Piece> box_pieces(dom::Node body, const rules::SiteRules& site,
                              const rules::BoxRule& box,
                              bool (*accept)(const std::vector<Piece>&,
                                             const rules::BoxRule&)) {
  std::vector<std::string> stops;
  for (const std::string& h : site.box_headings()) {
    if (h != box.heading) stops.push_back(h);
  }
  std::optional<std::vector<Piece>> first;
  for (dom::Node heading : heading_places(body, box.heading)) {
    // Climb to the nearest ancestor holding more than the heading itself.
    for (dom::Node scope = heading.parent(); scope; scope = scope.parent()) {
      std::vector<Piece> pieces =
          PieceWalker(heading, box.heading, stops, site.skip_texts).run(scope);
      if (pieces.empty()) {
        if (scope == body) break;
        continue;
      }
      if (accept(pieces, box)) return pieces;
      if (!first) first = std::move(pieces);
      break;
    }
  }
  return first.value_or(std::vector<Piece>{});
}

std::optional<Encyclopedia> read_encyclopedia(dom::Node body,
                                              const rules::SiteRules& site) {
  if (!site.encyclopedia) return std::nullopt;
  const rules::BoxRule& box = *site.encyclopedia;
  std::vector<Piece> pieces = box_pieces(body, site, box, accepts_labels);
  if (pieces.empty()) return std::nullopt;

  // Where each label starts: (piece index, field).
  std::vector<std::pair<std::size_t, std::string>> starts;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    for (const auto& [field, label] : box.labels) {
      if (after_label(pieces[i].text, label)) starts.emplace_back(i, field);
    }
  }
  const std::size_t first_label =
      starts.empty() ? pieces.size() : starts.front().first;

  Encyclopedia enc;
  std::size_t name_at = pieces.size();
  for (std::size_t i = 0; i < first_label; ++i) {
    if (pieces[i].href) {
      name_at = i;
      break;
    }
  }
  if (name_at == pieces.size() && first_label > 0) name_at = 0;
  if (name_at < pieces.size()) {
    enc.name = pieces[name_at].text;
    enc.description = non_empty(join_pieces(pieces, name_at + 1, first_label));
  }

  for (std::size_t s = 0; s < starts.size(); ++s) {
    const auto& [at, field] = starts[s];
    const std::size_t end =
        s + 1 < starts.size() ? starts[s + 1].first : pieces.size();
    const std::string inline_value =
        *after_label(pieces[at].text, box.labels.at(field));
    std::vector<Piece> value_pieces;
    if (!inline_value.empty())
      value_pieces.push_back(Piece{inline_value, std::nullopt, false, false});
    for (std::size_t i = at + 1; i < end; ++i)
      value_pieces.push_back(pieces[i]);

    if (field == "etiology") {
      enc.etiology =
          non_empty(join_pieces(value_pieces, 0, value_pieces.size()));
      continue;
    }
    std::vector<std::string> items;
    for (const Piece& p : value_pieces) {
      if (p.href) items.push_back(p.text);
    }
    if (items.empty()) {  // names only separated by spaces in the text
      for (const Piece& p : value_pieces) {
        for (std::string& item : normalize::split_list(p.text))
          items.push_back(std::move(item));
      }
    }
    if (field == "possible_diseases") enc.possible_diseases = std::move(items);
    if (field == "common_exams") enc.common_exams = std::move(items);
    if (field == "departments") enc.departments = std::move(items);
  }
  if (!enc.name && !enc.description && !enc.etiology &&
      enc.possible_diseases.empty() && enc.common_exams.empty() &&
      enc.departments.empty()) {
    return std::nullopt;
  }
  return enc;
}

std::vector<Drug> read_drugs(dom::Node body, const rules::SiteRules& site,
                             const std::string& base_url) {
  std::vector<Drug> out;
  if (!site.drugs) return out;
  std::vector<Piece> pieces =
      box_pieces(body, site, *site.drugs, accepts_link_items);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (!pieces[i].href) continue;  // text before the first drug link
    std::size_t end = i + 1;
    while (end < pieces.size() && !pieces[end].href) ++end;
    Drug drug;
    drug.name = pieces[i].text;
    drug.url = normalize::absolute_url(pieces[i].href, base_url);
    drug.indication = non_empty(join_pieces(pieces, i + 1, end));
    out.push_back(std::move(drug));
    i = end - 1;
  }
  return out;
}

std::vector<RecommendedDoctor> read_recommended_doctors(
    dom::Node body, const rules::SiteRules& site) {
  std::vector<RecommendedDoctor> out;
  if (!site.recommended_doctors) return out;
  const rules::BoxRule& box = *site.recommended_doctors;
  std::vector<Piece> pieces = box_pieces(body, site, box, accepts_anchor);
  std::vector<std::size_t> anchors;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].text == box.anchor) anchors.push_back(i);
  }
  // Item k: [name, title] before anchor k, hospital right after it, unless
  // that piece already is the next item's name.
  std::size_t floor = 0;
  for (std::size_t k = 0; k < anchors.size(); ++k) {
    const std::size_t a = anchors[k];
    const std::size_t next =
        k + 1 < anchors.size() ? anchors[k + 1] : pieces.size() + 2;
    std::vector<std::string> before;
    for (std::size_t i = floor; i < a; ++i) before.push_back(pieces[i].text);
    RecommendedDoctor doc;
    if (before.size() >= 2 && reads_as_title(before.back())) {
      doc.title = before.back();
      doc.name = before[before.size() - 2];
    } else if (!before.empty()) {
      // "张彩东 副主任医师" in one piece, or a name alone.
      const std::string& one = before.back();
      const std::size_t sp = one.rfind(' ');
      if (sp != std::string::npos && reads_as_title(one.substr(sp + 1))) {
        doc.name = one.substr(0, sp);
        doc.title = one.substr(sp + 1);
      } else {
        doc.name = one;
      }
    }
    if (doc.name.empty()) continue;
    if (doc.title) doc.title_rank = normalize::title_rank(*doc.title);
    // The hospital: the piece after the anchor, if the next item's name and
    // title do not need it.
    const std::size_t h = a + 1;
    std::size_t next_item_start = next;
    if (k + 1 < anchors.size()) {
      next_item_start = next >= 2 && reads_as_title(pieces[next - 1].text)
                            ? next - 2
                            : next - 1;
    }
    if (h < pieces.size() && h < next_item_start) {
      doc.hospital = pieces[h].text;
      floor = h + 1;
    } else {
      floor = a + 1;
    }
    out.push_back(std::move(doc));
  }
  return out;
}

}  // namespace qascrape::extract
