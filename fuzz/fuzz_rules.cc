// Any selector-file text: a site or an Errc::kConfig error, never a crash.
#include <cstdint>
#include <cstdlib>

#include "rules/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto site = qascrape::rules::parse_site(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  if (!site && site.error().code != qascrape::Errc::kConfig) std::abort();
  return 0;
}
