#include "reasoner/engine.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "compare.h"
#include "reasoner/rule_index.h"

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

std::string_view FactSourceName(FactSource source) {
  switch (source) {
    case FactSource::kDeclared: return "declared";
    case FactSource::kChecked: return "checked";
  }
  return "?";
}

// ---- condition evaluation ------------------------------------------------------------------

namespace {

bool Contains(const std::vector<int>& sorted, int v) { return std::binary_search(sorted.begin(), sorted.end(), v); }

const Attribute& Definition(const Operand& o, const RuleSet& rules) {
  const Attribute& a = rules.attribute(o.attribute);
  return o.field >= 0 ? a.fields[static_cast<std::size_t>(o.field)] : a;
}

const Value* Lookup(const Operand& o, const EvalContext& c) {
  if (o.field >= 0) {
    if (!c.record || static_cast<std::size_t>(o.field) >= c.record->known.size() ||
        !c.record->known[static_cast<std::size_t>(o.field)]) {
      return nullptr;
    }
    return &c.record->values[static_cast<std::size_t>(o.field)];
  }
  return (*c.facts)[static_cast<std::size_t>(o.attribute)];
}

// Enum values and strings compare by their id text across different attributes.
const std::string& IdText(const Attribute& a, const Value& v) {
  static const std::string kNone;
  if (a.type == AttributeType::kEnum) {
    return v.enum_index >= 0 ? a.values[static_cast<std::size_t>(v.enum_index)].id : kNone;
  }
  return v.text;
}

Tri CompareReference(const Expr& e, const Value& left, const EvalContext& c) {
  const Value* right = Lookup(e.rhs, c);
  if (!right) return Tri::kUnknown;
  if (e.type == AttributeType::kNumber || e.type == AttributeType::kDate) {
    return FromBool(CompareNumbers(left.number, e.op, AddOffset(right->number, e.offset, e.unit)));
  }
  bool same = IdText(Definition(e.lhs, *c.rules), left) == IdText(Definition(e.rhs, *c.rules), *right);
  return FromBool(e.op == CompareOp::kEq ? same : !same);
}

Tri EvaluateCompare(const Expr& e, const Value& v, const EvalContext& c) {
  if (e.literal == LiteralKind::kReference) return CompareReference(e, v, c);
  switch (e.type) {
    case AttributeType::kNumber:
    case AttributeType::kDate: return FromBool(CompareNumbers(v.number, e.op, e.number));
    case AttributeType::kBool: return FromBool(e.op == CompareOp::kEq ? v.boolean == e.boolean : v.boolean != e.boolean);
    case AttributeType::kEnum:
      switch (e.op) {
        case CompareOp::kEq: return FromBool(v.enum_index == e.value_indices[0]);
        case CompareOp::kNe: return FromBool(v.enum_index != e.value_indices[0]);
        case CompareOp::kIn:
          return FromBool(std::find(e.value_indices.begin(), e.value_indices.end(), v.enum_index) != e.value_indices.end());
        default: return Tri::kFalse;
      }
    case AttributeType::kSet:
      if (e.op == CompareOp::kHas) return FromBool(Contains(v.members, e.value_indices[0]));
      for (int want : e.value_indices) {
        if (Contains(v.members, want)) return Tri::kTrue;
      }
      return Tri::kFalse;
    case AttributeType::kCodeSet:
      if (e.op == CompareOp::kHas) return FromBool(std::binary_search(v.codes.begin(), v.codes.end(), e.strings[0]));
      for (const auto& code : v.codes) {
        if (code.compare(0, e.strings[0].size(), e.strings[0]) == 0) return Tri::kTrue;
      }
      return Tri::kFalse;
    case AttributeType::kString:
      if (e.op == CompareOp::kInList) {
        return FromBool(c.rules->lists()[static_cast<std::size_t>(e.list)].Contains(v.text, c.day));
      }
      if (e.op == CompareOp::kIn) return FromBool(std::find(e.strings.begin(), e.strings.end(), v.text) != e.strings.end());
      return FromBool(e.op == CompareOp::kEq ? v.text == e.strings[0] : v.text != e.strings[0]);
    case AttributeType::kRecords: return Tri::kUnknown;
  }
  return Tri::kUnknown;
}

}  // namespace

