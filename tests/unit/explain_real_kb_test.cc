// Explanations over the real knowledge base (data/): why, why not, what if, the next question and
// provenance for a commitment exclusion, an exemption-list condition and unknown facts. The pig
// farm threshold is covered in engine_features_test.cc and json_io_test.cc.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "reasoner/explain.h"
#include "reasoner/interview.h"
#include "reasoner/provenance.h"
#include "reasoner/what_if.h"
#include "server/json_io.h"
#include "test_support.h"

namespace assistant::server {
namespace {
using assistant::testing::RealKb;
using nlohmann::json;

const reasoner::RuleSet& Rules() { return *RealKb().rules; }

// A golden case of data/ by its exact name.
const kb::GoldenCase& Golden(std::string_view name) {
  for (const auto& c : RealKb().cases) {
    if (c.name == name) return c;
  }
  ADD_FAILURE() << "no golden case named " << name;
  std::abort();
}

reasoner::CaseFacts FactsOf(const kb::GoldenCase& c) {
  reasoner::CaseFacts facts(Rules().attributes().size());
  for (const auto& [index, value] : c.facts) facts.values[static_cast<std::size_t>(index)] = value;
  return facts;
}

int Attr(std::string_view id) {
  int a = Rules().AttributeIndex(id);
  EXPECT_GE(a, 0) << id;
  return a;
}

reasoner::Query QueryOf(const kb::GoldenCase& c, std::string_view decision) {
  return reasoner::Query{c.date, c.place, {Attr(decision)}, c.decided_on};
}

// The whole answer as the server gives it: RenderOutcome plus the look-ahead (next question,
// what if, receipt).
json Answer(const reasoner::CaseFacts& facts, const reasoner::Query& query, Depth depth = Depth::kStaff) {
  reasoner::Engine engine(RealKb().rules);
  auto outcome = engine.Decide(facts, query);
  json answer = RenderOutcome(Rules(), outcome, query, depth);
  AddLookAhead(answer, engine, facts, query, outcome);
  return answer;
}

std::vector<std::string> WhatIfs(const json& decision) {
  std::vector<std::string> out;
  for (const auto& w : decision["what_if"]) {
    out.push_back(w["if"].get<std::string>() + " -> " + (w.contains("value") ? w["value"].get<std::string>() : "?"));
  }
  return out;
}

std::vector<std::string> Ids(const json& list) {
  std::vector<std::string> out;
  for (const auto& x : list) out.push_back(x.is_string() ? x.get<std::string>() : x["id"].get<std::string>());
  return out;
}

// ---- a commitment exclusion -------------------------------------------------------------------

constexpr const char* kZigongPlating = "园区内有电镀工艺的金属家具项目：有电镀工序，不实行告知承诺制审批";

TEST(ExplainRealKbTest, CommitmentExclusionOverridesTheRouteAndWhyNotNamesIt) {
  const auto& c = Golden(kZigongPlating);
  const json answer = Answer(FactsOf(c), QueryOf(c, "commitment.eligibility"));
  const json& d = answer["decisions"][0];
  EXPECT_EQ(d["status"], "determined");
  EXPECT_EQ(d["value"], "not_eligible");
  ASSERT_EQ(d["because"].size(), 1u);
  EXPECT_EQ(d["because"][0]["rule"], "commitment.zigong2020.x2_electroplating");
  // Why not eligible: the park route held, and the electroplating exclusion overrode it, on the
  // fact the case gives, with the exclusion's citation.
  ASSERT_FALSE(d["why_not"].empty());
  const json& why = d["why_not"][0];
  EXPECT_EQ(why["rule"], "commitment.zigong2020.e1_park_project");
  EXPECT_EQ(why["result"], "overridden");
  ASSERT_EQ(why["overridden_by"].size(), 1u);
  const json& exclusion = why["overridden_by"][0];
  EXPECT_EQ(exclusion["rule"], "commitment.zigong2020.x2_electroplating");
  EXPECT_EQ(exclusion["citation"]["document"], "自贡市建设项目环境影响评价文件告知承诺制审批改革试点方案");
  EXPECT_EQ(exclusion["citation"]["article"], "排除情形（据2020-04-01报道）");
  ASSERT_EQ(exclusion["conditions"].size(), 1u);
  EXPECT_EQ(exclusion["conditions"][0]["condition"], "process.electroplating");
  EXPECT_EQ(exclusion["conditions"][0]["fact"], "是");
  EXPECT_EQ(exclusion["conditions"][0]["result"], "true");
  const std::string text = answer["text"];
  EXPECT_NE(text.find("未得出其他结论的原因：\n  【commitment.zigong2020.e1_park_project】"), std::string::npos) << text;
  EXPECT_NE(text.find("本条条件已满足，但被排除：【commitment.zigong2020.x2_electroplating】有电镀工序的项目，不实行告知承诺制审批"
                      "（依据：《自贡市建设项目环境影响评价文件告知承诺制审批改革试点方案》排除情形（据2020-04-01报道））"),
            std::string::npos)
      << text;
  // What if: without the electroplating process the park route opens.
  EXPECT_EQ(WhatIfs(d), std::vector<std::string>{"not process.electroplating -> eligible"});
  EXPECT_EQ(d["what_if"][0]["because"], json::array({"commitment.zigong2020.e1_park_project"}));
}

TEST(ExplainRealKbTest, CommitmentOutsideScopeSaysWhichConditionFailedAndWhatWouldOpenIt) {
  const auto& c = Golden("园区级别边界：同一热轧工业项目位于省级园区（非国家级开发区），且不属于三类民生项目：不在武汉告知承诺制范围内");
  const json answer = Answer(FactsOf(c), QueryOf(c, "commitment.eligibility"));
  const json& d = answer["decisions"][0];
  EXPECT_EQ(d["value"], "not_eligible");
  EXPECT_EQ(d["because"][0]["rule"], "commitment.wuhan2019.n2_report_form_outside_scope");
  ASSERT_EQ(d["why_not"].size(), 1u);
  const json& why = d["why_not"][0];
  EXPECT_EQ(why["rule"], "commitment.wuhan2019.e1_industrial_national_zone");
  EXPECT_EQ(why["result"], "false");
  EXPECT_EQ(why["citation"]["article"], "适用范围（据武汉市生态环境局2019-02-02文章二、一是）");
  ASSERT_EQ(why["conditions"].size(), 1u);
  EXPECT_EQ(why["conditions"][0]["condition"], "site.park_level == \"national\"");
  EXPECT_EQ(why["conditions"][0]["fact"], "省级开发区（工业园区、产业园区）");
  EXPECT_EQ(why["conditions"][0]["result"], "false");
  // What if: a national development zone, or a project of one of the three kinds, opens the route.
  EXPECT_EQ(WhatIfs(d), (std::vector<std::string>{
                            "site.park_level == \"national\" -> eligible",
                            "commitment.project_nature has \"urban_infrastructure\" -> eligible",
                            "commitment.project_nature has \"livelihood\" -> eligible",
                            "commitment.project_nature has \"minor_impact\" -> eligible",
                        }));
  EXPECT_EQ(d["what_if"][0]["text"],
            "若项目所在园区级别为国家级开发区（园区），能否适用环评告知承诺制审批将为可以适用告知承诺制审批");
}

// ---- the next question ------------------------------------------------------------------------

TEST(ExplainRealKbTest, UndeterminedCommitmentAsksForThePreparersStatus) {
  const auto& c = Golden("未查询编制单位信用状态：其余条件都符合，仍须先问编制单位是否在限期整改或黑名单期内");
  const json answer = Answer(FactsOf(c), QueryOf(c, "commitment.eligibility"));
  const json& d = answer["decisions"][0];
  EXPECT_EQ(d["status"], "undetermined");
  EXPECT_EQ(Ids(d["missing"]), std::vector<std::string>{"commitment.preparer_status"});
  EXPECT_EQ(d["next_question"]["id"], "commitment.preparer_status");
  // Every answer settles it: blacklisted or under rectification excludes, not listed admits.
  EXPECT_EQ(d["next_question"]["settles"]["answers_tried"], d["next_question"]["settles"]["answers_settling"]);
}

TEST(ExplainRealKbTest, InterviewFromNothingAsksWhatEndsItThenWhatSelectsTheRow) {
  // A kiosk user in 武汉 asking about the commitment route, nothing answered yet. First the
  // question most of whose answers end the interview (a barred preparer: no route); then the
  // questions that select the catalogue row, before the hundreds of facts only one row needs.
  reasoner::Engine engine(RealKb().rules);
  reasoner::CaseFacts none(Rules().attributes().size());
  reasoner::Query query{*ParseDate("2024-06-01"), "cn.hubei.wuhan", {Attr("commitment.eligibility")}, std::nullopt};
  auto outcome = engine.Decide(none, query);
  ASSERT_EQ(outcome.decisions()[0].status, reasoner::DecisionStatus::kUndetermined);
  auto ranked = reasoner::RankQuestions(engine, none, query, outcome, Attr("commitment.eligibility"));
  ASSERT_GE(ranked.size(), 3u);
  std::vector<std::string> first;
  for (std::size_t i = 0; i < 3; ++i) first.push_back(Rules().attribute(ranked[i].attribute).id);
  EXPECT_EQ(first, (std::vector<std::string>{"commitment.preparer_status", "project.industry_codes",
                                             "project.catalogue_items"}));
  // The preparer's status settles the decision under two of its three answers (on the
  // rectification list, on the blacklist: not eligible).
  EXPECT_EQ(ranked[0].answers_tried, 3);
  EXPECT_EQ(ranked[0].answers_settling, 2);
  // The industry code settles it for few codes (a report-book row: not in 武汉's scheme), but
  // leaves fewer than half the open rules open; a fact of one row leaves them all.
  EXPECT_EQ(ranked[1].answers_tried, 48);
  EXPECT_EQ(ranked[1].answers_settling, 1);
  // Facts beyond the look-ahead budget keep the engine's order, scored as leaving every rule open.
  auto unexamined = std::find_if(ranked.begin(), ranked.end(), [](const auto& q) { return q.answers_tried == 0; });
  ASSERT_NE(unexamined, ranked.end());
  EXPECT_LT(ranked[1].open_after * 2, unexamined->open_after);
}

// ---- an exemption-list condition --------------------------------------------------------------

TEST(ExplainRealKbTest, FirstOffenceIsExemptUnderTheListEntry) {
  const auto& c = Golden("江门清单第1项符合：建设单位未依法备案建设项目环境影响登记表");
  reasoner::Engine engine(RealKb().rules);
  const reasoner::CaseFacts facts = FactsOf(c);
  const auto outcome = engine.Decide(facts, QueryOf(c, "penalty.outcome"));
  // In 江门 both the 江门 entry and the 广东 目录 entry for this offence hold, with the same
  // outcome and rank; the answer shows the first of them (data/penalty/rules_jiangmen_2022_list.yaml).
  EXPECT_EQ(outcome.result(Rules().RuleIndex("penalty.jm2022.e01")), reasoner::Tri::kTrue);
  EXPECT_EQ(outcome.result(Rules().RuleIndex("penalty.gd2022.e01")), reasoner::Tri::kTrue);
  const json answer = Answer(facts, QueryOf(c, "penalty.outcome"));
  const json& d = answer["decisions"][0];
  EXPECT_EQ(d["value"], "no_penalty");
  ASSERT_EQ(d["because"].size(), 1u);
  const json& entry = d["because"][0];
  EXPECT_EQ(entry["rule"], "penalty.gd2022.e01");
  EXPECT_EQ(entry["citation"]["article"], "第1项");
  // The entry's "first offence" condition holds, derived from the prior records (none).
  bool first = false;
  for (const auto& cond : entry["conditions"]) {
    if (cond["condition"] == "offence.first.apl") first = cond["result"] == "true";
  }
  EXPECT_TRUE(first) << entry.dump();
  ASSERT_EQ(entry["premises"].size(), 1u);
  EXPECT_EQ(entry["premises"][0]["rule"], "penalty.apl.def.first_offence");
  EXPECT_EQ(entry["premises"][0]["conditions"][0]["text"],
            "此前已查实的违法行为为“无”，其中没有符合“违法行为类别与本次违法行为类别相同，且违法行为发生之日早于本次违法行为"
            "发生之日”的记录");
  // What if: not corrected within the period ordered, the list entry fails and only the general
  // rule for a first offence corrected in time is left (行政处罚法 第三十三条第一款: may exempt).
  EXPECT_EQ(WhatIfs(d), std::vector<std::string>{"not offence.corrected_within_order_period -> may_not_penalize"});
  EXPECT_EQ(d["what_if"][0]["because"], json::array({"penalty.apl.art33_1.first_offence"}));
}

TEST(ExplainRealKbTest, SecondOffenceFailsTheEntryAndNamesThePriorOffence) {
  const auto& c = Golden("江门清单第1项不符合：2020年曾有同类违法行为（不是首次违法）");
  const json answer = Answer(FactsOf(c), QueryOf(c, "penalty.outcome"));
  const json& d = answer["decisions"][0];
  EXPECT_EQ(d["value"], "not_exempt");
  // The general rule holds without a condition of its own; it says so in words, not as a catalogue column.
  ASSERT_EQ(d["because"][0]["rule"], "penalty.apl.art57.penalize");
  EXPECT_EQ(d["because"][0]["conditions"][0]["text"], "无附加条件（本规定适用于所有情形）");
  const json* entry = nullptr;
  for (const auto& w : d["why_not"]) {
    if (w["rule"] == "penalty.jm2022.e01") entry = &w;
  }
  ASSERT_NE(entry, nullptr) << d["why_not"].dump();
  EXPECT_EQ((*entry)["citation"]["document"], "江门市生态环境依法不予行政处罚的轻微环境违法行为清单");
  ASSERT_EQ((*entry)["conditions"].size(), 1u);
  const json& failed = (*entry)["conditions"][0];
  EXPECT_EQ(failed["condition"], "offence.first.apl");
  EXPECT_EQ(failed["fact"], "否");
  // Why it is not a first offence: the prior offence of the same kind, by kind and date.
  ASSERT_EQ(failed["because"].size(), 1u);
  EXPECT_EQ(failed["because"][0]["text"],
            "此前已查实的违法行为中有1条符合“违法行为类别与本次违法行为类别相同，且违法行为发生之日早于本次违法行为发生之日”"
            "的记录："
            "违法行为类别建设单位未依法备案建设项目环境影响登记表，违法行为发生之日2020-06-01（条件要求没有此类记录）");
  const std::string text = answer["text"];
  EXPECT_NE(text.find("违法行为发生之日2020-06-01"), std::string::npos) << text;
  // What if: without that prior offence the entry applies.
  const auto changes = WhatIfs(d);
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes[0], "no offence.priors where (kind == offence.kind and date < offence.date) -> no_penalty");
  EXPECT_EQ(d["what_if"][0]["text"],
            "若此前已查实的违法行为为无，行政处罚裁量结论（是否免罚）将为不予行政处罚（行政机关应当对当事人进行教育，行政处罚法第三十三条第三款）");
}

// ---- unknown facts ---------------------------------------------------------------------------

TEST(ExplainRealKbTest, UnknownPriorsLeaveTheOutcomeUndeterminedAndAskForThem) {
  const auto& c = Golden("江门清单第1项符合：建设单位未依法备案建设项目环境影响登记表");
  reasoner::CaseFacts facts = FactsOf(c);
  facts.values[static_cast<std::size_t>(Attr("offence.priors"))].reset();
  const json answer = Answer(facts, QueryOf(c, "penalty.outcome"));
  const json& d = answer["decisions"][0];
  EXPECT_EQ(d["status"], "undetermined");
  EXPECT_EQ(Ids(d["missing"]), std::vector<std::string>{"offence.priors"});
  EXPECT_EQ(d["next_question"]["id"], "offence.priors");
  // The entries still open wait for the first-offence condition, shown as unknown.
  bool waiting = false;
  for (const auto& w : d["why_not"]) {
    if (w["rule"] != "penalty.jm2022.e01") continue;
    EXPECT_EQ(w["result"], "unknown");
    for (const auto& cond : w["conditions"]) waiting = waiting || (cond["result"] == "unknown" && cond["fact"] == "未知");
  }
  EXPECT_TRUE(waiting) << d["why_not"].dump();
  const std::string text = answer["text"];
  EXPECT_NE(text.find("尚不能确定"), std::string::npos) << text;
  EXPECT_NE(text.find("下一个问题：" + Rules().attribute(Attr("offence.priors")).question), std::string::npos) << text;
}

TEST(ExplainRealKbTest, UnknownElectroplatingIsTheOnlyFactMissing) {
  const auto& c = Golden("未说明是否有电镀工序：其余条件都符合，仍须先问");
  const json answer = Answer(FactsOf(c), QueryOf(c, "commitment.eligibility"));
  const json& d = answer["decisions"][0];
  EXPECT_EQ(d["status"], "undetermined");
  EXPECT_EQ(Ids(d["missing"]), std::vector<std::string>{"process.electroplating"});
  EXPECT_TRUE(d["what_if"].empty());  // nothing to change before the decision is made
}

// ---- provenance --------------------------------------------------------------------------------

Result<AssessRequest> Read(const std::string& text) {
  auto body = ParseJson(text);
  if (!body) return body.error();
  return ReadAssessRequest(body.value(), Rules(), *ParseDate("2026-11-21"));
}

std::string ErrorOf(const std::string& text) {
  auto r = Read(text);
  return r ? "ok" : r.error().message;
}

json AnswerTo(const std::string& text, Depth depth = Depth::kStaff) {
  auto r = Read(text);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return Answer(r.value().facts, r.value().query, depth);
}

constexpr const char* kPigFarm =
    R"("date": "2024-06-01", "ask": ["eia.document_class"], "facts": {"project.industry_codes": ["0313"],
       "project.catalogue_items": [], "livestock.annual_output_pig_eq": 5000, "livestock.is_scale_farm": true,
       "site.sensitive_areas": []})";

