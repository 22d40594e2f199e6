#include "server/search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "kb/store.h"
#include "test_support.h"

namespace assistant::server {
namespace {
using assistant::testing::RealKb;

// The index over the real knowledge base, built once per test binary.
const SearchIndex& Index() {
  static const SearchIndex* index = new SearchIndex(RealKb());
  return *index;
}

std::vector<SearchHit> Find(std::string_view query, std::optional<HitKind> kind = std::nullopt,
                            std::size_t limit = 50) {
  SearchOptions options;
  options.kind = kind;
  options.limit = limit;
  return Index().Find(query, options);
}

// A copy, so that it outlives the result it was found in.
std::optional<SearchHit> HitWithId(const std::vector<SearchHit>& hits, const std::string& id) {
  auto it = std::find_if(hits.begin(), hits.end(), [&](const SearchHit& h) { return h.id == id; });
  if (it == hits.end()) return std::nullopt;
  return *it;
}

std::vector<std::string> Titles(const std::vector<SearchHit>& hits) {
  std::vector<std::string> titles;
  for (const auto& h : hits) titles.push_back(h.title);
  return titles;
}

std::vector<std::string> Ids(const std::vector<SearchHit>& hits) {
  std::vector<std::string> ids;
  for (const auto& h : hits) ids.push_back(h.id);
  return ids;
}

// "fact=value" for each choice, with "…" for a prefix that still needs its 4-digit subclass and
// "*" for 工业建筑 only.
std::vector<std::string> Choices(const SearchHit& hit) {
  std::vector<std::string> out;
  for (const auto& c : hit.choices) {
    out.push_back(c.fact + "=" + c.value + (c.complete ? "" : "…") + (c.industrial_building_only ? "*" : ""));
  }
  return out;
}

TEST(SearchTest, PinyinInitialsFindTheLivestockRowThroughASearchTerm) {
  // The catalogue never prints 养殖场; the search term does, and brings row 3 with it.
  auto hits = Find("yzc");
  auto term = HitWithId(hits, "eia2021.term.养殖场");
  ASSERT_TRUE(term) << ::testing::PrintToString(Titles(hits));
  EXPECT_EQ(term->tier, MatchTier::kInitials);
  EXPECT_EQ(term->rows, (std::vector<int>{3, 4, 5}));
  auto row = HitWithId(hits, "eia2021.r003");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->kind, HitKind::kRow);
  EXPECT_EQ(row->title, "牲畜饲养031；家禽饲养032；其他畜牧业039");
  EXPECT_EQ(row->tier, MatchTier::kInitials);
  EXPECT_EQ(row->via, "养殖场");
  EXPECT_EQ(Choices(*row), (std::vector<std::string>{"project.industry_codes=031…", "project.industry_codes=032…",
                                                      "project.industry_codes=039…"}));
}

TEST(SearchTest, FullPinyinWithOrWithoutSpaces) {
  for (const char* query : {"yangzhichang", "yang zhi chang", "Yang'Zhi'Chang"}) {
    auto hits = Find(query);
    auto term = HitWithId(hits, "eia2021.term.养殖场");
    ASSERT_TRUE(term) << query;
    EXPECT_EQ(term->tier, MatchTier::kPinyin) << query;
    auto row = HitWithId(hits, "eia2021.r003");
    ASSERT_TRUE(row) << query;
    EXPECT_EQ(row->via, "养殖场");
  }
  // The last syllable may be cut short while typing; a full syllable is pinyin, an initial is not.
  EXPECT_EQ(HitWithId(Find("yangzhic"), "eia2021.term.养殖场")->tier, MatchTier::kPinyin);
  EXPECT_EQ(HitWithId(Find("yzchang"), "eia2021.term.养殖场")->tier, MatchTier::kInitials);
  EXPECT_EQ(HitWithId(Find("jiayouzhan"), "eia2021.term.加油站")->tier, MatchTier::kPinyin);
  EXPECT_EQ(HitWithId(Find("jyz"), "eia2021.term.加油站")->tier, MatchTier::kInitials);
  // zh, ch, sh may be typed as initials too: 污水处理厂 = w s c l c or w s ch l ch.
  EXPECT_TRUE(HitWithId(Find("wsclc"), "eia2021.term.污水处理厂"));
  EXPECT_TRUE(HitWithId(Find("wschlch"), "eia2021.term.污水处理厂"));
  EXPECT_TRUE(Index().pinyin_available());
}

TEST(SearchTest, PolyphonicCharactersAreFoundUnderEveryReading) {
  // 长 in 长途客运站 (row 118) reads cháng; ICU's Han-Latin alone says zhǎng.
  for (const char* query : {"changtukeyunzhan", "zhangtukeyunzhan", "ctkyz"}) {
    auto row = HitWithId(Find(query), "eia2021.r118");
    ASSERT_TRUE(row) << query;
    EXPECT_NE(row->title.find("长途客运站"), std::string::npos);
  }
  // 重 in 重大变动 (an offence kind) reads zhòng; the other reading chóng is indexed as well.
  for (const char* query : {"zhongdabiandong", "chongdabiandong"}) {
    EXPECT_TRUE(HitWithId(Find(query, HitKind::kOffence), "offence.kind.eia_major_change_not_rereported"))
        << query;
  }
  // A reading no character has finds nothing: the table adds readings, it does not guess.
  EXPECT_FALSE(HitWithId(Find("changtukeyunzhang"), "eia2021.r118"));
}

TEST(SearchTest, FullWidthInputIsNormalised) {
  EXPECT_EQ(Ids(Find("０３１３")), Ids(Find("0313")));
  EXPECT_EQ(Ids(Find("ＹＺＣ")), Ids(Find("yzc")));
  EXPECT_FALSE(Find("ＹＺＣ").empty());
  EXPECT_EQ(Ids(Find("４Ｓ店")), Ids(Find("4s店")));
  EXPECT_EQ(Find("４Ｓ店").front().id, "eia2021.term.4S店");
}

TEST(SearchTest, IndustryCodeAndPrefix) {
  // The printed code itself: exact. The kiosk still needs the 4-digit subclass.
  auto hits = Find("031");
  auto industry = HitWithId(hits, "eia2021.r003.031");
  ASSERT_TRUE(industry);
  EXPECT_EQ(industry->title, "牲畜饲养");
  EXPECT_EQ(industry->tier, MatchTier::kExact);
  EXPECT_EQ(Choices(*industry), std::vector<std::string>{"project.industry_codes=031…"});
  EXPECT_NE(industry->detail.find("须再选择以031开头的4位小类代码"), std::string::npos) << industry->detail;

  // A 4-digit code under a printed prefix: the row covers it and the choice is the code itself.
  hits = Find("0313");
  auto term = HitWithId(hits, "eia2021.term.养猪场");
  ASSERT_TRUE(term);
  EXPECT_EQ(term->tier, MatchTier::kExact);
  industry = HitWithId(hits, "eia2021.r003.031");
  ASSERT_TRUE(industry);
  EXPECT_EQ(industry->tier, MatchTier::kPrefix);
  EXPECT_EQ(Choices(*industry), std::vector<std::string>{"project.industry_codes=0313"});
  auto row = HitWithId(hits, "eia2021.r003");
  ASSERT_TRUE(row);
  EXPECT_EQ(Choices(*row), std::vector<std::string>{"project.industry_codes=0313"});

  // The start of a code: every code that begins with it.
  hits = Find("03", HitKind::kIndustry);
  EXPECT_EQ(Ids(hits), (std::vector<std::string>{"eia2021.r003.032", "eia2021.r003.039", "eia2021.r003.031"}))
      << "prefix hits in pinyin order: 家禽饲养 (jia), 其他畜牧业 (qi), 牲畜饲养 (sheng)";
  for (const auto& h : hits) EXPECT_EQ(h.tier, MatchTier::kPrefix);

  // A starred code applies only in industrial buildings (名录说明4), and the hit says so.
  hits = Find("1311");
  row = HitWithId(hits, "eia2021.r015");
  ASSERT_TRUE(row);
  EXPECT_EQ(Choices(*row), std::vector<std::string>{"project.industry_codes=1311*"});
  auto flour = HitWithId(Find("面粉厂"), "eia2021.term.面粉厂");
  ASSERT_TRUE(flour);
  EXPECT_EQ(Choices(*flour), std::vector<std::string>{"project.industry_codes=131…*"});
}

TEST(SearchTest, ChineseKeywordTiers) {
  // The term, and row 119 (加油、加气站: the catalogue prints no "加油站") brought in by it; both
  // exact, and 加油、 sorts before 加油站 (punctuation before letters in zh collation).
  auto hits = Find("加油站");
  ASSERT_GE(hits.size(), 2u);
  EXPECT_EQ(hits[0].id, "eia2021.r119");
  EXPECT_EQ(hits[0].tier, MatchTier::kExact);
  EXPECT_EQ(hits[0].via, "加油站");
  EXPECT_EQ(Choices(hits[0]), std::vector<std::string>{"project.catalogue_items=eia2021.r119"});
  EXPECT_EQ(hits[1].id, "eia2021.term.加油站");
  EXPECT_EQ(hits[1].tier, MatchTier::kExact);

  hits = Find("污水处理");
  auto row = HitWithId(hits, "eia2021.r095");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->tier, MatchTier::kPrefix);
  EXPECT_TRUE(row->via.empty());
  EXPECT_EQ(Choices(*row), std::vector<std::string>{"project.catalogue_items=eia2021.r095"});

