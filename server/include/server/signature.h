// Detached Ed25519 signatures over knowledge-base files (OpenSSL 3).
//
// The signature file holds the 64 raw signature bytes, as written by
//   openssl genpkey -algorithm ed25519 -out kb-signing.key
//   openssl pkey -in kb-signing.key -pubout -out kb-signing.pub
//   openssl pkeyutl -sign -rawin -inkey kb-signing.key -in eia.kb -out eia.kb.sig
// The public key is a PEM "PUBLIC KEY" file. Verification reads the whole file: knowledge bases
// are a few megabytes at most.
#pragma once

#include <filesystem>
#include <string>

#include "base/result.h"

namespace assistant::server {

// OK only when `signature_file` is a valid Ed25519 signature of `file`'s bytes under `public_key_pem`.
// Errors say which: unreadable key, not an Ed25519 key, missing or malformed signature, mismatch.
Status VerifyFileSignature(const std::filesystem::path& file, const std::filesystem::path& signature_file,
                           const std::filesystem::path& public_key_pem);

// Signs `file` with the Ed25519 private key in `private_key_pem`, writing `signature_file`
// (tests and build scripts; production keys stay off the kiosk).
Status SignFile(const std::filesystem::path& file, const std::filesystem::path& private_key_pem,
                const std::filesystem::path& signature_file);

// Writes a fresh Ed25519 key pair as PEM files (tests, and `eia-server --generate-signing-key`).
Status GenerateSigningKey(const std::filesystem::path& private_key_pem, const std::filesystem::path& public_key_pem);

}  // namespace assistant::server
