// Page store: WARC round trips, torn and garbage files, gzip validity.
#include "store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "core/sha256.h"
#include "store/gzip.h"

namespace qascrape::store {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("qascrape_store_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<WarcWriter> writer(std::uint64_t max_bytes = 1 << 30) {
    WarcWriterOptions o;
    o.dir = dir_.string();
    o.max_file_bytes = max_bytes;
    auto w = WarcWriter::open(o);
    EXPECT_TRUE(w.ok()) << (w.ok() ? "" : w.error().message);
    return std::move(w).value();
  }

  static std::vector<WarcRecord> read_all(
      const std::string& path, std::vector<std::string>* warnings = nullptr,
      std::string* error = nullptr) {
    std::vector<WarcRecord> out;
    auto reader = WarcReader::open(path);
    EXPECT_TRUE(reader.ok());
    if (!reader.ok()) return out;
    while (true) {
      auto r = (*reader)->next();
      if (!r.ok()) {
        if (error) *error = r.error().message;
        break;
      }
      if (!r->has_value()) break;
      out.push_back(std::move(**r));
    }
    if (warnings) *warnings = (*reader)->warnings();
    return out;
  }

  static std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  fs::path dir_;
};

Exchange make_exchange(std::string url, std::string body) {
  Exchange ex;
  ex.requested_url = url + "#frag";
  ex.final_url = url;
  ex.fetched_at = "2026-11-26T05:10:40Z";
  ex.remote_ip = "127.0.0.1";
  ex.attempts = 2;
  ex.status_line = "HTTP/1.1 200 OK";
  ex.http_status = 200;
  ex.headers = {{"Content-Type", "text/html; charset=GBK"},
                {"Content-Encoding", "gzip"},
                {"Content-Length", "12345"},
                {"X-Evil", "a\r\nInjected: yes"}};
  ex.body = std::move(body);
  return ex;
}

