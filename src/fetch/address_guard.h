// Refuses connections to loopback, private, link-local and other special
// addresses; checked on the resolved socket address, after DNS.
#pragma once

#include <sys/socket.h>

#include <string>

namespace qascrape::fetch {

// Why the address is forbidden ("loopback", "private", "link-local", ...),
// or "" when a public crawler may connect to it. Unknown families are
// forbidden.
std::string forbidden_address_reason(const sockaddr* addr, socklen_t len);

// Numeric form of the address ("127.0.0.1", "::1").
std::string address_to_string(const sockaddr* addr, socklen_t len);

}  // namespace qascrape::fetch
