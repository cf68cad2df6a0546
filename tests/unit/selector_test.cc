// Table-driven tests for the selector module, in the style of lexbor's
// selector tests: {document, selector, ids of the matches in document order}.

#include "selector/selector.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "dom/dom.h"

namespace qascrape::selector {
namespace {

struct MatchCase {
  const char* html;
  const char* selector;
  const char* expected;  // ids (or tag names of id-less elements), ","-joined
};

struct BadCase {
  const char* selector;
  const char* expected;  // a substring of the error message
};

std::string label(dom::Node node) {
  if (!node) return "(null)";
  auto id = node.attr("id");
  return id ? std::string(*id) : node.tag();
}

std::string join(const std::vector<dom::Node>& nodes) {
  std::string out;
  for (const dom::Node& n : nodes) {
    if (!out.empty()) out += ",";
    out += label(n);
  }
  return out;
}

dom::Document parse_html(const std::string& html) {
  auto doc = dom::Document::parse(html);
  EXPECT_TRUE(doc.ok());
  return std::move(doc).value();
}

// The ids matched by `selector` over the whole document, or the error.
std::string select_ids(const std::string& html, const std::string& selector) {
  dom::Document doc = parse_html(html);
  auto sel = Selector::parse(selector);
  if (!sel.ok()) return "ERROR " + sel.error().message;
  return join(sel->select_all(doc.document()));
}

void run_table(const std::vector<MatchCase>& table) {
  for (const MatchCase& c : table) {
    SCOPED_TRACE(std::string("selector: ") + c.selector);
    EXPECT_EQ(select_ids(c.html, c.selector), c.expected);
  }
}

const char* const kBasicDoc = R"(<!DOCTYPE html><html><body>
<div id="d1" class="box main" title="hello world" lang="zh-CN" data-v="abcdef">
  <p id="p1" class="a">A<span id="s1" class="x">S1</span></p>
  <p id="p2" class="a	b">B</p>
  <span id="s2" class="X">S2</span>
  <p id="p3">C</p>
</div>
<div id="d2" class="box"><em id="e1"></em><em id="e2">z</em></div>
</body></html>)";

TEST(SelectorMatch, TypeClassIdAndAttributes) {
  const char* d = kBasicDoc;
  run_table({
      {d, "p", "p1,p2,p3"},
      {d, "P", "p1,p2,p3"},
      {d, "#d2 *", "e1,e2"},
      {d, "em", "e1,e2"},
      {d, "body > *", "d1,d2"},
      {d, ".a", "p1,p2"},
      {d, ".a.b", "p2"},  // class split on a tab as well
      {d, ".x", "s1"},    // class names are case-sensitive
      {d, "#p2", "p2"},
      {d, "#P2", ""},
      {d, "div#d1.box.main", "d1"},
      {d, ".box:not(.main)", "d2"},
      {d, "[title]", "d1"},
      {d, "[TITLE]", "d1"},  // attribute names are not
      {d, "[title='hello world']", "d1"},
      {d, "[title=\"hello world\"]", "d1"},
      {d, "[ title = 'hello world' ]", "d1"},
      {d, "[title=hello]", ""},
      {d, "[title~=world]", "d1"},
      {d, "[title~=wor]", ""},
      {d, "[title~='hello world']", ""},
      {d, "[lang|=zh]", "d1"},
      {d, "[lang|=zh-CN]", "d1"},
      {d, "[lang|=z]", ""},
      {d, "[data-v^=abc]", "d1"},
      {d, "[data-v^=bcd]", ""},
      {d, "[data-v$=def]", "d1"},
      {d, "[data-v$=cde]", ""},
      {d, "[data-v*=cde]", "d1"},
      {d, "[data-v*='']", ""},
      {d, "[data-v^='']", ""},
      {d, "[data-v^=ABC i]", "d1"},
      {d, "[data-v^=ABC]", ""},
      {d, "[data-v=ABCDEF I]", "d1"},
      {d, "[data-v='ABCDEF's]", ""},
      {d, "[class=\"a\tb\"]", "p2"},
      {d, "[class=a]", "p1"},
  });
}

TEST(SelectorMatch, CombinatorsAndLists) {
  const char* d = kBasicDoc;
  run_table({
      {d, "div p", "p1,p2,p3"},
      {d, "div > span", "s2"},
      {d, "p span", "s1"},
      {d, "html span", "s1,s2"},
      {d, "div>p>span", "s1"},
      {d, "#p1 + p", "p2"},
      {d, "#p1+p", "p2"},
      {d, "#p2 + p", ""},  // the next element is a span
      {d, "#p1 ~ p", "p2,p3"},
      {d, "#p1 ~ *", "p2,s2,p3"},
      {d, "#p3 ~ *", ""},
      {d, "body > div > p + p ~ p", "p3"},
      {d, "div ~ div em + em", "e2"},
      {d, "#d1 em", ""},
      {d, "p, span", "p1,s1,p2,s2,p3"},  // document order, not list order
      {d, "p, p.a, #p1", "p1,p2,p3"},    // no duplicates
      {d, " p , em ", "p1,p2,p3,e1,e2"},
  });
}

const char* const kStructureDoc = R"(<html><body>
<ul id="u"><li id="l1"></li><li id="l2"></li><li id="l3"></li><li id="l4"></li><li id="l5"></li><li id="l6"></li><li id="l7"></li></ul>
<div id="mix"><span id="m1"></span><b id="m2"></b><span id="m3"></span><b id="m4"></b><span id="m5"></span></div>
<div id="solo"><i id="only"></i></div>
<div id="txt"> text <i id="i1"></i></div>
</body></html>)";

