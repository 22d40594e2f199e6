#include "kb/compiler.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "base/text.h"
#include "checks.h"
#include "kb/hash.h"
#include "kb/store.h"
#include "reasoner/fact_input.h"
#include "yaml_source.h"

namespace assistant::kb {
namespace fs = std::filesystem;
using reasoner::Attribute;
using reasoner::AttributeType;
using reasoner::Expr;
using reasoner::ExprKind;
using reasoner::Rule;
using reasoner::RuleKind;

namespace {

constexpr const char* kKinds = "places, vocabulary, catalogue, catalogue_rows, rules, list, cases, search_terms";

// Byte offset of the first byte of `s` that is not UTF-8 text (invalid UTF-8, or a control
// character other than tab and line breaks), or npos.
std::size_t BadTextAt(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return i;
      ++i;
      continue;
    }
    const std::size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    std::uint32_t cp = c & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
    for (std::size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return i;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    const std::uint32_t least = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
    if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n;
  }
  return std::string::npos;
}

// Reports every scalar (key or value) that is not UTF-8 text. Raw bytes and YAML escapes
// ("\0", "\ud800") can both produce one; a NUL would be cut off by SQLite's text columns (the
// knowledge base would then fail its own hash check) and invalid UTF-8 cannot go into a JSON
// answer. A node reached again through an alias is checked once (same mark), so aliases
// cannot make this walk cyclic or exponential.
void CheckText(const YamlReader& r, const YAML::Node& node, std::set<std::pair<int, int>>& seen) {
  if (node.IsScalar()) {
    const std::size_t at = BadTextAt(node.Scalar());
    if (at != std::string::npos) {
      r.Error(node, "text must be UTF-8 without control characters (byte " + std::to_string(at) + " of this value is not)");
    }
    return;
  }
  if (!node.IsMap() && !node.IsSequence()) return;
  if (!seen.insert({node.Mark().line, node.Mark().column}).second) return;
  if (node.IsSequence()) {
    for (const auto& item : node) CheckText(r, item, seen);
  } else {
    for (const auto& entry : node) {
      CheckText(r, entry.first, seen);
      CheckText(r, entry.second, seen);
    }
  }
}

std::string RowKey(const std::string& catalogue, int row) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "r%03d", row);
  return catalogue + "." + buffer;
}

Expr MakeTest(const std::string& name) {
  Expr e;
  e.kind = ExprKind::kTest;
  e.lhs.name = name;
  return e;
}

Expr MakeCompare(const std::string& name, reasoner::CompareOp op, std::vector<std::string> strings) {
  Expr e;
  e.kind = ExprKind::kCompare;
  e.lhs.name = name;
  e.op = op;
  e.literal = strings.size() == 1 && op != reasoner::CompareOp::kHasAny ? reasoner::LiteralKind::kString
                                                                        : reasoner::LiteralKind::kList;
  e.strings = std::move(strings);
  return e;
}

Expr MakeJunction(ExprKind kind, std::vector<Expr> children) {
  if (children.size() == 1) return std::move(children[0]);
  Expr e;
  e.kind = kind;
  e.children = std::move(children);
  return e;
}

// A condition written in a source file: its text, where it is, and its parse.
struct WrittenCondition {
  const YamlReader* reader = nullptr;
  YAML::Node node;
  std::optional<Expr> expr;
};

// A rule waiting for its condition to be resolved against the complete vocabulary.
struct PendingRule {
  Rule rule;
  std::vector<WrittenCondition> conditions;  // alternatives; empty = compiler-made `rule.condition`
  Expr prefix;                               // compiler-made conjunct before the alternatives
  bool has_prefix = false;
  std::vector<std::string> sensitive_areas;  // for the `sensitive` keyword (catalogue rows)
  bool row_has_sensitive_areas = false;
  std::vector<std::pair<std::string, YAML::Node>> exception_names;
  const YamlReader* reader = nullptr;
  YAML::Node node;
};

class Compiler {
 public:
  Compiler(Diagnostics& diagnostics, const CompileOptions& options)
      : diagnostics_(diagnostics), options_(options) {}

  std::optional<CompiledKb> Run(const fs::path& data_dir) {
    if (!ReadFiles(data_dir)) return std::nullopt;
    // Pass 1: places and vocabulary, so that every later reference can be checked.
    ForKind("places", [&](const YamlReader& r) { ReadPlaces(r); });
    ForKind("vocabulary", [&](const YamlReader& r) { ReadVocabulary(r); });
    ForKind("catalogue", [&](const YamlReader& r) { ReadCatalogue(r); });
    ForKind("catalogue_rows", [&](const YamlReader& r) { ReadRows(r); });
    ForKind("search_terms", [&](const YamlReader& r) { ReadSearchTerms(r); });
    FillCatalogueItems();
    AddListedRules();
    ForKind("list", [&](const YamlReader& r) { ReadList(r); });
    ForKind("rules", [&](const YamlReader& r) { ReadRules(r); });
    ResolveAll();
    if (diagnostics_.has_errors()) return std::nullopt;

    std::vector<Rule> rules;
    for (auto& p : pending_) rules.push_back(std::move(p.rule));
    CheckThresholds(rules, attributes_, diagnostics_);
    CheckConflicts(rules, attributes_, diagnostics_);
    if (diagnostics_.has_errors()) return std::nullopt;

    auto built = reasoner::RuleSet::Build(attributes_, std::move(rules), lists_, reasoner::KbInfo{});
    if (!built) {
      diagnostics_.Error(built.error().where.value_or(SourceLocation{}), built.error().message);
      return std::nullopt;
    }
    CompiledKb kb;
    kb.places = places_;
    kb.catalogues = catalogues_;
    kb.rows = rows_;
    kb.search_terms = terms_;
    kb.source_files = file_names_;
    // The content hash is the version; the RuleSet carries it into every answer.
    reasoner::KbInfo info{kSchemaVersion, ContentHash(*built.value(), rows_, places_, terms_), source_digest_};
    auto with_info = reasoner::RuleSet::Build(attributes_, built.value()->rules(), lists_, info);
    kb.rules = with_info.value();
    ForKind("cases", [&](const YamlReader& r) { ReadCases(r, *kb.rules, kb.cases); });
    ReportDates(*kb.rules);
    if (diagnostics_.has_errors()) return std::nullopt;
    return kb;
  }

