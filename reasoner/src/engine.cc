#include "reasoner/engine.h"

#include <algorithm>
#include <map>
#include <set>

namespace assistant::reasoner {

std::string_view DecisionStatusName(DecisionStatus status) {
  switch (status) {
    case DecisionStatus::kDetermined: return "determined";
    case DecisionStatus::kUndetermined: return "undetermined";
    case DecisionStatus::kConflict: return "conflict";
    case DecisionStatus::kNoRuleInForce: return "no_rule_in_force";
    case DecisionStatus::kNoRuleApplies: return "no_rule_applies";
  }
  return "?";
}

namespace {

Tri FromBool(bool b) { return b ? Tri::kTrue : Tri::kFalse; }

bool CompareNumbers(double fact, CompareOp op, double limit) {
  switch (op) {
    case CompareOp::kLt: return fact < limit;
    case CompareOp::kLe: return fact <= limit;
    case CompareOp::kGt: return fact > limit;
    case CompareOp::kGe: return fact >= limit;
    case CompareOp::kEq: return fact == limit;
    case CompareOp::kNe: return fact != limit;
    default: return false;
  }
}

bool Contains(const std::vector<int>& sorted, int v) {
  return std::binary_search(sorted.begin(), sorted.end(), v);
}

Tri EvaluateCompare(const Expr& e, const Value& v) {
  switch (e.literal) {
    case LiteralKind::kNumber: return FromBool(CompareNumbers(v.number, e.op, e.number));
    case LiteralKind::kBool:
      return FromBool(e.op == CompareOp::kEq ? v.boolean == e.boolean : v.boolean != e.boolean);
    default: break;
  }
  switch (e.op) {
    case CompareOp::kEq:
      return FromBool(!e.value_indices.empty() && v.enum_index == e.value_indices[0]);
    case CompareOp::kNe:
      return FromBool(e.value_indices.empty() || v.enum_index != e.value_indices[0]);
    case CompareOp::kIn:
      return FromBool(std::find(e.value_indices.begin(), e.value_indices.end(), v.enum_index) !=
                      e.value_indices.end());
    case CompareOp::kHas:
      if (!e.value_indices.empty()) return FromBool(Contains(v.members, e.value_indices[0]));
      return FromBool(std::binary_search(v.codes.begin(), v.codes.end(), e.strings[0]));
    case CompareOp::kHasAny:
      for (int want : e.value_indices) {
        if (Contains(v.members, want)) return Tri::kTrue;
      }
      return Tri::kFalse;
    case CompareOp::kHasPrefix:
      for (const auto& code : v.codes) {
        if (code.compare(0, e.strings[0].size(), e.strings[0]) == 0) return Tri::kTrue;
      }
      return Tri::kFalse;
    default: return Tri::kFalse;
  }
}

}  // namespace

Tri Evaluate(const Expr& expr, const std::vector<std::optional<Value>>& facts) {
  switch (expr.kind) {
    case ExprKind::kConst: return FromBool(expr.constant);
    case ExprKind::kSensitive: return Tri::kUnknown;  // never survives compilation
    case ExprKind::kAnd: {
      Tri result = Tri::kTrue;
      for (const auto& c : expr.children) {
        Tri t = Evaluate(c, facts);
        if (t == Tri::kFalse) return Tri::kFalse;
        if (t == Tri::kUnknown) result = Tri::kUnknown;
      }
      return result;
    }
    case ExprKind::kOr: {
      Tri result = Tri::kFalse;
      for (const auto& c : expr.children) {
        Tri t = Evaluate(c, facts);
        if (t == Tri::kTrue) return Tri::kTrue;
        if (t == Tri::kUnknown) result = Tri::kUnknown;
      }
      return result;
    }
    case ExprKind::kNot: {
      Tri t = Evaluate(expr.children[0], facts);
      if (t == Tri::kUnknown) return t;
      return t == Tri::kTrue ? Tri::kFalse : Tri::kTrue;
    }
    case ExprKind::kTest: {
      const auto& v = facts[static_cast<std::size_t>(expr.attribute)];
      if (!v) return Tri::kUnknown;
      return FromBool(v->boolean);
    }
    case ExprKind::kCompare: {
      const auto& v = facts[static_cast<std::size_t>(expr.attribute)];
      if (!v) return Tri::kUnknown;
      return EvaluateCompare(expr, *v);
    }
  }
  return Tri::kUnknown;
}

namespace {

// Everything Decide() builds up for one case.
class Run {
 public:
  Run(const RuleSet& rules, const CaseFacts& facts, const Query& query)
      : rules_(rules), query_(query) {
    const std::size_t n = rules.rules().size();
    out_.facts = facts.values;
    out_.facts.resize(rules.attributes().size());
    for (std::size_t a = 0; a < rules.attributes().size(); ++a) {
      if (rules.attribute(static_cast<int>(a)).derived) out_.facts[a].reset();
    }
    out_.rule_results.assign(n, Tri::kFalse);
    out_.in_force.assign(n, false);
    out_.overridden.assign(n, false);
    settled_.resize(rules.attributes().size());
  }

