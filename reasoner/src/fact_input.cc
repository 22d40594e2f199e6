#include "reasoner/fact_input.h"

#include <algorithm>
#include <cmath>
#include <regex>

#include "base/text.h"

namespace assistant::reasoner {
namespace {

std::string Expected(const Attribute& a) {
  switch (a.type) {
    case AttributeType::kNumber: return "a number" + (a.unit.empty() ? std::string() : " (" + a.unit + ")");
    case AttributeType::kBool: return "true or false";
    case AttributeType::kEnum: return "one of the value ids of '" + a.id + "'";
    case AttributeType::kSet: return "a list of value ids of '" + a.id + "' ([] for none)";
    case AttributeType::kCodeSet: return "a list of codes matching " + a.pattern;
  }
  return "?";
}

std::optional<std::string> UnknownValue(const Attribute& a, const std::string& id) {
  std::vector<std::string> ids;
  for (const auto& v : a.values) ids.push_back(v.id);
  std::string message = "'" + id + "' is not a value of '" + a.id + "'";
  message += DidYouMean(id, ids);
  return message;
}

}  // namespace

std::optional<std::string> ToValue(const Attribute& a, const RawValue& raw, Value* out) {
  *out = Value();
  switch (a.type) {
    case AttributeType::kNumber:
      if (const double* d = std::get_if<double>(&raw)) {
        if (!std::isfinite(*d)) return "'" + a.id + "' must be a finite number";
        out->number = *d;
        return std::nullopt;
      }
      break;
    case AttributeType::kBool:
      if (const bool* b = std::get_if<bool>(&raw)) {
        out->boolean = *b;
        return std::nullopt;
      }
      break;
    case AttributeType::kEnum:
      if (const std::string* s = std::get_if<std::string>(&raw)) {
        out->enum_index = a.ValueIndex(*s);
        if (out->enum_index < 0) return UnknownValue(a, *s);
        return std::nullopt;
      }
      break;
    case AttributeType::kSet:
      if (const auto* list = std::get_if<std::vector<std::string>>(&raw)) {
        for (const auto& s : *list) {
          int index = a.ValueIndex(s);
          if (index < 0) return UnknownValue(a, s);
          out->members.push_back(index);
        }
        std::sort(out->members.begin(), out->members.end());
        out->members.erase(std::unique(out->members.begin(), out->members.end()), out->members.end());
        return std::nullopt;
      }
      break;
    case AttributeType::kCodeSet:
      if (const auto* list = std::get_if<std::vector<std::string>>(&raw)) {
        const std::regex pattern(a.pattern.empty() ? std::string(".*") : a.pattern);
        for (const auto& s : *list) {
          if (!std::regex_match(s, pattern)) {
            return "'" + s + "' is not a valid code for '" + a.id + "': expected " + a.pattern;
          }
          out->codes.push_back(s);
        }
        std::sort(out->codes.begin(), out->codes.end());
        out->codes.erase(std::unique(out->codes.begin(), out->codes.end()), out->codes.end());
        return std::nullopt;
      }
      break;
  }
  return "type mismatch for '" + a.id + "': expected " + Expected(a);
}

}  // namespace assistant::reasoner