TEST(SelectorMatch, StructuralPseudoClasses) {
  const char* d = kStructureDoc;
  run_table({
      {d, "li:first-child", "l1"},
      {d, "li:last-child", "l7"},
      {d, "li:only-child", ""},
      {d, ":only-child", "html,only,i1"},  // text does not count
      {d, "li:nth-child(2)", "l2"},
      {d, "li:nth-child(odd)", "l1,l3,l5,l7"},
      {d, "li:nth-child(EVEN)", "l2,l4,l6"},
      {d, "li:nth-child(2n+1)", "l1,l3,l5,l7"},
      {d, "li:nth-child( 2n - 1 )", "l1,l3,l5,l7"},
      {d, "li:nth-child(3n)", "l3,l6"},
      {d, "li:nth-child(n)", "l1,l2,l3,l4,l5,l6,l7"},
      {d, "li:nth-child(-n+3)", "l1,l2,l3"},
      {d, "li:nth-child(n+5)", "l5,l6,l7"},
      {d, "li:nth-child(+n+6)", "l6,l7"},
      {d, "li:nth-child(0n+4)", "l4"},
      {d, "li:nth-child(-2n+5)", "l1,l3,l5"},
      {d, "li:nth-child(0)", ""},
      {d, "li:nth-last-child(1)", "l7"},
      {d, "li:nth-last-child(-n+2)", "l6,l7"},
      {d, "#mix span:nth-of-type(2)", "m3"},
      {d, "#mix b:nth-of-type(1)", "m2"},
      {d, "#mix :first-of-type", "m1,m2"},
      {d, "#mix :last-of-type", "m4,m5"},
      {d, "#mix :nth-last-of-type(2)", "m2,m3"},
      {d, "#mix :only-of-type", ""},
      {d, "#solo :only-of-type", "only"},
      {d, "#mix > :nth-child(2n)", "m2,m4"},
      {d, "#u > :empty", "l1,l2,l3,l4,l5,l6,l7"},
      {d, "div:empty", ""},
      {d, ":root", "html"},
      {d, "#mix :not(span)", "m2,m4"},
      {d, "#mix > :not(span, #m4)", "m2"},
      {d, "#mix :is(b, #m5)", "m2,m4,m5"},
      {d, "#mix :where(b)", "m2,m4"},
      {d, "#mix :not(:nth-child(odd))", "m2,m4"},
      {d, "div:not(#mix):not(#solo)", "txt"},
      {d, "#mix :not(:not(b))", "m2,m4"},
      {d, "body > :not(div ~ div)", "u,mix"},  // complex selector in :not
  });
}

