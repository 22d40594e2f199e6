// Fuzz target: one YAML rule source, compiled among the real vocabulary.
//
// The input is one source file as a policy officer would edit it. If its first line is
//   # fuzz-context: <path below data/>            (a YAML comment, so the file stays valid)
// it is compiled beside the real files that give it meaning: data/places/, data/vocabulary/, the
// catalogue files, and the vocabulary and list files of its own folder (data/penalty/ for
// data/penalty/rules_x.yaml), minus the file it replaces. Without that line, or with a path that
// is not a real file, it is compiled beside the first three only. The seed corpus (make_seeds) writes the
// line on every real file, so mutations start from files that compile.
//
// The files of one context are copied once into a scratch folder; each input is written there
// as fuzz_input.yaml and the folder compiled with kb::CompileSources, as `kb check` does.
//
// Properties checked: diagnostics render (file:line:column and caret); a source that compiles
// survives WriteKb + OpenKb with the same content hash (what `kb build` writes, the server can
// read).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "kb/compiler.h"
#include "kb/store.h"

namespace {

namespace fs = std::filesystem;
namespace kb = assistant::kb;
using assistant::fuzz::Violated;

constexpr std::string_view kContextLine = "# fuzz-context: ";

// The `kind:` of a source file, from its text (no YAML parse: these are the real, valid files).
std::string KindOf(const std::string& text) {
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    if (line.rfind("kind:", 0) == 0) {
      line.erase(0, 5);
      line.erase(0, line.find_first_not_of(' '));
      line.erase(line.find_last_not_of(" \r") + 1);
      return line;
    }
    at = end + 1;
  }
  return "";
}

// "_001_027" for ".../rows_001_027.yaml", "" for a file name without such a numbered range.
std::string PartOf(const std::string& path) {
  const std::string stem = fs::path(path).stem().string();
  if (stem.size() < 8) return "";
  const std::string tail = stem.substr(stem.size() - 8);
  for (std::size_t i = 0; i < tail.size(); ++i) {
    const bool digit = tail[i] >= '0' && tail[i] <= '9';
    if ((i == 0 || i == 4) ? tail[i] != '_' : !digit) return "";
  }
  return tail;
}

// Scratch folders by (folder below data/, file replaced); built on first use.
class Contexts {
 public:
  // The folder to compile for an input whose context line names `target` ("" = none).
  fs::path For(const std::string& target) {
    std::string folder;
    std::string replaced;
    if (!target.empty()) {
      fs::path t(target);
      std::error_code ec;
      if (t.is_relative() && fs::is_regular_file(data_ / t, ec) && t.begin() != t.end()) {
        folder = t.begin()->string();
        replaced = t.generic_string();
      }
    }
    const std::string key = folder + "|" + replaced;
    auto it = made_.find(key);
    if (it != made_.end()) return it->second;
    const fs::path dir = assistant::fuzz::ScratchDir() / ("ctx" + std::to_string(made_.size())) / "data";
    fs::create_directories(dir);
    // Every context has the places, the shared vocabulary and the catalogues (the shared
    // vocabulary names catalogue eia2021); a folder adds its vocabulary and lists.
    // The catalogue's rows and facts come in numbered parts (rows_001_027.yaml beside
    // facts_001_027.yaml): a part is compiled with its own facts only, which keeps each run short.
    const std::string part = PartOf(replaced);
    std::vector<fs::path> files;
    for (const auto& [file, kind] : kinds_) {
      const std::string top = file.begin()->string();
      if (top == "places" || top == "vocabulary" || kind == "catalogue" ||
          (top == folder && (kind == "vocabulary" || kind == "list") &&
           (part.empty() || PartOf(file.generic_string()) == part))) {
        files.push_back(file);
      }
    }
    for (const auto& f : files) {
      if (f.generic_string() == replaced) continue;
      fs::create_directories(dir / f.parent_path());
      fs::copy_file(data_ / f, dir / f, fs::copy_options::overwrite_existing);
    }
    made_[key] = dir;
    return dir;
  }

 private:
  // Every source file below data/ (relative) with its kind, read once.
  static std::vector<std::pair<fs::path, std::string>> Kinds(const fs::path& data) {
    std::vector<std::pair<fs::path, std::string>> out;
    for (const auto& e : fs::recursive_directory_iterator(data)) {
      if (e.is_regular_file() && e.path().extension() == ".yaml") {
        out.emplace_back(fs::relative(e.path(), data), KindOf(assistant::fuzz::ReadFile(e.path())));
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path data_ = assistant::fuzz::DataDir();
  std::vector<std::pair<fs::path, std::string>> kinds_ = Kinds(data_);
  std::map<std::string, fs::path> made_;
};

Contexts& TheContexts() {
  static Contexts contexts;
  return contexts;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  TheContexts().For("");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(assistant::fuzz::AsText(data, size));
  std::string target;
  if (text.rfind(kContextLine, 0) == 0) {
    std::size_t end = text.find('\n');
    target = text.substr(kContextLine.size(), end == std::string::npos ? std::string::npos : end - kContextLine.size());
    if (target.find("..") != std::string::npos) target.clear();
  }
  const fs::path dir = TheContexts().For(target);
  assistant::fuzz::WriteFile(dir / "fuzz_input.yaml", text);

  kb::Diagnostics diagnostics;
  auto compiled = kb::CompileSources(dir, diagnostics);
  const std::string rendered = diagnostics.ToString();
  static const bool verbose = std::getenv("EIA_FUZZ_VERBOSE") != nullptr;  // to see why seeds fail
  if (verbose) std::fprintf(stderr, "[%s] %s\n", compiled ? "compiles" : "refused", rendered.substr(0, 300).c_str());
  if (!compiled) {
    if (!diagnostics.has_errors()) Violated("compilation failed without an error");
    return 0;
  }
  const fs::path file = dir.parent_path() / "fuzz.kb";
  if (auto s = kb::WriteKb(*compiled, file); !s) Violated("WriteKb failed on a compiled source", s.error().ToString());
  auto loaded = kb::OpenKb(file);
  if (!loaded) Violated("a compiled source does not load back", loaded.error().ToString() + "\n" + text);
  if (loaded.value().rules->info().content_hash != compiled->rules->info().content_hash) {
    Violated("content hash changed between WriteKb and OpenKb", text);
  }
  return 0;
}