  Outcome Finish() {
    const auto& agenda = rules_.agenda();
    const auto& settle = rules_.settle_order();
    std::size_t next_settle = 0;
    int current_level = -1;
    auto settle_through = [&](int level) {
      while (next_settle < settle.size() && rules_.level(settle[next_settle]) <= level) {
        Settle(settle[next_settle++]);
      }
    };
    for (int r : agenda) {
      const Rule& rule = rules_.rule(r);
      int level = rules_.level(rule.concludes);
      if (level != current_level) {
        settle_through(level - 1);
        current_level = level;
      }
      auto ur = static_cast<std::size_t>(r);
      out_.in_force[ur] = rule.InForce(query_.date, query_.place);
      out_.rule_results[ur] = out_.in_force[ur] ? Evaluate(rule.condition, out_.facts) : Tri::kFalse;
    }
    settle_through(1 << 30);
    for (int a : rules_.decisions()) {
      Decision d = settled_[static_cast<std::size_t>(a)];
      d.attribute = a;
      if (d.status == DecisionStatus::kUndetermined) d.missing = RankMissing(d.open_rules);
      out_.decisions.push_back(std::move(d));
    }
    return std::move(out_);
  }

 private:
  void Settle(int a) {
    const Attribute& attribute = rules_.attribute(a);
    Decision d;
    d.attribute = a;
    std::vector<int> holding, open;
    bool any_in_force = false;
    for (int r : rules_.RulesConcluding(a)) {
      auto ur = static_cast<std::size_t>(r);
      if (!out_.in_force[ur]) continue;
      any_in_force = true;
      if (out_.rule_results[ur] == Tri::kTrue) holding.push_back(r);
      if (out_.rule_results[ur] == Tri::kUnknown) open.push_back(r);
    }
    auto overrides = [&](int over, int under) {
      const auto& ex = rules_.rule(over).exception_to;
      return std::find(ex.begin(), ex.end(), under) != ex.end();
    };
    std::vector<int> winners;
    for (int h : holding) {
      bool beaten = std::any_of(holding.begin(), holding.end(), [&](int x) { return x != h && overrides(x, h); });
      out_.overridden[static_cast<std::size_t>(h)] = beaten;
      if (!beaten) winners.push_back(h);
    }
    // An open rule matters unless a holding rule overrides it.
    std::vector<int> live_open;
    for (int o : open) {
      bool beaten = std::any_of(holding.begin(), holding.end(), [&](int x) { return overrides(x, o); });
      if (!beaten) live_open.push_back(o);
    }
    auto value_of = [&](int r) { return rules_.rule(r).value; };
    auto apply_default = [&]() {
      if (attribute.default_value) {
        d.status = DecisionStatus::kDetermined;
        d.by_default = true;
        d.value = attribute.type == AttributeType::kBool ? Value::Bool(*attribute.default_value != 0)
                                                         : Value::Enum(*attribute.default_value);
      } else {
        d.status = DecisionStatus::kNoRuleApplies;
      }
    };

    if (!any_in_force) {
      d.status = DecisionStatus::kNoRuleInForce;
    } else if (attribute.combine == Combine::kMax) {
      int best = -1;
      for (int w : winners) best = std::max(best, value_of(w).enum_index);
      for (int o : live_open) {
        bool could_raise = value_of(o).enum_index > best;
        bool could_unseat = std::any_of(winners.begin(), winners.end(), [&](int w) { return overrides(o, w); });
        if (could_raise || could_unseat) d.open_rules.push_back(o);
      }
      if (best >= 0) {
        d.value = Value::Enum(best);
        for (int w : winners) {
          if (value_of(w).enum_index == best) d.because.push_back(w);
        }
      }
      if (!d.open_rules.empty()) {
        d.status = DecisionStatus::kUndetermined;
      } else if (best >= 0) {
        d.status = DecisionStatus::kDetermined;
      } else {
        apply_default();
      }
    } else {
      std::vector<int> distinct;
      for (int w : winners) {
        bool seen = std::any_of(distinct.begin(), distinct.end(), [&](int x) {
          return value_of(x).SameAs(value_of(w), attribute.type);
        });
        if (!seen) distinct.push_back(w);
      }
      if (distinct.size() > 1) {
        d.status = DecisionStatus::kConflict;
        d.conflicting = winners;
      } else {
        for (int o : live_open) {
          bool differs = distinct.empty() || !value_of(o).SameAs(value_of(distinct[0]), attribute.type);
          bool could_unseat = std::any_of(winners.begin(), winners.end(), [&](int w) { return overrides(o, w); });
          if (differs || could_unseat) d.open_rules.push_back(o);
        }
        if (!d.open_rules.empty()) {
          d.status = DecisionStatus::kUndetermined;
          if (!distinct.empty()) d.value = value_of(distinct[0]);
        } else if (!distinct.empty()) {
          d.status = DecisionStatus::kDetermined;
          d.value = value_of(distinct[0]);
          d.because = winners;
        } else {
          apply_default();
        }
      }
    }
    if (d.status == DecisionStatus::kDetermined) out_.facts[static_cast<std::size_t>(a)] = d.value;
    settled_[static_cast<std::size_t>(a)] = std::move(d);
  }

