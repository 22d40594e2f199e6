#include "server/chinese_number.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace assistant::server {
namespace {

// "value unit" for a parse, "error: reason" for a refusal: one string to compare.
std::string Read(const std::string& text) {
  auto parsed = ParseChineseNumber(text);
  if (!parsed) return "error: " + parsed.error().message;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", parsed.value().value);
  return std::string(buffer) + (parsed.value().unit.empty() ? "" : " " + parsed.value().unit);
}

TEST(ChineseNumberTest, ReadsNumbersAsPeopleTypeThem) {
  EXPECT_EQ(Read("五千头"), "5000 头");
  EXPECT_EQ(Read("1.2万吨"), "12000 吨");
  EXPECT_EQ(Read("三千五百"), "3500");
  EXPECT_EQ(Read("两万"), "20000");
  EXPECT_EQ(Read("一百零五"), "105");
  EXPECT_EQ(Read("十二"), "12");
  EXPECT_EQ(Read("５０００"), "5000");
  EXPECT_EQ(Read("5,000"), "5000");
  EXPECT_EQ(Read("5，000头"), "5000 头");  // full-width comma from a Chinese keyboard
  EXPECT_EQ(Read("1.5亿"), "150000000");
  EXPECT_EQ(Read("5000"), "5000");
  EXPECT_EQ(Read("0.5"), "0.5");
  EXPECT_EQ(Read("零"), "0");
}

TEST(ChineseNumberTest, ReadsLargerAndMixedForms) {
  EXPECT_EQ(Read("二十万零五百"), "200500");
  EXPECT_EQ(Read("一千零五十"), "1050");
  EXPECT_EQ(Read("五十万零五"), "500005");
  EXPECT_EQ(Read("1亿2000万"), "120000000");
  EXPECT_EQ(Read("1万2000"), "12000");
  EXPECT_EQ(Read("２万５千"), "25000");
  EXPECT_EQ(Read("一点五万"), "15000");
  EXPECT_EQ(Read("十万"), "100000");
  EXPECT_EQ(Read("百万吨"), "1000000 吨");
  EXPECT_EQ(Read("壹万贰仟"), "12000");
  EXPECT_EQ(Read("12,500.5"), "12500.5");
}

TEST(ChineseNumberTest, SpokenShorteningCountsInTheNextLowerUnit) {
  EXPECT_EQ(Read("三千五"), "3500");
  EXPECT_EQ(Read("两万五"), "25000");
  EXPECT_EQ(Read("一百五"), "150");
  EXPECT_EQ(Read("1万2"), "12000");
  // Not after 十, and not after 零: the digit itself.
  EXPECT_EQ(Read("十五"), "15");
  EXPECT_EQ(Read("一百零五"), "105");
}

TEST(ChineseNumberTest, DecimalsAreExact) {
  // 1.2 × 10000 in binary floating point is not always 12000; the parser scales in decimal.
  auto parsed = ParseChineseNumber("1.2万");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed.value().value, 12000.0);
  parsed = ParseChineseNumber("0.07亿");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed.value().value, 7000000.0);
}

TEST(ChineseNumberTest, UnitsAreKeptAndSiPrefixesStayInThem) {
  EXPECT_EQ(Read("5000 头"), "5000 头");
  EXPECT_EQ(Read("1.2万吨/年"), "12000 吨/年");
  EXPECT_EQ(Read("5千瓦"), "5 千瓦");
  EXPECT_EQ(Read("10万千瓦"), "100000 千瓦");
  EXPECT_EQ(Read("3千克"), "3 千克");
  EXPECT_EQ(Read("45.5兆瓦"), "45.5 兆瓦");
  EXPECT_EQ(Read("5000m²"), "5000 m2");  // NFKC: ² becomes 2
  EXPECT_EQ(Read("2500平方米"), "2500 平方米");
}

TEST(ChineseNumberTest, RefusesWhatIsNotOneExactNumber) {
  EXPECT_EQ(Read(""), "error: 没有填写数量");
  EXPECT_EQ(Read("   "), "error: 没有填写数量");
  EXPECT_EQ(Read("头"), "error: “头”：不是数字，请以数字开头，例如“5000”或“五千”");
  EXPECT_EQ(Read("五千多头"), "error: “五千多头”：这是约数，请填写确切的数字");
  EXPECT_EQ(Read("约5000头"), "error: “约5000头”：这是约数，请填写确切的数字");
  EXPECT_EQ(Read("几千头"), "error: “几千头”：这是约数，请填写确切的数字");
  EXPECT_EQ(Read("5000头左右"), "error: “5000头左右”：这是一个范围或约数，请填写确切的数字");
  EXPECT_EQ(Read("5000头以上"), "error: “5000头以上”：这是一个范围或约数，请填写确切的数字");
  EXPECT_EQ(Read("-5"), "error: “-5”：数量不能为负");
  EXPECT_EQ(Read("三五头"), "error: “三五头”：数字之间缺少“十、百、千、万”等单位（例如“三五”不清楚是三还是五）");
  EXPECT_EQ(Read("万吨"), "error: “万吨”：“万、亿”前面缺少数字");
  EXPECT_EQ(Read("五百三千"), "error: “五百三千”：单位的顺序不对（应从大到小，例如“三千五百”）");
  EXPECT_EQ(Read("50,00"), "error: “50,00”：千位分隔符“,”的位置不对（应为每三位一个，例如“5,000”）");
  EXPECT_EQ(Read("5000头3000只"), "error: “5000头3000只”：含有两个数字或一个范围，请只填写一个确切的数");
  EXPECT_EQ(Read("3000-5000"), "error: “3000-5000”：含有两个数字或一个范围，请只填写一个确切的数");
  EXPECT_EQ(Read("1e5"), "error: “1e5”：含有两个数字或一个范围，请只填写一个确切的数");
  EXPECT_EQ(Read("9999999999999999"), "error: “9999999999999999”：数值太大");
  EXPECT_EQ(Read("' OR 1=1 --"), "error: “' OR 1=1 --”：不是数字，请以数字开头，例如“5000”或“五千”");
  EXPECT_EQ(Read(std::string(300, '9')), "error: 输入太长，不是一个数量");
  EXPECT_FALSE(ParseChineseNumber("\xff\xfe"));
  EXPECT_EQ(ParseChineseNumber("五千多头").error().code, ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace assistant::server
