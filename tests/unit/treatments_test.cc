// Tests for find_treatments.
#include <gtest/gtest.h>

#include <fstream>

#include "normalize/normalize.h"

namespace qascrape::normalize {
namespace {

using std::string;
using std::vector;

struct Case {
  string text;
  vector<string> want;
};

TEST(FindTreatments, Positive) {
  const vector<Case> cases = {
      // Seed sentences.
      {"可以考虑使用非甾体抗炎药如布洛芬来缓解疼痛和炎症反应。", {"布洛芬"}},
      // Names holding a cut word (来) or a verb (口服) stay whole.
      {"可以使用消炎止痛和营养神经的药物，如塞来昔布胶囊、甲钴胺片等。",
       {"塞来昔布胶囊", "甲钴胺片"}},
      {"可服用止咳化痰药物，如小儿肺热咳喘口服液。", {"小儿肺热咳喘口服液"}},
      // A dosage form alone names no drug.
      {"可使用吸入剂，如布地奈德福莫特罗吸入粉雾剂。",
       {"布地奈德福莫特罗吸入粉雾剂"}},
      {"患者可在医生指导下使用营养神经类药物进行治疗,如维生素B族中的维生素B1、"
       "甲钴胺等。",
       {"维生素B1", "甲钴胺"}},
      {"需要及时就医并接受适当的手术治疗,例如开颅减压术。", {"开颅减压术"}},
      {"患者应在医师指导下使用抗生素治疗,如阿莫西林胶囊、头孢克肟分散片等。",
       {"阿莫西林胶囊", "头孢克肟分散片"}},
      {"代谢紊乱如电解质失衡可能导致神经传导异常,进而引发面部肌肉痉挛。纠正电解"
       "质失衡通常涉及静脉注射电解质平衡溶液,如氯化钠注射液、葡萄糖注射液等。",
       {"氯化钠注射液", "葡萄糖注射液"}},
      // Other shapes.
      {"可以服用布洛芬缓释胶囊。", {"布洛芬缓释胶囊"}},
      {"可使用红霉素软膏、莫匹罗星软膏等药物。",
       {"红霉素软膏", "莫匹罗星软膏"}},
      {"可使用甲硝唑、替硝唑等药物治疗。", {"甲硝唑", "替硝唑"}},
      {"可以使用奥美拉唑和铝碳酸镁等药物。", {"奥美拉唑", "铝碳酸镁"}},
      {"比如对乙酰氨基酚片。", {"对乙酰氨基酚片"}},
      {"可以口服对乙酰氨基酚来退热。", {"对乙酰氨基酚"}},
      {"必要时外用氢化可的松乳膏。", {"氢化可的松乳膏"}},
      {"可用药物治疗，如布洛芬或对乙酰氨基酚。", {"布洛芬", "对乙酰氨基酚"}},
      {"严重时需要手术，例如：冠状动脉搭桥术。", {"冠状动脉搭桥术"}},
      {"也可采用针灸疗法。", {"针灸疗法"}},
      {"如阿莫西林胶囊、阿莫西林胶囊等。", {"阿莫西林胶囊"}},  // dedup
      {"诸如复方片仔癀软膏等外用药。", {"复方片仔癀软膏"}},
      // "使用X、Y等药物": the list is a list of drugs even when the names do
      // not look like one.
      {"可使用复方丹参、银杏叶提取物等药物改善循环。",
       {"复方丹参", "银杏叶提取物"}},
      {"如布洛芬（芬必得）。", {"布洛芬"}},  // a drug-name ending suffices
      {"如瑞巴派特（胃黏膜保护）。", {}},    // no ending, no treatment word
      {"可服药，如布洛芬（芬必得）。", {"布洛芬"}},
      {"止痛可用药物如感冒药中的伪麻黄碱。", {"伪麻黄碱"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(find_treatments(c.text, {}), c.want) << c.text;
  }
  // A name from the page's 适用药品 box counts on its own.
  EXPECT_EQ(find_treatments("可用巴氯芬。", {"巴氯芬"}),
            vector<string>{"巴氯芬"});
  EXPECT_EQ(find_treatments("如巴氯芬片。", {"巴氯芬片"}),
            vector<string>{"巴氯芬片"});
}

TEST(FindTreatments, Negative) {
  const vector<string> texts = {
      "代谢紊乱如电解质失衡可能导致神经传导异常,进而引发面部肌肉痉挛。",
      "如果压迫面神经,则会导致面部肌肉痉挛。",
      "如何缓解？如此下去会加重。",
      "常见病因如感冒、过敏等。",
      "可使用抗生素治疗。",
      "使用营养神经类药物进行治疗。",
      "可以考虑使用非甾体抗炎药。",
      "服用一段时间后复查。",
      "感染可能包括细菌性脑膜炎、带状疱疹等。",
      "如出现发热，请及时就医。",
      "这种药物可用于治疗高血压。",
      "如血栓形成或睾丸扩散。",
      "",
      "如",
      "使用",
      "如等、。",
  };
  for (const string& t : texts) {
    EXPECT_TRUE(find_treatments(t, {}).empty()) << t;
  }
}

TEST(FindTreatments, SentenceScopeOfTreatmentWord) {
  // The treatment word must come earlier in the same sentence.
  EXPECT_TRUE(find_treatments("建议治疗。常见诱因如受凉。", {}).empty());
  EXPECT_EQ(find_treatments("治疗可选择如推拿按摩。", {}),
            vector<string>{"推拿按摩"});
  // Without the treatment word, a plain 如X needs a drug-like X.
  EXPECT_TRUE(find_treatments("可选择如推拿按摩。", {}).empty());
}

// The table of cases is data: tests/data/treatments.tsv.
TEST(FindTreatments, DataTable) {
  std::ifstream in(string(QASCRAPE_SOURCE_DIR) + "/tests/data/treatments.tsv");
  ASSERT_TRUE(in) << "tests/data/treatments.tsv";
  string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t t1 = line.find('\t');
    const std::size_t t2 = line.find('\t', t1 + 1);
    ASSERT_NE(t2, string::npos) << "bad row: " << line;
    const string text = line.substr(0, t1);
    const string want_text = line.substr(t1 + 1, t2 - t1 - 1);
    vector<string> want;
    if (want_text != "-") {
      for (std::size_t start = 0;;) {
        const std::size_t bar = want_text.find('|', start);
        want.push_back(want_text.substr(start, bar - start));
        if (bar == string::npos) break;
        start = bar + 1;
      }
    }
    EXPECT_EQ(find_treatments(text, {}), want)
        << text << " (" << line.substr(t2 + 1) << ")";
    ++rows;
  }
  EXPECT_GE(rows, 10);
}

}  // namespace
}  // namespace qascrape::normalize
