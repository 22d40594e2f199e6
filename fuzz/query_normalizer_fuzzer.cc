// Fuzz target: what is done to text people type before it meets the knowledge base.
//
// The input is arbitrary bytes, as a client may send them (the JSON parser rejects invalid UTF-8,
// but `assess`, the search endpoint's query string and future callers need not). Each input goes
// through:
//   * server::NormalizeInput (NFKC with ICU, trimmed), applied to every string fact, list item
//     and date of a request (server/src/json_io.cc);
//   * server::ParseChineseNumber ("五千头", "1.2万吨", full-width digits), for quantities typed at
//     a kiosk;
//   * server::SearchIndex::Find over the real catalogue (keywords, pinyin, initials, codes), with
//     the default options and with a kind filter and the largest limit.
//
// Properties checked beyond "no crash, no sanitizer report":
//   * NormalizeInput gives valid UTF-8 and is idempotent (an id typed with full-width characters
//     and the same id typed plainly must meet);
//   * a date that parses after normalisation formats back to the same text;
//   * a number read is finite, not negative and below 10^15, its unit is UTF-8, and a whole number
//     written back in digits reads as the same number;
//   * search gives at most `limit` hits, only of the kind asked for, none for an over-long query,
//     and every hit renders as JSON.
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "base/date.h"
#include "base/text.h"
#include "fuzz_support.h"
#include "kb/compiler.h"
#include "server/chinese_number.h"
#include "server/search.h"
#include "text_normalize.h"

namespace {

using assistant::fuzz::Violated;
namespace server = assistant::server;

bool ValidUtf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (std::size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

// Characters that no folding removes: ASCII letters and digits, and CJK ideographs (U+4E00..U+9FFF).
std::size_t SolidCharacters(const std::string& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++n;
    if ((c >> 4) == 0xE && i + 2 < s.size()) {
      const std::uint32_t cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                               (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      if (cp >= 0x4E00 && cp <= 0x9FFF) ++n;
    }
  }
  return n;
}

// The search index over the real knowledge base, built once.
const server::SearchIndex& TheIndex() {
  static const std::unique_ptr<server::SearchIndex> index = [] {
    assistant::kb::Diagnostics diagnostics;
    auto kb = assistant::kb::CompileSources(assistant::fuzz::DataDir(), diagnostics);
    if (!kb) Violated("the real data does not compile", diagnostics.ToString());
    return std::make_unique<server::SearchIndex>(*kb);
  }();
  return *index;
}

void CheckNormalize(const std::string& input) {
  const std::string once = server::NormalizeInput(input);
  if (!ValidUtf8(once)) Violated("NormalizeInput gave invalid UTF-8", once);
  const std::string twice = server::NormalizeInput(once);
  if (twice != once) Violated("NormalizeInput is not idempotent", once + "\n" + twice);
  if (auto date = assistant::ParseDate(once)) {
    if (assistant::FormatDate(*date) != once) Violated("a parsed date does not format back", once);
  }
}

void CheckNumber(const std::string& input) {
  auto number = server::ParseChineseNumber(input);
  if (!number) {
    if (!ValidUtf8(number.error().message)) Violated("ParseChineseNumber's message is not UTF-8", number.error().message);
    return;
  }
  const double v = number.value().value;
  if (!std::isfinite(v) || v < 0 || v >= 1e15) Violated("ParseChineseNumber gave an out-of-range value", std::to_string(v));
  if (!ValidUtf8(number.value().unit)) Violated("ParseChineseNumber's unit is not UTF-8", number.value().unit);
  if (v == std::floor(v)) {
    const std::string digits = assistant::FormatNumber(v);
    auto again = server::ParseChineseNumber(digits);
    if (!again || again.value().value != v || !again.value().unit.empty()) {
      Violated("a whole number written in digits does not read back", input + " -> " + digits);
    }
  }
}

void CheckSearch(const std::string& input) {
  const server::SearchIndex& index = TheIndex();
  const bool over_long = SolidCharacters(server::NormalizeInput(input)) > server::kMaxQueryChars;
  for (int pass = 0; pass < 2; ++pass) {
    server::SearchOptions options;
    if (pass == 1) {
      // The kind filter and limit come from the input's length, so both vary without a format.
      options.kind = static_cast<server::HitKind>(input.size() % 4);
      options.limit = server::kMaxSearchLimit + 1;  // capped by Find
    }
    const auto hits = index.Find(input, options);
    if (hits.size() > std::min(options.limit, server::kMaxSearchLimit)) Violated("more hits than the limit", input);
    if (over_long && !hits.empty()) Violated("an over-long query found something", input);
    for (const auto& hit : hits) {
      if (options.kind && hit.kind != *options.kind) Violated("a hit of another kind than asked", input);
      (void)server::ToJson(hit).dump();  // throws on invalid UTF-8: a finding
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  TheIndex();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(assistant::fuzz::AsText(data, size));
  CheckNormalize(input);
  CheckNumber(input);
  CheckSearch(input);
  return 0;
}
