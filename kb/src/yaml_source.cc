#include "yaml_source.h"

#include "base/date.h"
#include "base/text.h"

namespace assistant::kb {

SourceLocation YamlReader::Where(const YAML::Node& node, int byte_offset) const {
  YAML::Mark mark = node.Mark();
  SourceLocation where{file_.name, mark.line + 1, mark.column + 1};
  if (mark.line < 0 || static_cast<std::size_t>(mark.line) >= file_.lines.size()) return where;
  const std::string& line = file_.lines[static_cast<std::size_t>(mark.line)];
  auto byte = static_cast<std::size_t>(mark.column);
  if (byte < line.size() && (line[byte] == '"' || line[byte] == '\'')) ++byte;  // inside the quotes
  byte += static_cast<std::size_t>(byte_offset);
  if (byte > line.size()) byte = line.size();
  where.column = Utf8Columns(line, byte) + 1;
  return where;
}

void YamlReader::Error(const YAML::Node& node, const std::string& message, int byte_offset) const {
  SourceLocation where = Where(node, byte_offset);
  std::string line;
  if (where.line >= 1 && static_cast<std::size_t>(where.line) <= file_.lines.size()) {
    line = file_.lines[static_cast<std::size_t>(where.line - 1)];
  }
  diagnostics_.Error(where, message, line);
}

void YamlReader::Warning(const YAML::Node& node, const std::string& message) const {
  diagnostics_.Warning(Where(node), message);
}

bool YamlReader::CheckMap(const YAML::Node& map, const std::vector<std::string>& allowed,
                          const std::vector<std::string>& required, const std::string& what) const {
  if (!map.IsMap()) {
    Error(map, "expected " + what + " as a map of 'key: value' lines");
    return false;
  }
  for (const auto& entry : map) {
    const std::string key = entry.first.as<std::string>("");
    bool known = false;
    for (const auto& a : allowed) known = known || a == key;
    if (!known) {
      std::string message = "unknown key '" + key + "' in " + what;
      std::string suggestion = DidYouMean(key, allowed);
      if (!suggestion.empty()) {
        message += suggestion;
      } else {
        message += "; expected one of:";
        for (const auto& a : allowed) message += " " + a;
      }
      Error(entry.first, message);
    }
  }
  bool complete = true;
  for (const auto& r : required) {
    if (!map[r]) {
      Error(map, what + " is missing '" + r + "'");
      complete = false;
    }
  }
  return complete;
}

std::optional<std::string> YamlReader::Text(const YAML::Node& map, const std::string& key) const {
  const YAML::Node node = map[key];
  if (!node) return std::nullopt;
  if (!node.IsScalar()) {
    Error(node, "'" + key + "' must be text");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<std::vector<std::string>> YamlReader::TextList(const YAML::Node& map,
                                                             const std::string& key) const {
  const YAML::Node node = map[key];
  if (!node) return std::nullopt;
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!node.IsSequence()) {
    Error(node, "'" + key + "' must be a list");
    return std::nullopt;
  }
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      Error(item, "items of '" + key + "' must be text");
      return std::nullopt;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::optional<Date> YamlReader::DateAt(const YAML::Node& map, const std::string& key) const {
  auto text = Text(map, key);
  if (!text) return std::nullopt;
  auto date = ParseDate(*text);
  if (!date) Error(map[key], "'" + key + "' must be a date YYYY-MM-DD, found '" + *text + "'");
  return date;
}

}  // namespace assistant::kb
