#include <gtest/gtest.h>

#include "server/json_io.h"
#include "test_support.h"

namespace assistant::server {
namespace {
using assistant::testing::RealKb;

Result<AssessRequest> Read(const std::string& text) {
  auto body = ParseJson(text);
  if (!body) return body.error();
  return ReadAssessRequest(body.value(), *RealKb().rules, *ParseDate("2026-11-21"));
}

std::string ErrorOf(const std::string& text) {
  auto r = Read(text);
  return r ? "ok" : r.error().message;
}

TEST(JsonIoTest, ErrorsNameTheFieldAndWhatWasExpected) {
  EXPECT_EQ(ErrorOf("{"), "body: not valid JSON");
  EXPECT_EQ(ErrorOf("[1]"), "body: expected a JSON object with 'facts'");
  EXPECT_EQ(ErrorOf(R"({"facts": {}, "colour": 1})"), "colour: unknown field; expected date, decided_on, place, ask, depth, language, facts or sources");
  EXPECT_EQ(ErrorOf(R"({"facts": {}, "language": "en"})"),
            "language: only zh-CN (简体中文) is available: the knowledge base's texts are in simplified Chinese");
  EXPECT_EQ(ErrorOf(R"({"facts": {}, "date": "2023-02-30"})"), "date: expected a real date YYYY-MM-DD");
  EXPECT_EQ(ErrorOf(R"({"facts": {"livestock.anual_output_pig_eq": 1}})"),
            "facts.livestock.anual_output_pig_eq: unknown fact (did you mean 'livestock.annual_output_pig_eq'?)");
  EXPECT_EQ(ErrorOf(R"({"facts": {"livestock.annual_output_pig_eq": "many"}})"),
            "facts.livestock.annual_output_pig_eq: type mismatch for 'livestock.annual_output_pig_eq': expected a number (头/年)");
  EXPECT_EQ(ErrorOf(R"({"facts": {"site.sensitive_areas": ["nature_reserv"]}})"),
            "facts.site.sensitive_areas: 'nature_reserv' is not a value of 'site.sensitive_areas' (did you mean 'nature_reserve'?)");
  EXPECT_EQ(ErrorOf(R"({"facts": {"project.industry_codes": ["31"]}})"),
            "facts.project.industry_codes: '31' is not a valid code for 'project.industry_codes': expected ^[0-9]{4}$");
  EXPECT_EQ(ErrorOf(R"({"facts": {"eia.document_class": "report_book"}})"),
            "facts.eia.document_class: is concluded by the rules and cannot be given");
}

TEST(JsonIoTest, DeepNestingIsRefusedNotRecursed) {
  std::string deep = R"({"facts": )" + std::string(10000, '[') + std::string(10000, ']') + "}";
  EXPECT_EQ(ErrorOf(deep), "body: JSON nested deeper than 16 levels");
}

TEST(JsonIoTest, FullWidthInputIsNormalised) {
  auto r = Read(R"({"date": "２０２４-０６-０１", "facts": {"project.industry_codes": ["０３１３"]}})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(FormatDate(r.value().query.date), "2024-06-01");
  int codes = RealKb().rules->AttributeIndex("project.industry_codes");
  EXPECT_EQ(r.value().facts.values[static_cast<std::size_t>(codes)]->codes, std::vector<std::string>{"0313"});
}

TEST(JsonIoTest, AnswerCarriesDerivationCitationsAndVersion) {
  auto r = Read(R"({"date": "2024-06-01", "ask": ["eia.document_class"], "facts": {"project.industry_codes": ["0313"], "project.catalogue_items": [],
      "livestock.annual_output_pig_eq": 4999, "livestock.inventory_pig_eq": 0, "livestock.has_no_output": false,
      "livestock.is_scale_farm": true, "site.sensitive_areas": []}})");
  ASSERT_TRUE(r) << r.error().message;
  reasoner::Engine engine(RealKb().rules);
  auto answer = RenderOutcome(*RealKb().rules, engine.Decide(r.value().facts, r.value().query), r.value().query);
  const auto& d = answer["decisions"][0];
  EXPECT_EQ(d["status"], "determined");
  EXPECT_EQ(d["value"], "registration_form");
  EXPECT_EQ(d["because"][0]["rule"], "eia2021.r003.registration_form");
  EXPECT_EQ(d["because"][0]["citation"]["number"], "生态环境部令第16号");
  EXPECT_EQ(d["because"][0]["premises"][0]["rule"], "eia2021.r003.applies");
  // Why not the report book: the threshold it missed, with the fact's value.
  ASSERT_FALSE(d["why_not"].empty());
  EXPECT_EQ(d["why_not"][0]["rule"], "eia2021.r003.report_book");
  std::string why = d["why_not"][0]["conditions"].dump();
  EXPECT_NE(why.find("4999"), std::string::npos) << why;
  EXPECT_EQ(answer["kb"]["version"], RealKb().rules->info().content_hash);
  EXPECT_EQ(answer["date"], "2024-06-01");
}

TEST(JsonIoTest, UndeterminedAnswerAsksTheNextQuestion) {
  auto r = Read(R"({"date": "2024-06-01", "ask": ["eia.document_class"], "facts": {"project.industry_codes": ["0313"],
      "project.catalogue_items": [], "site.sensitive_areas": []}})");
  ASSERT_TRUE(r);
  reasoner::Engine engine(RealKb().rules);
  auto answer = RenderOutcome(*RealKb().rules, engine.Decide(r.value().facts, r.value().query), r.value().query);
  const auto& d = answer["decisions"][0];
  EXPECT_EQ(d["status"], "undetermined");
  EXPECT_EQ(d["next_question"]["id"], "livestock.is_scale_farm");
  EXPECT_FALSE(d["next_question"]["question"].get<std::string>().empty());
}

