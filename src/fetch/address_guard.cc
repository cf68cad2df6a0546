// Special-purpose address ranges a crawler must never reach (SSRF guard).
#include "fetch/address_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstring>

namespace qascrape::fetch {
namespace {

struct V4Range {
  std::uint32_t net;
  int bits;
  const char* reason;
};

// IANA's special-purpose IPv4 registry, less what a public crawler may
// reach, plus one well-known host address that is no public site.
constexpr V4Range kV4[] = {
    {0x00000000, 8, "unspecified (0.0.0.0/8)"},
    {0x7f000000, 8, "loopback"},
    {0x0a000000, 8, "private"},
    {0xac100000, 12, "private"},
    {0xc0a80000, 16, "private"},
    {0x64400000, 10, "shared address space (100.64.0.0/10)"},
    {0xa9fe0000, 16, "link-local (incl. cloud metadata)"},
    {0xa83f8110, 32, "cloud host service (168.63.129.16)"},
    {0xc0000000, 24, "IETF protocol assignments (192.0.0.0/24)"},
    {0xc0000200, 24, "documentation (TEST-NET-1, 192.0.2.0/24)"},
    {0xc0586300, 24, "6to4 relay anycast (192.88.99.0/24)"},
    {0xc6120000, 15, "benchmarking (198.18.0.0/15)"},
    {0xc6336400, 24, "documentation (TEST-NET-2, 198.51.100.0/24)"},
    {0xcb007100, 24, "documentation (TEST-NET-3, 203.0.113.0/24)"},
    {0xe0000000, 4, "multicast"},
    {0xf0000000, 4, "reserved/broadcast"},
};

std::string ipv4_reason(std::uint32_t a) {  // host byte order
  for (const V4Range& r : kV4) {
    const std::uint32_t mask =
        r.bits == 0 ? 0 : ~std::uint32_t{0} << (32 - r.bits);
    if ((a & mask) == r.net) return r.reason;
  }
  return "";
}

std::uint32_t v4_at(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
         (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

struct V6Range {
  unsigned char prefix[16];
  int bits;
  const char* reason;
  // The IPv4 address inside (its first byte), judged instead of refusing
  // the range outright; -1 for none.
  int embedded_at;
};

// IANA's special-purpose IPv6 registry. Forms that carry an IPv4 address
// are judged by it (a mapped public address is public).
const V6Range kV6[] = {
    {{}, 128, "unspecified (::)", -1},
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, "loopback", -1},
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, "IPv4-mapped", 12},
    {{0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0}, 96, "IPv4-translated", 12},
    {{}, 96, "IPv4-compatible", 12},
    {{0, 0x64, 0xff, 0x9b}, 96, "NAT64", 12},
    {{0, 0x64, 0xff, 0x9b, 0, 1}, 48, "local-use NAT64 (64:ff9b:1::/48)", -1},
    {{0x01, 0x00}, 64, "discard-only (100::/64)", -1},
    {{0x20, 0x01, 0, 0}, 32, "Teredo (2001::/32)", -1},
    {{0x20, 0x01, 0, 0x02}, 48, "benchmarking (2001:2::/48)", -1},
    {{0x20, 0x01, 0, 0x10}, 28, "ORCHID (2001:10::/28)", -1},
    {{0x20, 0x01, 0x0d, 0xb8}, 32, "documentation (2001:db8::/32)", -1},
    {{0x20, 0x02}, 16, "6to4", 2},
    {{0xfc}, 7, "private (unique local fc00::/7)", -1},
    {{0xfe, 0x80}, 10, "link-local", -1},
    {{0xfe, 0xc0}, 10, "site-local", -1},
    {{0xff}, 8, "multicast", -1},
};

bool in_prefix(const unsigned char* b, const V6Range& r) {
  const int whole = r.bits / 8;
  if (std::memcmp(b, r.prefix, static_cast<std::size_t>(whole)) != 0)
    return false;
  const int rest = r.bits % 8;
  if (rest == 0) return true;
  const unsigned char mask = static_cast<unsigned char>(0xff << (8 - rest));
  return (b[whole] & mask) == (r.prefix[whole] & mask);
}

std::string ipv6_reason(const unsigned char* b) {
  for (const V6Range& r : kV6) {
    if (!in_prefix(b, r)) continue;
    if (r.embedded_at < 0) return r.reason;
    std::string inner = ipv4_reason(v4_at(b + r.embedded_at));
    if (inner.empty()) return "";
    std::string out = r.reason;
    return out.append(" ").append(inner);
  }
  return "";
}

}  // namespace

std::string forbidden_address_reason(const sockaddr* addr, socklen_t len) {
  if (addr == nullptr) return "no address";
  if (addr->sa_family == AF_INET && len >= sizeof(sockaddr_in)) {
    const auto* in4 = reinterpret_cast<const sockaddr_in*>(addr);
    return ipv4_reason(ntohl(in4->sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6 && len >= sizeof(sockaddr_in6)) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(addr);
    return ipv6_reason(in6->sin6_addr.s6_addr);
  }
  return "address family not allowed";
}

std::string address_to_string(const sockaddr* addr, socklen_t len) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (addr == nullptr) return "?";
  if (addr->sa_family == AF_INET && len >= sizeof(sockaddr_in)) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr,
              buf, sizeof buf);
  } else if (addr->sa_family == AF_INET6 && len >= sizeof(sockaddr_in6)) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr,
              buf, sizeof buf);
  } else {
    return "?";
  }
  return buf;
}

}  // namespace qascrape::fetch
