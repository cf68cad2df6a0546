#include "extract/boxes.h"

#include <algorithm>
#include <string_view>

#include "core/text.h"
#include "normalize/normalize.h"

namespace qascrape::extract {

namespace {

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

// Pieces `at` of `box`, joined as join_pieces joins a run.
std::string join_at(const std::vector<Piece>& pieces,
                    const std::vector<std::size_t>& at) {
  std::vector<Piece> run;
  for (std::size_t i : at) run.push_back(pieces[i]);
  return join_pieces(run, 0, run.size());
}

std::string quoted(const std::vector<std::string>& texts) {
  std::string out;
  for (const std::string& t : texts) {
    if (!out.empty()) out += ", ";
    out += "'" + t + "'";
  }
  return out;
}

void warn(std::vector<Warning>& warnings, const char* field,
          std::string message) {
  warnings.push_back(Warning{field, "inconsistent", std::move(message)});
}

void warn_leftover(std::vector<Warning>& warnings, const char* field,
                   const std::vector<Piece>& pieces,
                   const std::vector<std::size_t>& leftover) {
  if (leftover.empty()) return;
  std::vector<std::string> texts;
  for (std::size_t i : leftover) texts.push_back(pieces[i].text);
  warn(warnings, field, "text no item owns: " + quoted(texts));
}

// What the pieces of one recommended doctor are, by what they read as.
struct DoctorParts {
  const rules::Lexicon* lex = nullptr;
  std::vector<std::string> names, titles, hospitals, unknown;
  std::vector<BoxTrace::Part> read;  // each piece and what it read as

  void add(const std::string& text) {
    const char* role = "neither name, title nor hospital";
    if (normalize::reads_as_title(text, *lex)) {
      titles.push_back(text);
      role = "title (title words)";
    } else if (normalize::reads_as_hospital(text, *lex)) {
      hospitals.push_back(text);
      role = "hospital (hospital words)";
    } else if (auto nt = normalize::split_name_title(text, *lex)) {
      names.push_back(std::move(nt->name));
      titles.push_back(std::move(nt->title));
      role = "name + title (a name followed by title words)";
    } else if (normalize::reads_as_person_name(text)) {
      names.push_back(text);
      role = "name (reads as a person's name)";
    } else {
      unknown.push_back(text);
    }
    read.push_back({role, text});
  }
  bool only_hospital_so_far() const {
    return names.empty() && titles.empty() && unknown.empty();
  }
};

// One doctor, or nothing (with a warning) when the item has no single name.
std::optional<RecommendedDoctor> doctor_from(const DoctorParts& parts,
                                             std::size_t item,
                                             std::vector<Warning>& warnings) {
  const std::string which = "item " + std::to_string(item + 1) + ": ";
  constexpr const char* kField = "recommended_doctors";
  if (parts.names.size() != 1) {
    std::vector<std::string> all = parts.names;
    all.insert(all.end(), parts.unknown.begin(), parts.unknown.end());
    warn(
        warnings, kField,
        which +
            (parts.names.empty() ? "no name" : "names " + quoted(parts.names)) +
            (all.empty() ? "" : " among " + quoted(all)) +
            "; the item is left out");
    return std::nullopt;
  }
  RecommendedDoctor doc;
  doc.name = parts.names.front();
  if (parts.titles.size() == 1) {
    doc.title = parts.titles.front();
    doc.title_rank = normalize::title_rank(*doc.title, *parts.lex);
  } else if (parts.titles.size() > 1) {
    warn(warnings, kField,
         which + "titles " + quoted(parts.titles) + "; title left empty");
  }
  if (parts.hospitals.size() == 1) {
    doc.hospital = parts.hospitals.front();
  } else if (parts.hospitals.size() > 1) {
    warn(warnings, kField,
         which + "hospitals " + quoted(parts.hospitals) +
             "; hospital left empty");
  }
  if (!parts.unknown.empty()) {
    warn(warnings, kField,
         which + "neither name, title nor hospital: " + quoted(parts.unknown));
  }
  return doc;
}

}  // namespace

std::optional<Encyclopedia> read_encyclopedia(dom::Node body,
                                              const rules::SiteRules& site,
                                              std::vector<Warning>& warnings,
                                              BoxTrace* trace) {
  if (!site.encyclopedia) return std::nullopt;
  const rules::BoxRule& box = *site.encyclopedia;
  BoxRegion region = find_box(body, site, box, accepts_labels);
  std::vector<Piece> pieces = std::move(region.pieces);
  if (trace) {
    trace->heading = region.heading;
    trace->mode = "by label";
  }
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
      value_pieces.push_back(
          Piece{inline_value, std::nullopt, false, false, {}});
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
  if (!enc.name &&
      (enc.description || enc.etiology || !enc.possible_diseases.empty() ||
       !enc.common_exams.empty() || !enc.departments.empty())) {
    warn(warnings, "encyclopedia", "the box has fields but no disease name");
  }
  if (trace) {
    BoxTrace::Item item{pieces[name_at < pieces.size() ? name_at : 0].node,
                        {},
                        enc.name ? "read" : "left out: no disease name"};
    auto part = [&](const char* role, const std::optional<std::string>& v) {
      if (v) item.parts.push_back({role, *v});
    };
    auto parts = [&](const std::string& role,
                     const std::vector<std::string>& v) {
      for (const std::string& s : v) item.parts.push_back({role, s});
    };
    part("name (the first link before any label)", enc.name);
    part("description (up to the first label)", enc.description);
    for (const auto& [field, label] : box.labels) {
      std::string role = field;
      role.append(" (label '").append(label).append("')");
      if (field == "etiology" && enc.etiology)
        item.parts.push_back({role, *enc.etiology});
      if (field == "possible_diseases") parts(role, enc.possible_diseases);
      if (field == "common_exams") parts(role, enc.common_exams);
      if (field == "departments") parts(role, enc.departments);
    }
    trace->items.push_back(std::move(item));
  }
  if (!enc.name && !enc.description && !enc.etiology &&
      enc.possible_diseases.empty() && enc.common_exams.empty() &&
      enc.departments.empty()) {
    return std::nullopt;
  }
  return enc;
}

std::vector<Drug> read_drugs(dom::Node body, const rules::SiteRules& site,
                             const std::string& base_url,
                             std::vector<Warning>& warnings, BoxTrace* trace) {
  std::vector<Drug> out;
  if (!site.drugs) return out;
  const BoxRegion box = find_box(body, site, *site.drugs, accepts_link_items);
  // Each drug as explain shows it: its link, where it points, the rest.
  auto traced = [&](const Drug& drug, dom::Node node) {
    if (!trace) return;
    BoxTrace::Item item{node, {{"name (the link's text)", drug.name}}, "read"};
    if (drug.url) item.parts.push_back({"url (the link's href)", *drug.url});
    if (drug.indication)
      item.parts.push_back(
          {"indication (the item's other text)", *drug.indication});
    trace->items.push_back(std::move(item));
  };
  const std::vector<Piece>& pieces = box.pieces;
  std::vector<std::size_t> links;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].href) links.push_back(i);
  }
  const ItemSplit split = split_items(box, links);
  if (trace) {
    trace->heading = box.heading;
    trace->mode = split.by_element ? "by element (one element per drug)"
                                   : "by piece order (a link and the text "
                                     "up to the next link)";
    for (std::size_t i : split.leftover)
      trace->leftover.push_back(pieces[i].text);
  }
  if (split.by_element) {
    for (std::size_t k = 0; k < links.size(); ++k) {
      std::vector<std::size_t> rest;
      for (std::size_t i : split.items[k]) {
        if (i != links[k]) rest.push_back(i);
      }
      Drug drug;
      drug.name = pieces[links[k]].text;
      drug.url = normalize::absolute_url(pieces[links[k]].href, base_url);
      drug.indication = non_empty(join_at(pieces, rest));
      traced(drug, pieces[links[k]].node);
      out.push_back(std::move(drug));
    }
    warn_leftover(warnings, "drugs", pieces, split.leftover);
    return out;
  }
  // No element per drug: a link and the text up to the next link.
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (!pieces[i].href) continue;  // text before the first drug link
    std::size_t end = i + 1;
    while (end < pieces.size() && !pieces[end].href) ++end;
    Drug drug;
    drug.name = pieces[i].text;
    drug.url = normalize::absolute_url(pieces[i].href, base_url);
    drug.indication = non_empty(join_pieces(pieces, i + 1, end));
    traced(drug, pieces[i].node);
    out.push_back(std::move(drug));
    i = end - 1;
  }
  return out;
}

