#include "server/search.h"

#include <unicode/brkiter.h>
#include <unicode/coll.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "pinyin_readings.h"

namespace assistant::server {
namespace {

constexpr const char* kIndustryFact = "project.industry_codes";
constexpr const char* kItemsFact = "project.catalogue_items";
constexpr const char* kOffenceFact = "offence.kind";

std::string RowKey(const std::string& catalogue, int row) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "r%03d", row);
  return catalogue + "." + buffer;
}

std::string Utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

bool IsHan(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_HAN && U_SUCCESS(status);
}

bool IsAsciiLetter(UChar32 c) { return c >= 'a' && c <= 'z'; }

// NFKC (full-width digits and letters, compatibility forms), lower case, runs of white space as
// one space, trimmed: the form both the indexed texts and the queries are compared in.
icu::UnicodeString Fold(const icu::UnicodeString& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString normalized = U_SUCCESS(status) ? nfkc->normalize(text, status) : text;
  if (U_FAILURE(status)) normalized = text;
  normalized.toLower(icu::Locale::getRoot());
  icu::UnicodeString out;
  bool space = false;
  for (int32_t i = 0; i < normalized.length(); i = normalized.moveIndex32(i, 1)) {
    const UChar32 c = normalized.char32At(i);
    if (u_isUWhiteSpace(c)) {
      space = !out.isEmpty();
      continue;
    }
    if (space) out.append(static_cast<UChar>(' '));
    space = false;
    out.append(c);
  }
  return out;
}

// ---- pinyin readings ------------------------------------------------------------------------

// Readings of Han characters, shared by every index of the process: ICU compiles its Han-Latin
// rules when the transliterator is first created (a few hundred milliseconds on a kiosk-class
// machine, see docs/search.md), so that happens once per process and each character is
// transliterated once per process, not once per knowledge-base version.
class ReadingCache {
 public:
  static ReadingCache& Instance() {
    static ReadingCache cache;
    return cache;
  }

  // Readings of each character of `chars` (toneless lower-case ASCII; ü as both v and u), from
  // ICU's Han-Latin plus every reading in pinyin_readings.h. False when ICU's transliterator is
  // missing: then only the polyphone table answers.
  bool Lookup(const std::set<UChar32>& chars, std::unordered_map<UChar32, std::vector<std::string>>& out) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<UChar32> missing;
    for (UChar32 c : chars) {
      if (!known_.count(c)) missing.push_back(c);
    }
    if (!missing.empty()) Transliterate(missing);
    for (UChar32 c : chars) out[c] = known_[c];
    return translit_ != nullptr;
  }

 private:
  void Transliterate(const std::vector<UChar32>& chars) {
    if (!tried_) {
      tried_ = true;
      UErrorCode status = U_ZERO_ERROR;
      UParseError parse;
      // Tone marks removed, the diaeresis of ü kept (lü, nü) so it can be typed as v or u.
      translit_.reset(icu::Transliterator::createInstance(
          icu::UnicodeString::fromUTF8("Han-Latin; NFD; [\\u0300\\u0301\\u0304\\u030C] Remove; NFC; Lower"),
          UTRANS_FORWARD, parse, status));
      if (U_FAILURE(status)) translit_.reset();
    }
    std::vector<std::string> icu_readings(chars.size());
    if (translit_) {
      // One call for all characters, one per line: no character sees a neighbour, so the reading
      // is the character's own; readings that only a neighbour selects (重庆 chong) are those of
      // polyphonic characters, which the table below adds.
      icu::UnicodeString batch;
      for (UChar32 c : chars) batch.append(c).append(static_cast<UChar>('\n'));
      translit_->transliterate(batch);
      std::size_t k = 0;
      int32_t start = 0;
      for (int32_t i = 0; i < batch.length() && k < chars.size(); ++i) {
        if (batch.charAt(i) != '\n') continue;
        icu_readings[k++] = Utf8(batch.tempSubStringBetween(start, i));
        start = i + 1;
      }
    }
    const std::string umlaut = "ü";
    for (std::size_t k = 0; k < chars.size(); ++k) {
      std::vector<std::string> readings;
      auto keep = [&](const std::string& r) {
        if (std::find(readings.begin(), readings.end(), r) == readings.end()) readings.push_back(r);
      };
      auto add = [&](std::string r) {
        for (std::size_t at = r.find(umlaut); at != std::string::npos; at = r.find(umlaut)) r.replace(at, umlaut.size(), "v");
        if (r.empty() || !std::all_of(r.begin(), r.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; })) return;
        keep(r);
        // ü is typed v on pinyin keyboards and u by many people (lv, lu): keep both.
        std::replace(r.begin(), r.end(), 'v', 'u');
        keep(r);
      };
      add(icu_readings[k]);
      std::string_view table = PolyphoneReadings(static_cast<char32_t>(chars[k]));
      while (!table.empty()) {
        const std::size_t space = table.find(' ');
        add(std::string(table.substr(0, space)));
        table = space == std::string_view::npos ? std::string_view() : table.substr(space + 1);
      }
      known_[chars[k]] = std::move(readings);
    }
  }

  std::mutex mutex_;
  bool tried_ = false;
  std::unique_ptr<icu::Transliterator> translit_;
  std::unordered_map<UChar32, std::vector<std::string>> known_;
};

