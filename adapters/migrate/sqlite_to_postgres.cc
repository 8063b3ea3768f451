#include "adapters/migrate/sqlite_to_postgres.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <vector>

#include "adapters/postgres/pg_connection.h"
#include "adapters/sqlite/sqlite_store.h"
#include "engine/runtime/hex.h"

namespace krabuan {
namespace {

using pg::PgConnection;
using pg::PgParams;
using pg::PgResult;

// The office's tables in an order that keeps every reference pointing backwards. The
// PostgreSQL schema has SQLite's tables and columns under the same names
// (adapters/postgres/pg_migrations.cc), so each is copied column for column.
const char* const kTables[] = {"definitions", "documents",        "instances", "tokens",    "tasks",
                               "variables",   "history",          "timers",    "recurring_starts",
                               "alerts",      "alert_deliveries", "absences",  "api_tokens",
                               "audit_log",   "audit_checkpoints", "audit_genesis"};

// Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table.
constexpr int kRowsPerInsert = 500;

struct Column {
  std::string name;
  std::string type;   // as format_type gives it: "bigint", "bytea", "timestamp with time zone", ...
};

Result<std::vector<Column>> ColumnsOf(PgConnection& pg, const std::string& table) {
  PgParams p;
  p.Add(table);
  Result<PgResult> r = pg.Dynamic(
      "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
      "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
      p);
  if (!r.ok()) return r.status();
  std::vector<Column> out;
  for (int i = 0; i < r->rows(); ++i) out.push_back({r->row(i).Text(0), r->row(i).Text(1)});
  if (out.empty()) return Status::Internal("the office has no table '" + table + "'");
  return out;
}

// One SQLite value as PostgreSQL's text input for a column of `type`.
std::optional<std::string> AsText(const SQLite::Column& v, const std::string& type) {
  if (v.isNull()) return std::nullopt;
  if (type == "bytea") {
    const auto* bytes = static_cast<const unsigned char*>(v.getBlob());
    return "\\x" + ToHex(std::string_view(reinterpret_cast<const char*>(bytes), v.getBytes()));
  }
  return v.getString();
}

Result<std::int64_t> CopyTable(SQLite::Database& from, PgConnection& to, const std::string& table) {
  Result<std::vector<Column>> columns = ColumnsOf(to, table);
  if (!columns.ok()) return columns.status();
  std::string names;
  for (const Column& c : *columns) names += (names.empty() ? "" : ", ") + PgConnection::QuoteIdentifier(c.name);
  SQLite::Statement read(from, "SELECT " + names + " FROM \"" + table + "\"");   // in its key order
  // Ids are kept: a case's digest, its audit entries and the alerts name them.
  const std::string insert = "INSERT INTO " + PgConnection::QuoteIdentifier(table) + " (" + names +
                             ") OVERRIDING SYSTEM VALUE VALUES ";
  std::int64_t copied = 0;
  bool more = true;
  while (more) {
    PgParams params;
    std::string values;
    int rows = 0;
    while (rows < kRowsPerInsert && (more = read.executeStep())) {
      std::string row;
      for (int i = 0; i < static_cast<int>(columns->size()); ++i) {
        row += (i == 0 ? "" : ", ") + params.Add(AsText(read.getColumn(i), (*columns)[i].type));
      }
      values += (values.empty() ? "(" : ", (") + row + ")";
      ++rows;
    }
    if (rows == 0) break;
    Result<PgResult> done = to.Dynamic(insert + values, params);
    if (!done.ok()) return done.status().WithPrefix(table + ": ");
    copied += rows;
  }
  // The office's next ids follow the copied ones.
  bool has_identity = false;
  for (const Column& c : *columns) has_identity = has_identity || c.name == "id";
  if (has_identity && copied > 0) {
    PgParams p;
    p.Add(table);
    Result<PgResult> set = to.Dynamic(
        "SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT max(id) FROM " + PgConnection::QuoteIdentifier(table) +
            "))",
        p);
    if (!set.ok()) return set.status();
  }
  return copied;
}

Result<bool> OfficeExists(PgConnection& pg, const std::string& office) {
  PgParams p;
  p.Add(office);
  Result<PgResult> r = pg.Dynamic("SELECT 1 FROM pg_namespace WHERE nspname = $1", p);
  if (!r.ok()) return r.status();
  return !r->empty();
}

Result<MigrationReport> CopyInto(SQLite::Database& from, PgConnection& to, const PostgresOptions& target) {
  const std::string schema = PgConnection::QuoteIdentifier(target.office);
  KRABUAN_RETURN_IF_ERROR(to.Simple("SET search_path TO " + schema).status());
  KRABUAN_RETURN_IF_ERROR(
      to.Simple("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(pg::WriteLockKey(target.office)) + ")")
          .status());
  Result<PgResult> held = to.Dynamic(
      "SELECT (SELECT count(*) FROM definitions) + (SELECT count(*) FROM documents) + (SELECT count(*) FROM instances) "
      "+ (SELECT count(*) FROM audit_log)",
      PgParams());
  if (!held.ok()) return held.status();
  if (held->row(0).Int64(0) != 0) {
    return Status::Conflict("office '" + target.office +
                            "' already holds processes, cases or an audit log: a database is moved into a new or "
                            "empty office only");
  }
  MigrationReport report;
  for (const char* table : kTables) {
    Result<std::int64_t> n = CopyTable(from, to, table);
    if (!n.ok()) return n.status();
    report.rows[table] = *n;
  }
  Result<std::string> committed = to.Simple("COMMIT");
  if (!committed.ok()) return committed.status();
  if (*committed != "COMMIT") return Status::Storage("PostgreSQL did not commit the copy (" + *committed + ")");
  return report;
}

}  // namespace

Result<MigrationReport> MigrateSqliteToPostgres(const std::string& sqlite_path, const PostgresOptions& target) {
  KRABUAN_RETURN_IF_ERROR(ValidateOfficeId(target.office));
  std::optional<SQLite::Database> from;
  try {
    from.emplace(sqlite_path, SQLite::OPEN_READONLY);
    if (from->execAndGet("PRAGMA application_id").getInt() != kKrabuanApplicationId) {
      return Status::Invalid("'" + sqlite_path + "' is not a Krabuan database");
    }
    int version = from->execAndGet("SELECT max(version) FROM schema_version").getInt();
    if (version != CurrentSchemaVersion()) {
      return Status::Invalid("'" + sqlite_path + "' has schema version " + std::to_string(version) + ", not " +
                             std::to_string(CurrentSchemaVersion()) +
                             ": run any krabuan command on it with this program first, which upgrades it");
    }
    // One snapshot of the file for the whole copy, however the daemon writes beside it.
    from->exec("BEGIN");
    from->execAndGet("SELECT count(*) FROM schema_version");
  } catch (const std::exception& e) {
    return Status::Storage("cannot read '" + sqlite_path + "': " + e.what());
  }

  Result<std::unique_ptr<PgConnection>> probe = PgConnection::Connect(target.conninfo);
  if (!probe.ok()) return probe.status();
  Result<bool> existed = OfficeExists(**probe, target.office);
  if (!existed.ok()) return existed.status();
  // The office's tables, made (or brought up to this program's schema) by the store.
  PostgresOptions make = target;
  make.mode = PostgresOptions::Mode::kCreate;
  Result<std::unique_ptr<Store>> store = OpenPostgresStore(make);
  if (!store.ok()) return store.status();
  store->reset();

  Result<MigrationReport> report = [&]() -> Result<MigrationReport> {
    try {
      return CopyInto(*from, **probe, target);
    } catch (const std::exception& e) {
      return Status::Storage("cannot read '" + sqlite_path + "': " + e.what());
    }
  }();
  if (!report.ok()) {
    (void)(*probe)->Simple("ROLLBACK");
    if (!*existed) (void)DropPostgresOffice(target);   // all or nothing: not even an empty office
  }
  return report;
}

}  // namespace krabuan
