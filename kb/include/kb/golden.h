// Runs the golden cases beside the rules and measures rule coverage.
// Thread-safety: reentrant.
#pragma once

#include <string>
#include <vector>

#include "kb/compiler.h"

namespace assistant::kb {

struct CaseResult {
  const GoldenCase* golden = nullptr;
  bool passed = false;
  std::vector<std::string> failures;  // one line per failed expectation
};

struct GoldenReport {
  std::vector<CaseResult> results;
  std::vector<std::string> uncovered_rules;  // rules that need coverage and no case made hold
  int passed = 0;
  int failed = 0;
  int covered_rules = 0;
  int coverable_rules = 0;

  bool ok() const { return failed == 0 && uncovered_rules.empty(); }
  std::string ToString(bool verbose) const;
};

GoldenReport RunGoldenCases(const CompiledKb& kb);

}  // namespace assistant::kb
