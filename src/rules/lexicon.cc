// Loading and checking the lexicon (selectors/lexicon.json).
#include "rules/lexicon.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>

namespace qascrape::rules {

namespace {

using json = nlohmann::json;
using Words = std::vector<std::string> Lexicon::*;
using Pairs = std::vector<std::pair<std::string, std::string>> Lexicon::*;

// Every list of the file, once: section, key, member.
struct ListKey {
  const char* section;
  const char* key;
  Words member;
};
constexpr std::array<ListKey, 18> kLists = {{
    {"treatments", "example_words", &Lexicon::example_words},
    {"treatments", "use_verbs", &Lexicon::use_verbs},
    {"treatments", "ru_not_after", &Lexicon::ru_not_after},
    {"treatments", "ru_not_before", &Lexicon::ru_not_before},
    {"treatments", "protected_names", &Lexicon::protected_names},
    {"treatments", "cut_words", &Lexicon::cut_words},
    {"treatments", "separators", &Lexicon::separators},
    {"treatments", "treatment_words", &Lexicon::treatment_words},
    {"treatments", "dosage_forms", &Lexicon::dosage_forms},
    {"treatments", "form_false_friends", &Lexicon::form_false_friends},
    {"treatments", "drug_endings", &Lexicon::drug_endings},
    {"treatments", "cause_words", &Lexicon::cause_words},
    {"treatments", "finding_endings", &Lexicon::finding_endings},
    {"treatments", "generic_words", &Lexicon::generic_words},
    {"treatments", "leading_verbs", &Lexicon::leading_verbs},
    {"treatments", "non_procedures", &Lexicon::non_procedures},
    {"doctors", "title_words", &Lexicon::title_words},
    {"doctors", "hospital_words", &Lexicon::hospital_words},
}};

// Maps of written form -> contract value, with the values the contract
// (spec/output.md) allows.
struct MapKey {
  const char* section;
  const char* key;
  Pairs member;
  std::vector<std::string> values;
};
const std::vector<MapKey>& map_keys() {
  static const std::vector<MapKey> keys = {
      {"doctors",
       "title_ranks",
       &Lexicon::title_ranks,
       {"chief_physician", "associate_chief_physician", "attending_physician",
        "resident_physician", "physician", "chief_pharmacist",
        "associate_chief_pharmacist", "supervising_pharmacist", "pharmacist"}},
      {"doctors",
       "hospital_grades",
       &Lexicon::hospital_grades,
       {"3A", "3B", "3", "2A", "2B", "2", "1"}},
  };
  return keys;
}

bool is_section(const std::string& s) {
  return s == "treatments" || s == "doctors";
}

bool known_key(const std::string& section, const std::string& key) {
  for (const ListKey& l : kLists)
    if (section == l.section && key == l.key) return true;
  for (const MapKey& m : map_keys())
    if (section == m.section && key == m.key) return true;
  return false;
}

std::string allowed_keys(const std::string& section) {
  std::string out;
  auto add = [&](const char* k) {
    out += (out.empty() ? "" : ", ") + std::string(k);
  };
  for (const ListKey& l : kLists)
    if (section == l.section) add(l.key);
  for (const MapKey& m : map_keys())
    if (section == m.section) add(m.key);
  return out;
}

void longest_first(std::vector<std::string>& v) {
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
    return a.size() > b.size();
  });
}

// Reads `doc` into `lex`, adding to what it holds. `complete`: every list
// and map must be there (a lexicon file, not a site's additions).
Status read_into(const json& doc, Lexicon& lex, const std::string& where,
                 bool complete) {
  auto fail = [&](const std::string& at, const std::string& what) -> Status {
    return make_error(Errc::kConfig, where + ": " + at + ": " + what);
  };
  if (!doc.is_object()) return fail("top level", "must be a JSON object");
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() == "$comment") continue;
    if (!is_section(it.key()))
      return fail("top level", "unknown section '" + it.key() +
                                   "' (allowed: treatments, doctors)");
    if (!it->is_object()) return fail(it.key(), "must be an object");
    for (auto k = it->begin(); k != it->end(); ++k) {
      if (!known_key(it.key(), k.key()))
        return fail(it.key(), "unknown key '" + k.key() + "' (allowed: " +
                                  allowed_keys(it.key()) + ")");
    }
  }
  for (const ListKey& l : kLists) {
    const std::string at = std::string(l.section) + "." + l.key;
    if (!doc.contains(l.section) || !doc[l.section].contains(l.key)) {
      if (complete) return fail(at, "missing");
      continue;
    }
    const json& v = doc[l.section][l.key];
    if (!v.is_array() || v.empty())
      return fail(at, "must be a non-empty list of words");
    std::set<std::string> seen;
    for (const json& w : v) {
      if (!w.is_string() || w.get<std::string>().empty())
        return fail(at, "must be a list of non-empty strings");
      if (!seen.insert(w.get<std::string>()).second)
        return fail(at, "'" + w.get<std::string>() + "' is listed twice");
      std::vector<std::string>& words = lex.*(l.member);
      if (std::find(words.begin(), words.end(), w.get<std::string>()) ==
          words.end())
        words.push_back(w.get<std::string>());
    }
    longest_first(lex.*(l.member));
  }
  for (const MapKey& m : map_keys()) {
    const std::string at = std::string(m.section) + "." + m.key;
    if (!doc.contains(m.section) || !doc[m.section].contains(m.key)) {
      if (complete) return fail(at, "missing");
      continue;
    }
    const json& v = doc[m.section][m.key];
    if (!v.is_object() || v.empty())
      return fail(at, "must be a non-empty object of written form: value");
    auto& pairs = lex.*(m.member);
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it.key().empty() || !it->is_string() ||
          std::find(m.values.begin(), m.values.end(), it->get<std::string>()) ==
              m.values.end()) {
        std::string allowed;
        for (const std::string& a : m.values)
          allowed += (allowed.empty() ? "" : ", ") + a;
        return fail(at + "." + it.key(),
                    "must be one of the contract's values (" + allowed + ")");
      }
      std::erase_if(pairs, [&](const auto& p) { return p.first == it.key(); });
      pairs.emplace_back(it.key(), it->get<std::string>());
    }
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const auto& a, const auto& b) {
                       return a.first.size() > b.first.size();
                     });
  }
  return ok_status();
}

Result<json> parse_json(std::string_view text, const std::string& where) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded())
    return make_error(Errc::kConfig, where + ": not valid JSON");
  return doc;
}

}  // namespace

Result<Lexicon> parse_lexicon(std::string_view json_text,
                              const std::string& path) {
  auto doc = parse_json(json_text, path);
  if (!doc) return doc.error();
  Lexicon lex;
  if (Status s = read_into(*doc, lex, path, true); !s) return s.error();
  return lex;
}

Result<Lexicon> extend_lexicon(const Lexicon& base,
                               std::string_view additions_json,
                               const std::string& where) {
  auto doc = parse_json(additions_json, where);
  if (!doc) return doc.error();
  Lexicon lex = base;
  if (Status s = read_into(*doc, lex, where, false); !s) return s.error();
  return lex;
}

}  // namespace qascrape::rules
