// Tests for split_numbered: summary / numbered items / advice.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "normalize/normalize.h"

namespace qascrape::normalize {
namespace {

using std::nullopt;
using std::optional;
using std::string;
using std::vector;

vector<Paragraph> paras(const vector<string>& texts) {
  vector<Paragraph> out;
  for (const string& t : texts) out.push_back({t, false});
  return out;
}

vector<string> names(const AnswerParts& p) {
  vector<string> out;
  for (const Cause& c : p.causes) out.push_back(c.name);
  return out;
}

// The answer of the seed page, verbatim (shared/seed/page-text.txt).
const vector<string> kSeedAnswer = {
    "面部肌肉痉挛可能是由于神经受压、面神经炎、外伤、感染或代谢紊乱等原因导致"
    "的,需要根据具体病因进行针对性治疗。建议患者及时就医以确定诊断并接受适当治"
    "疗。",
    "1.神经受压",
    "神经受压是指由于周围组织肿胀、肿瘤压迫等原因导致神经传导受到限制,从而影响"
    "神经所支配区域的感觉和运动功能。如果压迫面神经,"
    "则会导致面部肌肉痉挛。对于神"
    "经受压引起的面部肌肉痉挛,"
    "可以考虑使用非甾体抗炎药如布洛芬来缓解疼痛和炎症反"
    "应。",
    "2.面神经炎",
    "面神经炎是由于病毒感染或其他原因导致的面神经发炎,"
    "炎症刺激可引起面部肌肉痉挛"
    "。当面神经受损时,可能会出现暂时性瘫痪,进而导致面部表情不协调。患者可在医生"
    "指导下使用营养神经类药物进行治疗,如维生素B族中的维生素B1、甲钴胺等。",
    "3.外伤",
    "外伤可能导致颅内出血或血肿形成,这些病变可能直接压迫面神经,也可能间接通过水"
    "肿压迫面神经,从而引起面部肌肉痉挛。对于由外伤引起的面部肌肉痉挛,需要及时就"
    "医并接受适当的手术治疗,例如开颅减压术。",
    "4.感染",
    "感染可能包括细菌性脑膜炎、带状疱疹等,这些感染可能导致神经根肿胀和炎症,进而"
    "对面神经造成压迫和损伤,诱发面部肌肉痉挛。针对感染所致的面部肌肉痉挛,患者应"
    "在医师指导下使用抗生素治疗,如阿莫西林胶囊、头孢克肟分散片等。",
    "5.代谢紊乱",
    "代谢紊乱如电解质失衡可能导致神经传导异常,"
    "进而引发面部肌肉痉挛。纠正电解质失"
    "衡通常涉及静脉注射电解质平衡溶液,如氯化钠注射液、葡萄糖注射液等。",
    "建议定期进行神经系统检查以及肌电图以监测病情变化,"
    "保持充足睡眠有助于减轻面部"
    "肌肉痉挛的症状。",
};

const vector<string> kSeedDrugs = {
    "巴氯芬片", "阿比多尔片", "注射用亚胺培南西司他丁钠", "复方片仔癀软膏"};

void expect_seed(const AnswerParts& p) {
  ASSERT_TRUE(p.summary);
  EXPECT_TRUE(p.summary->starts_with("面部肌肉痉挛可能是由于"));
  EXPECT_EQ(p.summary->find('\n'), string::npos);
  ASSERT_TRUE(p.advice);
  EXPECT_TRUE(p.advice->starts_with("建议定期进行神经系统检查"));
  EXPECT_EQ(p.advice->find('\n'), string::npos);
  ASSERT_EQ(p.causes.size(), 5u);
  EXPECT_EQ(names(p), (vector<string>{"神经受压", "面神经炎", "外伤", "感染",
                                      "代谢紊乱"}));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(p.causes[i].index, i + 1);
    ASSERT_TRUE(p.causes[i].detail);
    EXPECT_EQ(p.causes[i].detail->find('\n'), string::npos);
  }
  EXPECT_TRUE(p.causes[0].detail->starts_with("神经受压是指"));
  EXPECT_TRUE(p.causes[4].detail->starts_with("代谢紊乱如电解质失衡"));
  EXPECT_EQ(p.causes[0].treatments, vector<string>{"布洛芬"});
  EXPECT_EQ(p.causes[1].treatments, (vector<string>{"维生素B1", "甲钴胺"}));
  EXPECT_EQ(p.causes[2].treatments, vector<string>{"开颅减压术"});
  EXPECT_EQ(p.causes[3].treatments,
            (vector<string>{"阿莫西林胶囊", "头孢克肟分散片"}));
  EXPECT_EQ(p.causes[4].treatments,
            (vector<string>{"氯化钠注射液", "葡萄糖注射液"}));
}

TEST(SplitNumbered, SeedAnswer) {
  expect_seed(split_numbered(paras(kSeedAnswer), kSeedDrugs));
  expect_seed(split_numbered(paras(kSeedAnswer), {}));
}

TEST(SplitNumbered, SeedAnswerAsOneTextWithNewlines) {
  string all;
  for (const string& p : kSeedAnswer) all += p + "\n";
  expect_seed(split_numbered({{all, false}}, kSeedDrugs));
}

struct StyleCase {
  string label;
  vector<string> markers;  // for items 1, 2, 3
};

// The table of styles is data: tests/data/numbering_styles.tsv.
vector<StyleCase> load_styles() {
  std::ifstream in(std::string(QASCRAPE_SOURCE_DIR) +
                   "/tests/data/numbering_styles.tsv");
  vector<StyleCase> out;
  string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::replace(line.begin(), line.end(), '_', ' ');
    vector<string> cols;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != string::npos;
         start = tab + 1) {
      cols.push_back(line.substr(start, tab - start));
    }
    cols.push_back(line.substr(start));
    if (cols.size() != 4) {
      ADD_FAILURE() << "numbering_styles.tsv: bad row: " << line;
      continue;
    }
    out.push_back({cols[0], {cols[1], cols[2], cols[3]}});
  }
  EXPECT_GE(out.size(), 15u) << "numbering_styles.tsv missing or short";
  return out;
}