 private:
  bool ReadFiles(const fs::path& data_dir) {
    std::error_code ec;
    if (!fs::is_directory(data_dir, ec)) {
      diagnostics_.Error({}, "knowledge-base source folder '" + data_dir.string() + "' does not exist");
      return false;
    }
    std::vector<fs::path> paths;
    for (auto it = fs::recursive_directory_iterator(data_dir, ec); it != fs::recursive_directory_iterator(); ++it) {
      if (it->is_regular_file() && it->path().extension() == ".yaml") paths.push_back(it->path());
    }
    std::sort(paths.begin(), paths.end());
    const fs::path base = data_dir.has_parent_path() ? data_dir.parent_path() : fs::path(".");
    std::string all_text;
    for (const auto& path : paths) {
      std::ifstream in(path, std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      SourceFile file;
      file.name = fs::relative(path, base, ec).generic_string();
      if (file.name.empty() || ec) file.name = path.generic_string();
      const std::string text = buffer.str();
      all_text += file.name + "\n" + text;
      std::string line;
      std::istringstream lines(text);
      while (std::getline(lines, line)) file.lines.push_back(line);
      try {
        file.root = YAML::Load(text);
      } catch (const YAML::Exception& e) {
        SourceLocation where{file.name, e.mark.line + 1, e.mark.column + 1};
        diagnostics_.Error(where, "YAML syntax: " + e.msg);
        continue;
      }
      file_names_.push_back(file.name);
      files_.push_back(std::move(file));
    }
    source_digest_ = Sha256Hex(all_text);
    if (files_.empty() && !diagnostics_.has_errors()) {
      diagnostics_.Error({data_dir.string(), 0, 0}, "no .yaml source files found");
    }
    readers_.reserve(files_.size());
    for (const auto& f : files_) readers_.emplace_back(f, diagnostics_);
    for (const auto& r : readers_) {
      std::set<std::pair<int, int>> seen;
      CheckText(r, r.file().root, seen);
      // IsMap first: yaml-cpp throws on operator[] of a scalar (a file that is one line of text).
      if (!r.file().root.IsMap() || !r.file().root["kind"]) {
        r.Error(r.file().root, std::string("expected a 'kind:' line saying what the file holds (") + kKinds + ")");
        continue;
      }
      const YAML::Node kind = r.file().root["kind"];
      const std::string k = kind.as<std::string>("");
      if (k != "places" && k != "vocabulary" && k != "catalogue" && k != "catalogue_rows" && k != "rules" && k != "list" &&
          k != "cases" && k != "search_terms") {
        r.Error(kind, "unknown kind '" + k + "'; expected one of: " + kKinds);
      }
    }
    return !diagnostics_.has_errors();
  }

  template <class F>
  void ForKind(const std::string& kind, F&& f) {
    for (const auto& r : readers_) {
      if (r.file().root["kind"].as<std::string>("") == kind) f(r);
    }
  }

  // ---- places -------------------------------------------------------------------------------

  void ReadPlaces(const YamlReader& r) {
    const YAML::Node root = r.file().root;
    if (!r.CheckMap(root, {"kind", "places"}, {"places"}, "a places file")) return;
    if (!root["places"].IsSequence()) {
      r.Error(root["places"], "'places' must be a list of {id, name}");
      return;
    }
    for (std::size_t i = 0; i < root["places"].size(); ++i) {
      const YAML::Node node = root["places"][i];
      if (!r.CheckMap(node, {"id", "name"}, {"id", "name"}, "a place")) continue;
      Place place{*r.Text(node, "id"), *r.Text(node, "name")};
      CheckIdentifier(r, node["id"], place.id);
      if (place_where_.count(place.id)) {
        r.Error(node["id"], "duplicate place '" + place.id + "' (first at " + place_where_[place.id].ToString() + ")");
        continue;
      }
      const auto dot = place.id.rfind('.');
      if (dot != std::string::npos && !place_where_.count(place.id.substr(0, dot))) {
        r.Error(node["id"], "place '" + place.id + "' lies inside '" + place.id.substr(0, dot) +
                                "', which is not listed before it");
      }
      place_where_[place.id] = r.Where(node["id"]);
      places_.push_back(std::move(place));
    }
  }

  // Reports a jurisdiction or case place that no places file lists.
  void CheckPlace(const YamlReader& r, const YAML::Node& node, const std::string& place) {
    if (place_where_.empty() || place_where_.count(place)) return;
    std::vector<std::string> ids;
    for (const auto& p : places_) ids.push_back(p.id);
    r.Error(node, "unknown place '" + place + "'" + DidYouMean(place, ids) + "; add it to a 'kind: places' file");
  }

  // ---- vocabulary ---------------------------------------------------------------------------

  void ReadVocabulary(const YamlReader& r) {
    const YAML::Node root = r.file().root;
    r.CheckMap(root, {"kind", "facts", "decisions"}, {}, "a vocabulary file");
    for (const char* section : {"facts", "decisions"}) {
      const YAML::Node list = root[section];
      if (!list) continue;
      if (!list.IsSequence()) {
        r.Error(list, std::string("'") + section + "' must be a list of entries beginning with '- id:'");
        continue;
      }
      for (const auto& node : list) ReadAttribute(r, node, std::string(section) == "decisions");
    }
  }

  void ReadAttribute(const YamlReader& r, const YAML::Node& node, bool decision) {
    static const std::vector<std::string> kAllowed = {
        "id", "type", "label", "unit", "question", "help", "source", "pattern", "values", "ordered",
        "combine", "combine_source", "default", "default_reason", "derived",
        "values_from_catalogue_rows_without_codes", "fields", "later_lighter_rule", "ask_cost"};
    if (!r.CheckMap(node, kAllowed, {"id", "type", "label"}, decision ? "a decision" : "a fact")) return;
    auto a = ReadAttributeBody(r, node, decision, /*field=*/false);
    if (!a) return;
    if (a->type == AttributeType::kRecords) {
      const YAML::Node fields = node["fields"];
      if (!fields || !fields.IsSequence() || fields.size() == 0) {
        r.Error(node, "records fact '" + a->id + "' needs 'fields', a list of fields with id, type and label");
        return;
      }
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const YAML::Node f = fields[i];
        if (!r.CheckMap(f, {"id", "type", "label", "unit", "values", "help"}, {"id", "type", "label"}, "a field")) continue;
        auto field = ReadAttributeBody(r, f, false, /*field=*/true);
        if (!field) continue;
        if (field->type == AttributeType::kRecords || field->type == AttributeType::kSet || field->type == AttributeType::kCodeSet) {
          r.Error(f["type"], "a field must be number, bool, enum, string or date");
          continue;
        }
        if (a->FieldIndex(field->id) >= 0) {
          r.Error(f["id"], "duplicate field '" + field->id + "'");
          continue;
        }
        a->fields.push_back(std::move(*field));
      }
    } else if (node["fields"]) {
      r.Error(node["fields"], "'fields' only belongs to records facts");
    }
    AddAttribute(r, node, std::move(*a));
  }

