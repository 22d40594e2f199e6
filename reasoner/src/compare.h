// Comparisons shared by the two evaluators of conditions: the tree walk (engine.cc) and the
// compiled program (condition_program.cc), which must agree exactly.
#pragma once

#include "reasoner/expr.h"
#include "reasoner/value.h"

namespace assistant::reasoner {

inline Tri FromBool(bool b) { return b ? Tri::kTrue : Tri::kFalse; }

inline bool CompareNumbers(double fact, CompareOp op, double limit) {
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

}  // namespace assistant::reasoner