const vector<StyleCase>& styles() {
  static const vector<StyleCase> table = load_styles();
  return table;
}

TEST(SplitNumbered, EveryStyleHeadingAlone) {
  for (const StyleCase& s : styles()) {
    const AnswerParts p = split_numbered(
        paras({"总述。", s.markers[0] + "受凉", "受凉会导致咳嗽。",
               s.markers[1] + "过敏", "过敏也会。", s.markers[2] + "感染",
               "感染最常见。", "建议多喝水。", "注意休息。"}),
        {});
    EXPECT_EQ(p.summary, optional<string>("总述。")) << s.label;
    EXPECT_EQ(names(p), (vector<string>{"受凉", "过敏", "感染"})) << s.label;
    ASSERT_EQ(p.causes.size(), 3u) << s.label;
    EXPECT_EQ(p.causes[0].detail, optional<string>("受凉会导致咳嗽。"));
    EXPECT_EQ(p.causes[2].index, 3);
    EXPECT_EQ(p.causes[2].detail, optional<string>("感染最常见。"));
    EXPECT_EQ(p.advice, optional<string>("建议多喝水。\n注意休息。"))
        << s.label;
  }
}

TEST(SplitNumbered, EveryStyleNameColonDetail) {
  for (const StyleCase& s : styles()) {
    const AnswerParts p = split_numbered(
        paras({s.markers[0] + "受凉：受凉会导致咳嗽。",
               s.markers[1] + "过敏:过敏也会。",
               s.markers[2] + "感染：感染最常见。", "建议多喝水。"}),
        {});
    EXPECT_EQ(p.summary, nullopt) << s.label;
    EXPECT_EQ(names(p), (vector<string>{"受凉", "过敏", "感染"})) << s.label;
    ASSERT_EQ(p.causes.size(), 3u) << s.label;
    EXPECT_EQ(p.causes[1].detail, optional<string>("过敏也会。"));
    // A name：detail last item takes no paragraph: the rest is advice.
    EXPECT_EQ(p.causes[2].detail, optional<string>("感染最常见。"));
    EXPECT_EQ(p.advice, optional<string>("建议多喝水。")) << s.label;
  }
}

