#include "pipeline/first_line_table.h"

#include <gtest/gtest.h>

namespace qascrape::pipeline {
namespace {

TEST(FirstLineTable, RemembersTheFirstLineOfEveryHashThroughGrowth) {
  FirstLineTable t;
  for (std::uint32_t i = 1; i <= 50000; ++i) {
    ASSERT_EQ(t.insert(i * 0x9E3779B97F4A7C15ull, i), 0u) << i;
  }
  EXPECT_EQ(t.size(), 50000u);
  for (std::uint32_t i = 1; i <= 50000; i += 997) {
    EXPECT_EQ(t.insert(i * 0x9E3779B97F4A7C15ull, 999999), i);
  }
  EXPECT_EQ(t.insert(0, 7), 0u);  // hash 0 is stored too
  EXPECT_EQ(t.insert(0, 8), 7u);
  // Colliding low bits probe onward.
  EXPECT_EQ(t.insert(1ull << 40, 11), 0u);
  EXPECT_EQ(t.insert(2ull << 40, 12), 0u);
  EXPECT_EQ(t.insert(1ull << 40, 13), 11u);
}

}  // namespace
}  // namespace qascrape::pipeline
