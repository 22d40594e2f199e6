// interview_bench: how many questions the kiosk's interview asks before a decision, over the
// golden cases, against asking every fact.
//
// For each golden case and each decision it expects, the interview starts from no facts, asks
// the next question (reasoner/interview.h), takes the answer from the case, and stops when the
// decision is settled. A case whose file does not hold the answer to the question asked stops
// there and counts as not settled: the case was written with the facts its own path needs, and
// the interview took another path. Baselines: the facts the case file gives, and every fact the
// rules in force for that decision mention (a form that asks everything).
//
//   interview_bench --data data [--json out.json] [--decision eia.document_class] [--every 10] [--trace]
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
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
  app.add_flag("--trace", trace, "print where each interview stops and the questions it asked");
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
    int cases = 0, settled = 0, same_answer = 0, open_as_expected = 0, stuck = 0;
    long asked_settled = 0, given = 0, mentioned = 0;
    std::vector<int> asked_each;  // questions until settled, settled interviews only
    double seconds = 0, slowest_step = 0;
    long steps = 0;
  };
  std::map<std::string, Row> rows;
  std::size_t case_number = 0;
  for (const auto& golden : compiled->cases) {
    if (case_number++ % std::max<std::size_t>(every, 1) != 0) continue;
    for (const auto& [attribute, expected] : golden.expect) {
      if (!only.empty() && rules.attribute(attribute).id != only) continue;
      const auto started = std::chrono::steady_clock::now();
      Row& row = rows[rules.attribute(attribute).id];
      reasoner::Query query{golden.date, golden.place, {attribute}, golden.decided_on};
      reasoner::CaseFacts full(rules.attributes().size());
      for (const auto& [index, value] : golden.facts) full.values[static_cast<std::size_t>(index)] = value;
      // Every fact the rules in force for this decision mention (the form that asks everything).
      const auto& all = rules.decisions();
      const auto position = static_cast<std::size_t>(std::find(all.begin(), all.end(), attribute) - all.begin());
      const std::uint64_t bit = position < 64 ? (std::uint64_t{1} << position) : ~std::uint64_t{0};
      std::set<int> mentioned;
      for (std::size_t r = 0; r < rules.rules().size(); ++r) {
        const auto& rule = rules.rules()[r];
        if ((rules.decision_bits(static_cast<int>(r)) & bit) == 0) continue;
        if (!rule.InForce(golden.date, golden.place)) continue;
        reasoner::ForEachAttribute(rule.condition, [&](int a) {
          if (!rules.attribute(a).derived) mentioned.insert(a);
        });
      }
      reasoner::CaseFacts facts(rules.attributes().size());
      int asked = 0;
      bool settled = false;
      std::string outcome, path;
      while (true) {
        const auto step_started = std::chrono::steady_clock::now();
        const reasoner::Outcome& out = session.Decide(facts, query);
        const auto& d = out.decisions().front();
        if (d.status != reasoner::DecisionStatus::kUndetermined) {
          settled = true;
          outcome = d.status == reasoner::DecisionStatus::kDetermined ? reasoner::ValueToken(rules.attribute(attribute), *d.value)
                                                                       : std::string(reasoner::DecisionStatusName(d.status));
          break;
        }
        auto ranked = reasoner::RankQuestions(engine, facts, query, out, attribute);
        const double step = std::chrono::duration<double>(std::chrono::steady_clock::now() - step_started).count();
        row.slowest_step = std::max(row.slowest_step, step);
        ++row.steps;
        int next = ranked.empty() ? -1 : ranked.front().attribute;
        if (next < 0 || !full.values[static_cast<std::size_t>(next)]) {
          // Nothing left to ask, or the case file does not answer the question asked. A case that
          // expects "undetermined" and lists what is missing is answered right when the interview
          // stops at one of those facts (or has nothing to ask); any other stop is being stuck.
          const std::string asked_id = next < 0 ? "" : rules.attribute(next).id;
          const bool listed = std::find(golden.missing.begin(), golden.missing.end(), asked_id) != golden.missing.end();
          const bool right = expected == "undetermined" && (next < 0 || listed);
          (right ? row.open_as_expected : row.stuck) += 1;
          if (trace) {
            std::cerr << rules.attribute(attribute).id << " | " << golden.name << ": "
                      << (right ? "open as the case expects" : "stuck") << ", next "
                      << (next < 0 ? "(nothing to ask)" : asked_id) << " after" << path << "\n";
          }
          outcome = "undetermined";
          break;
        }
        facts.values[static_cast<std::size_t>(next)] = full.values[static_cast<std::size_t>(next)];
        path += " " + rules.attribute(next).id;
        ++asked;
      }
      if (trace && settled) {
        std::cerr << rules.attribute(attribute).id << " | " << golden.name << ": settled after " << asked << ":" << path
                  << "\n";
      }
      ++row.cases;
      row.settled += settled ? 1 : 0;
      row.same_answer += outcome == expected ? 1 : 0;
      if (settled) {
        row.asked_settled += asked;
        row.asked_each.push_back(asked);
      }
      row.given += static_cast<long>(golden.facts.size());
      row.mentioned += static_cast<long>(mentioned.size());
      row.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
  }
  nlohmann::json out = nlohmann::json::array();
  std::cout << "| decision | cases | settled | open as the case expects | stuck | same answer as the case "
               "| questions until settled: mean | median | max | facts the case gives (mean) "
               "| facts the rules mention (mean) | slowest step (ms) | time (s) |\n";
  std::cout << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (auto& [id, row] : rows) {
    std::sort(row.asked_each.begin(), row.asked_each.end());
    const double n = row.cases;
    const bool any = !row.asked_each.empty();
    const double mean = any ? static_cast<double>(row.asked_settled) / static_cast<double>(row.asked_each.size()) : 0;
    const int median = any ? row.asked_each[row.asked_each.size() / 2] : 0;
    const int max = any ? row.asked_each.back() : 0;
    char line[512];
    std::snprintf(line, sizeof line, "| %s | %d | %d | %d | %d | %d | %.1f | %d | %d | %.1f | %.1f | %.0f | %.1f |\n",
                  id.c_str(), row.cases, row.settled, row.open_as_expected, row.stuck, row.same_answer, mean, median, max,
                  static_cast<double>(row.given) / n,
                  static_cast<double>(row.mentioned) / n, row.slowest_step * 1000, row.seconds);
    std::cout << line;
    out.push_back({{"decision", id}, {"cases", row.cases}, {"settled", row.settled},
                   {"open_as_expected", row.open_as_expected}, {"stuck", row.stuck}, {"same_answer", row.same_answer},
                   {"mean_questions_settled", mean}, {"median_questions_settled", median}, {"max_questions_settled", max},
                   {"mean_facts_given", static_cast<double>(row.given) / n},
                   {"mean_facts_mentioned", static_cast<double>(row.mentioned) / n},
                   {"slowest_step_ms", row.slowest_step * 1000}, {"seconds", row.seconds}});
  }
  if (!json_out.empty()) std::ofstream(json_out) << out.dump(1) << "\n";
  return 0;
}
