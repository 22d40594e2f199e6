// RuleIndex: the matching network's alpha layer. For each rule it finds "gates": elementary
// conditions at least one of which must hold for the rule to hold (the conjunct `industry ==
// "C0107"`, the row test `eia2021.r003.applies`, the disjunction of a row's industry-code
// prefixes). Rules are indexed by the attribute and value of their gates, so a case only
// evaluates the rules its facts can make hold: cost grows with the facts given, not with the
// number of rules. A rule without a gate is evaluated for every case.
// Thread-safety: immutable after Build().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "reasoner/expr.h"
#include "reasoner/value.h"

namespace assistant::reasoner {

struct Rule;

class RuleIndex {
 public:
  // `decision_bits` holds, per rule, the decisions it serves (RuleSet::decision_bits).
  static std::shared_ptr<const RuleIndex> Build(const std::vector<Attribute>& attributes,
                                                const std::vector<Rule>& rules,
                                                const std::vector<std::uint64_t>& decision_bits);

  // Rules that are candidates for every case.
  const std::vector<int>& ungated() const { return ungated_; }
  // Attributes that gate at least one rule.
  const std::vector<int>& gating_attributes() const { return gating_; }
  // Whether any rule is gated on `attribute`.
  bool Gates(int attribute) const { return !gates_[static_cast<std::size_t>(attribute)].all.empty(); }
  // The decisions (RuleSet::decision_bits) whose rules are gated on `attribute`: a query that asks
  // none of them can skip the attribute.
  std::uint64_t decision_bits(int attribute) const { return gates_[static_cast<std::size_t>(attribute)].decision_bits; }

  // Calls add(rule) for each rule gated on `attribute` whose gate may hold when the attribute has
  // `value`; nullptr (unknown) yields every rule gated on it. A rule may be yielded twice.
  // `symbol`: for a string attribute, the value's symbol (RuleSet::symbols()), -1 for a text no
  // rule names; ignored for other types.
  template <class Add>
  void ForCandidates(int attribute, const Value* value, int symbol, Add&& add) const;

  // The number of gates found (for tests and the benchmark's report).
  std::size_t gated_rule_count() const { return gated_count_; }

 private:
  struct AttributeGates {
    AttributeType type = AttributeType::kBool;
    std::vector<int> all;                                       // every rule gated on the attribute
    std::vector<std::vector<int>> by_value;                     // enum / set: by value index; string: by symbol
    std::unordered_map<std::string, std::vector<int>> by_key;   // code_set: prefix
    std::vector<int> when_true;                                 // bool
    std::size_t longest_key = 0;                                // code_set: longest indexed prefix
    std::uint64_t decision_bits = 0;
  };

  std::vector<AttributeGates> gates_;
  std::vector<int> ungated_;
  std::vector<int> gating_;
  std::size_t gated_count_ = 0;
};

template <class Add>
void RuleIndex::ForCandidates(int attribute, const Value* value, int symbol, Add&& add) const {
  const AttributeGates& g = gates_[static_cast<std::size_t>(attribute)];
  if (g.all.empty()) return;
  if (value == nullptr) {
    for (int r : g.all) add(r);
    return;
  }
  auto add_all = [&](const std::vector<int>& rules) {
    for (int r : rules) add(r);
  };
  switch (g.type) {
    case AttributeType::kBool:
      if (value->boolean) add_all(g.when_true);
      return;
    case AttributeType::kEnum:
      if (value->enum_index >= 0 && static_cast<std::size_t>(value->enum_index) < g.by_value.size()) {
        add_all(g.by_value[static_cast<std::size_t>(value->enum_index)]);
      }
      return;
    case AttributeType::kSet:
      for (int m : value->members) {
        if (m >= 0 && static_cast<std::size_t>(m) < g.by_value.size()) add_all(g.by_value[static_cast<std::size_t>(m)]);
      }
      return;
    case AttributeType::kString:
      if (symbol >= 0 && static_cast<std::size_t>(symbol) < g.by_value.size()) {
        add_all(g.by_value[static_cast<std::size_t>(symbol)]);
      }
      return;
    case AttributeType::kCodeSet:
      for (const auto& code : value->codes) {
        for (std::size_t n = 1; n <= code.size() && n <= g.longest_key; ++n) {
          auto it = g.by_key.find(code.substr(0, n));
          if (it != g.by_key.end()) add_all(it->second);
        }
      }
      return;
    default:
      add_all(g.all);
  }
}

}  // namespace assistant::reasoner
