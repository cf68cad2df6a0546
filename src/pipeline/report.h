#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "pipeline/pipeline.h"

namespace qascrape::pipeline {

// The run report for a person (--report FILE.html): one self-contained
// HTML file (no network, no scripts) with the status counts, the coverage
// table with each field's fill rate drawn against its expectation, and the
// selector-health alarms. `facts` are extra (label, value) lines such as
// the command and its duration.
// One host of a crawl, for the report's table of slow and failing hosts.
struct HostRow {
  std::string host;
  std::size_t pages = 0, failed = 0;  // failed: no response, or HTTP >= 400
  double mean_seconds = 0, max_seconds = 0;
};

std::string html_report(
    const RunStats& stats, const std::string& command,
    const std::vector<std::pair<std::string, std::string>>& facts,
    std::vector<HostRow> hosts = {});

// Writes `bytes` to `file` through a temporary file renamed into place, so a
// failed write never leaves half a file (a report, a --stats file).
// Errc::kIo naming `what` on failure.
Status write_whole_file(const std::filesystem::path& file,
                        const std::string& bytes, const char* what);
inline Status write_report(const std::filesystem::path& file,
                           const std::string& html) {
  return write_whole_file(file, html, "the report");
}

}  // namespace qascrape::pipeline
