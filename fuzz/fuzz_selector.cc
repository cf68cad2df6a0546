// Any selector text: a parse error or a selector that matches without crashing.
#include <cstdint>

#include "dom/dom.h"
#include "selector/selector.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  static const auto doc = qascrape::dom::Document::parse(
      "<div id=a class='x y'><p>袁余<span "
      "lang=zh-CN>主治医师</span></p><ol><li>1<li>2</ol>"
      "<a href=/q>疾病百科</a></div><div class=x><b></b></div>");
  auto sel = qascrape::selector::Selector::parse(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (sel) (void)sel->select_all(doc->document());
  return 0;
}
