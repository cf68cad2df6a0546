#include "extract/record.h"

#include <iterator>

#include "extract/extract.h"

namespace qascrape::extract {

namespace {

struct StatusName {
  RecordStatus status;
  const char* name;
};
// The one table of status names, in enum order.
constexpr StatusName kStatusNames[] = {
    {RecordStatus::kOk, "ok"},
    {RecordStatus::kPartial, "partial"},
    {RecordStatus::kNotQuestionPage, "not_question_page"},
    {RecordStatus::kUnsupportedSite, "unsupported_site"},
    {RecordStatus::kHttpError, "http_error"},
    {RecordStatus::kFetchError, "fetch_error"},
    {RecordStatus::kTooLarge, "too_large"},
    {RecordStatus::kInvalidUrl, "invalid_url"},
    {RecordStatus::kBlocked, "blocked"},
    {RecordStatus::kRobotsDisallowed, "robots_disallowed"},
    {RecordStatus::kDuplicate, "duplicate"},
};
static_assert(std::size(kStatusNames) ==
              static_cast<std::size_t>(RecordStatus::kDuplicate) + 1);

}  // namespace

const char* status_name(RecordStatus status) {
  return kStatusNames[static_cast<std::size_t>(status)].name;
}

std::optional<RecordStatus> parse_status(std::string_view name) {
  for (const StatusName& s : kStatusNames)
    if (name == s.name) return s.status;
  return std::nullopt;
}

bool is_success_status(RecordStatus s) {
  return s == RecordStatus::kOk || s == RecordStatus::kPartial;
}

Record failure_record(std::optional<std::string> url, RecordStatus status,
                      const std::string& error_code,
                      const std::string& message) {
  Record rec;
  rec.extractor_version = extractor_version();
  rec.url = std::move(url);
  rec.status = status;
  rec.error = RecordError{error_code, message};
  return rec;
}

}  // namespace qascrape::extract
