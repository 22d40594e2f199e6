// Shared by the fuzz targets: where the real data is, scratch files, and how a target reports a
// broken invariant (a crash libFuzzer records, with the input that caused it).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/date.h"

namespace assistant::fuzz {

// The knowledge-base sources: $EIA_FUZZ_DATA if set, otherwise data/ of the source tree this
// target was built from.
std::filesystem::path DataDir();

// A fresh scratch directory for this process, created once below $EIA_FUZZ_SCRATCH, else /dev/shm
// (tmpfs: the targets write a file per input), else the temporary directory. Removed at a normal
// exit; a crash leaves it behind, which is why scripts/fuzz.sh gives its own $EIA_FUZZ_SCRATCH.
const std::filesystem::path& ScratchDir();

std::string ReadFile(const std::filesystem::path& path);
// Writes `bytes` to `path`, replacing it; aborts if it cannot (a broken harness is not a finding).
void WriteFile(const std::filesystem::path& path, std::string_view bytes);

// The day requests are decided on when they give none: fixed, so a reproducer stays one.
Date FixedToday();

// A property the code under test must keep was broken: print why and abort, so libFuzzer saves
// the input as crash-<sha1>.
[[noreturn]] inline void Violated(const char* what, const std::string& detail = "") {
  std::fprintf(stderr, "fuzz invariant violated: %s\n%s\n", what, detail.c_str());
  std::abort();
}

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace assistant::fuzz
