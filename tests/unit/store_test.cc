#include <gtest/gtest.h>
#include <sqlite3.h>

#include "kb/store.h"
#include "test_support.h"

namespace assistant::kb {
namespace {
using assistant::testing::RealKb;
using assistant::testing::TempDataDir;

TEST(StoreTest, WrittenKnowledgeBaseReadsBackWithTheSameVersion) {
  TempDataDir dir({});
  std::filesystem::create_directories(dir.root());
  auto path = dir.root() / "eia.kb";
  ASSERT_TRUE(WriteKb(RealKb(), path));
  auto loaded = OpenKb(path);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(loaded.value().rules->info().content_hash, RealKb().rules->info().content_hash);
  EXPECT_EQ(loaded.value().rules->info().content_hash.size(), 64u);
  EXPECT_EQ(loaded.value().rules->rules().size(), RealKb().rules->rules().size());
  EXPECT_EQ(loaded.value().rows.size(), 173u);
  // Provenance survives: every rule still says where it is written.
  const auto& rule = loaded.value().rules->rule(loaded.value().rules->RuleIndex("eia2021.r003.report_book"));
  EXPECT_EQ(rule.where.file, "data/eia_catalogue_2021/rows_001_027.yaml");
  EXPECT_GT(rule.where.line, 0);
  EXPECT_EQ(rule.source.number, "生态环境部令第16号");
}

TEST(StoreTest, AlteredContentIsRefused) {
  TempDataDir dir({});
  std::filesystem::create_directories(dir.root());
  auto path = dir.root() / "eia.kb";
  ASSERT_TRUE(WriteKb(RealKb(), path));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE rules SET condition = 'true' WHERE id = 'eia2021.r003.report_book'", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto loaded = OpenKb(path);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("content hash mismatch"), std::string::npos) << loaded.error().message;
}

TEST(StoreTest, MissingAndForeignFilesGiveClearErrors) {
  TempDataDir dir(std::map<std::string, std::string>{{"not_a_kb.txt", "hello"}});
  auto missing = OpenKb(dir.root() / "nope.kb");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("does not exist"), std::string::npos);
  auto foreign = OpenKb(dir.data() / "not_a_kb.txt");
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().message.find("is not valid"), std::string::npos) << foreign.error().message;
}

TEST(StoreTest, ContentHashIgnoresNothingMeaningful) {
  // Same sources twice: same version (the build is deterministic).
  kb::Diagnostics diagnostics;
  auto again = CompileSources(ASSISTANT_DATA_DIR, diagnostics);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->rules->info().content_hash, RealKb().rules->info().content_hash);
}

}  // namespace
}  // namespace assistant::kb
