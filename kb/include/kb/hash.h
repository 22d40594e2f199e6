// SHA-256 for content hashes (OpenSSL's implementation, from Debian's libssl).
#pragma once

#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace assistant::kb {

std::string Sha256Hex(std::string_view data);

// The same digest over text given in pieces, so a large text need never be whole in memory:
// Sha256Hex(a + b) == (Sha256Stream() << a << b).HexDigest().
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;

  Sha256Stream& operator<<(std::string_view data);
  // The digest of everything given, as 64 lowercase hex digits. Call once.
  std::string HexDigest();

 private:
  evp_md_ctx_st* context_;
};

}  // namespace assistant::kb