TEST(ProvenanceTest, ByDefaultEveryFactIsDeclaredAndTheAnswerSaysSo) {
  const json answer = AnswerTo(std::string("{") + kPigFarm + "}");
  const json& d = answer["decisions"][0];
  EXPECT_EQ(d["value"], "report_book");
  EXPECT_EQ(d["rests_on_declared_only"], true);
  EXPECT_EQ(d["provenance"]["source"], "declared");
  // In the order of the vocabulary.
  EXPECT_EQ(d["provenance"]["declared_facts"],
            json::array({"livestock.annual_output_pig_eq", "livestock.is_scale_farm", "project.industry_codes"}));
  const json& reason = d["because"][0];
  EXPECT_EQ(reason["provenance"]["rests_on_declared_only"], true);
  for (const auto& cond : reason["conditions"]) EXPECT_EQ(cond["source"], "declared") << cond.dump();
  const std::string text = answer["text"];
  EXPECT_NE(text.find("以上理由仅依据申请人自述（未经核实）的事实：新增年出栏量（折合生猪，头）、规模化畜禽养殖、"
                      "国民经济行业代码（GB/T 4754-2017 小类，4位）。"),
            std::string::npos)
      << text;
  EXPECT_EQ(answer["receipt"]["sources"]["livestock.annual_output_pig_eq"], "declared");
  const std::string applicant = AnswerTo(std::string("{") + kPigFarm + "}", Depth::kApplicant)["text"];
  EXPECT_NE(applicant.find("以上结论依据您自述的情况，尚未经工作人员核实。"), std::string::npos) << applicant;
  const std::string officer = AnswerTo(std::string("{") + kPigFarm + "}", Depth::kOfficer)["text"];
  EXPECT_NE(officer.find("以上理由仅依据申请人自述（未经核实）的事实："), std::string::npos) << officer;
}

