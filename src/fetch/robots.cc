// robots.txt parsing and matching after RFC 9309.
#include "fetch/robots.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/text.h"

namespace qascrape::fetch {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

struct Group {
  std::vector<std::string> agents;  // lower-cased
  std::vector<std::pair<bool, std::string>> rules;
  std::optional<double> crawl_delay;
};

}  // namespace

RobotsRules RobotsRules::allow_all() { return RobotsRules(); }

RobotsRules RobotsRules::disallow_all() {
  RobotsRules r;
  r.disallow_all_ = true;
  return r;
}

bool robots_pattern_matches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Greedy wildcard matching with backtracking to the last '*'.
  std::size_t p = 0, s = 0, star_p = std::string_view::npos, star_s = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
      // Anchored but text remains: let the last '*' eat more.
    } else if (pattern[p] == '*') {
      star_p = p++;
      star_s = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star_p == std::string_view::npos || star_s >= path.size()) {
      return false;
    }
    p = star_p + 1;
    s = ++star_s;
  }
}

RobotsRules RobotsRules::parse(std::string_view text,
                               std::string_view user_agent) {
  // Product token: "qascrape/0.1 (+...)" -> "qascrape".
  std::string token = lower(user_agent.substr(
      0, std::min(user_agent.find('/'), user_agent.find(' '))));

  std::vector<Group> groups;
  bool last_was_agent = false;
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (auto hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = lower(trim_ascii(line.substr(0, colon)));
    std::string_view value = trim_ascii(line.substr(colon + 1));
    if (key == "user-agent") {
      if (!last_was_agent || groups.empty()) groups.emplace_back();
      groups.back().agents.push_back(lower(value));
      last_was_agent = true;
      continue;
    }
    last_was_agent = false;
    if (groups.empty()) continue;  // rules before any user-agent line
    if (key == "allow" || key == "disallow") {
      // An empty Disallow means "nothing disallowed": no rule.
      if (value.empty()) continue;
      groups.back().rules.emplace_back(key == "allow", std::string(value));
    } else if (key == "crawl-delay") {
      char* end = nullptr;
      std::string v(value);
      double d = std::strtod(v.c_str(), &end);
      if (end != v.c_str() && d >= 0) groups.back().crawl_delay = d;
    }
  }

  auto collect = [&](auto&& pred) {
    RobotsRules r;
    bool any = false;
    for (const Group& g : groups) {
      if (std::none_of(g.agents.begin(), g.agents.end(), pred)) continue;
      any = true;
      for (const auto& [allow, pattern] : g.rules) {
        r.rules_.push_back(Rule{allow, pattern});
      }
      if (g.crawl_delay) r.crawl_delay_ = g.crawl_delay;
    }
    return any ? std::optional<RobotsRules>(std::move(r)) : std::nullopt;
  };
  if (!token.empty()) {
    if (auto r = collect([&](const std::string& a) { return a == token; })) {
      return *r;
    }
  }
  if (auto r = collect([](const std::string& a) { return a == "*"; })) {
    return *r;
  }
  return allow_all();
}

bool RobotsRules::allowed(std::string_view path) const {
  if (path == "/robots.txt") return true;
  if (disallow_all_) return false;
  std::size_t best_len = 0;
  bool best_allow = true;
  bool matched = false;
  for (const Rule& rule : rules_) {
    if (!robots_pattern_matches(rule.pattern, path)) continue;
    std::size_t len = rule.pattern.size();
    if (!matched || len > best_len || (len == best_len && rule.allow)) {
      best_len = len;
      best_allow = rule.allow;
      matched = true;
    }
  }
  return !matched || best_allow;
}

}  // namespace qascrape::fetch
