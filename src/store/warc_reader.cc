// Streams WARC records out of .warc / .warc.gz files; never trusts lengths
// or framing, and turns every inconsistency into an Error with an offset.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>

#include "core/text.h"
#include "store/gzip.h"
#include "store/store.h"

namespace qascrape::store {
namespace {

constexpr std::size_t kMaxHeaderBytes = 1 << 20;

// Splits "Name: value" lines up to the end of `text`.
HeaderList parse_header_lines(std::string_view text) {
  HeaderList out;
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      if (!out.empty()) {
        out.back().second += " ";
        out.back().second += trim_ascii(line);
      }
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    out.emplace_back(std::string(trim_ascii(line.substr(0, colon))),
                     std::string(trim_ascii(line.substr(colon + 1))));
  }
  return out;
}

// Undoes chunked transfer-coding; nullopt if the framing is broken.
std::optional<std::string> dechunk(std::string_view in) {
  std::string out;
  while (true) {
    std::size_t eol = in.find("\r\n");
    if (eol == std::string_view::npos) return std::nullopt;
    std::string_view size_text = in.substr(0, eol);
    size_text = size_text.substr(0, size_text.find(';'));
    size_text = trim_ascii(size_text);
    std::uint64_t size = 0;
    auto [p, ec] = std::from_chars(
        size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (ec != std::errc() || p != size_text.data() + size_text.size()) {
      return std::nullopt;
    }
    in.remove_prefix(eol + 2);
    if (size == 0) return out;  // trailers, if any, are ignored
    if (size > in.size()) return std::nullopt;
    out.append(in.substr(0, size));
    in.remove_prefix(size);
    if (in.substr(0, 2) == "\r\n") in.remove_prefix(2);
  }
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a,
                                     std::string_view b) const {
  return std::lexicographical_compare(
      a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) <
               std::tolower(static_cast<unsigned char>(y));
      });
}

std::optional<std::string> WarcRecord::http_header(
    std::string_view name) const {
  for (const auto& [k, v] : http_headers) {
    if (iequals(k, name)) return v;
  }
  return std::nullopt;
}

// Decoded bytes with a moving window: `buf` holds from decoded offset `base`.
class WarcReader::Source {
 public:
  explicit Source(std::unique_ptr<ByteStream> stream)
      : stream_(std::move(stream)) {}

  ByteStream& stream() { return *stream_; }
  std::uint64_t offset() const { return base_ + pos_; }
  std::string_view view() const { return std::string_view(buf_).substr(pos_); }
  void consume(std::size_t n) {
    pos_ += n;
    // Keep the window small: drop what has been consumed.
    if (pos_ > (1 << 20) || pos_ == buf_.size()) {
      buf_.erase(0, pos_);
      base_ += pos_;
      pos_ = 0;
    }
  }
  // Ensures `n` unread bytes; false when the input ends first.
  Result<bool> ensure(std::size_t n) {
    while (buf_.size() - pos_ < n) {
      Result<bool> more = stream_->read_more(buf_);
      if (!more.ok()) return more.error();
      if (!*more) return false;
    }
    return true;
  }
  // Forgets every unread byte (after the stream skipped damage).
  void drop_buffer() {
    base_ += buf_.size();
    buf_.clear();
    pos_ = 0;
  }
  // Reads more; false at the end of the input.
  Result<bool> grow() { return stream_->read_more(buf_); }

 private:
  std::unique_ptr<ByteStream> stream_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::uint64_t base_ = 0;
};

WarcReader::WarcReader(std::string path, std::unique_ptr<Source> source)
    : path_(std::move(path)), source_(std::move(source)) {}
WarcReader::~WarcReader() = default;

Result<std::unique_ptr<WarcReader>> WarcReader::open(const std::string& path) {
  Result<std::unique_ptr<ByteStream>> stream = ByteStream::open(path);
  if (!stream.ok()) return stream.error();
  return std::unique_ptr<WarcReader>(new WarcReader(
      path, std::make_unique<Source>(std::move(stream).value())));
}

