#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qascrape::extract {

// The record contract of ../shared/spec/output.md as plain data. The write
// module turns it into one JSON line; field order there is the contract's.
inline constexpr int kSchemaVersion = 1;

struct FetchInfo {
  std::optional<std::string> fetched_at;
  std::optional<long> http_status;
  std::optional<std::string> content_type;
  std::optional<long long> bytes;
  std::optional<std::string> sha256;
  std::optional<std::string> charset;
  std::optional<std::string> charset_source;
  std::optional<int> attempts;
};

struct Crumb {
  std::string name;
  std::optional<std::string> url;
};

struct PageInfo {
  std::optional<std::string> title;
  std::vector<Crumb> breadcrumbs;
  std::vector<std::string> category_path;
};

struct Question {
  std::optional<std::string> title;
  std::optional<std::string> body;
  std::optional<std::string> gender;
  std::optional<int> age_years;
  std::optional<std::string> asked_at;
  std::vector<std::string> tags;
};

struct Doctor {
  std::optional<std::string> name;
  std::optional<std::string> title;
  std::optional<std::string> title_rank;
  std::optional<std::string> hospital;
  std::optional<std::string> hospital_grade;
  std::vector<std::string> specialties;
  std::optional<std::string> profile_url;
};

struct Cause {
  int index = 0;
  std::string name;
  std::optional<std::string> detail;
  std::vector<std::string> treatments;
};

struct Answer {
  Doctor doctor;
  std::optional<std::string> text;
  std::optional<std::string> summary;
  std::vector<Cause> causes;
  std::optional<std::string> advice;
  std::optional<std::string> answered_at;
};

struct Encyclopedia {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> etiology;
  std::vector<std::string> possible_diseases;
  std::vector<std::string> common_exams;
  std::vector<std::string> departments;
};

struct Drug {
  std::string name;
  std::optional<std::string> indication;
  std::optional<std::string> url;
};

struct RecommendedDoctor {
  std::string name;
  std::optional<std::string> title;
  std::optional<std::string> title_rank;
  std::optional<std::string> hospital;
};

struct Warning {
  std::string field;
  std::string code;  // "missing", "repaired", "decode", ...
  std::string message;
};

struct RecordError {
  std::string code;
  std::string message;
};

// Record statuses: the contract's `status` values (spec/output.md). Their
// names are written in one table, record.cc's kStatusNames.
enum class RecordStatus {
  kOk,
  kPartial,
  kNotQuestionPage,
  kUnsupportedSite,
  kHttpError,
  kFetchError,
  kTooLarge,
  kInvalidUrl,
  kBlocked,
  kRobotsDisallowed,
  kDuplicate,
};

// The contract's name of a status ("not_question_page").
const char* status_name(RecordStatus status);
// The status of a name; nullopt for a name the contract does not have.
std::optional<RecordStatus> parse_status(std::string_view name);

// True for statuses that count as success (exit code 0): ok, partial.
bool is_success_status(RecordStatus status);

struct Record {
  std::optional<std::string> url;
  std::optional<std::string> final_url;
  RecordStatus status = RecordStatus::kOk;
  std::optional<std::string> site;
  FetchInfo fetch;
  PageInfo page;
  std::optional<Question> question;
  std::vector<Answer> answers;
  std::optional<Encyclopedia> encyclopedia;
  std::vector<Drug> drugs;
  std::vector<RecommendedDoctor> recommended_doctors;
  std::vector<Warning> warnings;
  std::optional<RecordError> error;
  std::string extractor_version;
  std::optional<std::string> rules_sha256;
  // Added after the contract's keys: the URL list's line this record
  // answers (crawl only), so --resume and users can join records to lines.
  std::optional<long long> input_line;
  // Not written: which `select` alternative (0-based) gave each field with
  // several its value on this page, for the run's coverage.
  std::map<std::string, std::size_t> alternatives;
};

// A record for an input that could not be read or fetched: only url, status,
// error (and whatever fetch facts are known) are set.
Record failure_record(std::optional<std::string> url, RecordStatus status,
                      const std::string& error_code,
                      const std::string& message);

}  // namespace qascrape::extract
