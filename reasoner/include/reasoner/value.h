// Attributes (the facts and decisions the knowledge base knows of) and the values they take.
//
// Attributes are interned: rules, cases and working memory refer to them by index into the
// RuleSet's attribute table, so matching never compares strings.
// Thread-safety: value types; immutable once the RuleSet is built.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assistant::reasoner {

enum class AttributeType {
  kNumber,   // a quantity in the attribute's unit
  kBool,     // yes / no
  kEnum,     // one of `values`
  kSet,      // any subset of `values`; the empty set means "none of them", not "unknown"
  kCodeSet,  // a set of codes (strings matching `pattern`), e.g. GB/T 4754-2017 industry codes
  kString,   // free text such as a 统一社会信用代码; compared whole
  kDate,     // a civil date, held as days since 1970-01-01
  kRecords,  // a list of records with the fields in `fields` (prior offences, …)
};

std::string_view AttributeTypeName(AttributeType type);
std::optional<AttributeType> ParseAttributeType(std::string_view name);

// How several rules concluding the same attribute combine.
enum class Combine {
  kUnique,    // at most one value may hold; two rules disagreeing without an exception is a conflict
  kMax,       // ordered enum: the highest concluded value wins (e.g. 名录第四条)
  kPriority,  // the holding rule with the highest `priority` wins (a document that ranks its entries)
  kUnion,     // set decisions: every holding rule adds its members
};
std::string_view CombineName(Combine combine);
std::optional<Combine> ParseCombine(std::string_view name);

struct EnumValue {
  std::string id;     // stable ASCII id used in rules and cases
  std::string label;  // display text (Chinese)
  std::string group;  // optional grouping (e.g. 第三条 class1/class2/class3)
};

struct Attribute {
  std::string id;
  AttributeType type = AttributeType::kBool;
  std::string label;
  std::string unit;
  std::string question;
  std::string help;
  std::string source;
  std::string pattern;            // kCodeSet only: ECMAScript regex every code must match
  std::vector<EnumValue> values;  // kEnum / kSet
  std::vector<Attribute> fields;  // kRecords: the fields of each record (ids without dots)

  bool derived = false;   // concluded by rules, never given by a case
  bool decision = false;  // a question the knowledge base answers (reported in every outcome)
  bool ordered = false;   // kEnum: `values` run from lowest to highest
  Combine combine = Combine::kUnique;
  std::string combine_source;  // the legal basis for combining (名录第四条)
  // Value when every rule concluding this attribute is known not to hold. Derived booleans
  // default to false (closed world over rules); decisions may name a value and its reason.
  std::optional<int> default_value;
  std::string default_reason;
  // Ordered enum decisions about past acts (lightest value first): when set, an act is judged by
  // the rules in force on the day it happened unless the rules in force on the day of the
  // decision give a lighter value (行政处罚法 第三十七条). Holds the citation.
  std::string later_lighter_rule;
  // How hard the question is to answer (1 = at once, higher = needs documents or a site visit);
  // the interview asks cheaper questions first when they settle as much.
  int ask_cost = 1;

  // Index of value `id` in `values`, or -1.
  int ValueIndex(std::string_view value_id) const;
  // Index of field `id` in `fields`, or -1.
  int FieldIndex(std::string_view field_id) const;
};

struct Record;

// One fact's value. Which member is meaningful depends on the attribute's type.
struct Value {
  double number = 0;               // kNumber; kDate: days since 1970-01-01
  bool boolean = false;            // kBool
  int enum_index = -1;             // kEnum
  std::vector<int> members;        // kSet: sorted value indices
  std::vector<std::string> codes;  // kCodeSet: sorted
  std::string text;                // kString
  std::vector<Record> records;     // kRecords

  // Defined below Record: constructing a Value needs Record complete (clang instantiates
  // std::vector<Record>'s destructor here, where GCC waits for the end of the file).
  static Value Number(double v);
  static Value Bool(bool v);
  static Value Enum(int index);

  bool SameAs(const Value& other, AttributeType type) const;
};

// One record of a kRecords fact: a value per field; a field not given is unknown.
struct Record {
  std::vector<Value> values;
  std::vector<bool> known;
};

inline Value Value::Number(double v) { Value x; x.number = v; return x; }
inline Value Value::Bool(bool v) { Value x; x.boolean = v; return x; }
inline Value Value::Enum(int index) { Value x; x.enum_index = index; return x; }

// Renders a value for people: numbers with unit, labels for enum values, "是"/"否".
std::string DescribeValue(const Attribute& attribute, const Value& value);
// Renders a value with ids, for logs, receipts and tests: 5000, true, "report_form", ["a","b"].
std::string ValueToken(const Attribute& attribute, const Value& value);

// Three-valued truth for reasoning with facts that are not known yet (Kleene logic).
enum class Tri { kFalse, kTrue, kUnknown };
std::string_view TriName(Tri t);

}  // namespace assistant::reasoner