TEST(ProvenanceTest, CheckedFactsAreNamedAndTheDeclaredRestIsFlagged) {
  const json answer = AnswerTo(std::string("{") + kPigFarm +
                               R"(, "sources": {"project.industry_codes": "checked", "livestock.is_scale_farm": "checked"}})");
  const json& d = answer["decisions"][0];
  EXPECT_EQ(d["rests_on_declared_only"], false);
  EXPECT_EQ(d["provenance"]["source"], "declared");  // the weakest: the head count is still the applicant's word
  EXPECT_EQ(d["provenance"]["declared_facts"], json::array({"livestock.annual_output_pig_eq"}));
  EXPECT_EQ(d["provenance"]["checked_facts"], json::array({"livestock.is_scale_farm", "project.industry_codes"}));
  // Each condition carries its own source; the row premise rests on the checked code only.
  const json& reason = d["because"][0];
  for (const auto& cond : reason["conditions"]) {
    const std::string expected = cond["condition"] == "livestock.annual_output_pig_eq >= 5000" ? "declared" : "checked";
    EXPECT_EQ(cond["source"], expected) << cond.dump();
  }
  EXPECT_EQ(reason["premises"][0]["provenance"]["source"], "checked");
  EXPECT_EQ(reason["premises"][0]["provenance"]["rests_on_declared_only"], false);
  const std::string text = answer["text"];
  EXPECT_EQ(text.find("以上理由仅依据申请人自述"), std::string::npos) << text;
  EXPECT_NE(text.find("其中依据申请人自述（未经核实）的事实：新增年出栏量（折合生猪，头）。"), std::string::npos) << text;
  EXPECT_NE(text.find("经工作人员核实的事实：规模化畜禽养殖、国民经济行业代码（GB/T 4754-2017 小类，4位）。"),
            std::string::npos)
      << text;
  EXPECT_EQ(answer["receipt"]["sources"]["project.industry_codes"], "checked");
  EXPECT_EQ(answer["receipt"]["sources"]["livestock.annual_output_pig_eq"], "declared");
}

