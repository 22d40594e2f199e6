// The same facts and knowledge base give byte-identical answers, whatever order the facts come in.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "reasoner/engine.h"
#include "server/json_io.h"
#include "test_support.h"

namespace assistant {
namespace {

TEST(DeterminismTest, GoldenCasesGiveIdenticalOutputTwiceAndInAnyFactOrder) {
  const auto& kb = assistant::testing::RealKb();
  reasoner::Engine engine(kb.rules);
  reasoner::Session session(engine);  // one working memory for every case: state must not leak between them
  std::mt19937 shuffle(42);
  for (const auto& golden : kb.cases) {
    auto render = [&](std::vector<std::pair<int, reasoner::Value>> facts) {
      reasoner::CaseFacts input(kb.rules->attributes().size());
      for (const auto& [index, value] : facts) input.values[static_cast<std::size_t>(index)] = value;
      reasoner::Query query{golden.date, golden.place, {}, golden.decided_on};
      for (const auto& [attribute, expected] : golden.expect) query.decisions.push_back(attribute);
      return server::RenderOutcome(*kb.rules, session.Decide(input, query), query).dump();
    };
    auto facts = golden.facts;
    std::string first = render(facts);
    std::shuffle(facts.begin(), facts.end(), shuffle);
    ASSERT_EQ(first, render(facts)) << golden.name;
  }
}

}  // namespace
}  // namespace assistant
