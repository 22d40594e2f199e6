#include "reasoner/expr.h"

#include "base/text.h"

namespace assistant::reasoner {

std::string_view CompareOpText(CompareOp op) {
  switch (op) {
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
    case CompareOp::kEq: return "==";
    case CompareOp::kNe: return "!=";
    case CompareOp::kIn: return "in";
    case CompareOp::kHas: return "has";
    case CompareOp::kHasAny: return "has_any";
    case CompareOp::kHasPrefix: return "has_prefix";
  }
  return "?";
}

namespace {
std::string Quote(const std::string& s) { return "\"" + s + "\""; }

std::string LiteralToString(const Expr& e) {
  switch (e.literal) {
    case LiteralKind::kNumber: return FormatNumber(e.number);
    case LiteralKind::kBool: return e.boolean ? "true" : "false";
    case LiteralKind::kString: return Quote(e.strings.empty() ? "" : e.strings[0]);
    case LiteralKind::kList: {
      std::string out = "[";
      for (std::size_t i = 0; i < e.strings.size(); ++i) {
        if (i) out += ", ";
        out += Quote(e.strings[i]);
      }
      return out + "]";
    }
    case LiteralKind::kNone: return "";
  }
  return "";
}

// Parenthesise a child when its operator binds looser than the parent's.
int Precedence(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kOr: return 1;
    case ExprKind::kAnd: return 2;
    default: return 3;
  }
}
}  // namespace

std::string Expr::ToString() const {
  switch (kind) {
    case ExprKind::kConst: return constant ? "true" : "false";
    case ExprKind::kSensitive: return "sensitive";
    case ExprKind::kTest: return name;
    case ExprKind::kCompare:
      return name + " " + std::string(CompareOpText(op)) + " " + LiteralToString(*this);
    case ExprKind::kNot: {
      const Expr& c = children[0];
      std::string inner = c.ToString();
      return Precedence(c) < 3 ? "not (" + inner + ")" : "not " + inner;
    }
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      std::string sep = kind == ExprKind::kAnd ? " and " : " or ";
      std::string out;
      for (std::size_t i = 0; i < children.size(); ++i) {
        if (i) out += sep;
        std::string inner = children[i].ToString();
        out += Precedence(children[i]) < Precedence(*this) ? "(" + inner + ")" : inner;
      }
      return out;
    }
  }
  return "";
}

void ForEachAttribute(const Expr& expr, const std::function<void(int)>& visit) {
  if (expr.kind == ExprKind::kTest || expr.kind == ExprKind::kCompare) {
    visit(expr.attribute);
    return;
  }
  for (const auto& c : expr.children) ForEachAttribute(c, visit);
}

bool ResolveExpr(Expr& expr, const AttributeLookup& lookup, ExprError* error) {
  auto fail = [&](int offset, std::string message) {
    error->offset = offset;
    error->message = std::move(message);
    return false;
  };
  switch (expr.kind) {
    case ExprKind::kConst: return true;
    case ExprKind::kSensitive:
      return fail(expr.offset, "'sensitive' is only meaningful in a catalogue row that lists its "
                               "sensitive_areas");
    case ExprKind::kAnd:
    case ExprKind::kOr:
    case ExprKind::kNot:
      for (auto& c : expr.children) {
        if (!ResolveExpr(c, lookup, error)) return false;
      }
      return true;
    case ExprKind::kTest:
    case ExprKind::kCompare:
      break;
  }
  int index = lookup.index_of(expr.name);
  if (index < 0) {
    std::string message = "unknown attribute '" + expr.name + "'";
    message += DidYouMean(expr.name, lookup.all_ids());
    return fail(expr.offset, message);
  }
  expr.attribute = index;
  const Attribute& a = *lookup.attribute(index);
  const std::string type_name(AttributeTypeName(a.type));
  if (expr.kind == ExprKind::kTest) {
    if (a.type != AttributeType::kBool) {
      return fail(expr.offset, "'" + a.id + "' is a " + type_name +
                                   " attribute; expected a comparison such as '" + a.id +
                                   (a.type == AttributeType::kNumber ? " >= 100'" : " == \"...\"'"));
    }
    return true;
  }
  auto resolve_values = [&]() {
    expr.value_indices.clear();
    for (std::size_t i = 0; i < expr.strings.size(); ++i) {
      int v = a.ValueIndex(expr.strings[i]);
      if (v < 0) {
        std::vector<std::string> ids;
        for (const auto& ev : a.values) ids.push_back(ev.id);
        std::string message = "'" + expr.strings[i] + "' is not a value of '" + a.id + "'";
        message += DidYouMean(expr.strings[i], ids);
        return fail(expr.literal_offset, message);
      }
      expr.value_indices.push_back(v);
    }
    return true;
  };
  const std::string op(CompareOpText(expr.op));
  switch (a.type) {
    case AttributeType::kNumber:
      if (expr.op == CompareOp::kIn || expr.op == CompareOp::kHas || expr.op == CompareOp::kHasAny ||
          expr.op == CompareOp::kHasPrefix) {
        return fail(expr.offset, "operator '" + op + "' does not apply to number attribute '" +
                                     a.id + "'; expected <, <=, >, >=, == or !=");
      }
      if (expr.literal != LiteralKind::kNumber) {
        return fail(expr.literal_offset, "type mismatch: '" + a.id +
                                             "' is a number; expected a number after '" + op + "'");
      }
      return true;
    case AttributeType::kBool:
      if ((expr.op != CompareOp::kEq && expr.op != CompareOp::kNe) ||
          expr.literal != LiteralKind::kBool) {
        return fail(expr.offset, "type mismatch: '" + a.id +
                                     "' is a bool; write '" + a.id + "' or 'not " + a.id + "'");
      }
      return true;
    case AttributeType::kEnum:
      if (expr.op == CompareOp::kIn) {
        if (expr.literal != LiteralKind::kList) {
          return fail(expr.literal_offset, "expected a list [\"...\"] after 'in'");
        }
        return resolve_values();
      }
      if (expr.op != CompareOp::kEq && expr.op != CompareOp::kNe) {
        return fail(expr.offset, "operator '" + op + "' does not apply to enum attribute '" + a.id +
                                     "'; expected ==, != or in");
      }
      if (expr.literal != LiteralKind::kString) {
        return fail(expr.literal_offset,
                    "type mismatch: '" + a.id + "' is an enum; expected a quoted value id");
      }
      return resolve_values();
    case AttributeType::kSet:
      if (expr.op == CompareOp::kHas && expr.literal == LiteralKind::kString) return resolve_values();
      if (expr.op == CompareOp::kHasAny && expr.literal == LiteralKind::kList) return resolve_values();
      return fail(expr.offset, "set attribute '" + a.id +
                                   "' expects 'has \"value\"' or 'has_any [\"a\", \"b\"]'");
    case AttributeType::kCodeSet:
      if (expr.op == CompareOp::kHasPrefix && expr.literal == LiteralKind::kString) return true;
      if (expr.op == CompareOp::kHas && expr.literal == LiteralKind::kString) return true;
      return fail(expr.offset, "code attribute '" + a.id +
                                   "' expects 'has_prefix \"135\"' or 'has \"1351\"'");
  }
  return true;
}

}  // namespace assistant::reasoner
