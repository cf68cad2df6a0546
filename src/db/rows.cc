#include "db/rows.h"

#include <simdjson.h>

namespace qascrape::db {

namespace {

// simdjson's DOM: records are parsed at GB/s (the UTF-8 check included),
// which is most of what a load costs.
using Element = simdjson::dom::element;
using Object = simdjson::dom::object;
using Array = simdjson::dom::array;
using Kind = simdjson::dom::element_type;

constexpr ColType T = ColType::kText;
constexpr ColType I = ColType::kInt;
constexpr ColType J = ColType::kJson;
constexpr ColType W = ColType::kTime;  // "when"

const char* type_name(Element e) {
  switch (e.type()) {
    case Kind::OBJECT:
      return "object";
    case Kind::ARRAY:
      return "array";
    case Kind::STRING:
      return "string";
    case Kind::BOOL:
      return "boolean";
    case Kind::NULL_VALUE:
      return "null";
    default:
      return "number";
  }
}

// The member `key` of `obj`, or nullopt when it is absent or null.
std::optional<Element> member(const std::optional<Object>& obj,
                              const char* key) {
  if (!obj) return std::nullopt;
  Element v;
  if (obj->at_key(key).get(v) != simdjson::SUCCESS || v.is_null())
    return std::nullopt;
  return v;
}

// Reads typed fields out of a record; the first field of a wrong type is
// remembered (with its path) and makes the whole line a bad line.
class Fields {
 public:
  std::string error;

  // A string (or null / absent) as a text cell.
  Value text(const std::optional<Object>& obj, const char* key,
             const std::string& where) {
    const auto v = member(obj, key);
    if (!v) return {};
    std::string_view s;
    if (v->get_string().get(s) == simdjson::SUCCESS) return std::string(s);
    return wrong(where + key, "a string or null", *v);
  }
  // A string that must be an RFC 3339 time (or null / absent).
  Value time(const std::optional<Object>& obj, const char* key,
             const std::string& where, std::optional<long long>* us = nullptr) {
    Value v = text(obj, key, where);
    if (const auto* s = std::get_if<std::string>(&v)) {
      const auto parsed = parse_rfc3339_us(*s);
      if (!parsed) {
        fail(where + key + ": not an RFC 3339 time: \"" + s->substr(0, 40) +
             "\"");
        return {};
      }
      if (us != nullptr) *us = parsed;
    }
    return v;
  }
  Value integer(const std::optional<Object>& obj, const char* key,
                const std::string& where) {
    const auto v = member(obj, key);
    if (!v) return {};
    int64_t n = 0;
    if (v->get_int64().get(n) == simdjson::SUCCESS)
      return static_cast<long long>(n);
    return wrong(where + key, "an integer or null", *v);
  }
  // An object, or nullopt when null / absent.
  std::optional<Object> object(const std::optional<Object>& obj,
                               const char* key, const std::string& where) {
    const auto v = member(obj, key);
    if (!v) return std::nullopt;
    Object o;
    if (v->get_object().get(o) == simdjson::SUCCESS) return o;
    wrong(where + key, "an object or null", *v);
    return std::nullopt;
  }
  // A list, or nullopt when null / absent (read as empty).
  std::optional<Array> list(const std::optional<Object>& obj, const char* key,
                            const std::string& where) {
    const auto v = member(obj, key);
    if (!v) return std::nullopt;
    Array a;
    if (v->get_array().get(a) == simdjson::SUCCESS) return a;
    wrong(where + key, "a list", *v);
    return std::nullopt;
  }
  // A list of strings as JSON text (for a JSON / jsonb column).
  Value string_list(const std::optional<Object>& obj, const char* key,
                    const std::string& where) {
    const auto v = list(obj, key, where);
    if (!v) return {};
    for (Element item : *v) {
      if (!item.is_string()) {
        wrong(where + key + "[]", "a string", item);
        return {};
      }
    }
    return simdjson::minify(*v);
  }
  std::optional<Object> require_object(Element item, const std::string& where) {
    Object o;
    if (item.get_object().get(o) == simdjson::SUCCESS) return o;
    wrong(where, "an object", item);
    return std::nullopt;
  }
  void fail(std::string message) {
    if (error.empty()) error = std::move(message);
  }

