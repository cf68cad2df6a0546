#pragma once

// The record fields a selector file can define, written down once. The
// selector-file loader (which keys exist, which are required by default),
// the extractor's presence test (extract::field_present), the health
// statistics and selectors/README.md's table (checked by a test) all read
// this table.

#include <array>
#include <cstddef>
#include <string_view>

namespace qascrape::rules {

enum class FieldId {
  kPageTitle,
  kPageCanonical,
  kPageBreadcrumbs,
  kQuestionTitle,
  kQuestionBody,
  kQuestionGender,
  kQuestionAge,
  kQuestionAskedAt,
  kQuestionTags,
  kAnswers,
  kAnswerDoctorName,
  kAnswerDoctorTitle,
  kAnswerDoctorHospital,
  kAnswerDoctorHospitalGrade,
  kAnswerDoctorSpecialties,
  kAnswerDoctorProfileUrl,
  kAnswerText,
  kAnswerAnsweredAt,
};
inline constexpr std::size_t kFieldCount = 18;
static_assert(static_cast<std::size_t>(FieldId::kAnswerAnsweredAt) + 1 ==
              kFieldCount);

struct FieldSpec {
  FieldId id;
  std::string_view key;      // "answer.doctor.name"
  std::string_view meaning;  // for `qascrape sites` and the docs
  bool required;             // by default: a file may say otherwise
  // answer.* fields are read inside each answer element, and counted only
  // on pages with answers.
  bool per_answer() const { return key.starts_with("answer."); }
};

// Every field, in FieldId order.
const std::array<FieldSpec, kFieldCount>& field_specs();
// The field of a key; nullptr for a key the contract does not have.
const FieldSpec* find_field(std::string_view key);
inline const FieldSpec& spec_of(FieldId id) {
  return field_specs()[static_cast<std::size_t>(id)];
}

}  // namespace qascrape::rules
