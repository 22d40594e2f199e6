// NFKC normalisation of user input (full-width digits and letters from Chinese input methods
// become ASCII: "０３１３" -> "0313"). The ICU normaliser is a process-wide singleton created once.
#pragma once

#include <string>

namespace assistant::server {

std::string NormalizeInput(const std::string& utf8);

}  // namespace assistant::server