Result<std::optional<WarcRecord>> WarcReader::next() {
  if (done_) return std::optional<WarcRecord>();
  Source& src = *source_;
  // Damage in a .warc.gz loses only its gzip member(s): every record is its
  // own member, so reading goes on at the next member header. `from` is
  // the damaged member; the Error says what was skipped.
  auto skip_damage =
      [&](std::uint64_t from,
          const std::string& what) -> Result<std::optional<WarcRecord>> {
    Result<std::optional<std::uint64_t>> next_member =
        src.stream().resync(from);
    src.drop_buffer();
    std::string message = path_;
    message.append(": ").append(what).append("; ");
    if (!next_member.ok()) {
      done_ = true;
      message.append("cannot read on: ").append(next_member.error().message);
    } else if (!next_member->has_value()) {
      done_ = true;
      message.append("skipped the rest of the file from byte ")
          .append(std::to_string(from));
    } else {
      const std::uint64_t to = **next_member;
      message.append("skipped ")
          .append(std::to_string(to - from))
          .append(" bytes (bytes ")
          .append(std::to_string(from))
          .append(" to ")
          .append(std::to_string(to))
          .append(") to the next gzip member");
    }
    return make_error(Errc::kInvalidInput, std::move(message));
  };
  auto fail =
      [&](std::uint64_t at,
          const std::string& what) -> Result<std::optional<WarcRecord>> {
    std::string where = what;
    where.append(" at byte ").append(std::to_string(at));
    if (src.stream().is_gzip()) {
      // Corrupt deflate data: the member being inflated; a bad record in
      // sound gzip: the member it starts in.
      return skip_damage(
          src.stream().damaged() ? src.stream().current_member_offset() : at,
          where);
    }
    done_ = true;
    return make_error(Errc::kInvalidInput, path_ + ": " + where);
  };
  auto torn = [&](std::uint64_t at) -> Result<std::optional<WarcRecord>> {
    const bool truncated = src.stream().truncated();  // resync forgets it
    if (truncated) {
      // A member that never ends is a torn write only if nothing follows
      // it; with members after it, it is damage (its length bits broken).
      const std::uint64_t member = src.stream().current_member_offset();
      Result<std::optional<std::uint64_t>> next_member =
          src.stream().resync(member);
      if (next_member.ok() && next_member->has_value()) {
        src.drop_buffer();
        const std::uint64_t to = **next_member;
        std::string message = path_;
        message.append(": the gzip member at byte ")
            .append(std::to_string(member))
            .append(" runs into the next ones (damaged); skipped ")
            .append(std::to_string(to - member))
            .append(" bytes (bytes ")
            .append(std::to_string(member))
            .append(" to ")
            .append(std::to_string(to))
            .append(") to the next gzip member");
        return make_error(Errc::kInvalidInput, std::move(message));
      }
    }
    done_ = true;
    warnings_.push_back(path_ + ": incomplete last record at byte " +
                        std::to_string(at) +
                        (truncated ? " (file ends inside a gzip member)" : "") +
                        "; skipped — probably a crash while writing");
    return std::optional<WarcRecord>();
  };

  // Skip blank lines between records (lenient about terminators).
  while (true) {
    Result<bool> have = src.ensure(1);
    if (!have.ok())
      return fail(src.stream().file_offset_of(src.offset()),
                  have.error().message);
    if (!*have) {
      if (src.stream().truncated()) {
        return torn(src.stream().file_offset_of(src.offset()));
      }
      done_ = true;
      return std::optional<WarcRecord>();
    }
    char c = src.view()[0];
    if (c != '\r' && c != '\n') break;
    src.consume(1);
  }

  std::uint64_t start = src.offset();
  std::uint64_t at = src.stream().file_offset_of(start);
  Result<bool> have = src.ensure(5);
  if (!have.ok()) return fail(at, have.error().message);
  if (!*have) {
    if (src.view() != std::string_view("WARC/").substr(0, src.view().size())) {
      return fail(at, "not a WARC record");
    }
    return torn(at);
  }
  if (src.view().substr(0, 5) != "WARC/") return fail(at, "not a WARC record");

  std::size_t header_end = std::string_view::npos;
  while ((header_end = src.view().find("\r\n\r\n")) == std::string_view::npos) {
    if (src.view().size() > kMaxHeaderBytes) {
      return fail(at, "WARC header longer than 1 MiB");
    }
    Result<bool> more = src.grow();
    if (!more.ok()) return fail(at, more.error().message);
    if (!*more) return torn(at);
  }

  WarcRecord rec;
  rec.offset = at;
  std::string_view head = src.view().substr(0, header_end);
  std::string_view version_line = head.substr(0, head.find("\r\n"));
  if (version_line != "WARC/1.0" && version_line != "WARC/1.1") {
    return fail(at, "unsupported version line '" +
                        std::string(version_line.substr(0, 20)) + "'");
  }
  for (auto& [name, value] :
       parse_header_lines(head.substr(version_line.size()))) {
    rec.headers.emplace(std::move(name), std::move(value));
  }
  auto header = [&](const char* name) {
    auto it = rec.headers.find(std::string_view(name));
    return it == rec.headers.end() ? std::string() : it->second;
  };
  std::string length_text = header("Content-Length");
  std::uint64_t length = 0;
  auto [p, ec] = std::from_chars(
      length_text.data(), length_text.data() + length_text.size(), length);
  if (length_text.empty() || ec != std::errc() ||
      p != length_text.data() + length_text.size()) {
    return fail(at, "missing or bad Content-Length '" + length_text + "'");
  }
  if (length > kMaxBlockBytes) {
    std::string m = "Content-Length ";
    m.append(length_text).append(" is over the limit of ");
    m.append(std::to_string(kMaxBlockBytes >> 20)).append(" MiB per record");
    return fail(at, m);
  }
  src.consume(header_end + 4);
  have = src.ensure(static_cast<std::size_t>(length));
  if (!have.ok()) return fail(at, have.error().message);
  if (!*have) return torn(at);
  std::string block(src.view().substr(0, static_cast<std::size_t>(length)));
  src.consume(static_cast<std::size_t>(length));
  // The record must end with CRLF CRLF (also when it is the last one).
  have = src.ensure(4);
  if (!have.ok()) return fail(at, have.error().message);
  if (!*have) return torn(at);
  if (src.view().substr(0, 4) != "\r\n\r\n") {
    return fail(src.stream().file_offset_of(src.offset()),
                "record does not end with CRLF CRLF (wrong Content-Length?)");
  }
  src.consume(4);

  rec.type = header("WARC-Type");
  rec.target_uri = header("WARC-Target-URI");
  if (rec.target_uri.size() >= 2 && rec.target_uri.front() == '<' &&
      rec.target_uri.back() == '>') {  // WARC/1.0 writers bracket it
    rec.target_uri = rec.target_uri.substr(1, rec.target_uri.size() - 2);
  }
  rec.date = header("WARC-Date");
  rec.record_id = header("WARC-Record-ID");
  rec.content_type = header("Content-Type");
  rec.requested_uri = header("WARC-Qascrape-Requested-URI");
  if (std::string a = header("WARC-Qascrape-Attempts"); !a.empty()) {
    int n = 0;
    auto [ap, aec] = std::from_chars(a.data(), a.data() + a.size(), n);
    if (aec == std::errc() && ap == a.data() + a.size()) rec.attempts = n;
  }

  bool http_response =
      rec.type == "response" &&
      rec.content_type.find("application/http") != std::string::npos;
  if (!http_response) {
    rec.block = std::move(block);
    return std::optional<WarcRecord>(std::move(rec));
  }
  // Status line, headers, blank line, payload. Tolerate bare LF endings.
  std::size_t sep = block.find("\r\n\r\n");
  std::size_t sep_len = 4;
  if (sep == std::string::npos) {
    sep = block.find("\n\n");
    sep_len = 2;
  }
  std::string_view http_head = std::string_view(block).substr(
      0, sep == std::string::npos ? block.size() : sep);
  std::string_view status = http_head.substr(0, http_head.find('\n'));
  status = trim_ascii(status);
  long code = 0;
  if (status.substr(0, 5) == "HTTP/") {
    std::size_t sp = status.find(' ');
    if (sp != std::string_view::npos) {
      std::string_view digits = status.substr(sp + 1, 3);
      auto [cp, cec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), code);
      if (cec != std::errc() || cp != digits.data() + digits.size()) code = 0;
    }
  }
  if (code < 100 || code > 999 || sep == std::string::npos) {
    warnings_.push_back(path_ + ": response record at byte " +
                        std::to_string(at) +
                        " has no parsable HTTP header; kept as a raw block");
    rec.block = std::move(block);
    return std::optional<WarcRecord>(std::move(rec));
  }
  rec.http_status = code;
  rec.status_line = std::string(status);
  rec.http_headers = parse_header_lines(
      http_head.substr(std::min(http_head.size(), http_head.find('\n') + 1)));
  rec.body = block.substr(sep + sep_len);
  // Foreign WARCs may keep the transfer-coding; ours never do.
  if (auto te = rec.http_header("Transfer-Encoding");
      te && te->find("chunked") != std::string::npos) {
    if (auto plain = dechunk(rec.body)) {
      rec.body = std::move(*plain);
    } else {
      warnings_.push_back(path_ + ": record at byte " + std::to_string(at) +
                          " says chunked but is not; body kept as stored");
    }
  }
  return std::optional<WarcRecord>(std::move(rec));
}

std::vector<std::string> list_warc_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code fec;
    if (!it->is_regular_file(fec)) continue;
    std::string name = it->path().filename().string();
    auto ends_with = [&](std::string_view suffix) {
      return name.size() >= suffix.size() &&
             name.compare(name.size() - suffix.size(), suffix.size(), suffix) ==
                 0;
    };
    if (ends_with(".warc") || ends_with(".warc.gz")) {
      out.push_back(it->path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace qascrape::store
