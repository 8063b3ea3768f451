// What every part of the PostgreSQL store shares: Krabuan's values as query parameters
// and read back from columns (times, dates, hashes, enum names), and the Guard that turns
// a damaged row into a Status. Private to adapters/postgres.
#pragma once

#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/postgres/pg_connection.h"
#include "engine/runtime/records.h"
#include "engine/status.h"
#include "engine/time/instant.h"

namespace krabuan::pg {

// Row readers throw std::runtime_error on a damaged row (pg_connection.h); the store's
// methods run inside Guard, which makes that a Status.
template <typename F>
auto Guard(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return Status::Storage("out of memory");
  } catch (const std::exception& e) {
    return Status::Internal(std::string("damaged row: ") + e.what());
  }
}

// How a value is sent. Instants are timestamptz columns, sent as the UTC text the SQLite
// store keeps ("2025-08-01T02:00:00Z", whole seconds, so they read back exactly); dates
// as ISO text; bools as t or f; bytes (hashes, keys) as bytea's hex form.
struct Bytea {
  std::string_view hex;   // lowercase or uppercase hex digits
};
inline std::optional<std::string> ParamOf(int v) { return std::to_string(v); }
inline std::optional<std::string> ParamOf(std::int64_t v) { return std::to_string(v); }
inline std::optional<std::string> ParamOf(bool v) { return std::string(v ? "t" : "f"); }
inline std::optional<std::string> ParamOf(const std::string& v) { return v; }
inline std::optional<std::string> ParamOf(std::string_view v) { return std::string(v); }
inline std::optional<std::string> ParamOf(const char* v) { return std::string(v); }
inline std::optional<std::string> ParamOf(Instant t) { return FormatInstantUtc(t); }
inline std::optional<std::string> ParamOf(Date d) { return FormatIsoDate(d); }
inline std::optional<std::string> ParamOf(Bytea b) { return "\\x" + std::string(b.hex); }
// A text[] parameter ("= ANY ($1::text[])"): one statement for any number of values.
struct TextArray {
  const std::vector<std::string>& values;
};
std::optional<std::string> ParamOf(const TextArray& a);
template <typename T>
std::optional<std::string> ParamOf(const std::optional<T>& v) {
  return v ? ParamOf(*v) : std::nullopt;
}

// The parameters $1, $2, ... in order: Prepared(sql, Args(a, b)).
template <typename... A>
PgParams Args(const A&... a) {
  PgParams p;
  (p.Add(ParamOf(a)), ...);
  return p;
}

// Limits as the store's contracts give them. SQL's (SQLite's): a negative limit is none,
// which PostgreSQL spells LIMIT NULL. A page's: 0 or less is none.
inline std::optional<std::int64_t> SqlLimit(int limit) {
  return limit < 0 ? std::nullopt : std::optional<std::int64_t>(limit);
}
inline std::optional<std::int64_t> PageLimit(int limit) {
  return limit > 0 ? std::optional<std::int64_t>(limit) : std::nullopt;
}

// Times and dates read back exactly: a stored time with a fraction of a second, or
// infinity, was not written by Krabuan and is a damaged row.
Instant TimeOf(const PgRow& row, int col);
std::optional<Instant> OptTimeOf(const PgRow& row, int col);
Date DateOf(const PgRow& row, int col);

// A bytea column as lowercase hex (hashes, keys and signatures are hex in the engine).
std::string HexOf(const PgRow& row, int col);
// A SHA-256 given in hex: Internal unless it is 64 hex digits.
Status CheckSha256Hex(const std::string& hex);

// A stored name read back as its enum (`what` names it in the error: "task state"); a
// name the program does not know is a damaged row, never a guessed default.
template <typename Enum>
Enum NameOf(const PgRow& row, int col, std::optional<Enum> (*from_name)(std::string_view), const char* what) {
  std::string name = row.Text(col);
  std::optional<Enum> v = from_name(name);
  if (!v) throw std::runtime_error(std::string("unreadable ") + what + " '" + name + "'");
  return *v;
}

// A query's rows, each made a T by `read` (a function of one PgRow).
template <typename T, typename F>
Result<std::vector<T>> ReadAll(const Result<PgResult>& r, F&& read) {
  if (!r.ok()) return r.status();
  return Guard([&]() -> Result<std::vector<T>> {
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(read(r->row(i)));
    return out;
  });
}
// Its first row made a T; nullopt when it has none.
template <typename T, typename F>
Result<std::optional<T>> ReadFirst(const Result<PgResult>& r, F&& read) {
  if (!r.ok()) return r.status();
  return Guard([&]() -> Result<std::optional<T>> {
    if (r->empty()) return std::optional<T>();
    return std::optional<T>(read(r->row(0)));
  });
}
// The integer in its first row's first column (a new row's id, a count); Internal when
// it returned no row.
Result<std::int64_t> ReadInt(const Result<PgResult>& r);

// What a guarded write (PgTransaction::Change) did: the id its RETURNING gave, or, when
// it wrote nothing because a constraint would have refused it, the Status `refused()`
// makes (a Conflict saying which).
template <typename F>
Result<std::int64_t> InsertedId(const Result<PgResult>& r, F&& refused) {
  if (!r.ok()) return r.status();
  if (r->empty()) return refused();
  return ReadInt(r);
}
template <typename F>
Status Written(const Result<PgResult>& r, F&& refused) {
  if (!r.ok()) return r.status();
  return r->affected() == 0 ? refused() : Status::Ok();
}

// The refusal of a row that refers to an instance that does not exist. Writes check with
// WHERE EXISTS; instances are never deleted and the office's writers take turns, so
// nothing can outrun the check.
inline Status NoInstance(InstanceId id) { return Status::Conflict("no instance " + std::to_string(id)); }

// A history row's columns, in the order ReadHistory reads them (prev_hash left empty).
// "user" is quoted: it is a reserved word in PostgreSQL.
#define KRABUAN_PG_HISTORY_COLUMNS \
  "id, instance_id, at, \"user\", role, capacity, action, node_id, task_id, detail, comment, hash"
HistoryRecord ReadHistory(const PgRow& row);

}  // namespace krabuan::pg
