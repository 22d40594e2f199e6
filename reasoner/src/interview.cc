#include "reasoner/interview.h"

#include <algorithm>

#include "reasoner/answer_space.h"

namespace assistant::reasoner {
namespace {

// Facts looked ahead on: the few that the most open rules read (the selecting facts: codes,
// kinds), then those the decision's own open rules read, then facts in the order of
// Decision::missing (how many of the decision's open rules wait for each), while the answers to
// try stay within a budget, so a step costs a few hundred decisions at most however many facts
// are missing.
constexpr std::size_t kMaxByReach = 8;
constexpr std::size_t kAnswerBudget = 256;
// A derived fact concluded by at most this many rules is a definition ("the preparer is barred")
// whose own facts count as read by the rule that reads it.
constexpr std::size_t kMaxDefinitionRules = 4;

}  // namespace

std::vector<RankedQuestion> RankQuestions(const Engine& engine, const CaseFacts& facts, const Query& query,
                                          const Outcome& outcome, int decision_attribute) {
  const RuleSet& rules = engine.rules();
  const Decision* decision = nullptr;
  for (const auto& d : outcome.decisions()) {
    if (d.attribute == decision_attribute) decision = &d;
  }
  std::vector<RankedQuestion> ranked;
  if (!decision || decision->status != DecisionStatus::kUndetermined) return ranked;

  // The decision's cone: the rules whose openness the look-ahead counts.
  const auto& all = rules.decisions();
  const auto position = static_cast<std::size_t>(std::find(all.begin(), all.end(), decision_attribute) - all.begin());
  const std::uint64_t bit = position < 64 ? (std::uint64_t{1} << position) : ~std::uint64_t{0};
  std::vector<int> cone;
  for (int r = 0; r < static_cast<int>(rules.rules().size()); ++r) {
    if ((rules.decision_bits(r) & bit) != 0) cone.push_back(r);
  }
  auto open_in = [&](const Outcome& o) {
    int n = 0;
    for (int r : cone) n += o.evaluated(r) && o.result(r) == Tri::kUnknown ? 1 : 0;
    return n;
  };
  const int open_now = open_in(outcome);

  // How many open rules read each fact directly; which facts the decision's own open rules read
  // (directly, or through a derived fact a few rules define, such as "the preparer is barred").
  std::vector<int> reach(rules.attributes().size(), 0);
  std::vector<char> own(rules.attributes().size(), 0);
  std::vector<int> read;
  for (int r : cone) {
    if (!outcome.evaluated(r) || outcome.result(r) != Tri::kUnknown) continue;
    read.clear();
    ForEachAttribute(rules.rule(r).condition, [&](int a) {
      if (std::find(read.begin(), read.end(), a) == read.end()) read.push_back(a);
    });
    for (int a : read) ++reach[static_cast<std::size_t>(a)];
    if (rules.rule(r).concludes != decision_attribute) continue;
    for (int a : read) {
      own[static_cast<std::size_t>(a)] = 1;
      const auto& defining = rules.RulesConcluding(a);
      if (defining.empty() || defining.size() > kMaxDefinitionRules) continue;
      for (int d : defining) {
        ForEachAttribute(rules.rule(d).condition, [&](int b) { own[static_cast<std::size_t>(b)] = 1; });
      }
    }
  }
  for (int a : decision->missing) {
    RankedQuestion q;
    q.attribute = a;
    q.reach = reach[static_cast<std::size_t>(a)];
    q.open_after = open_now;
    ranked.push_back(q);
  }
  std::vector<std::size_t> by_reach(ranked.size());
  for (std::size_t i = 0; i < by_reach.size(); ++i) by_reach[i] = i;
  std::stable_sort(by_reach.begin(), by_reach.end(),
                   [&](std::size_t x, std::size_t y) { return ranked[x].reach > ranked[y].reach; });
  std::vector<char> look(ranked.size(), 0);
  std::size_t budget = kAnswerBudget;
  auto take = [&](std::size_t i) {
    const std::size_t n = rules.answers().of(ranked[i].attribute).size();
    if (look[i] || n > budget) return;
    look[i] = 1;
    budget -= n;
  };
  for (std::size_t k = 0; k < by_reach.size() && k < kMaxByReach; ++k) take(by_reach[k]);
  for (std::size_t i : by_reach) {
    if (own[static_cast<std::size_t>(ranked[i].attribute)]) take(i);
  }
  for (std::size_t i = 0; i < ranked.size(); ++i) take(i);

  Session session(engine);
  session.set_rank_missing(false);  // only whether the decision settles and what stays open matter
  Query q = query;
  q.decisions = {decision_attribute};
  CaseFacts trial = facts;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    if (!look[i]) continue;
    RankedQuestion& r = ranked[i];
    const auto& answers = rules.answers().of(r.attribute);
    if (answers.empty()) continue;
    auto& slot = trial.values[static_cast<std::size_t>(r.attribute)];
    long open_total = 0;
    for (const Value& answer : answers) {
      slot = answer;
      const Outcome& after = session.Decide(trial, q);
      ++r.answers_tried;
      if (after.decisions().front().status != DecisionStatus::kUndetermined) {
        ++r.answers_settling;
      } else {
        open_total += open_in(after);
      }
    }
    slot.reset();
    r.open_after = static_cast<double>(open_total) / r.answers_tried;
  }

  // A selector: its answers leave, on average, fewer than half of the decision's open rules open
  // (it picks the catalogue row, the kind of offence). Finer differences in rules left open say
  // little about the questions left to ask; the engine's order of `missing` (how many open
  // rules wait for each fact) decides among the rest, which measured better over the golden
  // cases (docs/benchmark.md).
  auto share = [](const RankedQuestion& r) {
    return r.answers_tried == 0 ? 0.0 : static_cast<double>(r.answers_settling) / r.answers_tried;
  };
  auto selector = [&](const RankedQuestion& r) { return r.answers_tried > 0 && 2 * r.open_after < open_now; };
  std::stable_sort(ranked.begin(), ranked.end(), [&](const RankedQuestion& x, const RankedQuestion& y) {
    if (share(x) != share(y)) return share(x) > share(y);
    if (selector(x) != selector(y)) return selector(x);
    return rules.attribute(x.attribute).ask_cost < rules.attribute(y.attribute).ask_cost;
  });
  return ranked;
}

}  // namespace assistant::reasoner
