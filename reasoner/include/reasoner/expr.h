// Conditions of rules: a small expression language a policy officer can read.
//
//   livestock.annual_output_pig_eq >= 5000 and livestock.is_scale_farm
//   site.sensitive_areas has_any ["nature_reserve", "national_park"]
//   project.industry_codes has_prefix "135"
//
// Grammar (`and` binds tighter than `or`; `not` tighter than both):
//   expr    := and ('or' and)*
//   and     := unary ('and' unary)*
//   unary   := 'not' unary | primary
//   primary := '(' expr ')' | 'true' | 'false' | 'sensitive'
//            | NAME [ op literal ]
//   op      := '>=' | '>' | '<=' | '<' | '==' | '!=' | 'in' | 'has' | 'has_any' | 'has_prefix'
//   literal := NUMBER | STRING | 'true' | 'false' | '[' STRING (',' STRING)* ']'
//
// Parsing yields an unresolved tree (names as written); Resolve() binds names to attributes and
// checks types, so every error can point at the column where the mistake is.
// Thread-safety: immutable after Resolve(); Evaluate() is const.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "reasoner/value.h"

namespace assistant::reasoner {

enum class ExprKind {
  kConst,      // true / false
  kAnd,
  kOr,
  kNot,
  kTest,       // NAME alone: a bool attribute is true
  kCompare,    // NAME op literal
  kSensitive,  // catalogue rows only; replaced by the row's area test before Resolve()
};

enum class CompareOp { kLt, kLe, kGt, kGe, kEq, kNe, kIn, kHas, kHasAny, kHasPrefix };
std::string_view CompareOpText(CompareOp op);

enum class LiteralKind { kNone, kNumber, kString, kBool, kList };

struct Expr {
  ExprKind kind = ExprKind::kConst;
  bool constant = true;           // kConst
  std::vector<Expr> children;     // kAnd / kOr / kNot
  std::string name;               // kTest / kCompare: the attribute as written
  int attribute = -1;             // resolved index
  CompareOp op = CompareOp::kEq;
  LiteralKind literal = LiteralKind::kNone;
  double number = 0;
  bool boolean = false;
  std::vector<std::string> strings;  // kString (one) or kList
  std::vector<int> value_indices;    // resolved enum/set value indices of `strings`
  int offset = 0;                    // byte offset of this node in the source text
  int literal_offset = 0;            // byte offset of the literal

  // Renders back to source form; parsing the rendering gives the same tree.
  std::string ToString() const;
};

// A parse or resolve error at `offset` bytes into the expression text.
struct ExprError {
  int offset = 0;
  std::string message;
};

// Parses `text`. On failure returns the first error (with its byte offset).
std::optional<Expr> ParseExpr(std::string_view text, ExprError* error);

// Looks up attributes by id; returns nullptr (and index -1) for unknown names.
struct AttributeLookup {
  std::function<int(std::string_view)> index_of;
  std::function<const Attribute*(int)> attribute;
  std::function<std::vector<std::string>()> all_ids;  // for "did you mean"
};

// Binds names to attribute indices and checks that each operator suits the attribute's type and
// that enum literals are values of the attribute. Returns false and fills `error` on the first
// problem.
bool ResolveExpr(Expr& expr, const AttributeLookup& lookup, ExprError* error);

// Calls `visit` for every attribute index the expression reads.
void ForEachAttribute(const Expr& expr, const std::function<void(int)>& visit);

}  // namespace assistant::reasoner