  // The parts of a fact, a decision and a field of a record have in common.
  std::optional<Attribute> ReadAttributeBody(const YamlReader& r, const YAML::Node& node, bool decision, bool field) {
    Attribute a;
    a.id = *r.Text(node, "id");
    a.label = r.Text(node, "label").value_or("");
    a.unit = r.Text(node, "unit").value_or("");
    a.question = r.Text(node, "question").value_or("");
    a.help = r.Text(node, "help").value_or("");
    a.source = r.Text(node, "source").value_or("");
    a.pattern = r.Text(node, "pattern").value_or("");
    a.decision = decision;
    a.derived = decision || r.Text(node, "derived").value_or("false") == "true";
    if (field) {
      if (a.id.find('.') != std::string::npos) r.Error(node["id"], "a field id has no dots (it is read inside 'where')");
    } else {
      CheckIdentifier(r, node["id"], a.id);
    }
    const std::string type = r.Text(node, "type").value_or("");
    auto parsed = reasoner::ParseAttributeType(type);
    if (!parsed) {
      r.Error(node["type"], "unknown type '" + type + "'; expected number, bool, enum, set, code_set, string, date or records");
      return std::nullopt;
    }
    a.type = *parsed;
    if (const YAML::Node values = node["values"]) {
      if (a.type != AttributeType::kEnum && a.type != AttributeType::kSet) {
        r.Error(values, "'values' only belongs to enum and set attributes; '" + a.id + "' is a " + type);
      } else if (!values.IsSequence()) {
        r.Error(values, "'values' must be a list");
      } else {
        for (const auto& v : values) {
          reasoner::EnumValue ev;
          if (v.IsScalar()) {
            ev.id = v.Scalar();
          } else if (r.CheckMap(v, {"id", "label", "group"}, {"id"}, "a value")) {
            ev.id = *r.Text(v, "id");
            ev.label = r.Text(v, "label").value_or("");
            ev.group = r.Text(v, "group").value_or("");
          } else {
            continue;
          }
          if (a.ValueIndex(ev.id) >= 0) r.Error(v, "duplicate value '" + ev.id + "' in '" + a.id + "'");
          a.values.push_back(ev);
        }
      }
    } else if ((a.type == AttributeType::kEnum || a.type == AttributeType::kSet) &&
               !node["values_from_catalogue_rows_without_codes"]) {
      r.Error(node, "'" + a.id + "' is a " + type + " and needs 'values'");
    }
    if (auto from = r.Text(node, "values_from_catalogue_rows_without_codes")) {
      items_from_[a.id] = {*from, node};
    }
    if (a.type == AttributeType::kCodeSet && a.pattern.empty()) {
      r.Error(node, "code_set '" + a.id + "' needs a 'pattern' that every code must match");
    }
    a.ordered = r.Text(node, "ordered").value_or("false") == "true";
    a.later_lighter_rule = r.Text(node, "later_lighter_rule").value_or("");
    if (auto cost = r.Text(node, "ask_cost")) {
      a.ask_cost = std::atoi(cost->c_str());
      if (a.ask_cost < 1 || a.ask_cost > 9 || *cost != std::to_string(a.ask_cost)) {
        r.Error(node["ask_cost"], "'ask_cost' must be a whole number from 1 (answered at once) to 9");
      }
    }
    if (!a.later_lighter_rule.empty() && (a.type != AttributeType::kEnum || !a.ordered || !decision)) {
      r.Error(node["later_lighter_rule"], "'later_lighter_rule' needs an ordered enum decision (lightest value first)");
    }
    const std::string combine = r.Text(node, "combine").value_or("unique");
    auto parsed_combine = reasoner::ParseCombine(combine);
    a.combine_source = r.Text(node, "combine_source").value_or("");
    if (!parsed_combine) {
      r.Error(node["combine"], "unknown combine '" + combine + "'; expected unique, max, priority or union");
    } else {
      a.combine = *parsed_combine;
    }
    if (a.combine == reasoner::Combine::kMax) {
      if (a.type != AttributeType::kEnum || !a.ordered) {
        r.Error(node["combine"], "'combine: max' needs an enum with 'ordered: true'");
      }
      if (a.combine_source.empty()) {
        r.Error(node["combine"], "'combine: max' needs a 'combine_source' citing why the highest value wins");
      }
    }
    if (a.combine == reasoner::Combine::kUnion && a.type != AttributeType::kSet) {
      r.Error(node["combine"], "'combine: union' needs a set attribute");
    }
    if (a.combine != reasoner::Combine::kUnique && !a.derived) {
      r.Error(node["combine"], "'combine' only applies to decisions and derived facts");
    }
    if (auto def = r.Text(node, "default")) {
      int index = a.ValueIndex(*def);
      if (a.type == AttributeType::kBool) {
        a.default_value = *def == "true" ? 1 : 0;
      } else if (index < 0) {
        r.Error(node["default"], "default '" + *def + "' is not a value of '" + a.id + "'");
      } else {
        a.default_value = index;
      }
      a.default_reason = r.Text(node, "default_reason").value_or("");
    }
    if (a.derived && a.type == AttributeType::kBool && !a.default_value) a.default_value = 0;
    if (a.derived && (a.type == AttributeType::kRecords || a.type == AttributeType::kCodeSet ||
                      a.type == AttributeType::kString || a.type == AttributeType::kDate)) {
      r.Error(node["type"], "rules can only conclude bool, number, enum or set values");
    }
    return a;
  }

  void AddAttribute(const YamlReader& r, const YAML::Node& node, Attribute a) {
    const std::string id = a.id;
    if (attributes_.Add(std::move(a)) < 0) {
      r.Error(node["id"] ? node["id"] : node, "duplicate fact id '" + id + "' (first defined at " +
                                                    attribute_where_[id].ToString() + ")");
      return;
    }
    attribute_where_[id] = r.Where(node["id"] ? node["id"] : node);
  }

  void CheckIdentifier(const YamlReader& r, const YAML::Node& node, const std::string& id) {
    bool ok = !id.empty() && id.front() != '.' && id.back() != '.';
    for (char c : id) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.');
    if (!ok) r.Error(node, "identifier '" + id + "' must be lower-case ASCII snake_case with dots, e.g. 'livestock.annual_output_pig_eq'");
  }

  // ---- catalogues ---------------------------------------------------------------------------

  std::optional<Period> ReadPeriod(const YamlReader& r, const YAML::Node& node) {
    if (!node) return Period{};
    if (!r.CheckMap(node, {"from", "to"}, {}, "an in_force period")) return std::nullopt;
    Period p;
    p.from = r.DateAt(node, "from");
    p.to = r.DateAt(node, "to");
    if (p.from && p.to && *p.to < *p.from) r.Error(node, "in_force ends before it begins");
    return p;
  }

  void ReadCatalogue(const YamlReader& r) {
    const YAML::Node root = r.file().root;
    if (!r.CheckMap(root, {"kind", "id", "title", "document", "jurisdiction", "in_force", "decides", "columns"},
                    {"id", "title", "document", "jurisdiction", "decides", "columns"}, "a catalogue file")) {
      return;
    }
    Catalogue c;
    c.id = *r.Text(root, "id");
    c.title = *r.Text(root, "title");
    c.jurisdiction = *r.Text(root, "jurisdiction");
    CheckPlace(r, root["jurisdiction"], c.jurisdiction);
    c.decides = *r.Text(root, "decides");
    if (r.CheckMap(root["document"], {"name", "number"}, {"name"}, "a document")) {
      c.document.document = *r.Text(root["document"], "name");
      c.document.number = r.Text(root["document"], "number").value_or("");
    }
    c.in_force = ReadPeriod(r, root["in_force"]).value_or(Period{});
    int decides = attributes_.IndexOf(c.decides);
    if (decides < 0 || !attributes_.at(decides).decision) {
      r.Error(root["decides"], "'" + c.decides + "' is not a declared decision");
      return;
    }
    CatalogueColumns columns;
    if (root["columns"].IsMap()) {
      for (const auto& entry : root["columns"]) {
        const std::string col = entry.first.as<std::string>("");
        if (!r.CheckMap(entry.second, {"value", "heading"}, {"value", "heading"}, "a column")) continue;
        const std::string value = *r.Text(entry.second, "value");
        int index = attributes_.at(decides).ValueIndex(value);
        if (index < 0) {
          r.Error(entry.second["value"], "'" + value + "' is not a value of '" + c.decides + "'");
          continue;
        }
        columns.push_back({col, *r.Text(entry.second, "heading"), index});
      }
    }
    if (catalogue_columns_.count(c.id)) {
      r.Error(root["id"], "duplicate catalogue id '" + c.id + "'");
      return;
    }
    catalogue_columns_[c.id] = columns;
    catalogue_index_[c.id] = catalogues_.size();
    catalogues_.push_back(c);
  }

