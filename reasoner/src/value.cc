#include "reasoner/value.h"

#include "base/text.h"

namespace assistant::reasoner {

std::string_view AttributeTypeName(AttributeType type) {
  switch (type) {
    case AttributeType::kNumber: return "number";
    case AttributeType::kBool: return "bool";
    case AttributeType::kEnum: return "enum";
    case AttributeType::kSet: return "set";
    case AttributeType::kCodeSet: return "code_set";
  }
  return "?";
}

std::optional<AttributeType> ParseAttributeType(std::string_view name) {
  for (auto t : {AttributeType::kNumber, AttributeType::kBool, AttributeType::kEnum,
                 AttributeType::kSet, AttributeType::kCodeSet}) {
    if (AttributeTypeName(t) == name) return t;
  }
  return std::nullopt;
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

std::string DescribeValue(const Attribute& attribute, const Value& value) {
  switch (attribute.type) {
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
