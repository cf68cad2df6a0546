// pipeline owns running inputs through extract and write: re-parsing saved
// pages, replaying fixtures and crawling; it may use every module below cli
// (core, charset, dom, selector, rules, normalize, extract, write, fetch,
// store).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "extract/extract.h"
#include "rules/fields.h"
#include "rules/rules.h"
#include "write/write.h"

namespace qascrape::pipeline {

// Exit codes of ../shared/spec/cli.md.
enum ExitCode {
  kExitOk = 0,
  kExitSomeFailed = 1,
  kExitUsage = 2,
  kExitConfig = 3,
  kExitOutput = 4,
  kExitHealth = 5,
  kExitInterrupted = 130,
};
int exit_code_for(Errc code);

// Parse threads for a --workers value: the value itself, or one per core
// when it is 0.
int worker_count(int requested);

// Selector health (selectors/README.md "Health"): a field is flagged when
// the count of question pages that had it is improbably low under the fill
// rate its selector file expects: P(X <= filled) < kHealthAlpha for X
// binomial(seen, expected). Fields without a stated rate expect
// kHealthRequiredDefault when they are required, nothing otherwise; answer
// fields count only pages with answers.
inline constexpr double kHealthAlpha = 1e-4;
inline constexpr double kHealthRequiredDefault = 0.8;

// P(X <= k) for X ~ binomial(n, p).
double binomial_cdf(std::size_t k, std::size_t n, double p);

// The rule: `filled` of `seen` pages is below `rate` and improbably so.
bool health_flags(std::size_t seen, std::size_t filled, double rate);

// One flagged field.
struct HealthAlarm {
  std::string site, field, selectors, file;
  std::size_t seen = 0, filled = 0;
  double expected = 0, chance = 0;
  std::vector<std::string> examples;  // pages where it was missing
  std::string line() const;           // for stderr / the log
};

// How often a field was filled on a site's question pages in a run.
struct Coverage {
  std::string site, field;
  std::size_t seen = 0, filled = 0;
  double expected = 0;  // 0: no expectation
  bool flagged = false;
  // For a field with several `select` alternatives: on how many pages each
  // one was the one that matched.
  std::vector<std::size_t> by_alternative;
};

// Per-run counts and the selector-health check.
class RunStats {
 public:
  void observe(const extract::Record& record, const rules::SiteRules* site);
  std::size_t total() const { return total_; }
  std::size_t failed() const { return failed_; }
  const std::map<std::string, std::size_t>& by_status() const {
    return by_status_;
  }
  // Alarms raised since the last call, as soon as the evidence is there
  // (a crawl logs them while it runs).
  std::vector<HealthAlarm> take_new_alarms();
  // Every field flagged during the run, with the counts at the end.
  std::vector<HealthAlarm> alarms() const;
  // alarms() as lines: "site ask39: field answer.doctor.name filled on 0
  // of 10 question pages, expected >= 80% ...; selector '...' in FILE".
  std::vector<std::string> health_problems() const;
  // Per site, every field the selector file defines or expects: filled /
  // seen, the expectation, whether it was flagged.
  std::vector<Coverage> coverage() const;
  std::vector<std::string> coverage_lines() const;  // as a table
  std::string summary() const;
  // The run's counts for a --stats file: records, by_status, coverage,
  // health (the alarms) and health_verdict ("ok" or "alarm"). crawl adds its
  // fetch counts.
  nlohmann::ordered_json to_json() const;

 private:
  struct FieldCounts {
    const rules::FieldSpec* spec = nullptr;  // of rules/fields.h
    std::size_t seen = 0, filled = 0;
    std::vector<std::size_t> by_alternative;
    std::vector<std::string> examples;
    bool flagged = false;
  };
  struct SiteCounts {
    const rules::SiteRules* site = nullptr;
    std::size_t question_pages = 0;
    std::map<std::string, FieldCounts> fields;
  };
  HealthAlarm alarm_of(const SiteCounts& site, const std::string& key,
                       const FieldCounts& f) const;
  std::size_t total_ = 0, failed_ = 0;
  std::map<std::string, std::size_t> by_status_;
  std::map<std::string, SiteCounts> sites_;
  std::vector<HealthAlarm> new_alarms_;
};

// --- re-parsing saved pages ------------------------------------------------

// One saved page to re-parse: a file, a saved-page folder (page.html +
// response.json), or stdin.
struct SavedInput {
  std::string label;               // the path as the user will recognise it
  std::filesystem::path page;      // empty for stdin
  std::filesystem::path response;  // response.json, if any
  bool is_stdin = false;
  bool is_warc = false;  // a page store file: one record per page in it
};

// The saved page of a folder holding page.html (and, if there, its
// response.json), as a fixture case or a saved-page folder is.
SavedInput saved_page_folder(const std::filesystem::path& dir);

// Expands PATH arguments: folders are walked recursively in name order; a
// folder holding page.html is one saved page with its response.json.
// Errors: a path that does not exist.
Result<std::vector<SavedInput>> collect_inputs(
    const std::vector<std::string>& paths);

struct ParseOptions {
  std::optional<std::string> url;          // --url
  std::optional<std::string> charset;      // --charset
  const rules::SiteRules* site = nullptr;  // --site
};

// Reads and extracts one saved page; never fails: a page that cannot be read
// gives a record that says so.
extract::Record parse_saved(const SavedInput& input,
                            const extract::Extractor& extractor,
                            const ParseOptions& options);

// Reads a WARC file written by crawl and hands one job per page (in file
// order) to `submit`; running a job extracts that page's record, so the
// caller may run them in parallel. A file that cannot be read, or is corrupt
// part-way, gives a job whose record says so and which bytes were skipped;
// pages before the damage are kept, and in a .warc.gz so are those after
// it (reading resumes at the next gzip member). Warnings about a torn last
// record go to stderr.
void parse_warc(
    const SavedInput& input, const extract::Extractor& extractor,
    const rules::RuleSet& rules, const ParseOptions& options,
    const std::function<void(std::function<extract::Record()>)>& submit);

// The response stored for `url` (requested or final) in a page store: a
// .warc/.warc.gz file or a folder of them, the last one written winning.
// The input points into the returned object. Errors: Errc::kNotFound when
// no response of that URL is stored, kIo for an unreadable store.
Result<std::shared_ptr<const extract::PageInput>> stored_page(
    const std::filesystem::path& store, const std::string& url);

// The metadata of a saved page (response.json), merged into `input`.
Status read_response_json(const std::filesystem::path& file,
                          extract::PageInput& input);

// --- fixtures (golden cases) -------------------------------------------------

struct CaseResult {
  std::string name;  // "ask39/seed"
  bool passed = false;
  bool missing_expected = false;
  std::vector<std::string> diffs;  // "/answers/0/text: expected ..., got ..."
};

// Every fixtures/<site>/<case>/ folder (holding page.html), in name order.
std::vector<std::filesystem::path> fixture_cases(
    const std::filesystem::path& root);

// Extracts the case's page with its response.json and compares with its
// expected.json (the `extractor` object is not compared: it changes with
// every release and rule edit). With `update`, writes expected.json instead.
CaseResult run_case(const std::filesystem::path& case_dir,
                    const std::filesystem::path& root,
                    const extract::Extractor& extractor, bool update);

// Path-by-path differences between two JSON documents.
std::vector<std::string> json_diff(const nlohmann::json& expected,
                                   const nlohmann::json& actual);

// Reads a whole file; Errc::kIo when it cannot.
Result<std::string> read_file(const std::filesystem::path& file);

}  // namespace qascrape::pipeline
