// Whether a record has a value for each field of rules/fields.h: one case
// per FieldId (answer_has has no default, so a new field does not build
// until it says where its value is).
#include "extract/extract.h"

namespace qascrape::extract {

bool answer_has(const Answer& a, rules::FieldId id) {
  using F = rules::FieldId;
  switch (id) {
    case F::kAnswerDoctorName:
      return a.doctor.name.has_value();
    case F::kAnswerDoctorTitle:
      return a.doctor.title.has_value();
    case F::kAnswerDoctorHospital:
      return a.doctor.hospital || a.doctor.hospital_grade;
    case F::kAnswerDoctorHospitalGrade:
      return a.doctor.hospital_grade.has_value();
    case F::kAnswerDoctorSpecialties:
      return !a.doctor.specialties.empty();
    case F::kAnswerDoctorProfileUrl:
      return a.doctor.profile_url.has_value();
    case F::kAnswerText:
      return a.text.has_value();
    case F::kAnswerAnsweredAt:
      return a.answered_at.has_value();
    case F::kPageTitle:
    case F::kPageCanonical:
    case F::kPageBreadcrumbs:
    case F::kQuestionTitle:
    case F::kQuestionBody:
    case F::kQuestionGender:
    case F::kQuestionAge:
    case F::kQuestionAskedAt:
    case F::kQuestionTags:
    case F::kAnswers:
      return false;  // not a field of one answer
  }
  return false;
}

bool field_present(const Record& r, rules::FieldId id) {
  using F = rules::FieldId;
  if (rules::spec_of(id).per_answer()) {
    for (const Answer& a : r.answers)
      if (answer_has(a, id)) return true;
    return false;
  }
  const Question* q = r.question ? &*r.question : nullptr;
  switch (id) {
    case F::kPageTitle:
      return r.page.title.has_value();
    case F::kPageCanonical:
      return r.url.has_value();
    case F::kPageBreadcrumbs:
      return !r.page.breadcrumbs.empty();
    case F::kQuestionTitle:
      return q && q->title;
    case F::kQuestionBody:
      return q && q->body;
    case F::kQuestionGender:
      return q && q->gender;
    case F::kQuestionAge:
      return q && q->age_years;
    case F::kQuestionAskedAt:
      return q && q->asked_at;
    case F::kQuestionTags:
      return q && !q->tags.empty();
    case F::kAnswers:
      return !r.answers.empty();
    default:
      return false;  // answer fields: above
  }
}

}  // namespace qascrape::extract
