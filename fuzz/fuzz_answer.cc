// Any answer text: numbered causes, treatments and dates without a crash,
// and valid UTF-8 in gives valid UTF-8 out.
#include <cstdint>
#include <cstdlib>

#include "charset/charset.h"
#include "normalize/normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!qascrape::charset::is_valid_utf8(text)) return 0;
  std::vector<qascrape::normalize::Paragraph> paragraphs;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      paragraphs.push_back(
          {std::string(text.substr(start, i - start)), (i % 3) == 0});
      start = i + 1;
    }
  }
  const auto parts =
      qascrape::normalize::split_numbered(paragraphs, {"布洛芬"});
  for (const auto& c : parts.causes) {
    if (!qascrape::charset::is_valid_utf8(c.name)) std::abort();
    for (const auto& t : c.treatments) {
      if (!qascrape::charset::is_valid_utf8(t)) std::abort();
    }
  }
  (void)qascrape::normalize::to_rfc3339(text, "+08:00");
  (void)qascrape::normalize::resolve_url("https://ask.39.net/a/b", text);
  return 0;
}
