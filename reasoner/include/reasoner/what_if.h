// What if: the smallest single changes to the facts that would change a decision, computed by
// deciding again with each candidate change — never written by hand.
//
// Candidates come from the rules themselves: every threshold, yes/no fact and enum test in the
// conditions of the rule that decided (crossing it could unseat the winner) and of the rules
// that would have concluded another value (crossing it could let them hold). A numeric fact is
// moved just across the threshold ("below 5000 head a year"), a yes/no fact is flipped, an enum
// fact takes the value a test names ("in a national development zone"), a set gains the member a
// test names (or loses it when it has it), and a list of records loses the records that make a
// `no … where …` test fail ("without the prior offence of 2020-06-01"). A derived fact defined
// by a few rules (first offence) is looked through to the facts its definition reads.
// Thread-safety: uses its own Session; reentrant.
#pragma once

#include <string>
#include <vector>

#include "reasoner/engine.h"

namespace assistant::reasoner {

struct WhatIfChange {
  int attribute = -1;
  std::string condition;   // the crossing, in rule syntax: "livestock.annual_output_pig_eq < 5000"
  Value changed_value;     // the value that was tried
  DecisionStatus status = DecisionStatus::kDetermined;
  const Value* new_value = nullptr;  // points into the RuleSet (valid with it), nullptr if none
  std::vector<int> because;          // the rules that decide after the change
};

// For decision `decision_attribute` of `outcome` (decided from `facts` and `query`).
std::vector<WhatIfChange> WhatIf(const Engine& engine, const CaseFacts& facts, const Query& query,
                                 const Outcome& outcome, int decision_attribute, std::size_t limit = 8);

}  // namespace assistant::reasoner
