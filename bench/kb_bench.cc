// kb_bench: the real knowledge base, timed. Runs every golden case beside the rules (compiled from
// data/, untimed) against the compiled SQLite file, and reports per-decision latency for the
// decision alone and for the decision plus its full JSON answer (explanations, why-not, text).
//
//   kb_bench --data data --kb build/eia.kb [--rounds 20]
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "kb/compiler.h"
#include "kb/store.h"
#include "reasoner/engine.h"
#include "server/json_io.h"

int main(int argc, char** argv) {
  using namespace assistant;
  CLI::App app{"time the real knowledge base"};
  std::string data = "data", kb_path = "build/eia.kb";
  int rounds = 20;
  app.add_option("--data", data);
  app.add_option("--kb", kb_path);
  app.add_option("--rounds", rounds);
  CLI11_PARSE(app, argc, argv);

  kb::Diagnostics diagnostics;
  auto compiled = kb::CompileSources(data, diagnostics);
  if (!compiled) {
    std::cerr << diagnostics.ToString();
    return 2;
  }
  auto t0 = std::chrono::steady_clock::now();
  auto loaded = kb::OpenKb(kb_path);
  const double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!loaded) {
    std::cerr << loaded.error().ToString() << "\n";
    return 2;
  }
  const auto& rules = *loaded.value().rules;
  reasoner::Engine engine(loaded.value().rules);
  reasoner::Session session(engine);

  // The golden cases refer to attributes by index in the freshly compiled rule set; the file
  // holds the same content (same hash), so the indices agree.
  if (compiled->rules->info().content_hash != rules.info().content_hash) {
    std::cerr << "kb_bench: " << kb_path << " is not built from " << data << " (rebuild it)\n";
    return 2;
  }
  std::vector<reasoner::CaseFacts> cases;
  std::vector<reasoner::Query> queries;
  for (const auto& g : compiled->cases) {
    reasoner::CaseFacts facts(rules.attributes().size());
    for (const auto& [index, value] : g.facts) facts.values[static_cast<std::size_t>(index)] = value;
    reasoner::Query q{g.date, g.place, {}, g.decided_on};
    for (const auto& [attribute, expected] : g.expect) q.decisions.push_back(attribute);
    cases.push_back(std::move(facts));
    queries.push_back(std::move(q));
  }
  std::vector<double> decide, answer;
  std::size_t bytes = 0;
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < cases.size(); ++i) {
      auto a = std::chrono::steady_clock::now();
      const auto& outcome = session.Decide(cases[i], queries[i]);
      auto b = std::chrono::steady_clock::now();
      bytes += server::RenderOutcome(rules, outcome, queries[i]).dump().size();
      auto c = std::chrono::steady_clock::now();
      decide.push_back(std::chrono::duration<double, std::micro>(b - a).count());
      answer.push_back(std::chrono::duration<double, std::micro>(c - a).count());
    }
  }
  auto pct = [](std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
  };
  nlohmann::json out{{"cases", cases.size()},
                     {"rounds", rounds},
                     {"rules", rules.rules().size()},
                     {"load_ms", load_ms},
                     {"decide_p50_us", pct(decide, 0.5)},
                     {"decide_p99_us", pct(decide, 0.99)},
                     {"answer_p50_us", pct(answer, 0.5)},
                     {"answer_p99_us", pct(answer, 0.99)},
                     {"mean_answer_bytes", static_cast<double>(bytes) / static_cast<double>(decide.size())}};
  std::cout << out.dump() << std::endl;
  return 0;
}
