// Special-purpose address ranges a crawler must never reach (SSRF guard).
#include "fetch/address_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstring>

namespace qascrape::fetch {
namespace {

std::string ipv4_reason(std::uint32_t a) {  // host byte order
  auto in = [a](std::uint32_t net, int bits) {
    std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    return (a & mask) == net;
  };
  if (in(0x00000000, 8)) return "unspecified (0.0.0.0/8)";
  if (in(0x7f000000, 8)) return "loopback";
  if (in(0x0a000000, 8) || in(0xac100000, 12) || in(0xc0a80000, 16)) {
    return "private";
  }
  if (in(0x64400000, 10)) return "shared address space (100.64.0.0/10)";
  if (in(0xa9fe0000, 16)) return "link-local (incl. cloud metadata)";
  if (in(0xc0000000, 24)) return "IETF protocol assignments (192.0.0.0/24)";
  if (in(0xc6120000, 15)) return "benchmarking (198.18.0.0/15)";
  if (in(0xe0000000, 4)) return "multicast";
  if (in(0xf0000000, 4)) return "reserved/broadcast";
  return "";
}

std::uint32_t v4_at(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
         (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

std::string ipv6_reason(const unsigned char* b) {
  static const unsigned char kZero[16] = {};
  if (std::memcmp(b, kZero, 16) == 0) return "unspecified (::)";
  if (std::memcmp(b, kZero, 15) == 0 && b[15] == 1) return "loopback";
  if ((b[0] & 0xfe) == 0xfc) return "private (unique local fc00::/7)";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local";
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "site-local";
  if (b[0] == 0xff) return "multicast";
  // Forms that embed an IPv4 address: judge the embedded address.
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0,    0,
                                            0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kZero, 12) == 0) {
    std::string r = ipv4_reason(v4_at(b + 12));
    return r.empty() ? "" : "IPv4-mapped " + r;
  }
  static const unsigned char kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0,
                                           0, 0,    0,    0,    0, 0};
  if (std::memcmp(b, kNat64, 12) == 0) {
    std::string r = ipv4_reason(v4_at(b + 12));
    return r.empty() ? "" : "NAT64 " + r;
  }
  if (b[0] == 0x20 && b[1] == 0x02) {  // 6to4
    std::string r = ipv4_reason(v4_at(b + 2));
    return r.empty() ? "" : "6to4 " + r;
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
