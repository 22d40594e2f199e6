#include "reasoner/what_if.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "base/text.h"

namespace assistant::reasoner {
namespace {

struct Candidate {
  enum Kind { kThreshold, kFlip, kChoice, kMember, kDropRecords };
  Kind kind;
  int attribute;
  CompareOp op;  // kThreshold: the crossing to test, applied to the literal
  double limit;
  int value = -1;  // kChoice: the enum value to try; kMember: the set member to add or remove
  const Expr* quantifier = nullptr;  // kDropRecords: `no R where W`
};

// A derived fact defined by a few rules (a definition such as "first offence within a year") is
// looked through to the facts it rests on; one concluded by a whole catalogue is not.
constexpr std::size_t kMaxDefinitionRules = 4;
// More rules of one decision than this testing an enum fact make it a "kind of case" fact.
constexpr int kMaxKindTests = 8;
constexpr int kMaxDefinitionDepth = 2;

void Collect(const RuleSet& rules, const Expr& e, std::vector<Candidate>& out, int depth = 0) {
  if ((e.kind == ExprKind::kTest || e.kind == ExprKind::kCompare) && e.lhs.field < 0 && e.lhs.attribute >= 0 &&
      rules.attribute(e.lhs.attribute).derived) {
    const auto& defining = rules.RulesConcluding(e.lhs.attribute);
    if (depth < kMaxDefinitionDepth && defining.size() <= kMaxDefinitionRules) {
      for (int r : defining) Collect(rules, rules.rule(r).condition, out, depth + 1);
    }
    return;
  }
  if (e.kind == ExprKind::kTest && e.lhs.field < 0) {
    out.push_back({Candidate::kFlip, e.lhs.attribute, CompareOp::kEq, 0});
    return;
  }
  if (e.kind == ExprKind::kCompare && e.lhs.field < 0 && e.literal == LiteralKind::kNumber &&
      e.type == AttributeType::kNumber) {
    out.push_back({Candidate::kThreshold, e.lhs.attribute, e.op, e.number});
    return;
  }
  // An enum test (`site.park_level == "national"`, `in [...]`, `!=`) names the values the rule
  // wants; a set test (`has`, `has_any`) names the members. Each is a change worth trying.
  if (e.kind == ExprKind::kCompare && e.lhs.field < 0 && e.literal != LiteralKind::kReference &&
      (e.type == AttributeType::kEnum || e.type == AttributeType::kSet)) {
    const Candidate::Kind kind = e.type == AttributeType::kEnum ? Candidate::kChoice : Candidate::kMember;
    for (int v : e.value_indices) out.push_back({kind, e.lhs.attribute, e.op, 0, v});
    return;
  }
  // "No prior offence of the same kind": without the records that match, it would hold.
  if (e.kind == ExprKind::kQuantifier) {
    if (e.negated) out.push_back({Candidate::kDropRecords, e.lhs.attribute, CompareOp::kEq, 0, -1, &e});
    return;
  }
  for (const auto& c : e.children) Collect(rules, c, out, depth);
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
  for (int r : decided->because) Collect(rules, rules.rule(r).condition, candidates);
  for (int r : rules.RulesConcluding(decision_attribute)) {
    if (outcome.evaluated(r) && outcome.result(r) == Tri::kFalse) Collect(rules, rules.rule(r).condition, candidates);
  }
  // An enum fact tested by many of the decision's rules says what kind of case this is (the kind
  // of offence, the catalogue row): changing it describes another case, not a change to this one.
  std::map<int, int> tested_by;
  for (int r : rules.RulesConcluding(decision_attribute)) {
    std::set<int> seen;
    ForEachAttribute(rules.rule(r).condition, [&](int a) {
      if (rules.attribute(a).type == AttributeType::kEnum && seen.insert(a).second) ++tested_by[a];
    });
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
    if (c.kind == Candidate::kChoice && tested_by[c.attribute] > kMaxKindTests) continue;
    const auto& current = facts.values[static_cast<std::size_t>(c.attribute)];
    if (!current) continue;
    CaseFacts changed = facts;
    Value v = *current;
    std::string condition;
    if (c.kind == Candidate::kFlip) {
      v.boolean = !v.boolean;
      condition = v.boolean ? a.id : "not " + a.id;
    } else if (c.kind == Candidate::kThreshold) {
      auto across = Across(current->number, c.op, c.limit);
      if (!across) continue;
      v.number = *across;
      condition = Describe(a, v.number, c.limit, c.op);
    } else if (c.kind == Candidate::kChoice) {
      // The value the test names (for `!=`, the value it excludes); nothing to try if it is the
      // current value already, since that cannot change the outcome.
      if (v.enum_index == c.value) continue;
      v.enum_index = c.value;
      condition = a.id + " == \"" + a.values[static_cast<std::size_t>(c.value)].id + "\"";
    } else if (c.kind == Candidate::kDropRecords) {
      // The records that make `no R where W` fail, taken away (the prior offence not there).
      const Expr& where = c.quantifier->children[0];
      std::vector<Record> kept;
      for (const auto& record : v.records) {
        if (Evaluate(where, EvalContext{&outcome.facts(), &rules, outcome.query().date, &record}) != Tri::kTrue) {
          kept.push_back(record);
        }
      }
      if (kept.size() == v.records.size()) continue;
      v.records = std::move(kept);
      condition = c.quantifier->ToString();
    } else {
      // A set member: added when absent, removed when present (all other members kept).
      auto it = std::lower_bound(v.members.begin(), v.members.end(), c.value);
      const std::string member = "\"" + a.values[static_cast<std::size_t>(c.value)].id + "\"";
      if (it != v.members.end() && *it == c.value) {
        v.members.erase(it);
        condition = "not " + a.id + " has " + member;
      } else {
        v.members.insert(it, c.value);
        condition = a.id + " has " + member;
      }
    }
    // The same new value reached through another rule's threshold or window is the same change.
    const std::string key = a.id + "=" + (a.type == AttributeType::kRecords ? DescribeValue(a, v) : ValueToken(a, v));
    if (!tried.insert(key).second) continue;
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