// One character (or run of ASCII letters) of an indexed text with all its readings.
struct Token {
  std::vector<std::string> readings;
};

// An indexed text as runs of tokens; anything that is neither Han nor a letter (digits,
// punctuation, spaces) separates runs, and a pinyin match never crosses it.
struct PinyinText {
  std::vector<std::vector<Token>> runs;
};

std::uint32_t LetterMask(std::string_view letters) {
  std::uint32_t mask = 0;
  for (char c : letters) {
    if (c >= 'a' && c <= 'z') mask |= 1u << static_cast<unsigned>(c - 'a');
  }
  return mask;
}

// The best pinyin tier at which `q` (2..64 letters) matches a stretch of consecutive tokens of
// `text`: every token consumes one of its readings whole (pinyin), or only its initial — zh, ch and
// sh may count as one — (initials); the last token may be cut short anywhere.
std::optional<MatchTier> MatchPinyin(const PinyinText& text, std::string_view q) {
  const std::size_t n = q.size();
  std::optional<MatchTier> best;
  auto record = [&](bool abbreviated) {
    const MatchTier tier = abbreviated ? MatchTier::kInitials : MatchTier::kPinyin;
    if (!best || tier < *best) best = tier;
  };
  for (const auto& run : text.runs) {
    for (std::size_t s = 0; s < run.size(); ++s) {
      const auto& first = run[s].readings;
      if (std::none_of(first.begin(), first.end(), [&](const std::string& r) { return r[0] == q[0]; })) continue;
      // Bit p of `whole` / `cut`: the first p letters of q are consumed, with no / some abbreviation.
      std::uint64_t whole = 1, cut = 0;
      for (std::size_t t = s; t < run.size() && (whole | cut) != 0; ++t) {
        std::uint64_t next_whole = 0, next_cut = 0;
        for (int pass = 0; pass < 2; ++pass) {
          const bool abbreviated = pass == 1;
          for (std::uint64_t states = abbreviated ? cut : whole; states != 0; states &= states - 1) {
            const auto pos = static_cast<std::size_t>(std::countr_zero(states));
            const std::string_view rest = q.substr(pos);
            for (const std::string& r : run[t].readings) {
              if (rest.size() >= r.size() && rest.compare(0, r.size(), r) == 0) {
                const std::size_t to = pos + r.size();
                if (to == n) {
                  record(abbreviated);
                } else {
                  (abbreviated ? next_cut : next_whole) |= std::uint64_t{1} << to;
                }
                continue;
              }
              if (rest.size() < r.size() && r.compare(0, rest.size(), rest) == 0) {
                record(abbreviated);  // the query ends inside this syllable
                continue;
              }
              const bool double_initial = r.size() > 2 && r[1] == 'h' && (r[0] == 'z' || r[0] == 'c' || r[0] == 's');
              for (std::size_t k = 1; k <= (double_initial ? 2u : 1u); ++k) {
                if (k < r.size() && k < rest.size() && rest.compare(0, k, r, 0, k) == 0) {
                  next_cut |= std::uint64_t{1} << (pos + k);
                }
              }
            }
          }
        }
        whole = next_whole;
        cut = next_cut;
      }
      if (best == MatchTier::kPinyin) return best;
    }
  }
  return best;
}

