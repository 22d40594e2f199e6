// Records and joins, dates, lists, combine modes and asked decisions, on small fixtures.
#include <gtest/gtest.h>

#include "reasoner/engine.h"
#include "reasoner/fact_input.h"
#include "reasoner/provenance.h"
#include "reasoner/rule_index.h"
#include "reasoner/what_if.h"
#include "server/json_io.h"
#include "test_support.h"

namespace assistant::reasoner {
namespace {
using assistant::testing::TempDataDir;

constexpr const char* kVocabulary = R"(kind: vocabulary
decisions:
  - id: penalty.outcome
    type: enum
    label: 处罚结论
    ordered: true
    combine: priority
    values: [no_penalty, may_not_penalize, not_applicable]
  - id: service.materials
    type: set
    label: 材料
    combine: union
    values: [application, commitment, report]
  - id: service.days
    type: number
    label: 承诺时限
  - id: service.window
    type: enum
    label: 办理窗口
    values: [hall]
facts:
  - id: offence.kind
    type: enum
    label: 违法行为
    values: [noise, dust]
  - id: offence.date
    type: date
    label: 违法行为发生日期
  - id: offence.priors
    type: records
    label: 以往违法记录
    fields:
      - {id: kind, type: enum, label: 违法行为, values: [noise, dust]}
      - {id: date, type: date, label: 日期}
  - id: applicant.code
    type: string
    label: 统一社会信用代码
  - id: project.commitment
    type: bool
    label: 承诺制
)";

constexpr const char* kRules = R"(kind: rules
jurisdiction: cn
rules:
  - id: first_offence
    title: 首违可不罚
    source: {document: 测试办法, article: 第一条}
    priority: 10
    when: no offence.priors where kind == offence.kind and date >= offence.date - 2 years and date < offence.date
    then: {penalty.outcome: may_not_penalize}
  - id: blacklisted
    title: 黑名单企业不适用
    source: {document: 测试办法, article: 第二条}
    priority: 20
    when: applicant.code in_list "test.blacklist"
    then: {penalty.outcome: not_applicable}
  - id: otherwise
    title: 其他
    source: {document: 测试办法, article: 第三条}
    priority: 0
    when: true
    then: {penalty.outcome: not_applicable}
  - id: base_materials
    title: 基本材料
    source: {document: 测试办法, article: 第四条}
    when: true
    then: {service.materials: [application, report]}
  - id: commitment_materials
    title: 承诺制材料
    source: {document: 测试办法, article: 第五条}
    when: project.commitment
    then: {service.materials: [commitment]}
  - id: days_commitment
    title: 承诺制当场办结
    source: {document: 测试办法, article: 第六条}
    when: project.commitment
    then: {service.days: 1}
  - id: window_hall
    title: 政务服务大厅办理
    source: {document: 测试办法, article: 第七条}
    when: true
    then: {service.window: hall}
  - id: days_ordinary
    title: 一般程序
    source: {document: 测试办法, article: 第六条}
    when: not project.commitment
    then: {service.days: 20}
)";

constexpr const char* kList = R"(kind: list
id: test.blacklist
title: 测试黑名单
source: {document: 测试名单}
jurisdiction: cn
members:
  - {id: "A1", label: 甲公司, from: 2023-01-01, to: 2024-12-31}
)";

class FeaturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kb::Diagnostics diagnostics;
    auto compiled = kb::CompileSources(dir_.data(), diagnostics);
    ASSERT_TRUE(compiled) << diagnostics.ToString();
    rules_ = compiled->rules;
  }

  int Attr(const std::string& id) const { return rules_->AttributeIndex(id); }

  // Priors as (kind, date) pairs.
  Value Priors(const std::vector<std::pair<std::string, std::string>>& priors) const {
    Value v;
    const Attribute& a = rules_->attribute(Attr("offence.priors"));
    for (const auto& [kind, date] : priors) {
      EXPECT_FALSE(AddRecord(a, {{"kind", std::string(kind)}, {"date", std::string(date)}}, &v));
    }
    return v;
  }

  std::string Decide(const std::string& decision, CaseFacts& facts, const std::string& date = "2024-06-01") {
    Engine engine(rules_);
    Session session(engine);
    const Outcome& out = session.Decide(facts, Query{*ParseDate(date), "cn", {Attr(decision)}, std::nullopt});
    EXPECT_EQ(out.decisions().size(), 1u);
    const Decision& d = out.decisions()[0];
    std::string text(DecisionStatusName(d.status));
    if (d.value) text += " " + ValueToken(rules_->attribute(d.attribute), *d.value);
    for (int r : d.because) text += " because " + rules_->rule(r).id;
    for (int m : d.missing) text += " ask " + rules_->attribute(m).id;
    return text;
  }

  CaseFacts Offence(const std::string& date, Value priors) const {
    CaseFacts facts(rules_->attributes().size());
    Value kind;
    EXPECT_FALSE(ToValue(rules_->attribute(Attr("offence.kind")), std::string("noise"), &kind));
    Value day;
    EXPECT_FALSE(ToValue(rules_->attribute(Attr("offence.date")), date, &day));
    facts.values[static_cast<std::size_t>(Attr("offence.kind"))] = kind;
    facts.values[static_cast<std::size_t>(Attr("offence.date"))] = day;
    facts.values[static_cast<std::size_t>(Attr("offence.priors"))] = std::move(priors);
    facts.values[static_cast<std::size_t>(Attr("applicant.code"))] = Value();
    return facts;
  }

  TempDataDir dir_{std::map<std::string, std::string>{{"v.yaml", kVocabulary}, {"r.yaml", kRules}, {"l.yaml", kList}}};
  std::shared_ptr<const RuleSet> rules_;
};

TEST_F(FeaturesTest, FirstOffenceWindowIsAJoinOverPriorRecords) {
  // Same kind exactly two years before: inside the window ("date >= offence.date - 2 years").
  auto inside = Offence("2024-06-01", Priors({{"noise", "2022-06-01"}}));
  EXPECT_EQ(Decide("penalty.outcome", inside), "determined \"not_applicable\" because otherwise");
  // One day outside the window: a first offence.
  auto outside = Offence("2024-06-01", Priors({{"noise", "2022-05-31"}}));
  EXPECT_EQ(Decide("penalty.outcome", outside), "determined \"may_not_penalize\" because first_offence");
  // A prior of another kind does not count; no priors at all is a first offence.
  auto other = Offence("2024-06-01", Priors({{"dust", "2024-01-01"}}));
  EXPECT_EQ(Decide("penalty.outcome", other), "determined \"may_not_penalize\" because first_offence");
  // Unknown priors: the decision waits for them.
  auto unknown = Offence("2024-06-01", Priors({}));
  unknown.values[static_cast<std::size_t>(Attr("offence.priors"))].reset();
  EXPECT_EQ(Decide("penalty.outcome", unknown), "undetermined \"not_applicable\" because otherwise ask offence.priors");
}

TEST_F(FeaturesTest, LeapDayWindowClampsToTheMonthEnd) {
  // 2024-02-29 minus 2 years is 2022-02-28: a prior on that day is inside the window.
  auto facts = Offence("2024-02-29", Priors({{"noise", "2022-02-28"}}));
  EXPECT_EQ(Decide("penalty.outcome", facts), "determined \"not_applicable\" because otherwise");
}

TEST_F(FeaturesTest, ListMembershipHonoursTheMembersPeriod) {
  auto facts = Offence("2024-06-01", Priors({}));
  facts.values[static_cast<std::size_t>(Attr("applicant.code"))]->text = "A1";
  EXPECT_EQ(Decide("penalty.outcome", facts, "2024-06-01"), "determined \"not_applicable\" because blacklisted");
  EXPECT_EQ(Decide("penalty.outcome", facts, "2025-01-01"), "determined \"may_not_penalize\" because first_offence");
}

