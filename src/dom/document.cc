#include <gumbo.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "dom/dom.h"

namespace qascrape::dom {

namespace {

// A bump allocator for one document: Gumbo makes tens of thousands of small
// allocations per page, and malloc/free were ~15% of a page's CPU. Freeing
// is a no-op; the whole arena goes when the Document does, so the tree is
// never walked to be destroyed (gumbo_destroy_output is not called). Blocks
// are kept for the thread's next document: fresh memory costs page faults.
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    auto& spare = spare_blocks();
    for (std::size_t i = 0; i < blocks_.size() && spare.size() < kMaxSpare;
         ++i) {
      if (sizes_[i] == kBlock) spare.push_back(std::move(blocks_[i]));
    }
  }

  void* allocate(std::size_t size) {
    size = (size + 15) & ~std::size_t{15};
    if (size > left_) {
      if (size <= kBlock && !spare_blocks().empty()) {
        blocks_.push_back(std::move(spare_blocks().back()));
        spare_blocks().pop_back();
        left_ = kBlock;
      } else {
        // Oversized blocks (one huge string) are not kept for reuse.
        const std::size_t block = std::max(kBlock, size);
        blocks_.emplace_back(new unsigned char[block]);  // not zeroed
        left_ = block;
      }
      sizes_.push_back(left_);
      next_ = blocks_.back().get();
    }
    void* p = next_;
    next_ += size;
    left_ -= size;
    return p;
  }
  static void* gumbo_alloc(void* self, std::size_t size) {
    return static_cast<Arena*>(self)->allocate(size);
  }
  static void gumbo_free(void*, void*) {}

 private:
  static constexpr std::size_t kBlock = 256 * 1024;
  static constexpr std::size_t kMaxSpare = 16;  // 4 MiB per thread at most
  using Block = std::unique_ptr<unsigned char[]>;
  static std::vector<Block>& spare_blocks() {
    thread_local std::vector<Block> spare;
    return spare;
  }
  std::vector<Block> blocks_;
  std::vector<std::size_t> sizes_;
  unsigned char* next_ = nullptr;
  std::size_t left_ = 0;
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
  Arena arena;       // owns every byte of the tree
  GumboOutput* output = nullptr;
};

Document::Document(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

Result<Document> Document::parse(std::string_view utf8_html,
                                 const ParseOptions& parse_options) {
  auto impl = std::make_unique<Impl>();
  // One pass: the depth guard, and the copy Gumbo parses.
  const std::size_t depth =
      prepare_html(utf8_html, kMaxDepth + 1,
                   parse_options.drop_raw_text ? &impl->html : nullptr);
  if (depth > kMaxDepth) {
    return make_error(Errc::kTooLarge,
                      "the page nests elements more than " +
                          std::to_string(kMaxDepth) +
                          " deep; refusing to parse it (the HTML parser's "
                          "time grows with the square of the depth)");
  }
  if (!parse_options.drop_raw_text)
    impl->html.assign(utf8_html.data(), utf8_html.size());
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // we never read parse errors; don't collect them
  options.allocator = &Arena::gumbo_alloc;
  options.deallocator = &Arena::gumbo_free;
  options.userdata = &impl->arena;
  GumboOutput* out =
      gumbo_parse_with_options(&options, impl->html.data(), impl->html.size());
  if (out == nullptr || out->document == nullptr || out->root == nullptr) {
    return make_error(Errc::kInvalidInput, "the HTML parser returned no tree");
  }
  impl->output = out;
  return Document(std::move(impl));
}

Node Document::document() const { return Node(impl_->output->document); }
Node Document::root() const { return Node(impl_->output->root); }
Node Document::head() const { return child_element_named(root(), "head"); }
Node Document::body() const { return child_element_named(root(), "body"); }

}  // namespace qascrape::dom