const char* const kHasDoc = R"(<html><body>
<div id="a"><p id="a1"><span id="a2">x</span></p></div>
<div id="b"><span id="b1">y</span></div>
<h2 id="h1">T</h2><p id="after1"></p>
<h2 id="h2">U</h2><div id="after2"><em id="deep"></em></div>
</body></html>)";

TEST(SelectorMatch, Has) {
  const char* d = kHasDoc;
  run_table({
      {d, "div:has(span)", "a,b"},
      {d, "div:has(> span)", "b"},
      {d, "div:has(>span)", "b"},
      {d, "div:has(> p > span)", "a"},
      {d, "div:has(p span)", "a"},
      {d, "div:has(div span)", ""},  // the anchor bounds the relative part
      {d, "h2:has(+ p)", "h1"},
      {d, "h2:has(~ div)", "h1,h2"},
      {d, "h2:has(+ div em)", "h2"},
      {d, "h2:has(~ div > em)", "h1,h2"},
      {d, "h2:has(+ p, + div)", "h1,h2"},
      {d, "div:has(em, p)", "a,after2"},
      {d, "div:not(:has(span))", "after2"},
      {d, ":has(> #deep)", "after2"},
      {d, "div:has(:has(span))", "a"},
      {d, "body > :has(span) + :has(span)", "b"},
  });
}

const char* const kTextDoc =
    R"(<html><head><title>引起面部肌肉痉挛的原因</title></head><body>
<div id="t1">  引起面部&nbsp;肌肉痉挛的
  原因 </div>
<p id="t2">擅长：<b id="t2b">全科</b>　内科</p>
<div id="t3"><span id="t3s">医生回答(3)</span></div>
<a id="t4" href="https://my.39.net/123" title="袁余 主治医师">袁余</a>
<script>var x = "全科";</script>
</body></html>)";

TEST(SelectorMatch, TextPseudoClassesAndChinese) {
  const char* d = kTextDoc;
  run_table({
      {d, "div:contains('面部 肌肉')", "t1"},    // &nbsp; collapses to a space
      {d, "div:contains('痉挛的 原因')", "t1"},  // so does a newline run
      {d, "div:contains('面部肌肉')", ""},
      {d, "p:contains(全科)", "t2"},    // bare identifiers may be Chinese
      {d, "p:contains-own(全科)", ""},  // 全科 is in a child element
      {d, "p:contains-own('擅长： 内科')", "t2"},  // U+3000 collapses too
      {d, "*:contains-own(全科)", "t2b"},          // <script> text is not text
      {d, "span:text-is('医生回答(3)')", "t3s"},
      {d, "div:text-is('医生回答(3)')", "t3"},
      {d, "span:text-is('医生回答')", ""},
      {d, "div:text-is('引起面部 肌肉痉挛的 原因')", "t1"},
      {d, ":text-is(' 全科 ')", "t2b"},  // the needle is trimmed too
      {d, "a[title~=主治医师]", "t4"},
      {d, "a[title^='袁余']", "t4"},
      {d, "[title*=主治]", "t4"},
      {d, "a[href^='https://my.39.net/']", "t4"},
      {d, "a:contains(\"袁余\")", "t4"},
      {d, "div:contains('不存在')", ""},
      {d, "div:not(:contains(医生))", "t1"},
      {d, "#t\\32", "t2"},                        // hex escape
      {d, "#t\\32 b", "t2b"},                     // one space ends the escape
      {d, "#t\\32  b", "t2b"},                    // the second is a combinator
      {d, "[title='\\8881 余 主治医师']", "t4"},  // U+8881 is 袁
      {d, "#t\\4", ""},  // "\4" is U+0004, not the digit
  });
}

