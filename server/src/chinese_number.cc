#include "server/chinese_number.h"

#include <unicode/unistr.h>

#include <optional>

#include "text_normalize.h"

namespace assistant::server {
namespace {

// A decimal m × 10^e held exactly, so "1.2万" is 12 × 10^3 and never 11999.999….
struct Decimal {
  long long mantissa = 0;
  int exponent = 0;
};

constexpr long long kMaxMantissa = 999'999'999'999'999'999LL;  // 18 digits
constexpr double kMaxValue = 1e15;

// Brings `d` to exponent `e` (<= d.exponent); false on overflow.
bool Rescale(Decimal& d, int e) {
  while (d.exponent > e) {
    if (d.mantissa > kMaxMantissa / 10) return false;
    d.mantissa *= 10;
    --d.exponent;
  }
  return true;
}

bool Add(Decimal& a, Decimal b) {
  const int e = std::min(a.exponent, b.exponent);
  if (!Rescale(a, e) || !Rescale(b, e)) return false;
  if (a.mantissa > kMaxMantissa - b.mantissa) return false;
  a.mantissa += b.mantissa;
  return true;
}

Decimal Times10(Decimal d, int power) {
  d.exponent += power;
  return d;
}

double ToDouble(Decimal d) {
  // Both operands are exact doubles (mantissa < 2^53 for the values we accept, powers of ten up to
  // 10^22 are exact), so one multiplication or division rounds once, correctly.
  double power = 1;
  for (int i = 0; i < (d.exponent < 0 ? -d.exponent : d.exponent); ++i) power *= 10;
  const auto m = static_cast<double>(d.mantissa);
  return d.exponent < 0 ? m / power : m * power;
}

int ChineseDigit(char32_t c) {
  switch (c) {
    case U'零': case U'〇': return 0;
    case U'一': case U'壹': return 1;
    case U'二': case U'两': case U'贰': return 2;
    case U'三': case U'叁': return 3;
    case U'四': case U'肆': return 4;
    case U'五': case U'伍': return 5;
    case U'六': case U'陆': return 6;
    case U'七': case U'柒': return 7;
    case U'八': case U'捌': return 8;
    case U'九': case U'玖': return 9;
    default: return -1;
  }
}

// 十百千 (and the financial forms): the power of ten, or 0.
int SmallUnit(char32_t c) {
  switch (c) {
    case U'十': case U'拾': return 1;
    case U'百': case U'佰': return 2;
    case U'千': case U'仟': return 3;
    default: return 0;
  }
}

int LargeUnit(char32_t c) {
  switch (c) {
    case U'万': case U'萬': return 4;
    case U'亿': case U'億': return 8;
    default: return 0;
  }
}

// 千 and 兆 before these are SI prefixes of the unit (千克, 千瓦, 兆瓦, 兆帕), not multipliers.
bool IsMeasureAfterPrefix(char32_t c) {
  return c == U'克' || c == U'瓦' || c == U'米' || c == U'伏' || c == U'帕' || c == U'焦' || c == U'赫';
}

bool IsAsciiDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool IsAsciiLetter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }

std::string Utf8(const std::u32string& text) {
  icu::UnicodeString u;
  for (char32_t c : text) u.append(static_cast<UChar32>(c));
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::u32string Utf32(const std::string& text) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  std::u32string out;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) out.push_back(static_cast<char32_t>(u.char32At(i)));
  return out;
}

bool StartsWith(const std::u32string& text, std::u32string_view prefix) {
  return std::u32string_view(text).substr(0, prefix.size()) == prefix;
}

bool EndsWith(const std::u32string& text, std::u32string_view suffix) {
  return text.size() >= suffix.size() && std::u32string_view(text).substr(text.size() - suffix.size()) == suffix;
}

// Words that make a quantity approximate or open-ended; the reasoner compares exact figures
// against thresholds ("5000头及以上"), so these are refused rather than guessed.
constexpr std::u32string_view kApproximatePrefixes[] = {U"约", U"大约", U"大概", U"近", U"将近", U"超过", U"不到",
                                                        U"不足", U"几", U"数", U"上"};
constexpr std::u32string_view kApproximateUnitStarts[] = {U"多", U"余", U"来", U"几"};
constexpr std::u32string_view kApproximateEnds[] = {U"左右", U"上下", U"以上", U"以下", U"以内", U"多", U"余"};

Error Refuse(const std::string& text, const std::string& why) {
  return Error{ErrorCode::kInvalidInput, "“" + text + "”：" + why};
}

class Reader {
 public:
  explicit Reader(const std::u32string& text) : text_(text) {}

