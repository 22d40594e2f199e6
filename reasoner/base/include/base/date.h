// Civil dates (no time zone): effective periods of rules and the day a question is asked for.
// The current date always comes from the caller (a kiosk's clock, a request, a case file),
// never from inside the reasoner, so that date-dependent rules can be tested.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace assistant {

using Date = std::chrono::sys_days;

// Parses "YYYY-MM-DD". Returns nullopt for anything else, including impossible dates (2023-02-30).
std::optional<Date> ParseDate(std::string_view text);

// Formats as "YYYY-MM-DD".
std::string FormatDate(Date date);

// An inclusive period; an absent end means "until further notice".
struct Period {
  std::optional<Date> from;
  std::optional<Date> to;

  bool Contains(Date day) const {
    return (!from || day >= *from) && (!to || day <= *to);
  }
  std::string ToString() const;
};

}  // namespace assistant
