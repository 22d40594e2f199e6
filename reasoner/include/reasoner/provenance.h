// Provenance: what an answer rests on, and where that came from.
//
// A case's facts are declared by the applicant unless the case marks them checked by staff
// (CaseFacts::sources). A condition that consults a named list of the knowledge base
// (`applicant.credit_code in_list "credit.blacklist.golmud"`) rests on that list as well as on
// the fact it looks up. A derived fact rests on what its derivation rests on: the conditions
// that made its rule hold (and the exceptions to that rule that did not hold) or, when it took
// its default because no rule held, the conditions on which each of its rules failed. A decision
// rests on its deciding rules' derivations and, where a rule for a higher value (combine max) or
// a higher priority (combine priority) could have won, on why those failed.
//
// The kinds, weakest first:
//   declared  the applicant's word, not verified;
//   list      the knowledge base's copy of a published list: as current as the knowledge base,
//             and (docs/sources/credit.md) able to prove a listing, never its absence;
//   checked   confirmed by staff against documents or records on the day.
// A provenance records every fact and list behind a conclusion; its kind is the weakest of them,
// and it "rests on declared facts only" when it rests on some declared fact and on nothing else.
// Thread-safety: a ProvenanceTracer is used by one thread; it only reads the RuleSet and Outcome.
#pragma once

#include <map>
#include <string_view>
#include <vector>

#include "reasoner/engine.h"
#include "reasoner/explain.h"

namespace assistant::reasoner {

enum class SourceKind { kDeclared, kList, kChecked };  // weakest first
std::string_view SourceKindName(SourceKind kind);

struct Provenance {
  std::vector<int> declared;  // input attributes declared by the applicant, ascending
  std::vector<int> checked;   // input attributes checked by staff, ascending
  std::vector<int> lists;     // named lists consulted (indices into RuleSet::lists()), ascending

  bool empty() const { return declared.empty() && checked.empty() && lists.empty(); }
  // REQUIRES: !empty().
  SourceKind weakest() const;
  bool DeclaredOnly() const { return !declared.empty() && checked.empty() && lists.empty(); }
  void Merge(const Provenance& other);
};

// Traces provenance through one Outcome, remembering each derived fact it has traced.
// REQUIRES: the Outcome (and the CaseFacts and RuleSet it refers to) outlive the tracer.
class ProvenanceTracer {
 public:
  ProvenanceTracer(const RuleSet& rules, const Outcome& outcome) : rules_(rules), outcome_(outcome) {}

  // A fact's provenance: its source when the case gives it, its derivation's when derived;
  // empty when unknown (an unknown fact supports nothing).
  Provenance OfFact(int attribute);
  // One checked condition: the facts it reads and the list it consults.
  Provenance OfCondition(const ConditionCheck& check);
  // A rule's derivation: its conditions, the derived facts they read, and the exceptions to the
  // rule that did not hold.
  Provenance OfDerivation(const Derivation& derivation);
  // Why a rule did not hold: the facts behind its failed conditions.
  Provenance OfFailure(int rule);
  // Everything a decision's value rests on (see the file comment); empty when nothing is settled.
  Provenance OfDecision(const Decision& decision);

 private:
  Provenance OfChecks(const std::vector<ConditionCheck>& checks);
  Provenance OfExceptions(int rule);

  const RuleSet& rules_;
  const Outcome& outcome_;
  std::map<int, Provenance> derived_;  // traced derived facts
  std::map<int, Provenance> failed_;   // traced rule failures
};

}  // namespace assistant::reasoner
