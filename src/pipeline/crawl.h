#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "fetch/fetch.h"
#include "rules/rules.h"
#include "store/store.h"

namespace qascrape::pipeline {

// The largest --max-bytes: a body and its headers must fit one record the
// page store can read back.
inline constexpr std::size_t kMaxPageBytes =
    static_cast<std::size_t>(store::kMaxBlockBytes) - (std::size_t{1} << 20);

struct CrawlOptions {
  std::string urls;                        // a file, or "-" for stdin
  std::string output = "-";                // "-", a file, or a folder
  std::string store_dir = "output/store";  // WARC page store
  fetch::FetchOptions fetch;
  const rules::SiteRules* site = nullptr;  // --site
  bool resume = false;
  int shard_k = 0, shard_n = 1;            // --shard K/N, K 0-based here
  std::optional<std::string> stats_file;   // --stats FILE
  std::optional<std::string> report_file;  // --report FILE.html
  int workers = 0;                         // parse threads; 0 = every core
  bool progress_tty = false;               // live progress line on stderr
  int term_columns = 0;                    // its width; 0 when unknown
  // -1 (-q): warnings, errors and alarms only; 0: also progress, failed
  // URLs, summary and coverage; 1 (-v): also every URL's outcome.
  int verbosity = 0;
  double log_every_s = 5;  // log line period elsewhere
};

// Runs a crawl; returns the process exit code (spec/cli.md). Logs,
// progress and the summary go to `log`.
int crawl(const CrawlOptions& options, const rules::RuleSet& rules,
          std::ostream& log);

}  // namespace qascrape::pipeline
