// RFC 3986 reference resolution, restricted to http(s) results.
#include <cctype>

#include "normalize/normalize.h"

namespace qascrape::normalize {

namespace {

struct Uri {
  std::optional<std::string> scheme;
  std::optional<std::string> authority;
  std::string path;
  std::optional<std::string> query;
  std::optional<std::string> fragment;
};

bool is_scheme_char(char c, bool first) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isalpha(u)) return true;
  return !first && (std::isdigit(u) || c == '+' || c == '-' || c == '.');
}

// RFC 3986 Appendix B, written out.
Uri parse(std::string_view s) {
  Uri u;
  std::size_t i = 0;
  while (i < s.size() && is_scheme_char(s[i], i == 0)) ++i;
  if (i > 0 && i < s.size() && s[i] == ':') {
    u.scheme = std::string(s.substr(0, i));
    s.remove_prefix(i + 1);
  }
  if (s.starts_with("//")) {
    s.remove_prefix(2);
    const std::size_t end = s.find_first_of("/?#");
    u.authority = std::string(s.substr(0, end));
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
  }
  const std::size_t hash = s.find('#');
  if (hash != std::string_view::npos) {
    u.fragment = std::string(s.substr(hash + 1));
    s = s.substr(0, hash);
  }
  const std::size_t q = s.find('?');
  if (q != std::string_view::npos) {
    u.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  u.path = std::string(s);
  return u;
}

// RFC 3986 §5.2.4.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const std::size_t slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const std::size_t next = in.find('/', in.front() == '/' ? 1 : 0);
      const std::size_t n = next == std::string_view::npos ? in.size() : next;
      out.append(in.substr(0, n));
      in.remove_prefix(n);
    }
  }
  return out;
}

// RFC 3986 §5.2.3.
std::string merge(const Uri& base, std::string_view ref_path) {
  if (base.authority && base.path.empty()) {
    std::string path(1, '/');  // not "/" + ...: GCC 12 -Wrestrict, PR 105651
    return path.append(ref_path);
  }
  const std::size_t slash = base.path.rfind('/');
  if (slash == std::string::npos) return std::string(ref_path);
  return base.path.substr(0, slash + 1) + std::string(ref_path);
}

std::string to_lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Lower-cases the host part of [userinfo@]host[:port].
std::string lower_host(const std::string& authority) {
  const std::size_t at = authority.rfind('@');
  const std::size_t host_begin = at == std::string::npos ? 0 : at + 1;
  std::string out = authority.substr(0, host_begin);
  out += to_lower(authority.substr(host_begin));
  return out;
}

std::string host_of(const std::string& authority) {
  const std::size_t at = authority.rfind('@');
  std::string host = authority.substr(at == std::string::npos ? 0 : at + 1);
  if (!host.empty() && host.front() == '[') return host;  // IPv6 literal
  const std::size_t colon = host.rfind(':');
  return host.substr(0, colon);
}

std::string clean_ref(std::string_view ref) {
  std::string out;
  for (char c : ref) {
    if (c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  }
  const std::size_t b = out.find_first_not_of(" \f\v");
  if (b == std::string::npos) return {};
  const std::size_t e = out.find_last_not_of(" \f\v");
  return out.substr(b, e - b + 1);
}

}  // namespace

std::optional<std::string> resolve_url(std::string_view base_text,
                                       std::string_view ref_text) {
  const std::string cleaned = clean_ref(ref_text);
  if (cleaned.empty() || cleaned == "#") return std::nullopt;
  const Uri r = parse(cleaned);
  const Uri base = parse(clean_ref(base_text));

  // RFC 3986 §5.2.2 (strict: a scheme in the reference is always taken).
  Uri t;
  if (r.scheme) {
    t.scheme = r.scheme;
    t.authority = r.authority;
    t.path = remove_dot_segments(r.path);
    t.query = r.query;
  } else {
    if (!base.scheme) return std::nullopt;  // nothing to resolve against
    if (r.authority) {
      t.authority = r.authority;
      t.path = remove_dot_segments(r.path);
      t.query = r.query;
    } else {
      if (r.path.empty()) {
        t.path = base.path;
        t.query = r.query ? r.query : base.query;
      } else {
        if (r.path.front() == '/') {
          t.path = remove_dot_segments(r.path);
        } else {
          t.path = remove_dot_segments(merge(base, r.path));
        }
        t.query = r.query;
      }
      t.authority = base.authority;
    }
    t.scheme = base.scheme;
  }
  t.fragment = r.fragment;

  const std::string scheme = to_lower(*t.scheme);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  if (!t.authority || host_of(*t.authority).empty()) return std::nullopt;

  // RFC 3986 §5.3.
  std::string out = scheme + "://" + lower_host(*t.authority);
  out += t.path;
  if (t.query) out += "?" + *t.query;
  if (t.fragment) out += "#" + *t.fragment;
  return out;
}

std::optional<std::string> absolute_url(const std::optional<std::string>& href,
                                        const std::string& base) {
  if (!href) return std::nullopt;
  return resolve_url(base.empty() ? *href : base, *href);
}

}  // namespace qascrape::normalize
