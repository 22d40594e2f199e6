// Engine: forward chaining over one case's facts with three-valued logic.
//
// Rules fire stratum by stratum (an attribute is settled once every rule that can conclude it
// has been evaluated), so a conclusion is never revised and the same facts always give the same
// outcome, whatever their order. A fact the case does not give is unknown; a decision that
// depends on it is "undetermined" and lists the facts that could settle it — never a guess.
// Only candidate rules are evaluated (RuleIndex): a rule whose every gate is false is false.
//
// Thread-safety: an Engine is immutable and shareable. A Session holds the working memory of
// one thread; reuse it for many cases to avoid allocations.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "reasoner/rule_set.h"
#include "reasoner/value.h"

namespace assistant::reasoner {

// Where a fact of a case came from. The engine decides the same whatever the source; the
// explanation says which reasons rest on the applicant's word alone (provenance.h).
enum class FactSource : std::uint8_t {
  kDeclared,  // declared by the applicant (at the kiosk, on a form): the default
  kChecked,   // checked by staff against documents or records
};
std::string_view FactSourceName(FactSource source);

// The facts of one case, indexed by attribute; nullopt = unknown.
struct CaseFacts {
  explicit CaseFacts(std::size_t attribute_count) : values(attribute_count) {}
  std::vector<std::optional<Value>> values;
  // Per attribute; an attribute past the end is declared. Empty: every fact is declared.
  std::vector<FactSource> sources;

  FactSource source(int attribute) const {
    const auto a = static_cast<std::size_t>(attribute);
    return a < sources.size() ? sources[a] : FactSource::kDeclared;
  }
};

// For which day, place and decisions a question is asked. Rules apply where their jurisdiction
// contains `place` and on days within their period.
struct Query {
  Date date;                   // the day the question is about (for an offence: the day of the act)
  std::string place = "cn";
  std::vector<int> decisions;  // decision attributes asked; empty = all of them
  // The day the decision is made, when later than `date`: decisions marked later_lighter_rule are
  // also decided under the rules of this day, and the lighter result is used.
  std::optional<Date> decided_on;
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
  // kDetermined: the value. kUndetermined with combine max/union: what is already certain.
  // Points into the RuleSet or the Outcome's session; valid as long as the Outcome is.
  const Value* value = nullptr;
  std::vector<int> because;       // holding rules that produced `value` (the winners)
  bool by_default = false;        // value is the attribute's default: no rule held
  std::vector<int> open_rules;    // rules not yet decidable that could change the outcome
  std::vector<int> conflicting;   // kConflict: the disagreeing rules
  std::vector<int> missing;       // input attributes worth asking, most useful first
  // Which day's rules decided: `date`, or `decided_on` when the later rules were lighter.
  Date rules_of{};
  bool later_rules_lighter = false;  // the later rules were applied (行政处罚法 第三十七条)
  bool later_rules_compared = false; // the later rules were consulted at all
};

class Session;

// The result of one Decide(). It refers to the CaseFacts and the RuleSet it was decided from:
// keep both alive while reading it.
class Outcome {
 public:
  const std::vector<Decision>& decisions() const { return decisions_; }
  const Query& query() const { return query_; }
  const RuleSet& rules() const { return *rules_; }

  Tri result(int rule) const { return Fresh(rule) ? static_cast<Tri>(result_[Index(rule)]) : Tri::kFalse; }
  bool in_force(int rule) const;
  bool evaluated(int rule) const { return Fresh(rule); }
  bool overridden(int rule) const { return Fresh(rule) && overridden_[Index(rule)]; }
  // The working memory at the end: a fact's value, or nullptr when unknown.
  const Value* fact(int attribute) const { return facts_[static_cast<std::size_t>(attribute)]; }
  const std::vector<const Value*>& facts() const { return facts_; }
  // Where a fact the case gives came from (declared unless the case says checked).
  FactSource source(int attribute) const { return given_ ? given_->source(attribute) : FactSource::kDeclared; }

  // Evaluates a condition against the final working memory (for explanations).
  Tri Evaluate(const Expr& expr) const;

 private:
  friend class Session;
  friend class Engine;
  static std::size_t Index(int rule) { return static_cast<std::size_t>(rule); }
  bool Fresh(int rule) const { return stamp_[Index(rule)] == epoch_; }

  const RuleSet* rules_ = nullptr;
  Query query_;
  std::vector<Decision> decisions_;
  std::vector<const Value*> facts_;
  const CaseFacts* given_ = nullptr;   // the case decided (its values and sources)
  std::vector<std::uint32_t> stamp_;   // a rule's slots below are valid only when stamp == epoch
  std::vector<std::uint8_t> result_;
  std::vector<std::uint8_t> in_force_;
  std::vector<std::uint8_t> overridden_;
  std::uint32_t epoch_ = 0;
  std::shared_ptr<const void> keep_alive_;  // the session state decision values point into, if copied out
};

class Engine {
 public:
  explicit Engine(std::shared_ptr<const RuleSet> rules) : rules_(std::move(rules)) {}

  // Convenience for one-off decisions: a fresh Session per call.
  Outcome Decide(const CaseFacts& facts, const Query& query) const;

  const RuleSet& rules() const { return *rules_; }
  const std::shared_ptr<const RuleSet>& shared_rules() const { return rules_; }

 private:
  std::shared_ptr<const RuleSet> rules_;
};

// Working memory and agenda for one thread, reused across cases.
class Session {
 public:
  explicit Session(const Engine& engine);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Decides `facts` for `query`. The reference stays valid until the next Decide().
  const Outcome& Decide(const CaseFacts& facts, const Query& query);

  // Whether undetermined decisions list their missing facts (on by default). Look-ahead, which
  // only needs to know whether a decision settles, turns it off.
  void set_rank_missing(bool on);

  struct State;

 private:
  std::unique_ptr<State> state_;
};

// Evaluates a resolved condition (three-valued). `record` is the current record inside `where`.
struct EvalContext {
  const std::vector<const Value*>* facts = nullptr;
  const RuleSet* rules = nullptr;
  Date day;
  const Record* record = nullptr;
  // Per attribute: the string fact's symbol (RuleSet::symbols(), -1 for a text no rule names).
  // The compiled conditions (ConditionProgram) compare symbols when given and texts when null, with
  // the same result; Evaluate() on a condition tree always compares texts.
  const std::vector<int>* symbols = nullptr;
};
Tri Evaluate(const Expr& expr, const EvalContext& context);

}  // namespace assistant::reasoner
