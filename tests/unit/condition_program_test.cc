// The engine's fast path against its reference: interned texts (SymbolTable) and compiled
// conditions (ConditionProgram) must give exactly what the condition trees give, over every rule
// of the real knowledge base and every golden case.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reasoner/condition_program.h"
#include "reasoner/engine.h"
#include "reasoner/symbol_table.h"
#include "test_support.h"

namespace assistant::reasoner {
namespace {
using assistant::testing::RealKb;

TEST(SymbolTable, InternsPerAttributeDenselyAndFindsOnlyWhatWasInterned) {
  SymbolTable table;
  EXPECT_EQ(table.Find(0, "C0107"), -1);  // empty table
  EXPECT_EQ(table.Intern(3, "C0107"), 0);
  EXPECT_EQ(table.Intern(3, "C0108"), 1);
  EXPECT_EQ(table.Intern(3, "C0107"), 0);  // again: the same symbol
  EXPECT_EQ(table.Intern(5, "C0107"), 0);  // another attribute counts on its own
  EXPECT_EQ(table.count(3), 2);
  EXPECT_EQ(table.count(5), 1);
  EXPECT_EQ(table.count(4), 0);
  EXPECT_EQ(table.attributes(), (std::vector<int>{3, 5}));
  EXPECT_EQ(table.Find(3, "C0108"), 1);
  EXPECT_EQ(table.Find(4, "C0108"), -1);  // named for attribute 3 only
  EXPECT_EQ(table.Find(3, "C010"), -1);   // a prefix is another text
  EXPECT_EQ(table.Find(3, "C01070"), -1);
}

TEST(SymbolTable, TellsApartTextsOfEveryLengthThatShareBytes) {
  // Texts are packed into words by overlapping loads; texts that share their first or last bytes,
  // or differ only past the 16th byte, must still be different symbols.
  SymbolTable table;
  std::vector<std::string> texts = {"", "a", "ab", "abc", "abcd", "abcde", "bbcde", "abcdf", "养殖场", "养殖场 ",
                                    std::string("a\0b", 3), std::string("a\0c", 3)};
  for (std::size_t n = 6; n <= 40; ++n) {
    texts.push_back(std::string(n, 'x'));
    texts.push_back(std::string(n - 1, 'x') + "y");
    texts.push_back("y" + std::string(n - 1, 'x'));
  }
  for (std::size_t i = 0; i < texts.size(); ++i) ASSERT_EQ(table.Intern(1, texts[i]), static_cast<int>(i)) << i;
  for (std::size_t i = 0; i < texts.size(); ++i) EXPECT_EQ(table.Find(1, texts[i]), static_cast<int>(i)) << i;
  EXPECT_EQ(table.Find(1, std::string(41, 'x')), -1);
}

// The symbol of each string fact in the working memory, as the engine computes it.
std::vector<int> SymbolsOf(const RuleSet& rules, const std::vector<const Value*>& facts) {
  std::vector<int> symbols(facts.size(), -1);
  for (int a : rules.symbols().attributes()) {
    const Value* v = facts[static_cast<std::size_t>(a)];
    symbols[static_cast<std::size_t>(a)] = v ? rules.symbols().Find(a, v->text) : -1;
  }
  return symbols;
}

TEST(ConditionProgram, AgreesWithTheConditionTreesOnEveryRuleAndGoldenCase) {
  const RuleSet& rules = *RealKb().rules;
  Engine engine(RealKb().rules);
  Session session(engine);
  std::size_t compared = 0, unknown = 0;
  for (const auto& golden : RealKb().cases) {
    CaseFacts facts(rules.attributes().size());
    for (const auto& [index, value] : golden.facts) facts.values[static_cast<std::size_t>(index)] = value;
    // The final working memory holds the derived facts too, so rules of every stratum are tried.
    const Outcome& outcome = session.Decide(facts, Query{golden.date, golden.place, {}, std::nullopt});
    const std::vector<int> symbols = SymbolsOf(rules, outcome.facts());
    const EvalContext with_symbols{&outcome.facts(), &rules, golden.date, nullptr, &symbols};
    const EvalContext by_text{&outcome.facts(), &rules, golden.date, nullptr, nullptr};
    for (std::size_t r = 0; r < rules.rules().size(); ++r) {
      const Tri tree = Evaluate(rules.rules()[r].condition, by_text);
      ASSERT_EQ(rules.program().Evaluate(static_cast<int>(r), with_symbols), tree)
          << "rule " << rules.rules()[r].id << " on golden case " << golden.name;
      ASSERT_EQ(rules.program().Evaluate(static_cast<int>(r), by_text), tree) << rules.rules()[r].id;
      ++compared;
      if (tree == Tri::kUnknown) ++unknown;
    }
  }
  EXPECT_GT(compared, 500'000u);
  EXPECT_GT(unknown, 0u);  // golden cases leave facts open: the three-valued paths were taken
}

TEST(ConditionProgram, ATextNoRuleNamesEqualsNoLiteral) {
  // The applicant's city is a text no rule names: `==` is false and `!=` true, as by text.
  const RuleSet& rules = *RealKb().rules;
  for (std::size_t r = 0; r < rules.rules().size(); ++r) {
    std::vector<const Value*> facts(rules.attributes().size(), nullptr);
    std::vector<Value> values(rules.attributes().size());
    for (std::size_t a = 0; a < facts.size(); ++a) {
      if (rules.attribute(static_cast<int>(a)).type != AttributeType::kString) continue;
      values[a].text = "没有规则提到的文字";
      facts[a] = &values[a];
    }
    const std::vector<int> symbols = SymbolsOf(rules, facts);
    for (int s : symbols) ASSERT_EQ(s, -1);
    const Date day = *ParseDate("2026-01-01");
    EXPECT_EQ(rules.program().Evaluate(static_cast<int>(r), EvalContext{&facts, &rules, day, nullptr, &symbols}),
              Evaluate(rules.rules()[r].condition, EvalContext{&facts, &rules, day, nullptr, nullptr}))
        << rules.rules()[r].id;
  }
}

}  // namespace
}  // namespace assistant::reasoner