  // ---- catalogue rows -----------------------------------------------------------------------

  void ReadRows(const YamlReader& r) {
    const YAML::Node root = r.file().root;
    if (!r.CheckMap(root, {"kind", "catalogue", "rows"}, {"catalogue", "rows"}, "a catalogue_rows file")) return;
    const std::string catalogue = *r.Text(root, "catalogue");
    auto ci = catalogue_index_.find(catalogue);
    if (ci == catalogue_index_.end()) {
      r.Error(root["catalogue"], "unknown catalogue '" + catalogue + "' (declare it in a 'kind: catalogue' file)");
      return;
    }
    if (!root["rows"].IsSequence()) {
      r.Error(root["rows"], "'rows' must be a list of rows beginning with '- row:'");
      return;
    }
    for (const auto& node : root["rows"]) ReadRow(r, node, catalogues_[ci->second]);
  }

  void ReadRow(const YamlReader& r, const YAML::Node& node, const Catalogue& catalogue) {
    const auto& columns = catalogue_columns_[catalogue.id];
    std::vector<std::string> allowed = {"row", "category", "item", "industry_codes", "applies_only_if",
                                        "sensitive_areas", "sensitive_areas_text", "note", "unclear"};
    for (const auto& col : columns) allowed.push_back(col.id);
    if (!r.CheckMap(node, allowed, {"row", "category", "item", "industry_codes"}, "a catalogue row")) return;
    CatalogueRow row;
    row.catalogue = catalogue.id;
    const std::string number = *r.Text(node, "row");
    row.row = std::atoi(number.c_str());
    if (row.row <= 0 || std::to_string(row.row) != number) {
      r.Error(node["row"], "'row' must be the printed row number (1, 2, …), found '" + number + "'");
      return;
    }
    const std::string key = RowKey(catalogue.id, row.row);
    if (row_where_.count(key)) {
      r.Error(node["row"], "duplicate row " + number + " of catalogue '" + catalogue.id + "' (first at " +
                               row_where_[key].ToString() + ")");
      return;
    }
    row_where_[key] = r.Where(node["row"]);
    if (r.CheckMap(node["category"], {"no", "name"}, {"no", "name"}, "a category")) {
      row.category_no = *r.Text(node["category"], "no");
      row.category_name = *r.Text(node["category"], "name");
    }
    row.item = r.Text(node, "item").value_or("");
    row.note = r.Text(node, "note").value_or("");
    row.unclear = r.Text(node, "unclear").value_or("");
    row.sensitive_areas_text = r.Text(node, "sensitive_areas_text").value_or("");
    row.industry_codes = r.TextList(node, "industry_codes").value_or(std::vector<std::string>{});

    // The row applies: one of its codes, or (rows printed without codes) the item chosen.
    Attribute applies;
    applies.id = key + ".applies";
    applies.type = AttributeType::kBool;
    applies.derived = true;
    applies.default_value = 0;
    applies.label = "属于名录第" + number + "行“" + row.item + "”";
    AddAttribute(r, node, applies);

    std::vector<Expr> code_tests;
    for (const auto& printed : row.industry_codes) {
      std::string code = printed;
      bool starred = !code.empty() && code.back() == '*';
      if (starred) code.pop_back();
      bool digits = !code.empty() && code.size() <= 4;
      for (char c : code) digits = digits && c >= '0' && c <= '9';
      if (!digits) {
        r.Error(node["industry_codes"], "industry code '" + printed + "' must be 1-4 digits of GB/T 4754-2017, optionally followed by '*'");
        continue;
      }
      Expr test = MakeCompare("project.industry_codes", reasoner::CompareOp::kHasPrefix, {code});
      if (starred) test = MakeJunction(ExprKind::kAnd, {test, MakeTest("project.in_industrial_building")});
      code_tests.push_back(std::move(test));
    }
    if (row.industry_codes.empty()) {
      code_tests.push_back(MakeCompare("project.catalogue_items", reasoner::CompareOp::kHas, {key}));
    }
    PendingRule applies_rule;
    applies_rule.reader = &r;
    applies_rule.node = node;
    applies_rule.rule.id = key + ".applies";
    applies_rule.rule.kind = RuleKind::kRowApplies;
    applies_rule.rule.title = "属于名录第" + number + "行项目类别“" + row.item + "”";
    applies_rule.rule.source = catalogue.document;
    applies_rule.rule.source.article = "附表第" + number + "行（" + row.category_no + "、" + row.category_name + "）项目类别栏";
    applies_rule.rule.jurisdiction = catalogue.jurisdiction;
    applies_rule.rule.in_force = catalogue.in_force;
    applies_rule.rule.concludes = attributes_.IndexOf(applies.id);
    applies_rule.rule.value = reasoner::Value::Bool(true);
    applies_rule.rule.where = r.Where(node["row"]);
    applies_rule.rule.catalogue = catalogue.id;
    applies_rule.rule.row = row.row;
    applies_rule.rule.text = row.item;
    applies_rule.rule.note = row.note;
    applies_rule.rule.unclear = row.unclear;
    applies_rule.prefix = MakeJunction(ExprKind::kOr, std::move(code_tests));
    applies_rule.has_prefix = true;
    if (node["applies_only_if"]) AddConditions(r, node["applies_only_if"], applies_rule);
    pending_.push_back(std::move(applies_rule));

    std::vector<std::string> areas;
    bool has_areas = false;
    if (const YAML::Node list = node["sensitive_areas"]) {
      has_areas = true;
      areas = ExpandAreas(r, list);
    }
    for (const auto& col : columns) {
      const YAML::Node cell = node[col.id];
      if (!cell) {
        r.Error(node, "row " + number + " is missing column '" + col.id + "' (write '" + col.id +
                          ": /' where the catalogue prints '/')");
        continue;
      }
      if (cell.IsScalar()) {
        if (cell.Scalar() != "/") {
          r.Error(cell, "column '" + col.id + "' must be '/' or a map with 'text' and 'when'");
        }
        row.cells[col.id] = "/";
        continue;
      }
      if (!r.CheckMap(cell, {"text", "when", "note", "unclear"}, {"text", "when"}, "a catalogue cell")) continue;
      row.cells[col.id] = *r.Text(cell, "text");
      PendingRule p;
      p.reader = &r;
      p.node = cell;
      p.rule.id = key + "." + col.id;
      p.rule.kind = RuleKind::kCatalogueCell;
      p.rule.title = "名录第" + number + "行“" + row.item + "”：" + col.heading;
      p.rule.source = catalogue.document;
      p.rule.source.article = "附表第" + number + "行（" + row.category_no + "、" + row.category_name + "）" + col.heading + "栏";
      p.rule.jurisdiction = catalogue.jurisdiction;
      p.rule.in_force = catalogue.in_force;
      p.rule.concludes = attributes_.IndexOf(catalogue.decides);
      p.rule.value = reasoner::Value::Enum(col.value);
      p.rule.text = row.cells[col.id];
      p.rule.note = r.Text(cell, "note").value_or("");
      p.rule.unclear = r.Text(cell, "unclear").value_or("");
      p.rule.where = r.Where(cell["text"]);
      p.rule.catalogue = catalogue.id;
      p.rule.row = row.row;
      p.rule.column = col.id;
      p.prefix = MakeTest(applies.id);
      p.has_prefix = true;
      p.sensitive_areas = areas;
      p.row_has_sensitive_areas = has_areas;
      AddConditions(r, cell["when"], p);
      pending_.push_back(std::move(p));
    }
    rows_.push_back(std::move(row));
  }

