// Diagnostics: every problem found in the knowledge-base sources, with its place.
//
// Compilation collects all diagnostics before failing, so a policy officer sees every mistake
// in one run. Each renders as "file:line:column: error: message" (Soufflé / compiler style),
// followed by the source line and a caret under the column.
// Thread-safety: not thread-safe; one collector per compilation.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"

namespace assistant::kb {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLocation where;
  std::string message;
  std::string source_line;  // the line of the file the location points into, if known

  // "data/x.yaml:12:7: error: unknown attribute 'foo'", plus the caret lines when known.
  std::string ToString() const;
};

class Diagnostics {
 public:
  // `source_line` is the text of the line `where` points into, for the caret display.
  void Error(SourceLocation where, std::string message, std::string source_line = "");
  void Warning(SourceLocation where, std::string message, std::string source_line = "");

  bool has_errors() const { return error_count_ > 0; }
  int error_count() const { return error_count_; }
  const std::vector<Diagnostic>& all() const { return items_; }
  std::string ToString() const;

 private:
  std::vector<Diagnostic> items_;
  int error_count_ = 0;
};

}  // namespace assistant::kb
