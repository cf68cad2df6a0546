#include "extract/record.h"

#include "extract/extract.h"

namespace qascrape::extract {

bool is_success_status(const std::string& s) {
  return s == status::kOk || s == status::kPartial;
}

Record failure_record(std::optional<std::string> url, const std::string& status,
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
