// Result<T>: a value or an Error, the one error vocabulary of every module.
//
// No exception crosses a module boundary; adapters around throwing libraries
// (yaml-cpp, nlohmann-json, SQLite wrappers) convert to Error.
// Thread-safety: a value type; const access is safe from several threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace assistant {

// Where in a source file something is. Lines and columns count from 1.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  std::string ToString() const {
    if (file.empty()) return "";
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

enum class ErrorCode {
  kInvalidInput,   // a request or case is malformed
  kNotFound,       // a file, rule or attribute does not exist
  kRuleSyntax,     // a rule source cannot be read
  kRuleConflict,   // two applicable rules disagree and neither is an exception to the other
  kStorage,        // SQLite or file-system failure
  kInternal,       // our own bug
};

struct Error {
  Error() = default;
  Error(ErrorCode c, std::string m, std::optional<SourceLocation> w = std::nullopt)
      : code(c), message(std::move(m)), where(std::move(w)) {}

  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::optional<SourceLocation> where;

  std::string ToString() const {
    if (where && !where->file.empty()) return where->ToString() + ": " + message;
    return message;
  }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}          // NOLINT: implicit on purpose
  Result(Error error) : state_(std::move(error)) {}      // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Status is a Result without a value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT
  static Status Ok() { return Status(); }
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace assistant