// Markup shaped like the sites in /work/shared/spec/page-model.md.
const char* const kSitesDoc = R"(<html><body>
<div class="sub"><span><a id="r1" href="/">首页</a></span>&gt;<span><a id="r2" href="/nk/">内科</a></span><span class="sub_here"><a id="r3">无链接</a></span></div>
<div class="selected"><p class="sele_img" id="si">医生回答(2)</p>
<div class="sele_all marg_top" id="sa1"><div class="doctor_all" mid="123" id="da1"><div class="doc_img"><a id="di1" href="https://my.39.net/123"><img id="img1"></a></div>
<div class="doc_txt"><p class="doc_xinx"><span class="doc_name" id="dn1">袁余</span><span class="doc_yshi" id="dy1">主治医师</span></p></div></div></div>
<div class="sele_all" id="sa2"><div class="doctor_all" id="da2"></div></div></div>
<p class="pt10 pb10 lh180 znblue normal-a" id="x1">crumb</p>
<p class="pt10 pb10 lh180 znblue" id="x2">partial</p>
<div class="pt15 f14 graydeep  pl20 pr20" id="x3">answer</div>
<div class="pt15 f14 graydeep pl20 pr20" id="x4">single-spaced</div>
<span class="User_newbg User_time Doc_time" id="x5">2020-01-01</span>
<span class="User_newbg User_time" id="x6"></span>
<div class="docall clearfix Bestbg" id="x7"></div>
<div id="d_msCon"><p class="crazy_new" id="c1"><span>健康咨询描述：</span>头疼</p></div>
<p class="crazy_new" id="c2"></p>
<h1 id="d_askH1">标题</h1>
</body></html>)";

TEST(SelectorMatch, RealSiteSelectors) {
  const char* d = kSitesDoc;
  run_table({
      {d, "div.sub span > a[href]", "r1,r2"},
      {d, "div.sub span.sub_here", "span"},  // id-less: labelled by tag
      {d, "div.sub span.sub_here > a", "r3"},
      {d, "div.doctor_all[mid]", "da1"},
      {d, "div.doctor_all[mid=123]", "da1"},  // lenient bare number
      {d, "div.doc_img > a[href=\"https://my.39.net/123\"] > img", "img1"},
      {d, "div.doc_txt > p.doc_xinx span.doc_yshi", "dy1"},
      {d, "div.sele_all.marg_top", "sa1"},
      {d, "div.selected > div.sele_all", "sa1,sa2"},
      {d, "p.sele_img:contains(医生回答)", "si"},
      {d, "p.pt10.pb10.lh180.znblue.normal-a", "x1"},
      {d, "div[class=\"pt15 f14 graydeep  pl20 pr20\"]", "x3"},
      {d, "div[class=\"pt15 f14 graydeep pl20 pr20\"]", "x4"},
      {d, ".pt15", "x3,x4"},
      {d, ".User_newbg.User_time.Doc_time", "x5"},
      {d, "div.docall.clearfix", "x7"},
      {d, "#d_msCon p.crazy_new", "c1"},
      {d, "h1#d_askH1", "d_askH1"},
  });
}

