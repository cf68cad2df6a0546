#include "rules/fields.h"

namespace qascrape::rules {

namespace {

using F = FieldId;
constexpr std::array<FieldSpec, kFieldCount> kFields = {{
    {F::kPageTitle, "page.title", "the document title", false},
    {F::kPageCanonical, "page.canonical",
     "the canonical link (used for url when none is given)", false},
    {F::kPageBreadcrumbs, "page.breadcrumbs", "breadcrumb items (take: link)",
     false},
    {F::kQuestionTitle, "question.title", "the question title", true},
    {F::kQuestionBody, "question.body", "the question text", false},
    {F::kQuestionGender, "question.gender",
     "text holding the asker's gender (男/女)", false},
    {F::kQuestionAge, "question.age", "text holding the asker's age (30岁)",
     false},
    {F::kQuestionAskedAt, "question.asked_at", "when the question was asked",
     false},
    {F::kQuestionTags, "question.tags", "tags (list)", false},
    {F::kAnswers, "answers",
     "one element per answer; answer.* fields are relative to it", true},
    {F::kAnswerDoctorName, "answer.doctor.name", "the doctor's name", true},
    {F::kAnswerDoctorTitle, "answer.doctor.title",
     "the doctor's title as written (主治医师)", false},
    {F::kAnswerDoctorHospital, "answer.doctor.hospital",
     "the hospital; a grade here (三甲) goes to hospital_grade", false},
    {F::kAnswerDoctorHospitalGrade, "answer.doctor.hospital_grade",
     "the hospital grade (三甲)", false},
    {F::kAnswerDoctorSpecialties, "answer.doctor.specialties",
     "the doctor's specialties (擅长)", false},
    {F::kAnswerDoctorProfileUrl, "answer.doctor.profile_url",
     "the doctor's profile link", false},
    {F::kAnswerText, "answer.text", "the answer text (take: lines)", true},
    {F::kAnswerAnsweredAt, "answer.answered_at", "when the answer was given",
     false},
}};

// The table is in FieldId order, so spec_of is an index.
constexpr bool in_order() {
  for (std::size_t i = 0; i < kFields.size(); ++i)
    if (static_cast<std::size_t>(kFields[i].id) != i) return false;
  return true;
}
static_assert(in_order(), "kFields must list the fields in FieldId order");

}  // namespace

const std::array<FieldSpec, kFieldCount>& field_specs() { return kFields; }

const FieldSpec* find_field(std::string_view key) {
  for (const FieldSpec& f : kFields)
    if (f.key == key) return &f;
  return nullptr;
}

}  // namespace qascrape::rules
