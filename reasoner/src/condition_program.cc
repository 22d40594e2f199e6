#include "reasoner/condition_program.h"

#include <algorithm>

#include "compare.h"
#include "reasoner/engine.h"
#include "reasoner/rule_set.h"

namespace assistant::reasoner {

ConditionProgram ConditionProgram::Build(const std::vector<Rule>& rules) {
  ConditionProgram program;
  program.root_.reserve(rules.size());
  for (const Rule& rule : rules) {
    program.root_.push_back(static_cast<std::uint32_t>(program.nodes_.size()));
    program.Compile(rule.condition);
  }
  program.nodes_.shrink_to_fit();
  return program;
}

void ConditionProgram::Compile(const Expr& e) {
  const std::size_t at = nodes_.size();
  nodes_.emplace_back();
  auto node = [&]() -> Node& { return nodes_[at]; };  // nodes_ may grow while children compile
  node().expr = &e;
  auto general = [&] { node().op = Op::kExpr; };
  switch (e.kind) {
    case ExprKind::kConst: node().op = e.constant ? Op::kTrue : Op::kFalse; break;
    case ExprKind::kAnd:
    case ExprKind::kOr:
    case ExprKind::kNot:
      node().op = e.kind == ExprKind::kAnd ? Op::kAnd : e.kind == ExprKind::kOr ? Op::kOr : Op::kNot;
      for (const auto& child : e.children) Compile(child);
      break;
    case ExprKind::kTest:
      if (e.lhs.field >= 0) {
        general();
        break;
      }
      node().op = Op::kTest;
      node().attribute = e.lhs.attribute;
      break;
    case ExprKind::kCompare: {
      if (e.lhs.field >= 0 || e.literal == LiteralKind::kReference) {
        general();
        break;
      }
      node().attribute = e.lhs.attribute;
      const bool eq = e.op == CompareOp::kEq, ne = e.op == CompareOp::kNe;
      if (e.type == AttributeType::kNumber || e.type == AttributeType::kDate) {
        node().op = Op::kNumber;
        node().compare = e.op;
        node().number = e.number;
      } else if (e.type == AttributeType::kEnum && (eq || ne)) {
        node().op = eq ? Op::kEnumEq : Op::kEnumNe;
        node().symbol = e.value_indices[0];
      } else if (e.type == AttributeType::kString && !e.symbols.empty() && (eq || ne)) {
        node().op = eq ? Op::kSymbolEq : Op::kSymbolNe;
        node().symbol = e.symbols[0];
      } else if (e.type == AttributeType::kString && !e.symbols.empty() && e.op == CompareOp::kIn) {
        node().op = Op::kSymbolIn;
        node().symbol = static_cast<std::int32_t>(symbol_pool_.size());
        node().count = static_cast<std::int32_t>(e.symbols.size());
        symbol_pool_.insert(symbol_pool_.end(), e.symbols.begin(), e.symbols.end());
      } else {
        general();
      }
      break;
    }
    case ExprKind::kQuantifier:
    case ExprKind::kSensitive: general(); break;
  }
  node().size = static_cast<std::uint32_t>(nodes_.size() - at);
}

Tri ConditionProgram::Evaluate(int rule, const EvalContext& context) const {
  return Run(&nodes_[root_[static_cast<std::size_t>(rule)]], context);
}

Tri ConditionProgram::Run(const Node* node, const EvalContext& c) const {
  auto fact = [&](const Node* n) { return (*c.facts)[static_cast<std::size_t>(n->attribute)]; };
  auto symbol = [&](const Node* n) { return (*c.symbols)[static_cast<std::size_t>(n->attribute)]; };
  switch (node->op) {
    case Op::kTrue: return Tri::kTrue;
    case Op::kFalse: return Tri::kFalse;
    case Op::kAnd:
    case Op::kOr: {
      // Conjunction: false wins, then unknown. Disjunction: true wins, then unknown.
      const Tri decisive = node->op == Op::kAnd ? Tri::kFalse : Tri::kTrue;
      Tri result = node->op == Op::kAnd ? Tri::kTrue : Tri::kFalse;
      const Node* end = node + node->size;
      for (const Node* child = node + 1; child < end; child += child->size) {
        const Tri t = Run(child, c);
        if (t == decisive) return t;
        if (t == Tri::kUnknown) result = Tri::kUnknown;
      }
      return result;
    }
    case Op::kNot: {
      const Tri t = Run(node + 1, c);
      if (t == Tri::kUnknown) return t;
      return t == Tri::kTrue ? Tri::kFalse : Tri::kTrue;
    }
    case Op::kTest: {
      const Value* v = fact(node);
      return v ? FromBool(v->boolean) : Tri::kUnknown;
    }
    case Op::kNumber: {
      const Value* v = fact(node);
      return v ? FromBool(CompareNumbers(v->number, node->compare, node->number)) : Tri::kUnknown;
    }
    case Op::kEnumEq:
    case Op::kEnumNe: {
      const Value* v = fact(node);
      if (!v) return Tri::kUnknown;
      return FromBool((v->enum_index == node->symbol) == (node->op == Op::kEnumEq));
    }
    case Op::kSymbolEq:
    case Op::kSymbolNe:
    case Op::kSymbolIn: {
      if (!fact(node)) return Tri::kUnknown;
      if (!c.symbols) return reasoner::Evaluate(*node->expr, c);
      const int s = symbol(node);
      if (node->op == Op::kSymbolIn) {
        const auto* first = symbol_pool_.data() + node->symbol;
        return FromBool(std::find(first, first + node->count, s) != first + node->count);
      }
      return FromBool((s == node->symbol) == (node->op == Op::kSymbolEq));
    }
    case Op::kExpr: return reasoner::Evaluate(*node->expr, c);
  }
  return Tri::kUnknown;
}

}  // namespace assistant::reasoner
