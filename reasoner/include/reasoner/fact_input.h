// Turning facts as they arrive (from a YAML case, a JSON request) into typed Values.
// Format-neutral: each adapter converts its own syntax to RawValue first.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "reasoner/value.h"

namespace assistant::reasoner {

using RawValue = std::variant<bool, double, std::string, std::vector<std::string>>;

// Converts `raw` to a Value of `attribute`'s type (any type but kRecords). Returns an error
// message saying what was expected (and, for enum/set values, which values exist), or nullopt.
std::optional<std::string> ToValue(const Attribute& attribute, const RawValue& raw, Value* out);

// Appends one record, given as field id -> raw value, to `records` (a kRecords value of
// `attribute`). Unknown fields and type mismatches are errors naming the field.
std::optional<std::string> AddRecord(const Attribute& attribute,
                                     const std::vector<std::pair<std::string, RawValue>>& fields, Value* records);

}  // namespace assistant::reasoner
