#include "reasoner/expr.h"

#include <algorithm>
#include <chrono>

#include "base/date.h"
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
    case CompareOp::kInList: return "in_list";
  }
  return "?";
}

double AddOffset(double day, double amount, OffsetUnit unit) {
  using namespace std::chrono;
  switch (unit) {
    case OffsetUnit::kNone:
    case OffsetUnit::kDays: return day + amount;
    case OffsetUnit::kMonths:
    case OffsetUnit::kYears: {
      const int months = static_cast<int>(amount) * (unit == OffsetUnit::kYears ? 12 : 1);
      year_month_day ymd{sys_days(days(static_cast<int>(day)))};
      year_month ym = year_month(ymd.year(), ymd.month()) + std::chrono::months(months);
      year_month_day_last last(ym.year(), month_day_last(ym.month()));
      std::chrono::day d = ymd.day() > last.day() ? last.day() : ymd.day();
      return static_cast<double>(sys_days(year_month_day(ym.year(), ym.month(), d)).time_since_epoch().count());
    }
  }
  return day;
}

namespace {
std::string Quote(const std::string& s) { return "\"" + s + "\""; }

std::string UnitText(OffsetUnit unit) {
  switch (unit) {
    case OffsetUnit::kDays: return " days";
    case OffsetUnit::kMonths: return " months";
    case OffsetUnit::kYears: return " years";
    case OffsetUnit::kNone: return "";
  }
  return "";
}

std::string OperandToString(const Expr& e) {
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
    case LiteralKind::kReference: {
      std::string out = e.rhs.name;
      if (e.offset != 0 || e.unit != OffsetUnit::kNone) {
        out += e.offset < 0 ? " - " : " + ";
        out += FormatNumber(e.offset < 0 ? -e.offset : e.offset) + UnitText(e.unit);
      }
      return out;
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
    case ExprKind::kQuantifier: return 2;  // its condition extends as far as `and` reaches
    default: return 3;
  }
}
}  // namespace

std::string Expr::ToString() const {
  switch (kind) {
    case ExprKind::kConst: return constant ? "true" : "false";
    case ExprKind::kSensitive: return "sensitive";
    case ExprKind::kTest: return lhs.name;
    case ExprKind::kCompare: return lhs.name + " " + std::string(CompareOpText(op)) + " " + OperandToString(*this);
    case ExprKind::kQuantifier: {
      const Expr& c = children[0];
      std::string inner = c.ToString();
      if (Precedence(c) < 3) inner = "(" + inner + ")";
      return std::string(negated ? "no " : "any ") + lhs.name + " where " + inner;
    }
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
        bool wrap = Precedence(children[i]) < Precedence(*this) ||
                    (children[i].kind == ExprKind::kQuantifier && i + 1 < children.size());
        out += wrap ? "(" + inner + ")" : inner;
      }
      return out;
    }
  }
  return "";
}

void ForEachAttribute(const Expr& expr, const std::function<void(int)>& visit) {
  if (expr.kind == ExprKind::kTest || expr.kind == ExprKind::kCompare || expr.kind == ExprKind::kQuantifier) {
    if (expr.lhs.field < 0 && expr.lhs.attribute >= 0) visit(expr.lhs.attribute);
    if (expr.literal == LiteralKind::kReference && expr.rhs.field < 0 && expr.rhs.attribute >= 0) {
      visit(expr.rhs.attribute);
    }
  }
  for (const auto& c : expr.children) ForEachAttribute(c, visit);
}

bool NamesValue(const Expr& expr, int attribute, int value_index) {
  if (expr.kind == ExprKind::kCompare && expr.lhs.attribute == attribute && expr.lhs.field < 0 &&
      (expr.op == CompareOp::kEq || expr.op == CompareOp::kIn) &&
      std::find(expr.value_indices.begin(), expr.value_indices.end(), value_index) != expr.value_indices.end()) {
    return true;
  }
  return std::any_of(expr.children.begin(), expr.children.end(),
                     [&](const Expr& c) { return NamesValue(c, attribute, value_index); });
}

namespace {

class Resolver {
 public:
  Resolver(const AttributeLookup& lookup, ExprError* error) : lookup_(lookup), error_(error) {}

