#include "write/write.h"

namespace qascrape::write {

using nlohmann::ordered_json;

namespace {

template <class T>
ordered_json opt(const std::optional<T>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json strings(const std::vector<std::string>& v) {
  ordered_json out = ordered_json::array();
  for (const auto& s : v) out.push_back(s);
  return out;
}

}  // namespace

ordered_json to_json(const extract::Record& r) {
  ordered_json j;
  j["schema_version"] = extract::kSchemaVersion;
  j["url"] = opt(r.url);
  j["final_url"] = opt(r.final_url);
  j["status"] = extract::status_name(r.status);
  j["site"] = opt(r.site);

  ordered_json f;
  f["fetched_at"] = opt(r.fetch.fetched_at);
  f["http_status"] = opt(r.fetch.http_status);
  f["content_type"] = opt(r.fetch.content_type);
  f["bytes"] = opt(r.fetch.bytes);
  f["sha256"] = opt(r.fetch.sha256);
  f["charset"] = opt(r.fetch.charset);
  f["charset_source"] = opt(r.fetch.charset_source);
  f["attempts"] = opt(r.fetch.attempts);
  j["fetch"] = std::move(f);

  ordered_json page;
  page["title"] = opt(r.page.title);
  page["breadcrumbs"] = ordered_json::array();
  for (const auto& c : r.page.breadcrumbs) {
    page["breadcrumbs"].push_back(
        ordered_json{{"name", c.name}, {"url", opt(c.url)}});
  }
  page["category_path"] = strings(r.page.category_path);
  j["page"] = std::move(page);

  if (r.question) {
    const auto& q = *r.question;
    ordered_json qj;
    qj["title"] = opt(q.title);
    qj["body"] = opt(q.body);
    qj["gender"] = opt(q.gender);
    qj["age_years"] = opt(q.age_years);
    qj["asked_at"] = opt(q.asked_at);
    qj["tags"] = strings(q.tags);
    j["question"] = std::move(qj);
  } else {
    j["question"] = nullptr;
  }

  j["answers"] = ordered_json::array();
  for (const auto& a : r.answers) {
    ordered_json d;
    d["name"] = opt(a.doctor.name);
    d["title"] = opt(a.doctor.title);
    d["title_rank"] = opt(a.doctor.title_rank);
    d["hospital"] = opt(a.doctor.hospital);
    d["hospital_grade"] = opt(a.doctor.hospital_grade);
    d["specialties"] = strings(a.doctor.specialties);
    d["profile_url"] = opt(a.doctor.profile_url);
    ordered_json aj;
    aj["doctor"] = std::move(d);
    aj["text"] = opt(a.text);
    aj["summary"] = opt(a.summary);
    aj["causes"] = ordered_json::array();
    for (const auto& c : a.causes) {
      aj["causes"].push_back(
          ordered_json{{"index", c.index},
                       {"name", c.name},
                       {"detail", opt(c.detail)},
                       {"treatments", strings(c.treatments)}});
    }
    aj["advice"] = opt(a.advice);
    aj["answered_at"] = opt(a.answered_at);
    j["answers"].push_back(std::move(aj));
  }

  if (r.encyclopedia) {
    const auto& e = *r.encyclopedia;
    ordered_json ej;
    ej["name"] = opt(e.name);
    ej["description"] = opt(e.description);
    ej["etiology"] = opt(e.etiology);
    ej["possible_diseases"] = strings(e.possible_diseases);
    ej["common_exams"] = strings(e.common_exams);
    ej["departments"] = strings(e.departments);
    j["encyclopedia"] = std::move(ej);
  } else {
    j["encyclopedia"] = nullptr;
  }

  j["drugs"] = ordered_json::array();
  for (const auto& d : r.drugs) {
    j["drugs"].push_back(ordered_json{{"name", d.name},
                                      {"indication", opt(d.indication)},
                                      {"url", opt(d.url)}});
  }
  j["recommended_doctors"] = ordered_json::array();
  for (const auto& d : r.recommended_doctors) {
    j["recommended_doctors"].push_back(
        ordered_json{{"name", d.name},
                     {"title", opt(d.title)},
                     {"title_rank", opt(d.title_rank)},
                     {"hospital", opt(d.hospital)}});
  }
  j["warnings"] = ordered_json::array();
  for (const auto& w : r.warnings) {
    j["warnings"].push_back(ordered_json{
        {"field", w.field}, {"code", w.code}, {"message", w.message}});
  }
  j["error"] = r.error ? ordered_json{{"code", r.error->code},
                                      {"message", r.error->message}}
                       : ordered_json(nullptr);
  j["extractor"] = ordered_json{{"version", r.extractor_version},
                                {"rules_sha256", opt(r.rules_sha256)}};
  j["input_line"] = opt(r.input_line);
  return j;
}

std::string to_json_line(const extract::Record& record) {
  // error_handler::replace: never throw on a bad byte, write U+FFFD instead.
  std::string line = to_json(record).dump(
      -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  line.push_back('\n');
  return line;
}

}  // namespace qascrape::write
