// Helpers shared by the unit tests: temporary source folders and a compiled real knowledge base.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "kb/compiler.h"

namespace assistant::testing {

// A folder under the system temp dir holding `data/<name>` files; removed when destroyed.
class TempDataDir {
 public:
  explicit TempDataDir(const std::map<std::string, std::string>& files) {
    std::random_device rd;
    root_ = std::filesystem::temp_directory_path() / ("kbtest-" + std::to_string(rd()));
    for (const auto& [name, text] : files) {
      auto path = root_ / "data" / name;
      std::filesystem::create_directories(path.parent_path());
      std::ofstream(path) << text;
    }
  }
  ~TempDataDir() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  std::filesystem::path data() const { return root_ / "data"; }
  std::filesystem::path root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// Compiles `files` and returns every diagnostic as text (empty when clean).
inline std::string CompileErrors(const std::map<std::string, std::string>& files,
                                 const kb::CompileOptions& options = {}) {
  TempDataDir dir(files);
  kb::Diagnostics diagnostics;
  kb::CompileSources(dir.data(), diagnostics, options);
  return diagnostics.ToString();
}

// The real knowledge base from data/, compiled once per test binary.
inline const kb::CompiledKb& RealKb() {
  static const kb::CompiledKb* kb = [] {
    kb::Diagnostics diagnostics;
    auto compiled = kb::CompileSources(ASSISTANT_DATA_DIR, diagnostics);
    if (!compiled) {
      ADD_FAILURE() << diagnostics.ToString();
      std::abort();
    }
    return new kb::CompiledKb(std::move(*compiled));
  }();
  return *kb;
}

// A minimal vocabulary for small fixtures: a number, a bool, an enum decision.
inline const char* kSmallVocabulary = R"(kind: vocabulary
decisions:
  - id: outcome.result
    type: enum
    label: 结论
    values: [yes, no]
facts:
  - id: farm.head
    type: number
    unit: 头
    label: 头数
  - id: farm.scale
    type: bool
    label: 规模化
)";

}  // namespace assistant::testing