  hits = Find("畜牧业", HitKind::kRow);  // a category name
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].id, "eia2021.r003");
  EXPECT_EQ(hits[0].tier, MatchTier::kExact);

  // Words in another order: 饲养家禽 is split by ICU's word breaks into 饲养 | 家禽.
  hits = Find("饲养家禽", HitKind::kIndustry);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].title, "家禽饲养");
  EXPECT_EQ(hits[0].tier, MatchTier::kWords);
  EXPECT_EQ(Ids(Find("家禽 饲养", HitKind::kIndustry)), Ids(hits));
}

TEST(SearchTest, WithinATierTitlesAreInPinyinOrder) {
  // All five are substring hits; code-point order would be 太 水 火 生 陆.
  EXPECT_EQ(Titles(Find("发电", HitKind::kIndustry)),
            (std::vector<std::string>{"火力发电", "陆上风力发电", "生物质能发电", "水力发电", "太阳能发电"}));
  // Better tiers first. The prefix tier holds the term 养殖场 and the rows it brings in, in pinyin
  // order (hai, nei, sheng, yang); names that only contain 养殖 come after.
  auto hits = Find("养殖");
  std::vector<std::string> prefix;
  for (const auto& h : hits) {
    if (h.tier == MatchTier::kPrefix) prefix.push_back(h.title);
  }
  EXPECT_EQ(prefix, (std::vector<std::string>{"海水养殖0411", "内陆养殖0412", "牲畜饲养031；家禽饲养032；其他畜牧业039",
                                              "养殖场"}));
  ASSERT_GT(hits.size(), prefix.size());
  EXPECT_EQ(hits[prefix.size()].tier, MatchTier::kSubstring);
  for (std::size_t i = 1; i < hits.size(); ++i) EXPECT_LE(hits[i - 1].tier, hits[i].tier) << i;
}