 private:
  Value wrong(const std::string& path, const char* expected, Element got) {
    fail(path + ": expected " + expected + ", got " + type_name(got));
    return {};
  }
};

bool has_nul(Element e) {
  switch (e.type()) {
    case Kind::STRING: {
      std::string_view s;
      return e.get_string().get(s) == simdjson::SUCCESS &&
             s.find('\0') != std::string_view::npos;
    }
    case Kind::ARRAY: {
      Array a;
      if (e.get_array().get(a) != simdjson::SUCCESS) return false;
      for (Element item : a)
        if (has_nul(item)) return true;
      return false;
    }
    case Kind::OBJECT: {
      Object o;
      if (e.get_object().get(o) != simdjson::SUCCESS) return false;
      for (auto field : o)
        if (field.key.find('\0') != std::string_view::npos ||
            has_nul(field.value))
          return true;
      return false;
    }
    default:
      return false;
  }
}

bool is_failure_status(const std::string& status) {
  return status != "ok" && status != "partial";
}

// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

const std::array<Table, kTableCount>& tables() {
  static const std::array<Table, kTableCount> kTables = {{
      {"pages",
       {{"url", T, true},
        {"status", T, true},
        {"site", T},
        {"title", T},
        {"category_path", J},
        {"question_title", T},
        {"encyclopedia_name", T},
        {"final_url", T},
        {"fetched_at", W},
        {"fetched_at_us", I},
        {"http_status", I},
        {"sha256", T},
        {"record", J, true}},
       1},
      {"answers",
       {{"url", T, true},
        {"answer_index", I, true},
        {"doctor_name", T},
        {"doctor_title", T},
        {"title_rank", T},
        {"hospital", T},
        {"hospital_grade", T},
        {"answered_at", W},
        {"text", T},
        {"summary", T},
        {"advice", T}},
       2},
      {"causes",
       {{"url", T, true},
        {"answer_index", I, true},
        {"cause_index", I, true},
        {"name", T},
        {"detail", T},
        {"treatments", J}},
       3},
      {"drugs",
       {{"url", T, true},
        {"position", I, true},
        {"name", T},
        {"indication", T},
        {"drug_url", T}},
       2},
      {"recommended_doctors",
       {{"url", T, true},
        {"position", I, true},
        {"name", T},
        {"title", T},
        {"title_rank", T},
        {"hospital", T}},
       2},
  }};
  return kTables;
}

std::optional<long long> parse_rfc3339_us(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!digits(s, 0, 4, year) || s.size() < 20 || s[4] != '-' ||
      !digits(s, 5, 2, month) || s[7] != '-' || !digits(s, 8, 2, day) ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !digits(s, 11, 2, hour) || s[13] != ':' || !digits(s, 14, 2, minute) ||
      s[16] != ':' || !digits(s, 17, 2, second)) {
    return std::nullopt;
  }
  static constexpr int kMonthDays[] = {31, 29, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kMonthDays[month - 1] ||
      hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  long long micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    long long scale = 100000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      micros += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  long long offset_s = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() ||
        s[pos + 3] != ':' || !digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_s = (oh * 3600LL + om * 60LL) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const long long days = days_from_civil(year, static_cast<unsigned>(month),
                                         static_cast<unsigned>(day));
  const long long secs =
      days * 86400LL + hour * 3600LL + minute * 60LL + second - offset_s;
  return secs * 1000000LL + micros;
}

Result<PageRows> to_rows(std::string_view line) {
  // One parser per thread, reused: it keeps its buffers between lines.
  thread_local simdjson::dom::parser parser;
  Element doc;
  if (parser.parse(line.data(), line.size()).get(doc) != simdjson::SUCCESS)
    return Error{Errc::kInvalidInput, "not JSON"};
  Object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) {
    return Error{Errc::kInvalidInput,
                 std::string("not a JSON object (a ") + type_name(doc) + ")"};
  }
  const std::optional<Object> record = root;
  Element version;
  int64_t version_n = 0;
  const bool has_version =
      root.at_key("schema_version").get(version) == simdjson::SUCCESS;
  if (!has_version || version.get_int64().get(version_n) != simdjson::SUCCESS ||
      version_n != kRecordSchemaVersion) {
    return Error{
        Errc::kInvalidInput,
        "schema_version is " +
            (has_version ? simdjson::minify(version) : std::string("missing")) +
            ", this loader reads " + std::to_string(kRecordSchemaVersion)};
  }
  std::string_view url, status;
  if (!member(record, "url") ||
      member(record, "url")->get_string().get(url) != simdjson::SUCCESS ||
      url.empty()) {
    return Error{Errc::kInvalidInput, "no url (a record is stored by its url)"};
  }
  if (!member(record, "status") ||
      member(record, "status")->get_string().get(status) != simdjson::SUCCESS) {
    return Error{Errc::kInvalidInput, "status: expected a string"};
  }
  // No database text type holds U+0000; the escape is rare, so look for it
  // in the line before walking the record.
  if (line.find("\\u0000") != std::string_view::npos && has_nul(doc)) {
    return Error{Errc::kInvalidInput,
                 "a string holds U+0000, which no database text type stores"};
  }