  std::vector<std::string> ExpandAreas(const YamlReader& r, const YAML::Node& list) {
    std::vector<std::string> out;
    int site = attributes_.IndexOf("site.sensitive_areas");
    if (site < 0) {
      r.Error(list, "'sensitive_areas' needs the fact 'site.sensitive_areas' in the vocabulary");
      return out;
    }
    const Attribute& a = attributes_.at(site);
    auto add = [&](const std::string& id) {
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    };
    std::vector<YAML::Node> items;
    if (list.IsSequence()) {
      for (std::size_t i = 0; i < list.size(); ++i) items.push_back(list[i]);
    } else {
      items.push_back(list);
    }
    for (const auto& item : items) {
      const std::string id = item.as<std::string>("");
      bool group = false;
      for (const auto& v : a.values) {
        if (v.group == id) {
          add(v.id);
          group = true;
        }
      }
      if (group) continue;
      if (a.ValueIndex(id) < 0) {
        std::vector<std::string> ids;
        for (const auto& v : a.values) ids.push_back(v.id);
        r.Error(item, "unknown sensitive area '" + id + "'" + DidYouMean(id, ids) +
                          "; expected an id of site.sensitive_areas or a group class1/class2/class3");
        continue;
      }
      add(id);
    }
    return out;
  }

  void AddConditions(const YamlReader& r, const YAML::Node& when, PendingRule& p) {
    std::vector<YAML::Node> items;
    if (when.IsScalar()) {
      items.push_back(when);
    } else if (when.IsSequence() && when.size() > 0) {
      for (std::size_t i = 0; i < when.size(); ++i) items.push_back(when[i]);
    } else {
      r.Error(when, "a condition must be text or a non-empty list of alternatives");
      return;
    }
    for (const auto& item : items) {
      if (!item.IsScalar()) {
        r.Error(item, "each alternative must be one line of condition text");
        continue;
      }
      WrittenCondition c;
      c.reader = &r;
      c.node = item;
      reasoner::ExprError error;
      c.expr = reasoner::ParseExpr(item.Scalar(), &error);
      if (!c.expr) {
        r.Error(item, error.message, error.offset);
        continue;
      }
      p.conditions.push_back(std::move(c));
    }
  }

  void FillCatalogueItems() {
    for (const auto& [attribute_id, source] : items_from_) {
      int index = attributes_.IndexOf(attribute_id);
      if (index < 0) continue;
      const auto& [catalogue, node] = source;
      if (!catalogue_index_.count(catalogue)) {
        diagnostics_.Error(attribute_where_[attribute_id], "unknown catalogue '" + catalogue + "'");
        continue;
      }
      Attribute& a = attributes_.mutable_at(index);
      for (const auto& row : rows_) {
        if (row.catalogue != catalogue || !row.industry_codes.empty()) continue;
        a.values.push_back({RowKey(catalogue, row.row), "第" + std::to_string(row.row) + "行 " + row.item, catalogue});
      }
    }
  }

  // `<catalogue>.listed`: the project falls under at least one row (名录第五条 reads its negation).
  void AddListedRules() {
    for (const auto& c : catalogues_) {
      Attribute listed;
      listed.id = c.id + ".listed";
      listed.type = AttributeType::kBool;
      listed.derived = true;
      listed.default_value = 0;
      listed.label = "属于《" + c.title + "》所列项目类别";
      if (attributes_.Add(listed) < 0) continue;
      std::vector<Expr> any;
      for (const auto& row : rows_) {
        if (row.catalogue == c.id) any.push_back(MakeTest(RowKey(c.id, row.row) + ".applies"));
      }
      if (any.empty()) continue;
      PendingRule p;
      p.rule.id = c.id + ".listed";
      p.rule.kind = RuleKind::kListed;
      p.rule.title = "建设项目属于《" + c.title + "》所列项目类别";
      p.rule.source = c.document;
      p.rule.source.article = "附表";
      p.rule.jurisdiction = c.jurisdiction;
      p.rule.in_force = c.in_force;
      p.rule.concludes = attributes_.IndexOf(listed.id);
      p.rule.value = reasoner::Value::Bool(true);
      p.rule.catalogue = c.id;
      p.prefix = MakeJunction(ExprKind::kOr, std::move(any));
      p.has_prefix = true;
      pending_.push_back(std::move(p));
    }
  }

  // ---- search terms -------------------------------------------------------------------------