// ---- entries --------------------------------------------------------------------------------

struct Entry {
  SearchHit hit;                       // tier and via are filled per query
  std::vector<std::string> texts;      // folded
  std::vector<PinyinText> pinyin;      // one per text
  std::uint32_t letters = 0;           // every letter of every reading
  std::vector<std::string> codes;      // codes without '*'
  std::string sort_key;                // ICU zh collation key of the title
  std::vector<std::size_t> brings;     // terms: the row entries they point at
};

// An industry named inside a row's item: "专科疾病防治院（所、站）8432" or "造纸222*（含废纸造纸）".
struct NamedIndustry {
  std::string name;
  std::string code;  // as printed, with '*'
  std::string remark;
};

// Splits an item at the "；" outside brackets and reads the code printed after each name. Empty
// when a part has no code (rows printed without codes).
std::vector<NamedIndustry> ParseIndustries(const std::string& item) {
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(item);
  std::vector<icu::UnicodeString> parts(1);
  int depth = 0;
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    const UChar32 c = text.char32At(i);
    if (c == U'（' || c == '(') ++depth;
    if ((c == U'）' || c == ')') && depth > 0) --depth;
    if (c == U'；' && depth == 0) {
      parts.emplace_back();
      continue;
    }
    parts.back().append(c);
  }
  std::vector<NamedIndustry> out;
  for (const auto& part : parts) {
    // The code is the last run of digits outside brackets.
    int32_t code_begin = -1, code_end = -1;
    depth = 0;
    for (int32_t i = 0; i < part.length(); ++i) {
      const UChar c = part.charAt(i);
      if (c == u'（' || c == '(') ++depth;
      if ((c == u'）' || c == ')') && depth > 0) --depth;
      if (depth == 0 && c >= '0' && c <= '9') {
        if (code_end != i) code_begin = i;
        code_end = i + 1;
      }
    }
    if (code_begin <= 0) return {};
    if (code_end < part.length() && part.charAt(code_end) == '*') ++code_end;
    NamedIndustry industry;
    industry.name = Utf8(part.tempSubStringBetween(0, code_begin));
    industry.code = Utf8(part.tempSubStringBetween(code_begin, code_end));
    industry.remark = Utf8(part.tempSubString(code_end));
    out.push_back(std::move(industry));
  }
  return out;
}

std::string StripStar(std::string code) {
  if (!code.empty() && code.back() == '*') code.pop_back();
  return code;
}

SearchChoice CodeChoice(const std::string& printed) {
  SearchChoice choice;
  choice.fact = kIndustryFact;
  choice.value = StripStar(printed);
  choice.complete = choice.value.size() == 4;
  choice.industrial_building_only = !printed.empty() && printed.back() == '*';
  return choice;
}

std::string JoinRows(const std::vector<int>& rows) {
  std::string out;
  for (std::size_t i = 0; i < rows.size(); ++i) out += (i ? "、" : "") + std::to_string(rows[i]);
  return out;
}

bool AllAsciiDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view HitKindName(HitKind kind) {
  switch (kind) {
    case HitKind::kRow: return "row";
    case HitKind::kIndustry: return "industry";
    case HitKind::kOffence: return "offence";
    case HitKind::kTerm: return "term";
  }
  return "row";
}

