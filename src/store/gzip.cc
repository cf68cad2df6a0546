// zlib plumbing: one gzip member per WARC record; inflate with gzip/zlib
// auto-detection (windowBits 15+32), reset at every member boundary.
#include "store/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

namespace qascrape::store {
namespace {
constexpr std::size_t kChunk = 64 * 1024;
}

Result<std::string> gzip_member(std::string_view data) {
  z_stream z{};
  // 15 + 16: gzip wrapper instead of zlib's. Level 1: the store is written
  // on the crawl's hot path; default level cost ~15% of a crawl's CPU for
  // files only ~10% smaller.
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return make_error(Errc::kIo, "deflateInit2 failed");
  }
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  std::size_t produced = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return make_error(Errc::kIo, "deflate failed");
  out.resize(produced);
  return out;
}

Result<std::unique_ptr<ByteStream>> ByteStream::open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return make_error(Errc::kIo, path + ": " + std::strerror(errno));
  }
  unsigned char magic[2] = {0, 0};
  std::size_t n = std::fread(magic, 1, 2, f);
  std::rewind(f);
  bool gzip = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  return std::unique_ptr<ByteStream>(new ByteStream(f, gzip));
}

ByteStream::ByteStream(std::FILE* file, bool gzip) : file_(file), gzip_(gzip) {
  if (gzip_) {
    auto* z = new z_stream{};
    inflateInit2(z, 15 + 32);
    zstream_ = z;
  }
}

ByteStream::~ByteStream() {
  if (zstream_ != nullptr) {
    auto* z = static_cast<z_stream*>(zstream_);
    inflateEnd(z);
    delete z;
  }
  if (file_ != nullptr) std::fclose(file_);
}

std::uint64_t ByteStream::file_offset_of(std::uint64_t decoded_offset) {
  if (!gzip_) return decoded_offset;
  // Drop members that end before this offset; the front one holds it.
  while (members_.size() > 1 && members_[1].first <= decoded_offset) {
    members_.pop_front();
  }
  return members_.empty() ? 0 : members_.front().second;
}

Result<std::optional<std::uint64_t>> ByteStream::resync(std::uint64_t from) {
  if (!gzip_) return make_error(Errc::kInvalidInput, "not a gzip file");
  static constexpr std::string_view kMagic("\x1f\x8b\x08", 3);
  damaged_ = false;
  truncated_ = false;
  in_member_ = false;
  members_.clear();
  in_.clear();
  in_pos_ = 0;
  std::uint64_t pos = from + 1;  // file offset of buf[0]
  if (::fseeko(file_, static_cast<off_t>(pos), SEEK_SET) != 0) {
    return make_error(Errc::kIo,
                      std::string("seek failed: ") + std::strerror(errno));
  }
  std::string buf;
  char chunk[kChunk];
  while (true) {
    const std::size_t n = std::fread(chunk, 1, sizeof chunk, file_);
    if (n == 0) {
      if (std::ferror(file_)) return make_error(Errc::kIo, "read error");
      eof_ = true;
      file_pos_ = pos + buf.size();
      return std::optional<std::uint64_t>();
    }
    buf.append(chunk, n);
    const std::size_t i = buf.find(kMagic);
    if (i != std::string::npos) {
      eof_ = false;
      file_pos_ = pos + buf.size();
      in_ = buf.substr(i);
      return std::optional<std::uint64_t>(pos + i);
    }
    // Keep a possible magic cut by the chunk boundary.
    const std::size_t keep =
        std::min<std::size_t>(kMagic.size() - 1, buf.size());
    pos += buf.size() - keep;
    buf.erase(0, buf.size() - keep);
  }
}

Result<bool> ByteStream::read_more(std::string& out) {
  if (!gzip_) {
    char buf[kChunk];
    std::size_t n = std::fread(buf, 1, sizeof buf, file_);
    if (n == 0) {
      if (std::ferror(file_)) return make_error(Errc::kIo, "read error");
      return false;
    }
    out.append(buf, n);
    file_pos_ += n;
    return true;
  }
  auto* z = static_cast<z_stream*>(zstream_);
  char obuf[kChunk];
  while (true) {
    if (in_pos_ == in_.size()) {
      if (eof_) {
        if (in_member_) truncated_ = true;
        return false;
      }
      in_.resize(kChunk);
      std::size_t n = std::fread(in_.data(), 1, in_.size(), file_);
      in_.resize(n);
      in_pos_ = 0;
      file_pos_ += n;
      if (n == 0) {
        if (std::ferror(file_)) return make_error(Errc::kIo, "read error");
        eof_ = true;
        continue;
      }
    }
    std::uint64_t member_offset = file_pos_ - (in_.size() - in_pos_);
    if (!in_member_) {
      inflateReset(z);
      in_member_ = true;
      members_.emplace_back(decoded_total_, member_offset);
    }
    z->next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
    z->avail_in = static_cast<uInt>(in_.size() - in_pos_);
    z->next_out = reinterpret_cast<Bytef*>(obuf);
    z->avail_out = sizeof obuf;
    int rc = inflate(z, Z_NO_FLUSH);
    in_pos_ = in_.size() - z->avail_in;
    std::size_t produced = sizeof obuf - z->avail_out;
    out.append(obuf, produced);
    decoded_total_ += produced;
    if (rc == Z_STREAM_END) {
      in_member_ = false;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      damaged_ = true;
      std::uint64_t at =
          members_.empty() ? member_offset : members_.back().second;
      return make_error(Errc::kInvalidInput,
                        "corrupt gzip data in the member at byte " +
                            std::to_string(at) + ": " +
                            (z->msg ? z->msg : "inflate error"));
    }
    if (produced > 0) return true;
  }
}

}  // namespace qascrape::store
