#include "adapters/postgres/pg_connection.h"

#include <cstring>
#include <stdexcept>
#include <string_view>

#include "engine/text/utf8.h"

namespace krabuan::pg {
namespace {

// pg_type.oid of the types read here (fixed since PostgreSQL 7).
constexpr unsigned kBool = 16, kBytea = 17, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25;
constexpr unsigned kVarchar = 1043, kDate = 1082, kTimestamptz = 1184;

std::uint64_t BigEndian(const char* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

std::string Field(const PGresult* r, int code) {
  const char* f = r ? PQresultErrorField(r, code) : nullptr;
  return f ? f : "";
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// What the server said, in one line: the message, its detail, and the SQLSTATE.
std::string Said(const PGresult* r, const PGconn* conn, const std::string& sqlstate) {
  std::string msg = Field(r, PG_DIAG_MESSAGE_PRIMARY);
  if (msg.empty()) msg = Trimmed(r ? PQresultErrorMessage(r) : "");
  if (msg.empty()) msg = Trimmed(PQerrorMessage(conn));
  if (std::string detail = Field(r, PG_DIAG_MESSAGE_DETAIL); !detail.empty()) msg += " (" + detail + ")";
  if (!sqlstate.empty()) msg += " [SQLSTATE " + sqlstate + "]";
  return msg;
}

// Text reaches the server as C strings in the database's encoding (UTF-8, checked when
// the store opens). A value it would refuse is refused here instead: a refusal from the
// server fails the whole transaction, and one with a NUL byte would be cut short silently.
Status CheckText(const PgParams& params) {
  for (const std::optional<std::string>& v : params.values()) {
    if (!v) continue;
    if (std::memchr(v->data(), '\0', v->size()) != nullptr) {
      return Status::Invalid("a text value holds a NUL byte, which PostgreSQL cannot store");
    }
    if (!IsValidUtf8(*v)) return Status::Invalid("a text value is not valid UTF-8");
  }
  return Status::Ok();
}

// A statement as errors name it: its start, enough to tell which it was.
std::string Statement(const std::string& sql) {
  std::string s = sql.substr(0, sql.find_first_of(";\n"));
  return s.size() > 60 ? s.substr(0, 60) + "..." : s;
}

struct ParamArrays {
  std::vector<const char*> values;
  explicit ParamArrays(const PgParams& p) {
    for (const std::optional<std::string>& v : p.values()) values.push_back(v ? v->c_str() : nullptr);
  }
};

}  // namespace

Status FromPgError(const PGresult* result, const PGconn* conn, const std::string& what) {
  std::string sqlstate = Field(result, PG_DIAG_SQLSTATE);
  std::string said = what + ": " + Said(result, conn, sqlstate);
  if (sqlstate.empty() || PQstatus(conn) != CONNECTION_OK) {
    return Status::Storage("PostgreSQL cannot serve: " + said);
  }
  std::string_view cls = std::string_view(sqlstate).substr(0, 2);
  if (cls == "23") return Status::Conflict("constraint violated: " + said);
  if (sqlstate == "55P03" || sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "57014") {
    return Status::Busy("the database is busy: " + said + "; nothing was changed, it is safe to retry");
  }
  if (cls == "08" || cls == "53" || cls == "57" || cls == "58" || cls == "XX" || cls == "28" || cls == "3D" ||
      sqlstate == "42501" || sqlstate == "25006") {
    return Status::Storage("PostgreSQL cannot serve: " + said);
  }
  if (sqlstate == "42P01" || sqlstate == "42703" || sqlstate == "3F000") {
    return Status::Storage("the office's tables are not what this program expects: " + said);
  }
  return Status::Internal("database error: " + said);
}

std::string PgRow::Name(int col) const {
  const char* n = PQfname(r_, col);
  return n ? n : "?";
}

const char* PgRow::Value(int col, unsigned oid_a, unsigned oid_b, unsigned oid_c) const {
  if (col >= PQnfields(r_)) throw std::runtime_error("no column " + std::to_string(col) + " in the result");
  unsigned oid = PQftype(r_, col);
  if (oid != oid_a && (oid_b == 0 || oid != oid_b) && (oid_c == 0 || oid != oid_c)) {
    throw std::runtime_error("column " + Name(col) + " has type " + std::to_string(oid) + ", not the one expected");
  }
  if (IsNull(col)) throw std::runtime_error("column " + Name(col) + " is NULL");
  return PQgetvalue(r_, row_, col);
}

std::int64_t PgRow::Int64(int col) const {
  const char* v = Value(col, kInt8, kInt4, kInt2);
  int n = PQgetlength(r_, row_, col);
  std::uint64_t raw = BigEndian(v, n);
  // Sign-extend the narrower integers.
  if (n == 2) return static_cast<std::int16_t>(raw);
  if (n == 4) return static_cast<std::int32_t>(raw);
  return static_cast<std::int64_t>(raw);
}

bool PgRow::Bool(int col) const { return Value(col, kBool)[0] != 0; }

std::string PgRow::Text(int col) const {
  const char* v = Value(col, kText, kVarchar, kName);
  return std::string(v, static_cast<std::size_t>(PQgetlength(r_, row_, col)));
}

std::string PgRow::Bytes(int col) const {
  const char* v = Value(col, kBytea);
  return std::string(v, static_cast<std::size_t>(PQgetlength(r_, row_, col)));
}

std::int64_t PgRow::TimestampMicros(int col) const {
  return static_cast<std::int64_t>(BigEndian(Value(col, kTimestamptz), 8));
}

std::int32_t PgRow::DateDays(int col) const {
  return static_cast<std::int32_t>(BigEndian(Value(col, kDate), 4));
}

std::int64_t PgResult::affected() const {
  const char* n = r_ ? PQcmdTuples(r_.get()) : nullptr;
  return n && *n ? std::stoll(n) : 0;
}

std::string PgParams::Add(std::optional<std::string> value) {
  values_.push_back(std::move(value));
  return "$" + std::to_string(values_.size());
}

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &err);
  if (parsed == nullptr) {
    std::string why = err ? Trimmed(err) : "out of memory";
    PQfreemem(err);
    return Status::Invalid("PostgreSQL connection string '" + conninfo + "' does not parse: " + why);
  }
  PQconninfoFree(parsed);
  // Entries before dbname may be overridden by the connection string, those after may
  // not: the program's name is a default, the encoding is what the store needs.
  const char* keys[] = {"fallback_application_name", "dbname", "client_encoding", nullptr};
  const char* values[] = {"krabuan", conninfo.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr) return Status::Storage("cannot connect to PostgreSQL: out of memory");
  std::unique_ptr<PgConnection> c(new PgConnection(conn));
  if (!c->ok()) return Status::Storage("cannot connect to PostgreSQL: " + Trimmed(PQerrorMessage(conn)));
  // Notices (a ROLLBACK with no transaction open, a schema already there) say nothing the
  // store does not know; libpq would print them on stderr.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  return c;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Status PgConnection::Reset() {
  prepared_.clear();
  PQreset(conn_);
  if (!ok()) return Status::Storage("lost the connection to PostgreSQL: " + Trimmed(PQerrorMessage(conn_)));
  return Status::Ok();
}

Result<PgResult> PgConnection::Finish(PGresult* r, const std::string& what) {
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return PgResult(r);
  Status s = FromPgError(r, conn_, what);
  PQclear(r);
  return s;
}

Result<std::string> PgConnection::Simple(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  std::string tag = r ? PQcmdStatus(r) : "";
  Result<PgResult> done = Finish(r, Statement(sql));
  if (!done.ok()) return done.status();
  return tag;
}

Result<std::string> PgConnection::PreparedName(const char* sql) {
  auto it = prepared_.find(sql);
  if (it != prepared_.end()) return it->second;
  std::string name = "krabuan_" + std::to_string(prepared_.size() + 1);
  // Parameter types are left to the server, which infers each from its place.
  Result<PgResult> made = Finish(PQprepare(conn_, name.c_str(), sql, 0, nullptr), Statement(sql));
  if (!made.ok()) return made.status();
  prepared_.emplace(sql, name);
  return name;
}

Result<PgResult> PgConnection::Prepared(const char* sql, const PgParams& params) {
  KRABUAN_RETURN_IF_ERROR(CheckText(params));
  Result<std::string> name = PreparedName(sql);
  if (!name.ok()) return name.status();
  ParamArrays a(params);
  return Finish(PQexecPrepared(conn_, name->c_str(), params.size(), a.values.data(), nullptr, nullptr,
                               /*resultFormat=binary*/ 1),
                Statement(sql));
}

Result<PgResult> PgConnection::Dynamic(const std::string& sql, const PgParams& params) {
  KRABUAN_RETURN_IF_ERROR(CheckText(params));
  ParamArrays a(params);
  return Finish(PQexecParams(conn_, sql.c_str(), params.size(), nullptr, a.values.data(), nullptr, nullptr, 1),
                Statement(sql));
}

std::string PgConnection::QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace krabuan::pg