std::optional<HitKind> ParseHitKind(std::string_view name) {
  for (HitKind k : {HitKind::kRow, HitKind::kIndustry, HitKind::kOffence, HitKind::kTerm}) {
    if (HitKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::string_view MatchTierName(MatchTier tier) {
  switch (tier) {
    case MatchTier::kExact: return "exact";
    case MatchTier::kPrefix: return "prefix";
    case MatchTier::kSubstring: return "substring";
    case MatchTier::kWords: return "words";
    case MatchTier::kPinyin: return "pinyin";
    case MatchTier::kInitials: return "initials";
  }
  return "exact";
}

struct SearchIndex::Impl {
  std::vector<Entry> entries;
  std::unordered_map<std::string, std::size_t> row_entry;  // row key ("eia2021.r003") -> entry
  bool pinyin = false;
  mutable std::mutex word_break_mutex;  // BreakIterator keeps per-text state: one user at a time
  std::unique_ptr<icu::BreakIterator> word_break;

  Impl(const reasoner::RuleSet& rules, const std::vector<kb::CatalogueRow>& rows,
       const std::vector<kb::SearchTerm>& terms) {
    AddRows(rules, rows);
    AddOffences(rules);
    AddTerms(terms);
    IndexTexts();
    SortKeys();
    UErrorCode status = U_ZERO_ERROR;
    word_break.reset(icu::BreakIterator::createWordInstance(icu::Locale("zh"), status));
    if (U_FAILURE(status)) word_break.reset();
    Words(icu::UnicodeString::fromUTF8("养殖场"));  // ICU loads its CJK dictionary on first use: not in a request
  }

  void AddRows(const reasoner::RuleSet& rules, const std::vector<kb::CatalogueRow>& rows) {
    const int items = rules.AttributeIndex(kItemsFact);
    const bool codes_fact = rules.AttributeIndex(kIndustryFact) >= 0;
    for (const auto& row : rows) {
      const std::string key = RowKey(row.catalogue, row.row);
      const std::string where = "名录第" + std::to_string(row.row) + "行（" + row.category_no + "、" + row.category_name + "）";
      Entry e;
      e.hit.kind = HitKind::kRow;
      e.hit.id = key;
      e.hit.title = row.item;
      e.hit.detail = where;
      if (!row.unclear.empty()) e.hit.detail += "；注意：" + row.unclear;
      e.hit.catalogue = row.catalogue;
      e.hit.rows = {row.row};
      e.texts = {row.item, row.category_name};
      for (const auto& printed : row.industry_codes) {
        e.codes.push_back(StripStar(printed));
        if (codes_fact) e.hit.choices.push_back(CodeChoice(printed));
      }
      if (row.industry_codes.empty() && items >= 0 && rules.attribute(items).ValueIndex(key) >= 0) {
        e.hit.choices.push_back({kItemsFact, key, true, false});
      }
      row_entry[key] = entries.size();
      entries.push_back(std::move(e));

      // The industries an item names. Parsed from the printed text; a row whose parse does not
      // give exactly its listed codes keeps only its row entry.
      auto industries = ParseIndustries(row.item);
      std::vector<std::string> parsed;
      for (const auto& i : industries) parsed.push_back(i.code);
      if (parsed != row.industry_codes) continue;
      for (const auto& industry : industries) {
        const std::string code = StripStar(industry.code);
        Entry ie;
        ie.hit.kind = HitKind::kIndustry;
        ie.hit.id = key + "." + code;
        ie.hit.title = industry.name;
        ie.hit.detail = "行业代码" + code + industry.remark;
        if (code.size() < 4) ie.hit.detail += "；须再选择以" + code + "开头的4位小类代码";
        if (industry.code.back() == '*') ie.hit.detail += "；仅指在工业建筑中生产的项目（名录说明4）";
        ie.hit.detail += "；" + where + "：" + row.item;
        ie.hit.catalogue = row.catalogue;
        ie.hit.rows = {row.row};
        ie.texts = {industry.name};
        ie.codes = {code};
        if (codes_fact) ie.hit.choices.push_back(CodeChoice(industry.code));
        entries.push_back(std::move(ie));
      }
    }
  }

  void AddOffences(const reasoner::RuleSet& rules) {
    const int index = rules.AttributeIndex(kOffenceFact);
    if (index < 0) return;
    const auto& attribute = rules.attribute(index);
    for (const auto& value : attribute.values) {
      Entry e;
      e.hit.kind = HitKind::kOffence;
      e.hit.id = std::string(kOffenceFact) + "." + value.id;
      e.hit.title = value.label.empty() ? value.id : value.label;
      e.hit.detail = attribute.label;
      e.hit.choices.push_back({kOffenceFact, value.id, true, false});
      e.texts = {e.hit.title};
      entries.push_back(std::move(e));
    }
  }

  void AddTerms(const std::vector<kb::SearchTerm>& terms) {
    for (const auto& term : terms) {
      Entry e;
      e.hit.kind = HitKind::kTerm;
      e.hit.id = term.catalogue + ".term." + term.term;
      e.hit.title = term.term;
      e.hit.detail = "名录第" + JoinRows(term.rows) + "行";
      if (!term.note.empty()) e.hit.detail += "：" + term.note;
      e.hit.catalogue = term.catalogue;
      e.hit.rows = term.rows;
      e.texts = {term.term};
      std::vector<SearchChoice> row_choices;  // what the term's rows offer
      for (int row : term.rows) {
        auto it = row_entry.find(RowKey(term.catalogue, row));
        if (it == row_entry.end()) continue;
        e.brings.push_back(it->second);
        const Entry& r = entries[it->second];
        row_choices.insert(row_choices.end(), r.hit.choices.begin(), r.hit.choices.end());
        if (term.industry_codes.empty()) e.codes.insert(e.codes.end(), r.codes.begin(), r.codes.end());
      }
      if (term.industry_codes.empty()) e.hit.choices = row_choices;
      for (const auto& code : term.industry_codes) {
        e.codes.push_back(code);
        SearchChoice choice = CodeChoice(code);
        // A narrowed code keeps the 工业建筑 condition of the printed code it lies under.
        for (const auto& c : row_choices) {
          if (c.fact == kIndustryFact && c.industrial_building_only && code.rfind(c.value, 0) == 0) {
            choice.industrial_building_only = true;
          }
        }
        e.hit.choices.push_back(choice);
      }
      entries.push_back(std::move(e));
    }
  }

  // Folds every text and gives each its pinyin tokens.
  void IndexTexts() {
    std::set<UChar32> han;
    std::vector<std::vector<icu::UnicodeString>> folded(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      for (auto& text : entries[i].texts) {
        icu::UnicodeString f = Fold(icu::UnicodeString::fromUTF8(text));
        for (int32_t k = 0; k < f.length(); k = f.moveIndex32(k, 1)) {
          if (IsHan(f.char32At(k))) han.insert(f.char32At(k));
        }
        text = Utf8(f);
        folded[i].push_back(std::move(f));
      }
    }
    std::unordered_map<UChar32, std::vector<std::string>> readings;
    pinyin = ReadingCache::Instance().Lookup(han, readings);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      Entry& e = entries[i];
      for (const auto& f : folded[i]) {
        PinyinText p;
        p.runs.emplace_back();
        for (int32_t k = 0; k < f.length();) {
          const UChar32 c = f.char32At(k);
          if (IsHan(c)) {
            p.runs.back().push_back(Token{readings[c]});
            for (const auto& r : readings[c]) e.letters |= LetterMask(r);
            k = f.moveIndex32(k, 1);
          } else if (IsAsciiLetter(c)) {
            int32_t end = k;
            while (end < f.length() && IsAsciiLetter(f.charAt(end))) ++end;
            std::string letters = Utf8(f.tempSubStringBetween(k, end));
            e.letters |= LetterMask(letters);
            p.runs.back().push_back(Token{{std::move(letters)}});
            k = end;
          } else {
            if (!p.runs.back().empty()) p.runs.emplace_back();
            k = f.moveIndex32(k, 1);
          }
        }
        e.pinyin.push_back(std::move(p));
      }
    }
  }

  void SortKeys() {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> collator(icu::Collator::createInstance(icu::Locale("zh"), status));
    if (U_FAILURE(status)) collator.reset();
    for (auto& e : entries) {
      if (!collator) {
        e.sort_key = e.hit.title;  // code-point order; only when ICU's collation data is missing
        continue;
      }
      const icu::UnicodeString title = icu::UnicodeString::fromUTF8(e.hit.title);
      std::vector<uint8_t> key(64);
      int32_t length = collator->getSortKey(title, key.data(), static_cast<int32_t>(key.size()));
      if (length > static_cast<int32_t>(key.size())) {
        key.resize(static_cast<std::size_t>(length));
        length = collator->getSortKey(title, key.data(), length);
      }
      e.sort_key.assign(key.begin(), key.begin() + std::max(length, 0));
    }
  }

  // The words of a query: split at spaces, then at ICU word boundaries (饲养家禽 → 饲养 | 家禽).
  std::vector<std::string> Words(const icu::UnicodeString& query) const {
    std::vector<std::string> words;
    if (!word_break) {
      std::string text = Utf8(query);
      for (std::size_t start = 0; start <= text.size();) {
        std::size_t space = text.find(' ', start);
        if (space == std::string::npos) space = text.size();
        if (space > start) words.push_back(text.substr(start, space - start));
        start = space + 1;
      }
      return words;
    }
    std::lock_guard<std::mutex> lock(word_break_mutex);
    word_break->setText(query);
    int32_t start = word_break->first();
    for (int32_t end = word_break->next(); end != icu::BreakIterator::DONE; start = end, end = word_break->next()) {
      if (word_break->getRuleStatus() == UBRK_WORD_NONE) continue;  // spaces and punctuation
      words.push_back(Utf8(query.tempSubStringBetween(start, end)));
    }
    static const icu::UnicodeString kEmpty;
    word_break->setText(kEmpty);  // drop the reference to the caller's text
    return words;
  }

  std::optional<MatchTier> MatchEntry(const Entry& e, const std::string& query, const std::string& digits,
                                      const std::vector<std::string>& words, const std::string& letters,
                                      std::uint32_t letter_mask) const {
    std::optional<MatchTier> best;
    auto take = [&](MatchTier t) {
      if (!best || t < *best) best = t;
    };
    if (!digits.empty()) {
      for (const auto& code : e.codes) {
        if (code == digits) take(MatchTier::kExact);
        else if (code.rfind(digits, 0) == 0 || digits.rfind(code, 0) == 0) take(MatchTier::kPrefix);
      }
    }
    for (const auto& text : e.texts) {
      if (text == query) take(MatchTier::kExact);
      else if (text.rfind(query, 0) == 0) take(MatchTier::kPrefix);
      else if (text.find(query) != std::string::npos) take(MatchTier::kSubstring);
    }
    if (best) return best;
    if (words.size() >= 2) {
      const bool all = std::all_of(words.begin(), words.end(), [&](const std::string& w) {
        return std::any_of(e.texts.begin(), e.texts.end(), [&](const std::string& t) { return t.find(w) != std::string::npos; });
      });
      if (all) return MatchTier::kWords;
    }
    if (!letters.empty() && (e.letters & letter_mask) == letter_mask) {
      for (const auto& p : e.pinyin) {
        if (auto tier = MatchPinyin(p, letters)) take(*tier);
        if (best == MatchTier::kPinyin) break;
      }
    }
    return best;
  }
};

SearchIndex::SearchIndex(const reasoner::RuleSet& rules, const std::vector<kb::CatalogueRow>& rows,
                         const std::vector<kb::SearchTerm>& terms)
    : impl_(std::make_unique<Impl>(rules, rows, terms)) {}

SearchIndex::SearchIndex(const kb::LoadedKb& kb) : SearchIndex(*kb.rules, kb.rows, kb.search_terms) {}

SearchIndex::SearchIndex(const kb::CompiledKb& kb) : SearchIndex(*kb.rules, kb.rows, kb.search_terms) {}

SearchIndex::~SearchIndex() = default;

std::size_t SearchIndex::size() const { return impl_->entries.size(); }

bool SearchIndex::pinyin_available() const { return impl_->pinyin; }

std::vector<SearchHit> SearchIndex::Find(std::string_view query, const SearchOptions& options) const {
  try {
    if (query.empty() || query.size() > kMaxQueryChars * 4) return {};
    const icu::UnicodeString folded = Fold(icu::UnicodeString::fromUTF8(icu::StringPiece(query.data(), static_cast<int32_t>(query.size()))));
    if (folded.isEmpty() || static_cast<std::size_t>(folded.countChar32()) > kMaxQueryChars) return {};
    const std::string text = Utf8(folded);

    // Codes and pinyin ignore spaces ("yang zhi chang", "03 13") and apostrophes ("xi'an").
    std::string compact;
    for (char c : text) {
      if (c != ' ') compact += c;
    }
    const std::string digits = AllAsciiDigits(compact) && compact.size() <= 4 ? compact : "";
    std::string letters;
    for (std::size_t i = 0; i < compact.size(); ++i) {
      if (compact.compare(i, std::string("ü").size(), "ü") == 0) {
        letters += 'v';
        i += std::string("ü").size() - 1;
      } else if (compact[i] != '\'') {
        letters += compact[i];
      }
    }
    if (letters.size() < 2 || letters.size() > 64 || !std::all_of(letters.begin(), letters.end(), [](char c) { return c >= 'a' && c <= 'z'; }) ||
        !impl_->pinyin) {
      letters.clear();
    }
    bool has_han = false;
    for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) has_han = has_han || IsHan(folded.char32At(i));
    const std::vector<std::string> words = has_han || text.find(' ') != std::string::npos ? impl_->Words(folded)
                                                                                          : std::vector<std::string>{};
    const std::uint32_t letter_mask = LetterMask(letters);

    const auto& entries = impl_->entries;
    std::vector<std::optional<MatchTier>> tiers(entries.size());
    std::vector<std::size_t> via(entries.size(), entries.size());  // the term that brought a row in
    for (std::size_t i = 0; i < entries.size(); ++i) {
      tiers[i] = impl_->MatchEntry(entries[i], text, digits, words, letters, letter_mask);
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (!tiers[i] || entries[i].hit.kind != HitKind::kTerm) continue;
      for (std::size_t row : entries[i].brings) {
        if (!tiers[row] || *tiers[i] < *tiers[row]) {
          tiers[row] = tiers[i];
          via[row] = i;
        }
      }
    }

    std::vector<std::size_t> matched;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (tiers[i] && (!options.kind || entries[i].hit.kind == *options.kind)) matched.push_back(i);
    }
    auto before = [&](std::size_t a, std::size_t b) {
      if (*tiers[a] != *tiers[b]) return *tiers[a] < *tiers[b];
      if (entries[a].sort_key != entries[b].sort_key) return entries[a].sort_key < entries[b].sort_key;
      if (entries[a].hit.kind != entries[b].hit.kind) return entries[a].hit.kind < entries[b].hit.kind;
      return entries[a].hit.id < entries[b].hit.id;
    };
    const std::size_t limit = std::min({options.limit, kMaxSearchLimit, matched.size()});
    std::partial_sort(matched.begin(), matched.begin() + static_cast<std::ptrdiff_t>(limit), matched.end(), before);
    matched.resize(limit);

    std::vector<SearchHit> hits;
    hits.reserve(matched.size());
    for (std::size_t i : matched) {
      SearchHit hit = entries[i].hit;
      hit.tier = *tiers[i];
      if (via[i] < entries.size()) hit.via = entries[via[i]].hit.title;
      // A full 4-digit code typed under a printed prefix is the answer itself: "0313" under 031.
      if (digits.size() == 4) {
        std::vector<SearchChoice> narrowed;
        for (const auto& choice : hit.choices) {
          if (choice.fact == kIndustryFact && digits.rfind(choice.value, 0) == 0) {
            SearchChoice c = choice;
            c.value = digits;
            c.complete = true;
            narrowed.push_back(c);
          }
        }
        if (!narrowed.empty()) hit.choices = std::move(narrowed);
      }
      hits.push_back(std::move(hit));
    }
    return hits;
  } catch (...) {
    // Out of memory is the only thing that can throw here; a search that fails finds nothing.
    return {};
  }
}

nlohmann::json ToJson(const SearchHit& hit) {
  nlohmann::json choices = nlohmann::json::array();
  for (const auto& c : hit.choices) {
    choices.push_back({{"fact", c.fact},
                       {"value", c.value},
                       {"complete", c.complete},
                       {"industrial_building_only", c.industrial_building_only}});
  }
  nlohmann::json out{{"kind", HitKindName(hit.kind)},
                     {"id", hit.id},
                     {"title", hit.title},
                     {"detail", hit.detail},
                     {"match", MatchTierName(hit.tier)},
                     {"catalogue", hit.catalogue},
                     {"rows", hit.rows},
                     {"choices", std::move(choices)}};
  if (!hit.via.empty()) out["via"] = hit.via;
  return out;
}

}  // namespace assistant::server