Tri Evaluate(const Expr& expr, const EvalContext& c) {
  switch (expr.kind) {
    case ExprKind::kConst: return FromBool(expr.constant);
    case ExprKind::kSensitive: return Tri::kUnknown;  // never survives compilation
    case ExprKind::kAnd: {
      Tri result = Tri::kTrue;
      for (const auto& child : expr.children) {
        Tri t = Evaluate(child, c);
        if (t == Tri::kFalse) return Tri::kFalse;
        if (t == Tri::kUnknown) result = Tri::kUnknown;
      }
      return result;
    }
    case ExprKind::kOr: {
      Tri result = Tri::kFalse;
      for (const auto& child : expr.children) {
        Tri t = Evaluate(child, c);
        if (t == Tri::kTrue) return Tri::kTrue;
        if (t == Tri::kUnknown) result = Tri::kUnknown;
      }
      return result;
    }
    case ExprKind::kNot: {
      Tri t = Evaluate(expr.children[0], c);
      if (t == Tri::kUnknown) return t;
      return t == Tri::kTrue ? Tri::kFalse : Tri::kTrue;
    }
    case ExprKind::kTest: {
      const Value* v = Lookup(expr.lhs, c);
      return v ? FromBool(v->boolean) : Tri::kUnknown;
    }
    case ExprKind::kCompare: {
      const Value* v = Lookup(expr.lhs, c);
      return v ? EvaluateCompare(expr, *v, c) : Tri::kUnknown;
    }
    case ExprKind::kQuantifier: {
      const Value* v = Lookup(expr.lhs, c);
      if (!v) return Tri::kUnknown;
      Tri any = Tri::kFalse;
      EvalContext inner = c;
      for (const auto& record : v->records) {
        inner.record = &record;
        Tri t = Evaluate(expr.children[0], inner);
        if (t == Tri::kTrue) {
          any = Tri::kTrue;
          break;
        }
        if (t == Tri::kUnknown) any = Tri::kUnknown;
      }
      if (!expr.negated || any == Tri::kUnknown) return any;
      return any == Tri::kTrue ? Tri::kFalse : Tri::kTrue;
    }
  }
  return Tri::kUnknown;
}

bool Outcome::in_force(int rule) const {
  if (Fresh(rule)) return in_force_[Index(rule)] != 0;
  return rules_->rule(rule).InForce(query_.date, query_.place);
}

Tri Outcome::Evaluate(const Expr& expr) const {
  return reasoner::Evaluate(expr, EvalContext{&facts_, rules_, query_.date, nullptr});
}

// ---- the session: working memory, agenda, settling ------------------------------------------

struct Session::State {
  explicit State(const Engine& e) : State(e.rules()) {}
  explicit State(const RuleSet& rule_set) : rules(rule_set) {
    const std::size_t n_rules = rules.rules().size();
    const std::size_t n_attributes = rules.attributes().size();
    out.rules_ = &rules;
    out.stamp_.assign(n_rules, 0);
    out.result_.assign(n_rules, 0);
    out.in_force_.assign(n_rules, 0);
    out.overridden_.assign(n_rules, 0);
    out.facts_.assign(n_attributes, nullptr);
    candidate_stamp.assign(n_rules, 0);
    buckets.assign(static_cast<std::size_t>(rules.max_level()) + 1, {});
    evaluated_by.assign(n_attributes, {});
    evaluated_stamp.assign(n_attributes, 0);
    settled.assign(n_attributes, {});
    symbol_of.assign(n_attributes, -1);
    computed.assign(n_attributes, {});
    defaults.assign(n_attributes, {});
    for (std::size_t a = 0; a < n_attributes; ++a) {
      const Attribute& attr = rules.attribute(static_cast<int>(a));
      if (!attr.default_value && attr.type != AttributeType::kSet) continue;
      if (attr.type == AttributeType::kBool) {
        defaults[a] = Value::Bool(attr.default_value && *attr.default_value != 0);
      } else if (attr.type == AttributeType::kEnum) {
        defaults[a] = Value::Enum(*attr.default_value);
      }  // sets default to the empty set
    }
    // Jurisdictions are few: intern them so the per-rule check is an index.
    std::map<std::string, int> ids;
    jurisdiction_of.resize(n_rules);
    for (std::size_t r = 0; r < n_rules; ++r) {
      const std::string& j = rules.rules()[r].jurisdiction;
      auto it = ids.emplace(j, static_cast<int>(jurisdictions.size())).first;
      if (it->second == static_cast<int>(jurisdictions.size())) jurisdictions.push_back(j);
      jurisdiction_of[r] = it->second;
    }
    place_ok.assign(jurisdictions.size(), 0);
    derived.resize(n_attributes);
    for (std::size_t a = 0; a < n_attributes; ++a) derived[a] = rules.attribute(static_cast<int>(a)).derived;
    rule_level.resize(n_rules);
    has_exceptions.assign(n_attributes, 0);
    for (std::size_t r = 0; r < n_rules; ++r) {
      const Rule& rule = rules.rules()[r];
      rule_level[r] = rules.level(rule.concludes);
      if (!rule.exception_to.empty()) has_exceptions[static_cast<std::size_t>(rule.concludes)] = 1;
    }
  }