TEST_F(StoreTest, RoundTripsResponsesAndFailures) {
  const std::string binary("a\0b\0\xff\xfe\r\n\r\nWARC/1.1\r\n", 20);
  const std::string gbk = "<title>\xD2\xFD\xC6\xF0\xC3\xE6\xB2\xBF</title>";
  std::string big(300 * 1024, 'x');
  for (std::size_t i = 0; i < big.size(); i += 7) big[i] = static_cast<char>(i);
  std::string path;
  {
    auto w = writer();
    ASSERT_TRUE(
        w->write_response(make_exchange("http://a.test/1", binary)).ok());
    ASSERT_TRUE(w->write_response(make_exchange("http://a.test/2", gbk)).ok());
    ASSERT_TRUE(
        w->write_response(make_exchange("http://a.test/3?x=1", "")).ok());
    ASSERT_TRUE(w->write_response(make_exchange("http://a.test/4", big)).ok());
    FailedFetch f;
    f.requested_url = "http://b.test/\"quoted\"\n";
    f.outcome = "fetch_error";
    f.error = "Connection reset by peer";
    f.attempts = 3;
    f.fetched_at = "2026-11-26T05:10:41Z";
    ASSERT_TRUE(w->write_failure(f).ok());
    ASSERT_TRUE(w->flush().ok());
    path = w->current_path();
  }
  auto files = list_warc_files(dir_.string());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0], path);
  std::string name = fs::path(path).filename().string();
  EXPECT_EQ(name.rfind("qascrape-", 0), 0u);
  EXPECT_EQ(name.substr(name.size() - 14), "-00000.warc.gz");

  std::vector<std::string> warnings;
  auto recs = read_all(path, &warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(recs.size(), 1u + 4 * 2 + 1);
  EXPECT_EQ(recs[0].type, "warcinfo");
  EXPECT_NE(recs[0].block.find("software: qascrape"), std::string::npos);

  const std::string bodies[] = {binary, gbk, "", big};
  const std::string urls[] = {"http://a.test/1", "http://a.test/2",
                              "http://a.test/3?x=1", "http://a.test/4"};
  for (int i = 0; i < 4; ++i) {
    const WarcRecord& req = recs[1 + 2 * i];
    const WarcRecord& resp = recs[2 + 2 * i];
    EXPECT_EQ(req.type, "request");
    EXPECT_EQ(req.block.rfind("GET /", 0), 0u);
    EXPECT_NE(req.block.find("Host: a.test\r\n"), std::string::npos);
    EXPECT_EQ(resp.type, "response");
    EXPECT_EQ(resp.target_uri, urls[i]);
    EXPECT_EQ(resp.requested_uri, urls[i] + "#frag");
    EXPECT_EQ(resp.attempts, 2);
    EXPECT_EQ(resp.date, "2026-11-26T05:10:40Z");
    EXPECT_EQ(resp.headers.at("warc-ip-address"), "127.0.0.1");
    EXPECT_EQ(resp.record_id.rfind("<urn:uuid:", 0), 0u);
    EXPECT_EQ(resp.http_status, 200);
    EXPECT_EQ(resp.status_line, "HTTP/1.1 200 OK");
    EXPECT_EQ(resp.body, bodies[i]) << i;
    EXPECT_EQ(resp.headers.at("WARC-Payload-Digest"),
              "sha256:" + sha256_hex(bodies[i]));
    EXPECT_EQ(resp.http_header("content-type"), "text/html; charset=GBK");
    EXPECT_FALSE(resp.http_header("Content-Encoding").has_value());
    EXPECT_EQ(resp.http_header("Content-Length"),
              std::to_string(bodies[i].size()));
    EXPECT_EQ(resp.http_header("X-Evil"), "a  Injected: yes");
    EXPECT_FALSE(resp.http_header("Injected").has_value());
  }
  EXPECT_EQ(recs[5].block.substr(0, recs[5].block.find("\r\n")),
            "GET /3?x=1 HTTP/1.1");
  const WarcRecord& meta = recs.back();
  EXPECT_EQ(meta.type, "metadata");
  EXPECT_EQ(meta.content_type, "application/json");
  EXPECT_EQ(meta.target_uri, "http://b.test/\"quoted\"");
  EXPECT_EQ(meta.attempts, 3);
  EXPECT_NE(meta.block.find("\"error\":\"Connection reset by peer\""),
            std::string::npos);
  EXPECT_NE(meta.block.find("\\\"quoted\\\"\\n"), std::string::npos);

  // Every record is its own member, and the whole file is valid gzip.
  EXPECT_EQ(std::system(("gzip -t '" + path + "'").c_str()), 0);
  // Record offsets point at gzip members a reader could seek to.
  std::string raw = slurp(path);
  for (const WarcRecord& r : recs) {
    ASSERT_LT(r.offset + 1, raw.size());
    EXPECT_EQ(static_cast<unsigned char>(raw[r.offset]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(raw[r.offset + 1]), 0x8b);
  }
}

TEST_F(StoreTest, TornLastRecordIsSkippedWithAWarning) {
  std::string path;
  {
    auto w = writer();
    ASSERT_TRUE(
        w->write_response(make_exchange("http://a.test/1", "one")).ok());
    ASSERT_TRUE(w->write_response(
                     make_exchange("http://a.test/2", std::string(50000, 'z')))
                    .ok());
    path = w->current_path();
  }
  // Cut the file in the middle of the last gzip member.
  auto size = fs::file_size(path);
  fs::resize_file(path, size - 40);
  std::vector<std::string> warnings;
  std::string error;
  auto recs = read_all(path, &warnings, &error);
  EXPECT_EQ(error, "");
  ASSERT_EQ(recs.size(), 4u);  // warcinfo, request, response, request
  EXPECT_EQ(recs[2].body, "one");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("incomplete last record"), std::string::npos);
  EXPECT_NE(warnings[0].find("gzip member"), std::string::npos);
}

TEST_F(StoreTest, PlainWarcIsReadAndTruncationWarned) {
  fs::create_directories(dir_);
  std::string body =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
  std::string rec =
      "WARC/1.0\r\nWARC-Type: response\r\n"
      "WARC-Target-URI: <http://c.test/>\r\n"
      "Content-Type: application/http; msgtype=response\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body + "\r\n\r\n";
  std::string path = (dir_ / "x.warc").string();
  std::ofstream(path, std::ios::binary) << rec << rec.substr(0, 60);
  std::vector<std::string> warnings;
  auto recs = read_all(path, &warnings);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].target_uri, "http://c.test/");
  EXPECT_EQ(recs[0].body, "hello world");
  EXPECT_EQ(warnings.size(), 1u);
  EXPECT_EQ(list_warc_files(dir_.string()).size(), 1u);
}

