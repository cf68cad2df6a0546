// The selector-health rule as data (tests/data/health_rule.tsv): a field is
// flagged when its fill count is improbably low under the expected rate.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "pipeline/pipeline.h"

namespace qascrape::pipeline {
namespace {

const std::filesystem::path kSource = QASCRAPE_SOURCE_DIR;

TEST(Health, BinomialTail) {
  EXPECT_NEAR(binomial_cdf(0, 10, 0.8), std::pow(0.2, 10), 1e-15);
  EXPECT_NEAR(binomial_cdf(1, 2, 0.5), 0.75, 1e-12);
  EXPECT_DOUBLE_EQ(binomial_cdf(10, 10, 0.8), 1.0);
  EXPECT_NEAR(binomial_cdf(7, 10, 0.6), 0.8327, 1e-4);
  // Large runs stay finite and exact enough (normal approximation ~0.5).
  EXPECT_NEAR(binomial_cdf(800000, 1000000, 0.8), 0.5, 0.01);
}

TEST(Health, RuleTable) {
  std::ifstream in(kSource / "tests/data/health_rule.tsv");
  ASSERT_TRUE(in);
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::size_t seen = 0, filled = 0;
    double rate = 0;
    int flagged = 0;
    f >> seen >> filled >> rate >> flagged;
    EXPECT_EQ(health_flags(seen, filled, rate), flagged == 1) << line;
    ++rows;
  }
  EXPECT_GE(rows, 10);
}

}  // namespace
}  // namespace qascrape::pipeline
