// Reading a JSON line back into a Record: the inverse of record_json.cc,
// key by key, so a record written and read again is the same record.
// simdjson's DOM, as load's own reader (db/rows.cc) uses: `load` reads every
// record back for the selector-health check, at its speed.
#include <simdjson.h>

#include <limits>

#include "write/write.h"

namespace qascrape::write {

namespace {

using json = simdjson::dom::element;

// Walks one parsed record; the first key of the wrong type stops the read
// and names its place ("answers[1].doctor.name: not a string").
class Reader {
 public:
  bool failed() const { return !problem_.empty(); }
  const std::string& problem() const { return problem_; }

  // The member `key` of `obj`, or nullopt when it is absent or null.
  std::optional<json> member(const json& obj, const char* key) {
    json v;
    if (obj.at_key(key).get(v) != simdjson::SUCCESS || v.is_null())
      return std::nullopt;
    return v;
  }

  std::optional<json> object(const json& obj, const char* key,
                             const std::string& at) {
    auto v = member(obj, key);
    if (v && !v->is_object()) fail(at + key, "not an object");
    return failed() ? std::nullopt : v;
  }

  void text(const json& obj, const char* key, const std::string& at,
            std::optional<std::string>& out) {
    if (auto v = member(obj, key)) {
      std::string_view s;
      if (v->get_string().get(s) != simdjson::SUCCESS)
        return fail(at + key, "not a string");
      out.emplace(s);
    }
  }
  void text(const json& obj, const char* key, const std::string& at,
            std::string& out) {
    std::optional<std::string> v;
    text(obj, key, at, v);
    if (v) out = std::move(*v);
  }

  template <class Int>
  void integer(const json& obj, const char* key, const std::string& at,
               std::optional<Int>& out) {
    auto v = member(obj, key);
    if (!v) return;
    int64_t n = 0;
    if (v->is_uint64() && !v->is_int64()) return fail(at + key, "out of range");
    if (v->get_int64().get(n) != simdjson::SUCCESS)
      return fail(at + key, "not an integer");
    if (n < std::numeric_limits<Int>::min() ||
        n > std::numeric_limits<Int>::max())
      return fail(at + key, "out of range");
    out = static_cast<Int>(n);
  }

  void strings(const json& obj, const char* key, const std::string& at,
               std::vector<std::string>& out) {
    auto v = member(obj, key);
    if (!v) return;
    simdjson::dom::array list;
    if (v->get_array().get(list) != simdjson::SUCCESS)
      return fail(at + key, "not an array");
    for (json e : list) {
      std::string_view s;
      if (e.get_string().get(s) != simdjson::SUCCESS)
        return fail(at + key, "holds a non-string");
      out.emplace_back(s);
    }
  }

  // Calls read(element, "key[i].") for each object of the array `key`.
  template <class F>
  void each(const json& obj, const char* key, const std::string& at, F read) {
    auto v = member(obj, key);
    if (!v) return;
    simdjson::dom::array list;
    if (v->get_array().get(list) != simdjson::SUCCESS)
      return fail(at + key, "not an array");
    std::size_t i = 0;
    for (json e : list) {
      std::string here = at;
      here.append(key).append("[").append(std::to_string(i++)).append("].");
      if (!e.is_object()) return fail(here, "not an object");
      read(e, here);
      if (failed()) return;
    }
  }

  void fail(std::string place, const char* what) {
    if (failed()) return;
    if (!place.empty() && place.back() == '.') place.pop_back();
    problem_ = place + ": " + what;
  }

