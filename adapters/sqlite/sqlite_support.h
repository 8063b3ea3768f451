// What every part of the SQLite store shares: SQLite's errors as a Status, times as the
// text the columns hold, and binding values to a statement's parameters. Private to
// adapters/sqlite.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/runtime/records.h"
#include "engine/status.h"
#include "engine/time/instant.h"

namespace krabuan::sqlite {

// A failed SQLite call as a Status: the kind says whose problem it is (the CLI's exit code).
Status FromSqliteError(int extended_code, const std::string& what);

// Converts SQLiteCpp's exceptions into Status at the adapter boundary.
template <typename F>
auto Guard(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    return FromSqliteError(e.getExtendedErrorCode(), e.what());
  } catch (const std::bad_alloc&) {
    return Status::Storage("out of memory");
  } catch (const std::exception& e) {
    return Status::Internal(std::string("database error: ") + e.what());
  }
}

// One command writes the same instant into many rows; format it once.
inline std::string TimeText(Instant t) {
  thread_local Instant last{};
  thread_local std::string text = FormatInstantUtc(last);
  if (t != last) {
    last = t;
    text = FormatInstantUtc(t);
  }
  return text;
}

// A stored time that does not read is a damaged row: an error (Guard makes it a Status),
// never the epoch.
Instant TimeOf(const SQLite::Column& c);
std::optional<Instant> OptTimeOf(const SQLite::Column& c);

// A stored name read back as its enum (`what` names it in the error: "task state"); a
// name the program does not know is a damaged row, never a guessed default.
template <typename Enum>
Enum NameOf(const SQLite::Column& c, std::optional<Enum> (*from_name)(std::string_view), const char* what) {
  std::optional<Enum> v = from_name(c.getString());
  if (!v) throw std::runtime_error(std::string("unreadable ") + what + " '" + c.getString() + "'");
  return *v;
}

// How a value is bound: times as the UTC text the columns hold, an unset time as NULL,
// dates as ISO text, names (enum names) as text, bools as 0 or 1.
struct Blob {
  const void* data;
  int size;
};
inline void BindValue(SQLite::Statement& st, int i, int v) { st.bind(i, v); }
inline void BindValue(SQLite::Statement& st, int i, std::int64_t v) { st.bind(i, v); }
inline void BindValue(SQLite::Statement& st, int i, bool v) { st.bind(i, v ? 1 : 0); }
inline void BindValue(SQLite::Statement& st, int i, const std::string& v) { st.bind(i, v); }
inline void BindValue(SQLite::Statement& st, int i, std::string_view v) { st.bind(i, std::string(v)); }
inline void BindValue(SQLite::Statement& st, int i, Blob v) { st.bind(i, v.data, v.size); }
inline void BindValue(SQLite::Statement& st, int i, Instant t) { st.bind(i, TimeText(t)); }
inline void BindValue(SQLite::Statement& st, int i, Date d) { st.bind(i, FormatIsoDate(d)); }
inline void BindValue(SQLite::Statement& st, int i, const std::optional<Instant>& t) {
  if (t) {
    st.bind(i, TimeText(*t));
  } else {
    st.bind(i);  // NULL
  }
}

// Hashes are hex in the engine (what HistoryHash covers and `show` prints) and 32 raw
// bytes in the file: half the size of the hex text.
std::string HashHex(const SQLite::Column& c);
// The 32 bytes of a SHA-256 in hex; Internal when it is not one.
Result<std::string> HashBytes(const std::string& hex);

// A history row's columns, in the order ReadHistory reads them (prev_hash left empty).
#define KRABUAN_HISTORY_COLUMNS "id, instance_id, at, user, role, capacity, action, node_id, task_id, detail, comment, hash"
HistoryRecord ReadHistory(SQLite::Statement& q);

// Binds `args` to the statement's parameters 1, 2, ... in order (as SQLite::bind does,
// with the conversions above), so that a call reads Bind(q, a, b).exec() or
// Bind(q, id).executeStep().
template <typename... Args>
SQLite::Statement& Bind(SQLite::Statement& st, const Args&... args) {
  int i = 0;
  (BindValue(st, ++i, args), ...);
  return st;
}

// Binds a named parameter when the statement has it (listings vary with their filters).
template <typename V>
void BindNamed(SQLite::Statement& st, const std::string& name, const V& value) {
  if (int i = st.getIndex(name.c_str()); i > 0) st.bind(i, value);
}

}  // namespace krabuan::sqlite
