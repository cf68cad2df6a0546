// The facts output.md requires of the seed page, and the promises about bad
// input, checked field by field (the golden files check everything else).
#include "extract/extract.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "charset/charset.h"
#include "pipeline/pipeline.h"
#include "write/write.h"

namespace qascrape {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSource = QASCRAPE_SOURCE_DIR;

class ExtractTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto set = rules::RuleSet::load_dir(kSource / "selectors");
    ASSERT_TRUE(set.ok()) << set.error().message;
    rules_ = new rules::RuleSet(std::move(set.value()));
  }
  static json record_of(const std::string& fixture) {
    const fs::path dir = kSource / "fixtures" / fixture;
    const pipeline::SavedInput in = pipeline::saved_page_folder(dir);
    const extract::Extractor ex(*rules_);
    const std::string line =
        write::to_json_line(pipeline::parse_saved(in, ex, {}));
    EXPECT_TRUE(charset::is_valid_utf8(line));
    EXPECT_EQ(line.find('\n'), line.size() - 1);
    return json::parse(line);
  }
  static rules::RuleSet* rules_;
};
rules::RuleSet* ExtractTest::rules_ = nullptr;

TEST_F(ExtractTest, SeedPageGivesEveryFactOfTheContract) {
  const json r = record_of("ask39/seed");
  EXPECT_EQ(r["status"], "ok");
  EXPECT_EQ(r["site"], "ask39");
  EXPECT_EQ(r["page"]["category_path"],
            json({"内科", "神经内科", "面部肌肉萎缩"}));
  ASSERT_EQ(r["page"]["breadcrumbs"].size(), 6u);
  EXPECT_EQ(r["page"]["breadcrumbs"][0]["name"], "首页");
  EXPECT_EQ(r["page"]["breadcrumbs"][5]["name"], "引起面部肌肉痉挛的原因");
  ASSERT_EQ(r["answers"].size(), 1u);
  const json& a = r["answers"][0];
  EXPECT_EQ(a["doctor"]["name"], "袁余");
  EXPECT_EQ(a["doctor"]["title"], "主治医师");
  EXPECT_EQ(a["doctor"]["title_rank"], "attending_physician");
  EXPECT_EQ(a["doctor"]["hospital_grade"], "3A");
  EXPECT_EQ(a["doctor"]["specialties"], json({"全科"}));
  EXPECT_EQ(a["answered_at"], "2024-02-24T20:54:00+08:00");
  ASSERT_EQ(a["causes"].size(), 5u);
  const char* names[] = {"神经受压", "面神经炎", "外伤", "感染", "代谢紊乱"};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(a["causes"][i]["index"], i + 1);
    EXPECT_EQ(a["causes"][i]["name"], names[i]);
  }
  EXPECT_EQ(a["causes"][0]["treatments"], json({"布洛芬"}));
  EXPECT_EQ(a["causes"][1]["treatments"], json({"维生素B1", "甲钴胺"}));
  EXPECT_EQ(a["causes"][2]["treatments"], json({"开颅减压术"}));
  EXPECT_EQ(a["causes"][3]["treatments"],
            json({"阿莫西林胶囊", "头孢克肟分散片"}));
  EXPECT_EQ(a["causes"][4]["treatments"],
            json({"氯化钠注射液", "葡萄糖注射液"}));
  EXPECT_EQ(a["summary"].get<std::string>().rfind("面部肌肉痉挛可能是由于", 0),
            0u);
  EXPECT_EQ(a["advice"].get<std::string>().rfind("建议定期进行神经系统检查", 0),
            0u);
  const json& e = r["encyclopedia"];
  EXPECT_EQ(e["name"], "面部肌肉痉挛");
  EXPECT_EQ(e["possible_diseases"],
            json({"甲状旁腺功能减退性心肌病", "抽动秽语综合征", "表皮囊肿",
                  "面神经瘤", "面肌痉挛"}));
  EXPECT_EQ(e["common_exams"], json({"肌电图"}));
  EXPECT_EQ(e["departments"], json({"神经"}));
  EXPECT_EQ(e["etiology"].get<std::string>().rfind("为一侧面部表情肌", 0), 0u);
  ASSERT_EQ(r["drugs"].size(), 4u);
  EXPECT_EQ(r["drugs"][0]["name"], "巴氯芬片");
  EXPECT_EQ(r["drugs"][3]["name"], "复方片仔癀软膏");
  for (const json& d : r["drugs"])
    EXPECT_TRUE(d["indication"].is_string()) << d.dump();
  ASSERT_EQ(r["recommended_doctors"].size(), 6u);
  EXPECT_EQ(r["recommended_doctors"][0]["name"], "张彩东");
  EXPECT_EQ(r["recommended_doctors"][0]["title"], "副主任医师");
  EXPECT_EQ(r["recommended_doctors"][0]["hospital"], "济南远大中医脑康医院");
  EXPECT_EQ(r["recommended_doctors"][5]["name"], "赵龙军");
}