TEST(ProvenanceTest, TheReceiptIdChangesOnlyWhenSomethingWasChecked) {
  const std::string plain = AnswerTo(std::string("{") + kPigFarm + "}")["receipt"]["id"];
  const std::string declared =
      AnswerTo(std::string("{") + kPigFarm + R"(, "sources": {"project.industry_codes": "declared"}})")["receipt"]["id"];
  const std::string checked =
      AnswerTo(std::string("{") + kPigFarm + R"(, "sources": {"project.industry_codes": "checked"}})")["receipt"]["id"];
  EXPECT_EQ(plain, declared);
  EXPECT_NE(plain, checked);
}

TEST(ProvenanceTest, AListInTheKnowledgeBaseIsASourceOfItsOwn) {
  // 常德's enforcement positive list names 华南光电 for 2022: the conclusion rests on that list
  // and on the company name the applicant gave.
  const std::string request = R"({"date": "2022-06-01", "place": "cn.hunan.changde", "ask": ["credit.positive_list"],
      "facts": {"credit.enterprise_name": "华南光电"})";
  json answer = AnswerTo(request + "}");
  const json& d = answer["decisions"][0];
  EXPECT_EQ(d["value"], json::array({"changde_enforcement_positive_list"}));
  EXPECT_EQ(d["rests_on_declared_only"], false);
  EXPECT_EQ(d["provenance"]["source"], "declared");
  EXPECT_EQ(d["provenance"]["declared_facts"], json::array({"credit.enterprise_name"}));
  ASSERT_EQ(d["provenance"]["lists"].size(), 1u);
  EXPECT_EQ(d["provenance"]["lists"][0]["id"], "credit.positive_list.changde");
  const json& cond = d["because"][0]["conditions"][0];
  EXPECT_EQ(cond["condition"], "credit.enterprise_name in_list \"credit.positive_list.changde\"");
  EXPECT_EQ(cond["list"]["id"], "credit.positive_list.changde");
  EXPECT_EQ(cond["list"]["title"], Rules().lists()[static_cast<std::size_t>(Rules().ListIndex("credit.positive_list.changde"))].title);
  EXPECT_NE(std::string(answer["text"]).find("依据知识库收录的名单：《"), std::string::npos) << answer["text"];
  // With the name checked by staff, what is left is the list.
  answer = AnswerTo(request + R"(, "sources": {"credit.enterprise_name": "checked"}})");
  EXPECT_EQ(answer["decisions"][0]["provenance"]["source"], "list");
  EXPECT_EQ(answer["decisions"][0]["because"][0]["conditions"][0]["source"], "list");
}