  const Outcome& Run(const CaseFacts& facts, const Query& query) {
    if (++out.epoch_ == 0) {  // wrapped: forget every stamp
      std::fill(out.stamp_.begin(), out.stamp_.end(), 0);
      std::fill(candidate_stamp.begin(), candidate_stamp.end(), 0);
      std::fill(evaluated_stamp.begin(), evaluated_stamp.end(), 0);
      out.epoch_ = 1;
    }
    epoch = out.epoch_;
    out.query_ = query;
    out.given_ = &facts;
    if (query.place != place) {
      place = query.place;
      Rule probe;
      for (std::size_t j = 0; j < jurisdictions.size(); ++j) {
        probe.jurisdiction = jurisdictions[j];
        place_ok[j] = probe.InForce(query.date, place);
      }
    }
    asked = 0;
    if (query.decisions.empty()) {
      asked = ~std::uint64_t{0};
    } else {
      const auto& all = rules.decisions();
      for (int d : query.decisions) {
        auto it = std::find(all.begin(), all.end(), d);
        std::size_t position = static_cast<std::size_t>(it - all.begin());
        asked |= position < 64 ? (std::uint64_t{1} << position) : ~std::uint64_t{0};
      }
    }
    for (std::size_t a = 0; a < out.facts_.size(); ++a) {
      out.facts_[a] = (!derived[a] && a < facts.values.size() && facts.values[a]) ? &*facts.values[a] : nullptr;
    }
    for (int a : rules.symbols().attributes()) NoteSymbol(a);
    for (auto& b : buckets) b.clear();

    const RuleIndex& index = rules.index();
    for (int r : index.ungated()) AddCandidate(r);
    for (int a : index.gating_attributes()) {
      if (rules.level(a) == 0 && (index.decision_bits(a) & asked) != 0) {
        index.ForCandidates(a, out.facts_[static_cast<std::size_t>(a)], symbol_of[static_cast<std::size_t>(a)],
                            [this](int r) { AddCandidate(r); });
      }
    }
    for (int level = 1; level <= rules.max_level(); ++level) {
      auto& bucket = buckets[static_cast<std::size_t>(level)];
      std::sort(bucket.begin(), bucket.end(), [this](int x, int y) { return rules.rank(x) < rules.rank(y); });
      for (int r : bucket) Fire(r);
      for (int a : rules.AttributesAtLevel(level)) {
        if ((rules.attribute_decision_bits(a) & asked) == 0) continue;  // serves no decision asked
        Settle(a);
        if (rules.symbols().count(a) > 0) NoteSymbol(a);
        if (index.Gates(a) && (index.decision_bits(a) & asked) != 0) {
          index.ForCandidates(a, out.facts_[static_cast<std::size_t>(a)], symbol_of[static_cast<std::size_t>(a)],
                              [this](int r) { AddCandidate(r); });
        }
      }
    }
    // Copy-assign into the Decisions kept from the last case: their vectors keep their capacity.
    std::size_t count = 0;
    for (std::size_t position = 0; position < rules.decisions().size(); ++position) {
      if (!Asked(position)) continue;
      int a = rules.decisions()[position];
      if (out.decisions_.size() <= count) {  // reuse a Decision put aside, with its vectors' capacity
        if (spare.empty()) {
          out.decisions_.emplace_back();
        } else {
          out.decisions_.push_back(std::move(spare.back()));
          spare.pop_back();
        }
      }
      Decision& d = out.decisions_[count++];
      std::swap(d, settled[static_cast<std::size_t>(a)]);  // both keep their vectors' capacity
      d.attribute = a;
      if (d.status == DecisionStatus::kUndetermined && rank_missing) d.missing = RankMissing(d.open_rules);
    }
    while (out.decisions_.size() > count) {  // a smaller query than the last: keep the rest aside
      spare.push_back(std::move(out.decisions_.back()));
      out.decisions_.pop_back();
    }
    for (auto& d : out.decisions_) d.rules_of = query.date;
    CompareLaterRules(facts, query);
    return out;
  }