TEST(SearchTest, KindFilter) {
  auto hits = Find("养殖", HitKind::kOffence);
  ASSERT_FALSE(hits.empty());
  for (const auto& h : hits) EXPECT_EQ(h.kind, HitKind::kOffence);
  auto offence = HitWithId(hits, "offence.kind.livestock_waste_not_handled");
  ASSERT_TRUE(offence);
  EXPECT_EQ(Choices(*offence), std::vector<std::string>{"offence.kind=livestock_waste_not_handled"});
  // Rows brought in by a term still come when only rows are asked for.
  hits = Find("yzc", HitKind::kRow);
  ASSERT_FALSE(hits.empty());
  for (const auto& h : hits) EXPECT_EQ(h.kind, HitKind::kRow);
  EXPECT_TRUE(HitWithId(hits, "eia2021.r003"));
  EXPECT_EQ(ParseHitKind("offence"), HitKind::kOffence);
  EXPECT_EQ(ParseHitKind("rows"), std::nullopt);
}

TEST(SearchTest, Limit) {
  auto all = Find("发电");
  ASSERT_GT(all.size(), 3u);
  auto three = Find("发电", std::nullopt, 3);
  ASSERT_EQ(three.size(), 3u);
  const auto all_ids = Ids(all);
  EXPECT_EQ(Ids(three), std::vector<std::string>(all_ids.begin(), all_ids.begin() + 3));
  EXPECT_TRUE(Find("发电", std::nullopt, 0).empty());
  EXPECT_LE(Find("a", std::nullopt, 100000).size(), kMaxSearchLimit);
}

