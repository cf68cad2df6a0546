// core owns the project-wide vocabulary: Result<T>, Error codes, hashing and
// small helpers. It may use only the standard library (and libcrypto for
// SHA-256).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace qascrape {

// Coarse error codes; the CLI maps them to exit codes and records map them
// to statuses. Input-data failures are values of this type, never exceptions.
enum class Errc {
  kInvalidInput,  // bytes or text we cannot make sense of
  kIo,            // a file could not be read or written
  kConfig,        // a selector file or option value is wrong
  kUsage,         // the command line is wrong
  kNetwork,       // DNS, connect, timeout, reset
  kTooLarge,      // a body over the byte limit
  kBlocked,       // scheme or address not allowed
  kNotFound,      // a named thing does not exist
};

const char* errc_name(Errc code);

struct Error {
  Errc code;
  std::string message;
};

inline Error make_error(Errc code, std::string message) {
  return Error{code, std::move(message)};
}

// A value or an Error. Accessing the wrong alternative is a bug (asserts).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Result(Error error)
      : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
// Success-or-Error for operations with no value.
using Status = Result<Unit>;
inline Status ok_status() { return Status(Unit{}); }

}  // namespace qascrape
