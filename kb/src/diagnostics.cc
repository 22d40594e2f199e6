#include "kb/diagnostics.h"

namespace assistant::kb {

std::string Diagnostic::ToString() const {
  std::string out;
  std::string place = where.ToString();
  if (!place.empty()) out += place + ": ";
  out += severity == Severity::kError ? "error: " : "warning: ";
  out += message;
  if (!source_line.empty() && where.column > 0) {
    out += "\n    " + source_line + "\n    ";
    // The caret goes under the column; CJK characters are two cells wide in a terminal.
    int column = 1;
    std::size_t i = 0;
    while (i < source_line.size() && column < where.column) {
      unsigned char c = static_cast<unsigned char>(source_line[i]);
      std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      out += length >= 3 ? "  " : " ";
      i += length;
      ++column;
    }
    out += "^";
  }
  return out;
}

void Diagnostics::Error(SourceLocation where, std::string message, std::string source_line) {
  items_.push_back(Diagnostic{Severity::kError, std::move(where), std::move(message), std::move(source_line)});
  ++error_count_;
}

void Diagnostics::Warning(SourceLocation where, std::string message, std::string source_line) {
  items_.push_back(Diagnostic{Severity::kWarning, std::move(where), std::move(message), std::move(source_line)});
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const auto& d : items_) out += d.ToString() + "\n";
  return out;
}

}  // namespace assistant::kb