  // Words people type that the catalogue does not print. Each must point at existing rows, and
  // its optional codes must lie under those rows' printed codes, so search never offers a row
  // the catalogue text does not support.
  void ReadSearchTerms(const YamlReader& r) {
    const YAML::Node root = r.file().root;
    if (!r.CheckMap(root, {"kind", "catalogue", "terms"}, {"catalogue", "terms"}, "a search_terms file")) return;
    const std::string catalogue = *r.Text(root, "catalogue");
    if (!catalogue_index_.count(catalogue)) {
      std::vector<std::string> ids;
      for (const auto& c : catalogues_) ids.push_back(c.id);
      r.Error(root["catalogue"], "unknown catalogue '" + catalogue + "'" + DidYouMean(catalogue, ids) +
                                     " (declare it in a 'kind: catalogue' file)");
      return;
    }
    if (!root["terms"].IsSequence()) {
      r.Error(root["terms"], "'terms' must be a list of entries beginning with '- term:'");
      return;
    }
    std::map<int, const CatalogueRow*> rows;
    for (const auto& row : rows_) {
      if (row.catalogue == catalogue) rows[row.row] = &row;
    }
    for (const auto& node : root["terms"]) {
      if (!r.CheckMap(node, {"term", "rows", "industry_codes", "note"}, {"term", "rows"}, "a search term")) continue;
      SearchTerm t;
      t.catalogue = catalogue;
      t.term = *r.Text(node, "term");
      t.where = r.Where(node["term"]);
      t.note = r.Text(node, "note").value_or("");
      if (t.term.empty() || t.term.front() == ' ' || t.term.back() == ' ') {
        r.Error(node["term"], "a term must be non-empty text without leading or trailing spaces");
        continue;
      }
      const std::string key = catalogue + "\x1F" + t.term;
      if (auto it = term_where_.find(key); it != term_where_.end()) {
        r.Error(node["term"], "duplicate search term '" + t.term + "' (first at " + it->second.ToString() + ")");
        continue;
      }
      bool ok = true;
      const YAML::Node list = node["rows"];
      if (!list.IsSequence() || list.size() == 0) {
        r.Error(list, "'rows' must be a non-empty list of printed row numbers, e.g. [3]");
        continue;
      }
      std::vector<std::string> row_codes;  // printed codes of the listed rows, without '*'
      for (const auto& item : list) {
        const std::string text = item.IsScalar() ? item.Scalar() : "";
        const int number = std::atoi(text.c_str());
        if (number <= 0 || std::to_string(number) != text) {
          r.Error(item, "'rows' holds printed row numbers (1, 2, …), found '" + text + "'");
          ok = false;
          continue;
        }
        auto row = rows.find(number);
        if (row == rows.end()) {
          const std::string range = rows.empty() ? "no rows" : "rows " + std::to_string(rows.begin()->first) + "–" +
                                                                   std::to_string(rows.rbegin()->first);
          r.Error(item, "unknown row " + text + " of catalogue '" + catalogue + "' (it has " + range + ")");
          ok = false;
          continue;
        }
        if (std::find(t.rows.begin(), t.rows.end(), number) != t.rows.end()) {
          r.Error(item, "row " + text + " is listed twice");
          ok = false;
          continue;
        }
        t.rows.push_back(number);
        for (std::string code : row->second->industry_codes) {
          if (!code.empty() && code.back() == '*') code.pop_back();
          row_codes.push_back(code);
        }
      }
      if (auto codes = r.TextList(node, "industry_codes")) {
        for (std::size_t i = 0; i < codes->size(); ++i) {
          const std::string& code = (*codes)[i];
          const YAML::Node at = node["industry_codes"].IsSequence() ? node["industry_codes"][i] : node["industry_codes"];
          bool digits = code.size() >= 2 && code.size() <= 4;
          for (char c : code) digits = digits && c >= '0' && c <= '9';
          if (!digits) {
            r.Error(at, "industry code '" + code + "' must be 2-4 digits of GB/T 4754-2017");
            ok = false;
            continue;
          }
          if (!ok) continue;  // the rows are wrong; their codes say nothing
          if (row_codes.empty()) {
            r.Error(at, "the rows of '" + t.term + "' are printed without industry codes; name the rows only");
            ok = false;
            continue;
          }
          const bool under = std::any_of(row_codes.begin(), row_codes.end(),
                                         [&](const std::string& printed) { return code.rfind(printed, 0) == 0; });
          if (!under) {
            std::string printed;
            for (const auto& c : row_codes) printed += (printed.empty() ? "" : ", ") + c;
            r.Error(at, "industry code '" + code + "' is not under a printed code of the listed rows (" + printed + ")");
            ok = false;
            continue;
          }
          t.industry_codes.push_back(code);
        }
      }
      if (!ok) continue;
      term_where_[key] = t.where;
      terms_.push_back(std::move(t));
    }
  }

  // ---- lists --------------------------------------------------------------------------------

  void ReadList(const YamlReader& r) {
    const YAML::Node root = r.file().root;
    if (!r.CheckMap(root, {"kind", "id", "title", "source", "jurisdiction", "in_force", "members", "note"},
                    {"id", "title", "source", "jurisdiction", "members"}, "a list file")) {
      return;
    }
    reasoner::NamedList list;
    list.id = *r.Text(root, "id");
    CheckIdentifier(r, root["id"], list.id);
    list.title = *r.Text(root, "title");
    list.jurisdiction = *r.Text(root, "jurisdiction");
    CheckPlace(r, root["jurisdiction"], list.jurisdiction);
    list.in_force = ReadPeriod(r, root["in_force"]).value_or(Period{});
    list.where = r.Where(root["id"]);
    if (r.CheckMap(root["source"], {"document", "number", "article"}, {"document"}, "a source")) {
      list.source.document = *r.Text(root["source"], "document");
      list.source.number = r.Text(root["source"], "number").value_or("");
      list.source.article = r.Text(root["source"], "article").value_or("");
    }
    const YAML::Node members = root["members"];
    if (!members.IsSequence()) {
      r.Error(members, "'members' must be a list of {id, label, from, to} entries ([] for an empty list)");
      return;
    }
    for (std::size_t i = 0; i < members.size(); ++i) {
      const YAML::Node m = members[i];
      reasoner::ListMember member;
      if (m.IsScalar()) {
        member.id = m.Scalar();
      } else if (r.CheckMap(m, {"id", "label", "from", "to", "note"}, {"id"}, "a list member")) {
        member.id = *r.Text(m, "id");
        member.label = r.Text(m, "label").value_or("");
        member.period.from = r.DateAt(m, "from");
        member.period.to = r.DateAt(m, "to");
      } else {
        continue;
      }
      list.members.push_back(std::move(member));
    }
    for (const auto& other : lists_) {
      if (other.id == list.id) {
        r.Error(root["id"], "duplicate list id '" + list.id + "' (first at " + other.where.ToString() + ")");
        return;
      }
    }
    lists_.push_back(std::move(list));
  }

  // ---- rules --------------------------------------------------------------------------------

  void ReadRules(const YamlReader& r) {
    const YAML::Node root = r.file().root;
    if (!r.CheckMap(root, {"kind", "jurisdiction", "in_force", "rules"}, {"jurisdiction", "rules"}, "a rules file")) return;
    const std::string jurisdiction = *r.Text(root, "jurisdiction");
    CheckPlace(r, root["jurisdiction"], jurisdiction);
    Period period = ReadPeriod(r, root["in_force"]).value_or(Period{});
    if (!root["rules"].IsSequence()) {
      r.Error(root["rules"], "'rules' must be a list of rules beginning with '- id:'");
      return;
    }
    for (const auto& node : root["rules"]) {
      if (!r.CheckMap(node, {"id", "title", "source", "when", "then", "exception_to", "priority", "note", "unclear",
                             "in_force", "jurisdiction"},
                      {"id", "title", "source", "when", "then"}, "a rule")) {
        continue;
      }
      PendingRule p;
      p.reader = &r;
      p.node = static_cast<const YAML::Node&>(node);
      p.rule.id = *r.Text(node, "id");
      CheckIdentifier(r, node["id"], p.rule.id);
      p.rule.title = *r.Text(node, "title");
      p.rule.jurisdiction = r.Text(node, "jurisdiction").value_or(jurisdiction);
      if (node["jurisdiction"]) CheckPlace(r, node["jurisdiction"], p.rule.jurisdiction);
      p.rule.in_force = node["in_force"] ? ReadPeriod(r, node["in_force"]).value_or(period) : period;
      p.rule.note = r.Text(node, "note").value_or("");
      p.rule.unclear = r.Text(node, "unclear").value_or("");
      p.rule.where = r.Where(node["id"]);
      p.rule.priority = std::atoi(r.Text(node, "priority").value_or("0").c_str());
      if (r.CheckMap(node["source"], {"document", "number", "article"}, {"document"}, "a source")) {
        p.rule.source.document = *r.Text(node["source"], "document");
        p.rule.source.number = r.Text(node["source"], "number").value_or("");
        p.rule.source.article = r.Text(node["source"], "article").value_or("");
      }
      ReadConclusion(r, node["then"], p.rule);
      AddConditions(r, node["when"], p);
      if (auto names = r.TextList(node, "exception_to")) {
        for (std::size_t i = 0; i < names->size(); ++i) {
          YAML::Node at = node["exception_to"].IsSequence() ? node["exception_to"][i] : node["exception_to"];
          p.exception_names.push_back({(*names)[i], at});
        }
      }
      pending_.push_back(std::move(p));
    }
  }