  bool Resolve(Expr& expr) {
    switch (expr.kind) {
      case ExprKind::kConst: return true;
      case ExprKind::kSensitive:
        return Fail(expr.offset_in_text,
                    "'sensitive' is only meaningful in a catalogue row that lists its sensitive_areas");
      case ExprKind::kAnd:
      case ExprKind::kOr:
      case ExprKind::kNot:
        for (auto& c : expr.children) {
          if (!Resolve(c)) return false;
        }
        return true;
      case ExprKind::kQuantifier: return ResolveQuantifier(expr);
      case ExprKind::kTest:
      case ExprKind::kCompare: break;
    }
    const Attribute* a = Bind(expr.lhs, expr.offset_in_text);
    if (!a) return false;
    expr.type = a->type;
    if (a->type == AttributeType::kRecords) {
      return Fail(expr.offset_in_text, "'" + a->id + "' is a list of records; test it with 'any " + a->id +
                                           " where …' or 'no " + a->id + " where …'");
    }
    if (expr.kind == ExprKind::kTest) {
      if (a->type != AttributeType::kBool) {
        return Fail(expr.offset_in_text, "'" + expr.lhs.name + "' is a " + std::string(AttributeTypeName(a->type)) +
                                             " attribute; expected a comparison such as '" + expr.lhs.name +
                                             (a->type == AttributeType::kNumber ? " >= 100'" : " == \"...\"'"));
      }
      return true;
    }
    return ResolveCompare(expr, *a);
  }

 private:
  bool Fail(int offset, std::string message) {
    error_->offset = offset;
    error_->message = std::move(message);
    return false;
  }

  // Binds a name to a field of the current record (no dot) or a case attribute.
  const Attribute* Bind(Operand& operand, int offset) {
    if (operand.name.find('.') == std::string::npos) {
      if (!record_) {
        return Fail(offset, "'" + operand.name + "' has no dot: field names are only meaningful inside 'where'"),
               nullptr;
      }
      int field = record_->FieldIndex(operand.name);
      if (field < 0) {
        std::vector<std::string> ids;
        for (const auto& f : record_->fields) ids.push_back(f.id);
        return Fail(offset, "'" + record_->id + "' has no field '" + operand.name + "'" + DidYouMean(operand.name, ids)),
               nullptr;
      }
      operand.attribute = record_index_;
      operand.field = field;
      return &record_->fields[static_cast<std::size_t>(field)];
    }
    int index = lookup_.index_of(operand.name);
    if (index < 0) {
      return Fail(offset, "unknown attribute '" + operand.name + "'" + DidYouMean(operand.name, lookup_.all_ids())),
             nullptr;
    }
    operand.attribute = index;
    operand.field = -1;
    return lookup_.attribute(index);
  }

  bool ResolveQuantifier(Expr& expr) {
    if (record_) return Fail(expr.offset_in_text, "'any'/'no' cannot be nested inside 'where'");
    const Attribute* a = Bind(expr.lhs, expr.offset_in_text);
    if (!a) return false;
    if (a->type != AttributeType::kRecords) {
      return Fail(expr.offset_in_text, "'" + a->id + "' is not a list of records; 'any'/'no' need a records fact");
    }
    expr.type = a->type;
    record_ = a;
    record_index_ = expr.lhs.attribute;
    bool ok = Resolve(expr.children[0]);
    record_ = nullptr;
    record_index_ = -1;
    return ok;
  }

  bool ResolveValues(Expr& expr, const Attribute& a) {
    expr.value_indices.clear();
    for (const auto& s : expr.strings) {
      int v = a.ValueIndex(s);
      if (v < 0) {
        std::vector<std::string> ids;
        for (const auto& ev : a.values) ids.push_back(ev.id);
        return Fail(expr.literal_offset, "'" + s + "' is not a value of '" + a.id + "'" + DidYouMean(s, ids));
      }
      expr.value_indices.push_back(v);
    }
    return true;
  }

  bool ResolveReference(Expr& expr, const Attribute& a) {
    const Attribute* r = Bind(expr.rhs, expr.literal_offset);
    if (!r) return false;
    const bool ordered_ok = (a.type == AttributeType::kNumber || a.type == AttributeType::kDate) && r->type == a.type;
    const bool equal_ok = (expr.op == CompareOp::kEq || expr.op == CompareOp::kNe) &&
                          (a.type == AttributeType::kEnum || a.type == AttributeType::kString) &&
                          (r->type == AttributeType::kEnum || r->type == AttributeType::kString) &&
                          expr.offset == 0 && expr.unit == OffsetUnit::kNone;
    if (!ordered_ok && !equal_ok) {
      return Fail(expr.literal_offset, "cannot compare " + std::string(AttributeTypeName(a.type)) + " '" + expr.lhs.name +
                                           "' with " + std::string(AttributeTypeName(r->type)) + " '" + expr.rhs.name +
                                           "' using '" + std::string(CompareOpText(expr.op)) + "'");
    }
    if (expr.unit != OffsetUnit::kNone && a.type != AttributeType::kDate) {
      return Fail(expr.literal_offset, "days/months/years offsets only apply to dates");
    }
    return true;
  }

