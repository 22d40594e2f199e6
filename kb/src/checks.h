// Whole-knowledge-base checks that need every rule resolved: thresholds within a catalogue row
// and conflicts between rules.
#pragma once

#include <vector>

#include "kb/compiler.h"
#include "kb/diagnostics.h"
#include "reasoner/rule_set.h"

namespace assistant::kb {

// Within one catalogue row, numeric ranges on the same fact under the same other conditions
// must not overlap between columns ("X以下" meets "X及以上" exactly) and must not leave a gap
// between two columns.
void CheckThresholds(const std::vector<reasoner::Rule>& rules, const reasoner::AttributeTable& attributes,
                     Diagnostics& diagnostics);

// Two rules concluding different values of a `combine: unique` attribute, neither an exception
// to the other, whose conditions can hold together, are a conflict.
void CheckConflicts(const std::vector<reasoner::Rule>& rules, const reasoner::AttributeTable& attributes,
                    Diagnostics& diagnostics);

}  // namespace assistant::kb