TEST(SelectorParse, BadSelectorsReportTheColumn) {
  std::string deep_not;
  for (int i = 0; i < 33; ++i) deep_not += ":not(";
  deep_not += "a";
  for (int i = 0; i < 33; ++i) deep_not += ")";
  std::string deep_has;
  for (int i = 0; i < 40; ++i) deep_has += "a:has(";
  std::string long_chain = "a";
  for (int i = 0; i < 70; ++i) long_chain += " > a";

  const std::vector<BadCase> table = {
      {"", "column 1: expected a selector but found end of input"},
      {"   ", "column 4: expected a selector"},
      {"div[", "column 5: expected an attribute name"},
      {"div[class", "column 10: expected ']'"},
      {"div[class=\"x\"", "column 14: expected ']'"},
      {"a[href='x]", "column 8: unterminated string"},
      {"a[x~y]", "column 5: expected '='"},
      {"[a=]", "column 4: expected an attribute value"},
      {"a[b=c d]", "column 7: expected ']'"},
      {"a >", "column 4: expected a selector after the combinator"},
      {"a > > b", "column 5: expected a selector after the combinator"},
      {"a,,b", "column 3: expected a selector"},
      {"a,", "column 3: expected a selector"},
      {"a)", "column 2: unexpected ')'"},
      {"div.", "column 5: expected a class name"},
      {"div.2col", "column 5: expected a class name"},
      {"#", "column 2: expected an id"},
      {"ns|a", "column 3: namespaces are not supported"},
      {":foo", "column 1: unknown pseudo-class ':foo'"},
      {"p::before", "column 2: pseudo-elements are not supported"},
      {"p:", "column 3: expected a pseudo-class name"},
      {":first-child()", "column 1: ':first-child' takes no arguments"},
      {":contains", "column 1: ':contains' needs an argument"},
      {":contains(\"abc)", "column 11: unterminated string"},
      {":contains(12)", "column 11: expected a quoted string"},
      {":nth-child(x)", "column 12: expected an+b"},
      {":nth-child(2n+)", "column 15: expected a number"},
      {":nth-child(2n 1)", "column 15: expected ')'"},
      {":nth-child(99999999999)", "column 12: number too large"},
      {":not(", "column 6: expected a selector"},
      {":not(a", "column 7: expected ')'"},
      {":not(> a)", "column 6: expected a selector"},  // only :has is relative
      {":has()", "column 6: expected a selector"},
      {"a:has(> )", "column 9: expected a selector"},
      {"中文[", "column 4: expected an attribute name"},  // code points
      {"a b\\", "column 4: unfinished escape"},
      {"a \\", "column 3: expected a selector after the combinator"},
      {"a[lang|zh]", "column 7: namespaces are not supported"},
      {"p:nth-child(1) q:bar", "column 17: unknown pseudo-class"},
      {"a[b=\\", "column 5: unfinished escape"},
      {deep_not.c_str(), "column 161: selectors nested more than 32"},
      {deep_has.c_str(), "selectors nested more than 32"},
      {long_chain.c_str(), "more than 64 compound selectors"},
  };
  for (const BadCase& c : table) {
    SCOPED_TRACE(std::string("selector: ") + c.selector);
    auto sel = Selector::parse(c.selector);
    ASSERT_FALSE(sel.ok());
    EXPECT_EQ(sel.error().code, Errc::kConfig);
    EXPECT_NE(sel.error().message.find(c.expected), std::string::npos)
        << "message: " << sel.error().message;
  }
}

TEST(SelectorParse, NestingUpToTheLimitIsAccepted) {
  std::string text;
  for (int i = 0; i < 32; ++i) text += ":not(";
  text += "em";
  for (int i = 0; i < 32; ++i) text += ")";
  auto sel = Selector::parse(text);
  ASSERT_TRUE(sel.ok()) << sel.error().message;
  dom::Document doc = parse_html(kBasicDoc);
  // 32 negations are an even number: the same as "em".
  EXPECT_EQ(join(sel->select_all(doc.document())), "e1,e2");
}

TEST(SelectorApi, ScopeIsExcludedButAncestorsCount) {
  dom::Document doc = parse_html(kBasicDoc);
  dom::Node d1 = Selector::parse("#d1")->select_first(doc.document());
  ASSERT_TRUE(d1);
  EXPECT_EQ(label(d1), "d1");
  EXPECT_EQ(join(Selector::parse("div")->select_all(d1)), "");
  EXPECT_EQ(join(Selector::parse("div p")->select_all(d1)), "p1,p2,p3");
  EXPECT_EQ(join(Selector::parse("body span")->select_all(d1)), "s1,s2");
  EXPECT_EQ(join(Selector::parse(":scope > span")->select_all(d1)), "s2");
  EXPECT_EQ(join(Selector::parse(":scope span")->select_all(d1)), "s1,s2");
  EXPECT_EQ(join(Selector::parse("p")->select_all(dom::Node())), "");
}