  // 行政处罚法 第三十七条: an act is judged by the rules in force when it happened, unless the
  // rules in force when the decision is made are lighter. Decides again under the later rules
  // (in a second working memory) and keeps the lighter determined value.
  void CompareLaterRules(const CaseFacts& facts, const Query& query) {
    if (!query.decided_on || *query.decided_on <= query.date) return;
    for (auto& d : out.decisions_) {
      const Attribute& a = rules.attribute(d.attribute);
      if (a.later_lighter_rule.empty()) continue;
      if (!later) later = std::make_unique<State>(rules);
      Query at_decision{*query.decided_on, query.place, {d.attribute}, std::nullopt};
      const Outcome& other = later->Run(facts, at_decision);
      d.later_rules_compared = true;
      const Decision& o = other.decisions().front();
      const bool lighter = o.status == DecisionStatus::kDetermined && o.value &&
                           (d.status != DecisionStatus::kDetermined || !d.value ||
                            o.value->enum_index < d.value->enum_index);
      const bool then_unsettled = d.status == DecisionStatus::kNoRuleInForce;
      if (lighter && (d.status == DecisionStatus::kDetermined || then_unsettled)) {
        d = o;
        d.rules_of = *query.decided_on;
        d.later_rules_lighter = true;
        d.later_rules_compared = true;
      }
    }
  }

  // Looks a string fact up among the texts rules name, once per case.
  void NoteSymbol(int a) {
    const Value* v = out.facts_[static_cast<std::size_t>(a)];
    symbol_of[static_cast<std::size_t>(a)] = v ? rules.symbols().Find(a, v->text) : -1;
  }

  bool Asked(std::size_t position) const {
    return position >= 64 ? asked == ~std::uint64_t{0} : ((asked >> position) & 1) != 0;
  }

  void AddCandidate(int r) {
    auto ur = static_cast<std::size_t>(r);
    if (candidate_stamp[ur] == epoch) return;
    if ((rules.decision_bits(r) & asked) == 0) return;
    candidate_stamp[ur] = epoch;
    buckets[static_cast<std::size_t>(rule_level[ur])].push_back(r);
  }

  void Fire(int r) {
    auto ur = static_cast<std::size_t>(r);
    const Rule& rule = rules.rule(r);
    out.stamp_[ur] = epoch;
    out.overridden_[ur] = 0;
    const bool in_force = place_ok[static_cast<std::size_t>(jurisdiction_of[ur])] && rule.in_force.Contains(out.query_.date);
    out.in_force_[ur] = in_force;
    out.result_[ur] = static_cast<std::uint8_t>(
        in_force ? rules.program().Evaluate(r, EvalContext{&out.facts_, &rules, out.query_.date, nullptr, &symbol_of})
                 : Tri::kFalse);
    auto ua = static_cast<std::size_t>(rule.concludes);
    if (evaluated_stamp[ua] != epoch) {
      evaluated_stamp[ua] = epoch;
      evaluated_by[ua].clear();
    }
    evaluated_by[ua].push_back(r);
  }

  bool Overrides(int over, int under) const {
    const auto& ex = rules.rule(over).exception_to;
    return std::find(ex.begin(), ex.end(), under) != ex.end();
  }

