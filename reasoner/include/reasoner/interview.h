// The interview: which question to ask next so that a kiosk user answers the fewest.
//
// For an undetermined decision, missing facts are scored by one step of look-ahead: the decision
// is decided again under each answer the fact can take (answer_space.h: each yes/no, each
// choice, a value in every interval the rules' thresholds cut, a sample of the codes the rules
// test, …). Order:
//   1. the share of answers after which the decision is settled, largest first: a fact that
//      decides the outcome whatever its value comes before one that matters only in some branches;
//   2. selectors next: facts whose answers leave, on average, fewer than half of the decision's
//      open rules open (the industry code picks the catalogue row, the kind of offence picks the
//      list entries), so the questions that follow are the ones that row or entry needs;
//   3. the cheaper question (`ask_cost` in the vocabulary);
//   4. the order of Decision::missing (how many of the decision's open rules wait for each fact).
// Only the facts the most open rules read, then facts in the order of `missing` within a budget
// of answers, are looked ahead on (a few hundred decisions at most per question); the others,
// and facts with no answers to try (a date compared only with another date), keep their order
// after them. docs/benchmark.md measures the interview over the golden cases.
// Thread-safety: uses its own Session; reentrant.
#pragma once

#include <vector>

#include "reasoner/engine.h"

namespace assistant::reasoner {

struct RankedQuestion {
  int attribute = -1;
  int answers_tried = 0;     // how many possible answers were looked ahead (0: not looked ahead)
  int answers_settling = 0;  // after how many of them the decision is settled
  double open_after = 0;     // rules of the decision still open after an answer, on average
  int reach = 0;             // open rules of the decision that read the fact directly
};

// The missing facts of `decision_attribute` in `outcome` (decided from `facts` and `query`), best
// question first. Empty unless the decision is undetermined.
std::vector<RankedQuestion> RankQuestions(const Engine& engine, const CaseFacts& facts, const Query& query,
                                          const Outcome& outcome, int decision_attribute);

}  // namespace assistant::reasoner
