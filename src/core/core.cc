#include <openssl/evp.h>

#include <array>
#include <memory>

#include "core/result.h"
#include "core/sha256.h"

namespace qascrape {

const char* errc_name(Errc code) {
  switch (code) {
    case Errc::kInvalidInput:
      return "invalid_input";
    case Errc::kIo:
      return "io";
    case Errc::kConfig:
      return "config";
    case Errc::kUsage:
      return "usage";
    case Errc::kNetwork:
      return "network";
    case Errc::kTooLarge:
      return "too_large";
    case Errc::kBlocked:
      return "blocked";
    case Errc::kNotFound:
      return "not_found";
  }
  return "unknown";
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  // EVP_Digest is one-shot; it only fails on allocation failure.
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &len, EVP_sha256(),
                 nullptr) != 1) {
    return {};
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

}  // namespace qascrape
