#pragma once

// The one version number, from project(VERSION ...) in CMakeLists.txt, and
// the names built from it (what --version, the User-Agent and the WARC
// warcinfo record say).
#ifndef QASCRAPE_VERSION
#error \
    "QASCRAPE_VERSION comes from the qascrape_core target's compile definitions"
#endif

namespace qascrape {

inline constexpr const char* kVersion = QASCRAPE_VERSION;
inline constexpr const char* kSoftware = "qascrape/" QASCRAPE_VERSION;
// Names the tool and says no contact was given: a site's operator can see
// it, and `crawl` warns its user to set one (--user-agent).
inline constexpr const char* kDefaultUserAgent =
    "qascrape/" QASCRAPE_VERSION
    " (no contact given; set one with --user-agent)";

}  // namespace qascrape
