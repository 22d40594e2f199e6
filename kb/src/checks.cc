#include "checks.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "base/text.h"

namespace assistant::kb {
using reasoner::CompareOp;
using reasoner::Expr;
using reasoner::ExprKind;
using reasoner::Rule;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Interval {
  double lo = -kInf;
  bool lo_closed = false;
  double hi = kInf;
  bool hi_closed = false;

  void Apply(CompareOp op, double v) {
    switch (op) {
      case CompareOp::kGe: if (v > lo || (v == lo && !lo_closed)) { lo = v; lo_closed = true; } break;
      case CompareOp::kGt: if (v >= lo) { lo = v; lo_closed = false; } break;
      case CompareOp::kLe: if (v < hi || (v == hi && !hi_closed)) { hi = v; hi_closed = true; } break;
      case CompareOp::kLt: if (v <= hi) { hi = v; hi_closed = false; } break;
      case CompareOp::kEq: Apply(CompareOp::kGe, v); Apply(CompareOp::kLe, v); break;
      default: break;
    }
  }
  bool Empty() const { return lo > hi || (lo == hi && !(lo_closed && hi_closed)); }
  Interval Intersect(const Interval& o) const {
    Interval r = *this;
    if (o.lo > r.lo || (o.lo == r.lo && !o.lo_closed)) { r.lo = o.lo; r.lo_closed = o.lo_closed; }
    if (o.hi < r.hi || (o.hi == r.hi && !o.hi_closed)) { r.hi = o.hi; r.hi_closed = o.hi_closed; }
    return r;
  }
  std::string ToString() const {
    std::string out = lo_closed ? "[" : "(";
    out += std::isinf(lo) ? "-∞" : FormatNumber(lo);
    out += ", ";
    out += std::isinf(hi) ? "∞" : FormatNumber(hi);
    out += hi_closed ? "]" : ")";
    return out;
  }
};

bool Same(const Interval& a, const Interval& b) {
  return a.lo == b.lo && a.hi == b.hi && a.lo_closed == b.lo_closed && a.hi_closed == b.hi_closed;
}

bool IsNumericAtom(const Expr& e) {
  return e.kind == ExprKind::kCompare && e.literal == reasoner::LiteralKind::kNumber && e.lhs.field < 0 &&
         (e.op == CompareOp::kLt || e.op == CompareOp::kLe || e.op == CompareOp::kGt || e.op == CompareOp::kGe ||
          e.op == CompareOp::kEq);
}

// A conjunction of atoms, or nullopt when the expression has a nested `or` we do not split.
std::optional<std::vector<const Expr*>> Conjuncts(const Expr& e) {
  std::vector<const Expr*> out;
  if (e.kind == ExprKind::kAnd) {
    for (const auto& c : e.children) {
      if (c.kind == ExprKind::kOr || c.kind == ExprKind::kAnd) return std::nullopt;
      out.push_back(&c);
    }
  } else if (e.kind == ExprKind::kOr) {
    return std::nullopt;
  } else {
    out.push_back(&e);
  }
  return out;
}

// The alternatives written in a rule: its condition is `prefix and (alt1 or alt2 …)`.
std::vector<const Expr*> Alternatives(const Rule& rule) {
  const Expr& c = rule.condition;
  if (c.kind != ExprKind::kAnd || c.children.size() < 2) return {&c};
  const Expr& body = c.children.back();
  if (body.kind == ExprKind::kOr) {
    std::vector<const Expr*> out;
    for (const auto& alt : body.children) out.push_back(&alt);
    return out;
  }
  return {&body};
}

struct Range {
  std::string column;
  std::string text;
  Interval interval;
  const Rule* rule;
};

}  // namespace

