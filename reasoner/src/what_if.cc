#include "reasoner/what_if.h"

#include <cmath>
#include <set>

#include "base/text.h"

namespace assistant::reasoner {
namespace {

struct Candidate {
  int attribute;
  CompareOp op;  // the crossing to test, applied to the literal
  double limit;
  bool flip_bool;
};

void Collect(const Expr& e, std::vector<Candidate>& out) {
  if (e.kind == ExprKind::kTest && e.lhs.field < 0) {
    out.push_back({e.lhs.attribute, CompareOp::kEq, 0, true});
    return;
  }
  if (e.kind == ExprKind::kCompare && e.lhs.field < 0 && e.literal == LiteralKind::kNumber &&
      e.type == AttributeType::kNumber) {
    out.push_back({e.lhs.attribute, e.op, e.number, false});
    return;
  }
  if (e.kind == ExprKind::kQuantifier) return;
  for (const auto& c : e.children) Collect(c, out);
}

// A value just on the other side of `limit` from `current` (whole numbers stay whole).
std::optional<double> Across(double current, CompareOp op, double limit) {
  const bool whole = current == std::floor(current) && limit == std::floor(limit);
  const double step = whole ? 1.0 : std::max(0.01, std::fabs(limit) * 0.001);
  switch (op) {
    case CompareOp::kGe: return current >= limit ? limit - step : limit;   // >= T  <->  < T
    case CompareOp::kLt: return current < limit ? limit : limit - step;
    case CompareOp::kGt: return current > limit ? limit : limit + step;    // > T  <->  <= T
    case CompareOp::kLe: return current <= limit ? limit + step : limit;
    default: return std::nullopt;
  }
}

std::string Describe(const Attribute& a, double value, double limit, CompareOp op) {
  const bool holds = [&] {
    switch (op) {
      case CompareOp::kGe: return value >= limit;
      case CompareOp::kLt: return value < limit;
      case CompareOp::kGt: return value > limit;
      case CompareOp::kLe: return value <= limit;
      default: return false;
    }
  }();
  // Say it as the side the new value is on.
  std::string side;
  switch (op) {
    case CompareOp::kGe: side = holds ? ">= " : "< "; break;
    case CompareOp::kLt: side = holds ? "< " : ">= "; break;
    case CompareOp::kGt: side = holds ? "> " : "<= "; break;
    case CompareOp::kLe: side = holds ? "<= " : "> "; break;
    default: break;
  }
  return a.id + " " + side + FormatNumber(limit);
}

}  // namespace

std::vector<WhatIfChange> WhatIf(const Engine& engine, const CaseFacts& facts, const Query& query,
                                 const Outcome& outcome, int decision_attribute, std::size_t limit) {
  const RuleSet& rules = engine.rules();
  const Decision* decided = nullptr;
  for (const auto& d : outcome.decisions()) {
    if (d.attribute == decision_attribute) decided = &d;
  }
  std::vector<WhatIfChange> changes;
  if (!decided || decided->status != DecisionStatus::kDetermined) return changes;
  std::vector<Candidate> candidates;
  for (int r : decided->because) Collect(rules.rule(r).condition, candidates);
  for (int r : rules.RulesConcluding(decision_attribute)) {
    if (outcome.evaluated(r) && outcome.result(r) == Tri::kFalse) Collect(rules.rule(r).condition, candidates);
  }
  Session session(engine);
  session.set_rank_missing(false);  // only whether the decision settles matters here
  Query q = query;
  q.decisions = {decision_attribute};
  std::set<std::string> tried;
  for (const auto& c : candidates) {
    if (changes.size() >= limit) break;
    const Attribute& a = rules.attribute(c.attribute);
    if (a.derived) continue;
    const auto& current = facts.values[static_cast<std::size_t>(c.attribute)];
    if (!current) continue;
    CaseFacts changed = facts;
    Value v = *current;
    std::string condition;
    if (c.flip_bool) {
      v.boolean = !v.boolean;
      condition = v.boolean ? a.id : "not " + a.id;
    } else {
      auto across = Across(current->number, c.op, c.limit);
      if (!across) continue;
      v.number = *across;
      condition = Describe(a, v.number, c.limit, c.op);
    }
    if (!tried.insert(condition).second) continue;
    changed.values[static_cast<std::size_t>(c.attribute)] = v;
    const Outcome& after = session.Decide(changed, q);
    const Decision& d = after.decisions().front();
    const bool same = d.status == decided->status && d.value && decided->value &&
                      d.value->SameAs(*decided->value, rules.attribute(decision_attribute).type);
    if (same) continue;
    WhatIfChange change;
    change.attribute = c.attribute;
    change.condition = condition;
    change.changed_value = v;
    change.status = d.status;
    // Values concluded by rules live in the RuleSet; defaults and unions live in the session, so
    // keep a pointer only when it is a rule's value.
    change.new_value = nullptr;
    for (int r : d.because) {
      if (d.value == &rules.rule(r).value) change.new_value = d.value;
    }
    if (!change.new_value && d.value && rules.attribute(decision_attribute).type == AttributeType::kEnum) {
      const int index = d.value->enum_index;
      for (int r : rules.RulesConcluding(decision_attribute)) {
        if (rules.rule(r).value.enum_index == index) change.new_value = &rules.rule(r).value;
      }
    }
    change.because = d.because;
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace assistant::reasoner
