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

// Lower is more selective: one gate beats a disjunction of gates (any of which lets the rule
// through); a gate on a derived fact beats one on a fact the case gives (derived facts are
// settled by then, mostly false, whereas a fact not given lets every rule gated on it through);
// a value or key gate beats a bool gate.
int Preference(const std::vector<Gate>& gates) {
  if (gates.empty()) return 100;
  return (gates.size() > 1 ? 10 : 0) + (gates.front().derived ? 0 : 3) + (gates.front().is_bool ? 2 : 1);
}

std::vector<Gate> GatesOf(const Expr& e, const std::vector<Attribute>& attributes);

std::vector<Gate> Mark(std::vector<Gate> gates, const std::vector<Attribute>& attributes) {
  for (auto& g : gates) g.derived = attributes[static_cast<std::size_t>(g.attribute)].derived;
  return gates;
}

std::vector<Gate> GatesOf(const Expr& e, const std::vector<Attribute>& attributes) {
  switch (e.kind) {
    case ExprKind::kTest:
      if (e.lhs.field < 0) return Mark({Gate{e.lhs.attribute, -1, "", true, false}}, attributes);
      return {};
    case ExprKind::kCompare: {
      if (e.lhs.field >= 0 || e.literal == LiteralKind::kReference) return {};
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
        case AttributeType::kString:
          if (e.op == CompareOp::kEq) out.push_back(Gate{e.lhs.attribute, -1, e.strings[0], false, false});
          break;
        default: break;
      }
      return Mark(std::move(out), attributes);
    }
    case ExprKind::kAnd: {
      std::vector<Gate> best;
      for (const auto& c : e.children) {
        auto g = GatesOf(c, attributes);
        if (Preference(g) < Preference(best)) best = std::move(g);
      }
      return best;
    }
    case ExprKind::kOr: {
      std::vector<Gate> all;
      for (const auto& c : e.children) {
        auto g = GatesOf(c, attributes);
        if (g.empty()) return {};  // one ungated branch makes the whole disjunction ungated
        all.insert(all.end(), g.begin(), g.end());
      }
      return all;
    }
    default: return {};
  }
}

}  // namespace

std::shared_ptr<const RuleIndex> RuleIndex::Build(const std::vector<Attribute>& attributes,
                                                  const std::vector<Rule>& rules) {
  auto index = std::make_shared<RuleIndex>();
  index->gates_.resize(attributes.size());
  for (std::size_t a = 0; a < attributes.size(); ++a) {
    index->gates_[a].type = attributes[a].type;
    index->gates_[a].by_value.resize(attributes[a].values.size());
  }
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const int rule = static_cast<int>(r);
    auto gates = GatesOf(rules[r].condition, attributes);
    if (gates.empty()) {
      index->ungated_.push_back(rule);
      continue;
    }
    ++index->gated_count_;
    for (const auto& gate : gates) {
      AttributeGates& g = index->gates_[static_cast<std::size_t>(gate.attribute)];
      if (g.all.empty() || g.all.back() != rule) g.all.push_back(rule);
      if (gate.is_bool) {
        g.when_true.push_back(rule);
      } else if (gate.value >= 0) {
        g.by_value[static_cast<std::size_t>(gate.value)].push_back(rule);
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
