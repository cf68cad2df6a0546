#pragma once

#include <string>

#include "extract/extract.h"
#include "fetch/fetch.h"
#include "store/store.h"

namespace qascrape::pipeline {

// The record status for a fetch that produced no usable HTTP response.
extract::RecordStatus status_for(fetch::Outcome outcome);

// The page store's view of a response, and of a fetch without one.
// `body_sha256`: the body's hex SHA-256 when the caller has it.
store::Exchange exchange_of(const fetch::Response& response,
                            const std::string& body_sha256 = "");
store::FailedFetch failure_of(const fetch::Response& response);

// A record for one fetched URL: extraction for an HTTP response, else a
// record that says what went wrong. `forced` is --site.
extract::Record record_for_response(const fetch::Response& response,
                                    const extract::Extractor& extractor,
                                    const rules::RuleSet& rules,
                                    const rules::SiteRules* forced,
                                    const std::string& body_sha256 = "");

// The page input of a stored response record; it points into `warc`.
extract::PageInput page_input_of(const store::WarcRecord& warc);

// The same from the page store: a response or metadata record of a WARC
// file written by crawl. nullopt for records that are not pages (warcinfo,
// request, foreign metadata).
std::optional<extract::Record> record_for_warc(
    const store::WarcRecord& warc, const extract::Extractor& extractor,
    const rules::RuleSet& rules, const rules::SiteRules* forced);

}  // namespace qascrape::pipeline
