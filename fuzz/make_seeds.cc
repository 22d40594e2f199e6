// make_seeds: writes the seed corpus and dictionary of every fuzz target from the real data.
//
//   make_seeds <data dir> <out dir>
//
// writes <out>/<target>/ (seed inputs) and <out>/<target>.dict (libFuzzer dictionary) for
//   request          golden cases turned into API requests (several per case file, chosen to differ
//                    in their expected answers), each checked to be accepted by ReadAssessRequest;
//   rule_source      every source file with its "# fuzz-context:" line, and small pieces of each
//                    (the file's header with one entry of its main list);
//   kb_file          the full compiled knowledge base, two smaller ones, and truncations of each;
//   query_normalizer labels, questions, names and ids from the vocabulary, in full-width forms too.
// Generated, not committed: the seeds follow the data. Hand-written seeds and the reproducers of
// fixed bugs live in fuzz/corpus/<target>/ and are passed to the fuzzers beside these.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "kb/compiler.h"
#include "kb/hash.h"
#include "kb/store.h"
#include "reasoner/engine.h"
#include "server/json_io.h"

namespace {

namespace fs = std::filesystem;
namespace kb = assistant::kb;
namespace reasoner = assistant::reasoner;
using assistant::fuzz::ReadFile;
using assistant::fuzz::WriteFile;
using nlohmann::json;

// Seeds are named by content, as libFuzzer names its own units.
void WriteSeed(const fs::path& dir, std::string_view bytes, const std::string& prefix = "") {
  WriteFile(dir / (prefix + assistant::kb::Sha256Hex(bytes).substr(0, 16)), bytes);
}

// One libFuzzer dictionary entry: "…" with \\, \" and non-printable bytes as \xNN.
std::string DictEntry(std::string_view token) {
  std::string out = "\"";
  for (char ch : token) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

void WriteDict(const fs::path& path, const std::set<std::string>& tokens) {
  std::string text;
  for (const auto& t : tokens) {
    if (!t.empty() && t.size() <= 64) text += DictEntry(t) + "\n";
  }
  WriteFile(path, text);
}

// ---- request ---------------------------------------------------------------------------------

int MakeRequests(const kb::CompiledKb& compiled, const fs::path& out, std::set<std::string>& dict) {
  const reasoner::RuleSet& rules = *compiled.rules;
  const reasoner::Engine engine(compiled.rules);
  // Per case file, cases that differ in what they expect, at most kPerFile of them.
  constexpr int kPerFile = 6;
  std::map<std::string, std::set<std::string>> seen;
  int written = 0;
  for (const auto& c : compiled.cases) {
    std::string signature;
    for (const auto& [d, v] : c.expect) signature += rules.attribute(d).id + "=" + v + ";";
    auto& file_seen = seen[c.where.file];
    if (static_cast<int>(file_seen.size()) >= kPerFile || !file_seen.insert(signature).second) continue;

    reasoner::CaseFacts facts(rules.attributes().size());
    for (const auto& [a, v] : c.facts) facts.values[static_cast<std::size_t>(a)] = v;
    reasoner::Query query;
    query.date = c.date;
    query.place = c.place;
    query.decided_on = c.decided_on;
    for (const auto& [d, v] : c.expect) {
      if (rules.attribute(d).decision) query.decisions.push_back(d);
    }
    const reasoner::Outcome outcome = engine.Decide(facts, query);
    json answer = assistant::server::RenderOutcome(rules, outcome, query);
    assistant::server::AddLookAhead(answer, engine, facts, query, outcome);
    json request{{"date", assistant::FormatDate(c.date)}, {"place", c.place}, {"facts", answer["receipt"]["facts"]}};
    if (c.decided_on) request["decided_on"] = assistant::FormatDate(*c.decided_on);
    json ask = json::array();
    for (int d : query.decisions) ask.push_back(rules.attribute(d).id);
    if (!ask.empty()) request["ask"] = ask;
    if (written % 3 == 1) request["depth"] = written % 2 ? "officer" : "applicant";
    const std::string text = request.dump(written % 2 ? 2 : -1);
    auto check = assistant::server::ReadAssessRequest(request, rules, assistant::fuzz::FixedToday());
    if (!check) {
      std::cerr << "make_seeds: golden case '" << c.name << "' (" << c.where.ToString()
                << ") as a request is refused: " << check.error().message << "\n";
      return -1;
    }
    WriteSeed(out, text, "golden-");
    ++written;
  }
  for (const char* key : {"date", "decided_on", "place", "facts", "ask", "depth"}) dict.insert(std::string("\"") + key + "\":");
  for (const char* word : {"applicant", "staff", "officer", "true", "false", "null", "[]", "{}", "2021-01-01",
                           "2024-06-01", "1e400", "-0", "\\u0000", "\\ud800"}) {
    dict.insert(word);
  }
  for (const auto& a : rules.attributes()) {
    dict.insert("\"" + a.id + "\"");
    for (const auto& v : a.values) dict.insert("\"" + v.id + "\"");
    for (const auto& f : a.fields) {
      dict.insert("\"" + f.id + "\"");
      for (const auto& v : f.values) dict.insert("\"" + v.id + "\"");
    }
  }
  for (const auto& p : compiled.places) dict.insert("\"" + p.id + "\"");
  return written;
}

// ---- rule_source -----------------------------------------------------------------------------

void CollectKeys(const YAML::Node& node, std::set<std::string>& dict) {
  if (node.IsMap()) {
    for (const auto& kv : node) {
      dict.insert(kv.first.Scalar() + ": ");
      CollectKeys(kv.second, dict);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) CollectKeys(item, dict);
  }
}

// The file's text with its largest top-level list cut down to entry `keep` (by line ranges, so
// the comments and layout of the real file are kept).
std::vector<std::string> Pieces(const std::string& text, const YAML::Node& root) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at <= text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  if (!root.IsMap()) return {};
  // The longest top-level list, and the line of the key after it (where the list ends). Nodes are
  // not assigned to each other: yaml-cpp's Node::operator= rebinds the node it assigns into.
  std::vector<int> starts;
  int list_end = static_cast<int>(lines.size());
  bool after = false;
  for (const auto& kv : root) {
    if (after) {
      list_end = kv.first.Mark().line;
      after = false;
    }
    if (kv.second.IsSequence() && kv.second.size() > std::max<std::size_t>(starts.size(), 1)) {
      starts.clear();
      for (const auto& item : kv.second) starts.push_back(item.Mark().line);
      list_end = static_cast<int>(lines.size());
      after = true;
    }
  }
  if (starts.empty() || !std::is_sorted(starts.begin(), starts.end())) return {};
  std::vector<std::string> pieces;
  const std::size_t n = starts.size();
  for (std::size_t keep : {std::size_t{0}, n / 2, n - 1}) {
    std::string piece;
    auto add = [&](int from, int to) {
      for (int i = std::max(from, 0); i < to && i < static_cast<int>(lines.size()); ++i) {
        piece += lines[static_cast<std::size_t>(i)] + "\n";
      }
    };
    add(0, starts[0]);
    add(starts[keep], keep + 1 < n ? starts[keep + 1] : list_end);
    add(list_end, static_cast<int>(lines.size()));
    pieces.push_back(piece);
  }
  return pieces;
}

int MakeRuleSources(const fs::path& data, const kb::CompiledKb& compiled, const fs::path& out, std::set<std::string>& dict) {
  std::vector<fs::path> paths;
  for (const auto& e : fs::recursive_directory_iterator(data)) {
    if (e.is_regular_file() && e.path().extension() == ".yaml") paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  int written = 0;
  for (const auto& path : paths) {
    const std::string relative = fs::relative(path, data).generic_string();
    const std::string header = "# fuzz-context: " + relative + "\n";
    const std::string text = ReadFile(path);
    WriteSeed(out, header + text, "file-");
    ++written;
    YAML::Node root = YAML::Load(text);
    CollectKeys(root, dict);
    for (const auto& piece : Pieces(text, root)) {
      WriteSeed(out, header + piece, "piece-");
      ++written;
    }
  }
  for (const char* token : {"and", "or", "not", "true", "false", "any", "no", "where", "has", "has_any", "has_prefix",
                            "in", "in_list", "sensitive", "days", "months", "years", ">=", "<=", "==", "!=", "..",
                            "exception_to: ", "# fuzz-context: ", "kind: ", "- ", "{", "}", "[", "]", "'", "|",
                            ">", "&a", "*a", "<<: ", "!!str", "---", "...", "~"}) {
    dict.insert(token);
  }
  for (const char* kind : {"places", "vocabulary", "catalogue", "catalogue_rows", "rules", "list", "cases"}) dict.insert(kind);
  for (const auto& a : compiled.rules->attributes()) {
    dict.insert(a.id);
    for (const auto& v : a.values) dict.insert(v.id);
  }
  for (const auto& r : compiled.rules->rules()) dict.insert(r.id);
  return written;
}

// ---- kb_file ---------------------------------------------------------------------------------

int MakeKbFiles(const fs::path& data, const kb::CompiledKb& compiled, const fs::path& out) {
  const fs::path scratch = assistant::fuzz::ScratchDir();
  std::vector<std::string> files;
  if (auto s = kb::WriteKb(compiled, scratch / "full.kb"); !s) {
    std::cerr << "make_seeds: " << s.error().ToString() << "\n";
    return -1;
  }
  files.push_back(ReadFile(scratch / "full.kb"));
  // Two smaller knowledge bases: small inputs mutate and run faster. "credit": places, the shared
  // vocabulary, the catalogue's header and the credit area (lists and their members). "mixed": the
  // same plus catalogue rows 1-27 with their facts, the catalogue's general articles and the
  // administrative penalty law (records facts), so that every table and attribute type is there.
  const std::vector<std::pair<std::string, std::vector<std::string>>> subsets = {
      {"credit", {"places", "vocabulary", "credit", "eia_catalogue_2021/catalogue.yaml"}},
      {"mixed",
       {"places", "vocabulary", "credit", "eia_catalogue_2021/catalogue.yaml", "eia_catalogue_2021/facts_001_027.yaml",
        "eia_catalogue_2021/rows_001_027.yaml", "eia_catalogue_2021/general_articles.yaml", "penalty/vocabulary.yaml",
        "penalty/rules_administrative_penalty_law_2021.yaml"}}};
  for (const auto& [name, parts] : subsets) {
    const fs::path dir = scratch / name / "data";
    for (const auto& part : parts) {
      fs::create_directories((dir / part).parent_path());
      fs::copy(data / part, dir / part, fs::copy_options::recursive);
    }
    kb::Diagnostics diagnostics;
    const fs::path file = scratch / (name + ".kb");
    if (auto few = kb::CompileSources(dir, diagnostics)) {
      if (auto s = kb::WriteKb(*few, file); s) files.push_back(ReadFile(file));
    } else {
      std::cerr << "make_seeds: the " << name << " knowledge base does not compile (seed left out):\n"
                << diagnostics.ToString();
    }
  }
  int written = 0;
  for (const auto& bytes : files) {
    WriteSeed(out, bytes, "kb-");
    ++written;
    for (std::size_t cut : {std::size_t{100}, std::size_t{4096}, std::size_t{8192}, bytes.size() / 2, bytes.size() - 4096}) {
      if (cut < bytes.size()) {
        WriteSeed(out, std::string_view(bytes).substr(0, cut), "cut-");
        ++written;
      }
    }
  }
  return written;
}

// ---- query_normalizer ------------------------------------------------------------------------

// ASCII letters, digits and punctuation in their full-width forms (U+FF01..U+FF5E), as Chinese
// input methods type them.
std::string FullWidth(const std::string& ascii) {
  std::string out;
  for (char ch : ascii) {
    const auto c = static_cast<unsigned char>(ch);
    if (c > 0x20 && c < 0x7F) {
      const unsigned cp = 0xFF01u + (c - 0x21u);
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

int MakeNormalizerSeeds(const kb::CompiledKb& compiled, const fs::path& out, std::set<std::string>& dict) {
  std::set<std::string> seeds = {
      // dates, ids and codes as Chinese input methods type them
      "０３１３", "２０２４－０６－０１", " 　ｃｎ．ｈｕｂｅｉ　", "ＡＢＣ１２３", "㍻", "ﬁ", "①②③", "Ⅻ", "\xEF\xBB\xBF" "0313",
      "e\xCC\x81", "\xF0\xA0\x80\x80",
      // quantities (server/include/server/chinese_number.h)
      "五千头", "1.2万吨", "三千五百", "两万五", "一百零五", "十二", "５０００", "5,000", "12,500.5", "1.5亿", "一点五万",
      "壹仟贰佰", "五千多头", "约5000吨", "五百三千", "5千瓦", "3千", "-5", "1e3", "999999999999999", "一万亿亿",
      // search queries: pinyin, initials, codes
      "yangzhichang", "yang zhi chang", "yzc", "yzchang", "ＹＺＣ", "031", "03 13", "xi'an", "lü", "养猪场", "加油站", "4S店"};
  for (const auto& a : compiled.rules->attributes()) {
    if (a.derived) continue;
    seeds.insert(a.label);
    for (const auto& v : a.values) {
      seeds.insert(v.label);
      seeds.insert(FullWidth(v.id));
    }
    if (!a.unit.empty()) dict.insert(a.unit);
  }
  for (const auto& p : compiled.places) {
    seeds.insert(p.name);
    seeds.insert(FullWidth(p.id));
  }
  for (const auto& row : compiled.rows) {
    for (const auto& code : row.industry_codes) {
      seeds.insert(code);
      seeds.insert(FullWidth(code));
    }
    if (row.item.size() <= 96) seeds.insert(row.item);
    seeds.insert(row.category_name);
  }
  for (const auto& t : compiled.search_terms) seeds.insert(t.term);
  int written = 0;
  for (const auto& s : seeds) {
    if (s.empty()) continue;
    WriteSeed(out, s);
    ++written;
  }
  for (const char* token : {"　", "０", "１", "５", "９", "－", "．", "零", "一", "二", "三", "十", "百", "千", "万", "亿",
                            "两", "〇", "点", "头", "吨", "平方米", "\xCC\x81", "\xEF\xBB\xBF"}) {
    dict.insert(token);
  }
  return written;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_seeds <data dir> <out dir>\n";
    return 2;
  }
  const fs::path data = argv[1];
  const fs::path out = argv[2];
  kb::Diagnostics diagnostics;
  auto compiled = kb::CompileSources(data, diagnostics);
  if (!compiled) {
    std::cerr << diagnostics.ToString();
    return 1;
  }
  std::map<std::string, int> counts;
  for (const char* target : {"request", "rule_source", "kb_file", "query_normalizer"}) {
    fs::remove_all(out / target);
    fs::create_directories(out / target);
  }
  std::set<std::string> request_dict, source_dict, normalizer_dict;
  counts["request"] = MakeRequests(*compiled, out / "request", request_dict);
  counts["rule_source"] = MakeRuleSources(data, *compiled, out / "rule_source", source_dict);
  counts["kb_file"] = MakeKbFiles(data, *compiled, out / "kb_file");
  counts["query_normalizer"] = MakeNormalizerSeeds(*compiled, out / "query_normalizer", normalizer_dict);
  WriteDict(out / "request.dict", request_dict);
  WriteDict(out / "rule_source.dict", source_dict);
  WriteDict(out / "query_normalizer.dict", normalizer_dict);
  bool ok = true;
  for (const auto& [target, n] : counts) {
    std::cout << "make_seeds: " << target << ": " << n << " seeds\n";
    ok = ok && n > 0;
  }
  return ok ? 0 : 1;
}
