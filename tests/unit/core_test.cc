#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/result.h"
#include "core/sha256.h"
#include "core/text.h"

namespace qascrape {
namespace {

TEST(Result, HoldsValueOrError) {
  Result<int> good(7);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad(make_error(Errc::kConfig, "broken"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::kConfig);
  EXPECT_EQ(bad.error().message, "broken");
  EXPECT_STREQ(errc_name(Errc::kTooLarge), "too_large");
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

struct WsCase {
  const char* in;
  const char* out;
};

TEST(ShortDuration, AsAPersonReadsIt) {
  EXPECT_EQ(qascrape::short_duration(0), "0s");
  EXPECT_EQ(qascrape::short_duration(44.6), "45s");
  EXPECT_EQ(qascrape::short_duration(185), "3m05s");
  EXPECT_EQ(qascrape::short_duration(3720), "1h02m");
  EXPECT_EQ(qascrape::short_duration(100 * 3600 + 59), "100h00m");
  EXPECT_EQ(qascrape::short_duration(-3), "0s");
}

TEST(ParseSize, AsCurlReadsThem) {
  const std::pair<const char*, std::optional<long long>> cases[] = {
      {"1", 1},
      {"1048576", 1048576},
      {"512K", 512LL << 10},
      {"512k", 512LL << 10},
      {"10M", 10LL << 20},
      {"1G", 1LL << 30},
      {"3g", 3LL << 30},
      {"0", std::nullopt},
      {"", std::nullopt},
      {"M", std::nullopt},
      {"10MB", std::nullopt},
      {"-5", std::nullopt},
      {"1.5M", std::nullopt},
      {" 10", std::nullopt},
      {"9999999999999999999", std::nullopt},
      {"5000000000G", std::nullopt},
  };
  for (const auto& [text, want] : cases)
    EXPECT_EQ(qascrape::parse_size(text), want) << text;
}

TEST(CollapseWhitespace, Table) {
  const WsCase cases[] = {
      {"", ""},
      {"  a  ", "a"},
      {"a\t\n b", "a b"},
      {"\xC2\xA0"
       "擅长:\xE3\x80\x80全科\xC2\xA0",
       "擅长: 全科"},  // U+00A0, U+3000
      {"a\xE2\x80\x83"
       "b",
       "a b"},  // U+2003
      {"一\r\n\r\n二", "一 二"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(collapse_whitespace(c.in), c.out) << c.in;
}

}  // namespace
}  // namespace qascrape

TEST(Clock, UtcNowIsRfc3339ByDefaultAndFollowsTheFormat) {
  const std::string now = qascrape::utc_now();
  ASSERT_EQ(now.size(), 20u) << now;  // 2026-12-03T08:45:18Z
  EXPECT_EQ(now[4], '-');
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now.back(), 'Z');
  const std::string compact = qascrape::utc_now(qascrape::kCompactUtc);
  ASSERT_EQ(compact.size(), 14u) << compact;
  EXPECT_EQ(compact.find_first_not_of("0123456789"), std::string::npos);
}

TEST(Text, TrimAsciiTrimsProtocolWhiteSpaceOnly) {
  EXPECT_EQ(qascrape::trim_ascii(" \t Content-Type \r\n"), "Content-Type");
  EXPECT_EQ(qascrape::trim_ascii("\f\v"), "");
  // U+3000 is page text's business (normalize::trim), not a protocol's.
  EXPECT_EQ(qascrape::trim_ascii("\u3000x"), "\u3000x");
}
