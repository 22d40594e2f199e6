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

}  // namespace assistant::kb
