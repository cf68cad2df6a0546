#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <thread>
#include <utility>

#include "pipeline/pipeline.h"

namespace qascrape::pipeline {

int exit_code_for(Errc code) {
  switch (code) {
    case Errc::kUsage:
    case Errc::kNotFound:
      return kExitUsage;
    case Errc::kConfig:
      return kExitConfig;
    case Errc::kIo:
      return kExitOutput;
    default:
      return kExitSomeFailed;
  }
}

int worker_count(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

double binomial_cdf(std::size_t k, std::size_t n, double p) {
  if (k >= n || p <= 0) return 1.0;
  if (p >= 1) return 0.0;
  // Terms from k down: below the mean each is smaller than the one after
  // it, so the sum converges in few steps; log space keeps large n exact.
  const auto log_pmf = [&](std::size_t i) {
    return std::lgamma(n + 1.0) - std::lgamma(i + 1.0) -
           std::lgamma(n - i + 1.0) + i * std::log(p) +
           (n - i) * std::log1p(-p);
  };
  double sum = 0;
  for (std::size_t i = k + 1; i-- > 0;) {
    const double term = std::exp(log_pmf(i));
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return std::min(sum, 1.0);
}

bool health_flags(std::size_t seen, std::size_t filled, double rate) {
  return static_cast<double>(filled) < rate * seen &&
         binomial_cdf(filled, seen, rate) < kHealthAlpha;
}

namespace {

// The rate a field is expected at: the selector file's, else the default
// for a required field; 0 for no expectation.
double expected_rate(const rules::SiteRules& site, const std::string& key) {
  if (auto it = site.health.find(key); it != site.health.end())
    return it->second;
  const rules::FieldRule* rule = site.field(key);
  return rule && rule->required ? kHealthRequiredDefault : 0.0;
}

// The fields counted for coverage: those the file defines or expects.
std::vector<std::string> counted_fields(const rules::SiteRules& site) {
  std::vector<std::string> out;
  for (const rules::FieldSpec& f : rules::field_specs()) {
    const std::string key(f.key);
    if (site.field(key) || expected_rate(site, key) > 0) out.push_back(key);
  }
  return out;
}

}  // namespace

std::string HealthAlarm::line() const {
  std::ostringstream s;
  s << "site " << site << ": field " << field << " filled on " << filled
    << " of " << seen
    << " question pages, expected >= " << static_cast<int>(expected * 100 + 0.5)
    << "% (chance " << std::setprecision(2) << chance
    << " if the selector still worked)";
  if (!selectors.empty()) s << "; selector " << selectors;
  s << " in " << file;
  if (!examples.empty()) {
    s << "; e.g.";
    for (const std::string& e : examples) s << " " << e;
  }
  return s.str();
}

void RunStats::observe(const extract::Record& record,
                       const rules::SiteRules* site) {
  ++total_;
  ++by_status_[extract::status_name(record.status)];
  if (!extract::is_success_status(record.status)) ++failed_;
  if (site == nullptr || !extract::is_success_status(record.status)) return;
  SiteCounts& counts = sites_[site->id];
  if (counts.site == nullptr) {
    counts.site = site;
    for (const std::string& key : counted_fields(*site)) {
      FieldCounts& f = counts.fields[key];
      f.spec = rules::find_field(key);
      const rules::FieldRule* rule = site->field(key);
      if (rule && rule->select.size() > 1)
        f.by_alternative.assign(rule->select.size(), 0);
    }
  }
  ++counts.question_pages;
  for (auto& [key, f] : counts.fields) {
    // An answer's fields can only be there when answers are.
    if (f.spec->per_answer() && record.answers.empty()) continue;
    ++f.seen;
    if (auto alt = record.alternatives.find(key);
        alt != record.alternatives.end() &&
        alt->second < f.by_alternative.size())
      ++f.by_alternative[alt->second];
    if (extract::field_present(record, f.spec->id)) {
      ++f.filled;
    } else if (f.examples.size() < 2) {
      f.examples.push_back(record.url.value_or("(no url)"));
    }
    if (f.flagged ||
        f.seen < static_cast<std::size_t>(site->health_min_pages) ||
        expected_rate(*site, key) <= 0)
      continue;
    if (health_flags(f.seen, f.filled, expected_rate(*site, key))) {
      f.flagged = true;
      new_alarms_.push_back(alarm_of(counts, key, f));
    }
  }
}

HealthAlarm RunStats::alarm_of(const SiteCounts& counts, const std::string& key,
                               const FieldCounts& f) const {
  const rules::SiteRules& site = *counts.site;
  HealthAlarm a;
  a.site = site.id;
  a.field = key;
  a.file = site.path;
  a.seen = f.seen;
  a.filled = f.filled;
  a.expected = expected_rate(site, key);
  a.chance = binomial_cdf(f.filled, f.seen, a.expected);
  a.examples = f.examples;
  if (const rules::FieldRule* rule = site.field(key)) {
    for (const auto& sel : rule->select) {
      if (!a.selectors.empty()) a.selectors += ", ";
      a.selectors += "'" + sel.source() + "'";
    }
  }
  return a;
}

std::vector<HealthAlarm> RunStats::take_new_alarms() {
  return std::exchange(new_alarms_, {});
}

std::vector<HealthAlarm> RunStats::alarms() const {
  std::vector<HealthAlarm> out;
  for (const auto& [id, counts] : sites_) {
    for (const auto& [key, f] : counts.fields) {
      if (f.flagged) out.push_back(alarm_of(counts, key, f));
    }
  }
  return out;
}

std::vector<std::string> RunStats::coverage_lines() const {
  std::vector<std::string> out;
  const std::vector<Coverage> all = coverage();
  for (const auto& [id, counts] : sites_) {
    out.push_back("coverage of site " + id + " (" +
                  std::to_string(counts.question_pages) +
                  " question pages; answer fields: pages with answers):");
    for (const Coverage& c : all) {
      if (c.site != id) continue;
      std::ostringstream line;
      line << "  " << std::left << std::setw(28) << c.field << std::right
           << std::setw(8) << c.filled << "/" << c.seen;
      if (c.expected > 0)
        line << "  expected >= " << static_cast<int>(c.expected * 100 + 0.5)
             << "%";
      if (c.flagged) line << "  FLAGGED";
      if (!c.by_alternative.empty()) {
        line << "  by select:";
        for (std::size_t i = 0; i < c.by_alternative.size(); ++i)
          line << " #" << i + 1 << " " << c.by_alternative[i];
      }
      out.push_back(line.str());
    }
  }
  return out;
}

std::vector<Coverage> RunStats::coverage() const {
  std::vector<Coverage> out;
  for (const auto& [id, counts] : sites_) {
    for (const auto& [key, f] : counts.fields) {
      Coverage c{id,
                 key,
                 f.seen,
                 f.filled,
                 expected_rate(*counts.site, key),
                 f.flagged,
                 f.by_alternative};
      // Records read back from JSON (load) do not say which alternative
      // matched: no counts rather than zeros.
      std::size_t matched = 0;
      for (std::size_t n : c.by_alternative) matched += n;
      if (matched == 0) c.by_alternative.clear();
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::vector<std::string> RunStats::health_problems() const {
  std::vector<std::string> out;
  for (const HealthAlarm& a : alarms()) out.push_back(a.line());
  return out;
}

nlohmann::ordered_json RunStats::to_json() const {
  nlohmann::ordered_json j;
  j["records"] = total();
  j["by_status"] = by_status();
  j["coverage"] = nlohmann::ordered_json::array();
  for (const Coverage& c : coverage()) {
    j["coverage"].push_back({{"site", c.site},
                             {"field", c.field},
                             {"seen", c.seen},
                             {"filled", c.filled},
                             {"expected", c.expected},
                             {"flagged", c.flagged},
                             {"by_alternative", c.by_alternative}});
  }
  const std::vector<HealthAlarm> all = alarms();
  j["health_verdict"] = all.empty() ? "ok" : "alarm";
  j["health"] = nlohmann::ordered_json::array();
  for (const HealthAlarm& a : all) {
    j["health"].push_back({{"site", a.site},
                           {"field", a.field},
                           {"selectors", a.selectors},
                           {"file", a.file},
                           {"seen", a.seen},
                           {"filled", a.filled},
                           {"expected", a.expected},
                           {"chance", a.chance},
                           {"examples", a.examples}});
  }
  return j;
}

std::string RunStats::summary() const {
  std::ostringstream s;
  s << total_ << " record(s)";
  for (const auto& [status, n] : by_status_) s << ", " << status << " " << n;
  return s.str();
}

}  // namespace qascrape::pipeline
