// JSON at the edge: assessment requests in, decisions with their explanations out.
//
// Request:  {"date": "2024-06-01", "place": "cn", "facts": {"project.industry_codes": ["0313"], …},
//            "sources": {"project.industry_codes": "checked"}}   (facts not named are declared)
// Response: {"kb": {...}, "date", "place", "decisions": [{"id", "status", "value", "because", "why_not",
//            "rests_on_declared_only", "provenance", "missing", "next_question", …}], "text": "…"}
//            (docs/api.md describes every field; reasoner/provenance.h what "rests on" means)
// The reasoner never sees JSON; this module is the only one that includes nlohmann/json.
// Thread-safety: functions are reentrant.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "base/date.h"
#include "base/result.h"
#include "reasoner/engine.h"

namespace assistant::server {

// How much of the explanation the readable text gives (the JSON always carries all of it):
//   kApplicant  the answer and its main reasons in a sentence each, and the next question;
//   kStaff      every condition checked, why a higher class did not apply, caveats (the default);
//   kOfficer    as for staff, plus each deciding rule's source text verbatim and its interpretation note.
enum class Depth { kApplicant, kStaff, kOfficer };

struct AssessRequest {
  reasoner::CaseFacts facts{0};  // with facts.sources from the request's "sources" (default declared)
  reasoner::Query query;
  Depth depth = Depth::kStaff;
};

// A fact as a question: id, label, question, type, help, unit, choices [{id, label}].
nlohmann::json QuestionJson(const reasoner::Attribute& attribute);

// Parses request text with a nesting limit (deeply nested JSON is refused, not recursed into).
// On error, the message names the field and what was expected, e.g.
//   facts.livestock.annual_output_pig_eq: type mismatch …: expected a number (头/年)
Result<nlohmann::json> ParseJson(const std::string& text);

// `today` is used when the request gives no date (the kiosk's configured clock).
Result<AssessRequest> ReadAssessRequest(const nlohmann::json& body, const reasoner::RuleSet& rules, Date today);

// The full answer: decisions, explanations, missing facts, knowledge-base version, date, place,
// and "text" at `depth`.
nlohmann::json RenderOutcome(const reasoner::RuleSet& rules, const reasoner::Outcome& outcome,
                             const reasoner::Query& query, Depth depth = Depth::kStaff);

// Adds to `answer` (from RenderOutcome) what only the engine and the original facts can give:
//   "next_question": per undetermined decision, the question that settles it under the most
//               answers (reasoner/interview.h); "missing" is reordered the same way;
//   "what_if":  per decision, the smallest single changes to the facts that change it (re-decided);
//   "receipt":  decision id, knowledge-base version, place, date, the facts given with their sources
//               and the outcomes, so the same decision can be reproduced and checked later at the window.
//               The id is the SHA-256 of the canonical (version, place, date, questions, facts, and the
//               facts staff checked when there are any).
void AddLookAhead(nlohmann::json& answer, const reasoner::Engine& engine, const reasoner::CaseFacts& facts,
                         const reasoner::Query& query, const reasoner::Outcome& outcome);

// The same answer as readable Chinese text (one block per decision).
std::string RenderOutcomeText(const reasoner::RuleSet& rules, const reasoner::Outcome& outcome,
                              const reasoner::Query& query, Depth depth = Depth::kStaff);

}  // namespace assistant::server