  bool ResolveCompare(Expr& expr, const Attribute& a) {
    const std::string op(CompareOpText(expr.op));
    const std::string type_name(AttributeTypeName(a.type));
    if (expr.literal == LiteralKind::kReference) return ResolveReference(expr, a);
    auto mismatch = [&](const std::string& expected) {
      return Fail(expr.literal_offset, "type mismatch: '" + expr.lhs.name + "' is a " + type_name + "; expected " + expected +
                                           " after '" + op + "'");
    };
    auto bad_op = [&](const std::string& expected) {
      return Fail(expr.offset_in_text, "operator '" + op + "' does not apply to " + type_name + " attribute '" +
                                           expr.lhs.name + "'; expected " + expected);
    };
    const bool ordering = expr.op == CompareOp::kLt || expr.op == CompareOp::kLe || expr.op == CompareOp::kGt ||
                          expr.op == CompareOp::kGe || expr.op == CompareOp::kEq || expr.op == CompareOp::kNe;
    switch (a.type) {
      case AttributeType::kNumber:
        if (!ordering) return bad_op("<, <=, >, >=, == or !=");
        if (expr.literal != LiteralKind::kNumber) return mismatch("a number");
        return true;
      case AttributeType::kDate: {
        if (!ordering) return bad_op("<, <=, >, >=, == or !=");
        if (expr.literal != LiteralKind::kString) return mismatch("a quoted date \"YYYY-MM-DD\" or another date");
        auto day = ParseDate(expr.strings[0]);
        if (!day) return Fail(expr.literal_offset, "'" + expr.strings[0] + "' is not a date YYYY-MM-DD");
        expr.number = static_cast<double>(day->time_since_epoch().count());
        return true;
      }
      case AttributeType::kBool:
        if ((expr.op != CompareOp::kEq && expr.op != CompareOp::kNe) || expr.literal != LiteralKind::kBool) {
          return Fail(expr.offset_in_text, "type mismatch: '" + expr.lhs.name + "' is a bool; write '" + expr.lhs.name +
                                               "' or 'not " + expr.lhs.name + "'");
        }
        return true;
      case AttributeType::kEnum:
        if (expr.op == CompareOp::kIn) {
          if (expr.literal != LiteralKind::kList) return Fail(expr.literal_offset, "expected a list [\"...\"] after 'in'");
          return ResolveValues(expr, a);
        }
        if (expr.op != CompareOp::kEq && expr.op != CompareOp::kNe) return bad_op("==, != or in");
        if (expr.literal != LiteralKind::kString) return mismatch("a quoted value id");
        return ResolveValues(expr, a);
      case AttributeType::kSet:
        if (expr.op == CompareOp::kHas && expr.literal == LiteralKind::kString) return ResolveValues(expr, a);
        if (expr.op == CompareOp::kHasAny && expr.literal == LiteralKind::kList) return ResolveValues(expr, a);
        return Fail(expr.offset_in_text, "set attribute '" + expr.lhs.name +
                                             "' expects 'has \"value\"' or 'has_any [\"a\", \"b\"]'");
      case AttributeType::kCodeSet:
        if ((expr.op == CompareOp::kHasPrefix || expr.op == CompareOp::kHas) && expr.literal == LiteralKind::kString) {
          return true;
        }
        return Fail(expr.offset_in_text, "code attribute '" + expr.lhs.name +
                                             "' expects 'has_prefix \"135\"' or 'has \"1351\"'");
      case AttributeType::kString:
        if (expr.op == CompareOp::kInList) {
          if (expr.literal != LiteralKind::kString) return mismatch("a quoted list id");
          expr.list = lookup_.list_index_of ? lookup_.list_index_of(expr.strings[0]) : -1;
          if (expr.list < 0) {
            std::vector<std::string> ids = lookup_.all_list_ids ? lookup_.all_list_ids() : std::vector<std::string>{};
            return Fail(expr.literal_offset, "unknown list '" + expr.strings[0] + "'" + DidYouMean(expr.strings[0], ids));
          }
          return true;
        }
        if (expr.op == CompareOp::kIn) {
          if (expr.literal != LiteralKind::kList) return Fail(expr.literal_offset, "expected a list [\"...\"] after 'in'");
          return true;
        }
        if (expr.op != CompareOp::kEq && expr.op != CompareOp::kNe) return bad_op("==, !=, in or in_list");
        if (expr.literal != LiteralKind::kString) return mismatch("quoted text");
        return true;
      case AttributeType::kRecords: return false;
    }
    return true;
  }

  const AttributeLookup& lookup_;
  ExprError* error_;
  const Attribute* record_ = nullptr;
  int record_index_ = -1;
};

}  // namespace

bool ResolveExpr(Expr& expr, const AttributeLookup& lookup, ExprError* error) {
  Resolver resolver(lookup, error);
  return resolver.Resolve(expr);
}

}  // namespace assistant::reasoner
