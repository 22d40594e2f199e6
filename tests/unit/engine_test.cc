#include <gtest/gtest.h>

#include "reasoner/engine.h"
#include "test_support.h"

namespace assistant::reasoner {
namespace {
using assistant::testing::kSmallVocabulary;
using assistant::testing::TempDataDir;

// A compiled fixture with one decision outcome.result (yes/no) and rules from `rules_yaml`.
class SmallKb {
 public:
  explicit SmallKb(const std::string& rules_yaml)
      : dir_({{"vocabulary.yaml", kSmallVocabulary}, {"rules.yaml", rules_yaml}}) {
    kb::Diagnostics diagnostics;
    auto compiled = kb::CompileSources(dir_.data(), diagnostics);
    EXPECT_TRUE(compiled) << diagnostics.ToString();
    if (compiled) rules_ = compiled->rules;
  }

  // Decides with `facts` given as (id, value) for numbers and bools; returns "status value".
  std::string Decide(std::map<std::string, double> numbers, std::map<std::string, bool> bools,
                     const std::string& date = "2024-01-01", const std::string& place = "cn") const {
    CaseFacts facts(rules_->attributes().size());
    for (const auto& [id, v] : numbers) facts.values[static_cast<std::size_t>(rules_->AttributeIndex(id))] = Value::Number(v);
    for (const auto& [id, v] : bools) facts.values[static_cast<std::size_t>(rules_->AttributeIndex(id))] = Value::Bool(v);
    Engine engine(rules_);
    last_ = engine.Decide(facts, Query{*ParseDate(date), place, {}, std::nullopt});
    const Decision& d = last_.decisions().at(0);
    std::string out(DecisionStatusName(d.status));
    if (d.value) out += " " + rules_->attribute(d.attribute).values[static_cast<std::size_t>(d.value->enum_index)].id;
    for (int r : d.because) out += " because " + rules_->rule(r).id;
    for (int m : d.missing) out += " ask " + rules_->attribute(m).id;
    return out;
  }

  const RuleSet& rules() const { return *rules_; }
  const Outcome& last() const { return last_; }

 private:
  TempDataDir dir_;
  std::shared_ptr<const RuleSet> rules_;
  mutable Outcome last_;
};

constexpr const char* kThresholdRules = R"(kind: rules
jurisdiction: cn
in_force: {from: 2021-01-01}
rules:
  - id: big
    title: 大
    source: {document: 测试办法, article: 第一条}
    when: farm.head >= 5000 and farm.scale
    then: {outcome.result: yes}
  - id: small
    title: 小
    source: {document: 测试办法, article: 第二条}
    when: farm.head < 5000 or not farm.scale
    then: {outcome.result: no}
)";

TEST(EngineTest, ThresholdIsInclusiveOnBothSides) {
  SmallKb kb(kThresholdRules);
  EXPECT_EQ(kb.Decide({{"farm.head", 5000}}, {{"farm.scale", true}}), "determined yes because big");
  EXPECT_EQ(kb.Decide({{"farm.head", 4999}}, {{"farm.scale", true}}), "determined no because small");
}

TEST(EngineTest, UnknownFactGivesUndeterminedWithTheQuestion) {
  SmallKb kb(kThresholdRules);
  EXPECT_EQ(kb.Decide({{"farm.head", 6000}}, {}), "undetermined ask farm.scale");
  EXPECT_EQ(kb.Decide({}, {}), "undetermined ask farm.head ask farm.scale");
}

TEST(EngineTest, KnownFalsePartDecidesWithoutTheUnknownOne) {
  SmallKb kb(kThresholdRules);
  // head < 5000 makes `small` true whatever `scale` is, and `big` false: Kleene logic.
  EXPECT_EQ(kb.Decide({{"farm.head", 10}}, {}), "determined no because small");
}

TEST(EngineTest, RulesOutsideTheirPeriodOrPlaceDoNotApply) {
  SmallKb kb(R"(kind: rules
jurisdiction: cn.hubei
in_force: {from: 2021-01-01, to: 2023-12-31}
rules:
  - id: hubei
    title: 湖北
    source: {document: 测试办法}
    when: farm.scale
    then: {outcome.result: yes}
)");
  EXPECT_EQ(kb.Decide({}, {{"farm.scale", true}}, "2021-01-01", "cn.hubei.wuhan"), "determined yes because hubei");
  EXPECT_EQ(kb.Decide({}, {{"farm.scale", true}}, "2023-12-31", "cn.hubei"), "determined yes because hubei");
  EXPECT_EQ(kb.Decide({}, {{"farm.scale", true}}, "2020-12-31", "cn.hubei"), "no_rule_in_force");
  EXPECT_EQ(kb.Decide({}, {{"farm.scale", true}}, "2024-01-01", "cn.hubei"), "no_rule_in_force");
  EXPECT_EQ(kb.Decide({}, {{"farm.scale", true}}, "2022-01-01", "cn.hunan"), "no_rule_in_force");
  EXPECT_EQ(kb.Decide({}, {{"farm.scale", true}}, "2022-01-01", "cn.hubeix"), "no_rule_in_force");
}

constexpr const char* kExceptionRules = R"(kind: rules
jurisdiction: cn
rules:
  - id: general
    title: 一般规定
    source: {document: 测试办法, article: 第一条}
    when: farm.scale
    then: {outcome.result: yes}
  - id: special
    title: 例外
    source: {document: 测试办法, article: 第二条}
    when: farm.scale and farm.head < 10
    then: {outcome.result: no}
    exception_to: [general]
)";

TEST(EngineTest, ExceptionOverridesTheGeneralRule) {
  SmallKb kb(kExceptionRules);
  EXPECT_EQ(kb.Decide({{"farm.head", 5}}, {{"farm.scale", true}}), "determined no because special");
  EXPECT_TRUE(kb.last().overridden(kb.rules().RuleIndex("general")));
  EXPECT_EQ(kb.Decide({{"farm.head", 50}}, {{"farm.scale", true}}), "determined yes because general");
  // The exception might still apply: the general rule's answer is not final.
  EXPECT_EQ(kb.Decide({}, {{"farm.scale", true}}), "undetermined yes because general ask farm.head");
}

TEST(EngineTest, NoRuleAppliesWithoutDefaultIsReported) {
  SmallKb kb(kExceptionRules);
  EXPECT_EQ(kb.Decide({}, {{"farm.scale", false}}), "no_rule_applies");
}

}  // namespace
}  // namespace assistant::reasoner