TEST(SelectorApi, SelectFirstMatchesAndSource) {
  dom::Document doc = parse_html(kBasicDoc);
  auto sel = Selector::parse("  p.a  ");
  ASSERT_TRUE(sel.ok());
  EXPECT_EQ(sel->source(), "  p.a  ");
  dom::Node first = sel->select_first(doc.document());
  EXPECT_EQ(label(first), "p1");
  EXPECT_TRUE(sel->matches(first));
  EXPECT_FALSE(sel->matches(first.parent()));
  EXPECT_FALSE(sel->matches(dom::Node()));
  EXPECT_FALSE(sel->matches(first.child(0)));  // the text node "A"
  EXPECT_FALSE(sel->matches(doc.document()));
  EXPECT_FALSE(Selector::parse("em")->select_first(first));

  Selector copy = *sel;  // copies share the compiled form
  EXPECT_EQ(join(copy.select_all(doc.document())), "p1,p2");
  // Without a scope, :scope means the root element.
  EXPECT_TRUE(Selector::parse(":scope")->matches(doc.root()));
}

TEST(SelectorApi, LongDescendantChainsStayFast) {
  // Naive backtracking would try every way to place 60 "div"s on a 400-deep
  // chain; the matcher gives up globally instead.
  std::string html;
  for (int i = 0; i < 400; ++i) html += "<div>";
  html += "<b id=\"leaf\"></b>";
  std::string text;
  for (int i = 0; i < 60; ++i) text += "div ";
  dom::Document doc = parse_html(html);
  EXPECT_EQ(join(Selector::parse(text + "p b")->select_all(doc.document())),
            "");
  EXPECT_EQ(join(Selector::parse(text + "b")->select_all(doc.document())),
            "leaf");
  EXPECT_EQ(
      join(Selector::parse("span " + text + "b")->select_all(doc.document())),
      "");
}

TEST(SelectorApi, NestedListsStayPolynomial) {
  // 300 nested divs. Without the per-call cache of :is/:has results these
  // take exponential time in the nesting depth.
  std::string html;
  for (int i = 0; i < 300; ++i) html += "<div>";
  dom::Document doc = parse_html(html);

  // Each level adds 7 descendant steps: 32 * 7 + 1 = 225 divs in a chain,
  // so the divs with at least 224 div ancestors match.
  std::string is = "div";
  for (int level = 0; level < 32; ++level) {
    is = ":is(" + is + ")" + " div div div div div div div";
  }
  auto sel = Selector::parse(is);
  ASSERT_TRUE(sel.ok()) << sel.error().message;
  EXPECT_EQ(sel->select_all(doc.document()).size(), 300u - 224u);

  // 33 divs each having the next as a descendant: all but the last 32.
  std::string has = "div";
  for (int level = 0; level < 32; ++level) has = "div:has(" + has + ")";
  sel = Selector::parse(has);
  ASSERT_TRUE(sel.ok()) << sel.error().message;
  EXPECT_EQ(sel->select_all(doc.document()).size(), 300u - 32u);
}

TEST(SelectorParse, RandomInputNeverCrashes) {
  // Random selector-ish text: every result is either a selector that runs
  // or a column-carrying kConfig error.
  const std::string alphabet = "ab*.#[]=~|^$\"'():,>+ -_\\1n!中\xC2\xA0";
  const std::vector<std::string> words = {
      ":not(", ":has(", ":is(",         ":nth-child(", ":contains(",
      "2n+1",  "odd",   ":first-child", "[class",      "i]",
      "div",   ".x",    "#y",           ")",           "\\31 "};
  std::mt19937 rng(12345);
  dom::Document doc = parse_html(kBasicDoc);
  int parsed = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text;
    int len = static_cast<int>(rng() % 24);
    for (int i = 0; i < len; ++i) {
      if (rng() % 3 == 0) {
        text += words[rng() % words.size()];
      } else {
        text += alphabet[rng() % alphabet.size()];
      }
    }
    auto sel = Selector::parse(text);
    if (sel.ok()) {
      ++parsed;
      (void)sel->select_all(doc.document());
    } else {
      ASSERT_EQ(sel.error().code, Errc::kConfig) << text;
      ASSERT_EQ(sel.error().message.rfind("column ", 0), 0u) << text;
    }
  }
  EXPECT_GT(parsed, 0);
}

}  // namespace
}  // namespace qascrape::selector
