// Small text helpers shared by the modules (ASCII-level; ICU work lives with the server's search).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace assistant {

// Levenshtein distance on bytes; used for "did you mean" suggestions on identifiers (ASCII).
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible typo; empty otherwise.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" for the closest candidate, or "" when none is close.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

// Formats a number without trailing zeros: 5000, 0.7, 1.5.
std::string FormatNumber(double value);

// Number of Unicode code points in a UTF-8 prefix of `text` of `byte_count` bytes; turns byte
// offsets into the columns an editor shows.
int Utf8Columns(std::string_view text, std::size_t byte_count);

}  // namespace assistant
