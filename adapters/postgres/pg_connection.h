// A thin owner of one libpq connection: parameterised queries (prepared once per
// connection), results read in binary form, and PostgreSQL's errors as Status values.
// Nothing here knows Krabuan's tables. Private to adapters/postgres. Not thread-safe.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/status.h"

namespace krabuan::pg {

// A failed call as a Status, by SQLSTATE: the kind says whose problem it is (the CLI's
// exit code). Constraint violations (class 23) are Conflict. A lock not had within
// lock_timeout (55P03), a serialization failure (40001) or a deadlock (40P01) is Busy:
// the engine's "nothing was done, safe to retry". A lost connection, a full disk, a
// refused privilege or a server shutting down is Storage; anything else Internal.
// `result` may be null (libpq could not even send the query): then the connection's
// message is used.
Status FromPgError(const PGresult* result, const PGconn* conn, const std::string& what);

// One value of a column, read from a binary-format result. A value of an unexpected type
// or a NULL where none is allowed is a damaged row: these throw std::runtime_error, which
// the adapter's Guard turns into a Status (adapters/postgres/pg_codec.h).
class PgRow {
 public:
  PgRow(const PGresult* r, int row) : r_(r), row_(row) {}

  bool IsNull(int col) const { return PQgetisnull(r_, row_, col) != 0; }
  // smallint, integer or bigint.
  std::int64_t Int64(int col) const;
  int Int(int col) const { return static_cast<int>(Int64(col)); }
  bool Bool(int col) const;
  // text (also varchar and name): the bytes as stored.
  std::string Text(int col) const;
  // bytea: the raw bytes.
  std::string Bytes(int col) const;
  // timestamptz: microseconds since 2000-01-01 00:00:00 UTC, as PostgreSQL keeps it.
  std::int64_t TimestampMicros(int col) const;
  // date: days since 2000-01-01.
  std::int32_t DateDays(int col) const;

 private:
  const char* Value(int col, unsigned oid_a, unsigned oid_b = 0, unsigned oid_c = 0) const;
  std::string Name(int col) const;

  const PGresult* r_;
  int row_;
};

// A query's result (rows, or the count of rows a command changed). Move-only.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* r) : r_(r) {}

  int rows() const { return r_ ? PQntuples(r_.get()) : 0; }
  bool empty() const { return rows() == 0; }
  PgRow row(int i) const { return PgRow(r_.get(), i); }
  // The rows an INSERT, UPDATE or DELETE changed.
  std::int64_t affected() const;

 private:
  struct Clear {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> r_;
};

// A query's parameters $1, $2, ..., all sent as text (the server parses each as the
// type its place in the query calls for); nullopt is NULL.
class PgParams {
 public:
  // Appends a value and returns its placeholder ("$3"), for SQL built with its
  // parameters (a placeholder may be used more than once).
  std::string Add(std::optional<std::string> value);
  int size() const { return static_cast<int>(values_.size()); }
  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

// The key of the advisory lock that is an office's write lock (pg_store.cc): whoever
// writes an office outside the store takes it too.
std::int64_t WriteLockKey(const std::string& office);

class PgConnection {
 public:
  // Connects with `conninfo` (a libpq keyword/value string or a postgresql:// URI).
  // Invalid when it does not parse, Storage when the server cannot be reached or refuses.
  static Result<std::unique_ptr<PgConnection>> Connect(const std::string& conninfo);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Statements without parameters, several separated by ';' (the simple query protocol),
  // for transaction control, session settings and migrations: the last one's command tag
  // ("COMMIT", or "ROLLBACK" when a COMMIT found the transaction failed). Their rows, if
  // any, are not read.
  Result<std::string> Simple(const std::string& sql);

  // One statement with parameters. `sql` must be a string that lives as long as the
  // connection (a literal): it is prepared on first use and its prepared form reused.
  Result<PgResult> Prepared(const char* sql, const PgParams& params);
  // One statement whose text varies from call to call (listings built from their
  // filters): parsed each time, never cached.
  Result<PgResult> Dynamic(const std::string& sql, const PgParams& params);

  // Whether the connection is up; when it is not, Reset() tries once to make it again
  // (prepared statements are lost with it and made again on use).
  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }
  Status Reset();

  // Whether the open transaction has failed (every statement is refused until it rolls back).
  bool in_failed_transaction() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }

  PGconn* raw() { return conn_; }
  // `name` quoted as an SQL identifier ("main", "a""b").
  static std::string QuoteIdentifier(const std::string& name);

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  Result<PgResult> Finish(PGresult* r, const std::string& what);
  // The name `sql` is prepared under, preparing it on first use.
  Result<std::string> PreparedName(const char* sql);

  PGconn* conn_;
  std::unordered_map<const char*, std::string> prepared_;   // sql -> statement name
};

}  // namespace krabuan::pg
