// Replays every fixtures/<site>/<case>/ folder: the same cases and the same
// comparison as `qascrape check`.
#include <gtest/gtest.h>

#include "pipeline/pipeline.h"

namespace qascrape {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = fs::path(QASCRAPE_SOURCE_DIR) / "fixtures";

class Golden : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    auto set =
        rules::RuleSet::load_dir(fs::path(QASCRAPE_SOURCE_DIR) / "selectors");
    ASSERT_TRUE(set.ok()) << set.error().message;
    rules_ = new rules::RuleSet(std::move(set.value()));
  }
  static rules::RuleSet* rules_;
};
rules::RuleSet* Golden::rules_ = nullptr;

std::vector<std::string> case_names() {
  std::vector<std::string> out;
  for (const auto& dir : pipeline::fixture_cases(kRoot)) {
    out.push_back(fs::relative(dir, kRoot).generic_string());
  }
  return out;
}

TEST_P(Golden, MatchesExpectedRecord) {
  const extract::Extractor extractor(*rules_);
  const pipeline::CaseResult r =
      pipeline::run_case(kRoot / GetParam(), kRoot, extractor, false);
  std::string diffs;
  for (const auto& d : r.diffs) diffs += "\n  " + d;
  EXPECT_TRUE(r.passed) << GetParam() << diffs;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Golden, ::testing::ValuesIn(case_names()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c)))
                               c = '_';
                           }
                           return n;
                         });

TEST(GoldenSet, HasAtLeastTwelveCasesOverThreeSites) {
  const auto names = case_names();
  EXPECT_GE(names.size(), 12u);
  for (const char* site : {"ask39/", "120ask/", "xywy/"}) {
    EXPECT_TRUE(std::any_of(
        names.begin(), names.end(),
        [&](const std::string& n) { return n.rfind(site, 0) == 0; }))
        << site;
  }
}

}  // namespace
}  // namespace qascrape
