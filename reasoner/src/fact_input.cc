#include "reasoner/fact_input.h"

#include <algorithm>
#include <cmath>
#include <regex>

#include "base/date.h"
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
    case AttributeType::kString: return "text";
    case AttributeType::kDate: return "a date \"YYYY-MM-DD\"";
    case AttributeType::kRecords: return "a list of records {field: value, …}";
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
    case AttributeType::kString:
      if (const std::string* s = std::get_if<std::string>(&raw)) {
        out->text = *s;
        return std::nullopt;
      }
      break;
    case AttributeType::kDate:
      if (const std::string* s = std::get_if<std::string>(&raw)) {
        auto day = ParseDate(*s);
        if (!day) return "'" + *s + "' is not a date for '" + a.id + "': expected YYYY-MM-DD";
        out->number = static_cast<double>(day->time_since_epoch().count());
        return std::nullopt;
      }
      break;
    case AttributeType::kRecords:
      break;
  }
  return "type mismatch for '" + a.id + "': expected " + Expected(a);
}

std::optional<std::string> AddRecord(const Attribute& a, const std::vector<std::pair<std::string, RawValue>>& fields,
                                     Value* records) {
  Record record;
  record.values.resize(a.fields.size());
  record.known.assign(a.fields.size(), false);
  for (const auto& [id, raw] : fields) {
    int f = a.FieldIndex(id);
    if (f < 0) {
      std::vector<std::string> ids;
      for (const auto& field : a.fields) ids.push_back(field.id);
      return "'" + a.id + "' records have no field '" + id + "'" + DidYouMean(id, ids);
    }
    auto uf = static_cast<std::size_t>(f);
    if (auto problem = ToValue(a.fields[uf], raw, &record.values[uf])) return a.id + "." + id + ": " + *problem;
    record.known[uf] = true;
  }
  records->records.push_back(std::move(record));
  return std::nullopt;
}

}  // namespace assistant::reasoner