  // The input facts an undecided condition still waits for, following derived facts back to
  // the open rules that would conclude them.
  void CollectUnknown(const Expr& e, std::set<int>& out, std::set<int>& visited_rules) const {
    if (Evaluate(e, out_.facts) != Tri::kUnknown) return;
    if (e.kind == ExprKind::kTest || e.kind == ExprKind::kCompare) {
      const Attribute& a = rules_.attribute(e.attribute);
      if (!a.derived) {
        out.insert(e.attribute);
        return;
      }
      for (int r : settled_[static_cast<std::size_t>(e.attribute)].open_rules) {
        if (visited_rules.insert(r).second) CollectUnknown(rules_.rule(r).condition, out, visited_rules);
      }
      for (int r : rules_.RulesConcluding(e.attribute)) {
        if (out_.rule_results[static_cast<std::size_t>(r)] == Tri::kUnknown && visited_rules.insert(r).second) {
          CollectUnknown(rules_.rule(r).condition, out, visited_rules);
        }
      }
      return;
    }
    for (const auto& c : e.children) CollectUnknown(c, out, visited_rules);
  }

  // First cut of "next question": facts ranked by how many open rules wait for them.
  std::vector<int> RankMissing(const std::vector<int>& open_rules) const {
    std::map<int, int> weight;
    for (int r : open_rules) {
      std::set<int> facts, visited;
      CollectUnknown(rules_.rule(r).condition, facts, visited);
      for (int f : facts) ++weight[f];
    }
    std::vector<int> ranked;
    for (const auto& [attribute, count] : weight) ranked.push_back(attribute);
    std::stable_sort(ranked.begin(), ranked.end(), [&](int x, int y) { return weight[x] > weight[y]; });
    return ranked;
  }

  const RuleSet& rules_;
  const Query& query_;
  Outcome out_;
  std::vector<Decision> settled_;
};

}  // namespace

Outcome Engine::Decide(const CaseFacts& facts, const Query& query) const {
  Run run(*rules_, facts, query);
  return run.Finish();
}

}  // namespace assistant::reasoner
