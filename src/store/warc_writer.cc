// Writes WARC/1.1 records, one gzip member each, flushed per record.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>

#include "core/clock.h"
#include "core/sha256.h"
#include "core/text.h"
#include "store/gzip.h"
#include "store/store.h"

namespace qascrape::store {
namespace {

std::string new_record_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  unsigned char b[16];
  for (int i = 0; i < 16; i += 8) {
    std::uint64_t r = rng();
    std::memcpy(b + i, &r, 8);
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "<urn:uuid:";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0xf]);
  }
  out.push_back('>');
  return out;
}

// Header values must stay on one line whatever the input held.
std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
  }
  return out;
}

bool valid_header_name(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (c <= 32 || c >= 127 || c == ':') return false;
  }
  return true;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out += "\"";
  return out;
}

// Host[:port] and path?query of an absolute URL, without a URL library.
std::pair<std::string, std::string> host_and_target(std::string_view url) {
  std::size_t scheme_end = url.find("://");
  std::string_view rest =
      scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  std::size_t slash = rest.find_first_of("/?#");
  std::string host(rest.substr(0, slash));
  std::string target =
      slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (auto hash = target.find('#'); hash != std::string::npos) {
    target.resize(hash);
  }
  // insert(0, 1, '/'), not insert(0, "/"): GCC 12 -Wrestrict, PR 105651.
  if (target.empty() || target[0] == '?') target.insert(0, 1, '/');
  if (auto at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  return {host, target};
}

}  // namespace

WarcWriter::WarcWriter(WarcWriterOptions options) : opt_(std::move(options)) {}

WarcWriter::~WarcWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

Result<std::unique_ptr<WarcWriter>> WarcWriter::open(
    WarcWriterOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec) {
    return make_error(Errc::kIo, "cannot create page store folder " +
                                     options.dir + ": " + ec.message());
  }
  if (::access(options.dir.c_str(), W_OK | X_OK) != 0) {
    return make_error(Errc::kIo, "cannot write to page store folder " +
                                     options.dir + ": " + std::strerror(errno));
  }
  // The file itself waits for the first record (rotate_if_full opens it).
  return std::unique_ptr<WarcWriter>(new WarcWriter(std::move(options)));
}

Status WarcWriter::open_next_file() {
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
  }
  std::string stamp = utc_now(kCompactUtc);
  for (int tries = 0; tries < 1000; ++tries) {
    char name[96];
    std::snprintf(name, sizeof name, "qascrape-%s-%ld-%05d.warc.gz",
                  stamp.c_str(), static_cast<long>(getpid()), seq_++);
    std::string path = (std::filesystem::path(opt_.dir) / name).string();
    // "x": never overwrite an existing store file.
    file_ = std::fopen(path.c_str(), "wbx");
    if (file_ != nullptr) {
      path_ = path;
      file_bytes_ = 0;
      return write_warcinfo();
    }
    if (errno != EEXIST) {
      return make_error(Errc::kIo, path + ": " + std::strerror(errno));
    }
  }
  return make_error(Errc::kIo, "no free file name in " + opt_.dir);
}

Status WarcWriter::write_warcinfo() {
  std::string block = "software: " + one_line(opt_.software) +
                      "\r\nformat: WARC File Format 1.1\r\n"
                      "conformsTo: https://iipc.github.io/warc-specifications/"
                      "specifications/warc-format/warc-1.1/\r\n"
                      "http-header-user-agent: " +
                      one_line(opt_.user_agent) +
                      "\r\nqascrape-body-encoding: decoded (Content-Encoding "
                      "removed; Content-Length rewritten)\r\n";
  std::string head =
      "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: " + new_record_id() +
      "\r\nWARC-Date: " + utc_now() +
      "\r\nWARC-Filename: " + std::filesystem::path(path_).filename().string() +
      "\r\nContent-Type: application/warc-fields\r\n";
  return write_record(head, block);
}

Status WarcWriter::write_record(const std::string& header_block,
                                std::string_view block) {
  std::string record = header_block;
  record += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  record += block;
  record += "\r\n\r\n";
  Result<std::string> gz = gzip_member(record);
  if (!gz.ok()) return gz.error();
  if (file_ == nullptr) return make_error(Errc::kIo, "page store is closed");
  if (std::fwrite(gz->data(), 1, gz->size(), file_) != gz->size() ||
      std::fflush(file_) != 0) {
    return make_error(Errc::kIo,
                      path_ + ": write failed: " + std::strerror(errno));
  }
  file_bytes_ += gz->size();
  return ok_status();
}

