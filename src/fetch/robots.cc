// robots.txt parsing and matching after RFC 9309.
#include "fetch/robots.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>

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

std::string robots_normal_form(std::string_view path) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  auto unreserved = [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
  };
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  const std::size_t query = path.find('?');
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto c = static_cast<unsigned char>(path[i]);
    // "//private" is the server's "/private": one slash, in the path part.
    if (c == '/' && i < query && !out.empty() && out.back() == '/') continue;
    if (c == '%' && i + 2 < path.size() && hex(path[i + 1]) >= 0 &&
        hex(path[i + 2]) >= 0) {
      const auto v =
          static_cast<unsigned char>(hex(path[i + 1]) * 16 + hex(path[i + 2]));
      if (unreserved(v)) {
        out.push_back(static_cast<char>(v));  // %70 is p
      } else {
        out.push_back('%');  // reserved or non-ASCII: stays encoded, in
        out.push_back(kHex[v >> 4]);  // upper-case hex
        out.push_back(kHex[v & 15]);
      }
      i += 2;
    } else if (c >= 0x80 || c <= 0x20 || c == 0x7f) {
      out.push_back('%');  // raw UTF-8 (in a robots.txt rule) encoded
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

bool robots_pattern_matches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // The literal runs between '*'s. The first must start the path; each next
  // one is found leftmost after the one before (leaving the most room), the
  // last one at the very end when anchored: linear in path and pattern, so
  // a hostile pattern costs no more than a long one.
  std::vector<std::string_view> runs;
  for (std::size_t at = 0;;) {
    const std::size_t star = pattern.find('*', at);
    runs.push_back(pattern.substr(at, star - at));
    if (star == std::string_view::npos) break;
    at = star + 1;
  }
  if (runs.size() == 1)
    return anchored ? path == runs[0] : path.starts_with(runs[0]);
  if (!path.starts_with(runs.front())) return false;
  std::size_t pos = runs.front().size();
  for (std::size_t i = 1; i + 1 < runs.size(); ++i) {
    if (runs[i].empty()) continue;
    const auto hit = std::search(
        path.begin() + static_cast<std::ptrdiff_t>(pos), path.end(),
        std::boyer_moore_horspool_searcher(runs[i].begin(), runs[i].end()));
    if (hit == path.end()) return false;
    pos = static_cast<std::size_t>(hit - path.begin()) + runs[i].size();
  }
  const std::string_view last = runs.back();
  if (anchored) return path.size() - pos >= last.size() && path.ends_with(last);
  if (last.empty()) return true;
  return std::search(
             path.begin() + static_cast<std::ptrdiff_t>(pos), path.end(),
             std::boyer_moore_horspool_searcher(last.begin(), last.end())) !=
         path.end();
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
      groups.back().rules.emplace_back(key == "allow",
                                       robots_normal_form(value));
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

bool RobotsRules::allowed(std::string_view raw_path) const {
  const std::string path = robots_normal_form(raw_path);
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
