#include "reasoner/interview.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

namespace assistant::reasoner {
namespace {

constexpr std::size_t kMaxAnswers = 12;
// Look ahead on the facts most open rules wait for; the rest keep that order after them.
constexpr std::size_t kMaxLookAhead = 12;

void Thresholds(const Expr& e, int attribute, std::set<double>& out) {
  if (e.kind == ExprKind::kCompare && e.lhs.attribute == attribute && e.lhs.field < 0 &&
      e.literal == LiteralKind::kNumber) {
    out.insert(e.number);
  }
  for (const auto& c : e.children) Thresholds(c, attribute, out);
}

// The answers worth trying for a fact: one per region the rules distinguish.
std::vector<Value> Answers(const RuleSet& rules, int attribute) {
  const Attribute& a = rules.attribute(attribute);
  std::vector<Value> out;
  switch (a.type) {
    case AttributeType::kBool:
      out = {Value::Bool(true), Value::Bool(false)};
      break;
    case AttributeType::kEnum:
      for (std::size_t i = 0; i < a.values.size() && out.size() < kMaxAnswers; ++i) out.push_back(Value::Enum(static_cast<int>(i)));
      break;
    case AttributeType::kSet: {
      out.push_back(Value());  // none of them
      for (std::size_t i = 0; i < a.values.size() && out.size() < kMaxAnswers; ++i) {
        Value v;
        v.members = {static_cast<int>(i)};
        out.push_back(v);
      }
      break;
    }
    case AttributeType::kNumber: {
      std::set<double> cuts;
      for (const auto& rule : rules.rules()) Thresholds(rule.condition, attribute, cuts);
      if (cuts.empty()) break;
      // Just below each cut, at it, and above the last: every interval the rules can tell apart.
      for (double t : cuts) {
        if (out.size() + 2 > kMaxAnswers) break;
        out.push_back(Value::Number(t - std::max(0.01, std::fabs(t) * 0.001)));
        out.push_back(Value::Number(t));
      }
      out.push_back(Value::Number(*cuts.rbegin() + std::max(1.0, std::fabs(*cuts.rbegin()))));
      break;
    }
    default:
      break;  // codes, text, dates, records: no look-ahead (ranked by the open rules waiting)
  }
  return out;
}

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
  Session session(engine);
  session.set_rank_missing(false);  // only whether the decision settles matters here
  Query q = query;
  q.decisions = {decision_attribute};
  CaseFacts trial = facts;
  for (std::size_t k = 0; k < decision->missing.size(); ++k) {
    const int attribute = decision->missing[k];
    RankedQuestion r;
    r.attribute = attribute;
    if (k >= kMaxLookAhead) {
      r.answers_tried = 1;  // not looked ahead on: after every fact that was
      ranked.push_back(r);
      continue;
    }
    auto& slot = trial.values[static_cast<std::size_t>(attribute)];
    for (const Value& answer : Answers(rules, attribute)) {
      slot = answer;
      const Outcome& after = session.Decide(trial, q);
      ++r.answers_tried;
      if (after.decisions().front().status != DecisionStatus::kUndetermined) ++r.answers_settling;
    }
    slot.reset();
    ranked.push_back(r);
  }
  // `missing` is already ordered by how many open rules wait for each fact: keep that order
  // among equals (stable sort).
  // A fact that cannot be looked ahead on (industry codes, dates, prior records, text) is a key
  // that selects which rules apply at all: it keeps its place ahead of the facts it selects.
  auto share = [](const RankedQuestion& r) {
    return r.answers_tried == 0 ? 2.0 : static_cast<double>(r.answers_settling) / r.answers_tried;
  };
  std::stable_sort(ranked.begin(), ranked.end(), [&](const RankedQuestion& x, const RankedQuestion& y) {
    if (share(x) != share(y)) return share(x) > share(y);
    return rules.attribute(x.attribute).ask_cost < rules.attribute(y.attribute).ask_cost;
  });
  return ranked;
}

}  // namespace assistant::reasoner
