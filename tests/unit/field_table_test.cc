// The field table (rules/fields.h) is the one list of record fields: the
// presence test covers each field and nothing else, the docs table matches
// it, and "required" on any field makes a record partial.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>

#include "extract/extract.h"
#include "rules/fields.h"
#include "rules/rules.h"

namespace fs = std::filesystem;
using namespace qascrape;
using rules::FieldId;

namespace {

const fs::path kSource = QASCRAPE_SOURCE_DIR;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

extract::Answer& one_answer(extract::Record& r) {
  if (r.answers.empty()) r.answers.emplace_back();
  return r.answers.front();
}

// What sets each field on an empty record, and which fields it makes
// present (a grade alone also counts as a hospital: the page put it there).
struct Setter {
  FieldId id;
  std::function<void(extract::Record&)> set;
  std::set<FieldId> also = {};
};

const std::vector<Setter>& setters() {
  using R = extract::Record;
  auto q = [](R& r) -> extract::Question& {
    if (!r.question) r.question.emplace();
    return *r.question;
  };
  static const std::vector<Setter> all = {
      {FieldId::kPageTitle, [](R& r) { r.page.title = "t"; }},
      {FieldId::kPageCanonical, [](R& r) { r.url = "https://x/"; }},
      {FieldId::kPageBreadcrumbs,
       [](R& r) {
         r.page.breadcrumbs.push_back({"a", std::nullopt});
       }},
      {FieldId::kQuestionTitle, [=](R& r) { q(r).title = "t"; }},
      {FieldId::kQuestionBody, [=](R& r) { q(r).body = "b"; }},
      {FieldId::kQuestionGender, [=](R& r) { q(r).gender = "男"; }},
      {FieldId::kQuestionAge, [=](R& r) { q(r).age_years = 30; }},
      {FieldId::kQuestionAskedAt,
       [=](R& r) { q(r).asked_at = "2024-01-01T00:00:00+08:00"; }},
      {FieldId::kQuestionTags, [=](R& r) { q(r).tags = {"x"}; }},
      {FieldId::kAnswers, [](R& r) { r.answers.emplace_back(); }},
      {FieldId::kAnswerDoctorName,
       [](R& r) { one_answer(r).doctor.name = "n"; },
       {FieldId::kAnswers}},
      {FieldId::kAnswerDoctorTitle,
       [](R& r) { one_answer(r).doctor.title = "t"; },
       {FieldId::kAnswers}},
      {FieldId::kAnswerDoctorHospital,
       [](R& r) { one_answer(r).doctor.hospital = "h"; },
       {FieldId::kAnswers}},
      {FieldId::kAnswerDoctorHospitalGrade,
       [](R& r) { one_answer(r).doctor.hospital_grade = "三甲"; },
       {FieldId::kAnswers, FieldId::kAnswerDoctorHospital}},
      {FieldId::kAnswerDoctorSpecialties,
       [](R& r) { one_answer(r).doctor.specialties = {"s"}; },
       {FieldId::kAnswers}},
      {FieldId::kAnswerDoctorProfileUrl,
       [](R& r) { one_answer(r).doctor.profile_url = "https://x/d"; },
       {FieldId::kAnswers}},
      {FieldId::kAnswerText,
       [](R& r) { one_answer(r).text = "t"; },
       {FieldId::kAnswers}},
      {FieldId::kAnswerAnsweredAt,
       [](R& r) { one_answer(r).answered_at = "2024-01-01T00:00:00+08:00"; },
       {FieldId::kAnswers}},
  };
  return all;
}

}  // namespace

TEST(FieldTable, KeysFindTheirSpecsInIdOrder) {
  std::set<std::string_view> keys;
  for (std::size_t i = 0; i < rules::kFieldCount; ++i) {
    const rules::FieldSpec& f = rules::field_specs()[i];
    EXPECT_EQ(static_cast<std::size_t>(f.id), i);
    EXPECT_EQ(rules::find_field(f.key), &f);
    EXPECT_TRUE(keys.insert(f.key).second) << f.key;
  }
  EXPECT_EQ(rules::find_field("answer.doctor.nam"), nullptr);
}

TEST(FieldTable, EachFieldIsPresentExactlyWhenItsValueIsThere) {
  ASSERT_EQ(setters().size(), rules::kFieldCount);
  for (const Setter& s : setters()) {
    extract::Record r;
    s.set(r);
    std::set<FieldId> want = s.also;
    want.insert(s.id);
    for (const rules::FieldSpec& f : rules::field_specs()) {
      EXPECT_EQ(extract::field_present(r, f.id), want.count(f.id) == 1)
          << "set " << rules::spec_of(s.id).key << ", asked " << f.key;
    }
  }
  extract::Record empty;
  for (const rules::FieldSpec& f : rules::field_specs())
    EXPECT_FALSE(extract::field_present(empty, f.id)) << f.key;
}

// selectors/README.md's field table is this table, row by row.
TEST(FieldTable, TheSelectorDocsListEveryFieldAsTheTableDoes) {
  const std::string doc = slurp(kSource / "selectors/README.md");
  const std::regex row(R"(\| `([a-z_.]+)` \| (.+) \| (yes|no) \|)");
  std::vector<std::string> rows;
  for (std::sregex_iterator it(doc.begin(), doc.end(), row), end; it != end;
       ++it)
    rows.push_back((*it)[1].str() + " | " + (*it)[2].str() + " | " +
                   (*it)[3].str());
  std::vector<std::string> want;
  for (const rules::FieldSpec& f : rules::field_specs())
    want.push_back(std::string(f.key) + " | " + std::string(f.meaning) + " | " +
                   (f.required ? "yes" : "no"));
  EXPECT_EQ(rows, want);
}

// "required" on a field the contract does not require makes a page without
// it partial, with a "missing" warning naming it (it once worked for the
// four default fields only).
TEST(FieldTable, RequiredOnAnyFieldMakesTheRecordPartial) {
  std::string file = slurp(kSource / "selectors/ask39.json");
  auto sel = rules::parse_site(file, "ask39.json");
  ASSERT_TRUE(sel) << sel.error().message;
  const fs::path seed = kSource / "fixtures/ask39/seed";
  const std::string page = slurp(seed / "page.html");
  extract::PageInput in;
  in.bytes = page;
  in.url = "https://ask.39.net/question/89372614.html";
  in.http_status = 200;

  std::vector<rules::SiteRules> one;
  one.push_back(std::move(sel.value()));
  rules::RuleSet plain(std::move(one));
  const extract::Record ok = extract::Extractor(plain).extract(in);
  ASSERT_EQ(ok.status, extract::RecordStatus::kOk);
  ASSERT_TRUE(ok.question && !ok.question->body);  // the seed has no body

  // The same file with question.body required.
  const std::string with =
      std::regex_replace(file, std::regex(R"x("question.body": \{)x"),
                         R"x("question.body": {"required": true, )x");
  ASSERT_NE(with, file);
  auto req = rules::parse_site(with, "ask39.json");
  ASSERT_TRUE(req) << req.error().message;
  std::vector<rules::SiteRules> two;
  two.push_back(std::move(req.value()));
  rules::RuleSet strict(std::move(two));
  const extract::Record partial = extract::Extractor(strict).extract(in);
  EXPECT_EQ(partial.status, extract::RecordStatus::kPartial);
  bool named = false;
  for (const auto& w : partial.warnings)
    named |= w.field == "question.body" && w.code == "missing";
  EXPECT_TRUE(named);
}
