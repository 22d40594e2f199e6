// kb check on deliberately broken sources: each mistake gives one precise diagnostic.
#include <gtest/gtest.h>

#include "test_support.h"

namespace assistant::kb {
namespace {
using assistant::testing::CompileErrors;
using assistant::testing::kSmallVocabulary;

std::string RuleFile(const std::string& rules) {
  return "kind: rules\njurisdiction: cn\nrules:\n" + rules;
}

constexpr const char* kGoodRule = R"(  - id: r.one
    title: 一
    source: {document: 测试办法, article: 第一条}
    when: farm.head >= 10
    then: {outcome.result: yes}
)";

TEST(CompilerTest, CleanSourcesGiveNoDiagnostics) {
  EXPECT_EQ(CompileErrors({{"v.yaml", kSmallVocabulary}, {"r.yaml", RuleFile(kGoodRule)}}), "");
}

TEST(CompilerTest, UnknownAttributePointsAtItsColumnAndSuggests) {
  EXPECT_EQ(CompileErrors({{"v.yaml", kSmallVocabulary},
                           {"r.yaml", RuleFile(R"(  - id: r.one
    title: 一
    source: {document: 测试办法}
    when: farm.scale and farm.haed >= 10
    then: {outcome.result: yes}
)")}}),
            "data/r.yaml:7:26: error: unknown attribute 'farm.haed' (did you mean 'farm.head'?)\n"
            "        when: farm.scale and farm.haed >= 10\n"
            "                             ^\n");
}

TEST(CompilerTest, TypeMismatchNamesTheExpectedType) {
  EXPECT_EQ(CompileErrors({{"v.yaml", kSmallVocabulary},
                           {"r.yaml", RuleFile(R"(  - id: r.one
    title: 一
    source: {document: 测试办法}
    when: farm.head >= "many"
    then: {outcome.result: yes}
)")}}),
            "data/r.yaml:7:24: error: type mismatch: 'farm.head' is a number; expected a number after '>='\n"
            "        when: farm.head >= \"many\"\n"
            "                           ^\n");
}

TEST(CompilerTest, UnknownValueOfADecision) {
  EXPECT_EQ(CompileErrors({{"v.yaml", kSmallVocabulary},
                           {"r.yaml", RuleFile(R"(  - id: r.one
    title: 一
    source: {document: 测试办法}
    when: farm.scale
    then: {outcome.result: yse}
)")}}),
            "data/r.yaml:8:28: error: 'yse' is not a value of 'outcome.result' (did you mean 'yes'?)\n"
            "        then: {outcome.result: yse}\n"
            "                               ^\n");
}

TEST(CompilerTest, UnknownKeySuggestsTheRightOne) {
  EXPECT_EQ(CompileErrors({{"v.yaml", kSmallVocabulary},
                           {"r.yaml", RuleFile(R"(  - id: r.one
    title: 一
    source: {document: 测试办法}
    whne: farm.scale
    then: {outcome.result: yes}
)")}}),
            "data/r.yaml:7:5: error: unknown key 'whne' in a rule (did you mean 'when'?)\n"
            "        whne: farm.scale\n"
            "        ^\n"
            "data/r.yaml:4:5: error: a rule is missing 'when'\n"
            "      - id: r.one\n"
            "        ^\n");
}

TEST(CompilerTest, DuplicateRuleId) {
  EXPECT_EQ(CompileErrors({{"v.yaml", kSmallVocabulary}, {"r.yaml", RuleFile(std::string(kGoodRule) + kGoodRule)}}),
            "data/r.yaml:9:9: error: duplicate rule id 'r.one' (first at data/r.yaml:4:9)\n"
            "      - id: r.one\n"
            "            ^\n");
}

TEST(CompilerTest, ExceptionToARuleThatDoesNotExist) {
  EXPECT_EQ(CompileErrors({{"v.yaml", kSmallVocabulary},
                           {"r.yaml", RuleFile(std::string(kGoodRule) + R"(  - id: r.two
    title: 二
    source: {document: 测试办法}
    when: farm.head >= 100
    then: {outcome.result: no}
    exception_to: [r.onne]
)")}}),
            "data/r.yaml:14:20: error: exception_to names rule 'r.onne', which does not exist (did you mean 'r.one'?)\n"
            "        exception_to: [r.onne]\n"
            "                       ^\n");
}

TEST(CompilerTest, ConflictWithoutStatedExceptionIsAnError) {
  EXPECT_EQ(CompileErrors({{"v.yaml", kSmallVocabulary},
                           {"r.yaml", RuleFile(std::string(kGoodRule) + R"(  - id: r.two
    title: 二
    source: {document: 测试办法}
    when: farm.scale
    then: {outcome.result: no}
)")}}),
            "data/r.yaml:9:9: error: conflict: rules 'r.one' (data/r.yaml:4:9) and 'r.two' can both hold for the "
            "same case and conclude different values of 'outcome.result' (\"yes\" vs \"no\"); state which one is the "
            "exception with 'exception_to' — a question for the policy officer\n");
}

TEST(CompilerTest, DisjointConditionsAreNoConflict) {
  EXPECT_EQ(CompileErrors({{"v.yaml", kSmallVocabulary},
                           {"r.yaml", RuleFile(std::string(kGoodRule) + R"(  - id: r.two
    title: 二
    source: {document: 测试办法}
    when: farm.head < 10
    then: {outcome.result: no}
)")}}),
            "");
}

TEST(CompilerTest, CycleBetweenDerivedFactsIsAnError) {
  const std::string vocabulary = std::string(kSmallVocabulary) + R"(  - id: farm.a
    type: bool
    label: 甲
    derived: true
  - id: farm.b
    type: bool
    label: 乙
    derived: true
)";
  std::string errors = CompileErrors({{"v.yaml", vocabulary}, {"r.yaml", RuleFile(R"(  - id: r.a
    title: 甲
    source: {document: 测试办法}
    when: farm.b
    then: {farm.a: true}
  - id: r.b
    title: 乙
    source: {document: 测试办法}
    when: farm.a
    then: {farm.b: true}
)")}});
  EXPECT_EQ(errors, "data/r.yaml:4:9: error: cycle: farm.a -> farm.b -> farm.a (rule 'r.a' depends on its own conclusion)\n");
}

TEST(CompilerTest, YamlSyntaxErrorHasItsLine) {
  std::string errors = CompileErrors({{"v.yaml", kSmallVocabulary}, {"r.yaml", "kind: rules\nrules: [\n  - id: x\n"}});
  EXPECT_EQ(errors.substr(0, errors.find(": error")), "data/r.yaml:3:3");
}

TEST(CompilerTest, ExpiredAndNotYetValidRulesAreReported) {
  CompileOptions options;
  options.check_date = ParseDate("2026-01-01");
  EXPECT_EQ(CompileErrors({{"v.yaml", kSmallVocabulary},
                           {"r.yaml", "kind: rules\njurisdiction: cn\nin_force: {from: 2019-01-01, to: 2020-12-31}\nrules:\n" +
                                          std::string(kGoodRule)},
                           {"s.yaml", "kind: rules\njurisdiction: cn\nin_force: {from: 2027-01-01}\nrules:\n" +
                                          std::string(R"(  - id: r.two
    title: 二
    source: {document: 测试办法}
    when: farm.head < 10
    then: {outcome.result: no}
)")}},
                          options),
            "data/r.yaml:5:9: warning: rule 'r.one' expired on 2020-12-31 (checked for 2026-01-01)\n"
            "data/s.yaml:5:9: warning: rule 'r.two' is not yet in force: it begins on 2027-01-01 (checked for 2026-01-01)\n");
}

// Catalogue rows: the threshold checks and the `sensitive` keyword.
std::string CatalogueFiles(const std::string& row_cells, const std::string& extra_row_keys = "") {
  return std::string(R"(kind: catalogue_rows
catalogue: t
rows:
  - row: 1
    category: {no: 一, name: 测试}
    item: 测试项目
    industry_codes: ["011"]
)") + extra_row_keys + row_cells;
}

std::map<std::string, std::string> CatalogueFixture(const std::string& rows) {
  return {{"v.yaml", std::string(R"(kind: vocabulary
decisions:
  - id: doc.class
    type: enum
    label: 文件类别
    ordered: true
    combine: max
    combine_source: 第四条
    values: [none, form, book]
facts:
  - id: project.industry_codes
    type: code_set
    pattern: '^[0-9]{4}$'
    label: 行业代码
  - id: project.in_industrial_building
    type: bool
    label: 工业建筑
  - id: site.sensitive_areas
    type: set
    label: 敏感区
    values:
      - {id: nature_reserve, group: class1}
      - {id: residential, group: class3}
  - id: t.volume
    type: number
    label: 规模
)")},
          {"c.yaml", R"(kind: catalogue
id: t
title: 测试名录
document: {name: 测试名录, number: 令第1号}
jurisdiction: cn
decides: doc.class
columns:
  book: {value: book, heading: 报告书}
  form: {value: form, heading: 报告表}
)"},
          {"rows.yaml", rows}};
}

TEST(CompilerTest, PairedThresholdsThatOverlapAreAnError) {
  std::string errors = CompileErrors(CatalogueFixture(CatalogueFiles(R"(    book:
      text: 50及以上
      when: t.volume >= 50
    form:
      text: 50以下10及以上
      when: t.volume <= 50 and t.volume >= 10
)")));
  EXPECT_EQ(errors,
            "data/rows.yaml:12:13: error: row 1: thresholds overlap: book 't.volume >= 50' and form 't.volume <= 50 "
            "and t.volume >= 10' both hold on [50, 50] (\"X以下\" is < X and \"X及以上\" is >= X, so paired ranges "
            "meet without overlap)\n");
}

TEST(CompilerTest, ThresholdGapBetweenColumnsIsAnError) {
  std::string errors = CompileErrors(CatalogueFixture(CatalogueFiles(R"(    book:
      text: 50及以上
      when: t.volume >= 50
    form:
      text: 40以下10及以上
      when: t.volume < 40 and t.volume >= 10
)")));
  EXPECT_EQ(errors,
            "data/rows.yaml:9:13: error: row 1: threshold gap: form 't.volume < 40 and t.volume >= 10' ends at 40 but "
            "book 't.volume >= 50' begins at 50; no column covers the values between\n");
}

TEST(CompilerTest, SensitiveNeedsTheRowsAreaList) {
  std::string errors = CompileErrors(CatalogueFixture(CatalogueFiles(R"(    book:
      text: 涉及环境敏感区的
      when: sensitive
    form: /
)")));
  EXPECT_EQ(errors,
            "data/rows.yaml:10:13: error: 'sensitive' used in a row that lists no sensitive_areas (本栏目环境敏感区含义)\n"
            "          when: sensitive\n"
            "                ^\n");
}

TEST(CompilerTest, UnknownSensitiveAreaIsReported) {
  std::string errors = CompileErrors(CatalogueFixture(CatalogueFiles(R"(    book:
      text: 涉及环境敏感区的
      when: sensitive
    form: /
)", "    sensitive_areas: [class1, nature_reserv]\n")));
  EXPECT_EQ(errors,
            "data/rows.yaml:8:31: error: unknown sensitive area 'nature_reserv' (did you mean 'nature_reserve'?); "
            "expected an id of site.sensitive_areas or a group class1/class2/class3\n"
            "        sensitive_areas: [class1, nature_reserv]\n"
            "                                  ^\n");
}

TEST(CompilerTest, MissingColumnMustBeWrittenAsSlash) {
  std::string errors = CompileErrors(CatalogueFixture(CatalogueFiles(R"(    book:
      text: 全部
      when: true
)")));
  EXPECT_EQ(errors.substr(0, errors.find('\n')),
            "data/rows.yaml:4:5: error: row 1 is missing column 'form' (write 'form: /' where the catalogue prints '/')");
}

}  // namespace
}  // namespace assistant::kb

namespace assistant::kb {
namespace {

TEST(CompilerTest, RulesOfSeparatePlacesOrPeriodsDoNotConflict) {
  const std::string places = "kind: places\nplaces:\n  - {id: cn, name: 中国}\n  - {id: cn.a, name: 甲}\n  - {id: cn.b, name: 乙}\n";
  auto rule = [](const std::string& id, const std::string& place, const std::string& period, const std::string& value) {
    return "  - id: " + id + "\n    title: 规则\n    source: {document: 测试办法}\n    jurisdiction: " + place +
           "\n    in_force: " + period + "\n    when: farm.scale\n    then: {outcome.result: " + value + "}\n";
  };
  // Different places that do not nest, and periods that do not meet: no conflict.
  EXPECT_EQ(assistant::testing::CompileErrors(
                {{"p.yaml", places}, {"v.yaml", assistant::testing::kSmallVocabulary},
                 {"r.yaml", "kind: rules\njurisdiction: cn\nrules:\n" +
                                rule("r.a", "cn.a", "{from: 2020-01-01}", "yes") + rule("r.b", "cn.b", "{from: 2020-01-01}", "no") +
                                rule("r.c", "cn.a", "{from: 2010-01-01, to: 2019-12-31}", "no")}}),
            "");
  // A place inside the other's, in the same period: a conflict to settle.
  std::string errors = assistant::testing::CompileErrors(
      {{"p.yaml", places}, {"v.yaml", assistant::testing::kSmallVocabulary},
       {"r.yaml", "kind: rules\njurisdiction: cn\nrules:\n" + rule("r.a", "cn", "{from: 2020-01-01}", "yes") +
                      rule("r.b", "cn.b", "{from: 2021-01-01}", "no")}});
  EXPECT_NE(errors.find("conflict: rules 'r.a'"), std::string::npos) << errors;
}

}  // namespace
}  // namespace assistant::kb

// Search terms (kind: search_terms): words people type that the catalogue does not print.
namespace assistant::kb {
namespace {

std::map<std::string, std::string> TermsFixture(const std::string& terms) {
  auto files = CatalogueFixture(CatalogueFiles("    book: /\n    form: /\n"));
  files["terms.yaml"] = terms;
  return files;
}

TEST(CompilerTest, SearchTermsCompileAndReachTheKnowledgeBase) {
  assistant::testing::TempDataDir dir(TermsFixture(R"(kind: search_terms
catalogue: t
terms:
  - term: 稻田
    rows: [1]
    industry_codes: ["0111"]
    note: 稻谷种植
  - term: 农田
    rows: [1]
)"));
  Diagnostics diagnostics;
  auto kb = CompileSources(dir.data(), diagnostics);
  ASSERT_TRUE(kb) << diagnostics.ToString();
  ASSERT_EQ(kb->search_terms.size(), 2u);
  EXPECT_EQ(kb->search_terms[0].term, "稻田");
  EXPECT_EQ(kb->search_terms[0].catalogue, "t");
  EXPECT_EQ(kb->search_terms[0].rows, std::vector<int>{1});
  EXPECT_EQ(kb->search_terms[0].industry_codes, std::vector<std::string>{"0111"});
  EXPECT_EQ(kb->search_terms[0].note, "稻谷种植");
  EXPECT_EQ(kb->search_terms[0].where.ToString(), "data/terms.yaml:4:11");
  EXPECT_TRUE(kb->search_terms[1].industry_codes.empty());
}

TEST(CompilerTest, SearchTermNamingAnUnknownRowIsAnError) {
  EXPECT_EQ(assistant::testing::CompileErrors(TermsFixture(R"(kind: search_terms
catalogue: t
terms:
  - term: 稻田
    rows: [1, 7]
)")),
            "data/terms.yaml:5:15: error: unknown row 7 of catalogue 't' (it has rows 1–1)\n"
            "        rows: [1, 7]\n"
            "                  ^\n");
}

TEST(CompilerTest, SearchTermCodeMustLieUnderTheRowsCodes) {
  EXPECT_EQ(assistant::testing::CompileErrors(TermsFixture(R"(kind: search_terms
catalogue: t
terms:
  - term: 菜地
    rows: [1]
    industry_codes: ["0141"]
)")),
            "data/terms.yaml:6:23: error: industry code '0141' is not under a printed code of the listed rows (011)\n"
            "        industry_codes: [\"0141\"]\n"
            "                          ^\n");
}

TEST(CompilerTest, SearchTermUnknownKeySuggestsTheRightOne) {
  EXPECT_EQ(assistant::testing::CompileErrors(TermsFixture(R"(kind: search_terms
catalogue: t
terms:
  - term: 稻田
    rows: [1]
    notes: 稻谷种植
)")),
            "data/terms.yaml:6:5: error: unknown key 'notes' in a search term (did you mean 'note'?)\n"
            "        notes: 稻谷种植\n"
            "        ^\n");
}

TEST(CompilerTest, SearchTermsOfAnUnknownCatalogueAndDuplicatesAreErrors) {
  std::string errors = assistant::testing::CompileErrors(TermsFixture(R"(kind: search_terms
catalogue: eia2012
terms:
  - term: 稻田
    rows: [1]
)"));
  EXPECT_EQ(errors.substr(0, errors.find('\n')),
            "data/terms.yaml:2:12: error: unknown catalogue 'eia2012' (declare it in a 'kind: catalogue' file)");
  errors = assistant::testing::CompileErrors(TermsFixture(R"(kind: search_terms
catalogue: t
terms:
  - term: 稻田
    rows: [1]
  - term: 稻田
    rows: [1, 1]
)"));
  EXPECT_NE(errors.find("data/terms.yaml:6:11: error: duplicate search term '稻田' (first at data/terms.yaml:4:11)"),
            std::string::npos)
      << errors;
}

TEST(CompilerTest, SearchTermsAreInTheContentHash) {
  auto version = [](const std::string& note) {
    assistant::testing::TempDataDir dir(TermsFixture(
        "kind: search_terms\ncatalogue: t\nterms:\n  - term: 稻田\n    rows: [1]\n    note: " + note + "\n"));
    Diagnostics diagnostics;
    auto kb = CompileSources(dir.data(), diagnostics);
    return kb ? kb->rules->info().content_hash : diagnostics.ToString();
  };
  EXPECT_EQ(version("稻谷种植"), version("稻谷种植"));
  EXPECT_NE(version("稻谷种植"), version("水稻种植"));
}

}  // namespace
}  // namespace assistant::kb
