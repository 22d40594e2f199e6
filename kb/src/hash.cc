#include "kb/hash.h"

#include <openssl/evp.h>

namespace assistant::kb {
namespace {

std::string Hex(const unsigned char* digest, unsigned int length) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return Hex(digest, length);
}

Sha256Stream::Sha256Stream() : context_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(context_, EVP_sha256(), nullptr); }

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(context_); }

Sha256Stream& Sha256Stream::operator<<(std::string_view data) {
  EVP_DigestUpdate(context_, data.data(), data.size());
  return *this;
}

std::string Sha256Stream::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_, digest, &length);
  return Hex(digest, length);
}

}  // namespace assistant::kb