  Fields f;
  PageRows out;
  out.url = std::string(url);
  const auto fetch = f.object(record, "fetch", "");
  const auto page = f.object(record, "page", "");
  const auto question = f.object(record, "question", "");
  const auto encyclopedia = f.object(record, "encyclopedia", "");
  Value fetched_at = f.time(fetch, "fetched_at", "fetch.", &out.fetched_at_us);
  out.rows[kPages].push_back(Row{
      out.url,
      std::string(status),
      f.text(record, "site", ""),
      f.text(page, "title", "page."),
      f.string_list(page, "category_path", "page."),
      f.text(question, "title", "question."),
      f.text(encyclopedia, "name", "encyclopedia."),
      f.text(record, "final_url", ""),
      std::move(fetched_at),
      out.fetched_at_us ? Value(*out.fetched_at_us) : Value(),
      f.integer(fetch, "http_status", "fetch."),
      f.text(fetch, "sha256", "fetch."),
      std::string(line),
  });
  if (is_failure_status(std::string(status))) {
    if (!f.error.empty()) return Error{Errc::kInvalidInput, f.error};
    return out;
  }

  if (const auto answers = f.list(record, "answers", "")) {
    long long a = 0;
    for (Element item : *answers) {
      const std::string where = "answers[" + std::to_string(a) + "].";
      const auto answer =
          f.require_object(item, where.substr(0, where.size() - 1));
      if (!answer) break;
      const auto doctor = f.object(answer, "doctor", where);
      const std::string dw = where + "doctor.";
      out.rows[kAnswers].push_back(Row{
          out.url,
          a,
          f.text(doctor, "name", dw),
          f.text(doctor, "title", dw),
          f.text(doctor, "title_rank", dw),
          f.text(doctor, "hospital", dw),
          f.text(doctor, "hospital_grade", dw),
          f.time(answer, "answered_at", where),
          f.text(answer, "text", where),
          f.text(answer, "summary", where),
          f.text(answer, "advice", where),
      });
      if (const auto causes = f.list(answer, "causes", where)) {
        std::vector<long long> seen;
        std::size_t c = 0;
        for (Element cause_item : *causes) {
          const std::string cw = where + "causes[" + std::to_string(c++) + "]";
          const auto cause = f.require_object(cause_item, cw);
          if (!cause) break;
          Value index = f.integer(cause, "index", cw + ".");
          const long long* n = std::get_if<long long>(&index);
          if (n == nullptr) {
            f.fail(cw + ".index: expected an integer");
            break;
          }
          // (url, answer_index, cause_index) is the key.
          for (long long s : seen) {
            if (s == *n)
              f.fail(cw + ".index: " + std::to_string(*n) + " twice");
          }
          seen.push_back(*n);
          out.rows[kCauses].push_back(Row{
              out.url,
              a,
              std::move(index),
              f.text(cause, "name", cw + "."),
              f.text(cause, "detail", cw + "."),
              f.string_list(cause, "treatments", cw + "."),
          });
        }
      }
      ++a;
    }
  }
  if (const auto drugs = f.list(record, "drugs", "")) {
    long long p = 0;
    for (Element item : *drugs) {
      const std::string where = "drugs[" + std::to_string(p) + "]";
      const auto drug = f.require_object(item, where);
      if (!drug) break;
      out.rows[kDrugs].push_back(Row{out.url, p,
                                     f.text(drug, "name", where + "."),
                                     f.text(drug, "indication", where + "."),
                                     f.text(drug, "url", where + ".")});
      ++p;
    }
  }
  if (const auto doctors = f.list(record, "recommended_doctors", "")) {
    long long p = 0;
    for (Element item : *doctors) {
      const std::string where =
          "recommended_doctors[" + std::to_string(p) + "]";
      const auto doc_obj = f.require_object(item, where);
      if (!doc_obj) break;
      out.rows[kRecommendedDoctors].push_back(
          Row{out.url, p, f.text(doc_obj, "name", where + "."),
              f.text(doc_obj, "title", where + "."),
              f.text(doc_obj, "title_rank", where + "."),
              f.text(doc_obj, "hospital", where + ".")});
      ++p;
    }
  }
  if (!f.error.empty()) return Error{Errc::kInvalidInput, f.error};
  return out;
}

}  // namespace qascrape::db
