#include "pipeline/responses.h"

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace qascrape::pipeline {

namespace {

const rules::SiteRules* site_for(const std::string& url,
                                 const rules::RuleSet& rules,
                                 const rules::SiteRules* forced) {
  return forced != nullptr ? forced : rules.for_url(url);
}

extract::Record failure(const std::string& url, extract::RecordStatus status,
                        const std::string& message,
                        const rules::SiteRules* site) {
  extract::Record rec = extract::failure_record(
      url, status, extract::status_name(status), message);
  if (site != nullptr) {
    rec.site = site->id;
    rec.rules_sha256 = site->sha256;
  }
  return rec;
}

}  // namespace

extract::RecordStatus status_for(fetch::Outcome outcome) {
  switch (outcome) {
    case fetch::Outcome::kResponse:
      return extract::RecordStatus::kOk;
    case fetch::Outcome::kFetchError:
      return extract::RecordStatus::kFetchError;
    case fetch::Outcome::kTooLarge:
      return extract::RecordStatus::kTooLarge;
    case fetch::Outcome::kBlocked:
      return extract::RecordStatus::kBlocked;
    case fetch::Outcome::kRobotsDisallowed:
      return extract::RecordStatus::kRobotsDisallowed;
    case fetch::Outcome::kInvalidUrl:
      return extract::RecordStatus::kInvalidUrl;
  }
  return extract::RecordStatus::kFetchError;
}

store::Exchange exchange_of(const fetch::Response& r,
                            const std::string& body_sha256) {
  store::Exchange ex;
  ex.requested_url = r.url;
  ex.final_url = r.final_url.empty() ? r.url : r.final_url;
  ex.fetched_at = r.fetched_at;
  ex.remote_ip = r.remote_ip;
  ex.attempts = r.attempts;
  ex.status_line = r.status_line;
  ex.http_status = r.http_status;
  ex.headers = r.headers;
  ex.body = r.body;
  ex.payload_sha256 = body_sha256;
  return ex;
}

store::FailedFetch failure_of(const fetch::Response& r) {
  store::FailedFetch f;
  f.requested_url = r.url;
  f.fetched_at = r.fetched_at;
  f.attempts = r.attempts;
  f.outcome = extract::status_name(status_for(r.outcome));
  f.error = r.error_message;
  f.final_url = r.final_url;
  f.http_status = r.http_status;
  return f;
}

extract::Record record_for_response(const fetch::Response& r,
                                    const extract::Extractor& extractor,
                                    const rules::RuleSet& rules,
                                    const rules::SiteRules* forced,
                                    const std::string& body_sha256) {
  if (r.outcome != fetch::Outcome::kResponse) {
    extract::Record rec = failure(r.url, status_for(r.outcome), r.error_message,
                                  site_for(r.url, rules, forced));
    if (!r.final_url.empty()) rec.final_url = r.final_url;
    if (!r.fetched_at.empty()) rec.fetch.fetched_at = r.fetched_at;
    if (r.http_status > 0) rec.fetch.http_status = r.http_status;
    if (r.attempts > 0) rec.fetch.attempts = r.attempts;
    return rec;
  }
  extract::PageInput in;
  in.bytes = r.body;
  in.url = r.url;
  in.final_url = r.final_url.empty() ? r.url : r.final_url;
  in.fetched_at = r.fetched_at;
  in.http_status = r.http_status;
  if (!r.content_type.empty()) in.content_type = r.content_type;
  in.attempts = r.attempts;
  if (!body_sha256.empty()) in.sha256 = body_sha256;
  return extractor.extract(in, site_for(r.url, rules, forced));
}

extract::PageInput page_input_of(const store::WarcRecord& w) {
  extract::PageInput in;
  in.bytes = w.body;
  in.url = w.requested_uri.empty() ? w.target_uri : w.requested_uri;
  in.final_url = w.target_uri;
  in.fetched_at = w.date;
  if (w.http_status > 0) in.http_status = w.http_status;
  in.content_type = w.http_header("Content-Type");
  in.attempts = w.attempts;
  return in;
}

std::optional<extract::Record> record_for_warc(
    const store::WarcRecord& w, const extract::Extractor& extractor,
    const rules::RuleSet& rules, const rules::SiteRules* forced) {
  const std::string url =
      w.requested_uri.empty() ? w.target_uri : w.requested_uri;
  if (w.type == "response") {
    return extractor.extract(page_input_of(w), site_for(url, rules, forced));
  }
  if (w.type == "metadata" && !w.requested_uri.empty()) {
    const nlohmann::json j = nlohmann::json::parse(w.block, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    // A name this version does not know reads as a fetch error.
    const extract::RecordStatus status =
        extract::parse_status(j.value("outcome", std::string()))
            .value_or(extract::RecordStatus::kFetchError);
    extract::Record rec = failure(url, status, j.value("error", std::string()),
                                  site_for(url, rules, forced));
    if (j.contains("fetched_at") && j["fetched_at"].is_string()) {
      rec.fetch.fetched_at = j["fetched_at"].get<std::string>();
    }
    if (j.contains("attempts") && j["attempts"].is_number_integer() &&
        j["attempts"].get<int>() > 0) {
      rec.fetch.attempts = j["attempts"].get<int>();
    }
    if (j.contains("final_url") && j["final_url"].is_string() &&
        !j["final_url"].get<std::string>().empty()) {
      rec.final_url = j["final_url"].get<std::string>();
    }
    if (j.contains("http_status") && j["http_status"].is_number_integer() &&
        j["http_status"].get<long>() > 0) {
      rec.fetch.http_status = j["http_status"].get<long>();
    }
    return rec;
  }
  return std::nullopt;
}

}  // namespace qascrape::pipeline
