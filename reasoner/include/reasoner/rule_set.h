// RuleSet: the compiled, immutable form of a knowledge base: interned attributes, rules with
// resolved conditions, and the evaluation order (strata) the engine follows.
//
// Built once (by kb/ from sources or from the SQLite file), then shared by every request.
// Thread-safety: immutable after Build(); all methods are const and safe to call concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/result.h"
#include "reasoner/condition_program.h"
#include "reasoner/expr.h"
#include "reasoner/symbol_table.h"
#include "reasoner/value.h"

namespace assistant::reasoner {

// The legal basis of a rule: document, its number, and the article / row within it.
struct Citation {
  std::string document;  // 建设项目环境影响评价分类管理名录（2021年版）
  std::string number;    // 生态环境部令第16号
  std::string article;   // 第五条 / 第3行（二、畜牧业）报告书栏

  std::string ToString() const;  // 《document》（number）article
};

enum class RuleKind {
  kRule,           // a free-standing rule from a `rules` file
  kCatalogueCell,  // one cell of a catalogue row (row x column)
  kRowApplies,     // compiler-made: a catalogue row applies to the project
  kListed,         // compiler-made: some row of the catalogue applies
};
std::string_view RuleKindName(RuleKind kind);

struct Rule {
  std::string id;
  std::string title;
  RuleKind kind = RuleKind::kRule;
  Citation source;
  std::string jurisdiction = "cn";  // applies in this place and every place inside it
  Period in_force;
  std::string condition_text;       // as written (for display and for the SQLite file)
  Expr condition;                   // resolved
  int concludes = -1;               // attribute index
  Value value;                      // the concluded value
  std::vector<int> exception_to;    // rule indices this rule overrides when both hold
  int priority = 0;                 // agenda order; decides only under `combine: priority`
  std::string text;                 // verbatim source text of a catalogue cell
  std::string note;                 // interpretation and what it rests on
  std::string unclear;              // why the source cannot be encoded exactly, if it cannot
  SourceLocation where;             // where the rule is written
  std::string catalogue;            // catalogue rows: catalogue id, row number and column
  int row = 0;
  std::string column;

  // Whether golden cases must exercise this rule (compiler-made helper rules need not).
  bool NeedsCoverage() const { return kind == RuleKind::kRule || kind == RuleKind::kCatalogueCell; }
  bool InForce(Date day, std::string_view place) const;
};

// A list a rule refers to by id: a credit blacklist, a positive list, … Each member may have
// its own period (e.g. "excluded from new projects for two years").
struct ListMember {
  std::string id;
  std::string label;
  Period period;
};

struct NamedList {
  std::string id;
  std::string title;
  Citation source;
  std::string jurisdiction = "cn";
  Period in_force;
  std::vector<ListMember> members;
  SourceLocation where;

  // True when `id` is a member whose period (and the list's) contains `day`.
  // REQUIRES: Index() was called after the members were last changed (RuleSet::Build does).
  bool Contains(std::string_view member_id, Date day) const;
  void Index();

 private:
  SymbolTable ids_;                                 // member id -> symbol (attribute 0), for lookups
  std::vector<std::vector<std::size_t>> positions_;  // per symbol: the members with that id
};

// Attributes with an id index; used while compiling and by the RuleSet.
class AttributeTable {
 public:
  // Returns the new index, or -1 if `id` already exists.
  int Add(Attribute attribute);
  int IndexOf(std::string_view id) const;
  const Attribute& at(int index) const { return attributes_[static_cast<std::size_t>(index)]; }
  Attribute& mutable_at(int index) { return attributes_[static_cast<std::size_t>(index)]; }
  const std::vector<Attribute>& all() const { return attributes_; }
  // Resolves names against these attributes and, when given, these lists.
  AttributeLookup Lookup(const std::vector<NamedList>* lists = nullptr) const;