TEST(JsonIoTest, BeforeTheCatalogueCameIntoForceThereIsNoRule) {
  auto r = Read(R"({"date": "2020-12-31", "ask": ["eia.document_class"], "facts": {"project.industry_codes": ["0313"]}})");
  ASSERT_TRUE(r);
  reasoner::Engine engine(RealKb().rules);
  auto answer = RenderOutcome(*RealKb().rules, engine.Decide(r.value().facts, r.value().query), r.value().query);
  EXPECT_EQ(answer["decisions"][0]["status"], "no_rule_in_force");
}

}  // namespace
}  // namespace assistant::server

namespace assistant::server {
namespace {

// Three depths of the same explanation: the applicant's is short, the officer's quotes the source.
TEST(JsonIoTest, ThreeDepthsOfTheSameExplanation) {
  const auto& rules = *assistant::testing::RealKb().rules;
  auto body = ParseJson(R"({"date": "2024-06-01", "ask": ["eia.document_class"], "facts": {"project.industry_codes": ["0313"],
      "project.catalogue_items": [], "livestock.annual_output_pig_eq": 5000, "livestock.is_scale_farm": true,
      "site.sensitive_areas": []}})");
  ASSERT_TRUE(body);
  auto r = ReadAssessRequest(body.value(), rules, *ParseDate("2026-11-21"));
  ASSERT_TRUE(r);
  reasoner::Engine engine(assistant::testing::RealKb().rules);
  auto outcome = engine.Decide(r.value().facts, r.value().query);
  const std::string applicant = RenderOutcomeText(rules, outcome, r.value().query, Depth::kApplicant);
  const std::string staff = RenderOutcomeText(rules, outcome, r.value().query, Depth::kStaff);
  const std::string officer = RenderOutcomeText(rules, outcome, r.value().query, Depth::kOfficer);
  EXPECT_NE(applicant.find("环境影响评价文件类别：环境影响报告书。"), std::string::npos) << applicant;
  EXPECT_EQ(applicant.find("· "), std::string::npos) << applicant;  // no condition lines for applicants
  EXPECT_NE(staff.find("满足“≥5000"), std::string::npos) << staff;
  EXPECT_EQ(staff.find("原文："), std::string::npos);
  EXPECT_NE(officer.find("原文：年出栏生猪5000头"), std::string::npos) << officer;
  EXPECT_LT(applicant.size(), staff.size());
  EXPECT_LT(staff.size(), officer.size());
  EXPECT_EQ(ErrorOf(R"({"facts": {}, "depth": "expert"})"), "depth: expected \"applicant\", \"staff\" or \"officer\"");
}

}  // namespace
}  // namespace assistant::server
