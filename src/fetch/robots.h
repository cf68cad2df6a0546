// robots.txt rules (RFC 9309) for one origin, parsed for one product token.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qascrape::fetch {

class RobotsRules {
 public:
  // Everything allowed (robots.txt missing: 4xx).
  static RobotsRules allow_all();
  // Everything forbidden (robots.txt unreachable or 5xx).
  static RobotsRules disallow_all();
  // Parses robots.txt text; `user_agent` is our User-Agent string, whose
  // product token (before the first '/' or space) selects the group.
  static RobotsRules parse(std::string_view text, std::string_view user_agent);

  // `path` is the URL's path plus "?query" if any; both it and the rules
  // are compared in robots_normal_form. Longest match wins; on a tie Allow
  // wins; "/robots.txt" itself is always allowed.
  bool allowed(std::string_view path) const;

  // Crawl-delay of the selected group, in seconds (non-standard).
  std::optional<double> crawl_delay() const { return crawl_delay_; }

 private:
  struct Rule {
    bool allow;
    std::string pattern;
  };
  std::vector<Rule> rules_;
  bool disallow_all_ = false;
  std::optional<double> crawl_delay_;
};

// The form RFC 9309 2.2.2 compares in, for a rule or a URL path: "%XX" of
// an unreserved character decoded (/%70rivate is /private), other escapes
// upper-cased, raw non-ASCII octets (a UTF-8 rule) percent-encoded, and runs
// of '/' before the query made one (//private is /private).
std::string robots_normal_form(std::string_view path);

// RFC 9309 pattern match: '*' matches any run of octets, a final '$' anchors
// at the end; otherwise the pattern is a prefix.
bool robots_pattern_matches(std::string_view pattern, std::string_view path);

}  // namespace qascrape::fetch
