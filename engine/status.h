// Status and Result<T>: errors as values.
//
// Every engine call that can fail for reasons the caller should handle (bad input,
// a refused permission, an unknown id) returns a Status or a Result<T>. Exceptions
// from third-party libraries are caught at the adapter boundary and converted.
//
//   Result<InstanceId> r = engine.Start(actor, request);
//   if (!r.ok()) return r.status();
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace krabuan {

// The kind of failure decides the CLI's exit code and nothing else: the first four are
// the caller's to fix (exit 1), the last three the database's or the program's (exit 3).
enum class ErrorKind {
  kOk = 0,
  kInvalid,      // malformed input: a file, a value, an expression
  kNotFound,     // an id that does not exist
  kRefused,      // the user may not do this (permission, task state)
  kConflict,     // the state changed under the caller (already done, a lease taken over)
  kBusy,         // another writer held the database past the timeout; nothing was done, safe to retry
  kStorage,      // the database cannot serve: cannot open, not a Krabuan database, read-only,
                 // disk full, a schema newer than the program, an I/O error
  kInternal,     // a bug
};

// True for the kinds that say the database or the program failed, not the request.
inline bool IsSystemFailure(ErrorKind kind) {
  return kind == ErrorKind::kBusy || kind == ErrorKind::kStorage || kind == ErrorKind::kInternal;
}

class [[nodiscard]] Status {
 public:
  Status() = default;

  static Status Ok() { return Status(); }
  static Status Invalid(std::string msg) { return Status(ErrorKind::kInvalid, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(ErrorKind::kNotFound, std::move(msg)); }
  static Status Refused(std::string msg) { return Status(ErrorKind::kRefused, std::move(msg)); }
  static Status Conflict(std::string msg) { return Status(ErrorKind::kConflict, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(ErrorKind::kBusy, std::move(msg)); }
  static Status Storage(std::string msg) { return Status(ErrorKind::kStorage, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(ErrorKind::kInternal, std::move(msg)); }

  // One status carrying several problems (a process file with many errors).
  static Status InvalidMany(std::vector<std::string> msgs) {
    Status s(ErrorKind::kInvalid, msgs.empty() ? std::string() : msgs.front());
    s.details_ = std::move(msgs);
    return s;
  }

  // The same failure with `prefix` before its message and each of its lines (what it
  // concerns: "database 'x.db': "). An ok status stays ok.
  Status WithPrefix(const std::string& prefix) const {
    if (ok()) return *this;
    Status s = *this;
    s.message_ = prefix + s.message_;
    for (std::string& d : s.details_) d = prefix + d;
    return s;
  }

  bool ok() const { return kind_ == ErrorKind::kOk; }
  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  // Every problem, one line each; a single-problem status has one entry.
  std::vector<std::string> lines() const {
    if (!details_.empty()) return details_;
    if (ok()) return {};
    return {message_};
  }

 private:
  Status(ErrorKind kind, std::string msg) : kind_(kind), message_(std::move(msg)) {}

  ErrorKind kind_ = ErrorKind::kOk;
  std::string message_;
  std::vector<std::string> details_;
};

namespace status_internal {
// A programming error, not a failure to handle: reading the value of an error, or making
// an error Result from an OK status. Says which, and stops, instead of undefined behaviour.
[[noreturn]] void Die(const char* what, const Status& status);
}  // namespace status_internal

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}           // NOLINT: implicit on purpose
  // REQUIRES: !status.ok(); a Result of an OK status would hold neither value nor error.
  Result(Status status) : status_(std::move(status)) {   // NOLINT: implicit on purpose
    if (status_.ok()) status_internal::Die("a Result made from an OK status, with no value", status_);
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return Checked(); }
  const T& value() const& { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &Checked(); }
  T& operator*() { return Checked(); }
  const T& operator*() const { return Checked(); }

 private:
  T& Checked() {
    if (!value_) status_internal::Die("the value of an error Result was read", status_);
    return *value_;
  }
  const T& Checked() const {
    if (!value_) status_internal::Die("the value of an error Result was read", status_);
    return *value_;
  }

  std::optional<T> value_;
  Status status_;
};

}  // namespace krabuan

#define KRABUAN_RETURN_IF_ERROR(expr)        \
  do {                                       \
    ::krabuan::Status _st = (expr);          \
    if (!_st.ok()) return _st;               \
  } while (0)
