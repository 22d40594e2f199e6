#include "reasoner/explain.h"

#include <algorithm>

#include "base/text.h"

namespace assistant::reasoner {
namespace {

std::string OpText(CompareOp op) {
  switch (op) {
    case CompareOp::kLt: return "＜";
    case CompareOp::kLe: return "≤";
    case CompareOp::kGt: return "＞";
    case CompareOp::kGe: return "≥";
    case CompareOp::kEq: return "为";
    case CompareOp::kNe: return "不为";
    case CompareOp::kIn: return "属于";
    case CompareOp::kHas: return "包括";
    case CompareOp::kHasAny: return "涉及";
    case CompareOp::kHasPrefix: return "以此开头：";
    case CompareOp::kInList: return "在名单中：";
  }
  return "?";
}

std::string LiteralText(const Attribute& a, const Expr& e) {
  if (e.literal == LiteralKind::kNumber) return FormatNumber(e.number) + a.unit;
  if (e.literal == LiteralKind::kBool) return e.boolean ? "是" : "否";
  if (!e.value_indices.empty()) {
    std::string out;
    for (int v : e.value_indices) {
      if (!out.empty()) out += "、";
      const auto& ev = a.values[static_cast<std::size_t>(v)];
      out += ev.label.empty() ? ev.id : ev.label;
    }
    return out;
  }
  std::string out;
  for (const auto& s : e.strings) {
    if (!out.empty()) out += "、";
    out += s;
  }
  return out;
}

// The label of an operand: a field of the records being searched, or a fact of the case. Inside a
// `where`, a fact of the case is "本次" (this offence, this project) to tell it from the record's
// field of the same name (a prior offence's date against this offence's date).
std::string OperandLabel(const RuleSet& rules, const Operand& o, bool inside_records) {
  const Attribute& a = rules.attribute(o.attribute);
  if (o.field >= 0) {
    const Attribute& f = a.fields[static_cast<std::size_t>(o.field)];
    return f.label.empty() ? f.id : f.label;
  }
  return (inside_records ? "本次" : "") + (a.label.empty() ? a.id : a.label);
}

const Attribute& OperandDefinition(const RuleSet& rules, const Operand& o) {
  const Attribute& a = rules.attribute(o.attribute);
  return o.field >= 0 ? a.fields[static_cast<std::size_t>(o.field)] : a;
}

// A condition in words, for explanations: "违法行为类别与本次违法行为类别相同，且违法行为发生之日
// 不早于本次违法行为发生之日前1年" rather than the rule's source text.
std::string ConditionWords(const RuleSet& rules, const Expr& e, bool inside_records) {
  auto join = [&](const char* glue) {
    std::string out;
    for (const auto& child : e.children) {
      if (!out.empty()) out += glue;
      const bool nested = child.kind == ExprKind::kAnd || child.kind == ExprKind::kOr;
      out += nested ? "（" + ConditionWords(rules, child, inside_records) + "）" : ConditionWords(rules, child, inside_records);
    }
    return out;
  };
  switch (e.kind) {
    case ExprKind::kConst: return e.constant ? "无附加条件" : "不适用";
    case ExprKind::kAnd: return join("，且");
    case ExprKind::kOr: return join("，或");
    case ExprKind::kNot: return "并非“" + ConditionWords(rules, e.children[0], inside_records) + "”";
    case ExprKind::kTest: return OperandLabel(rules, e.lhs, inside_records);
    case ExprKind::kQuantifier:
      return std::string(e.negated ? "没有" : "有") + OperandLabel(rules, e.lhs, false) + "符合“" +
             ConditionWords(rules, e.children[0], true) + "”";
    case ExprKind::kSensitive: return "涉及环境敏感区";
    case ExprKind::kCompare: break;
  }
  const std::string left = OperandLabel(rules, e.lhs, inside_records);
  const Attribute& a = OperandDefinition(rules, e.lhs);
  if (e.literal != LiteralKind::kReference) {
    if (e.op == CompareOp::kInList) return left + "在《" + rules.lists()[static_cast<std::size_t>(e.list)].title + "》中";
    return left + OpText(e.op) + LiteralText(a, e);
  }
  std::string right = OperandLabel(rules, e.rhs, inside_records);
  if (e.unit != OffsetUnit::kNone && e.offset != 0) {
    const char* unit = e.unit == OffsetUnit::kDays ? "日" : e.unit == OffsetUnit::kMonths ? "个月" : "年";
    right += std::string(e.offset < 0 ? "前" : "后") + FormatNumber(e.offset < 0 ? -e.offset : e.offset) + unit;
  }
  if (a.type == AttributeType::kDate) {
    switch (e.op) {
      case CompareOp::kLt: return left + "早于" + right;
      case CompareOp::kLe: return left + "不晚于" + right;
      case CompareOp::kGt: return left + "晚于" + right;
      case CompareOp::kGe: return left + "不早于" + right;
      default: break;
    }
  }
  if (e.op == CompareOp::kEq) return left + "与" + right + "相同";
  if (e.op == CompareOp::kNe) return left + "与" + right + "不同";
  return left + OpText(e.op) + right;
}

// One condition of `rule` checked against the outcome's facts.
ConditionCheck Check(const RuleSet& rules, const Outcome& outcome, const Rule& rule, const Expr& atom) {
  ConditionCheck c;
  c.result = outcome.Evaluate(atom);
  if (atom.kind == ExprKind::kConst) {
    c.condition = atom.constant ? "true" : "false";
    c.fact = "";
    // A catalogue cell without a condition is a column marked 全部 or 其他; any other rule without
    // one applies in every case its place and period cover.
    const bool cell = rule.kind == RuleKind::kCatalogueCell;
    c.text = !atom.constant ? "不适用" : cell ? "本栏为“全部”或“其他”，无附加条件" : "无附加条件（本规定适用于所有情形）";
    return c;
  }
  c.attribute = atom.lhs.attribute;
  c.condition = atom.ToString();
  ForEachAttribute(atom, [&](int read) {
    if (std::find(c.reads.begin(), c.reads.end(), read) == c.reads.end()) c.reads.push_back(read);
  });
  if (atom.kind == ExprKind::kCompare && atom.op == CompareOp::kInList) c.list = atom.list;
  const Attribute& a = rules.attribute(atom.lhs.attribute);
  const Value* value = outcome.fact(atom.lhs.attribute);
  c.fact = value ? DescribeValue(a, *value) : "未知";
  const std::string label = a.label.empty() ? a.id : a.label;
  if (c.result == Tri::kUnknown) {
    c.text = label + "：尚未知（需要回答）";
    return c;
  }
  if (atom.kind == ExprKind::kQuantifier) {
    // Name the records that decide it: for "no prior offence of the same kind" that failed, the
    // prior offence itself, so the officer sees which record stands in the way.
    const Expr& where = atom.children[0];
    Value matching;
    for (const auto& record : value->records) {
      if (Evaluate(where, EvalContext{&outcome.facts(), &rules, outcome.query().date, &record}) == Tri::kTrue) {
        matching.records.push_back(record);
      }
    }
    const std::string wanted = ConditionWords(rules, where, true);
    if (matching.records.empty()) {
      c.text = label + "为“" + c.fact + "”，其中没有符合“" + wanted + "”的记录";
    } else {
      c.text = label + "中有" + std::to_string(matching.records.size()) + "条符合“" + wanted + "”的记录：" +
               DescribeValue(a, matching);
    }
    if (c.result == Tri::kFalse) c.text += atom.negated ? "（条件要求没有此类记录）" : "（条件要求有此类记录）";
    return c;
  }
  if (atom.literal == LiteralKind::kReference) {
    const Value* other = outcome.fact(atom.rhs.attribute);
    const Attribute& b = rules.attribute(atom.rhs.attribute);
    c.text = label + "为" + c.fact + "，" + (c.result == Tri::kTrue ? "满足" : "不满足") + "“" +
             ConditionWords(rules, atom, false) + "”（" + (b.label.empty() ? b.id : b.label) + "为" +
             (other ? DescribeValue(b, *other) : "未知") + "）";
    return c;
  }
  if (atom.kind == ExprKind::kTest) {
    c.text = label + "：" + c.fact;
    return c;
  }
  const std::string verdict = c.result == Tri::kTrue ? "满足" : "不满足";
  if (a.type == AttributeType::kNumber) {
    c.text = label + "为" + c.fact + "，" + verdict + "“" + OpText(atom.op) + LiteralText(a, atom) + "”";
  } else if (a.type == AttributeType::kBool) {
    c.text = label + "：" + c.fact;
  } else if (a.type == AttributeType::kSet && atom.op == CompareOp::kHasAny) {
    c.text = c.result == Tri::kTrue ? label + "：" + c.fact + "，属于本条所列区域（" + LiteralText(a, atom) + "）"
                                    : label + "：" + c.fact + "，不涉及本条所列区域（" + LiteralText(a, atom) + "）";
  } else if (a.type == AttributeType::kString && atom.op == CompareOp::kInList) {
    const auto& list = rules.lists()[static_cast<std::size_t>(atom.list)];
    c.text = label + "为" + c.fact + "，" + (c.result == Tri::kTrue ? "在" : "不在") + "《" + list.title + "》中";
  } else if (a.type == AttributeType::kCodeSet) {
    c.text = label + "为" + c.fact + "，" + (c.result == Tri::kTrue ? "属于" : "不属于") + "代码" +
             LiteralText(a, atom);
  } else {
    c.text = label + "为" + c.fact + "，" + verdict + "“" + OpText(atom.op) + LiteralText(a, atom) + "”";
  }
  return c;
}

// Atoms that make a true expression true (all of an `and`, the first true branch of an `or`).
void Witness(const RuleSet& rules, const Outcome& outcome, const Expr& e, bool want_true,
             std::vector<const Expr*>& out);

}  // namespace

void DecidingAtoms(const RuleSet& rules, const Outcome& outcome, const Expr& e, bool want_true,
                   std::vector<const Expr*>& out) {
  Witness(rules, outcome, e, want_true, out);
}

namespace {

void Witness(const RuleSet& rules, const Outcome& outcome, const Expr& e, bool want_true,
             std::vector<const Expr*>& out) {
  switch (e.kind) {
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      bool all_needed = (e.kind == ExprKind::kAnd) == want_true;
      for (const auto& c : e.children) {
        Tri ct = outcome.Evaluate(c);
        if (all_needed) {
          Witness(rules, outcome, c, want_true, out);
        } else if (ct == (want_true ? Tri::kTrue : Tri::kFalse)) {
          Witness(rules, outcome, c, want_true, out);
          return;
        }
      }
      return;
    }
    case ExprKind::kNot:
      Witness(rules, outcome, e.children[0], !want_true, out);
      return;
    default:
      out.push_back(&e);
  }
}

void Unknowns(const Outcome& outcome, const Expr& e, std::vector<const Expr*>& out) {
  if (outcome.Evaluate(e) != Tri::kUnknown) return;
  if (e.kind == ExprKind::kTest || e.kind == ExprKind::kCompare || e.kind == ExprKind::kQuantifier) {
    // One line per unknown fact, however often the condition mentions it.
    bool seen = std::any_of(out.begin(), out.end(), [&](const Expr* x) { return x->lhs.attribute == e.lhs.attribute; });
    if (!seen) out.push_back(&e);
    return;
  }
  for (const auto& c : e.children) Unknowns(outcome, c, out);
}

}  // namespace

