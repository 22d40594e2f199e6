#include "text_normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace assistant::server {

std::string NormalizeInput(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return utf8;
  icu::UnicodeString normalized = nfkc->normalize(icu::UnicodeString::fromUTF8(utf8), status);
  if (U_FAILURE(status)) return utf8;
  std::string out;
  normalized.trim().toUTF8String(out);
  return out;
}

}  // namespace assistant::server
