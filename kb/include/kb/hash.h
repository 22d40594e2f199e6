// SHA-256 for content hashes (OpenSSL's implementation, from Debian's libssl).
#pragma once

#include <string>
#include <string_view>

namespace assistant::kb {

std::string Sha256Hex(std::string_view data);

}  // namespace assistant::kb
