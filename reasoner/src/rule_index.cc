#include "reasoner/rule_index.h"

#include <algorithm>

#include "reasoner/rule_set.h"

namespace assistant::reasoner {
namespace {

// One gate: attribute plus what must hold of it.
struct Gate {
  int attribute = -1;
  int value = -1;   // enum / set value index
  std::string key;  // string text / code prefix
  bool is_bool = false;
  bool derived = false;  // the attribute is concluded by rules (e.g. "catalogue row N applies")
};

std::vector<Gate> Mark(std::vector<Gate> gates, const std::vector<Attribute>& attributes) {
  for (auto& g : gates) g.derived = attributes[static_cast<std::size_t>(g.attribute)].derived;
  return gates;
}

// The gates of one elementary condition, or none.
std::vector<Gate> AtomGates(const Expr& e, const std::vector<Attribute>& attributes) {
  if (e.kind == ExprKind::kTest) {
    if (e.lhs.field < 0) return Mark({Gate{e.lhs.attribute, -1, "", true, false}}, attributes);
    return {};
  }
  if (e.kind != ExprKind::kCompare || e.lhs.field >= 0 || e.literal == LiteralKind::kReference) return {};
  std::vector<Gate> out;
  switch (e.type) {
    case AttributeType::kEnum:
      if (e.op == CompareOp::kEq || e.op == CompareOp::kIn) {
        for (int v : e.value_indices) out.push_back(Gate{e.lhs.attribute, v, "", false, false});
      }
      break;
    case AttributeType::kSet:
      if (e.op == CompareOp::kHas || e.op == CompareOp::kHasAny) {
        for (int v : e.value_indices) out.push_back(Gate{e.lhs.attribute, v, "", false, false});
      }
      break;
    case AttributeType::kCodeSet:
      if ((e.op == CompareOp::kHasPrefix || e.op == CompareOp::kHas) && !e.strings[0].empty()) {
        out.push_back(Gate{e.lhs.attribute, -1, e.strings[0], false, false});
      }
      break;
    case AttributeType::kString:  // by symbol (RuleSet::Build interns the literals first)
      if (e.op == CompareOp::kEq || e.op == CompareOp::kIn) {
        for (int symbol : e.symbols) out.push_back(Gate{e.lhs.attribute, symbol, "", false, false});
      }
      break;
    default: break;
  }
  return Mark(std::move(out), attributes);
}

// The alternative ways to gate a condition: each option is a set of gates one of which must hold
// for the condition to hold. A conjunction offers each of its conjuncts' options; a disjunction
// offers one option made of a gate from every branch (or none if a branch has no gate).
std::vector<std::vector<Gate>> Options(const Expr& e, const std::vector<Attribute>& attributes) {
  switch (e.kind) {
    case ExprKind::kAnd: {
      std::vector<std::vector<Gate>> all;
      for (const auto& c : e.children) {
        auto sub = Options(c, attributes);
        all.insert(all.end(), sub.begin(), sub.end());
      }
      return all;
    }
    case ExprKind::kOr: {
      std::vector<Gate> merged;
      for (const auto& c : e.children) {
        auto sub = Options(c, attributes);
        if (sub.empty()) return {};  // one ungated branch makes the whole disjunction ungated
        merged.insert(merged.end(), sub.front().begin(), sub.front().end());
      }
      return {merged};
    }
    default: {
      auto gates = AtomGates(e, attributes);
      if (gates.empty()) return {};
      return {gates};
    }
  }
}

std::string KeyOf(const Gate& g) {
  return std::to_string(g.attribute) + (g.is_bool ? "#t" : g.value >= 0 ? "#" + std::to_string(g.value) : "=" + g.key);
}

}  // namespace

std::shared_ptr<const RuleIndex> RuleIndex::Build(const std::vector<Attribute>& attributes,
                                                  const std::vector<Rule>& rules,
                                                  const std::vector<std::uint64_t>& decision_bits) {
  auto index = std::make_shared<RuleIndex>();
  index->gates_.resize(attributes.size());
  for (std::size_t a = 0; a < attributes.size(); ++a) {
    index->gates_[a].type = attributes[a].type;
    index->gates_[a].by_value.resize(attributes[a].values.size());
  }
  // Choose, for each rule, the option through which the fewest rules pass: the expected work is
  // the number of rules sharing the gate's key, and a gate on a fact the case gives costs more
  // than one on a derived fact (derived facts are settled by then; a given fact may be unknown,
  // which lets every rule gated on it through).
  std::vector<std::vector<std::vector<Gate>>> options(rules.size());
  std::unordered_map<std::string, int> sharing;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    options[r] = Options(rules[r].condition, attributes);
    for (const auto& option : options[r]) {
      for (const auto& g : option) ++sharing[KeyOf(g)];
    }
  }
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const int rule = static_cast<int>(r);
    const std::vector<Gate>* best = nullptr;
    double best_cost = 0;
    for (const auto& option : options[r]) {
      double cost = 0;
      for (const auto& g : option) cost += sharing[KeyOf(g)] * (g.derived ? 1.0 : 4.0);
      if (!best || cost < best_cost) {
        best = &option;
        best_cost = cost;
      }
    }
    if (!best) {
      index->ungated_.push_back(rule);
      continue;
    }
    const auto& gates = *best;
    ++index->gated_count_;
    for (const auto& gate : gates) {
      AttributeGates& g = index->gates_[static_cast<std::size_t>(gate.attribute)];
      if (g.all.empty() || g.all.back() != rule) g.all.push_back(rule);
      g.decision_bits |= decision_bits[r];
      if (gate.is_bool) {
        g.when_true.push_back(rule);
      } else if (gate.value >= 0) {
        const auto v = static_cast<std::size_t>(gate.value);
        if (g.by_value.size() <= v) g.by_value.resize(v + 1);  // string symbols: not known up front
        g.by_value[v].push_back(rule);
      } else {
        g.by_key[gate.key].push_back(rule);
        g.longest_key = std::max(g.longest_key, gate.key.size());
      }
    }
  }
  for (std::size_t a = 0; a < attributes.size(); ++a) {
    if (!index->gates_[a].all.empty()) index->gating_.push_back(static_cast<int>(a));
  }
  return index;
}

}  // namespace assistant::reasoner