  void Settle(int a) {
    auto ua = static_cast<std::size_t>(a);
    const Attribute& attribute = rules.attribute(a);
    Decision& d = settled[ua];
    d.status = DecisionStatus::kUndetermined;
    d.value = nullptr;
    d.because.clear();
    d.by_default = false;
    d.open_rules.clear();
    d.conflicting.clear();
    d.missing.clear();
    const bool touched = evaluated_stamp[ua] == epoch;
    if (!touched && !attribute.decision) {  // no candidate rule: every rule is false
      ApplyDefault(a, d);
      return;
    }
    holding.clear();
    open.clear();
    bool any_in_force = false;
    if (touched) {
      for (int r : evaluated_by[ua]) {
        auto ur = static_cast<std::size_t>(r);
        if (!out.in_force_[ur]) continue;
        any_in_force = true;
        if (out.result_[ur] == static_cast<std::uint8_t>(Tri::kTrue)) holding.push_back(r);
        if (out.result_[ur] == static_cast<std::uint8_t>(Tri::kUnknown)) open.push_back(r);
      }
    }
    if (!any_in_force) {
      for (int r : rules.RulesConcluding(a)) {
        if (place_ok[static_cast<std::size_t>(jurisdiction_of[static_cast<std::size_t>(r)])] &&
            rules.rule(r).in_force.Contains(out.query_.date)) {
          any_in_force = true;
          break;
        }
      }
    }
    if (!any_in_force) {
      d.status = DecisionStatus::kNoRuleInForce;
      out.facts_[ua] = nullptr;
      return;
    }
    // In the common case nothing can be overridden: every holding rule is a winner.
    const bool exceptions = has_exceptions[ua] != 0;
    if (exceptions) {
      unbeaten.clear();
      unbeaten_open.clear();
      for (int h : holding) {
        bool beaten = std::any_of(holding.begin(), holding.end(), [&](int x) { return x != h && Overrides(x, h); });
        out.overridden_[static_cast<std::size_t>(h)] = beaten;
        if (!beaten) unbeaten.push_back(h);
      }
      for (int o : open) {
        bool beaten = std::any_of(holding.begin(), holding.end(), [&](int x) { return Overrides(x, o); });
        if (!beaten) unbeaten_open.push_back(o);
      }
    }
    const std::vector<int>& winners = exceptions ? unbeaten : holding;
    const std::vector<int>& live_open = exceptions ? unbeaten_open : open;
    auto value_of = [&](int r) -> const Value& { return rules.rule(r).value; };
    auto unseats = [&](int o) {
      return exceptions && std::any_of(winners.begin(), winners.end(), [&](int w) { return Overrides(o, w); });
    };
    const Value* result = nullptr;
    switch (attribute.combine) {
      case Combine::kMax: {
        int best = -1;
        for (int w : winners) best = std::max(best, value_of(w).enum_index);
        for (int o : live_open) {
          if (value_of(o).enum_index > best || unseats(o)) d.open_rules.push_back(o);
        }
        for (int w : winners) {
          if (value_of(w).enum_index == best) {
            d.because.push_back(w);
            if (!result) result = &value_of(w);
          }
        }
        break;
      }
      case Combine::kPriority: {
        int best = -1;
        for (int w : winners) {
          if (best < 0 || rules.rule(w).priority > rules.rule(best).priority) best = w;
        }
        for (int w : winners) {
          if (best >= 0 && w != best && rules.rule(w).priority == rules.rule(best).priority &&
              !value_of(w).SameAs(value_of(best), attribute.type)) {
            d.conflicting = {best, w};
          }
        }
        for (int o : live_open) {
          if (best < 0 || rules.rule(o).priority > rules.rule(best).priority || unseats(o)) d.open_rules.push_back(o);
        }
        if (best >= 0) {
          d.because.push_back(best);
          result = &value_of(best);
        }
        break;
      }
      case Combine::kUnion: {
        Value& merged = computed[ua];
        merged.members.clear();
        for (int w : winners) {
          merged.members.insert(merged.members.end(), value_of(w).members.begin(), value_of(w).members.end());
          d.because.push_back(w);
        }
        std::sort(merged.members.begin(), merged.members.end());
        merged.members.erase(std::unique(merged.members.begin(), merged.members.end()), merged.members.end());
        for (int o : live_open) {
          bool adds = std::any_of(value_of(o).members.begin(), value_of(o).members.end(),
                                  [&](int m) { return !std::binary_search(merged.members.begin(), merged.members.end(), m); });
          if (adds || unseats(o)) d.open_rules.push_back(o);
        }
        if (!winners.empty()) result = &merged;
        break;
      }
      case Combine::kUnique: {
        for (int w : winners) {
          if (!result) {
            result = &value_of(w);
          } else if (!value_of(w).SameAs(*result, attribute.type)) {
            d.conflicting = winners;
          }
        }
        for (int o : live_open) {
          if (!result || !value_of(o).SameAs(*result, attribute.type) || unseats(o)) d.open_rules.push_back(o);
        }
        if (result) d.because = winners;
        break;
      }
    }
    d.value = result;
    if (!d.conflicting.empty()) {
      d.status = DecisionStatus::kConflict;
      d.value = nullptr;
      out.facts_[ua] = nullptr;
    } else if (!d.open_rules.empty()) {
      d.status = DecisionStatus::kUndetermined;
      out.facts_[ua] = nullptr;
    } else if (result) {
      d.status = DecisionStatus::kDetermined;
      out.facts_[ua] = result;
    } else {
      ApplyDefault(a, d);
    }
  }

