// Fuzz target: opening a damaged knowledge-base file.
//
// The input is the whole file: it is written to a scratch path and opened with kb::OpenKb, as the
// server and `assess` do at start. The seeds are real compiled knowledge bases (the full one and
// a small one, see make_seeds) and truncations of them, so mutations start from valid SQLite pages.
//
// Property: OpenKb returns a value or an Error; it never crashes, never trips a sanitizer, and a
// file it accepts is usable: its content hash is the one recorded and the rules can decide a case.
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "kb/store.h"
#include "reasoner/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file = assistant::fuzz::ScratchDir() / "fuzz.kb";
  assistant::fuzz::WriteFile(file, assistant::fuzz::AsText(data, size));
  auto kb = assistant::kb::OpenKb(file);
  if (!kb) {
    (void)kb.error().ToString();
    return 0;
  }
  // Accepted: the hash matched, so this is a real knowledge base. Decide an empty case with it.
  const auto& rules = kb.value().rules;
  if (!rules) assistant::fuzz::Violated("OpenKb accepted a file and returned no rules");
  assistant::reasoner::Engine engine(rules);
  assistant::reasoner::CaseFacts facts(rules->attributes().size());
  assistant::reasoner::Query query;
  query.date = assistant::fuzz::FixedToday();
  (void)engine.Decide(facts, query);
  return 0;
}
