// store owns the page store: WARC/1.1 files (gzip per record) written during a
// crawl and read back by parse; it may use core.
//
// Layout: <dir>/qascrape-<UTC yyyymmddHHMMSS>-<pid>-<5-digit seq>.warc.gz,
// rotated at ~1 GiB; names never derive from URL text. Each file starts
// with a `warcinfo` record. Every record is its own gzip member, written
// with one fwrite and flushed, so a crash leaves at most a torn last member
// (WarcReader skips it with a warning).
//
// Per fetched page: a `request` record (reconstructed: GET line, Host,
// User-Agent, Accept, Accept-Encoding) and a `response` record whose block
// is status line + headers + CRLF + body. Bodies are stored DECODED (as the
// fetcher hands them over), so Content-Encoding, Transfer-Encoding and
// Content-Length are removed from the stored HTTP headers and an exact
// Content-Length for the stored body is written instead.
// WARC-Payload-Digest and WARC-Block-Digest are "sha256:<lower-case hex>"
// (hex, not the base32 some tools use). Custom headers:
// WARC-Qascrape-Requested-URI (the URL as given in the list) and
// WARC-Qascrape-Attempts. A fetch without an HTTP response becomes a
// `metadata` record (WARC-Target-URI = requested URL, application/json
// block {"requested_url","outcome","error","attempts","fetched_at",
// "final_url","http_status"}).
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/version.h"

namespace qascrape::store {

// The largest record block the reader takes (a hostile store's lengths are
// bounded by it, not by memory); crawl's --max-bytes stays below it, so a
// store qascrape wrote can always be read back.
inline constexpr std::uint64_t kMaxBlockBytes = std::uint64_t{256} << 20;

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One HTTP exchange as the fetcher saw it (store does not depend on fetch;
// the pipeline copies the fields over).
struct Exchange {
  std::string requested_url;  // as in the URL list
  std::string final_url;      // after redirects; the WARC-Target-URI
  std::string fetched_at;     // UTC RFC 3339, e.g. 2026-11-26T05:10:40Z
  std::string remote_ip;      // may be empty
  int attempts = 1;
  std::string status_line;  // "HTTP/1.1 200 OK"; synthesized when empty
  long http_status = 0;
  HeaderList headers;          // final response's headers
  std::string body;            // decoded bytes
  std::string payload_sha256;  // hex SHA-256 of body if the caller has it
                               // (saves hashing it twice); else computed
};

// A fetch that produced no HTTP response.
struct FailedFetch {
  std::string requested_url;
  std::string fetched_at;
  int attempts = 0;
  std::string outcome;    // e.g. "fetch_error", "blocked", "too_large"
  std::string error;      // human-readable message
  std::string final_url;  // last URL tried (a redirect loop's), may be empty
  long http_status = 0;   // last status seen (a redirect's), 0 if none
};

struct WarcWriterOptions {
  std::string dir = "output/store";
  std::uint64_t max_file_bytes = std::uint64_t{1} << 30;  // rotate after
  std::string software = kSoftware;
  std::string user_agent = kDefaultUserAgent;
};

class WarcWriter {
 public:
  // Creates the folder if needed and checks it is writable (fails fast);
  // the first file is opened with the first record, so a run that stores
  // nothing leaves no (warcinfo-only) file behind.
  static Result<std::unique_ptr<WarcWriter>> open(WarcWriterOptions options);
  ~WarcWriter();
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Writes a request and a response record. Returns the response's
  // WARC-Record-ID ("<urn:uuid:...>").
  Result<std::string> write_response(const Exchange& exchange);
  // Writes a metadata record so a failed fetch is not lost.
  Result<std::string> write_failure(const FailedFetch& failure);

  Status flush();
  // Path of the file currently written (empty before the first record).
  const std::string& current_path() const { return path_; }

 private:
  explicit WarcWriter(WarcWriterOptions options);
  Status open_next_file();
  Status rotate_if_full();
  Status write_record(const std::string& header_block, std::string_view block);
  Status write_warcinfo();

  WarcWriterOptions opt_;
  std::FILE* file_ = nullptr;
  std::string path_;
  std::uint64_t file_bytes_ = 0;
  int seq_ = 0;
};

// Case-insensitive ordering for WARC header names.
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

struct WarcRecord {
  std::string type;  // WARC-Type: warcinfo, request, response, metadata, ...
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string target_uri;  // WARC-Target-URI (may be empty)
  std::string date;        // WARC-Date
  std::string record_id;   // WARC-Record-ID
  std::string content_type;
  std::uint64_t offset = 0;  // file offset of the record (its gzip member)

  // Convenience copies of the custom headers.
  std::string requested_uri;  // WARC-Qascrape-Requested-URI
  std::optional<int> attempts;

  // For `response` records with an application/http block.
  long http_status = 0;  // 0 when the block is not a parsable response
  std::string status_line;
  HeaderList http_headers;
  std::string body;  // payload; chunked transfer-coding undone if present

  // The raw block for every other record (warcinfo, metadata, request).
  std::string block;

  // First value of an HTTP response header, case-insensitive.
  std::optional<std::string> http_header(std::string_view name) const;
};

// Reads records from a .warc.gz (multi-member gzip) or plain .warc file,
// streaming: memory holds one record at a time.
class WarcReader {
 public:
  static Result<std::unique_ptr<WarcReader>> open(const std::string& path);
  ~WarcReader();
  WarcReader(const WarcReader&) = delete;
  WarcReader& operator=(const WarcReader&) = delete;

  // The next record; std::nullopt at the end. Corrupt input gives an Error
  // naming the byte offset. In a .warc.gz the reader then resynchronises at
  // the next gzip member (each record is its own member), the Error saying
  // which bytes were skipped, and the next call goes on from there; in a
  // plain .warc, or with no member left, the reader is at its end
  // (at_end()). A torn last record (crash while writing) is not an error:
  // it ends the file and adds a warning.
  Result<std::optional<WarcRecord>> next();
  bool at_end() const { return done_; }

  // Problems that were skipped over (e.g. a torn last record).
  const std::vector<std::string>& warnings() const { return warnings_; }

  class Source;

 private:
  WarcReader(std::string path, std::unique_ptr<Source> source);
  std::string path_;
  std::unique_ptr<Source> source_;
  std::vector<std::string> warnings_;
  bool done_ = false;
};

// `.warc` and `.warc.gz` files directly inside `dir`, sorted by name
// (which is by time for our own files). Empty if `dir` does not exist.
std::vector<std::string> list_warc_files(const std::string& dir);

}  // namespace qascrape::store