void CheckThresholds(const std::vector<Rule>& rules, const reasoner::AttributeTable& attributes,
                     Diagnostics& diagnostics) {
  // Group key: catalogue, row, attribute, and the other conditions of the alternative.
  std::map<std::string, std::vector<Range>> groups;
  for (const auto& rule : rules) {
    if (rule.kind != reasoner::RuleKind::kCatalogueCell) continue;
    for (const Expr* alt : Alternatives(rule)) {
      auto atoms = Conjuncts(*alt);
      if (!atoms) continue;
      std::map<int, Interval> numeric;
      std::vector<std::string> others;
      for (const Expr* atom : *atoms) {
        if (IsNumericAtom(*atom)) {
          numeric[atom->lhs.attribute].Apply(atom->op, atom->number);
        } else {
          others.push_back(atom->ToString());
        }
      }
      std::sort(others.begin(), others.end());
      for (const auto& [attribute, interval] : numeric) {
        std::string context;
        for (const auto& o : others) context += o + "&";
        for (const auto& [other, other_interval] : numeric) {
          if (other != attribute) context += attributes.at(other).id + other_interval.ToString() + "&";
        }
        std::string key = rule.catalogue + "#" + std::to_string(rule.row) + "#" + attributes.at(attribute).id + "#" + context;
        groups[key].push_back({rule.column, alt->ToString(), interval, &rule});
      }
    }
  }
  for (auto& [key, ranges] : groups) {
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      for (std::size_t j = i + 1; j < ranges.size(); ++j) {
        if (ranges[i].column == ranges[j].column) continue;
        // A range that contains the other is a "其他" cell under 第四条 (the higher class wins on
        // the inner range); only a partial overlap, where paired ranges cross, is a mistake.
        Interval both = ranges[i].interval.Intersect(ranges[j].interval);
        bool nested = Same(both, ranges[i].interval) || Same(both, ranges[j].interval);
        if (!both.Empty() && !nested) {
          diagnostics.Error(ranges[j].rule->where,
                            "row " + std::to_string(ranges[j].rule->row) + ": thresholds overlap: " + ranges[i].column +
                                " '" + ranges[i].text + "' and " + ranges[j].column + " '" + ranges[j].text +
                                "' both hold on " + both.ToString() +
                                " (\"X以下\" is < X and \"X及以上\" is >= X, so paired ranges meet without overlap)");
        }
      }
    }
    std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
      return a.interval.lo < b.interval.lo || (a.interval.lo == b.interval.lo && a.interval.lo_closed && !b.interval.lo_closed);
    });
    for (std::size_t i = 0; i + 1 < ranges.size(); ++i) {
      const Interval& a = ranges[i].interval;
      const Interval& b = ranges[i + 1].interval;
      if (ranges[i].column == ranges[i + 1].column) continue;
      bool gap = a.hi < b.lo || (a.hi == b.lo && !a.hi_closed && !b.lo_closed);
      if (gap) {
        diagnostics.Error(ranges[i + 1].rule->where,
                          "row " + std::to_string(ranges[i + 1].rule->row) + ": threshold gap: " + ranges[i].column + " '" +
                              ranges[i].text + "' ends at " + FormatNumber(a.hi) + " but " + ranges[i + 1].column + " '" +
                              ranges[i + 1].text + "' begins at " + FormatNumber(b.lo) + "; no column covers the values between");
      }
    }
  }
}

