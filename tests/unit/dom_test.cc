#include "dom/dom.h"

#include <gtest/gtest.h>

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