TEST(SplitNumbered, OlListItems) {
  const AnswerParts p = split_numbered(
      {{"可能的原因：", false},
       {"受凉", true},
       {"受凉会导致咳嗽。", false},
       {"过敏：过敏也会。", true},
       {"3. 感染", true},  // a typed number inside an <li> is dropped
       {"感染最常见。", false},
       {"建议就医。", false}},
      {});
  EXPECT_EQ(p.summary, optional<string>("可能的原因："));
  EXPECT_EQ(names(p), (vector<string>{"受凉", "过敏", "感染"}));
  EXPECT_EQ(p.causes[1].detail, optional<string>("过敏也会。"));
  EXPECT_EQ(p.causes[2].detail, optional<string>("感染最常见。"));
  EXPECT_EQ(p.advice, optional<string>("建议就医。"));
}

TEST(SplitNumbered, NoList) {
  for (const vector<string>& texts :
       {vector<string>{"多喝水，注意休息。", "建议就医。"},
        vector<string>{"建议：①多休息；②多喝水。"},
        vector<string>{"可以吃1.5mg的药，每天2.5次。"},
        vector<string>{"2.面神经炎", "3.外伤"},  // does not start at 1
        vector<string>{}, vector<string>{"", "  "}}) {
    const AnswerParts p = split_numbered(paras(texts), {});
    EXPECT_EQ(p.summary, nullopt);
    EXPECT_TRUE(p.causes.empty());
    EXPECT_EQ(p.advice, nullopt);
  }
}

TEST(SplitNumbered, InSentenceNumbersAreNotItems) {
  const AnswerParts p =
      split_numbered(paras({"1.受凉", "注意保暖，①多休息；②多喝水。", "2.过敏",
                            "远离过敏原。"}),
                     {});
  EXPECT_EQ(names(p), (vector<string>{"受凉", "过敏"}));
  EXPECT_EQ(p.causes[0].detail,
            optional<string>("注意保暖，①多休息；②多喝水。"));
}

TEST(SplitNumbered, DecimalsAreNotItems) {
  const AnswerParts p = split_numbered(
      paras({"1.用药", "1.5mg每次，每天2次。", "2.复查", "2.5周后复查。"}), {});
  EXPECT_EQ(names(p), (vector<string>{"用药", "复查"}));
  EXPECT_EQ(p.causes[0].detail, optional<string>("1.5mg每次，每天2次。"));
  EXPECT_EQ(p.causes[1].detail, optional<string>("2.5周后复查。"));
  EXPECT_EQ(p.advice, nullopt);
}

TEST(SplitNumbered, NestedSubItemsBelongToOuterItem) {
  const AnswerParts p = split_numbered(
      paras({"原因如下：", "1.感染", "（1）细菌感染", "（2）病毒感染", "2.外伤",
             "外伤很常见。", "3.其他", "(1)遗传", "(2)环境", "建议就医。"}),
      {});
  EXPECT_EQ(names(p), (vector<string>{"感染", "外伤", "其他"}));
  EXPECT_EQ(p.causes[0].detail,
            optional<string>("（1）细菌感染\n（2）病毒感染"));
  // The last item's sub-list is its own text, the rest advice.
  EXPECT_EQ(p.causes[2].detail, optional<string>("(1)遗传\n(2)环境"));
  EXPECT_EQ(p.advice, optional<string>("建议就医。"));
}

TEST(SplitNumbered, ChineseOuterArabicInner) {
  const AnswerParts p =
      split_numbered(paras({"一、病因", "1.受凉", "2.过敏", "二、治疗",
                            "1.休息", "2.吃药", "祝早日康复。"}),
                     {});
  EXPECT_EQ(names(p), (vector<string>{"病因", "治疗"}));
  EXPECT_EQ(p.causes[0].detail, optional<string>("1.受凉\n2.过敏"));
  EXPECT_EQ(p.causes[1].detail, optional<string>("1.休息\n2.吃药"));
  EXPECT_EQ(p.advice, optional<string>("祝早日康复。"));
}

