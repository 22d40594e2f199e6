// Explanations of an Outcome: why a rule held (its proof tree) and why one did not (the
// conditions that failed or are still unknown). Produced as data; the server renders JSON and
// the text renderers here give readable Chinese.
// Thread-safety: pure functions over immutable inputs.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "reasoner/engine.h"

namespace assistant::reasoner {

// One elementary condition as it was checked against the case.
struct ConditionCheck {
  int attribute = -1;     // -1 for a constant (全部 / 其他)
  std::string condition;  // in rule syntax: livestock.annual_output_pig_eq >= 5000
  std::string fact;       // the fact's value as people read it, or "未知"
  Tri result = Tri::kUnknown;
  std::string text;       // one readable Chinese sentence
};

// Why a rule held: the conditions that made it hold and, for each derived fact it used, the
// derivation of that fact.
struct Derivation {
  int rule = -1;
  std::vector<ConditionCheck> matched;
  std::vector<Derivation> premises;
};

Derivation ExplainHolding(const RuleSet& rules, const Outcome& outcome, int rule);

// Why a rule did not hold: for a rule known false, the conditions that failed; for an open rule,
// the conditions still unknown.
std::vector<ConditionCheck> ExplainNotHolding(const RuleSet& rules, const Outcome& outcome, int rule);

// True when a rule failed on the case's own facts, not merely because a derived premise (such as
// "this catalogue row applies") was false. Only such rules are worth showing as "why not".
bool FailedOnFacts(const RuleSet& rules, const Outcome& outcome, int rule);

// How near a rule came to holding: (conditions that failed, conditions still unknown) among its
// top-level conjuncts. Fewer is nearer; "why not" lists the nearest rules first.
std::pair<int, int> Nearness(const RuleSet& rules, const Outcome& outcome, int rule);

// Readable Chinese text of a derivation, indented two spaces per level.
std::string RenderDerivation(const RuleSet& rules, const Derivation& derivation, int depth = 0);

}  // namespace assistant::reasoner