Derivation ExplainHolding(const RuleSet& rules, const Outcome& outcome, int rule) {
  Derivation d;
  d.rule = rule;
  std::vector<const Expr*> atoms;
  Witness(rules, outcome, rules.rule(rule).condition, true, atoms);
  for (const Expr* atom : atoms) {
    d.matched.push_back(Check(rules, outcome, rules.rule(rule), *atom));
    if (atom->lhs.attribute >= 0 && atom->lhs.field < 0 && rules.attribute(atom->lhs.attribute).derived &&
        d.matched.back().result == Tri::kTrue) {
      for (int r : rules.RulesConcluding(atom->lhs.attribute)) {
        if (outcome.result(r) == Tri::kTrue && !outcome.overridden(r)) {
          d.premises.push_back(ExplainHolding(rules, outcome, r));
          break;  // one derivation of a premise is enough to show why it holds
        }
      }
    }
  }
  return d;
}

namespace {

constexpr int kMaxReasonDepth = 3;  // derived facts explained beneath a failed condition
// A derived fact that took its default is explained by the failures of its rules only when they
// are few (a definition such as "first offence"); the failures of a whole catalogue are noise.
constexpr std::size_t kMaxFailuresShown = 3;

std::vector<ConditionCheck> NotHolding(const RuleSet& rules, const Outcome& outcome, int rule, int depth);

// Why derived fact `attribute` has its value: the conditions of the rule that concluded it, or,
// when no rule held, the conditions on which each of its rules in force failed.
std::vector<ConditionCheck> WhyDerivedValue(const RuleSet& rules, const Outcome& outcome, int attribute, int depth) {
  std::vector<ConditionCheck> out;
  for (int r : rules.RulesConcluding(attribute)) {
    if (outcome.result(r) == Tri::kTrue && !outcome.overridden(r) && outcome.in_force(r)) {
      return ExplainHolding(rules, outcome, r).matched;
    }
  }
  std::vector<int> failed;
  for (int r : rules.RulesConcluding(attribute)) {
    if (outcome.in_force(r) && outcome.result(r) == Tri::kFalse) failed.push_back(r);
  }
  if (failed.size() > kMaxFailuresShown) return out;
  for (int r : failed) {
    for (auto& c : NotHolding(rules, outcome, r, depth)) out.push_back(std::move(c));
  }
  return out;
}

std::vector<ConditionCheck> NotHolding(const RuleSet& rules, const Outcome& outcome, int rule, int depth) {
  std::vector<const Expr*> atoms;
  const Expr& condition = rules.rule(rule).condition;
  if (outcome.result(rule) == Tri::kUnknown) {
    Unknowns(outcome, condition, atoms);
  } else if (outcome.result(rule) == Tri::kFalse || !outcome.evaluated(rule)) {
    Witness(rules, outcome, condition, false, atoms);
  }
  std::vector<ConditionCheck> checks;
  for (const Expr* atom : atoms) {
    checks.push_back(Check(rules, outcome, rules.rule(rule), *atom));
    ConditionCheck& c = checks.back();
    const bool derived = atom->lhs.attribute >= 0 && atom->lhs.field < 0 && rules.attribute(atom->lhs.attribute).derived;
    if (derived && c.result == Tri::kFalse && depth < kMaxReasonDepth) {
      c.because = WhyDerivedValue(rules, outcome, atom->lhs.attribute, depth + 1);
    }
  }
  return checks;
}

}  // namespace

