// kb: compile, check and test the knowledge-base sources.
//
//   kb check DATA_DIR [--date YYYY-MM-DD]   validate; print every problem as file:line:column
//   kb build DATA_DIR OUT.kb                validate and write the SQLite knowledge base atomically
//   kb test  DATA_DIR [-v]                  run the golden cases; fail on any failure or uncovered rule
//   kb info  OUT.kb                         print version, hash and counts of a compiled file
//   kb docs  DATA_DIR DOCS_DIR              regenerate docs/facts.md and docs/catalogue-gaps.md
//   kb list  OUT.kb                         the documents, places and periods the knowledge base covers
#include <CLI/CLI.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <iostream>

#include "kb/compiler.h"
#include "kb/docs.h"
#include "kb/golden.h"
#include "kb/store.h"

namespace {

using namespace assistant;

std::optional<kb::CompiledKb> Compile(const std::string& dir, const std::string& date_text) {
  kb::Diagnostics diagnostics;
  kb::CompileOptions options;
  if (!date_text.empty()) {
    options.check_date = ParseDate(date_text);
    if (!options.check_date) {
      std::cerr << "kb: --date must be YYYY-MM-DD, found '" << date_text << "'\n";
      return std::nullopt;
    }
  }
  auto compiled = kb::CompileSources(dir, diagnostics, options);
  std::cerr << diagnostics.ToString();
  if (!compiled) {
    std::cerr << "kb: " << diagnostics.error_count() << " error(s); nothing was written\n";
  }
  return compiled;
}

void PrintSummary(const kb::CompiledKb& compiled) {
  std::size_t cells = 0, rules = 0;
  for (const auto& r : compiled.rules->rules()) {
    if (r.kind == reasoner::RuleKind::kCatalogueCell) ++cells;
    if (r.kind == reasoner::RuleKind::kRule) ++rules;
  }
  std::cout << "knowledge base " << compiled.rules->info().content_hash.substr(0, 16) << ": "
            << compiled.source_files.size() << " files, " << compiled.rules->attributes().size() << " attributes, "
            << compiled.rows.size() << " catalogue rows, " << cells << " catalogue cells, " << rules << " rules, "
            << compiled.cases.size() << " golden cases\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kb: compile, check and test the knowledge-base sources"};
  app.require_subcommand(1);
  std::string dir, out, date;
  bool verbose = false;

  auto* check = app.add_subcommand("check", "validate the sources");
  check->add_option("data", dir, "source folder (data/)")->required();
  check->add_option("--date", date, "report rules not in force on this day (default: today)");

  auto* build = app.add_subcommand("build", "validate and write the SQLite knowledge base");
  build->add_option("data", dir, "source folder (data/)")->required();
  build->add_option("out", out, "knowledge-base file to write")->required();

  auto* test = app.add_subcommand("test", "run the golden cases and report rule coverage");
  test->add_option("data", dir, "source folder (data/)")->required();
  test->add_flag("-v,--verbose", verbose, "list passing cases too");

  auto* info = app.add_subcommand("info", "describe a compiled knowledge base");
  info->add_option("kb", out, "knowledge-base file")->required();

  auto* list = app.add_subcommand("list", "documents, places and periods covered");
  list->add_option("kb", out, "knowledge-base file")->required();

  auto* docs = app.add_subcommand("docs", "write facts.md and catalogue-gaps.md");
  docs->add_option("data", dir, "source folder (data/)")->required();
  docs->add_option("out", out, "folder to write into (docs/)")->required();

  CLI11_PARSE(app, argc, argv);

  if (list->parsed()) {
    auto loaded = kb::OpenKb(out);
    if (!loaded) {
      std::cerr << "kb: " << loaded.error().ToString() << "\n";
      return 1;
    }
    std::map<std::string, std::string> names;
    for (const auto& p : loaded.value().places) names[p.id] = p.name;
    for (const auto& c : kb::Coverage(*loaded.value().rules)) {
      std::cout << "《" << c.document << "》" << (c.number.empty() ? "" : "（" + c.number + "）") << "\n  places:";
      for (const auto& p : c.places) std::cout << " " << (names.count(p) ? names[p] : p) << "(" << p << ")";
      std::cout << "\n  in force: " << c.period.ToString() << "\n  decisions:";
      for (const auto& d : c.decisions) std::cout << " " << d;
      std::cout << "\n  rules: " << c.rules << "\n";
    }
    return 0;
  }
  if (docs->parsed()) {
    auto compiled = Compile(dir, "");
    if (!compiled) return 1;
    std::ofstream(out + "/facts.md") << kb::RenderFactsMarkdown(*compiled);
    std::ofstream(out + "/catalogue-gaps.md") << kb::RenderGapsMarkdown(*compiled);
    return 0;
  }

  if (check->parsed()) {
    if (date.empty()) {
      date = FormatDate(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    }
    auto compiled = Compile(dir, date);
    if (!compiled) return 1;
    PrintSummary(*compiled);
    return 0;
  }
  if (build->parsed()) {
    auto compiled = Compile(dir, "");
    if (!compiled) return 1;
    if (auto s = kb::WriteKb(*compiled, out); !s) {
      std::cerr << "kb: " << s.error().ToString() << "\n";
      return 1;
    }
    PrintSummary(*compiled);
    std::cout << "wrote " << out << "\n";
    return 0;
  }
  if (test->parsed()) {
    auto compiled = Compile(dir, "");
    if (!compiled) return 1;
    auto report = kb::RunGoldenCases(*compiled);
    std::cout << report.ToString(verbose);
    return report.ok() ? 0 : 1;
  }
  if (info->parsed()) {
    auto loaded = kb::OpenKb(out);
    if (!loaded) {
      std::cerr << "kb: " << loaded.error().ToString() << "\n";
      return 1;
    }
    const auto& i = loaded.value().rules->info();
    std::cout << "schema_version " << i.schema_version << "\ncontent_hash " << i.content_hash << "\nrules "
              << loaded.value().rules->rules().size() << "\ncatalogue_rows " << loaded.value().rows.size() << "\n";
    return 0;
  }
  return 0;
}
