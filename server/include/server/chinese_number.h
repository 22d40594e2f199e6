// Quantities as people type them at a kiosk or a window: "五千头", "1.2万吨", "三千五百",
// "两万", "一百零五", "十二", full-width "５０００", "5,000", "1.5亿".
//
// The text is NFKC-normalised first (full-width digits, letters and punctuation from Chinese input
// methods become ASCII), then read as one number followed by an optional unit:
//   * Arabic digits with an optional decimal part and thousands separators in groups of three
//     ("5,000", "12,500.5");
//   * Chinese numerals: digits 零〇一二两三四五六七八九 (and the financial forms 壹贰叁肆伍陆柒捌玖),
//     units 十百千 (拾佰仟) below 万, and the large units 万 (萬) and 亿 (億), which may also follow
//     Arabic digits ("1.2万", "3千"); a decimal part after 点 ("一点五万");
//   * the spoken shortening of the next lower unit: "三千五" is 3500, "两万五" is 25000, "一百五"
//     is 150 (a single digit right after a unit, with no 零 between).
// The unit is whatever follows the number, trimmed ("头", "吨", "吨/年", "平方米"). 千 or 兆 before
// 克/瓦/米/伏/帕/焦/赫 belong to the unit (千克, 兆瓦), not to the number: "5千瓦" is 5 千瓦.
//
// Refused, with the reason: empty text; no number; approximate or open quantities (多, 余, 几,
// 约, 左右, 以上, 以下, …: the reasoner needs the exact figure); negative numbers; two numbers;
// units out of order ("五百三千"); misplaced thousands separators; values of 10^15 or more.
// Thread-safety: a pure function; the ICU normaliser it uses is a process-wide singleton.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace assistant::server {

struct ChineseNumber {
  double value = 0;
  std::string unit;  // NFKC-normalised text after the number, trimmed; "" when none
};

// Parses `text` (UTF-8). Errors are kInvalidInput with a reason in plain Chinese that a kiosk can
// show ("“五千多头”：这是约数，请填写确切的数字").
Result<ChineseNumber> ParseChineseNumber(std::string_view text);

}  // namespace assistant::server
