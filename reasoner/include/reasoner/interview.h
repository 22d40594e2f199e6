// The interview: which question to ask next so that a kiosk user answers the fewest.
//
// For an undetermined decision, every missing fact is scored by one step of look-ahead: the
// decision is decided again under each answer the fact can take (each yes/no, each choice, a
// value in every interval the rules' thresholds cut, none-of or each single area of a set), and
// the fact that settles the decision under the most answers comes first. A fact that settles it
// whatever the answer beats one that only matters in some branches; ties go to the fact more
// open rules wait for, then to the cheaper question (`ask_cost` in the vocabulary), then to the
// declaration order. Only the dozen facts most open rules wait for are looked ahead on; the
// rest follow in that order.
// Thread-safety: uses its own Session; reentrant.
#pragma once

#include <vector>

#include "reasoner/engine.h"

namespace assistant::reasoner {

struct RankedQuestion {
  int attribute = -1;
  int answers_tried = 0;    // how many possible answers were looked ahead
  int answers_settling = 0; // after how many of them the decision is determined
};

// The missing facts of `decision_attribute` in `outcome`, best question first.
std::vector<RankedQuestion> RankQuestions(const Engine& engine, const CaseFacts& facts, const Query& query,
                                          const Outcome& outcome, int decision_attribute);

}  // namespace assistant::reasoner
