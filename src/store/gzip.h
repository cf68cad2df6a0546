// gzip members for writing and a streaming multi-member inflater for reading.
#pragma once

#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace qascrape::store {

// `data` as one complete gzip member.
Result<std::string> gzip_member(std::string_view data);

// The decoded bytes of a file that is either gzip (any number of members,
// as concatenated) or plain, read in chunks so memory stays flat.
class ByteStream {
 public:
  static Result<std::unique_ptr<ByteStream>> open(const std::string& path);
  ~ByteStream();
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // Appends the next decoded chunk to `out`; false at the end of the file.
  // Corrupt gzip data is an Error naming the member's file offset.
  Result<bool> read_more(std::string& out);

  bool is_gzip() const { return gzip_; }
  // The file ended inside a gzip member (a torn write).
  bool truncated() const { return truncated_; }
  // File offset of the member being decoded (or last decoded); for plain
  // files 0. After a read_more Error it is the damaged member.
  std::uint64_t current_member_offset() const {
    return members_.empty() ? 0 : members_.back().second;
  }
  // Whether the last read_more failed on corrupt gzip data.
  bool damaged() const { return damaged_; }
  // Recovery after damage (gzip files only): drops the member being
  // decoded and continues at the next gzip member header (1f 8b 08) after
  // file offset `from`. Returns that member's file offset, or nullopt when
  // none follows (the stream is then at its end). Decoded offsets go on
  // from where they were; the caller drops what it buffered.
  Result<std::optional<std::uint64_t>> resync(std::uint64_t from);
  // File offset of the gzip member holding decoded byte `decoded_offset`
  // (for plain files, the offset itself). Forgets members before it.
  std::uint64_t file_offset_of(std::uint64_t decoded_offset);

 private:
  ByteStream(std::FILE* file, bool gzip);

  std::FILE* file_;
  bool gzip_;
  bool truncated_ = false;
  bool damaged_ = false;
  bool in_member_ = false;
  bool eof_ = false;
  void* zstream_ = nullptr;          // z_stream*, kept opaque to spare zlib.h
  std::string in_;                   // compressed input buffer
  std::size_t in_pos_ = 0;           // consumed part of in_
  std::uint64_t file_pos_ = 0;       // bytes read from the file so far
  std::uint64_t decoded_total_ = 0;  // bytes produced so far
  // (decoded offset, file offset) of each member start still of interest.
  std::deque<std::pair<std::uint64_t, std::uint64_t>> members_;
};

}  // namespace qascrape::store