// Provenance: a first offence rests on the offence facts and, because a listing would have beaten
// it (priority 20 over 10), on the blacklist too; sources change what it rests on, never the value.
TEST_F(FeaturesTest, ProvenanceFollowsTheDerivationAndTheRivalsThatFailed) {
  auto facts = Offence("2024-06-01", Priors({{"dust", "2024-01-01"}}));
  facts.values[static_cast<std::size_t>(Attr("applicant.code"))]->text = "B9";
  auto render = [&](const CaseFacts& f) {
    Engine engine(rules_);
    const Outcome out = engine.Decide(f, Query{*ParseDate("2024-06-01"), "cn", {Attr("penalty.outcome")}, std::nullopt});
    ProvenanceTracer tracer(*rules_, out);
    const Provenance p = tracer.OfDecision(out.decisions()[0]);
    std::string text = rules_->rule(out.decisions()[0].because[0]).id + ":";
    for (int a : p.declared) text += " declared " + rules_->attribute(a).id;
    for (int a : p.checked) text += " checked " + rules_->attribute(a).id;
    for (int l : p.lists) text += " list " + rules_->lists()[static_cast<std::size_t>(l)].id;
    return text + " weakest " + std::string(SourceKindName(p.weakest())) + (p.DeclaredOnly() ? " declared-only" : "");
  };
  EXPECT_EQ(render(facts),
            "first_offence: declared offence.kind declared offence.date declared offence.priors declared applicant.code "
            "list test.blacklist weakest declared");
  facts.sources.assign(rules_->attributes().size(), FactSource::kChecked);
  EXPECT_EQ(render(facts),
            "first_offence: checked offence.kind checked offence.date checked offence.priors checked applicant.code "
            "list test.blacklist weakest list");
  facts.sources[static_cast<std::size_t>(Attr("offence.priors"))] = FactSource::kDeclared;
  EXPECT_EQ(render(facts),
            "first_offence: declared offence.priors checked offence.kind checked offence.date checked applicant.code "
            "list test.blacklist weakest declared");
}

// What if over records: without the prior offence inside the window, the first-offence rule holds.
TEST_F(FeaturesTest, WhatIfTakesAwayThePriorThatBlocksTheFirstOffence) {
  auto facts = Offence("2024-06-01", Priors({{"noise", "2023-06-01"}, {"dust", "2024-01-01"}}));
  Engine engine(rules_);
  const Query query{*ParseDate("2024-06-01"), "cn", {Attr("penalty.outcome")}, std::nullopt};
  const Outcome out = engine.Decide(facts, query);
  auto changes = WhatIf(engine, facts, query, out, Attr("penalty.outcome"));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].condition,
            "no offence.priors where (kind == offence.kind and date >= offence.date - 2 years and date < offence.date)");
  ASSERT_EQ(changes[0].changed_value.records.size(), 1u);  // the prior of another kind stays
  EXPECT_EQ(rules_->rule(changes[0].because[0]).id, "first_offence");
}

TEST_F(FeaturesTest, UnionCollectsMaterialsAndNumbersAreDecisions) {
  CaseFacts facts(rules_->attributes().size());
  facts.values[static_cast<std::size_t>(Attr("project.commitment"))] = Value::Bool(true);
  EXPECT_EQ(Decide("service.materials", facts),
            "determined [\"application\", \"commitment\", \"report\"] because base_materials because commitment_materials");
  EXPECT_EQ(Decide("service.days", facts), "determined 1 because days_commitment");
  facts.values[static_cast<std::size_t>(Attr("project.commitment"))] = Value::Bool(false);
  EXPECT_EQ(Decide("service.materials", facts), "determined [\"application\", \"report\"] because base_materials");
  EXPECT_EQ(Decide("service.days", facts), "determined 20 because days_ordinary");
}