TEST(SplitNumbered, SubListBeforeListStaysInSummary) {
  const AnswerParts p =
      split_numbered(paras({"症状：", "①头疼", "②发热", "1.感冒", "多休息。",
                            "2.流感", "吃药。"}),
                     {});
  EXPECT_EQ(p.summary, optional<string>("症状：\n①头疼\n②发热"));
  EXPECT_EQ(names(p), (vector<string>{"感冒", "流感"}));
  EXPECT_EQ(p.advice, nullopt);
}

TEST(SplitNumbered, OneItemIsAList) {
  const AnswerParts p = split_numbered(
      paras({"可能是：", "1、受凉", "受凉会咳嗽。", "多喝水。"}), {});
  EXPECT_EQ(names(p), vector<string>{"受凉"});
  EXPECT_EQ(p.causes[0].detail, optional<string>("受凉会咳嗽。"));
  EXPECT_EQ(p.advice, optional<string>("多喝水。"));
}

TEST(SplitNumbered, LongLineWithoutColon) {
  const AnswerParts p =
      split_numbered(paras({"1.受凉后免疫力下降，容易诱发咳嗽，需要注意保暖。",
                            "2.过敏：远离过敏原。"}),
                     {});
  EXPECT_EQ(names(p), (vector<string>{"受凉后免疫力下降", "过敏"}));
  EXPECT_EQ(p.causes[0].detail,
            optional<string>("受凉后免疫力下降，容易诱发咳嗽，需要注意保暖。"));
}

TEST(SplitNumbered, HeadingWithEmptyColonAndMixedWidths) {
  const AnswerParts p = split_numbered(
      paras({"1.受凉：", "受凉会咳嗽。", "2．过敏。", "远离过敏原。"}), {});
  EXPECT_EQ(names(p), (vector<string>{"受凉", "过敏"}));
  EXPECT_EQ(p.causes[0].detail, optional<string>("受凉会咳嗽。"));
  EXPECT_EQ(p.causes[1].detail, optional<string>("远离过敏原。"));
}

TEST(SplitNumbered, HeadingAloneFollowedByNextItem) {
  const AnswerParts p = split_numbered(
      paras({"1.受凉", "2.过敏", "远离过敏原。", "多喝水。"}), {});
  EXPECT_EQ(p.causes[0].detail, nullopt);
  EXPECT_EQ(p.causes[1].detail, optional<string>("远离过敏原。"));
  EXPECT_EQ(p.advice, optional<string>("多喝水。"));
}

TEST(SplitNumbered, MultiParagraphDetailOfNonLastItem) {
  const AnswerParts p = split_numbered(
      paras({"1.受凉", "第一段。", "第二段。", "2.过敏", "过敏原。"}), {});
  EXPECT_EQ(p.causes[0].detail, optional<string>("第一段。\n第二段。"));
}

TEST(SplitNumbered, LongerChainWinsOverStrayNumber) {
  // A lone "1、" in the summary does not beat a real 1. 2. 3. list.
  const AnswerParts p = split_numbered(
      paras({"1、先说结论", "1.受凉", "a", "2.过敏", "b", "3.感染", "c"}), {});
  EXPECT_EQ(p.summary, optional<string>("1、先说结论"));
  EXPECT_EQ(names(p), (vector<string>{"受凉", "过敏", "感染"}));
}

TEST(SplitNumbered, TreatmentsPerItemUseKnownDrugs) {
  const AnswerParts p =
      split_numbered(paras({"1.过敏", "可在医生指导下服用氯雷他定片。",
                            "2.痉挛", "可用巴氯芬缓解。"}),
                     {"巴氯芬"});
  EXPECT_EQ(p.causes[0].treatments, vector<string>{"氯雷他定片"});
  EXPECT_EQ(p.causes[1].treatments, vector<string>{"巴氯芬"});
}

}  // namespace
}  // namespace qascrape::normalize
