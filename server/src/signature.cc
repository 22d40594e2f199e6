#include "server/signature.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

namespace assistant::server {
namespace {

constexpr std::size_t kSignatureBytes = 64;

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

Result<std::vector<unsigned char>> ReadBytes(const std::filesystem::path& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kNotFound, what + " " + path.string() + " cannot be read"};
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error{ErrorCode::kStorage, what + " " + path.string() + ": read error"};
  return bytes;
}

Result<Key> ReadKey(const std::filesystem::path& path, bool is_private) {
  std::unique_ptr<FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  const std::string what = is_private ? "private key" : "public key";
  if (!f) return Error{ErrorCode::kNotFound, what + " " + path.string() + " cannot be read"};
  Key key(is_private ? PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr)
                     : PEM_read_PUBKEY(f.get(), nullptr, nullptr, nullptr));
  if (!key) return Error{ErrorCode::kInvalidInput, what + " " + path.string() + " is not a PEM key"};
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return Error{ErrorCode::kInvalidInput, what + " " + path.string() + " is not an Ed25519 key"};
  }
  return key;
}

Status WritePem(const std::filesystem::path& path, EVP_PKEY* key, bool is_private) {
  std::unique_ptr<FILE, FileCloser> f(std::fopen(path.c_str(), "wb"));
  if (!f) return Error{ErrorCode::kStorage, "cannot write " + path.string()};
  const int ok = is_private ? PEM_write_PrivateKey(f.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                            : PEM_write_PUBKEY(f.get(), key);
  if (ok != 1) return Error{ErrorCode::kStorage, "cannot write key " + path.string()};
  return Status::Ok();
}

}  // namespace

Status VerifyFileSignature(const std::filesystem::path& file, const std::filesystem::path& signature_file,
                           const std::filesystem::path& public_key_pem) {
  auto key = ReadKey(public_key_pem, false);
  if (!key) return key.error();
  auto signature = ReadBytes(signature_file, "signature");
  if (!signature) return Error{ErrorCode::kNotFound, "knowledge base is not signed: " + signature.error().message};
  if (signature.value().size() != kSignatureBytes) {
    return Error{ErrorCode::kInvalidInput, "signature " + signature_file.string() + " is malformed: expected " +
                                               std::to_string(kSignatureBytes) + " bytes, found " +
                                               std::to_string(signature.value().size())};
  }
  auto content = ReadBytes(file, "knowledge base");
  if (!content) return content.error();
  std::unique_ptr<EVP_MD_CTX, MdFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.value().get()) != 1) {
    return Error{ErrorCode::kInternal, "cannot initialise Ed25519 verification"};
  }
  // Ed25519 is a one-shot algorithm: the whole message in one call.
  const int ok = EVP_DigestVerify(ctx.get(), signature.value().data(), signature.value().size(),
                                  content.value().data(), content.value().size());
  if (ok != 1) {
    return Error{ErrorCode::kInvalidInput, "signature " + signature_file.string() + " does not match " +
                                               file.string() + " under key " + public_key_pem.string()};
  }
  return Status::Ok();
}

Status SignFile(const std::filesystem::path& file, const std::filesystem::path& private_key_pem,
                const std::filesystem::path& signature_file) {
  auto key = ReadKey(private_key_pem, true);
  if (!key) return key.error();
  auto content = ReadBytes(file, "file");
  if (!content) return content.error();
  std::unique_ptr<EVP_MD_CTX, MdFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.value().get()) != 1) {
    return Error{ErrorCode::kInternal, "cannot initialise Ed25519 signing"};
  }
  std::vector<unsigned char> signature(kSignatureBytes);
  std::size_t length = signature.size();
  if (EVP_DigestSign(ctx.get(), signature.data(), &length, content.value().data(), content.value().size()) != 1) {
    return Error{ErrorCode::kInternal, "Ed25519 signing failed"};
  }
  std::ofstream out(signature_file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(signature.data()), static_cast<std::streamsize>(length));
  if (!out) return Error{ErrorCode::kStorage, "cannot write " + signature_file.string()};
  return Status::Ok();
}

Status GenerateSigningKey(const std::filesystem::path& private_key_pem, const std::filesystem::path& public_key_pem) {
  Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) return Error{ErrorCode::kInternal, "Ed25519 key generation failed"};
  if (auto s = WritePem(private_key_pem, key.get(), true); !s) return s;
  return WritePem(public_key_pem, key.get(), false);
}

}  // namespace assistant::server