std::vector<ConditionCheck> ExplainNotHolding(const RuleSet& rules, const Outcome& outcome, int rule) {
  if (outcome.result(rule) == Tri::kTrue && outcome.evaluated(rule)) return {};
  return NotHolding(rules, outcome, rule, 0);
}

std::vector<int> OverriddenBy(const RuleSet& rules, const Outcome& outcome, int rule) {
  std::vector<int> by;
  if (!outcome.overridden(rule)) return by;
  for (int r : rules.RulesConcluding(rules.rule(rule).concludes)) {
    const auto& ex = rules.rule(r).exception_to;
    if (outcome.evaluated(r) && outcome.result(r) == Tri::kTrue && std::find(ex.begin(), ex.end(), rule) != ex.end()) {
      by.push_back(r);
    }
  }
  return by;
}

std::pair<int, int> Nearness(const RuleSet& rules, const Outcome& outcome, int rule) {
  const Expr& c = rules.rule(rule).condition;
  std::vector<const Expr*> parts;
  if (c.kind == ExprKind::kAnd) {
    for (const auto& child : c.children) parts.push_back(&child);
  } else {
    parts.push_back(&c);
  }
  int failed = 0, unknown = 0;
  for (const Expr* p : parts) {
    Tri t = outcome.Evaluate(*p);
    if (t == Tri::kUnknown) ++unknown;
    if (t != Tri::kFalse) continue;
    // Failing an "is of this kind" test (an enum or text equality) means the rule is about
    // another kind of case: much farther than missing a threshold or a yes/no condition.
    const bool kind_test = p->kind == ExprKind::kCompare && p->lhs.field < 0 &&
                           (p->op == CompareOp::kEq || p->op == CompareOp::kIn) &&
                           (p->type == AttributeType::kEnum || p->type == AttributeType::kString);
    failed += kind_test ? 100 : 1;
  }
  return {failed, unknown};
}