  void ReadConclusion(const YamlReader& r, const YAML::Node& then, Rule& rule) {
    if (!then.IsMap() || then.size() != 1) {
      r.Error(then, "'then' must name exactly one decision and its value, e.g. {eia.document_class: report_form}");
      return;
    }
    const auto entry = *then.begin();
    const std::string id = entry.first.as<std::string>("");
    int index = attributes_.IndexOf(id);
    if (index < 0) {
      std::vector<std::string> ids;
      for (const auto& a : attributes_.all()) ids.push_back(a.id);
      r.Error(entry.first, "unknown attribute '" + id + "'" + DidYouMean(id, ids));
      return;
    }
    const Attribute& a = attributes_.at(index);
    if (!a.derived) {
      r.Error(entry.first, "'" + id + "' is a fact the case gives; a rule may only conclude a decision or a derived fact");
      return;
    }
    auto raw = RawFromYaml(a, entry.second);
    if (!raw) {
      r.Error(entry.second, "expected a value of '" + id + "'");
      return;
    }
    if (auto problem = reasoner::ToValue(a, *raw, &rule.value)) {
      r.Error(entry.second, *problem);
      return;
    }
    rule.concludes = index;
  }

  // ---- resolution ---------------------------------------------------------------------------

  // Replaces `sensitive` with the row's own area test. False (and reported) if the row has none.
  bool SubstituteSensitive(Expr& e, const PendingRule& p, const WrittenCondition& c) {
    if (e.kind == ExprKind::kSensitive) {
      if (!p.row_has_sensitive_areas || p.sensitive_areas.empty()) {
        c.reader->Error(c.node, "'sensitive' used in a row that lists no sensitive_areas (本栏目环境敏感区含义)", e.offset_in_text);
        return false;
      }
      int offset = e.offset_in_text;
      e = MakeCompare("site.sensitive_areas", reasoner::CompareOp::kHasAny, p.sensitive_areas);
      e.offset_in_text = offset;
      e.literal_offset = offset;
      return true;
    }
    bool ok = true;
    for (auto& child : e.children) ok = SubstituteSensitive(child, p, c) && ok;
    return ok;
  }

  void ResolveAll() {
    const auto lookup = attributes_.Lookup(&lists_);
    std::map<std::string, SourceLocation> rule_where;
    for (auto& p : pending_) {
      if (p.rule.concludes < 0) continue;  // conclusion already reported
      auto [it, inserted] = rule_where.emplace(p.rule.id, p.rule.where);
      if (!inserted) {
        if (p.reader) p.reader->Error(p.node["id"] ? p.node["id"] : p.node,
                                      "duplicate rule id '" + p.rule.id + "' (first at " + it->second.ToString() + ")");
        continue;
      }
      std::vector<Expr> alternatives;
      bool ok = true;
      for (auto& c : p.conditions) {
        Expr e = *c.expr;
        if (!SubstituteSensitive(e, p, c)) {
          ok = false;
          continue;
        }
        reasoner::ExprError error;
        if (!reasoner::ResolveExpr(e, lookup, &error)) {
          c.reader->Error(c.node, error.message, error.offset);
          ok = false;
          continue;
        }
        alternatives.push_back(std::move(e));
      }
      if (!ok) continue;
      std::vector<Expr> parts;
      if (p.has_prefix) {
        reasoner::ExprError error;
        if (!reasoner::ResolveExpr(p.prefix, lookup, &error)) {
          diagnostics_.Error(p.rule.where, "internal: compiler-made condition of '" + p.rule.id + "': " + error.message);
          continue;
        }
        parts.push_back(p.prefix);
      }
      if (!alternatives.empty()) parts.push_back(MakeJunction(ExprKind::kOr, std::move(alternatives)));
      p.rule.condition = MakeJunction(ExprKind::kAnd, std::move(parts));
      p.rule.condition_text = p.rule.condition.ToString();
    }
    for (auto& p : pending_) {
      for (const auto& [name, node] : p.exception_names) {
        auto it = std::find_if(pending_.begin(), pending_.end(), [&wanted = name](const PendingRule& q) { return q.rule.id == wanted; });
        if (it == pending_.end()) {
          std::vector<std::string> ids;
          for (const auto& q : pending_) ids.push_back(q.rule.id);
          p.reader->Error(node, "exception_to names rule '" + name + "', which does not exist" + DidYouMean(name, ids));
          continue;
        }
        if (it->rule.concludes != p.rule.concludes) {
          p.reader->Error(node, "rule '" + p.rule.id + "' is an exception to '" + name +
                                    "', but they conclude different attributes");
          continue;
        }
        p.rule.exception_to.push_back(static_cast<int>(it - pending_.begin()));
      }
    }
  }

  // ---- cases --------------------------------------------------------------------------------

  static std::optional<reasoner::RawValue> RawFromYaml(const Attribute& a, const YAML::Node& node) {
    if (a.type == AttributeType::kSet || a.type == AttributeType::kCodeSet) {
      if (!node.IsSequence()) return std::nullopt;
      std::vector<std::string> list;
      for (const auto& item : node) {
        if (!item.IsScalar()) return std::nullopt;
        list.push_back(item.Scalar());
      }
      return list;
    }
    if (!node.IsScalar()) return std::nullopt;
    const std::string& s = node.Scalar();
    if (a.type == AttributeType::kBool) {
      if (s == "true") return true;
      if (s == "false") return false;
      return s;  // ToValue reports the mismatch
    }
    if (a.type == AttributeType::kNumber) {
      char* end = nullptr;
      double d = std::strtod(s.c_str(), &end);
      if (!s.empty() && end && *end == '\0') return d;
      return s;
    }
    return s;
  }

