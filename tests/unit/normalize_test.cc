// Tests for the text, date, rank, URL and breadcrumb functions of normalize.
#include "normalize/normalize.h"

#include <gtest/gtest.h>

#include <random>

namespace qascrape::normalize {
namespace {

using std::nullopt;
using std::optional;
using std::string;
using std::vector;

TEST(CollapseWs, Table) {
  const vector<std::pair<string, string>> cases = {
      {"", ""},
      {"   ", ""},
      {" a  b ", "a b"},
      {"a\t\n\r\fb", "a b"},
      {"\u00a0擅长\u3000全科\u00a0", "擅长 全科"},
      {"a\u2002\u2009\u202fb", "a b"},
      {"面部\n\n肌肉", "面部 肌肉"},
      {"中文", "中文"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(collapse_ws(in), want) << in;
}

TEST(JoinParagraphs, DropsEmptyAndCollapses) {
  EXPECT_EQ(join_paragraphs({" a ", "", " \u3000 ", "b  c"}), "a\nb c");
  EXPECT_EQ(join_paragraphs({}), "");
}

TEST(StripLabel, Table) {
  EXPECT_EQ(strip_label("擅长:全科", "擅长"), "全科");
  EXPECT_EQ(strip_label(" 擅长： 神经内科 ", "擅长"), "神经内科");
  EXPECT_EQ(strip_label("擅长 : 全科", "擅长"), "全科");
  EXPECT_EQ(strip_label("全科", "擅长"), "全科");
  EXPECT_EQ(strip_label("健康咨询描述：头疼", "健康咨询描述"), "头疼");
  EXPECT_EQ(strip_label("", "擅长"), "");
}

TEST(SplitList, Table) {
  EXPECT_EQ(split_list("全科"), vector<string>{"全科"});
  EXPECT_EQ(
      split_list("内科、外科，儿科,眼科；皮肤科;骨科/口腔科／耳鼻喉科 妇科"),
      (vector<string>{"内科", "外科", "儿科", "眼科", "皮肤科", "骨科",
                      "口腔科", "耳鼻喉科", "妇科"}));
  EXPECT_EQ(split_list("内科、、内科 外科\u3000"),
            (vector<string>{"内科", "外科"}));
  EXPECT_TRUE(split_list(" 、 ").empty());
}

TEST(Gender, Table) {
  EXPECT_EQ(gender("男 | 30岁"), optional<string>("男"));
  EXPECT_EQ(gender("女，25岁"), optional<string>("女"));
  EXPECT_EQ(gender("性别：女 年龄：3岁"), optional<string>("女"));
  EXPECT_EQ(gender("男性"), optional<string>("男"));
  EXPECT_EQ(gender("女儿发烧"), nullopt);
  EXPECT_EQ(gender("男孩"), nullopt);
  EXPECT_EQ(gender(""), nullopt);
}

TEST(AgeYears, Table) {
  EXPECT_EQ(age_years("30岁"), 30);
  EXPECT_EQ(age_years("男 | 30 岁"), 30);
  EXPECT_EQ(age_years("年龄：30岁"), 30);
  EXPECT_EQ(age_years("年龄:45"), 45);
  EXPECT_EQ(age_years("3个月"), 0);
  EXPECT_EQ(age_years("10天"), 0);
  EXPECT_EQ(age_years("男"), nullopt);
  EXPECT_EQ(age_years("200岁"), nullopt);
  EXPECT_EQ(age_years("12345岁"), nullopt);
  EXPECT_EQ(age_years(""), nullopt);
}

TEST(ToRfc3339, Accepts) {
  const vector<std::pair<string, string>> cases = {
      {"2024-02-24 20:54", "2024-02-24T20:54:00+08:00"},
      {"2020-01-02 3:04", "2020-01-02T03:04:00+08:00"},
      {"2020-01-02 03:04:05", "2020-01-02T03:04:05+08:00"},
      {"2024/02/24 20:54", "2024-02-24T20:54:00+08:00"},
      {"2024年02月24日", "2024-02-24T00:00:00+08:00"},
      {"2024年2月4日 20:54", "2024-02-04T20:54:00+08:00"},
      {"2024.02.24", "2024-02-24T00:00:00+08:00"},
      {"回答时间：2024-02-24 20:54 举报", "2024-02-24T20:54:00+08:00"},
      {"2024-02-24T20:54", "2024-02-24T20:54:00+08:00"},
      {"2024-2-4", "2024-02-04T00:00:00+08:00"},
      {"2024-02-29", "2024-02-29T00:00:00+08:00"},
      {"2000-02-29", "2000-02-29T00:00:00+08:00"},
      {"2024-02-24 20：54", "2024-02-24T20:54:00+08:00"},
      // The first valid candidate wins.
      {"2024-13-01 then 2023-05-06", "2023-05-06T00:00:00+08:00"},
  };
  for (const auto& [in, want] : cases) {
    EXPECT_EQ(to_rfc3339(in, "+08:00"), optional<string>(want)) << in;
  }
  EXPECT_EQ(to_rfc3339("2024-02-24 20:54", ""),
            optional<string>("2024-02-24T20:54:00Z"));
}

TEST(ToRfc3339, Rejects) {
  for (const char* in :
       {"", "昨天", "2024-13-01", "2024-00-10", "2023-02-29", "1900-02-29",
        "2024-04-31", "2024-02-24 24:00", "2024-02-24 20:60",
        "2024-02-24 20:54:60", "12024-02-24", "2024-02", "20240224",
        "2024-02/24", "2024年2月", "2024年02月32日"}) {
    EXPECT_EQ(to_rfc3339(in, "+08:00"), nullopt) << in;
  }
}

TEST(TitleRank, Table) {
  const vector<std::pair<string, optional<string>>> cases = {
      {"主任医师", "chief_physician"},
      {"副主任医师", "associate_chief_physician"},
      {"主治医师", "attending_physician"},
      {"住院医师", "resident_physician"},
      {"医师", "physician"},
      {"主任药师", "chief_pharmacist"},
      {"副主任药师", "associate_chief_pharmacist"},
      {"主管药师", "supervising_pharmacist"},
      {"药师", "pharmacist"},
      {" 副主任医师 教授", "associate_chief_physician"},
      {"主治医生", nullopt},
      {"护士", nullopt},
      {"", nullopt},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(title_rank(in), want) << in;
}

TEST(HospitalGrade, Table) {
  const vector<std::pair<string, optional<string>>> cases = {
      {"三甲", "3A"},
      {"三级甲等", "3A"},
      {"三甲医院", "3A"},
      {"三乙", "3B"},
      {"三级乙等", "3B"},
      {"三级", "3"},
      {"二甲", "2A"},
      {"二级甲等", "2A"},
      {"二乙", "2B"},
      {"二级乙等", "2B"},
      {"二级", "2"},
      {"一级", "1"},
      {"北京协和医院（三级甲等）", "3A"},
      {"济南远大中医脑康医院", nullopt},
      {"", nullopt},
  };
  for (const auto& [in, want] : cases) {
    EXPECT_EQ(hospital_grade(in), want) << in;
  }
  EXPECT_TRUE(looks_like_grade("三甲"));
  EXPECT_TRUE(looks_like_grade(" 三级甲等医院 "));
  EXPECT_TRUE(looks_like_grade("三级 甲等"));
  EXPECT_FALSE(looks_like_grade("北京协和医院"));
  EXPECT_FALSE(looks_like_grade("北京三甲医院"));
  EXPECT_FALSE(looks_like_grade(""));
}

// RFC 3986 §5.4.1 normal and §5.4.2 abnormal examples.
TEST(ResolveUrl, Rfc3986Examples) {
  const string base = "http://a/b/c/d;p?q";
  const vector<std::pair<string, string>> cases = {
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g#s/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
  };
  for (const auto& [ref, want] : cases) {
    EXPECT_EQ(resolve_url(base, ref), optional<string>(want)) << ref;
  }
  // "g:h" is a valid absolute URI but not http(s); "http:g" (strict) has no
  // host. Both give no URL.
  EXPECT_EQ(resolve_url(base, "g:h"), nullopt);
  EXPECT_EQ(resolve_url(base, "http:g"), nullopt);
}

TEST(ResolveUrl, SiteCases) {
  const string base = "https://ask.39.net/question/123.html";
  EXPECT_EQ(resolve_url(base, "https://my.39.net/456"),
            optional<string>("https://my.39.net/456"));
  EXPECT_EQ(resolve_url(base, "//ask.39.net/news/1.html"),
            optional<string>("https://ask.39.net/news/1.html"));
  EXPECT_EQ(resolve_url(base, "/browse/313-1.html"),
            optional<string>("https://ask.39.net/browse/313-1.html"));
  EXPECT_EQ(resolve_url(base, "  HTTPS://Ask.39.NET/A/B  "),
            optional<string>("https://ask.39.net/A/B"));
  EXPECT_EQ(resolve_url(base, "/a\n/b\t.html"),
            optional<string>("https://ask.39.net/a/b.html"));
  EXPECT_EQ(resolve_url("HTTP://User@EXAMPLE.com:8080/x", "y"),
            optional<string>("http://User@example.com:8080/y"));
  for (const char* bad : {"", "  ", "#", "javascript:void(0)", "JavaScript:;",
                          "mailto:a@b.c", "ftp://x/y", "tel:123"}) {
    EXPECT_EQ(resolve_url(base, bad), nullopt) << bad;
  }
  // No absolute base: only absolute references resolve.
  EXPECT_EQ(resolve_url("", "/x"), nullopt);
  EXPECT_EQ(resolve_url("", "http://h/x"), optional<string>("http://h/x"));
}

TEST(CategoryPath, Seed) {
  const string q = "https://ask.39.net/";
  const vector<Crumb> crumbs = {
      {"首页", q},
      {"内科", q + "browse/313-1.html"},
      {"神经内科", q + "browse/3131-1.html"},
      {"面部肌肉萎缩", q + "browse/3131-1-1.html"},
      {"面部肌肉萎缩", q + "browse/3131-1-2.html"},
      {"引起面部肌肉痉挛的原因", nullopt},
  };
  EXPECT_EQ(category_path(crumbs, "引起面部肌肉痉挛的原因"),
            (vector<string>{"内科", "神经内科", "面部肌肉萎缩"}));
}

TEST(CategoryPath, Variants) {
  // Home by URL only, linked last item equal to the title, spaced home name.
  EXPECT_EQ(category_path({{"快速问医生", "https://www.120ask.com"},
                           {"内科", "https://www.120ask.com/list/nk/"},
                           {"头疼怎么办", "https://www.120ask.com/q/1.htm"}},
                          "头疼怎么办"),
            vector<string>{"内科"});
  EXPECT_EQ(category_path({{"首 页", "https://x.com/index"},
                           {"网站首页", nullopt},
                           {"儿科", "https://x.com/ek/"},
                           {"儿科", "https://x.com/ek/"},
                           {"发烧", "https://x.com/ek/fs/"}},
                          "孩子发烧"),
            (vector<string>{"儿科", "发烧"}));
  // A home item later in the trail is not leading and stays.
  EXPECT_EQ(category_path({{"内科", "https://x.com/nk/"},
                           {"首页", "https://x.com/"},
                           {"当前", nullopt}},
                          ""),
            (vector<string>{"内科", "首页"}));
  EXPECT_TRUE(category_path({}, "t").empty());
  EXPECT_TRUE(category_path({{"首页", "https://x.com/"}}, "t").empty());
}

// Any input must give an answer, never a crash or a broken code point.
TEST(Fuzz, RandomStringsNeverCrash) {
  std::mt19937 rng(12345);
  const vector<string> pieces = {
      "1.",       "2、",     "（3）",  "①",      "一、", "如",   "例如",
      "使用",     "等",      "、",     "：",     ":",    "。",   "，",
      "\n",       " ",       "\u3000", "布洛芬", "胶囊", "中的", "2024",
      "-",        "/",       "年",     "月",     "日",   "岁",   "男",
      "女",       "http://", "//",     "..",     "/",    "?",    "#",
      "主任医师", "三甲",    "a",      "9",      "\xe4", "\xff", "\xc3",
      "片",       "术"};
  for (int round = 0; round < 3000; ++round) {
    string s;
    const int n = static_cast<int>(rng() % 14);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    (void)collapse_ws(s);
    (void)split_list(s);
    (void)strip_label(s, "擅长");
    (void)gender(s);
    (void)age_years(s);
    (void)to_rfc3339(s, "+08:00");
    (void)title_rank(s);
    (void)hospital_grade(s);
    (void)looks_like_grade(s);
    (void)resolve_url("http://a/b/c", s);
    (void)resolve_url(s, "x");
    (void)category_path({{s, s}, {s, std::nullopt}}, s);
    (void)find_treatments(s, {s});
    (void)split_numbered({{s, false}, {s, true}, {s + s, false}}, {});
  }
  SUCCEED();
}

// Valid UTF-8 in gives valid UTF-8 out: no code point is ever split.
TEST(Fuzz, ValidUtf8Preserved) {
  auto valid = [](const string& s) {
    for (std::size_t i = 0; i < s.size();) {
      const auto b = static_cast<unsigned char>(s[i]);
      std::size_t n = b < 0x80         ? 1
                      : (b >> 5) == 6  ? 2
                      : (b >> 4) == 14 ? 3
                      : (b >> 3) == 30 ? 4
                                       : 0;
      if (n == 0 || i + n > s.size()) return false;
      for (std::size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
      }
      i += n;
    }
    return true;
  };
  std::mt19937 rng(7);
  const vector<string> pieces = {
      "1.",     "①",      "如",   "使用", "等", "、", "：", "。", "\n",
      "\u3000", "布洛芬", "胶囊", "中的", "a",  " ",  "片", "术", "（1）"};
  for (int round = 0; round < 2000; ++round) {
    string s;
    const int n = static_cast<int>(rng() % 16);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    EXPECT_TRUE(valid(collapse_ws(s)));
    for (const string& t : find_treatments(s, {})) EXPECT_TRUE(valid(t)) << s;
    const AnswerParts parts = split_numbered({{s, false}}, {});
    for (const Cause& c : parts.causes) {
      EXPECT_TRUE(valid(c.name)) << s;
      if (c.detail) {
        EXPECT_TRUE(valid(*c.detail)) << s;
      }
    }
  }
}

}  // namespace
}  // namespace qascrape::normalize