TEST_F(FeaturesTest, ADecisionWhoseRulesReadNoFactIsSettled) {
  CaseFacts facts(rules_->attributes().size());
  EXPECT_EQ(Decide("service.window", facts), "determined \"hall\" because window_hall");
}

TEST_F(FeaturesTest, AskingOneDecisionEvaluatesOnlyItsRules) {
  CaseFacts facts(rules_->attributes().size());
  facts.values[static_cast<std::size_t>(Attr("project.commitment"))] = Value::Bool(true);
  Engine engine(rules_);
  Session session(engine);
  const Outcome& out = session.Decide(facts, Query{*ParseDate("2024-06-01"), "cn", {Attr("service.days")}, std::nullopt});
  EXPECT_TRUE(out.evaluated(rules_->RuleIndex("days_commitment")));
  EXPECT_FALSE(out.evaluated(rules_->RuleIndex("first_offence")));
  EXPECT_FALSE(out.evaluated(rules_->RuleIndex("base_materials")));
}

TEST(RuleIndexTest, CatalogueRowsAreGatedByTheirCodes) {
  const auto& kb = assistant::testing::RealKb();
  // Every row-applies rule and every cell is reached through a gate, not evaluated for every case.
  EXPECT_GE(kb.rules->index().gated_rule_count(), 173u + 319u);
  Engine engine(kb.rules);
  Session session(engine);
  CaseFacts facts(kb.rules->attributes().size());
  Value codes;
  codes.codes = {"0313"};
  facts.values[static_cast<std::size_t>(kb.rules->AttributeIndex("project.industry_codes"))] = codes;
  Value none;
  facts.values[static_cast<std::size_t>(kb.rules->AttributeIndex("project.catalogue_items"))] = none;
  const Outcome& out = session.Decide(
      facts, Query{*ParseDate("2024-06-01"), "cn", {kb.rules->AttributeIndex("eia.document_class")}, std::nullopt});
  int evaluated = 0;
  for (int r = 0; r < static_cast<int>(kb.rules->rules().size()); ++r) evaluated += out.evaluated(r) ? 1 : 0;
  // Row 3's applies rule and its two cells, the listed rule and 第五条 — not the 494 others.
  std::string which;
  for (int r = 0; r < static_cast<int>(kb.rules->rules().size()); ++r) {
    if (out.evaluated(r)) which += " " + kb.rules->rule(r).id;
  }
  EXPECT_LE(evaluated, 8) << which;
  EXPECT_TRUE(out.evaluated(kb.rules->RuleIndex("eia2021.r003.report_book")));
  EXPECT_FALSE(out.evaluated(kb.rules->RuleIndex("eia2021.r018.report_book")));
}

}  // namespace
}  // namespace assistant::reasoner