TEST(ProvenanceTest, ADefaultRestsOnTheFactsThatMadeEveryRuleFail) {
  // A pig farm too small for the catalogue's rows: no rule for a higher class held, so the answer
  // rests on the head count and scale the applicant declared, and on the code that picked the row.
  const json answer = AnswerTo(R"({"date": "2024-06-01", "ask": ["eia.document_class"], "facts": {
      "project.industry_codes": ["0313"], "project.catalogue_items": [], "livestock.annual_output_pig_eq": 300,
      "livestock.is_scale_farm": false, "livestock.inventory_pig_eq": 0, "livestock.has_no_output": false,
      "site.sensitive_areas": []}, "sources": {"livestock.is_scale_farm": "checked"}})");
  const json& d = answer["decisions"][0];
  EXPECT_EQ(d["value"], "not_managed");
  EXPECT_EQ(d["rests_on_declared_only"], false);
  EXPECT_EQ(d["provenance"]["checked_facts"], json::array({"livestock.is_scale_farm"}));
  const auto declared = Ids(d["provenance"]["declared_facts"]);
  EXPECT_NE(std::find(declared.begin(), declared.end(), "project.industry_codes"), declared.end()) << d["provenance"].dump();
}

TEST(ProvenanceTest, SourcesAreCheckedLikeFacts) {
  EXPECT_EQ(ErrorOf(R"({"facts": {}, "sources": ["project.industry_codes"]})"),
            "sources: expected an object of fact id: \"declared\" or \"checked\"");
  EXPECT_EQ(ErrorOf(R"({"facts": {}, "sources": {"livestock.anual_output_pig_eq": "checked"}})"),
            "sources.livestock.anual_output_pig_eq: unknown fact (did you mean 'livestock.annual_output_pig_eq'?)");
  EXPECT_EQ(ErrorOf(R"({"facts": {}, "sources": {"livestock.annual_output_pig_eq": "verified"}})"),
            "sources.livestock.annual_output_pig_eq: expected \"declared\" or \"checked\"");
  EXPECT_EQ(ErrorOf(R"({"facts": {}, "sources": {"eia.document_class": "checked"}})"),
            "sources.eia.document_class: is concluded by the rules and has no source of its own");
  auto r = Read(R"({"facts": {"livestock.annual_output_pig_eq": 5000}, "sources": {"livestock.annual_output_pig_eq": "checked"}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().facts.source(Attr("livestock.annual_output_pig_eq")), reasoner::FactSource::kChecked);
  EXPECT_EQ(r.value().facts.source(Attr("livestock.is_scale_farm")), reasoner::FactSource::kDeclared);
}

}  // namespace
}  // namespace assistant::server