 private:
  std::string problem_;
};

void read_doctor(Reader& rd, const json& d, const std::string& at,
                 extract::Doctor& out) {
  rd.text(d, "name", at, out.name);
  rd.text(d, "title", at, out.title);
  rd.text(d, "title_rank", at, out.title_rank);
  rd.text(d, "hospital", at, out.hospital);
  rd.text(d, "hospital_grade", at, out.hospital_grade);
  rd.strings(d, "specialties", at, out.specialties);
  rd.text(d, "profile_url", at, out.profile_url);
}

void read_answer(Reader& rd, const json& a, const std::string& at,
                 extract::Answer& out) {
  if (const auto d = rd.object(a, "doctor", at))
    read_doctor(rd, *d, at + "doctor.", out.doctor);
  rd.text(a, "text", at, out.text);
  rd.text(a, "summary", at, out.summary);
  rd.each(a, "causes", at, [&](const json& c, const std::string& here) {
    extract::Cause cause;
    std::optional<int> index;
    rd.integer(c, "index", here, index);
    cause.index = index.value_or(0);
    rd.text(c, "name", here, cause.name);
    rd.text(c, "detail", here, cause.detail);
    rd.strings(c, "treatments", here, cause.treatments);
    out.causes.push_back(std::move(cause));
  });
  rd.text(a, "advice", at, out.advice);
  rd.text(a, "answered_at", at, out.answered_at);
}

}  // namespace

Result<extract::Record> from_json_line(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
    line.remove_suffix(1);
  // One parser per thread: its buffers are reused from line to line.
  thread_local simdjson::dom::parser parser;
  json j;
  if (parser.parse(line.data(), line.size()).get(j) != simdjson::SUCCESS)
    return make_error(Errc::kInvalidInput, "not a JSON value");
  if (!j.is_object())
    return make_error(Errc::kInvalidInput, "not a JSON object");
  Reader rd;
  extract::Record r;
  std::optional<int> schema;
  rd.integer(j, "schema_version", "", schema);
  if (!rd.failed() && schema != extract::kSchemaVersion) {
    return make_error(
        Errc::kInvalidInput,
        "schema_version is not " + std::to_string(extract::kSchemaVersion));
  }
  rd.text(j, "url", "", r.url);
  rd.text(j, "final_url", "", r.final_url);
  std::optional<std::string> status;
  rd.text(j, "status", "", status);
  if (!rd.failed()) {
    auto parsed = status ? extract::parse_status(*status) : std::nullopt;
    if (!parsed) rd.fail("status", "not a record status");
    r.status = parsed.value_or(extract::RecordStatus::kFetchError);
  }
  rd.text(j, "site", "", r.site);

  if (const auto f = rd.object(j, "fetch", "")) {
    rd.text(*f, "fetched_at", "fetch.", r.fetch.fetched_at);
    rd.integer(*f, "http_status", "fetch.", r.fetch.http_status);
    rd.text(*f, "content_type", "fetch.", r.fetch.content_type);
    rd.integer(*f, "bytes", "fetch.", r.fetch.bytes);
    rd.text(*f, "sha256", "fetch.", r.fetch.sha256);
    rd.text(*f, "charset", "fetch.", r.fetch.charset);
    rd.text(*f, "charset_source", "fetch.", r.fetch.charset_source);
    rd.integer(*f, "attempts", "fetch.", r.fetch.attempts);
  }
  if (const auto p = rd.object(j, "page", "")) {
    rd.text(*p, "title", "page.", r.page.title);
    rd.each(*p, "breadcrumbs", "page.",
            [&](const json& c, const std::string& here) {
              extract::Crumb crumb;
              rd.text(c, "name", here, crumb.name);
              rd.text(c, "url", here, crumb.url);
              r.page.breadcrumbs.push_back(std::move(crumb));
            });
    rd.strings(*p, "category_path", "page.", r.page.category_path);
  }
  if (const auto q = rd.object(j, "question", "")) {
    extract::Question& out = r.question.emplace();
    rd.text(*q, "title", "question.", out.title);
    rd.text(*q, "body", "question.", out.body);
    rd.text(*q, "gender", "question.", out.gender);
    rd.integer(*q, "age_years", "question.", out.age_years);
    rd.text(*q, "asked_at", "question.", out.asked_at);
    rd.strings(*q, "tags", "question.", out.tags);
  }
  rd.each(j, "answers", "", [&](const json& a, const std::string& here) {
    read_answer(rd, a, here, r.answers.emplace_back());
  });
  if (const auto e = rd.object(j, "encyclopedia", "")) {
    extract::Encyclopedia& out = r.encyclopedia.emplace();
    const std::string at = "encyclopedia.";
    rd.text(*e, "name", at, out.name);
    rd.text(*e, "description", at, out.description);
    rd.text(*e, "etiology", at, out.etiology);
    rd.strings(*e, "possible_diseases", at, out.possible_diseases);
    rd.strings(*e, "common_exams", at, out.common_exams);
    rd.strings(*e, "departments", at, out.departments);
  }
  rd.each(j, "drugs", "", [&](const json& d, const std::string& here) {
    extract::Drug& out = r.drugs.emplace_back();
    rd.text(d, "name", here, out.name);
    rd.text(d, "indication", here, out.indication);
    rd.text(d, "url", here, out.url);
  });
  rd.each(j, "recommended_doctors", "",
          [&](const json& d, const std::string& here) {
            extract::RecommendedDoctor& out =
                r.recommended_doctors.emplace_back();
            rd.text(d, "name", here, out.name);
            rd.text(d, "title", here, out.title);
            rd.text(d, "title_rank", here, out.title_rank);
            rd.text(d, "hospital", here, out.hospital);
          });
  rd.each(j, "warnings", "", [&](const json& w, const std::string& here) {
    extract::Warning& out = r.warnings.emplace_back();
    rd.text(w, "field", here, out.field);
    rd.text(w, "code", here, out.code);
    rd.text(w, "message", here, out.message);
  });
  if (const auto e = rd.object(j, "error", "")) {
    extract::RecordError& out = r.error.emplace();
    rd.text(*e, "code", "error.", out.code);
    rd.text(*e, "message", "error.", out.message);
  }
  if (const auto x = rd.object(j, "extractor", "")) {
    rd.text(*x, "version", "extractor.", r.extractor_version);
    rd.text(*x, "rules_sha256", "extractor.", r.rules_sha256);
  }
  rd.integer(j, "input_line", "", r.input_line);
  if (rd.failed()) return make_error(Errc::kInvalidInput, rd.problem());
  return r;
}

}  // namespace qascrape::write