  // Reads the number at the start; `end_` is where the unit begins.
  std::optional<std::string> Run() {
    while (i_ < text_.size()) {
      const char32_t c = text_[i_];
      if (IsAsciiDigit(c)) {
        if (auto problem = ArabicLiteral()) return problem;
        continue;
      }
      if (const int d = ChineseDigit(c); d >= 0) {
        if (auto problem = ChineseLiteral(d)) return problem;
        continue;
      }
      if (const int p = SmallUnit(c); p > 0) {
        if (p == 3 && i_ + 1 < text_.size() && IsMeasureAfterPrefix(text_[i_ + 1])) break;  // 千克, 千瓦
        if (auto problem = ApplySmallUnit(p)) return problem;
        continue;
      }
      if (const int p = LargeUnit(c); p > 0) {
        if (auto problem = ApplyLargeUnit(p)) return problem;
        continue;
      }
      break;
    }
    end_ = i_;
    if (!seen_number_) return "不是数字，请以数字开头，例如“5000”或“五千”";
    return std::nullopt;
  }

  std::optional<Decimal> Value() {
    Decimal value = total_;
    if (!Add(value, section_)) return std::nullopt;
    if (pending_) {
      Decimal last = *pending_;
      // "三千五" = 3500, "两万五" = 25000: a lone digit right after a unit of 百 or more counts in
      // the next lower unit. After 十 ("十五") or after 零 ("一百零五") it is the digit itself.
      if (pending_single_digit_ && !zero_since_unit_ && last_unit_power_ >= 2) last = Times10(last, last_unit_power_ - 1);
      if (!Add(value, last)) return std::nullopt;
    }
    return value;
  }

  std::size_t end() const { return end_; }

 private:
  std::optional<std::string> ArabicLiteral() {
    if (pending_) return "含有两个数字，请只填写一个数";
    std::size_t start = i_;
    Decimal d;
    int digits_in_group = 0;
    int groups = 0;           // thousands separators seen
    bool first_group = true;
    int integer_digits = 0;
    while (i_ < text_.size() && (IsAsciiDigit(text_[i_]) || text_[i_] == U',')) {
      if (text_[i_] == U',') {
        // Thousands separators: the first group has 1-3 digits, every later one exactly 3.
        if ((first_group && (digits_in_group < 1 || digits_in_group > 3)) || (!first_group && digits_in_group != 3)) {
          return "千位分隔符“,”的位置不对（应为每三位一个，例如“5,000”）";
        }
        first_group = false;
        digits_in_group = 0;
        ++groups;
        ++i_;
        continue;
      }
      if (d.mantissa > kMaxMantissa / 10) return "数值太大";
      d.mantissa = d.mantissa * 10 + (text_[i_] - U'0');
      ++digits_in_group;
      ++integer_digits;
      ++i_;
    }
    if (groups > 0 && digits_in_group != 3) return "千位分隔符“,”的位置不对（应为每三位一个，例如“5,000”）";
    bool decimal = false;
    if (i_ + 1 < text_.size() && text_[i_] == U'.' && IsAsciiDigit(text_[i_ + 1])) {
      decimal = true;
      ++i_;
      while (i_ < text_.size() && IsAsciiDigit(text_[i_])) {
        if (d.mantissa > kMaxMantissa / 10) return "数值的位数太多";
        d.mantissa = d.mantissa * 10 + (text_[i_] - U'0');
        --d.exponent;
        ++i_;
      }
    }
    pending_ = d;
    pending_single_digit_ = !decimal && groups == 0 && integer_digits == 1 && i_ - start == 1;
    seen_number_ = true;
    return std::nullopt;
  }

  std::optional<std::string> ChineseLiteral(int digit) {
    if (digit == 0 && seen_number_) {  // 零 as a placeholder: 一百零五, 一千零五十
      if (pending_) return "数字之间缺少“十、百、千、万”等单位";
      zero_since_unit_ = true;
      ++i_;
      return std::nullopt;
    }
    if (pending_) return "数字之间缺少“十、百、千、万”等单位（例如“三五”不清楚是三还是五）";
    Decimal d{digit, 0};
    ++i_;
    bool decimal = false;
    if (i_ + 1 < text_.size() && text_[i_] == U'点' && ChineseDigit(text_[i_ + 1]) >= 0) {  // 一点五
      decimal = true;
      ++i_;
      while (i_ < text_.size() && ChineseDigit(text_[i_]) >= 0) {
        if (d.mantissa > kMaxMantissa / 10) return "数值的位数太多";
        d.mantissa = d.mantissa * 10 + ChineseDigit(text_[i_]);
        --d.exponent;
        ++i_;
      }
    }
    pending_ = d;
    pending_single_digit_ = !decimal;
    seen_number_ = true;
    return std::nullopt;
  }

