#include "db/rows.h"

#include <nlohmann/json.hpp>

namespace qascrape::db {

namespace {

using json = nlohmann::json;
constexpr ColType T = ColType::kText;
constexpr ColType I = ColType::kInt;
constexpr ColType J = ColType::kJson;
constexpr ColType W = ColType::kTime;  // "when"

// Reads typed fields out of a record; the first field of a wrong type is
// remembered (with its path) and makes the whole line a bad line.
class Fields {
 public:
  std::string error;

  // A string (or null / absent) as a text cell.
  Value text(const json& obj, const char* key, const std::string& where) {
    const json* v = find(obj, key);
    if (v == nullptr) return {};
    if (v->is_string()) return v->get<std::string>();
    return wrong(where + key, "a string or null", *v);
  }
  // A string that must be an RFC 3339 time (or null / absent).
  Value time(const json& obj, const char* key, const std::string& where,
             std::optional<long long>* us = nullptr) {
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
  Value integer(const json& obj, const char* key, const std::string& where) {
    const json* v = find(obj, key);
    if (v == nullptr) return {};
    if (v->is_number_integer()) return v->get<long long>();
    return wrong(where + key, "an integer or null", *v);
  }
  // An object, or nullptr when null / absent.
  const json* object(const json& obj, const char* key,
                     const std::string& where) {
    const json* v = find(obj, key);
    if (v == nullptr) return nullptr;
    if (v->is_object()) return v;
    wrong(where + key, "an object or null", *v);
    return nullptr;
  }
  // A list, or nullptr when null / absent (read as empty).
  const json* list(const json& obj, const char* key, const std::string& where) {
    const json* v = find(obj, key);
    if (v == nullptr) return nullptr;
    if (v->is_array()) return v;
    wrong(where + key, "a list", *v);
    return nullptr;
  }
  // A list of strings as JSON text (for a JSON / jsonb column).
  Value string_list(const json& obj, const char* key,
                    const std::string& where) {
    const json* v = list(obj, key, where);
    if (v == nullptr) return {};
    for (const json& item : *v) {
      if (!item.is_string()) {
        wrong(where + key + "[]", "a string", item);
        return {};
      }
    }
    return v->dump();
  }
  bool require_object(const json& item, const std::string& where) {
    if (item.is_object()) return true;
    wrong(where, "an object", item);
    return false;
  }
  void fail(std::string message) {
    if (error.empty()) error = std::move(message);
  }

 private:
  static const json* find(const json& obj, const char* key) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
  }
  Value wrong(const std::string& path, const char* expected, const json& got) {
    fail(path + ": expected " + expected + ", got " + got.type_name());
    return {};
  }
};

bool has_nul(const json& j) {
  switch (j.type()) {
    case json::value_t::string:
      return j.get_ref<const std::string&>().find('\0') != std::string::npos;
    case json::value_t::array:
      for (const json& item : j)
        if (has_nul(item)) return true;
      return false;
    case json::value_t::object:
      for (const auto& [key, value] : j.items())
        if (key.find('\0') != std::string::npos || has_nul(value)) return true;
      return false;
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
  const json record = json::parse(line.begin(), line.end(), nullptr,
                                  /*allow_exceptions=*/false);
  if (record.is_discarded()) return Error{Errc::kInvalidInput, "not JSON"};
  if (!record.is_object()) {
    return Error{Errc::kInvalidInput, std::string("not a JSON object (a ") +
                                          record.type_name() + ")"};
  }
  const auto version = record.find("schema_version");
  if (version == record.end() || !version->is_number_integer() ||
      version->get<long long>() != kRecordSchemaVersion) {
    return Error{Errc::kInvalidInput,
                 "schema_version is " +
                     (version == record.end() ? std::string("missing")
                                              : version->dump()) +
                     ", this loader reads " +
                     std::to_string(kRecordSchemaVersion)};
  }
  const auto url = record.find("url");
  if (url == record.end() || !url->is_string() ||
      url->get_ref<const std::string&>().empty()) {
    return Error{Errc::kInvalidInput, "no url (a record is stored by its url)"};
  }
  const auto status = record.find("status");
  if (status == record.end() || !status->is_string()) {
    return Error{Errc::kInvalidInput, "status: expected a string"};
  }
  // No database text type holds U+0000; the escape is rare, so look for it
  // in the line before walking the record.
  if (line.find("\\u0000") != std::string_view::npos && has_nul(record)) {
    return Error{Errc::kInvalidInput,
                 "a string holds U+0000, which no database text type stores"};
  }

  Fields f;
  PageRows out;
  out.url = url->get<std::string>();
  const json empty = json::object();
  const json* fetch = f.object(record, "fetch", "");
  const json* page = f.object(record, "page", "");
  const json* question = f.object(record, "question", "");
  const json* encyclopedia = f.object(record, "encyclopedia", "");
  Value fetched_at = f.time(fetch ? *fetch : empty, "fetched_at", "fetch.",
                            &out.fetched_at_us);
  out.rows[kPages].push_back(Row{
      out.url,
      status->get<std::string>(),
      f.text(record, "site", ""),
      f.text(page ? *page : empty, "title", "page."),
      f.string_list(page ? *page : empty, "category_path", "page."),
      f.text(question ? *question : empty, "title", "question."),
      f.text(encyclopedia ? *encyclopedia : empty, "name", "encyclopedia."),
      f.text(record, "final_url", ""),
      std::move(fetched_at),
      out.fetched_at_us ? Value(*out.fetched_at_us) : Value(),
      f.integer(fetch ? *fetch : empty, "http_status", "fetch."),
      f.text(fetch ? *fetch : empty, "sha256", "fetch."),
      std::string(line),
  });
  if (is_failure_status(status->get_ref<const std::string&>())) {
    if (!f.error.empty()) return Error{Errc::kInvalidInput, f.error};
    return out;
  }

  if (const json* answers = f.list(record, "answers", "")) {
    long long a = 0;
    for (const json& answer : *answers) {
      const std::string where = "answers[" + std::to_string(a) + "].";
      if (!f.require_object(answer, where.substr(0, where.size() - 1))) break;
      const json* doctor = f.object(answer, "doctor", where);
      const json& d = doctor ? *doctor : empty;
      const std::string dw = where + "doctor.";
      out.rows[kAnswers].push_back(Row{
          out.url,
          a,
          f.text(d, "name", dw),
          f.text(d, "title", dw),
          f.text(d, "title_rank", dw),
          f.text(d, "hospital", dw),
          f.text(d, "hospital_grade", dw),
          f.time(answer, "answered_at", where),
          f.text(answer, "text", where),
          f.text(answer, "summary", where),
          f.text(answer, "advice", where),
      });
      if (const json* causes = f.list(answer, "causes", where)) {
        std::vector<long long> seen;
        for (std::size_t c = 0; c < causes->size(); ++c) {
          const json& cause = (*causes)[c];
          const std::string cw = where + "causes[" + std::to_string(c) + "]";
          if (!f.require_object(cause, cw)) break;
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
  if (const json* drugs = f.list(record, "drugs", "")) {
    long long p = 0;
    for (const json& drug : *drugs) {
      const std::string where = "drugs[" + std::to_string(p) + "]";
      if (!f.require_object(drug, where)) break;
      out.rows[kDrugs].push_back(Row{out.url, p,
                                     f.text(drug, "name", where + "."),
                                     f.text(drug, "indication", where + "."),
                                     f.text(drug, "url", where + ".")});
      ++p;
    }
  }
  if (const json* doctors = f.list(record, "recommended_doctors", "")) {
    long long p = 0;
    for (const json& doc : *doctors) {
      const std::string where =
          "recommended_doctors[" + std::to_string(p) + "]";
      if (!f.require_object(doc, where)) break;
      out.rows[kRecommendedDoctors].push_back(
          Row{out.url, p, f.text(doc, "name", where + "."),
              f.text(doc, "title", where + "."),
              f.text(doc, "title_rank", where + "."),
              f.text(doc, "hospital", where + ".")});
      ++p;
    }
  }
  if (!f.error.empty()) return Error{Errc::kInvalidInput, f.error};
  return out;
}

}  // namespace qascrape::db
