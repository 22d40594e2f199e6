// assess: decide one case from the command line.
//
//   assess --kb build/eia.kb case.json [--format json|text|both]
//   echo '{"date":"2024-06-01","facts":{…}}' | assess --kb build/eia.kb -
// The case JSON is the same as the body of POST /api/v1/assess.
#include <CLI/CLI.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "kb/store.h"
#include "server/json_io.h"

int main(int argc, char** argv) {
  using namespace assistant;
  CLI::App app{"assess: which EIA document a project needs, and why"};
  std::string kb_path = "build/eia.kb", input = "-", format = "both";
  app.add_option("--kb", kb_path, "compiled knowledge base");
  app.add_option("case", input, "case JSON file, or - for standard input");
  app.add_option("--format", format, "json, text or both")->check(CLI::IsMember({"json", "text", "both"}));
  CLI11_PARSE(app, argc, argv);

  std::stringstream buffer;
  if (input == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream in(input);
    if (!in) {
      std::cerr << "assess: cannot read " << input << "\n";
      return 2;
    }
    buffer << in.rdbuf();
  }
  auto kb = kb::OpenKb(kb_path);
  if (!kb) {
    std::cerr << "assess: " << kb.error().ToString() << "\n";
    return 2;
  }
  const auto& rules = *kb.value().rules;
  auto body = server::ParseJson(buffer.str());
  if (!body) {
    std::cerr << "assess: " << body.error().message << "\n";
    return 2;
  }
  auto request = server::ReadAssessRequest(body.value(), rules,
                                           std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  if (!request) {
    std::cerr << "assess: " << request.error().message << "\n";
    return 2;
  }
  reasoner::Engine engine(kb.value().rules);
  auto outcome = engine.Decide(request.value().facts, request.value().query);
  if (format != "text") {
    auto answer = server::RenderOutcome(rules, outcome, request.value().query, request.value().depth);
    server::AddLookAhead(answer, engine, request.value().facts, request.value().query, outcome);
    std::cout << answer.dump(2) << "\n";
  }
  if (format != "json") std::cout << server::RenderOutcomeText(rules, outcome, request.value().query, request.value().depth);
  return 0;
}