  std::optional<std::string> ApplySmallUnit(int power) {
    // A unit with no digit before it means one of it: "十二" is 12, "百万" 1000000, at the start
    // only ("一百十" is colloquial and accepted for 十; "一万千" is not a number).
    if (!pending_ && power != 1 && seen_number_) return "“百、千”前面缺少数字";
    if (last_small_power_ != 0 && power >= last_small_power_) return "单位的顺序不对（应从大到小，例如“三千五百”）";
    Decimal amount = pending_ ? *pending_ : Decimal{1, 0};
    if (!Add(section_, Times10(amount, power))) return "数值太大";
    pending_.reset();
    last_small_power_ = power;
    last_unit_power_ = power;
    zero_since_unit_ = false;
    seen_number_ = true;
    ++i_;
    return std::nullopt;
  }

  std::optional<std::string> ApplyLargeUnit(int power) {
    if (!seen_number_) return "“万、亿”前面缺少数字";
    if (last_large_power_ != 0 && power >= last_large_power_) return "单位的顺序不对（应从大到小，例如“一亿两千万”）";
    Decimal amount = section_;
    if (pending_ && !Add(amount, *pending_)) return "数值太大";
    if (amount.mantissa == 0) return "“万、亿”前面缺少数字";
    if (!Add(total_, Times10(amount, power))) return "数值太大";
    section_ = Decimal{};
    pending_.reset();
    last_small_power_ = 0;
    last_large_power_ = power;
    last_unit_power_ = power;
    zero_since_unit_ = false;
    ++i_;
    return std::nullopt;
  }

  const std::u32string& text_;
  std::size_t i_ = 0;
  std::size_t end_ = 0;
  Decimal total_;    // the parts already multiplied by 万 or 亿
  Decimal section_;  // the part below the last 万 / 亿
  std::optional<Decimal> pending_;  // a literal not yet multiplied by a unit
  bool pending_single_digit_ = false;
  bool zero_since_unit_ = false;
  bool seen_number_ = false;
  int last_small_power_ = 0;  // 十百千 of the current section, which must fall
  int last_large_power_ = 0;  // 万 / 亿, which must fall
  int last_unit_power_ = 0;
};

}  // namespace

Result<ChineseNumber> ParseChineseNumber(std::string_view input) {
  // Bounded: a quantity is a few characters; anything long is not one.
  if (input.size() > 256) return Error{ErrorCode::kInvalidInput, "输入太长，不是一个数量"};
  const std::string normalized = NormalizeInput(std::string(input));
  if (normalized.empty()) return Error{ErrorCode::kInvalidInput, "没有填写数量"};
  const std::u32string text = Utf32(normalized);
  if (text.empty()) return Refuse(normalized, "不是有效的文字");
  if (text[0] == U'-' || text[0] == U'负') return Refuse(normalized, "数量不能为负");
  for (auto prefix : kApproximatePrefixes) {
    if (StartsWith(text, prefix)) return Refuse(normalized, "这是约数，请填写确切的数字");
  }

  Reader reader(text);
  if (auto problem = reader.Run()) return Refuse(normalized, *problem);
  auto value = reader.Value();
  if (!value) return Refuse(normalized, "数值太大");
  const double number = ToDouble(*value);
  if (number >= kMaxValue) return Refuse(normalized, "数值太大");

  std::u32string unit = text.substr(reader.end());
  while (!unit.empty() && (unit.front() == U' ' || unit.front() == U'\t')) unit.erase(0, 1);
  for (auto start : kApproximateUnitStarts) {
    if (StartsWith(unit, start)) return Refuse(normalized, "这是约数，请填写确切的数字");
  }
  for (auto end : kApproximateEnds) {
    if (EndsWith(unit, end)) return Refuse(normalized, "这是一个范围或约数，请填写确切的数字");
  }
  for (std::size_t k = 0; k < unit.size(); ++k) {
    const char32_t c = unit[k];
    // Digits in the unit mean a second number ("5000头3000只", "3000-5000"), except the exponent of
    // a letter unit (m2, km2, m3: NFKC turns ² into 2).
    const bool exponent = (c == U'2' || c == U'3') && k > 0 && IsAsciiLetter(unit[k - 1]) &&
                          (k + 1 == unit.size() || !IsAsciiDigit(unit[k + 1]));
    const bool si_prefix = (c == U'千' || c == U'兆') && k + 1 < unit.size() && IsMeasureAfterPrefix(unit[k + 1]);
    if (!exponent && !si_prefix &&
        (IsAsciiDigit(c) || ChineseDigit(c) >= 0 || SmallUnit(c) > 0 || LargeUnit(c) > 0)) {
      return Refuse(normalized, "含有两个数字或一个范围，请只填写一个确切的数");
    }
  }
  return ChineseNumber{number, Utf8(unit)};
}

}  // namespace assistant::server