namespace {

// True when atoms a and b cannot both hold.
bool Contradict(const Expr& a, const Expr& b) {
  if (a.kind == ExprKind::kNot && a.children[0].ToString() == b.ToString()) return true;
  if (b.kind == ExprKind::kNot && b.children[0].ToString() == a.ToString()) return true;
  if (a.kind != ExprKind::kCompare || b.kind != ExprKind::kCompare || a.lhs.attribute != b.lhs.attribute ||
      a.lhs.field >= 0 || b.lhs.field >= 0 || a.literal == reasoner::LiteralKind::kReference ||
      b.literal == reasoner::LiteralKind::kReference) {
    return false;
  }
  if (IsNumericAtom(a) && IsNumericAtom(b)) {
    Interval x, y;
    x.Apply(a.op, a.number);
    y.Apply(b.op, b.number);
    return x.Intersect(y).Empty();
  }
  if (a.literal == reasoner::LiteralKind::kString && b.literal == reasoner::LiteralKind::kString &&
      !a.value_indices.empty() && !b.value_indices.empty()) {
    bool same = a.value_indices[0] == b.value_indices[0];
    if (a.op == CompareOp::kEq && b.op == CompareOp::kEq) return !same;
    if ((a.op == CompareOp::kEq && b.op == CompareOp::kNe) || (a.op == CompareOp::kNe && b.op == CompareOp::kEq)) return same;
  }
  return false;
}

std::vector<std::vector<const Expr*>> Dnf(const Expr& e) {
  if (e.kind == ExprKind::kOr) {
    std::vector<std::vector<const Expr*>> out;
    for (const auto& c : e.children) {
      auto sub = Dnf(c);
      out.insert(out.end(), sub.begin(), sub.end());
    }
    return out;
  }
  if (e.kind == ExprKind::kAnd) {
    std::vector<std::vector<const Expr*>> out = {{}};
    for (const auto& c : e.children) {
      auto sub = Dnf(c);
      std::vector<std::vector<const Expr*>> next;
      for (const auto& left : out) {
        for (const auto& right : sub) {
          auto joined = left;
          joined.insert(joined.end(), right.begin(), right.end());
          next.push_back(std::move(joined));
          if (next.size() > 256) return {{&e}};  // too large to split: treat as one opaque atom
        }
      }
      out = std::move(next);
    }
    return out;
  }
  return {{&e}};
}

bool Disjoint(const Expr& x, const Expr& y) {
  for (const auto& cx : Dnf(x)) {
    for (const auto& cy : Dnf(y)) {
      bool contradiction = false;
      for (const Expr* a : cx) {
        for (const Expr* b : cy) contradiction = contradiction || Contradict(*a, *b);
      }
      if (!contradiction) return false;
    }
  }
  return true;
}

bool Inside(const std::string& inner, const std::string& outer) {
  return inner.size() >= outer.size() && inner.compare(0, outer.size(), outer) == 0 &&
         (inner.size() == outer.size() || inner[outer.size()] == '.');
}

bool PlacesMeet(const std::string& a, const std::string& b) { return Inside(a, b) || Inside(b, a); }

bool PeriodsMeet(const Period& a, const Period& b) {
  if (a.to && b.from && *a.to < *b.from) return false;
  if (b.to && a.from && *b.to < *a.from) return false;
  return true;
}

bool Overrides(const std::vector<Rule>& rules, std::size_t over, std::size_t under) {
  for (int e : rules[over].exception_to) {
    if (static_cast<std::size_t>(e) == under || Overrides(rules, static_cast<std::size_t>(e), under)) return true;
  }
  return false;
}

}  // namespace

void CheckConflicts(const std::vector<Rule>& rules, const reasoner::AttributeTable& attributes,
                    Diagnostics& diagnostics) {
  std::map<int, std::vector<std::size_t>> by_attribute;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto combine = rules[i].concludes >= 0 ? attributes.at(rules[i].concludes).combine : reasoner::Combine::kMax;
    if (combine == reasoner::Combine::kUnique || combine == reasoner::Combine::kPriority) {
      by_attribute[rules[i].concludes].push_back(i);
    }
  }
  for (const auto& [attribute, list] : by_attribute) {
    const auto& a = attributes.at(attribute);
    for (std::size_t i = 0; i < list.size(); ++i) {
      for (std::size_t j = i + 1; j < list.size(); ++j) {
        const Rule& x = rules[list[i]];
        const Rule& y = rules[list[j]];
        if (x.value.SameAs(y.value, a.type)) continue;
        // Under `combine: priority` the higher priority settles it; only equal priorities clash.
        if (a.combine == reasoner::Combine::kPriority && x.priority != y.priority) continue;
        if (Overrides(rules, list[i], list[j]) || Overrides(rules, list[j], list[i])) continue;
        // Rules of places neither of which contains the other, or of periods that never meet,
        // never apply to the same question.
        if (!PlacesMeet(x.jurisdiction, y.jurisdiction) || !PeriodsMeet(x.in_force, y.in_force)) continue;
        if (Disjoint(x.condition, y.condition)) continue;
        diagnostics.Error(y.where, "conflict: rules '" + x.id + "' (" + x.where.ToString() + ") and '" + y.id +
                                       "' can both hold for the same case and conclude different values of '" +
                                       a.id + "' (" + reasoner::ValueToken(a, x.value) + " vs " +
                                       reasoner::ValueToken(a, y.value) +
                                       "); state which one is the exception with 'exception_to' — a question for the policy officer");
      }
    }
  }
}

}  // namespace assistant::kb