namespace assistant::reasoner {
namespace {

// 行政处罚法 第三十七条: the rules in force when the act happened, unless the later ones are lighter.
TEST(LaterLighterRuleTest, TheLighterOfTheTwoVersionsDecides) {
  assistant::testing::TempDataDir dir(std::map<std::string, std::string>{
      {"v.yaml", R"(kind: vocabulary
decisions:
  - id: p.outcome
    type: enum
    label: 处罚结论
    ordered: true
    later_lighter_rule: 《中华人民共和国行政处罚法》第三十七条
    values: [no_penalty, penalty]
facts:
  - id: p.minor
    type: bool
    label: 情节轻微
)"},
      {"r.yaml", R"(kind: rules
jurisdiction: cn
rules:
  - id: old_rule
    title: 旧规定：处罚
    source: {document: 旧办法}
    in_force: {from: 2020-01-01, to: 2022-12-31}
    when: p.minor
    then: {p.outcome: penalty}
  - id: new_rule
    title: 新规定：轻微的不予处罚
    source: {document: 新办法}
    in_force: {from: 2023-01-01}
    when: p.minor
    then: {p.outcome: no_penalty}
)"}});
  kb::Diagnostics diagnostics;
  auto compiled = kb::CompileSources(dir.data(), diagnostics);
  ASSERT_TRUE(compiled) << diagnostics.ToString();
  const auto& rules = *compiled->rules;
  Engine engine(compiled->rules);
  Session session(engine);
  CaseFacts facts(rules.attributes().size());
  facts.values[static_cast<std::size_t>(rules.AttributeIndex("p.minor"))] = Value::Bool(true);
  const int outcome = rules.AttributeIndex("p.outcome");

  // Decided while the old rule is still the only one: the act's own rules.
  const auto& then = session.Decide(facts, Query{*ParseDate("2021-06-01"), "cn", {outcome}, ParseDate("2022-06-01")});
  EXPECT_EQ(rules.attribute(outcome).values[static_cast<std::size_t>(then.decisions()[0].value->enum_index)].id, "penalty");
  EXPECT_FALSE(then.decisions()[0].later_rules_lighter);
  EXPECT_TRUE(then.decisions()[0].later_rules_compared);

  // Decided after the lighter rule came into force: the later rule applies, and the answer says so.
  const auto& now = session.Decide(facts, Query{*ParseDate("2021-06-01"), "cn", {outcome}, ParseDate("2024-06-01")});
  const Decision& d = now.decisions()[0];
  EXPECT_EQ(rules.attribute(outcome).values[static_cast<std::size_t>(d.value->enum_index)].id, "no_penalty");
  EXPECT_TRUE(d.later_rules_lighter);
  EXPECT_EQ(FormatDate(d.rules_of), "2024-06-01");
  EXPECT_EQ(rules.rule(d.because[0]).id, "new_rule");

  // A heavier later rule never applies: swap the question around.
  const auto& heavier = session.Decide(facts, Query{*ParseDate("2023-06-01"), "cn", {outcome}, ParseDate("2024-06-01")});
  EXPECT_EQ(rules.attribute(outcome).values[static_cast<std::size_t>(heavier.decisions()[0].value->enum_index)].id, "no_penalty");
  EXPECT_FALSE(heavier.decisions()[0].later_rules_lighter);

  // The receipt carries the day of decision, and its id tells the two days apart: sent back, the
  // receipt's date, day of decision, place and facts give the same decision and the same id.
  auto answer_for = [&](const nlohmann::json& request) {
    auto read = server::ReadAssessRequest(request, rules, *ParseDate("2026-01-01"));
    EXPECT_TRUE(read) << (read ? "" : read.error().message);
    Outcome decided = engine.Decide(read.value().facts, read.value().query);
    nlohmann::json answer = server::RenderOutcome(rules, decided, read.value().query, server::Depth::kStaff);
    server::AddLookAhead(answer, engine, read.value().facts, read.value().query, decided);
    return answer;
  };
  const nlohmann::json early = answer_for({{"date", "2021-06-01"}, {"decided_on", "2022-06-01"}, {"facts", {{"p.minor", true}}}});
  const nlohmann::json late = answer_for({{"date", "2021-06-01"}, {"decided_on", "2024-06-01"}, {"facts", {{"p.minor", true}}}});
  EXPECT_EQ(early["receipt"]["decided_on"], "2022-06-01");
  EXPECT_EQ(late["receipt"]["decided_on"], "2024-06-01");
  EXPECT_EQ(early["receipt"]["outcomes"]["p.outcome"], "penalty");
  EXPECT_EQ(late["receipt"]["outcomes"]["p.outcome"], "no_penalty");
  EXPECT_NE(early["receipt"]["id"], late["receipt"]["id"]);
  const nlohmann::json& receipt = late["receipt"];
  const nlohmann::json again = answer_for({{"date", receipt["date"]}, {"decided_on", receipt["decided_on"]},
                                           {"place", receipt["place"]}, {"facts", receipt["facts"]}});
  EXPECT_EQ(again["receipt"]["id"], receipt["id"]);
  EXPECT_EQ(again["receipt"]["outcomes"], receipt["outcomes"]);
}

// What if: computed by deciding again, on the real catalogue (the pig-farm threshold).
TEST(WhatIfTest, BelowFiveThousandHeadThePigFarmNeedsLess) {
  const auto& kb = assistant::testing::RealKb();
  const auto& rules = *kb.rules;
  Engine engine(kb.rules);
  CaseFacts facts(rules.attributes().size());
  auto set = [&](const char* id, Value v) { facts.values[static_cast<std::size_t>(rules.AttributeIndex(id))] = std::move(v); };
  Value codes;
  codes.codes = {"0313"};
  set("project.industry_codes", codes);
  set("project.catalogue_items", Value());
  set("site.sensitive_areas", Value());
  set("livestock.annual_output_pig_eq", Value::Number(6000));
  set("livestock.inventory_pig_eq", Value::Number(0));
  set("livestock.has_no_output", Value::Bool(false));
  set("livestock.is_scale_farm", Value::Bool(true));
  const int doc = rules.AttributeIndex("eia.document_class");
  Query query{*ParseDate("2024-06-01"), "cn", {doc}, std::nullopt};
  Outcome outcome = engine.Decide(facts, query);
  auto changes = WhatIf(engine, facts, query, outcome, doc);
  std::vector<std::string> found;
  for (const auto& c : changes) {
    found.push_back(c.condition + " -> " + (c.new_value ? rules.attribute(doc).values[static_cast<std::size_t>(c.new_value->enum_index)].id : "?"));
  }
  EXPECT_NE(std::find(found.begin(), found.end(), "livestock.annual_output_pig_eq < 5000 -> registration_form"), found.end())
      << ::testing::PrintToString(found);
  EXPECT_NE(std::find(found.begin(), found.end(), "not livestock.is_scale_farm -> not_managed"), found.end())
      << ::testing::PrintToString(found);
}

}  // namespace
}  // namespace assistant::reasoner

#include "reasoner/interview.h"

namespace assistant::reasoner {
namespace {

// The next question is the one that settles the decision under the most answers: for a pig farm,
// "is it a scale farm?" (no settles it at once: not in EIA management) before the head counts.
TEST(InterviewTest, AsksTheQuestionThatSettlesMostFirst) {
  const auto& kb = assistant::testing::RealKb();
  const auto& rules = *kb.rules;
  Engine engine(kb.rules);
  CaseFacts facts(rules.attributes().size());
  Value codes;
  codes.codes = {"0313"};
  facts.values[static_cast<std::size_t>(rules.AttributeIndex("project.industry_codes"))] = codes;
  facts.values[static_cast<std::size_t>(rules.AttributeIndex("project.catalogue_items"))] = Value();
  facts.values[static_cast<std::size_t>(rules.AttributeIndex("site.sensitive_areas"))] = Value();
  const int doc = rules.AttributeIndex("eia.document_class");
  Query query{*ParseDate("2024-06-01"), "cn", {doc}, std::nullopt};
  Outcome outcome = engine.Decide(facts, query);
  ASSERT_EQ(outcome.decisions()[0].status, DecisionStatus::kUndetermined);
  auto ranked = RankQuestions(engine, facts, query, outcome, doc);
  ASSERT_FALSE(ranked.empty());
  EXPECT_EQ(rules.attribute(ranked.front().attribute).id, "livestock.is_scale_farm");
  EXPECT_GT(ranked.front().answers_settling, 0);
  // Every question asked is one the undetermined rules of row 3 wait for.
  for (const auto& q : ranked) EXPECT_EQ(rules.attribute(q.attribute).id.rfind("livestock.", 0), 0u) << rules.attribute(q.attribute).id;
}

}  // namespace
}  // namespace assistant::reasoner
