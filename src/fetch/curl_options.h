// Checked curl_easy_setopt / curl_multi_setopt: each call's CURLcode is
// looked at, and the first option libcurl refuses is kept with its name, so a
// transfer never starts half-configured (a refused timeout or protocol limit
// would silently weaken the crawler's safety).
#pragma once

#include <curl/curl.h>

#include <string>

namespace qascrape::fetch {

// The first refusal, as "curl_easy_setopt(CURLOPT_URL) failed: <why>".
class FirstRefusal {
 public:
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 protected:
  void note(const char* call, const char* option, const char* why) {
    error_ = std::string(call) + "(" + option + ") failed: " + why;
  }

 private:
  std::string error_;
};

// Each class calls its own setopt directly, so curl's compile-time option
// type checks (typecheck-gcc.h) still see every call.
class EasyOptions : public FirstRefusal {
 public:
  explicit EasyOptions(CURL* easy) : easy_(easy) {}

  template <class T>
  EasyOptions& set(CURLoption option, const char* name, T value) {
    if (!ok()) return *this;
    const CURLcode rc = curl_easy_setopt(easy_, option, value);
    if (rc != CURLE_OK) note("curl_easy_setopt", name, curl_easy_strerror(rc));
    return *this;
  }

 private:
  CURL* easy_;
};

class MultiOptions : public FirstRefusal {
 public:
  explicit MultiOptions(CURLM* multi) : multi_(multi) {}

  template <class T>
  MultiOptions& set(CURLMoption option, const char* name, T value) {
    if (!ok()) return *this;
    const CURLMcode rc = curl_multi_setopt(multi_, option, value);
    if (rc != CURLM_OK) {
      note("curl_multi_setopt", name, curl_multi_strerror(rc));
    }
    return *this;
  }

 private:
  CURLM* multi_;
};

}  // namespace qascrape::fetch

// The option's own name goes into the error message.
#define QASCRAPE_SETOPT(options, option, value) \
  (options).set(option, #option, value)
