// The HTML run report (--report): what a person reads after a run.
#include "pipeline/report.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace qascrape::pipeline {

namespace {

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string percent(double f) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1) << f * 100 << "%";
  return s.str();
}

constexpr const char* kStyle =
    "body{font:14px/1.4 sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}"
    "td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".bar{position:relative;width:200px;height:12px;background:#eee}"
    ".fill{position:absolute;left:0;top:0;height:12px;background:#4a8}"
    ".flagged .fill{background:#c33}"
    ".expect{position:absolute;top:-2px;width:2px;height:16px;background:#000}"
    ".alarm,.flagged td{color:#c33}";

}  // namespace

std::string html_report(
    const RunStats& stats, const std::string& command,
    const std::vector<std::pair<std::string, std::string>>& facts,
    std::vector<HostRow> hosts) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    << "<title>qascrape " << esc(command) << " report</title><style>" << kStyle
    << "</style></head><body>\n<h1>qascrape " << esc(command)
    << "</h1>\n<table id=\"facts\">";
  for (const auto& [k, v] : facts)
    h << "<tr><th>" << esc(k) << "</th><td>" << esc(v) << "</td></tr>";
  h << "</table>\n<h2>Records by status</h2>\n<table id=\"statuses\">"
    << "<tr><th>status</th><th>records</th></tr>";
  for (const auto& [status, n] : stats.by_status())
    h << "<tr data-status=\"" << esc(status) << "\"><td>" << esc(status)
      << "</td><td class=\"n\">" << n << "</td></tr>";
  h << "<tr data-status=\"total\"><th>total</th><td class=\"n\">"
    << stats.total() << "</td></tr></table>\n";

  const std::vector<HealthAlarm> alarms = stats.alarms();
  h << "<h2>Selector health</h2>\n<ul id=\"alarms\">";
  if (alarms.empty()) h << "<li>no field flagged</li>";
  for (const HealthAlarm& a : alarms)
    h << "<li class=\"alarm\" data-site=\"" << esc(a.site) << "\" data-field=\""
      << esc(a.field) << "\">" << esc(a.line()) << "</li>";
  h << "</ul>\n<h2>Coverage</h2>\n<table id=\"coverage\"><tr><th>site</th>"
    << "<th>field</th><th>filled</th><th>seen</th><th>rate</th>"
    << "<th>expected</th><th></th><th>alternatives</th></tr>";
  for (const Coverage& c : stats.coverage()) {
    const double rate = c.seen ? static_cast<double>(c.filled) / c.seen : 0.0;
    h << "<tr" << (c.flagged ? " class=\"flagged\"" : "") << " data-site=\""
      << esc(c.site) << "\" data-field=\"" << esc(c.field)
      << "\" data-filled=\"" << c.filled << "\" data-seen=\"" << c.seen
      << "\"><td>" << esc(c.site) << "</td><td>" << esc(c.field)
      << "</td><td class=\"n\">" << c.filled << "</td><td class=\"n\">"
      << c.seen << "</td><td class=\"n\">" << percent(rate)
      << "</td><td class=\"n\">" << (c.expected > 0 ? percent(c.expected) : "")
      << "</td><td><div class=\"bar\"><div class=\"fill\" style=\"width:"
      << std::fixed << std::setprecision(1) << rate * 100 << "%\"></div>";
    if (c.expected > 0)
      h << "<div class=\"expect\" style=\"left:" << c.expected * 100
        << "%\"></div>";
    h << "</div></td><td>";
    for (std::size_t i = 0; i < c.by_alternative.size(); ++i)
      h << (i ? ", " : "select #") << (i ? "#" : "") << i + 1 << ": "
        << c.by_alternative[i];
    h << "</td></tr>";
  }
  h << "</table>\n";
  if (!hosts.empty()) {
    // Most failing first, then slowest: where a crawl loses its time.
    std::sort(hosts.begin(), hosts.end(), [](const auto& a, const auto& b) {
      if (a.failed != b.failed) return a.failed > b.failed;
      return a.mean_seconds > b.mean_seconds;
    });
    if (hosts.size() > 20) hosts.resize(20);
    h << "<h2>Hosts (most failing, then slowest)</h2>\n<table id=\"hosts\">"
      << "<tr><th>host</th><th>pages</th><th>failed</th><th>mean s</th>"
      << "<th>max s</th></tr>";
    for (const HostRow& row : hosts)
      h << "<tr data-host=\"" << esc(row.host) << "\" data-pages=\""
        << row.pages << "\" data-failed=\"" << row.failed << "\"><td>"
        << esc(row.host) << "</td><td class=\"n\">" << row.pages
        << "</td><td class=\"n\">" << row.failed << "</td><td class=\"n\">"
        << std::setprecision(3) << row.mean_seconds << "</td><td class=\"n\">"
        << row.max_seconds << "</td></tr>";
    h << "</table>\n";
  }
  h << "</body></html>\n";
  return h.str();
}

Status write_whole_file(const std::filesystem::path& file,
                        const std::string& bytes, const char* what) {
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      std::string m = file.string();
      m.append(": cannot write ").append(what);
      return make_error(Errc::kIo, m);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    const std::string why = ec.message();
    std::filesystem::remove(tmp, ec);
    std::string m = file.string();
    m.append(": cannot write ").append(what).append(": ").append(why);
    return make_error(Errc::kIo, m);
  }
  return ok_status();
}

}  // namespace qascrape::pipeline
