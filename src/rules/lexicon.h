#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace qascrape::rules {

// The language knowledge extraction reads (selectors/lexicon.json): the
// words of treatments, titles, hospitals, ranks and grades. Every list is
// kept longest word first, so a longer word wins over one it contains.
struct Lexicon {
  // treatments (spec/output.md "Treatments")
  std::vector<std::string> example_words, use_verbs, ru_not_after,
      ru_not_before, protected_names, cut_words, separators, treatment_words,
      dosage_forms, form_false_friends, drug_endings, cause_words,
      finding_endings, generic_words, leading_verbs, non_procedures;
  // doctors
  std::vector<std::string> title_words, hospital_words;
  // written form -> contract value, longest written form first
  std::vector<std::pair<std::string, std::string>> title_ranks, hospital_grades;
};

// Parses and checks a lexicon file: unknown sections or keys, a missing
// list, empty or repeated words, a rank or grade value the contract does
// not name are Errc::kConfig errors naming `path` and the key.
Result<Lexicon> parse_lexicon(std::string_view json_text,
                              const std::string& path);

// `base` plus the words of `additions_json` (a selector file's "lexicon"
// object: the same sections, any subset of keys); rank and grade entries
// replace the base's for the same written form.
Result<Lexicon> extend_lexicon(const Lexicon& base,
                               std::string_view additions_json,
                               const std::string& where);

// selectors/lexicon.json as it was when qascrape was built: what a rule
// set without a lexicon.json of its own reads.
const Lexicon& builtin_lexicon();

// The file name of a rule set's lexicon (not a selector file).
inline constexpr std::string_view kLexiconFile = "lexicon.json";

}  // namespace qascrape::rules
