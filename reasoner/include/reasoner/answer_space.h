// AnswerSpace: for each fact a case can give, the answers worth trying when looking ahead — one
// per region of its values the rules tell apart. Built once per RuleSet (the interview and its
// benchmark look ahead thousands of times; rescanning every rule per question is what made the
// penalty interview slow).
//
//   yes/no             true, false
//   enum               every value
//   set                none of them, and each single member
//   number, date       just below each threshold a rule compares it with, at it, and above the last
//   code set           each code or code prefix the rules test (an even sample when there are many)
//   text               each text the rules compare it with, a member of each list they look it up
//                      in, and one text no rule names
//   records            none, and one record whose fields are all unknown (“some record”)
// A date compared only with other facts (`offence.discovered_date - offence.date`) has no
// thresholds of its own and so no answers: the interview cannot look ahead on it.
// Thread-safety: immutable after Build().
#pragma once

#include <memory>
#include <vector>

#include "reasoner/value.h"

namespace assistant::reasoner {

struct Rule;
struct NamedList;

class AnswerSpace {
 public:
  static std::shared_ptr<const AnswerSpace> Build(const std::vector<Attribute>& attributes,
                                                  const std::vector<Rule>& rules,
                                                  const std::vector<NamedList>& lists);

  // The answers to try for `attribute`; empty for derived attributes and for facts without any.
  const std::vector<Value>& of(int attribute) const { return answers_[static_cast<std::size_t>(attribute)]; }

 private:
  std::vector<std::vector<Value>> answers_;
};

}  // namespace assistant::reasoner
