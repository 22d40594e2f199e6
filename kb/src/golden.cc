#include "kb/golden.h"

#include <algorithm>
#include <set>

#include "reasoner/engine.h"

namespace assistant::kb {
using reasoner::DecisionStatus;

GoldenReport RunGoldenCases(const CompiledKb& kb) {
  const reasoner::RuleSet& rules = *kb.rules;
  reasoner::Engine engine(kb.rules);
  reasoner::Session session(engine);
  GoldenReport report;
  std::set<int> covered;
  for (const auto& golden : kb.cases) {
    CaseResult result;
    result.golden = &golden;
    reasoner::CaseFacts facts(rules.attributes().size());
    for (const auto& [index, value] : golden.facts) facts.values[static_cast<std::size_t>(index)] = value;
    reasoner::Query query{golden.date, golden.place, {}, golden.decided_on};
    for (const auto& [attribute, expected] : golden.expect) query.decisions.push_back(attribute);
    const reasoner::Outcome& outcome = session.Decide(facts, query);
    for (std::size_t r = 0; r < rules.rules().size(); ++r) {
      if (outcome.result(static_cast<int>(r)) == reasoner::Tri::kTrue) covered.insert(static_cast<int>(r));
    }
    for (const auto& [attribute, expected] : golden.expect) {
      const auto& a = rules.attribute(attribute);
      auto it = std::find_if(outcome.decisions().begin(), outcome.decisions().end(),
                             [wanted = attribute](const reasoner::Decision& d) { return d.attribute == wanted; });
      if (it == outcome.decisions().end()) {
        result.failures.push_back(a.id + ": no decision");
        continue;
      }
      std::string actual = it->status == DecisionStatus::kDetermined ? reasoner::ValueToken(a, *it->value)
                                                                      : std::string(reasoner::DecisionStatusName(it->status));
      if (actual != expected) {
        std::string detail = a.id + ": expected " + expected + ", got " + actual;
        if (it->status == DecisionStatus::kUndetermined && !it->missing.empty()) {
          detail += " (missing:";
          for (std::size_t i = 0; i < it->missing.size() && i < 5; ++i) detail += " " + rules.attribute(it->missing[i]).id;
          detail += ")";
        }
        if (!it->because.empty()) detail += " because " + rules.rule(it->because.front()).id;
        result.failures.push_back(detail);
      }
      for (const auto& m : golden.missing) {
        int index = rules.AttributeIndex(m);
        if (std::find(it->missing.begin(), it->missing.end(), index) == it->missing.end()) {
          result.failures.push_back(a.id + ": expected '" + m + "' among the missing facts");
        }
      }
    }
    for (const auto& id : golden.fired) {
      const auto t = outcome.result(rules.RuleIndex(id));
      if (t != reasoner::Tri::kTrue) {
        result.failures.push_back("expected rule '" + id + "' to hold, it is " + std::string(reasoner::TriName(t)));
      }
    }
    for (const auto& id : golden.not_fired) {
      if (outcome.result(rules.RuleIndex(id)) == reasoner::Tri::kTrue) {
        result.failures.push_back("expected rule '" + id + "' not to hold, but it does");
      }
    }
    result.passed = result.failures.empty();
    (result.passed ? report.passed : report.failed)++;
    report.results.push_back(std::move(result));
  }
  for (std::size_t r = 0; r < rules.rules().size(); ++r) {
    const auto& rule = rules.rules()[r];
    if (!rule.NeedsCoverage()) continue;
    ++report.coverable_rules;
    if (covered.count(static_cast<int>(r))) {
      ++report.covered_rules;
    } else {
      report.uncovered_rules.push_back(rule.id + " (" + rule.where.ToString() + ")");
    }
  }
  return report;
}

std::string GoldenReport::ToString(bool verbose) const {
  std::string out;
  for (const auto& r : results) {
    if (r.passed && !verbose) continue;
    out += std::string(r.passed ? "PASS " : "FAIL ") + r.golden->where.ToString() + " " + r.golden->name + "\n";
    for (const auto& f : r.failures) out += "     " + f + "\n";
  }
  for (const auto& u : uncovered_rules) out += "UNCOVERED " + u + "\n";
  out += std::to_string(passed) + " passed, " + std::to_string(failed) + " failed; rule coverage " +
         std::to_string(covered_rules) + "/" + std::to_string(coverable_rules) + " (" +
         std::to_string(uncovered_rules.size()) + " rules exercised by no case)\n";
  return out;
}

}  // namespace assistant::kb
