// interview_bench: how many questions the kiosk's interview asks before a decision, over the
// golden cases, against asking every fact.
//
// For each golden case and each decision it expects, the interview starts from no facts, asks
// the next question (reasoner/interview.h), takes the answer from the case, and stops when the
// decision is settled. Baselines: the facts the case file gives, and every fact the rules in
// force for that decision mention (a form that asks everything).
//
//   interview_bench --data data [--json out.json] [--decision eia.document_class] [--every 10]
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>

#include "kb/compiler.h"
#include "reasoner/interview.h"

int main(int argc, char** argv) {
  using namespace assistant;
  CLI::App app{"interview length over the golden cases"};
  std::string data = "data", json_out;
  app.add_option("--data", data);
  app.add_option("--json", json_out);
  bool trace = false;
  app.add_flag("--trace", trace, "print where each interview stops");
  std::string only;
  app.add_option("--decision", only, "measure only this decision");
  std::size_t every = 1;
  app.add_option("--every", every, "measure every n-th golden case (a sample)");
  CLI11_PARSE(app, argc, argv);
  kb::Diagnostics diagnostics;
  auto compiled = kb::CompileSources(data, diagnostics);
  if (!compiled) {
    std::cerr << diagnostics.ToString();
    return 2;
  }
  const auto& rules = *compiled->rules;
  reasoner::Engine engine(compiled->rules);
  reasoner::Session session(engine);

  struct Row {
    std::string decision;
    int cases = 0, settled = 0, same_answer = 0;
    long asked = 0, given = 0, mentioned = 0;
    std::vector<int> asked_each;
  };
  std::map<std::string, Row> rows;
  std::size_t case_number = 0;
  for (const auto& golden : compiled->cases) {
    if (case_number++ % std::max<std::size_t>(every, 1) != 0) continue;
    for (const auto& [attribute, expected] : golden.expect) {
      if (attribute < 0 || attribute >= static_cast<int>(rules.attributes().size())) { std::cerr << "BAD " << attribute << " " << golden.name << "\n"; continue; }
      if (!only.empty() && rules.attribute(attribute).id != only) continue;
      Row& row = rows[rules.attribute(attribute).id];
      row.decision = rules.attribute(attribute).id;
      reasoner::Query query{golden.date, golden.place, {attribute}, golden.decided_on};
      reasoner::CaseFacts full(rules.attributes().size());
      for (const auto& [index, value] : golden.facts) full.values[static_cast<std::size_t>(index)] = value;
      // Every fact the rules in force for this decision mention (the form that asks everything).
      std::set<int> mentioned;
      for (std::size_t r = 0; r < rules.rules().size(); ++r) {
        const auto& rule = rules.rules()[r];
        if ((rules.decision_bits(static_cast<int>(r)) & rules.decision_bits(rules.RulesConcluding(attribute).front())) == 0) continue;
        if (!rule.InForce(golden.date, golden.place)) continue;
        reasoner::ForEachAttribute(rule.condition, [&](int a) {
          if (!rules.attribute(a).derived) mentioned.insert(a);
        });
      }
      reasoner::CaseFacts facts(rules.attributes().size());
      int asked = 0;
      std::string outcome;
      while (true) {
        reasoner::Outcome out = engine.Decide(facts, query);
        const auto& d = out.decisions().front();
        if (d.status != reasoner::DecisionStatus::kUndetermined) {
          outcome = d.status == reasoner::DecisionStatus::kDetermined ? reasoner::ValueToken(rules.attribute(attribute), *d.value)
                                                                       : std::string(reasoner::DecisionStatusName(d.status));
          break;
        }
        auto ranked = reasoner::RankQuestions(engine, facts, query, out, attribute);
        int next = ranked.empty() ? -1 : ranked.front().attribute;
        if (next < 0 || !full.values[static_cast<std::size_t>(next)]) {
          if (trace) std::cerr << golden.name << ": stuck at " << (next < 0 ? "?" : rules.attribute(next).id) << "\n";
          outcome = "undetermined";  // the case file does not answer the question asked
          break;
        }
        facts.values[static_cast<std::size_t>(next)] = full.values[static_cast<std::size_t>(next)];
        ++asked;
      }
      ++row.cases;
      row.settled += outcome != "undetermined" ? 1 : 0;
      row.same_answer += outcome == expected ? 1 : 0;
      row.asked += asked;
      row.asked_each.push_back(asked);
      row.given += static_cast<long>(golden.facts.size());
      row.mentioned += static_cast<long>(mentioned.size());
    }
  }
  nlohmann::json out = nlohmann::json::array();
  std::cout << "| decision | cases | interview: mean questions | median | max | settled | same answer as the case | facts the case gives (mean) | facts the rules mention (mean) |\n";
  std::cout << "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (auto& [id, row] : rows) {
    std::sort(row.asked_each.begin(), row.asked_each.end());
    const double n = row.cases;
    char line[512];
    std::snprintf(line, sizeof line, "| %s | %d | %.1f | %d | %d | %d | %d | %.1f | %.1f |\n", id.c_str(), row.cases,
                  static_cast<double>(row.asked) / n, row.asked_each[row.asked_each.size() / 2], row.asked_each.back(),
                  row.settled, row.same_answer, static_cast<double>(row.given) / n, static_cast<double>(row.mentioned) / n);
    std::cout << line;
    out.push_back({{"decision", id}, {"cases", row.cases}, {"mean_questions", static_cast<double>(row.asked) / n},
                   {"median_questions", row.asked_each[row.asked_each.size() / 2]}, {"max_questions", row.asked_each.back()},
                   {"settled", row.settled}, {"same_answer", row.same_answer},
                   {"mean_facts_given", static_cast<double>(row.given) / n},
                   {"mean_facts_mentioned", static_cast<double>(row.mentioned) / n}});
  }
  if (!json_out.empty()) std::ofstream(json_out) << out.dump(1) << "\n";
  return 0;
}
