#include "dom/dom.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace qascrape::dom {
namespace {

TEST(Document, ParsesAndNavigates) {
  auto doc = Document::parse(
      "<title>T</title><div id=a class='x "
      "y'>one<b>two</b></div><my-tag>z</my-tag>");
  ASSERT_TRUE(doc.ok());
  Node body = doc->body();
  ASSERT_TRUE(body);
  auto kids = body.element_children();
  ASSERT_EQ(kids.size(), 2u);
  EXPECT_EQ(kids[0].tag(), "div");
  EXPECT_EQ(kids[0].attr("ID").value_or(""), "a");
  EXPECT_EQ(kids[0].text_content(), "onetwo");
  EXPECT_EQ(kids[1].tag(), "my-tag");
  EXPECT_EQ(kids[1].prev_element_sibling(), kids[0]);
  EXPECT_EQ(kids[0].next_element_sibling(), kids[1]);
  EXPECT_TRUE(doc->head());
}

TEST(Document, NulByteDoesNotCutThePage) {
  const std::string html("<p>before\0after</p><p id=last>end</p>", 37);
  auto doc = Document::parse(html);
  ASSERT_TRUE(doc.ok());
  EXPECT_NE(doc->body().text_content().find("end"), std::string::npos);
}

TEST(Lines, BreaksAtBrAndBlocksAndMarksOlItems) {
  auto doc = Document::parse(
      "<div id=t>intro<br>line "
      "two<p>para</p><ol><li>first<br>detail</li><li></li><li>third</li></ol>"
      "<ul><li>bullet</li></ul><script>var x='<p>no</p>';</script>tail\xC2\xA0"
      "end</div>");
  ASSERT_TRUE(doc.ok());
  Node div = doc->body().element_children()[0];
  auto lines = div.block_lines();
  std::vector<std::string> texts;
  for (auto& l : lines) texts.push_back(l.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"intro", "line two", "para",
                                             "first", "detail", "third",
                                             "bullet", "tail end"}));
  EXPECT_TRUE(lines[3].list_item);
  EXPECT_FALSE(lines[4].list_item);
  EXPECT_TRUE(lines[5].list_item);
  EXPECT_FALSE(lines[6].list_item);  // <ul> items are not numbered
}

TEST(Lines, DeepNestingDoesNotCrash) {
  std::string html;
  for (int i = 0; i < 4000; ++i) html += "<span>";
  html += "deep";
  auto doc = Document::parse(html);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->body().lines(), std::vector<std::string>{"deep"});
  EXPECT_EQ(descendant_elements(doc->body()).size(), 4000u);
}

}  // namespace
}  // namespace qascrape::dom

namespace qascrape::dom {
namespace {

struct DepthCase {
  std::string html;
  std::size_t depth;
};

TEST(DepthGuard, EstimatesNestingFromMarkup) {
  const DepthCase cases[] = {
      {"<html><body><div><div>x</div></div></body></html>", 4},
      {"<p>a<p>b<p>c<li>d<li>e<br><img src=x>",
       0},  // parsers close these themselves
      {"<div/><div/><div/>", 0},
      {"<!-- <div><div><div> --><div>", 1},
      {"<script>if (a<b) { s='<div><div>'; }</script><div>", 1},
      {"<div title='<div>'><span a=\">\">x</span></div>", 2},
      {"</div></div><div>", 1},  // stray end tags do not go negative
  };
  for (const auto& c : cases)
    EXPECT_EQ(estimate_depth(c.html, 100), c.depth) << c.html;
}

TEST(DepthGuard, HostileNestingIsRefusedQuickly) {
  std::string html = "<html><body>";
  for (int i = 0; i < 200000; ++i) html += "<div>";
  auto doc = Document::parse(html);  // Gumbo alone would take minutes
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().code, Errc::kTooLarge);
  std::string fine = "<html><body>";
  for (int i = 0; i < 1000; ++i) fine += "<div>";
  EXPECT_TRUE(Document::parse(fine).ok());
}

}  // namespace
}  // namespace qascrape::dom

namespace qascrape::dom {
namespace {

const std::filesystem::path kSource = QASCRAPE_SOURCE_DIR;

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The tree as text, script/style text and comments reduced to what
// stripping keeps of them: whether the text is empty.
void dump(Node n, std::string& out) {
  switch (n.kind()) {
    case NodeKind::kElement:
      out += "<" + n.tag();
      for (auto [name, value] : n.attrs())
        out += " " + std::string(name) + "=" + std::string(value);
      out += ">";
      break;
    case NodeKind::kText: {
      const std::string parent = n.parent().tag();
      if (parent == "script" || parent == "style")
        out += n.text().empty() ? "#raw()" : "#raw(x)";
      else
        out += "#text(" + std::string(n.text()) + ")";
      return;
    }
    case NodeKind::kOther:
      out += "#other";
      return;
    default:
      break;
  }
  for (std::size_t i = 0; i < n.child_count(); ++i) dump(n.child(i), out);
  out += "</>";
}

std::string tree_of(std::string_view html, bool drop) {
  ParseOptions options;
  options.drop_raw_text = drop;
  auto doc = Document::parse(html, options);
  if (!doc) return "error: " + doc.error().message;
  std::string out;
  dump(doc->document(), out);
  return out;
}

TEST(RawTextStrip, CaseTable) {
  std::ifstream in(kSource / "tests/data/raw_text_strip.tsv");
  ASSERT_TRUE(in);
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    ASSERT_NE(t2, std::string::npos) << line;
    const std::string why = line.substr(0, t1);
    const std::string input = unescape(line.substr(t1 + 1, t2 - t1 - 1));
    const std::string expected = unescape(line.substr(t2 + 1));
    EXPECT_EQ(strip_raw_text(input), expected) << why;
    // The tree Gumbo builds is the same but for those texts.
    EXPECT_EQ(tree_of(input, true), tree_of(input, false)) << why;
    EXPECT_EQ(tree_of(expected, false), tree_of(input, false)) << why;
    ++rows;
  }
  EXPECT_GE(rows, 30);
}

TEST(RawTextStrip, SameTreeOnEveryFixturePage) {
  int pages = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(kSource / "fixtures")) {
    if (entry.path().filename() != "page.html") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string html((std::istreambuf_iterator<char>(in)),
                           std::istreambuf_iterator<char>());
    EXPECT_LT(strip_raw_text(html).size(), html.size() + 1) << entry.path();
    EXPECT_EQ(tree_of(html, true), tree_of(html, false)) << entry.path();
    ++pages;
  }
  EXPECT_GE(pages, 10);
}

TEST(RawTextStrip, DepthIsTheSameWithOrWithoutTheCopy) {
  const std::string html =
      "<div><script>if (a<b) '<div>';</script><!-- <div> --><div><style>"
      "p{}</style></div></div>";
  std::string out;
  EXPECT_EQ(prepare_html(html, 100, &out), estimate_depth(html, 100));
  EXPECT_EQ(estimate_depth(html, 100), 3u);  // div > div > style
  EXPECT_EQ(out,
            "<div><script>x</script><!----><div><style>x</style></div></div>");
}

}  // namespace
}  // namespace qascrape::dom
