#include "reasoner/value.h"

#include "base/date.h"
#include "base/text.h"

namespace assistant::reasoner {

std::string_view AttributeTypeName(AttributeType type) {
  switch (type) {
    case AttributeType::kNumber: return "number";
    case AttributeType::kBool: return "bool";
    case AttributeType::kEnum: return "enum";
    case AttributeType::kSet: return "set";
    case AttributeType::kCodeSet: return "code_set";
    case AttributeType::kString: return "string";
    case AttributeType::kDate: return "date";
    case AttributeType::kRecords: return "records";
  }
  return "?";
}

std::string_view CombineName(Combine combine) {
  switch (combine) {
    case Combine::kUnique: return "unique";
    case Combine::kMax: return "max";
    case Combine::kPriority: return "priority";
    case Combine::kUnion: return "union";
  }
  return "?";
}

std::optional<Combine> ParseCombine(std::string_view name) {
  for (auto c : {Combine::kUnique, Combine::kMax, Combine::kPriority, Combine::kUnion}) {
    if (CombineName(c) == name) return c;
  }
  return std::nullopt;
}

std::optional<AttributeType> ParseAttributeType(std::string_view name) {
  for (auto t : {AttributeType::kNumber, AttributeType::kBool, AttributeType::kEnum, AttributeType::kSet,
                 AttributeType::kCodeSet, AttributeType::kString, AttributeType::kDate, AttributeType::kRecords}) {
    if (AttributeTypeName(t) == name) return t;
  }
  return std::nullopt;
}

int Attribute::FieldIndex(std::string_view field_id) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].id == field_id) return static_cast<int>(i);
  }
  return -1;
}

int Attribute::ValueIndex(std::string_view value_id) const {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i].id == value_id) return static_cast<int>(i);
  }
  return -1;
}

bool Value::SameAs(const Value& other, AttributeType type) const {
  switch (type) {
    case AttributeType::kNumber: return number == other.number;
    case AttributeType::kBool: return boolean == other.boolean;
    case AttributeType::kEnum: return enum_index == other.enum_index;
    case AttributeType::kSet: return members == other.members;
    case AttributeType::kCodeSet: return codes == other.codes;
    case AttributeType::kString: return text == other.text;
    case AttributeType::kDate: return number == other.number;
    case AttributeType::kRecords: return false;  // records are never concluded or compared whole
  }
  return false;
}

namespace {
std::string LabelOf(const Attribute& a, int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= a.values.size()) return "?";
  const auto& v = a.values[static_cast<std::size_t>(index)];
  return v.label.empty() ? v.id : v.label;
}
std::string IdOf(const Attribute& a, int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= a.values.size()) return "?";
  return a.values[static_cast<std::size_t>(index)].id;
}
}  // namespace

static std::string DescribeRecords(const Attribute& attribute, const Value& value) {
  if (value.records.empty()) return "无";
  std::string out;
  for (const auto& record : value.records) {
    if (!out.empty()) out += "；";
    std::string one;
    for (std::size_t f = 0; f < attribute.fields.size() && f < record.values.size(); ++f) {
      if (!record.known[f]) continue;
      if (!one.empty()) one += "，";
      one += attribute.fields[f].label + DescribeValue(attribute.fields[f], record.values[f]);
    }
    out += one;
  }
  return out;
}

std::string DescribeValue(const Attribute& attribute, const Value& value) {
  switch (attribute.type) {
    case AttributeType::kString: return value.text;
    case AttributeType::kDate: return FormatDate(Date(std::chrono::days(static_cast<int>(value.number))));
    case AttributeType::kRecords: return DescribeRecords(attribute, value);
    case AttributeType::kNumber: return FormatNumber(value.number) + attribute.unit;
    case AttributeType::kBool: return value.boolean ? "是" : "否";
    case AttributeType::kEnum: return LabelOf(attribute, value.enum_index);
    case AttributeType::kSet: {
      if (value.members.empty()) return "无";
      std::string out;
      for (int m : value.members) {
        if (!out.empty()) out += "、";
        out += LabelOf(attribute, m);
      }
      return out;
    }
    case AttributeType::kCodeSet: {
      if (value.codes.empty()) return "无";
      std::string out;
      for (const auto& c : value.codes) {
        if (!out.empty()) out += "、";
        out += c;
      }
      return out;
    }
  }
  return "?";
}

std::string ValueToken(const Attribute& attribute, const Value& value) {
  switch (attribute.type) {
    case AttributeType::kString: return "\"" + value.text + "\"";
    case AttributeType::kDate:
      return "\"" + FormatDate(Date(std::chrono::days(static_cast<int>(value.number)))) + "\"";
    case AttributeType::kRecords: return "[" + std::to_string(value.records.size()) + " records]";
    case AttributeType::kNumber: return FormatNumber(value.number);
    case AttributeType::kBool: return value.boolean ? "true" : "false";
    case AttributeType::kEnum: return "\"" + IdOf(attribute, value.enum_index) + "\"";
    case AttributeType::kSet: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.members.size(); ++i) {
        if (i) out += ", ";
        out += "\"" + IdOf(attribute, value.members[i]) + "\"";
      }
      return out + "]";
    }
    case AttributeType::kCodeSet: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.codes.size(); ++i) {
        if (i) out += ", ";
        out += "\"" + value.codes[i] + "\"";
      }
      return out + "]";
    }
  }
  return "?";
}

std::string_view TriName(Tri t) {
  switch (t) {
    case Tri::kFalse: return "false";
    case Tri::kTrue: return "true";
    case Tri::kUnknown: return "unknown";
  }
  return "?";
}

}  // namespace assistant::reasoner
