// Fuzz target: an assessment request as POST /api/v1/assess receives it, against the real rules.
//
// Does what the handler in server/src/server.cc does: ParseJson, ReadAssessRequest, Decide,
// RenderOutcome, AddLookAhead, dump; a refused request has its message dumped as the problem body
// is. Anything thrown (nlohmann's type_error.316 on invalid UTF-8 in dump(), for one) escapes and
// is a finding: on the server it would be a 500 instead of an answer.
//
// Properties checked beyond "no crash, no sanitizer report":
//   * the receipt's facts, sent back as a request with the same date, place, decided_on and
//     questions, are accepted and give the same decisions (the receipt is for reproducing a
//     decision later at the window; see AddLookAhead in server/include/server/json_io.h);
//   * the readable text at every depth renders.
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_support.h"
#include "kb/compiler.h"
#include "reasoner/engine.h"
#include "server/json_io.h"

namespace {

using assistant::fuzz::Violated;
using nlohmann::json;
namespace reasoner = assistant::reasoner;
namespace server = assistant::server;

struct World {
  std::shared_ptr<const reasoner::RuleSet> rules;
  std::unique_ptr<reasoner::Engine> engine;
};

// The real rule set, compiled once from data/ (the same content as the server's KB file).
const World& TheWorld() {
  static const World world = [] {
    assistant::kb::Diagnostics diagnostics;
    auto kb = assistant::kb::CompileSources(assistant::fuzz::DataDir(), diagnostics);
    if (!kb) Violated("the real data does not compile", diagnostics.ToString());
    World w;
    w.rules = kb->rules;
    w.engine = std::make_unique<reasoner::Engine>(w.rules);
    return w;
  }();
  return world;
}

// As SendError in server.cc builds the problem body.
void DumpProblem(const std::string& detail) {
  json problem{{"type", "about:blank"}, {"title", "Bad Request"}, {"status", 400}, {"detail", detail}};
  (void)problem.dump();
}

// The decisions part of an answer, without what depends on the request's wording.
std::string DecisionsKey(const json& answer) {
  json key = json::array();
  for (const auto& d : answer["decisions"]) {
    key.push_back({d["id"], d["status"], d.contains("value") ? d["value"] : json()});
  }
  return key.dump();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  TheWorld();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const World& world = TheWorld();
  const reasoner::RuleSet& rules = *world.rules;
  const std::string text(assistant::fuzz::AsText(data, size));

  auto body = server::ParseJson(text);
  if (!body) {
    DumpProblem(body.error().message);
    return 0;
  }
  auto request = server::ReadAssessRequest(body.value(), rules, assistant::fuzz::FixedToday());
  if (!request) {
    DumpProblem(request.error().message);
    return 0;
  }
  const auto& query = request.value().query;
  const reasoner::Outcome outcome = world.engine->Decide(request.value().facts, query);
  json answer = server::RenderOutcome(rules, outcome, query, request.value().depth);
  server::AddLookAhead(answer, *world.engine, request.value().facts, query, outcome);
  (void)answer.dump();
  for (auto depth : {server::Depth::kApplicant, server::Depth::kOfficer}) {
    (void)server::RenderOutcomeText(rules, outcome, query, depth);
  }

  // Replay from the receipt.
  json again{{"date", answer["receipt"]["date"]},
             {"place", answer["receipt"]["place"]},
             {"facts", answer["receipt"]["facts"]}};
  if (query.decided_on) again["decided_on"] = assistant::FormatDate(*query.decided_on);
  json ask = json::array();
  for (const auto& d : answer["decisions"]) ask.push_back(d["id"]);
  again["ask"] = ask;
  auto replay = server::ReadAssessRequest(again, rules, assistant::fuzz::FixedToday());
  if (!replay) Violated("the receipt's facts are refused as a request", replay.error().message + "\n" + again.dump());
  const reasoner::Outcome replayed = world.engine->Decide(replay.value().facts, replay.value().query);
  const json replay_answer = server::RenderOutcome(rules, replayed, replay.value().query);
  if (DecisionsKey(replay_answer) != DecisionsKey(answer)) {
    Violated("the receipt's facts give another decision",
             DecisionsKey(answer) + "\n" + DecisionsKey(replay_answer) + "\n" + again.dump());
  }
  return 0;
}
