#include "charset/charset.h"

#include <gtest/gtest.h>

namespace qascrape::charset {
namespace {

TEST(Labels, WhatwgGbLabelsAllDecodeAsGb18030) {
  for (const char* label :
       {"gb2312", "GBK", " x-gbk ", "chinese", "csgb2312", "GB_2312-80",
        "iso-ir-58", "gb18030", "csiso58gb231280"}) {
    EXPECT_EQ(encoding_for_label(label).value_or("?"), "gb18030") << label;
  }
  EXPECT_EQ(encoding_for_label("UTF8").value_or("?"), "utf-8");
  EXPECT_EQ(encoding_for_label("latin1").value_or("?"), "windows-1252");
  EXPECT_FALSE(encoding_for_label("klingon").has_value());
}

TEST(ContentType, CharsetParameter) {
  EXPECT_EQ(charset_from_content_type("text/html; charset=GBK").value_or("?"),
            "gb18030");
  EXPECT_EQ(
      charset_from_content_type("text/html;charset=\"utf-8\"").value_or("?"),
      "utf-8");
  EXPECT_FALSE(charset_from_content_type("text/html").has_value());
  EXPECT_FALSE(
      charset_from_content_type("text/html; xcharset=gbk").has_value());
}

struct PrescanCase {
  const char* html;
  const char* expected;  // "" = none
};

TEST(Prescan, Table) {
  const PrescanCase cases[] = {
      {"<meta charset=gb2312>", "gb18030"},
      {"<html><head><meta charset=\"utf-8\">", "utf-8"},
      {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">",
       "gb18030"},
      {"<meta content=\"text/html; charset=gbk\" http-equiv=\"content-type\">",
       "gb18030"},
      {"<meta content=\"text/html; charset=gbk\">", ""},  // no pragma
      {"<!-- <meta charset=gbk> --><meta charset=utf-8>", "utf-8"},
      {"<meta charset=utf-16le>", "utf-8"},  // a readable meta cannot be UTF-16
      {"<div title='<meta charset=gbk>'><meta charset=big5>", "big5"},
      {"<p>no meta here</p>", ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(prescan_meta(c.html).value_or(""), c.expected) << c.html;
  }
  // Only the first 1024 bytes are looked at.
  std::string late(2000, ' ');
  late += "<meta charset=gbk>";
  EXPECT_FALSE(prescan_meta(late).has_value());
}

TEST(Decode, BomWinsOverEverything) {
  Hints hints;
  hints.content_type = "text/html; charset=gbk";
  auto d = decode("\xEF\xBB\xBF<p>\xE4\xBD\xA0</p>", hints);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->charset, "utf-8");
  EXPECT_EQ(d->source, Source::kBom);
  EXPECT_EQ(d->utf8, "<p>你</p>");
}

TEST(Decode, Utf16LeWithBom) {
  const std::string bytes("\xFF\xFE<\0p\0>\0`O", 10);  // "<p>你"
  auto d = decode(bytes, Hints{});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->charset, "utf-16le");
  EXPECT_EQ(d->utf8, "<p>你");
}

TEST(Decode, HttpThenMetaThenSniffThenDefault) {
  const std::string gbk = "<meta charset=gbk><p>\xC4\xE3\xBA\xC3</p>";  // 你好
  Hints http;
  http.content_type = "text/html; charset=gb2312";
  auto a = decode(gbk, http);
  EXPECT_EQ(a->source, Source::kHttp);
  EXPECT_EQ(a->utf8, "<meta charset=gbk><p>你好</p>");
  auto b = decode(gbk, Hints{});
  EXPECT_EQ(b->source, Source::kMeta);
  EXPECT_EQ(b->charset, "gb18030");
  auto c = decode("<p>\xE4\xBD\xA0</p>", Hints{});
  EXPECT_EQ(c->source, Source::kSniff);
  EXPECT_EQ(c->charset, "utf-8");
  auto d = decode("<p>\xC4\xE3\xBA\xC3</p>", Hints{});
  EXPECT_EQ(d->source, Source::kDefault);
  EXPECT_EQ(d->charset, "gb18030");
  EXPECT_EQ(d->utf8, "<p>你好</p>");
  Hints o;
  o.override_label = "utf-8";
  auto e = decode(gbk, o);
  EXPECT_EQ(e->source, Source::kOverride);
  EXPECT_GT(e->replacements, 0u);
}

TEST(Decode, Gb18030FourByteCharacter) {
  // U+20BB7 (𠮷) exists only in GB18030, as 95 34 B2 35.
  auto d = decode_as("\x95\x34\xB2\x35", "gb18030");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->utf8, "\xF0\xA0\xAE\xB7");
  EXPECT_EQ(d->replacements, 0u);
}

TEST(Decode, BadBytesBecomeReplacementAndDecodingGoesOn) {
  auto u = decode_as(
      "a\xFF"
      "b\xC3(c\xE4\xBD",
      "utf-8");
  EXPECT_EQ(u->utf8,
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD(c\xEF\xBF\xBD");
  EXPECT_EQ(u->replacements, 3u);
  auto g = decode_as("\xC4\xE3\xFF\xBA\xC3", "gb18030");
  EXPECT_EQ(g->utf8, "你\xEF\xBF\xBD好");
  auto nul = decode_as(std::string("a\0b", 3), "utf-8");
  EXPECT_EQ(nul->utf8,
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_TRUE(is_valid_utf8(u->utf8));
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // a surrogate
}

TEST(Decode, UnknownOverrideIsAConfigError) {
  Hints h;
  h.override_label = "no-such-charset";
  auto d = decode("x", h);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, Errc::kConfig);
}

TEST(Decode, RandomBytesAlwaysGiveValidUtf8) {
  unsigned state = 12345;
  for (int round = 0; round < 200; ++round) {
    std::string bytes;
    for (int i = 0; i < 300; ++i) {
      state = state * 1103515245u + 12345u;
      bytes.push_back(static_cast<char>(state >> 16));
    }
    for (const char* enc :
         {"utf-8", "gb18030", "utf-16le", "big5", "windows-1252"}) {
      auto d = decode_as(bytes, enc);
      ASSERT_TRUE(d.ok()) << enc;
      ASSERT_TRUE(is_valid_utf8(d->utf8)) << enc;
      ASSERT_EQ(d->utf8.find('\0'), std::string::npos) << enc;
    }
  }
}

}  // namespace
}  // namespace qascrape::charset
