// Documents generated from the knowledge base, so they cannot drift from it:
//   docs/facts.md           every fact a case may carry (id, type, unit, question, values, source)
//   docs/catalogue-gaps.md  every catalogue row or cell marked `unclear:`, and every recorded interpretation
// A test regenerates both and fails if the committed copies differ.
#pragma once

#include <string>

#include "kb/compiler.h"

namespace assistant::kb {

std::string RenderFactsMarkdown(const CompiledKb& kb);
std::string RenderGapsMarkdown(const CompiledKb& kb);

// What the knowledge base covers: one entry per source document, with the places and the
// period its rules are in force, and how many rules encode it (`kb list`, GET /api/v1/kb).
struct DocumentCoverage {
  std::string document;
  std::string number;
  std::vector<std::string> places;  // jurisdictions of its rules
  Period period;                    // from the earliest start to the latest end (open if any is open)
  std::vector<std::string> decisions;
  int rules = 0;
};
std::vector<DocumentCoverage> Coverage(const reasoner::RuleSet& rules);

}  // namespace assistant::kb
