#include <algorithm>
#include <sstream>
#include <thread>

#include "pipeline/pipeline.h"

namespace qascrape::pipeline {

int exit_code_for(Errc code) {
  switch (code) {
    case Errc::kUsage:
    case Errc::kNotFound:
      return kExitUsage;
    case Errc::kConfig:
      return kExitConfig;
    case Errc::kIo:
      return kExitOutput;
    default:
      return kExitSomeFailed;
  }
}

int worker_count(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

bool field_present(const extract::Record& r, const std::string& key) {
  const auto any_answer = [&](auto pred) {
    for (const auto& a : r.answers) {
      if (pred(a)) return true;
    }
    return false;
  };
  if (key == "page.title") return r.page.title.has_value();
  if (key == "page.canonical") return r.url.has_value();
  if (key == "page.breadcrumbs") return !r.page.breadcrumbs.empty();
  if (key == "question.title") return r.question && r.question->title;
  if (key == "question.body") return r.question && r.question->body;
  if (key == "question.gender") return r.question && r.question->gender;
  if (key == "question.age") return r.question && r.question->age_years;
  if (key == "question.asked_at") return r.question && r.question->asked_at;
  if (key == "question.tags") return r.question && !r.question->tags.empty();
  if (key == "answers") return !r.answers.empty();
  if (key == "answer.doctor.name")
    return any_answer([](const auto& a) { return a.doctor.name.has_value(); });
  if (key == "answer.doctor.title")
    return any_answer([](const auto& a) { return a.doctor.title.has_value(); });
  if (key == "answer.doctor.hospital") {
    return any_answer([](const auto& a) {
      return a.doctor.hospital || a.doctor.hospital_grade;
    });
  }
  if (key == "answer.doctor.hospital_grade") {
    return any_answer(
        [](const auto& a) { return a.doctor.hospital_grade.has_value(); });
  }
  if (key == "answer.doctor.specialties") {
    return any_answer(
        [](const auto& a) { return !a.doctor.specialties.empty(); });
  }
  if (key == "answer.doctor.profile_url") {
    return any_answer(
        [](const auto& a) { return a.doctor.profile_url.has_value(); });
  }
  if (key == "answer.text")
    return any_answer([](const auto& a) { return a.text.has_value(); });
  if (key == "answer.answered_at")
    return any_answer([](const auto& a) { return a.answered_at.has_value(); });
  return false;
}

void RunStats::observe(const extract::Record& record,
                       const rules::SiteRules* site) {
  ++total_;
  ++by_status_[record.status];
  if (!extract::is_success_status(record.status)) ++failed_;
  if (site == nullptr || !extract::is_success_status(record.status)) return;
  SiteCounts& counts = sites_[site->id];
  ++counts.question_pages;
  for (const auto& [key, fraction] : site->health) {
    if (field_present(record, key)) ++counts.present[key];
  }
}

std::vector<std::string> RunStats::health_problems(
    const rules::RuleSet& rules) const {
  std::vector<std::string> out;
  for (const auto& [id, counts] : sites_) {
    const rules::SiteRules* site = rules.by_id(id);
    if (site == nullptr ||
        counts.question_pages <
            static_cast<std::size_t>(site->health_min_pages)) {
      continue;
    }
    for (const auto& [key, expected] : site->health) {
      const auto it = counts.present.find(key);
      const std::size_t present = it == counts.present.end() ? 0 : it->second;
      const double fraction =
          static_cast<double>(present) / counts.question_pages;
      if (fraction + 1e-9 >= expected) continue;
      std::ostringstream line;
      line << "site " << id << ": field " << key << " present on " << present
           << " of " << counts.question_pages << " question pages (expected >= "
           << static_cast<int>(expected * 100 + 0.5) << "%)";
      if (const rules::FieldRule* rule = site->field(key)) {
        line << "; selector";
        for (const auto& sel : rule->select)
          line << " '" << sel.source() << "'";
      }
      line << " in " << site->path;
      out.push_back(line.str());
    }
  }
  return out;
}

std::string RunStats::summary() const {
  std::ostringstream s;
  s << total_ << " record(s)";
  for (const auto& [status, n] : by_status_) s << ", " << status << " " << n;
  return s.str();
}

}  // namespace qascrape::pipeline
