// ConditionProgram: every rule's condition compiled into one contiguous array of small nodes, the
// form the engine evaluates on its hot path. A condition tree (Expr) spreads a rule over several
// 240-byte heap nodes; its compiled form is a few 24-byte nodes side by side, so deciding a case
// touches a few cache lines per rule.
//
// Nodes are in prefix order and each records the length of its subtree, so a conjunction walks
// its children by skipping and stops at the first false one. The common leaves (a number against
// a threshold, a flag, an enum value, an interned text) are nodes of their own; anything else (a
// quantifier over records, a comparison between two facts, a named list, a code set) is a node
// that evaluates its Expr. Evaluating a compiled condition gives exactly what Evaluate() gives
// for its Expr (tests/unit/condition_program_test.cc checks this over the real knowledge base).
//
// Thread-safety: immutable after Build().
#pragma once

#include <cstdint>
#include <vector>

#include "reasoner/expr.h"
#include "reasoner/value.h"

namespace assistant::reasoner {

struct EvalContext;
struct Rule;

class ConditionProgram {
 public:
  // Compiles every rule's condition. The program points into `rules`' conditions for the nodes
  // it does not compile: `rules` must outlive it and not move.
  // REQUIRES: the conditions are resolved and their literals interned (RuleSet::Build).
  static ConditionProgram Build(const std::vector<Rule>& rules);

  // The rule's condition, three-valued, against `context`. Without `context.symbols` the texts
  // are compared instead (the same result, slower).
  Tri Evaluate(int rule, const EvalContext& context) const;

  // Nodes in all (for tests and the benchmark's report).
  std::size_t size() const { return nodes_.size(); }

 private:
  enum class Op : std::uint8_t {
    kTrue, kFalse, kAnd, kOr, kNot,
    kTest,         // bool fact is true
    kNumber,       // number or date fact `compare` number
    kEnumEq, kEnumNe,
    kSymbolEq, kSymbolNe, kSymbolIn,  // string fact against interned texts
    kExpr,         // anything else: evaluate the Expr
  };
  struct Node {
    Op op = Op::kTrue;
    CompareOp compare = CompareOp::kEq;  // kNumber
    std::int32_t attribute = -1;
    std::uint32_t size = 1;              // nodes in this subtree, itself included
    std::int32_t symbol = -1;            // kEnum*: value index; kSymbol*: symbol, or pool start for kSymbolIn
    std::int32_t count = 0;              // kSymbolIn: symbols in the pool
    double number = 0;                   // kNumber
    const Expr* expr = nullptr;          // the source: evaluated for kExpr, and without symbols
  };

  void Compile(const Expr& e);
  Tri Run(const Node* node, const EvalContext& context) const;

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> root_;        // per rule: the index of its first node
  std::vector<std::int32_t> symbol_pool_;  // kSymbolIn operands
};

}  // namespace assistant::reasoner