bool FailedOnFacts(const RuleSet& rules, const Outcome& outcome, int rule) {
  // A rule the index never made a candidate failed on a gate: it is about another kind of case.
  if (!outcome.evaluated(rule) || outcome.result(rule) != Tri::kFalse) return false;
  if (!outcome.in_force(rule)) return false;
  std::vector<const Expr*> atoms;
  Witness(rules, outcome, rules.rule(rule).condition, false, atoms);
  // A derived premise that no rule even considered (e.g. "catalogue row 18 applies" for a pig
  // farm) means the rule is about another kind of case; a premise that was checked and failed
  // (e.g. "first offence") is a real reason.
  for (const Expr* atom : atoms) {
    if (atom->lhs.attribute < 0 || atom->lhs.field >= 0 || !rules.attribute(atom->lhs.attribute).derived) continue;
    bool considered = false;
    for (int r : rules.RulesConcluding(atom->lhs.attribute)) considered = considered || outcome.evaluated(r);
    if (!considered) return false;
  }
  return !atoms.empty();
}

std::string RenderDerivation(const RuleSet& rules, const Derivation& derivation, int depth) {
  const Rule& rule = rules.rule(derivation.rule);
  std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  std::string out = indent + "【" + rule.id + "】" + rule.title;
  if (!rule.source.document.empty()) out += "（依据：" + rule.source.ToString() + "）";
  out += "\n";
  for (const auto& c : derivation.matched) {
    if (c.attribute >= 0 && rules.attribute(c.attribute).derived) continue;  // shown as a premise
    out += indent + "  · " + c.text + "\n";
  }
  for (const auto& p : derivation.premises) out += RenderDerivation(rules, p, depth + 1);
  return out;
}

std::string RenderChecks(const std::vector<ConditionCheck>& checks, int depth) {
  const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  std::string out;
  for (const auto& c : checks) {
    out += indent + "· " + c.text + "\n";
    if (!c.because.empty()) {
      out += indent + "  因为：\n";
      out += RenderChecks(c.because, depth + 2);
    }
  }
  return out;
}

}  // namespace assistant::reasoner
