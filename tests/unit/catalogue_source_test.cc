// The encoded catalogue against its source: every printed row present, and the item and cell
// texts identical to the machine-readable copy of 生态环境部令第16号 (data/eia_catalogue_2021/source).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "test_support.h"

namespace assistant::kb {
namespace {

// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines.
std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
    } else if (c != '\r') {
      field += c;
    }
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(field);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

TEST(CatalogueSourceTest, AllRowsAreEncodedVerbatim) {
  auto csv = ReadCsv(std::string(ASSISTANT_DATA_DIR) + "/eia_catalogue_2021/source/eia_catalogue_2021_rows.csv");
  ASSERT_EQ(csv.size(), 174u);  // header + 173 rows
  const auto& header = csv[0];
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const auto& rows = assistant::testing::RealKb().rows;
  ASSERT_EQ(rows.size(), 173u);
  std::set<std::string> categories;
  for (std::size_t i = 1; i < csv.size(); ++i) {
    const auto& source = csv[i];
    const int number = std::stoi(source[column("row_no")]);
    auto it = std::find_if(rows.begin(), rows.end(), [&](const CatalogueRow& r) { return r.row == number; });
    ASSERT_NE(it, rows.end()) << "row " << number << " is not encoded";
    SCOPED_TRACE("row " + std::to_string(number));
    EXPECT_EQ(it->item, source[column("project_category")]);
    EXPECT_EQ(it->category_no, source[column("category_no")]);
    EXPECT_EQ(it->cells.at("report_book"), source[column("report_book_报告书")]);
    EXPECT_EQ(it->cells.at("report_form"), source[column("report_form_报告表")]);
    EXPECT_EQ(it->cells.at("registration_form"), source[column("registration_form_登记表")]);
    EXPECT_EQ(it->sensitive_areas_text, source[column("sensitive_area_meaning_本栏目环境敏感区含义")]);
    categories.insert(it->category_no);
  }
  EXPECT_EQ(categories.size(), 55u);
}

TEST(CatalogueSourceTest, EveryCategoryHasAtLeastThreeGoldenCases) {
  const auto& kb = assistant::testing::RealKb();
  std::map<std::string, int> per_category;
  for (const auto& golden : kb.cases) {
    std::set<std::string> touched;
    std::vector<std::string> named = golden.fired;
    named.insert(named.end(), golden.not_fired.begin(), golden.not_fired.end());
    for (const auto& id : named) {
      const auto& rule = kb.rules->rule(kb.rules->RuleIndex(id));
      for (const auto& row : kb.rows) {
        if (row.catalogue == rule.catalogue && row.row == rule.row) touched.insert(row.category_no);
      }
    }
    for (const auto& c : touched) ++per_category[c];
  }
  std::set<std::string> all;
  for (const auto& row : kb.rows) all.insert(row.category_no);
  for (const auto& c : all) EXPECT_GE(per_category[c], 3) << "category " << c;
}

}  // namespace
}  // namespace assistant::kb

namespace assistant::kb {
namespace {

void NumericAtoms(const reasoner::Expr& e, std::vector<const reasoner::Expr*>& out) {
  if (e.kind == reasoner::ExprKind::kCompare && e.literal == reasoner::LiteralKind::kNumber) out.push_back(&e);
  for (const auto& c : e.children) NumericAtoms(c, out);
}

// SQLite's testcase() habit for rules: every threshold has a golden case exactly at the limit and
// one on the other side of it ("5000头及以上": 5000 and below 5000).
TEST(CatalogueSourceTest, EveryThresholdHasCasesOnBothSides) {
  const auto& kb = assistant::testing::RealKb();
  std::map<int, std::vector<double>> values;  // attribute -> values used in cases
  for (const auto& golden : kb.cases) {
    for (const auto& [attribute, value] : golden.facts) values[attribute].push_back(value.number);
  }
  for (const auto& rule : kb.rules->rules()) {
    if (rule.kind != reasoner::RuleKind::kCatalogueCell) continue;
    std::vector<const reasoner::Expr*> atoms;
    NumericAtoms(rule.condition, atoms);
    for (const auto* atom : atoms) {
      const auto& used = values[atom->lhs.attribute];
      const double limit = atom->number;
      bool at = std::find(used.begin(), used.end(), limit) != used.end();
      bool below = std::any_of(used.begin(), used.end(), [&](double v) { return v < limit; });
      bool above = std::any_of(used.begin(), used.end(), [&](double v) { return v > limit; });
      bool other_side = (atom->op == reasoner::CompareOp::kGe || atom->op == reasoner::CompareOp::kLt) ? below : above;
      EXPECT_TRUE(at && other_side) << rule.id << ": '" << atom->ToString() << "' needs a case at " << limit
                                    << " and one on the other side (" << rule.where.ToString() << ")";
    }
  }
}

}  // namespace
}  // namespace assistant::kb
