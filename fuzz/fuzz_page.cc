// Any bytes, as a page of any site: one record, valid UTF-8 JSON, no crash.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "charset/charset.h"
#include "extract/extract.h"
#include "write/write.h"

namespace {

const qascrape::rules::RuleSet& rules() {
  static const qascrape::rules::RuleSet set = [] {
    auto r =
        qascrape::rules::RuleSet::load_dir(QASCRAPE_SOURCE_DIR "/selectors");
    if (!r) std::abort();
    return std::move(r.value());
  }();
  return set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  static const qascrape::extract::Extractor extractor(rules());
  qascrape::extract::PageInput in;
  in.bytes = std::string_view(reinterpret_cast<const char*>(data), size);
  in.url = size % 2 ? "https://ask.39.net/question/1.html"
                    : "https://club.xywy.com/static/1/2.htm";
  const std::string line = qascrape::write::to_json_line(extractor.extract(in));
  if (!qascrape::charset::is_valid_utf8(line) || !nlohmann::json::accept(line))
    std::abort();
  return 0;
}
