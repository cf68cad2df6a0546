#include <gumbo.h>

#include <memory>
#include <string>

#include "dom/dom.h"

namespace qascrape::dom {

namespace {

struct GumboOutputDeleter {
  void operator()(GumboOutput* out) const {
    if (out != nullptr) gumbo_destroy_output(&kGumboDefaultOptions, out);
  }
};

Node child_element_named(Node parent, std::string_view tag) {
  for (Node kid : parent.element_children()) {
    if (kid.tag() == tag) return kid;
  }
  return Node();
}

}  // namespace

struct Document::Impl {
  std::string html;  // Gumbo keeps pointers into its input buffer.
  std::unique_ptr<GumboOutput, GumboOutputDeleter> output;
};

Document::Document(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

Result<Document> Document::parse(std::string_view utf8_html) {
  if (const std::size_t depth = estimate_depth(utf8_html, kMaxDepth + 1); depth > kMaxDepth) {
    return make_error(Errc::kTooLarge, "the page nests elements more than " +
                                           std::to_string(kMaxDepth) +
                                           " deep; refusing to parse it (the HTML parser's "
                                           "time grows with the square of the depth)");
  }
  auto impl = std::make_unique<Impl>();
  impl->html.assign(utf8_html.data(), utf8_html.size());
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // we never read parse errors; don't collect them
  GumboOutput* out = gumbo_parse_with_options(&options, impl->html.data(),
                                              impl->html.size());
  if (out == nullptr || out->document == nullptr || out->root == nullptr) {
    if (out != nullptr) gumbo_destroy_output(&kGumboDefaultOptions, out);
    return make_error(Errc::kInvalidInput, "the HTML parser returned no tree");
  }
  impl->output.reset(out);
  return Document(std::move(impl));
}

Node Document::document() const { return Node(impl_->output->document); }
Node Document::root() const { return Node(impl_->output->root); }
Node Document::head() const { return child_element_named(root(), "head"); }
Node Document::body() const { return child_element_named(root(), "body"); }

}  // namespace qascrape::dom
