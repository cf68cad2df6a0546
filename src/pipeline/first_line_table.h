#pragma once

#include <cstdint>
#include <vector>

namespace qascrape::pipeline {

// Remembers, for each canonical URL (by its 64-bit hash), the URL-list line
// it first stood on, so later lines can be answered as duplicates. Open
// addressing in two flat arrays: 12 bytes a slot, at most 70% full, about
// 17 bytes per distinct URL (a std::unordered_map node took ~48), so the
// crawl's memory stays nearly flat for long lists.
class FirstLineTable {
 public:
  // Records `line` for `hash` and returns 0, or returns the line recorded
  // earlier for it (lines are >= 1).
  std::uint32_t insert(std::uint64_t hash, std::uint32_t line) {
    if ((size_ + 1) * 10 > hashes_.size() * 7) grow();
    const std::uint64_t key = hash == 0 ? 1 : hash;  // 0 marks an empty slot
    const std::size_t mask = hashes_.size() - 1;
    for (std::size_t i = key & mask;; i = (i + 1) & mask) {
      if (hashes_[i] == key) return lines_[i];
      if (hashes_[i] == 0) {
        hashes_[i] = key;
        lines_[i] = line;
        ++size_;
        return 0;
      }
    }
  }
  std::size_t size() const { return size_; }

 private:
  void grow() {
    std::vector<std::uint64_t> old_hashes(hashes_.empty() ? 1024
                                                          : hashes_.size() * 2);
    std::vector<std::uint32_t> old_lines(old_hashes.size());
    old_hashes.swap(hashes_);
    old_lines.swap(lines_);
    size_ = 0;
    for (std::size_t i = 0; i < old_hashes.size(); ++i) {
      if (old_hashes[i] != 0) insert(old_hashes[i], old_lines[i]);
    }
  }
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint32_t> lines_;
  std::size_t size_ = 0;
};

}  // namespace qascrape::pipeline
