// Conditions of rules: a small expression language a policy officer can read.
//
//   livestock.annual_output_pig_eq >= 5000 and livestock.is_scale_farm
//   site.sensitive_areas has_any ["nature_reserve", "national_park"]
//   project.industry_codes has_prefix "135"
//   applicant.credit_code in_list "credit.blacklist.golmud"
//   no offence.priors where kind == offence.kind and date >= offence.date - 1 years and date < offence.date
//
// Grammar (`and` binds tighter than `or`; `not` tighter than both):
//   expr    := and ('or' and)*
//   and     := unary ('and' unary)*
//   unary   := 'not' unary | ('any' | 'no') NAME 'where' unary | primary
//   primary := '(' expr ')' | 'true' | 'false' | 'sensitive' | NAME [ op operand ]
//   op      := '>=' | '>' | '<=' | '<' | '==' | '!=' | 'in' | 'has' | 'has_any' | 'has_prefix' | 'in_list'
//   operand := NUMBER | STRING | 'true' | 'false' | '[' STRING (',' STRING)* ']'
//            | NAME [ ('+' | '-') NUMBER [ 'days' | 'months' | 'years' ] ]
// Inside `where`, a NAME without a dot is a field of the record.
//
// Parsing yields an unresolved tree (names as written); ResolveExpr() binds names to attributes,
// fields and lists and checks types, so every error can point at the column of the mistake.
// Thread-safety: immutable after ResolveExpr().
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reasoner/value.h"

namespace assistant::reasoner {

enum class ExprKind {
  kConst,       // true / false
  kAnd,
  kOr,
  kNot,
  kTest,        // NAME alone: a bool attribute (or field) is true
  kCompare,     // NAME op operand
  kQuantifier,  // any / no RECORDS where CONDITION (children[0])
  kSensitive,   // catalogue rows only; replaced by the row's area test before ResolveExpr()
};

enum class CompareOp { kLt, kLe, kGt, kGe, kEq, kNe, kIn, kHas, kHasAny, kHasPrefix, kInList };
std::string_view CompareOpText(CompareOp op);

enum class LiteralKind {
  kNone,
  kNumber,
  kString,     // a value id, a text, a code prefix, a list id, or (for dates) "YYYY-MM-DD"
  kBool,
  kList,       // ["a", "b"]
  kReference,  // another fact or field, with an optional offset
};

enum class OffsetUnit { kNone, kDays, kMonths, kYears };

// A name in a condition bound to what it denotes.
struct Operand {
  std::string name;    // as written
  int attribute = -1;  // the fact, or for a field the records fact that holds it
  int field = -1;      // >= 0: a field of the current record
};

struct Expr {
  ExprKind kind = ExprKind::kConst;
  bool constant = true;          // kConst
  bool negated = false;          // kQuantifier: `no` rather than `any`
  std::vector<Expr> children;    // kAnd / kOr / kNot / kQuantifier
  Operand lhs;                   // kTest / kCompare / kQuantifier (the records fact)
  CompareOp op = CompareOp::kEq;
  LiteralKind literal = LiteralKind::kNone;
  double number = 0;             // kNumber; dates: resolved day number of the kString literal
  bool boolean = false;
  std::vector<std::string> strings;  // kString (one) or kList
  std::vector<int> value_indices;    // resolved enum/set value indices of `strings`
  std::vector<int> symbols;          // string fact ==, != or in: `strings` interned (RuleSet::Build)
  int list = -1;                     // kInList: resolved list index
  Operand rhs;                       // kReference
  double offset = 0;                 // kReference: `+ offset unit` (negative for '-')
  OffsetUnit unit = OffsetUnit::kNone;
  AttributeType type = AttributeType::kBool;  // resolved type of the left operand
  int offset_in_text = 0;            // byte offset of this node in the source text
  int literal_offset = 0;            // byte offset of the operand

  // Renders back to source form; parsing the rendering gives the same tree.
  std::string ToString() const;
};

// A parse or resolve error at `offset` bytes into the expression text.
struct ExprError {
  int offset = 0;
  std::string message;
};

// Parses `text`. On failure returns nullopt and fills `error` with the first error.
std::optional<Expr> ParseExpr(std::string_view text, ExprError* error);

// What names resolve against.
struct AttributeLookup {
  std::function<int(std::string_view)> index_of;               // -1 when unknown
  std::function<const Attribute*(int)> attribute;
  std::function<std::vector<std::string>()> all_ids;           // for "did you mean"
  std::function<int(std::string_view)> list_index_of;          // -1 when unknown (may be empty)
  std::function<std::vector<std::string>()> all_list_ids;
};

// Binds names to attributes, fields and lists, and checks that each operator suits the operand
// types and that enum literals are values of the attribute. Returns false and fills `error`
// on the first problem.
bool ResolveExpr(Expr& expr, const AttributeLookup& lookup, ExprError* error);

// Calls `visit` for every case attribute the expression reads (records facts for their fields).
void ForEachAttribute(const Expr& expr, const std::function<void(int)>& visit);

// Whether the expression tests the enum fact `attribute` for the value `value_index` (== or in),
// anywhere in it: the kinds of offence an exemption list names, say.
bool NamesValue(const Expr& expr, int attribute, int value_index);

// Adds a calendar offset to a day number (days since 1970-01-01): months and years keep the day
// of the month where it exists and clamp to the month's end otherwise.
double AddOffset(double day, double amount, OffsetUnit unit);

}  // namespace assistant::reasoner