TEST_F(ExtractTest, GbkPageAndItsUtf8TwinGiveTheSameRecordButCharset) {
  json gbk = record_of("ask39/gbk-meta");
  json utf8 = record_of("ask39/gbk-meta-utf8-twin");
  EXPECT_EQ(gbk["fetch"]["charset"], "gb18030");
  EXPECT_EQ(utf8["fetch"]["charset"], "utf-8");
  EXPECT_NE(gbk.dump().find("𠮷"),
            std::string::npos);  // a GB18030-only character
  for (json* r : {&gbk, &utf8}) {
    for (const char* k : {"charset", "charset_source", "bytes", "sha256"})
      (*r)["fetch"].erase(k);
  }
  EXPECT_EQ(pipeline::json_diff(gbk, utf8), std::vector<std::string>{});
}

TEST_F(ExtractTest, BadInputGivesOneClearRecord) {
  for (const char* c : {"bad/empty", "bad/binary-garbage", "bad/truncated",
                        "bad/invalid-utf8", "bad/nul-bytes", "bad/utf16-bom"}) {
    const json r = record_of(c);
    EXPECT_TRUE(r["status"].is_string()) << c;
    if (r["status"] != "ok" && r["status"] != "partial") {
      ASSERT_TRUE(r["error"].is_object()) << c;
      EXPECT_FALSE(r["error"]["message"].get<std::string>().empty()) << c;
    }
    EXPECT_EQ(r.dump().find("\\u0000"), std::string::npos) << c;
  }
  EXPECT_EQ(record_of("bad/empty")["status"], "not_question_page");
  EXPECT_EQ(record_of("bad/utf16-bom")["fetch"]["charset"], "utf-16le");
  EXPECT_EQ(record_of("bad/utf16-bom")["fetch"]["charset_source"], "bom");
  EXPECT_EQ(record_of("ask39/verification")["status"], "not_question_page");
}

TEST_F(ExtractTest, UnknownSiteAndHttpErrorsAreRecords) {
  const extract::Extractor ex(*rules_);
  extract::PageInput in;
  in.bytes = "<html><title>x</title></html>";
  in.url = "https://example.org/a";
  EXPECT_EQ(extract::status_name(ex.extract(in).status),
            std::string("unsupported_site"));
  in.url = "https://ask.39.net/question/1.html";
  in.http_status = 404;
  const extract::Record r = ex.extract(in);
  EXPECT_EQ(r.status, extract::RecordStatus::kHttpError);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_NE(r.error->message.find("404"), std::string::npos);
}

}  // namespace
}  // namespace qascrape

namespace qascrape {
namespace {

// An answer paragraph the HTML5 parser split: <div>s close the <p>, and the
// text and inline elements after them become loose siblings.
TEST_F(ExtractTest, AnswerTextFollowsTheSiblingsOfAnEarlyClosedParagraph) {
  const std::string html =
      "<html><head><title>t</title></head><body><div class=sub><span><a "
      "href='/'>首页</a></span><span class=sub_here>问题</span></div>"
      "<div class=selected><div class=sele_all><div class=doctor_all><p "
      "class=doc_xinx><span class=doc_name>袁余</span></p></div>"
      "<p class=sele_txt>前言<div>1.神经受压</div>后文<b>加粗</b>结束<br>另一行"
      "<div class=doc_t_strip><p class=doc_time>2024-02-24 20:54</p></div>"
      "</div></div></body></html>";
  extract::PageInput in;
  in.bytes = html;
  in.url = "https://ask.39.net/question/1.html";
  const extract::Extractor ex(*rules_);
  const extract::Record r = ex.extract(in);
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_EQ(r.answers[0].text.value_or(""),
            "前言\n1.神经受压\n后文加粗结束\n另一行");
  EXPECT_EQ(r.answers[0].answered_at.value_or(""), "2024-02-24T20:54:00+08:00");
}

}  // namespace
}  // namespace qascrape

namespace qascrape {
namespace {

// The status table and the record schema name the same statuses, in order.
TEST(RecordStatus, NamesRoundTripAndMatchTheSchema) {
  std::ifstream in(kSource / "schema/record.schema.json");
  std::stringstream ss;
  ss << in.rdbuf();
  const json schema = json::parse(ss.str());
  const json& names = schema["properties"]["status"]["enum"];
  ASSERT_EQ(names.size(),
            static_cast<std::size_t>(extract::RecordStatus::kDuplicate) + 1);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto status = static_cast<extract::RecordStatus>(i);
    EXPECT_EQ(extract::status_name(status), names[i].get<std::string>());
    EXPECT_EQ(extract::parse_status(names[i].get<std::string>()), status);
  }
  EXPECT_EQ(extract::parse_status("no_such_status"), std::nullopt);
}

}  // namespace
}  // namespace qascrape
