// The knowledge-base compiler: reads the YAML sources under data/, validates them and builds
// the RuleSet, the catalogue rows (for display and search) and the golden cases.
//
// Checks (each reported as file:line:column with what was expected):
//   unknown keys, attributes and values (with "did you mean"); type mismatches; duplicate ids;
//   references to rules that do not exist; overlapping or gapped numeric thresholds between the
//   cells of one catalogue row; two rules that can conclude different values for the same case
//   with no exception between them (conflicts); cycles; rules expired or not yet in force on
//   the check date (warnings).
// Thread-safety: CompileSources is reentrant.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "kb/diagnostics.h"
#include "reasoner/rule_set.h"

namespace assistant::kb {

// 3: search terms (kind: search_terms) stored in the file and part of the content hash.
inline constexpr int kSchemaVersion = 3;

// One printed row of an approval catalogue, kept for display, search and traceability.
struct CatalogueRow {
  std::string catalogue;  // eia2021
  int row = 0;            // printed row number
  std::string category_no;
  std::string category_name;
  std::string item;                         // 项目类别, verbatim
  std::vector<std::string> industry_codes;  // as printed; "403*" = industrial buildings only
  std::string sensitive_areas_text;
  std::map<std::string, std::string> cells; // column -> verbatim text ("/" when printed so)
  std::string note;
  std::string unclear;
};

// A place rules can be made for. Ids nest: "cn.hubei.wuhan" lies inside "cn.hubei".
struct Place {
  std::string id;
  std::string name;
};

struct Catalogue {
  std::string id;
  std::string title;
  reasoner::Citation document;
  std::string jurisdiction;
  Period in_force;
  std::string decides;  // decision attribute id
};

// A golden decision case written beside the rules it checks.
struct GoldenCase {
  std::string name;
  SourceLocation where;
  Date date;
  std::optional<Date> decided_on;  // the day of the decision, when it matters (行政处罚法 第三十七条)
  std::string place = "cn";
  std::vector<std::pair<int, reasoner::Value>> facts;         // attribute index, value
  std::map<int, std::string> expect;  // decision attribute -> value token (ValueToken) or a status name
  std::vector<std::string> fired, not_fired, missing;         // rule / attribute ids
};

// A word people type that the catalogue does not print (养猪场, 加油站, 4S店), pointing at the
// catalogue rows whose item text covers it. Search help only: it never decides which row
// applies (the reasoner does, from the facts); a term that could fall under several rows lists
// them all, as alternatives.
struct SearchTerm {
  std::string term;       // as people type it, e.g. 养猪场
  std::string catalogue;  // eia2021
  std::vector<int> rows;  // printed row numbers, alternatives, in the order written
  // Optional GB/T 4754-2017 codes (2 to 4 digits) narrowing the rows, e.g. 0313 for 养猪场; each
  // lies under a printed code of one of `rows`. Empty: the rows' own codes (or, for rows printed
  // without codes, the row itself as a project.catalogue_items value).
  std::vector<std::string> industry_codes;
  std::string note;       // why the term points there, in plain Chinese
  SourceLocation where;
};

struct CompiledKb {
  std::shared_ptr<const reasoner::RuleSet> rules;
  std::vector<Catalogue> catalogues;
  std::vector<CatalogueRow> rows;
  std::vector<SearchTerm> search_terms;
  std::vector<GoldenCase> cases;
  std::vector<Place> places;
  std::vector<std::string> source_files;  // relative to the data directory, in read order
};

struct CompileOptions {
  // Rules not in force on this day are reported as warnings (expired / not yet valid).
  std::optional<Date> check_date;
};

// Reads every *.yaml file below `data_dir`. Returns nullopt if any error was found; all
// problems are in `diagnostics`. File names in diagnostics are relative to `data_dir`'s parent
// when possible, so they read like "data/eia_catalogue_2021/rows_001_027.yaml:12:7".
std::optional<CompiledKb> CompileSources(const std::filesystem::path& data_dir,
                                         Diagnostics& diagnostics, const CompileOptions& options = {});

}  // namespace assistant::kb
