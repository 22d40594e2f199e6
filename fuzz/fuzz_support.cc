#include "fuzz_support.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <system_error>

namespace assistant::fuzz {
namespace fs = std::filesystem;

fs::path DataDir() {
  if (const char* dir = std::getenv("EIA_FUZZ_DATA"); dir && *dir) return dir;
  return ASSISTANT_FUZZ_DATA_DIR;
}

namespace {

struct Scratch {
  Scratch() {
    std::error_code ec;
    fs::path base;
    if (const char* dir = std::getenv("EIA_FUZZ_SCRATCH"); dir && *dir) {
      base = dir;  // scripts/fuzz.sh points this at a directory it removes afterwards
    } else {
      base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
    }
    path = base / ("eia-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(path, ec);
    if (!fs::create_directories(path, ec)) Violated("cannot create the scratch directory", path.string());
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

}  // namespace

const fs::path& ScratchDir() {
  static Scratch scratch;
  return scratch.path;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Violated("cannot read", path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) Violated("cannot write", path.string());
}

Date FixedToday() { return *ParseDate("2024-06-01"); }

}  // namespace assistant::fuzz