TEST(SearchTest, EmptyHostileAndOverlongQueriesFindNothing) {
  for (const char* query : {"", "   ", "' OR 1=1 --", "%", "%%", "_", "<script>alert(1)</script>",
                            "'; DROP TABLE catalogue_rows; --", "\xff\xfe", "\\", "y"}) {
    EXPECT_TRUE(Find(query).empty()) << query;
  }
  std::string long_query;
  for (int i = 0; i < 65; ++i) long_query += "养";
  EXPECT_TRUE(Find(long_query).empty());
  EXPECT_TRUE(Find(std::string(100000, 'y')).empty());
  // Characters are literal: "（" finds the names that print a bracket, nothing else.
  auto hits = Find("（", std::nullopt, kMaxSearchLimit);
  ASSERT_FALSE(hits.empty());
  for (const auto& h : hits) EXPECT_NE(h.title.find("（"), std::string::npos) << h.title;
}

TEST(SearchTest, EveryRowAndEveryPrintedIndustryIsFound) {
  for (const auto& row : RealKb().rows) {
    char key[32];
    std::snprintf(key, sizeof key, "eia2021.r%03d", row.row);
    // Long items are searched by their first 30 characters (queries are capped at 64).
    std::size_t bytes = 0;
    for (int chars = 0; bytes < row.item.size() && chars < 30; ++chars) {
      do ++bytes; while (bytes < row.item.size() && (static_cast<unsigned char>(row.item[bytes]) & 0xC0) == 0x80);
    }
    auto hit = HitWithId(Find(row.item.substr(0, bytes), HitKind::kRow), key);
    ASSERT_TRUE(hit) << row.item;
    EXPECT_EQ(hit->tier, bytes == row.item.size() ? MatchTier::kExact : MatchTier::kPrefix) << row.item;
    if (row.industry_codes.empty()) {
      // The values of project.catalogue_items are exactly these rows.
      EXPECT_EQ(Choices(*hit), std::vector<std::string>{std::string("project.catalogue_items=") + key});
    }
    for (std::string code : row.industry_codes) {
      if (code.back() == '*') code.pop_back();
      EXPECT_TRUE(HitWithId(Find(code, HitKind::kIndustry), std::string(key) + "." + code))
          << "row " << row.row << " code " << code;
    }
  }
}

TEST(SearchTest, ConcurrentFindsAgree) {
  const std::vector<std::string> queries = {"yzc", "0313", "加油站", "发电", "changtu", "饲养家禽", "ＹＺＣ"};
  std::vector<std::vector<std::string>> expected;
  for (const auto& q : queries) expected.push_back(Ids(Find(q)));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const std::size_t k = static_cast<std::size_t>(i + t) % queries.size();
        if (Ids(Find(queries[k])) != expected[k]) ++mismatches[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

TEST(SearchTest, BuiltFromTheStoredKnowledgeBaseAsFromTheSources) {
  assistant::testing::TempDataDir dir({});
  std::filesystem::create_directories(dir.root());
  const auto path = dir.root() / "eia.kb";
  ASSERT_TRUE(kb::WriteKb(RealKb(), path));
  auto loaded = kb::OpenKb(path);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  ASSERT_EQ(loaded.value().search_terms.size(), RealKb().search_terms.size());
  EXPECT_GE(RealKb().search_terms.size(), 40u);
  EXPECT_EQ(loaded.value().search_terms[0].term, RealKb().search_terms[0].term);
  EXPECT_EQ(loaded.value().search_terms[0].rows, RealKb().search_terms[0].rows);
  SearchIndex stored(loaded.value());
  EXPECT_EQ(stored.size(), Index().size());
  for (const char* query : {"yzc", "0313", "养猪场"}) {
    EXPECT_EQ(Ids(stored.Find(query)), Ids(Index().Find(query))) << query;
  }
}

TEST(SearchTest, HitAsJson) {
  auto hits = Find("养猪场");
  auto term = HitWithId(hits, "eia2021.term.养猪场");
  ASSERT_TRUE(term);
  EXPECT_EQ(ToJson(*term).dump(),
            R"({"catalogue":"eia2021","choices":[{"complete":true,"fact":"project.industry_codes",)"
            R"("industrial_building_only":false,"value":"0313"}],"detail":"名录第3行：猪的饲养，国民经济行业小类0313。",)"
            R"("id":"eia2021.term.养猪场","kind":"term","match":"exact","rows":[3],"title":"养猪场"})");
  auto row = HitWithId(hits, "eia2021.r003");
  ASSERT_TRUE(row);
  EXPECT_EQ(ToJson(*row)["via"], "养猪场");
}

}  // namespace
}  // namespace assistant::server
