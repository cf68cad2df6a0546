// Checked curl_easy_setopt / curl_multi_setopt: each call's CURLcode is
// looked at, and the first option libcurl refuses is kept with its name, so a
// transfer never starts half-configured (a refused timeout or protocol limit
// would silently weaken the crawler's safety).
#pragma once

#include <curl/curl.h>

#include <string>

namespace qascrape::fetch {

class EasyOptions {
 public:
  explicit EasyOptions(CURL* easy) : easy_(easy) {}

  template <class T>
  EasyOptions& set(CURLoption option, const char* name, T value) {
    if (!error_.empty()) return *this;
    const CURLcode rc = curl_easy_setopt(easy_, option, value);
    if (rc != CURLE_OK) {
      error_ = std::string("curl_easy_setopt(") + name +
               ") failed: " + curl_easy_strerror(rc);
    }
    return *this;
  }
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  CURL* easy_;
  std::string error_;
};

class MultiOptions {
 public:
  explicit MultiOptions(CURLM* multi) : multi_(multi) {}

  template <class T>
  MultiOptions& set(CURLMoption option, const char* name, T value) {
    if (!error_.empty()) return *this;
    const CURLMcode rc = curl_multi_setopt(multi_, option, value);
    if (rc != CURLM_OK) {
      error_ = std::string("curl_multi_setopt(") + name +
               ") failed: " + curl_multi_strerror(rc);
    }
    return *this;
  }
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  CURLM* multi_;
  std::string error_;
};

}  // namespace qascrape::fetch

// The option's own name goes into the error message.
#define QASCRAPE_SETOPT(options, option, value) \
  (options).set(option, #option, value)
