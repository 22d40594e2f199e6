// Engine: forward chaining over one case's facts with three-valued logic.
//
// Rules fire stratum by stratum (an attribute is settled once every rule that can conclude it
// has been evaluated), so a conclusion is never revised and the same facts always give the same
// outcome. A fact the case does not give is unknown; a decision that depends on it is
// "undetermined" and lists the facts that could settle it — the engine never guesses.
//
// Thread-safety: an Engine is immutable; Decide() is const and may run concurrently.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "reasoner/rule_set.h"
#include "reasoner/value.h"

namespace assistant::reasoner {

// The facts of one case, indexed by attribute; nullopt = unknown.
struct CaseFacts {
  explicit CaseFacts(std::size_t attribute_count) : values(attribute_count) {}
  std::vector<std::optional<Value>> values;
};

// For which day and place a question is asked. Rules apply where their jurisdiction contains
// `place` and on days within their period.
struct Query {
  Date date;
  std::string place = "cn";
};

enum class DecisionStatus {
  kDetermined,     // `value` holds
  kUndetermined,   // depends on facts not given; see `missing`
  kConflict,       // rules disagree with no stated priority: a question for the policy officer
  kNoRuleInForce,  // no rule for this decision is in force on that day in that place
  kNoRuleApplies,  // every rule is known not to hold and the attribute has no default
};
std::string_view DecisionStatusName(DecisionStatus status);

struct Decision {
  int attribute = -1;
  DecisionStatus status = DecisionStatus::kUndetermined;
  // kDetermined: the value. kUndetermined with combine max: the least value already certain.
  std::optional<Value> value;
  std::vector<int> because;       // holding rules that conclude `value` (the winners)
  bool by_default = false;        // value is the attribute's default: no rule held
  std::vector<int> open_rules;    // rules not yet decidable that could change the outcome
  std::vector<int> conflicting;   // kConflict: the disagreeing rules
  std::vector<int> missing;       // input attributes worth asking, most useful first
};

struct Outcome {
  std::vector<Decision> decisions;          // one per decision attribute, in declaration order
  std::vector<Tri> rule_results;            // per rule index; rules not in force are kFalse
  std::vector<bool> in_force;               // per rule index
  std::vector<bool> overridden;             // per rule index: held, but an exception overrode it
  std::vector<std::optional<Value>> facts;  // working memory when no rule can fire any more
};

class Engine {
 public:
  explicit Engine(std::shared_ptr<const RuleSet> rules) : rules_(std::move(rules)) {}

  Outcome Decide(const CaseFacts& facts, const Query& query) const;

  const RuleSet& rules() const { return *rules_; }

 private:
  std::shared_ptr<const RuleSet> rules_;
};

// Evaluates a resolved condition against working memory (three-valued).
Tri Evaluate(const Expr& expr, const std::vector<std::optional<Value>>& facts);

}  // namespace assistant::reasoner
