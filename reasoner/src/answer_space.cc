#include "reasoner/answer_space.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "reasoner/rule_set.h"

namespace assistant::reasoner {
namespace {

// A code set answer per tested code would be a decision per catalogue row (hundreds); an even
// sample of them tells the interview as much about how a code selects rules.
constexpr std::size_t kMaxCodeAnswers = 48;
constexpr std::size_t kMaxListMembers = 4;

struct Seen {
  std::set<double> cuts;           // numbers and dates
  std::set<std::string> texts;     // code prefixes, texts
  std::set<int> lists;             // in_list
};

void Visit(const Expr& e, std::vector<Seen>& seen) {
  if (e.kind == ExprKind::kCompare && e.lhs.field < 0 && e.lhs.attribute >= 0 && e.literal != LiteralKind::kReference) {
    Seen& s = seen[static_cast<std::size_t>(e.lhs.attribute)];
    switch (e.type) {
      case AttributeType::kNumber:
        if (e.literal == LiteralKind::kNumber) s.cuts.insert(e.number);
        break;
      case AttributeType::kDate:
        s.cuts.insert(e.number);  // the literal's resolved day number
        break;
      case AttributeType::kCodeSet:
      case AttributeType::kString:
        if (e.op == CompareOp::kInList) {
          s.lists.insert(e.list);
        } else {
          s.texts.insert(e.strings.begin(), e.strings.end());
        }
        break;
      default:
        break;
    }
  }
  for (const auto& c : e.children) Visit(c, seen);
}

// Just below each cut, at it, and above the last: every interval the rules can tell apart.
// Dates step by a day; quantities by a thousandth of the cut (at least 0.01).
std::vector<Value> Cuts(const std::set<double>& cuts, bool days) {
  std::vector<Value> out;
  if (cuts.empty()) return out;
  for (double t : cuts) {
    out.push_back(Value::Number(t - (days ? 1.0 : std::max(0.01, std::fabs(t) * 0.001))));
    out.push_back(Value::Number(t));
  }
  const double top = *cuts.rbegin();
  out.push_back(Value::Number(top + (days ? 1.0 : std::max(1.0, std::fabs(top)))));
  return out;
}

}  // namespace

std::shared_ptr<const AnswerSpace> AnswerSpace::Build(const std::vector<Attribute>& attributes,
                                                      const std::vector<Rule>& rules,
                                                      const std::vector<NamedList>& lists) {
  std::vector<Seen> seen(attributes.size());
  for (const auto& rule : rules) Visit(rule.condition, seen);
  auto space = std::make_shared<AnswerSpace>();
  space->answers_.resize(attributes.size());
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    const Attribute& a = attributes[i];
    if (a.derived) continue;
    auto& out = space->answers_[i];
    const Seen& s = seen[i];
    switch (a.type) {
      case AttributeType::kBool:
        out = {Value::Bool(true), Value::Bool(false)};
        break;
      case AttributeType::kEnum:
        for (std::size_t v = 0; v < a.values.size(); ++v) out.push_back(Value::Enum(static_cast<int>(v)));
        break;
      case AttributeType::kSet:
        out.push_back(Value());  // none of them
        for (std::size_t v = 0; v < a.values.size(); ++v) {
          Value one;
          one.members = {static_cast<int>(v)};
          out.push_back(one);
        }
        break;
      case AttributeType::kNumber:
        out = Cuts(s.cuts, false);
        break;
      case AttributeType::kDate:
        out = Cuts(s.cuts, true);
        break;
      case AttributeType::kCodeSet: {
        const std::vector<std::string> codes(s.texts.begin(), s.texts.end());
        const std::size_t n = std::min(codes.size(), kMaxCodeAnswers);
        for (std::size_t k = 0; k < n; ++k) {
          Value v;
          v.codes = {codes[k * codes.size() / n]};
          out.push_back(v);
        }
        break;
      }
      case AttributeType::kString: {
        for (const auto& text : s.texts) {
          Value v;
          v.text = text;
          out.push_back(v);
        }
        for (int l : s.lists) {
          const auto& members = lists[static_cast<std::size_t>(l)].members;
          for (std::size_t m = 0; m < members.size() && m < kMaxListMembers; ++m) {
            Value v;
            v.text = members[m].id;
            out.push_back(v);
          }
        }
        if (!out.empty()) {
          Value other;  // a text no rule names: not on any list, equal to no literal
          other.text = "\x1f";
          out.push_back(other);
        }
        break;
      }
      case AttributeType::kRecords: {
        out.push_back(Value());  // no records
        Value some;
        Record unknown;
        unknown.values.resize(a.fields.size());
        unknown.known.assign(a.fields.size(), false);
        some.records.push_back(unknown);
        out.push_back(some);
        break;
      }
    }
  }
  return space;
}

}  // namespace assistant::reasoner
