// Catalogue browsing and search for the kiosk and the window: by Chinese keyword, by pinyin or
// pinyin initials ("yangzhichang", "yzc" → 养殖场), by GB/T 4754-2017 industry code or prefix
// ("0313", "031"), with full-width input from Chinese input methods ("ＹＺＣ", "０３１３").
//
// What is indexed (one entry each):
//   row       every catalogue row: its item text (项目类别) and category name; its printed codes
//   industry  every industry named with a code inside a row's item ("牲畜饲养031" → 牲畜饲养, 031)
//   offence   every value of offence.kind (violation kinds, for enforcement officers)
//   term      every search term of the knowledge base (kind: search_terms): words people type that
//             the catalogue does not print (养猪场, 加油站); a matching term also brings in the rows it
//             points at, as row hits with `via` = the term
// The values of project.catalogue_items are the rows printed without codes, so they are row hits
// whose choice sets project.catalogue_items (no separate kind).
//
// Ranking: by match tier (exact name or code > prefix > substring > all words > full pinyin >
// pinyin initials), then by title in Chinese pinyin order (ICU zh collation), then kind and id.
//
// What a hit sets: `choices` are alternatives for one fact each (the kiosk offers them, the user
// picks). The catalogue prints codes of 3 digits for most industries ("031") while a case needs the
// 4-digit subclass (project.industry_codes matches rows by prefix): such a choice has complete =
// false and `value` is the printed prefix; the kiosk must still ask for the 4-digit subclass that
// begins with it (the knowledge base holds no GB/T 4754 table to list them). When the query itself
// is a 4-digit code under the prefix ("0313"), the choice is that code, complete.
//
// Build: pinyin readings and collation sort keys are computed when the index is built, so Find() uses
// no ICU service object except the word-break iterator, which is guarded by a mutex. Readings are
// ICU's Han-Latin reading of each character plus every reading of the polyphonic characters
// (pinyin_readings.h: 长 chang/zhang, 行 xing/hang, 重 zhong/chong). The Han-Latin transliterator is
// created once per process, on the first build (compiling its rules takes ICU a few hundred
// milliseconds), and each character is transliterated once per process; the zh collator and the
// word-break iterator are created once per index. Measured on the real knowledge base: see
// docs/search.md.
// Thread-safety: an index is immutable after construction; Find() may be called from any thread.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kb/compiler.h"
#include "kb/store.h"

namespace assistant::server {

enum class HitKind { kRow, kIndustry, kOffence, kTerm };
std::string_view HitKindName(HitKind kind);  // "row", "industry", "offence", "term"
std::optional<HitKind> ParseHitKind(std::string_view name);

// How the query matched, best first.
enum class MatchTier {
  kExact,      // the whole name or a code equals the query
  kPrefix,     // a name begins with the query; a code begins with it, or covers it (031 covers 0313)
  kSubstring,  // a name contains the query
  kWords,      // a name contains every word of the query (split at spaces and ICU word breaks)
  kPinyin,     // full pinyin without tones ("yangzhichang", "yang zhi chang"; the last syllable may be cut short)
  kInitials,   // pinyin initials, alone or mixed with full syllables ("yzc", "yzchang")
};
std::string_view MatchTierName(MatchTier tier);  // "exact", "prefix", "substring", "words", "pinyin", "initials"

// One way of answering with a hit: the fact it sets and the value.
struct SearchChoice {
  std::string fact;       // project.industry_codes, project.catalogue_items or offence.kind
  std::string value;      // a value id, a 4-digit code, or (complete == false) a printed code prefix
  bool complete = true;   // false: `value` is a prefix; a 4-digit subclass beginning with it is still needed
  bool industrial_building_only = false;  // printed with '*': the row applies only in 工业建筑 (名录说明4)
};

struct SearchHit {
  HitKind kind = HitKind::kRow;
  // Stable within a knowledge-base version: "eia2021.r003" (row), "eia2021.r003.031" (industry),
  // "offence.kind.<value id>" (offence), "eia2021.term.<term>" (term).
  std::string id;
  std::string title;   // the row's item, the industry's name, the offence's label, the term
  std::string detail;  // where it comes from and what else to know ("名录第3行（二、畜牧业）…")
  MatchTier tier = MatchTier::kExact;
  std::string catalogue;      // "eia2021"; "" for offences
  std::vector<int> rows;      // printed rows the hit belongs to (a term's rows are alternatives)
  std::string via;            // a row brought in by a search term: the term ("养殖场")
  std::vector<SearchChoice> choices;  // alternatives; empty when the hit sets nothing directly
};

inline constexpr std::size_t kMaxQueryChars = 64;  // longer queries find nothing
inline constexpr std::size_t kMaxSearchLimit = 200;

struct SearchOptions {
  std::optional<HitKind> kind;  // only hits of this kind
  std::size_t limit = 20;       // at most this many hits (capped at kMaxSearchLimit)
};

class SearchIndex {
 public:
  // Builds the index from one knowledge-base version. Never fails: when ICU's transliterator is
  // missing, pinyin search is off (pinyin_available() is false) and everything else works.
  explicit SearchIndex(const kb::LoadedKb& kb);
  explicit SearchIndex(const kb::CompiledKb& kb);
  SearchIndex(const reasoner::RuleSet& rules, const std::vector<kb::CatalogueRow>& rows,
              const std::vector<kb::SearchTerm>& terms);
  ~SearchIndex();
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  // The hits for `query` (UTF-8, any width), best first. An empty, over-long (more than
  // kMaxQueryChars characters) or unmatched query gives no hits; nothing throws. The query is
  // matched literally: no character has a special meaning.
  std::vector<SearchHit> Find(std::string_view query, const SearchOptions& options = {}) const;

  std::size_t size() const;       // number of entries
  bool pinyin_available() const;  // false when ICU's Han-Latin transliterator could not be created

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// {"kind", "id", "title", "detail", "match", "catalogue", "rows", "via", "choices": [{"fact",
// "value", "complete", "industrial_building_only"}]}; "via" only when set.
nlohmann::json ToJson(const SearchHit& hit);

}  // namespace assistant::server
