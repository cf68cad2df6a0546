// extract owns turning one page's bytes into a Record with a site's rules;
// it may use core, charset, dom, selector, rules and normalize.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "extract/record.h"
#include "rules/fields.h"
#include "rules/rules.h"

namespace qascrape::extract {

// One page to read: its raw bytes and whatever is known of its response.
struct PageInput {
  std::string_view bytes;
  std::optional<std::string> url;        // requested / given URL
  std::optional<std::string> final_url;  // after redirects
  std::optional<std::string> fetched_at;
  std::optional<long> http_status;
  std::optional<std::string> content_type;
  std::optional<int> attempts;
  std::optional<std::string> charset_override;  // a user's --charset
  std::optional<std::string> sha256;  // of bytes, if the caller has it
};

// True when the record has a value for the field (an answer field: in any
// answer). The selector health and coverage count this.
bool field_present(const Record& record, rules::FieldId field);
// The same for one answer and an answer.* field (false for other fields).
bool answer_has(const Answer& answer, rules::FieldId field);

// The version string written to every record's `extractor.version`.
const char* extractor_version();

class Extractor {
 public:
  explicit Extractor(const rules::RuleSet& rules);

  // Always returns one record; what went wrong is in status/error/warnings.
  // `forced` (from --site) wins over URL and canonical-link matching. Safe to
  // call from several threads at once.
  Record extract(const PageInput& input,
                 const rules::SiteRules* forced = nullptr) const;

 private:
  const rules::RuleSet& rules_;
};

}  // namespace qascrape::extract