Status WarcWriter::rotate_if_full() {
  // Checked between exchanges so a request/response pair shares a file;
  // a file may exceed the limit by one exchange.
  if (file_ == nullptr || file_bytes_ >= opt_.max_file_bytes) {
    return open_next_file();
  }
  return ok_status();
}

Result<std::string> WarcWriter::write_response(const Exchange& ex) {
  if (Status r = rotate_if_full(); !r.ok()) return r.error();
  std::string date =
      ex.fetched_at.empty() ? utc_now() : one_line(ex.fetched_at);
  std::string target =
      one_line(ex.final_url.empty() ? ex.requested_url : ex.final_url);
  std::string response_id = new_record_id();
  std::string request_id = new_record_id();

  // The request we sent (reconstructed: the fetcher does not report it).
  auto [host, path] = host_and_target(target);
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host +
                        "\r\nUser-Agent: " + one_line(opt_.user_agent) +
                        "\r\nAccept: */*\r\nAccept-Encoding: deflate, gzip, "
                        "br, zstd\r\n\r\n";
  std::string req_head =
      "WARC/1.1\r\nWARC-Type: request\r\nWARC-Record-ID: " + request_id +
      "\r\nWARC-Date: " + date + "\r\nWARC-Target-URI: " + target +
      "\r\nWARC-Concurrent-To: " + response_id +
      "\r\nContent-Type: application/http;msgtype=request\r\n";
  Status s = write_record(req_head, request);
  if (!s.ok()) return s.error();

  std::string http = ex.status_line.empty()
                         ? "HTTP/1.1 " + std::to_string(ex.http_status)
                         : one_line(ex.status_line);
  http += "\r\n";
  for (const auto& [name, value] : ex.headers) {
    // The body is stored decoded and whole; these would describe other bytes.
    if (!valid_header_name(name) || iequals(name, "Content-Encoding") ||
        iequals(name, "Transfer-Encoding") || iequals(name, "Content-Length")) {
      continue;
    }
    http += name + ": " + one_line(value) + "\r\n";
  }
  http += "Content-Length: " + std::to_string(ex.body.size()) + "\r\n\r\n";
  http += ex.body;

  std::string head =
      "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: " + response_id +
      "\r\nWARC-Date: " + date + "\r\nWARC-Target-URI: " + target +
      "\r\nWARC-Concurrent-To: " + request_id;
  if (!ex.remote_ip.empty())
    head += "\r\nWARC-IP-Address: " + one_line(ex.remote_ip);
  head +=
      "\r\nWARC-Payload-Digest: sha256:" +
      (ex.payload_sha256.empty() ? sha256_hex(ex.body) : ex.payload_sha256) +
      "\r\nWARC-Block-Digest: sha256:" + sha256_hex(http) +
      "\r\nWARC-Qascrape-Requested-URI: " + one_line(ex.requested_url) +
      "\r\nWARC-Qascrape-Attempts: " + std::to_string(ex.attempts) +
      "\r\nContent-Type: application/http;msgtype=response\r\n";
  s = write_record(head, http);
  if (!s.ok()) return s.error();
  return response_id;
}

Result<std::string> WarcWriter::write_failure(const FailedFetch& f) {
  if (Status r = rotate_if_full(); !r.ok()) return r.error();
  std::string date = f.fetched_at.empty() ? utc_now() : one_line(f.fetched_at);
  std::string id = new_record_id();
  std::string block = "{\"requested_url\":" + json_string(f.requested_url) +
                      ",\"outcome\":" + json_string(f.outcome) +
                      ",\"error\":" + json_string(f.error) +
                      ",\"attempts\":" + std::to_string(f.attempts) +
                      ",\"fetched_at\":" + json_string(date) +
                      ",\"final_url\":" + json_string(f.final_url) +
                      ",\"http_status\":" + std::to_string(f.http_status) + "}";
  std::string head =
      "WARC/1.1\r\nWARC-Type: metadata\r\nWARC-Record-ID: " + id +
      "\r\nWARC-Date: " + date +
      "\r\nWARC-Target-URI: " + one_line(f.requested_url) +
      "\r\nWARC-Qascrape-Requested-URI: " + one_line(f.requested_url) +
      "\r\nWARC-Qascrape-Attempts: " + std::to_string(f.attempts) +
      "\r\nContent-Type: application/json\r\n";
  Status s = write_record(head, block);
  if (!s.ok()) return s.error();
  return id;
}

Status WarcWriter::flush() {
  if (file_ != nullptr && std::fflush(file_) != 0) {
    return make_error(Errc::kIo, path_ + ": flush failed");
  }
  return ok_status();
}

}  // namespace qascrape::store