std::vector<RecommendedDoctor> read_recommended_doctors(
    dom::Node body, const rules::SiteRules& site,
    std::vector<Warning>& warnings, BoxTrace* trace) {
  std::vector<RecommendedDoctor> out;
  if (!site.recommended_doctors) return out;
  const rules::BoxRule& rule = *site.recommended_doctors;
  const BoxRegion box = find_box(body, site, rule, accepts_anchor, true);
  const std::vector<Piece>& pieces = box.pieces;
  std::vector<std::size_t> anchors;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].text == rule.anchor) anchors.push_back(i);
  }
  if (trace) trace->heading = box.heading;
  if (anchors.empty()) return out;
  const rules::Lexicon& lex = *site.lexicon;
  std::vector<DoctorParts> parts(anchors.size(),
                                 DoctorParts{&lex, {}, {}, {}, {}, {}});
  const ItemSplit split = split_items(box, anchors);
  if (trace) {
    trace->mode = split.by_element
                      ? "by element (one element per doctor)"
                      : "by piece order (the pieces up to each '" +
                            rule.anchor + "', and a hospital right after it)";
    for (std::size_t i : split.leftover)
      trace->leftover.push_back(pieces[i].text);
  }
  if (split.by_element) {
    for (std::size_t k = 0; k < anchors.size(); ++k) {
      for (std::size_t i : split.items[k]) {
        if (i != anchors[k]) parts[k].add(pieces[i].text);
      }
    }
    warn_leftover(warnings, "recommended_doctors", pieces, split.leftover);
  } else {
    // No element per doctor: the pieces up to each 提问 anchor are its
    // doctor's, except that hospital names right after an anchor belong to
    // the doctor before it.
    std::size_t k = 0;
    bool after_anchor = false;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (k < anchors.size() && i == anchors[k]) {
        after_anchor = true;
        ++k;
        continue;
      }
      const std::size_t item = std::min(k, anchors.size() - 1);
      if (after_anchor && k < anchors.size() &&
          normalize::reads_as_hospital(pieces[i].text, lex) &&
          parts[k - 1].hospitals.empty()) {
        parts[k - 1].add(pieces[i].text);
        continue;
      }
      after_anchor = false;
      parts[item].add(pieces[i].text);
    }
  }
  for (std::size_t k = 0; k < parts.size(); ++k) {
    auto doc = doctor_from(parts[k], k, warnings);
    if (trace) {
      trace->items.push_back(
          {pieces[anchors[k]].node, parts[k].read,
           doc ? "read"
               : (parts[k].names.empty() ? "left out: no name"
                                         : "left out: more than one name")});
    }
    if (doc) out.push_back(std::move(*doc));
  }
  return out;
}

}  // namespace qascrape::extract