 private:
  std::vector<Attribute> attributes_;
  std::map<std::string, int, std::less<>> index_;
};

// Provenance of a compiled knowledge base, carried into every answer.
struct KbInfo {
  int schema_version = 0;
  std::string content_hash;  // sha-256 of the canonical content: the knowledge-base version
  std::string source_digest; // sha-256 of the source files as read
};

class RuleSet {
 public:
  // Checks the dependency graph (a rule reading an attribute that depends on its own
  // conclusion is a cycle; so is a loop of exception_to) and fixes the evaluation order.
  // REQUIRES: every rule's condition is resolved against `attributes`.
  // Returns an Error naming the rules on the cycle, with the first rule's location.
  static Result<std::shared_ptr<const RuleSet>> Build(AttributeTable attributes, std::vector<Rule> rules,
                                                      std::vector<NamedList> lists, KbInfo info);

  const std::vector<Attribute>& attributes() const { return attributes_.all(); }
  const Attribute& attribute(int index) const { return attributes_.at(index); }
  const std::vector<Rule>& rules() const { return rules_; }
  const Rule& rule(int index) const { return rules_[static_cast<std::size_t>(index)]; }
  const KbInfo& info() const { return info_; }
  const std::vector<NamedList>& lists() const { return lists_; }
  int ListIndex(std::string_view id) const;

  int AttributeIndex(std::string_view id) const { return attributes_.IndexOf(id); }
  int RuleIndex(std::string_view id) const;
  const std::vector<int>& RulesConcluding(int attribute) const {
    return concluded_by_[static_cast<std::size_t>(attribute)];
  }
  // Rule indices in evaluation order: by stratum (an attribute's rules come after the rules of
  // every attribute they read), then priority (higher first), then source order.
  const std::vector<int>& agenda() const { return agenda_; }
  // Derived attributes in the order they are settled.
  const std::vector<int>& settle_order() const { return settle_order_; }
  // Attributes marked `decision`, in declaration order.
  const std::vector<int>& decisions() const { return decisions_; }
  // Stratum of an attribute: 0 for facts a case gives, 1 + the strata its rules read otherwise.
  int level(int attribute) const { return levels_[static_cast<std::size_t>(attribute)]; }
  int max_level() const { return max_level_; }
  // Position of a rule on the agenda (lower fires first).
  int rank(int rule) const { return rank_[static_cast<std::size_t>(rule)]; }
  // Derived attributes of one stratum.
  const std::vector<int>& AttributesAtLevel(int level) const { return at_level_[static_cast<std::size_t>(level)]; }

  // The texts rules compare string facts with, interned (see symbol_table.h).
  const SymbolTable& symbols() const { return symbols_; }
  // Every rule's condition compiled for the engine (see condition_program.h).
  const ConditionProgram& program() const { return program_; }
  // The matching index (see rule_index.h): which rules can hold given an attribute's value.
  const class RuleIndex& index() const { return *index_; }
  // The answers worth trying for each fact when looking ahead (see answer_space.h).
  const class AnswerSpace& answers() const { return *answers_; }
  // Bit d is set when the rule is in the dependency cone of decision number d (position in
  // decisions()); rules of more than 64 decisions set every bit.
  std::uint64_t decision_bits(int rule) const { return decision_bits_[static_cast<std::size_t>(rule)]; }
  // The same for an attribute: the decisions whose cone holds a rule concluding it.
  std::uint64_t attribute_decision_bits(int attribute) const {
    return attribute_bits_[static_cast<std::size_t>(attribute)];
  }

 private:
  RuleSet() = default;
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  AttributeTable attributes_;
  std::vector<Rule> rules_;
  KbInfo info_;
  std::map<std::string, int, std::less<>> rule_index_;
  std::vector<std::vector<int>> concluded_by_;
  std::vector<int> agenda_;
  std::vector<int> settle_order_;
  std::vector<int> decisions_;
  std::vector<int> levels_;
  int max_level_ = 0;
  std::vector<int> rank_;
  std::vector<std::vector<int>> at_level_;
  std::vector<NamedList> lists_;
  std::map<std::string, int, std::less<>> list_index_;
  SymbolTable symbols_;
  ConditionProgram program_;  // points into rules_: a RuleSet is neither copied nor moved
  std::shared_ptr<const class RuleIndex> index_;
  std::shared_ptr<const class AnswerSpace> answers_;
  std::vector<std::uint64_t> decision_bits_;
  std::vector<std::uint64_t> attribute_bits_;
};

}  // namespace assistant::reasoner