  static std::optional<reasoner::Value> RecordsFromYaml(const YamlReader& r, const Attribute& a, const YAML::Node& node) {
    if (!node.IsSequence()) {
      r.Error(node, "'" + a.id + "' is a list of records: write [] or a list of {field: value} maps");
      return std::nullopt;
    }
    reasoner::Value value;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node item = node[i];
      if (!item.IsMap()) {
        r.Error(item, "each record of '" + a.id + "' is a map {field: value}");
        return std::nullopt;
      }
      std::vector<std::pair<std::string, reasoner::RawValue>> fields;
      for (const auto& f : item) {
        const std::string field = f.first.as<std::string>("");
        int fi = a.FieldIndex(field);
        reasoner::RawValue raw = std::string(f.second.IsScalar() ? f.second.Scalar() : "");
        if (fi >= 0) {
          auto converted = RawFromYaml(a.fields[static_cast<std::size_t>(fi)], f.second);
          if (converted) raw = *converted;
        }
        fields.push_back({field, raw});
      }
      if (auto problem = reasoner::AddRecord(a, fields, &value)) {
        r.Error(item, *problem);
        return std::nullopt;
      }
    }
    return value;
  }

  void ReadCases(const YamlReader& r, const reasoner::RuleSet& rules, std::vector<GoldenCase>& out) {
    const YAML::Node root = r.file().root;
    if (!r.CheckMap(root, {"kind", "cases"}, {"cases"}, "a cases file")) return;
    if (!root["cases"].IsSequence()) {
      r.Error(root["cases"], "'cases' must be a list of cases beginning with '- name:'");
      return;
    }
    for (const auto& node : root["cases"]) {
      if (!r.CheckMap(node, {"name", "date", "decided_on", "place", "facts", "expect"}, {"name", "date", "facts", "expect"},
                      "a case")) {
        continue;
      }
      GoldenCase c;
      c.name = *r.Text(node, "name");
      c.where = r.Where(node["name"]);
      auto date = r.DateAt(node, "date");
      if (!date) continue;
      c.date = *date;
      if (node["decided_on"]) c.decided_on = r.DateAt(node, "decided_on");
      c.place = r.Text(node, "place").value_or("cn");
      if (node["place"]) CheckPlace(r, node["place"], c.place);
      bool ok = true;
      if (!node["facts"].IsMap()) {
        r.Error(node["facts"], "'facts' must be a map of fact id: value");
        continue;
      }
      for (const auto& entry : node["facts"]) {
        const std::string id = entry.first.as<std::string>("");
        int index = rules.AttributeIndex(id);
        if (index < 0) {
          std::vector<std::string> ids;
          for (const auto& a : rules.attributes()) ids.push_back(a.id);
          r.Error(entry.first, "unknown fact '" + id + "'" + DidYouMean(id, ids));
          ok = false;
          continue;
        }
        const Attribute& a = rules.attribute(index);
        if (a.derived) {
          r.Error(entry.first, "'" + id + "' is concluded by rules; a case cannot give it");
          ok = false;
          continue;
        }
        if (a.type == AttributeType::kRecords) {
          auto value = RecordsFromYaml(r, a, entry.second);
          if (!value) {
            ok = false;
            continue;
          }
          c.facts.push_back({index, std::move(*value)});
          continue;
        }
        reasoner::Value value;
        auto raw = RawFromYaml(a, entry.second);
        std::optional<std::string> problem =
            raw ? reasoner::ToValue(a, *raw, &value)
                : std::optional<std::string>("type mismatch for '" + id + "': expected " +
                                             (a.type == AttributeType::kSet || a.type == AttributeType::kCodeSet ? "a list" : "a single value"));
        if (problem) {
          r.Error(entry.second, *problem);
          ok = false;
          continue;
        }
        c.facts.push_back({index, std::move(value)});
      }
      const YAML::Node expect = node["expect"];
      if (!expect.IsMap()) {
        r.Error(expect, "'expect' must be a map");
        continue;
      }
      for (const auto& entry : expect) {
        const std::string key = entry.first.as<std::string>("");
        if (key == "fired" || key == "not_fired" || key == "missing") {
          auto list = r.TextList(expect, key);
          if (!list) { ok = false; continue; }
          for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string& id = (*list)[i];
            YAML::Node at = entry.second.IsSequence() ? entry.second[i] : entry.second;
            bool known = key == "missing" ? rules.AttributeIndex(id) >= 0 : rules.RuleIndex(id) >= 0;
            if (!known) {
              r.Error(at, std::string(key == "missing" ? "unknown fact '" : "unknown rule '") + id + "' in '" + key + "'");
              ok = false;
            }
          }
          (key == "fired" ? c.fired : key == "not_fired" ? c.not_fired : c.missing) = *list;
          continue;
        }
        int index = rules.AttributeIndex(key);
        if (index < 0 || !rules.attribute(index).decision) {
          r.Error(entry.first, "'" + key + "' is not a decision; expected a decision id, fired, not_fired or missing");
          ok = false;
          continue;
        }
        const Attribute& decision = rules.attribute(index);
        const std::string value = entry.second.IsScalar() ? entry.second.Scalar() : "";
        const bool status = value == "undetermined" || value == "no_rule_in_force" || value == "no_rule_applies" ||
                            value == "conflict";
        if (status) {
          c.expect[index] = value;
          continue;
        }
        // Any other expectation is a value of the decision, compared by its token.
        reasoner::Value expected;
        auto raw = RawFromYaml(decision, entry.second);
        std::optional<std::string> problem =
            raw ? reasoner::ToValue(decision, *raw, &expected) : std::optional<std::string>("expected a value");
        if (problem) {
          r.Error(entry.second, *problem + " (or undetermined, no_rule_in_force, no_rule_applies, conflict)");
          ok = false;
          continue;
        }
        c.expect[index] = reasoner::ValueToken(decision, expected);
      }
      if (ok) out.push_back(std::move(c));
    }
  }

  void ReportDates(const reasoner::RuleSet& rules) {
    if (!options_.check_date) return;
    const Date day = *options_.check_date;
    for (const auto& rule : rules.rules()) {
      if (!rule.NeedsCoverage()) continue;
      if (rule.in_force.to && *rule.in_force.to < day) {
        diagnostics_.Warning(rule.where, "rule '" + rule.id + "' expired on " + FormatDate(*rule.in_force.to) +
                                             " (checked for " + FormatDate(day) + ")");
      } else if (rule.in_force.from && *rule.in_force.from > day) {
        diagnostics_.Warning(rule.where, "rule '" + rule.id + "' is not yet in force: it begins on " +
                                             FormatDate(*rule.in_force.from) + " (checked for " + FormatDate(day) + ")");
      }
    }
  }

  struct Column {
    std::string id;
    std::string heading;
    int value;
  };
  using CatalogueColumns = std::vector<Column>;

  Diagnostics& diagnostics_;
  CompileOptions options_;
  std::vector<SourceFile> files_;
  std::vector<YamlReader> readers_;
  std::vector<std::string> file_names_;
  std::string source_digest_;
  reasoner::AttributeTable attributes_;
  std::map<std::string, SourceLocation> attribute_where_;
  std::map<std::string, std::pair<std::string, YAML::Node>> items_from_;
  std::vector<Catalogue> catalogues_;
  std::map<std::string, std::size_t> catalogue_index_;
  std::map<std::string, CatalogueColumns> catalogue_columns_;
  std::vector<CatalogueRow> rows_;
  std::map<std::string, SourceLocation> row_where_;
  std::vector<PendingRule> pending_;
  std::vector<reasoner::NamedList> lists_;
  std::vector<Place> places_;
  std::map<std::string, SourceLocation> place_where_;
  std::vector<SearchTerm> terms_;
  std::map<std::string, SourceLocation> term_where_;
};

}  // namespace

std::optional<CompiledKb> CompileSources(const fs::path& data_dir, Diagnostics& diagnostics,
                                         const CompileOptions& options) {
  Compiler compiler(diagnostics, options);
  return compiler.Run(data_dir);
}

}  // namespace assistant::kb