TEST_F(StoreTest, GarbageIsAnErrorWithOffset) {
  fs::create_directories(dir_);
  std::string plain = (dir_ / "garbage.warc").string();
  std::ofstream(plain, std::ios::binary) << "this is not a warc file at all\n";
  std::string error;
  auto recs = read_all(plain, nullptr, &error);
  EXPECT_TRUE(recs.empty());
  EXPECT_NE(error.find("not a WARC record at byte 0"), std::string::npos)
      << error;

  // Valid gzip header, corrupt deflate data.
  std::string gz = (dir_ / "garbage.warc.gz").string();
  std::string bytes = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03";
  for (int i = 0; i < 200; ++i) bytes.push_back(static_cast<char>(0xff - i));
  std::ofstream(gz, std::ios::binary) << bytes;
  error.clear();
  recs = read_all(gz, nullptr, &error);
  EXPECT_TRUE(recs.empty());
  EXPECT_NE(error.find("corrupt gzip"), std::string::npos) << error;

  // A good record followed by a lying Content-Length.
  auto member = gzip_member(
      "WARC/1.1\r\nWARC-Type: metadata\r\nContent-Length: "
      "2\r\n\r\nabcdef\r\n\r\n");
  ASSERT_TRUE(member.ok());
  std::string liar = (dir_ / "liar.warc.gz").string();
  std::ofstream(liar, std::ios::binary) << *member;
  error.clear();
  recs = read_all(liar, nullptr, &error);
  EXPECT_NE(error.find("CRLF"), std::string::npos) << error;

  // Non-gzip bytes after a valid member.
  auto good = gzip_member(
      "WARC/1.1\r\nWARC-Type: metadata\r\nContent-Length: 2\r\n\r\nab\r\n\r\n");
  std::string tail = (dir_ / "tail.warc.gz").string();
  std::ofstream(tail, std::ios::binary) << *good << "GARBAGE GARBAGE";
  error.clear();
  recs = read_all(tail, nullptr, &error);
  EXPECT_EQ(recs.size(), 1u);
  EXPECT_NE(error.find("at byte " + std::to_string(good->size())),
            std::string::npos)
      << error;

  // A length no page store holds is refused before anything is allocated
  // (a crafted store once asked for 10 GB).
  auto huge = gzip_member(
      "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: "
      "4294967295\r\n\r\nab\r\n\r\n");
  std::string big = (dir_ / "huge.warc.gz").string();
  std::ofstream(big, std::ios::binary) << *huge;
  error.clear();
  recs = read_all(big, nullptr, &error);
  EXPECT_TRUE(recs.empty());
  EXPECT_NE(error.find("Content-Length 4294967295 is over the limit of 256 "
                       "MiB per record"),
            std::string::npos)
      << error;

  EXPECT_FALSE(WarcReader::open((dir_ / "missing.warc.gz").string()).ok());
  EXPECT_TRUE(list_warc_files((dir_ / "nope").string()).empty());
}

// Issue 11: a damaged member costs only its record; the reader goes on at
// the next gzip member and says which bytes it skipped.
TEST_F(StoreTest, DamagedMemberIsSkippedAndReadingGoesOn) {
  std::string path;
  {
    auto w = writer();
    for (int i = 0; i < 4; ++i)
      ASSERT_TRUE(
          w->write_response(make_exchange("http://a.test/" + std::to_string(i),
                                          std::string(3000, 'a' + i)))
              .ok());
    path = w->current_path();
  }
  std::string bytes = slurp(path);
  static const std::string kHeader("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8);
  std::vector<std::size_t> members;
  for (std::size_t at = bytes.find(kHeader); at != std::string::npos;
       at = bytes.find(kHeader, at + 1))
    members.push_back(at);
  ASSERT_EQ(members.size(), 9u);  // warcinfo + 4 pairs
  // The second page's response (member 4): flip bytes in its middle.
  const std::size_t mid = (members[4] + members[5]) / 2;
  for (std::size_t i = mid; i < mid + 16; ++i) bytes[i] ^= 0x5a;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;

  auto reader = WarcReader::open(path);
  ASSERT_TRUE(reader.ok());
  std::vector<std::string> bodies, errors;
  while (true) {
    auto r = (*reader)->next();
    if (!r.ok()) {
      errors.push_back(r.error().message);
      if ((*reader)->at_end()) break;
      continue;
    }
    if (!r->has_value()) break;
    if ((*r)->type == "response") bodies.push_back((*r)->body.substr(0, 1));
  }
  EXPECT_EQ(bodies, (std::vector<std::string>{"a", "c", "d"}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(
      errors[0].find("skipped " + std::to_string(members[5] - members[4]) +
                     " bytes (bytes " + std::to_string(members[4]) + " to " +
                     std::to_string(members[5]) + ")"),
      std::string::npos)
      << errors[0];
}

TEST_F(StoreTest, RotatesFilesAndKeepsPairsTogether) {
  auto w = writer(/*max_bytes=*/4096);
  std::string noisy;
  std::mt19937 rng(7);  // incompressible, so each exchange fills a file
  for (int i = 0; i < 6000; ++i) noisy.push_back(static_cast<char>(rng()));
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(w->write_response(
                     make_exchange("http://a.test/" + std::to_string(i), noisy))
                    .ok());
  }
  w.reset();
  auto files = list_warc_files(dir_.string());
  ASSERT_EQ(files.size(), 5u);
  int responses = 0;
  for (const auto& f : files) {
    auto recs = read_all(f);
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[0].type, "warcinfo");
    EXPECT_EQ(recs[1].type, "request");
    EXPECT_EQ(recs[2].type, "response");
    EXPECT_EQ(recs[2].body, noisy);
    ++responses;
  }
  EXPECT_EQ(responses, 5);
}

}  // namespace
}  // namespace qascrape::store