  void ApplyDefault(int a, Decision& d) {
    auto ua = static_cast<std::size_t>(a);
    const Attribute& attribute = rules.attribute(a);
    if (attribute.default_value || attribute.type == AttributeType::kSet) {
      d.status = DecisionStatus::kDetermined;
      d.by_default = true;
      d.value = &defaults[ua];
      out.facts_[ua] = &defaults[ua];
    } else {
      d.status = DecisionStatus::kNoRuleApplies;
      out.facts_[ua] = nullptr;
    }
  }

  // The input facts an undecided condition still waits for, following derived facts back to
  // the open rules that would conclude them.
  void CollectUnknown(const Expr& e, std::set<int>& found, std::set<int>& visited) const {
    if (out.Evaluate(e) != Tri::kUnknown) return;
    if (e.kind == ExprKind::kTest || e.kind == ExprKind::kCompare || e.kind == ExprKind::kQuantifier) {
      std::vector<const Operand*> operands = {&e.lhs};
      if (e.literal == LiteralKind::kReference) operands.push_back(&e.rhs);
      for (const Operand* o : operands) {
        if (o->attribute < 0) continue;
        if (o->field < 0 && out.facts_[static_cast<std::size_t>(o->attribute)] != nullptr) continue;
        const Attribute& a = rules.attribute(o->attribute);
        if (!a.derived) {
          found.insert(o->attribute);
          continue;
        }
        for (int r : rules.RulesConcluding(o->attribute)) {
          if (out.result(r) == Tri::kUnknown && visited.insert(r).second) CollectUnknown(rules.rule(r).condition, found, visited);
        }
      }
      if (e.kind != ExprKind::kQuantifier) return;
    }
    for (const auto& c : e.children) CollectUnknown(c, found, visited);
  }

  // First cut of "next question": facts ranked by how many open rules wait for them.
  std::vector<int> RankMissing(const std::vector<int>& open_rules) const {
    std::map<int, int> weight;
    for (int r : open_rules) {
      std::set<int> found, visited;
      CollectUnknown(rules.rule(r).condition, found, visited);
      for (int f : found) ++weight[f];
    }
    std::vector<int> ranked;
    for (const auto& [attribute, count] : weight) ranked.push_back(attribute);
    std::stable_sort(ranked.begin(), ranked.end(), [&](int x, int y) { return weight.at(x) > weight.at(y); });
    return ranked;
  }

  const RuleSet& rules;
  Outcome out;
  std::uint32_t epoch = 0;
  std::uint64_t asked = 0;
  std::string place = "\x01";  // no place yet
  std::vector<std::uint32_t> candidate_stamp;
  std::vector<std::vector<int>> buckets;        // candidates by stratum
  std::vector<std::vector<int>> evaluated_by;   // per attribute: rules evaluated this case
  std::vector<std::uint32_t> evaluated_stamp;
  std::vector<Decision> settled;
  std::vector<Decision> spare;                  // Decisions of earlier, larger queries, for reuse
  std::vector<int> symbol_of;                   // per attribute: the fact's symbol this case (SymbolTable)
  std::vector<Value> computed;                  // union values
  std::vector<Value> defaults;
  std::vector<std::string> jurisdictions;
  std::vector<int> jurisdiction_of;
  std::vector<std::uint8_t> place_ok;
  std::vector<int> holding, open, unbeaten, unbeaten_open;
  std::vector<char> derived;         // per attribute: concluded by rules (never taken from the case)
  std::vector<int> rule_level;       // per rule: the stratum it fires in
  std::vector<char> has_exceptions;  // per attribute: some rule concluding it names exceptions
  std::unique_ptr<State> later;      // working memory for the rules of the day of decision
  bool rank_missing = true;
};

Session::Session(const Engine& engine) : state_(std::make_unique<State>(engine)) {}
Session::~Session() = default;

void Session::set_rank_missing(bool on) { state_->rank_missing = on; }

const Outcome& Session::Decide(const CaseFacts& facts, const Query& query) {
  return state_->Run(facts, query);
}

Outcome Engine::Decide(const CaseFacts& facts, const Query& query) const {
  // The copy's decision values point into the session's storage: keep it alive with the copy.
  auto state = std::make_shared<Session::State>(*this);
  Outcome copy = state->Run(facts, query);
  copy.keep_alive_ = state;
  return copy;
}

}  // namespace assistant::reasoner
