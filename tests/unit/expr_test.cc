#include <gtest/gtest.h>

#include "reasoner/expr.h"

namespace assistant::reasoner {
namespace {

std::string ParseError(const std::string& text) {
  ExprError error;
  auto e = ParseExpr(text, &error);
  if (e) return "parsed";
  return std::to_string(error.offset) + ": " + error.message;
}

TEST(ExprParserTest, AndBindsTighterThanOr) {
  ExprError error;
  auto e = ParseExpr("a.x >= 5000 or a.y and not a.z", &error);
  ASSERT_TRUE(e);
  ASSERT_EQ(e->kind, ExprKind::kOr);
  EXPECT_EQ(e->children[1].kind, ExprKind::kAnd);
  EXPECT_EQ(e->ToString(), "a.x >= 5000 or a.y and not a.z");
}

TEST(ExprParserTest, PrintThenParseGivesTheSamePrint) {
  for (const char* text : {"(a.x < 1000 or a.y) and a.x >= 300", "not (a.b or a.c)", "s.t has_any [\"p\", \"q\"]",
                           "c.d has_prefix \"135\"", "e.f in [\"x\"] and e.g != \"y\"", "true", "sensitive and a.b"}) {
    ExprError error;
    auto first = ParseExpr(text, &error);
    ASSERT_TRUE(first) << text << ": " << error.message;
    auto second = ParseExpr(first->ToString(), &error);
    ASSERT_TRUE(second) << first->ToString();
    EXPECT_EQ(first->ToString(), second->ToString());
  }
}

TEST(ExprParserTest, ErrorsSayWhatWasExpectedAndWhere) {
  EXPECT_EQ(ParseError("a.x >= "), "7: expected a value after '>=' but found 'end of condition'");
  EXPECT_EQ(ParseError("a.x => 5"), "4: unexpected '=': expected one of >=, >, <=, <, ==, !=");
  EXPECT_EQ(ParseError("(a.x > 5"), "8: expected ')' but found 'end of condition'");
  EXPECT_EQ(ParseError("a.x > 5 a.y"), "8: unexpected 'a.y': expected 'and', 'or' or the end of the condition");
  EXPECT_EQ(ParseError("a.k == value"), "7: expected a number, a \"quoted id\" or a list after '==' but found 'value' (value ids are quoted)");
  EXPECT_EQ(ParseError("a.k in [\"x\" \"y\"]"), "12: expected ',' or ']' but found '\"y\"'");
  EXPECT_EQ(ParseError("年产 >= 5"), "0: unexpected character '年' (conditions are written in ASCII: names, numbers, \"quoted ids\")");
}

}  // namespace
}  // namespace assistant::reasoner

#include "test_support.h"

namespace assistant::reasoner {
namespace {

// The round-trip property (nlohmann's fuzzer habit) over every condition of the real knowledge
// base: print -> parse -> print gives the same text, which is what the SQLite file relies on.
TEST(ExprParserTest, EveryRealConditionRoundTrips) {
  const auto& rules = *assistant::testing::RealKb().rules;
  for (const auto& rule : rules.rules()) {
    ExprError error;
    auto again = ParseExpr(rule.condition_text, &error);
    ASSERT_TRUE(again) << rule.id << ": " << error.message;
    EXPECT_EQ(again->ToString(), rule.condition_text) << rule.id;
  }
}

}  // namespace
}  // namespace assistant::reasoner
