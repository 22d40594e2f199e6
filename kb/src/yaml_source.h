// Reading YAML with locations: every node can say where it is as file:line:column (columns in
// characters, as an editor shows them), and every read reports what was expected.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "kb/diagnostics.h"

namespace assistant::kb {

struct SourceFile {
  std::string name;                // as shown in diagnostics: data/…/x.yaml
  std::vector<std::string> lines;  // the file's text, for columns and carets
  YAML::Node root;
};

class YamlReader {
 public:
  YamlReader(const SourceFile& file, Diagnostics& diagnostics) : file_(file), diagnostics_(diagnostics) {}

  // Location of `node`; `byte_offset` counts bytes into a single-line scalar's text.
  SourceLocation Where(const YAML::Node& node, int byte_offset = 0) const;
  void Error(const YAML::Node& node, const std::string& message, int byte_offset = 0) const;
  void Warning(const YAML::Node& node, const std::string& message) const;

  // Reports keys of `map` not in `allowed`, and missing `required` keys. False if `map` is not a map.
  bool CheckMap(const YAML::Node& map, const std::vector<std::string>& allowed,
                const std::vector<std::string>& required, const std::string& what) const;

  // Scalar text of map[key]; reports a non-scalar. nullopt when absent or wrong.
  std::optional<std::string> Text(const YAML::Node& map, const std::string& key) const;
  // A list of scalars (a single scalar counts as a one-element list).
  std::optional<std::vector<std::string>> TextList(const YAML::Node& map, const std::string& key) const;
  std::optional<Date> DateAt(const YAML::Node& map, const std::string& key) const;

  const SourceFile& file() const { return file_; }

 private:
  const SourceFile& file_;
  Diagnostics& diagnostics_;
};

}  // namespace assistant::kb
