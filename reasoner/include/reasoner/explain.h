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
  std::vector<int> reads; // every attribute the condition reads (both sides, records and the facts their `where` reads)
  int list = -1;          // `in_list`: the named list consulted (index into RuleSet::lists())
  // For a condition on a derived fact that failed (why not): why that fact has its value — the
  // conditions of the rule that concluded it or, when no rule held, those on which its rules
  // failed ("首次违法：否" because of the prior offence recorded on 2020-06-01).
  std::vector<ConditionCheck> because;
};

// Why a rule held: the conditions that made it hold and, for each derived fact it used, the
// derivation of that fact.
struct Derivation {
  int rule = -1;
  std::vector<ConditionCheck> matched;
  std::vector<Derivation> premises;
};

Derivation ExplainHolding(const RuleSet& rules, const Outcome& outcome, int rule);

// Why a rule did not hold: for a rule known false, the conditions that failed (a failed condition
// on a derived fact carries why the fact has its value, in `because`); for an open rule, the
// conditions still unknown. For a rule that held but was overridden by an exception, nothing:
// see OverriddenBy().
std::vector<ConditionCheck> ExplainNotHolding(const RuleSet& rules, const Outcome& outcome, int rule);

// The holding rules that override `rule` (those naming it in exception_to), when it held and
// lost to them; empty otherwise. "Why not eligible": the exclusion that overrode the rule.
std::vector<int> OverriddenBy(const RuleSet& rules, const Outcome& outcome, int rule);

// True when a rule failed on the case's own facts, not merely because a derived premise (such as
// "this catalogue row applies") was false. Only such rules are worth showing as "why not".
bool FailedOnFacts(const RuleSet& rules, const Outcome& outcome, int rule);

// How near a rule came to holding: (conditions that failed, conditions still unknown) among its
// top-level conjuncts. Fewer is nearer; "why not" lists the nearest rules first.
std::pair<int, int> Nearness(const RuleSet& rules, const Outcome& outcome, int rule);

// The elementary conditions of `e` that give it the truth value `want_true` in `outcome`: all of
// an `and` (for true), the first true branch of an `or`, and the first false conjunct of an `and`
// (for false). REQUIRES: `e` has that value in `outcome` (otherwise the atoms mean nothing).
void DecidingAtoms(const RuleSet& rules, const Outcome& outcome, const Expr& e, bool want_true,
                   std::vector<const Expr*>& out);

// Readable Chinese text of a derivation, indented two spaces per level.
std::string RenderDerivation(const RuleSet& rules, const Derivation& derivation, int depth = 0);

// Readable Chinese text of checks that did not hold, one "· " line each, with the reasons of a
// failed derived condition indented beneath it.
std::string RenderChecks(const std::vector<ConditionCheck>& checks, int depth);

}  // namespace assistant::reasoner
