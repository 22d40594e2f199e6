#include "reasoner/provenance.h"

#include <algorithm>

namespace assistant::reasoner {
namespace {

void Insert(std::vector<int>& sorted, int v) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), v);
  if (it == sorted.end() || *it != v) sorted.insert(it, v);
}

void MergeSorted(std::vector<int>& into, const std::vector<int>& from) {
  for (int v : from) Insert(into, v);
}

}  // namespace

std::string_view SourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::kDeclared: return "declared";
    case SourceKind::kList: return "list";
    case SourceKind::kChecked: return "checked";
  }
  return "?";
}

SourceKind Provenance::weakest() const {
  if (!declared.empty()) return SourceKind::kDeclared;
  if (!lists.empty()) return SourceKind::kList;
  return SourceKind::kChecked;
}

void Provenance::Merge(const Provenance& other) {
  MergeSorted(declared, other.declared);
  MergeSorted(checked, other.checked);
  MergeSorted(lists, other.lists);
}

Provenance ProvenanceTracer::OfFact(int attribute) {
  Provenance p;
  if (outcome_.fact(attribute) == nullptr) return p;  // unknown or unsettled: supports nothing
  const Attribute& a = rules_.attribute(attribute);
  if (!a.derived) {
    Insert(outcome_.source(attribute) == FactSource::kChecked ? p.checked : p.declared, attribute);
    return p;
  }
  if (auto it = derived_.find(attribute); it != derived_.end()) return it->second;
  // The same derivation the explanation shows: the first holding rule that was not overridden
  // (every winner for a union, whose value is made of all of them).
  bool held = false;
  for (int r : rules_.RulesConcluding(attribute)) {
    if (!outcome_.evaluated(r) || outcome_.result(r) != Tri::kTrue || outcome_.overridden(r) || !outcome_.in_force(r)) {
      continue;
    }
    p.Merge(OfDerivation(ExplainHolding(rules_, outcome_, r)));
    held = true;
    if (a.combine != Combine::kUnion) break;
  }
  if (!held) {  // the default: every rule in force failed
    for (int r : rules_.RulesConcluding(attribute)) p.Merge(OfFailure(r));
  }
  derived_[attribute] = p;
  return p;
}

Provenance ProvenanceTracer::OfCondition(const ConditionCheck& check) {
  Provenance p;
  for (int a : check.reads) p.Merge(OfFact(a));
  if (check.list >= 0) Insert(p.lists, check.list);
  return p;
}

Provenance ProvenanceTracer::OfChecks(const std::vector<ConditionCheck>& checks) {
  Provenance p;
  for (const auto& c : checks) p.Merge(OfCondition(c));
  return p;
}

Provenance ProvenanceTracer::OfExceptions(int rule) {
  // A rule's conclusion stands also because the exceptions to it did not hold.
  Provenance p;
  for (int x : rules_.RulesConcluding(rules_.rule(rule).concludes)) {
    const auto& over = rules_.rule(x).exception_to;
    if (std::find(over.begin(), over.end(), rule) != over.end()) p.Merge(OfFailure(x));
  }
  return p;
}

Provenance ProvenanceTracer::OfDerivation(const Derivation& derivation) {
  Provenance p = OfChecks(derivation.matched);
  p.Merge(OfExceptions(derivation.rule));
  return p;
}

Provenance ProvenanceTracer::OfFailure(int rule) {
  Provenance p;
  // A rule not in force that day or place failed on the calendar, not on any fact.
  if (!outcome_.in_force(rule)) return p;
  const bool failed = outcome_.evaluated(rule) ? outcome_.result(rule) == Tri::kFalse
                                               : outcome_.Evaluate(rules_.rule(rule).condition) == Tri::kFalse;
  if (!failed) return p;
  if (auto it = failed_.find(rule); it != failed_.end()) return it->second;
  std::vector<const Expr*> atoms;
  DecidingAtoms(rules_, outcome_, rules_.rule(rule).condition, false, atoms);
  for (const Expr* atom : atoms) {
    ForEachAttribute(*atom, [&](int read) { p.Merge(OfFact(read)); });
    if (atom->kind == ExprKind::kCompare && atom->op == CompareOp::kInList) Insert(p.lists, atom->list);
  }
  failed_[rule] = p;
  return p;
}

Provenance ProvenanceTracer::OfDecision(const Decision& decision) {
  Provenance p;
  if (decision.status != DecisionStatus::kDetermined && decision.status != DecisionStatus::kUndetermined) return p;
  const Attribute& a = rules_.attribute(decision.attribute);
  if (decision.by_default) {
    for (int r : rules_.RulesConcluding(decision.attribute)) p.Merge(OfFailure(r));
    return p;
  }
  if (decision.because.empty()) return p;
  for (int r : decision.because) p.Merge(OfDerivation(ExplainHolding(rules_, outcome_, r)));
  if (decision.status != DecisionStatus::kDetermined || !decision.value) return p;
  // Rules that would have beaten the winners had they held: their failure is part of the answer.
  const Rule& first = rules_.rule(decision.because.front());
  for (int r : rules_.RulesConcluding(decision.attribute)) {
    const Rule& rule = rules_.rule(r);
    const bool rival = (a.combine == Combine::kMax && rule.value.enum_index > decision.value->enum_index) ||
                       (a.combine == Combine::kPriority && rule.priority > first.priority &&
                        !rule.value.SameAs(*decision.value, a.type));
    if (rival) p.Merge(OfFailure(r));
  }
  return p;
}

}  // namespace assistant::reasoner
