// The PostgreSQL store's connection: opening and judging the office, migrating it, and
// beginning and ending transactions. What each transaction reads and writes is in
// pg_<aggregate>.cc.
#include "adapters/postgres/pg_store.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "adapters/postgres/pg_codec.h"
#include "adapters/postgres/pg_connection.h"
#include "adapters/postgres/pg_migrations.h"
#include "adapters/postgres/pg_transaction.h"

namespace krabuan::pg {
namespace {

constexpr int kMinServerVersion = 120000;   // WITH ... AS MATERIALIZED (task pages)

// Milliseconds as seconds for people: "5", "0.2".
std::string FormatSeconds(int ms) {
  std::string out = std::to_string(ms / 1000);
  if (int tenths = (ms % 1000) / 100; tenths != 0) out += "." + std::to_string(tenths);
  return out;
}

}  // namespace

// The advisory lock that stands for "the office's write lock": a fixed 64-bit key made
// from the office id (FNV-1a), the same in every process. Two offices whose keys collided
// would only take turns; they would still never see each other's rows.
std::int64_t WriteLockKey(const std::string& office) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : "krabuan office " + office) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(h);
}

class PgStore final : public Store {
 public:
  PgStore(const PostgresOptions& o, std::unique_ptr<PgConnection> conn)
      : options_(o), conn_(std::move(conn)), schema_(PgConnection::QuoteIdentifier(o.office)),
        lock_key_(WriteLockKey(o.office)) {}

  Status Open() {
    PGconn* raw = conn_->raw();
    if (PQserverVersion(raw) < kMinServerVersion) {
      return Status::Storage("PostgreSQL " + std::to_string(PQserverVersion(raw)) +
                             " is too old: Krabuan needs version 12 or newer");
    }
    const char* encoding = PQparameterStatus(raw, "server_encoding");
    if (encoding == nullptr || std::string(encoding) != "UTF8") {
      return Status::Storage(std::string("the database's encoding is ") + (encoding ? encoding : "unknown") +
                             ", not UTF8: Krabuan keeps Thai text; make the database with ENCODING 'UTF8'");
    }
    KRABUAN_RETURN_IF_ERROR(Session());
    return options_.mode == PostgresOptions::Mode::kReadOnly ? CheckReadable() : Migrate();
  }

  // A writer takes the office's advisory lock at once, as SQLite's BEGIN IMMEDIATE takes
  // the write lock: the writers of one office run one at a time, so the engine may read
  // a chain's tip and append after it, and hand out the audit log's tip + 1, as it does
  // with SQLite. READ COMMITTED suffices under the lock (no other writer of the office
  // can change what a statement read), and never fails with a serialization error.
  // Readers take no lock: they never wait, and writers never wait for them. The wait is
  // bounded by lock_timeout (the busy timeout, set for the session).
  Result<std::unique_ptr<StoreTransaction>> BeginWrite() override {
    if (options_.mode == PostgresOptions::Mode::kReadOnly) {
      return Status::Internal("a write was attempted on office '" + options_.office + "', opened read-only");
    }
    KRABUAN_RETURN_IF_ERROR(Begin("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" +
                                  std::to_string(lock_key_) + ")"));
    return std::unique_ptr<StoreTransaction>(new PgTransaction(*conn_, true, open_));
  }

  // The snapshot is taken here (by the SELECT), not at the transaction's first query, so
  // that a reader sees the office as it was when it began, as SQLite's readers do.
  Result<std::unique_ptr<StoreTransaction>> BeginRead() override {
    KRABUAN_RETURN_IF_ERROR(Begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1"));
    return std::unique_ptr<StoreTransaction>(new PgTransaction(*conn_, false, open_));
  }

 private:
  // Every connection (again after a reset) reads and writes only the office's schema.
  Status Session() {
    std::string sql = "SET search_path TO " + schema_ + "; SET lock_timeout = '" +
                      std::to_string(std::max(options_.busy_timeout_ms, 1)) + "ms'";
    if (options_.mode == PostgresOptions::Mode::kReadOnly) sql += "; SET default_transaction_read_only = on";
    return conn_->Simple(sql).status();
  }

  Status Reconnect() {
    KRABUAN_RETURN_IF_ERROR(conn_->Reset());
    return Session();
  }

  Status Begin(const std::string& sql) {
    if (open_ != nullptr) return Status::Internal("cannot start a transaction within a transaction");
    if (!conn_->ok()) KRABUAN_RETURN_IF_ERROR(Reconnect());
    Result<std::string> begun = conn_->Simple(sql);
    if (!begun.ok() && !conn_->ok()) {
      // The server restarted or the network dropped since the last transaction (libpq
      // notices only now). No transaction was open, so nothing is lost by beginning on a
      // new connection.
      KRABUAN_RETURN_IF_ERROR(Reconnect());
      begun = conn_->Simple(sql);
    }
    if (!begun.ok()) {
      (void)conn_->Simple("ROLLBACK");
      if (begun.status().kind() == ErrorKind::kBusy) return Busy();
      return begun.status().WithPrefix("office '" + options_.office + "': ");
    }
    return Status::Ok();
  }

  // The busy error, naming the writer that holds the office when the server can tell.
  Status Busy() {
    std::string holder = "another writer";
    Result<PgResult> r = conn_->Prepared(
        "SELECT a.pid, COALESCE(a.application_name, ''), COALESCE(host(a.client_addr), 'this machine'), "
        "COALESCE(EXTRACT(EPOCH FROM now() - a.xact_start)::bigint, 0) "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
        "AND l.classid = (($1::bigint >> 32) & 4294967295)::oid AND l.objid = ($1::bigint & 4294967295)::oid "
        "AND l.objsubid = 1 "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        Args(lock_key_));
    if (r.ok() && !r->empty()) {
      Guard([&]() -> Status {
        PgRow row = r->row(0);
        holder = "the writer in PostgreSQL backend " + std::to_string(row.Int64(0)) + " (" +
                 (row.Text(1).empty() ? std::string("no application name") : row.Text(1)) + ", from " +
                 row.Text(2) + ", in its transaction for " + std::to_string(row.Int64(3)) + " s)";
        return Status::Ok();
      }).ok();
    }
    return Status::Busy("office '" + options_.office + "' is busy: " + holder + " held it longer than the busy timeout (" +
                        FormatSeconds(options_.busy_timeout_ms) + " s); nothing was changed, it is safe to retry");
  }

  struct OfficeState {
    bool schema = false;     // the schema exists
    bool tables = false;     // it holds tables (or views)
    int version = -1;        // schema_version's, -1 without that table
  };

  Result<OfficeState> Inspect() {
    Result<PgResult> r = conn_->Prepared(
        "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1), "
        "EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')), "
        "EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "        WHERE n.nspname = $1 AND c.relname = 'schema_version' AND c.relkind = 'r')",
        Args(options_.office));
    if (!r.ok()) return r.status();
    OfficeState st;
    bool versioned = false;
    Status read = Guard([&]() -> Status {
      st.schema = r->row(0).Bool(0);
      st.tables = r->row(0).Bool(1);
      versioned = r->row(0).Bool(2);
      return Status::Ok();
    });
    KRABUAN_RETURN_IF_ERROR(read);
    if (versioned) {
      Result<std::int64_t> v = ReadInt(conn_->Prepared("SELECT COALESCE(MAX(version), 0) FROM schema_version", {}));
      if (!v.ok()) return v.status();
      st.version = static_cast<int>(*v);
    }
    return st;
  }

  Status Missing() const {
    return Status::Storage("there is no office '" + options_.office +
                           "' in this database (no schema of that name); create it first");
  }
  Status NotOurs() const {
    return Status::Storage("schema '" + options_.office +
                           "' holds tables that are not a Krabuan office (no schema_version); nothing was changed");
  }
  Status Newer(int version) const {
    return Status::Storage("office '" + options_.office + "' has schema version " + std::to_string(version) +
                           ", newer than this program understands (" + std::to_string(Migrations().size()) +
                           "); upgrade krabuan");
  }

  Status CheckReadable() {
    Result<OfficeState> st = Inspect();
    if (!st.ok()) return st.status();
    const int current = static_cast<int>(Migrations().size());
    if (!st->schema) return Missing();
    if (st->version < 0) return st->tables ? NotOurs() : Missing();
    if (st->version > current) return Newer(st->version);
    if (st->version < current) {
      return Status::Storage("office '" + options_.office + "' has schema version " + std::to_string(st->version) +
                             ", older than this program's (" + std::to_string(current) +
                             "): open it once for writing to upgrade it");
    }
    return Status::Ok();
  }

  Status Migrate() {
    const int current = static_cast<int>(Migrations().size());
    // Most opens find the schema current: check without taking the office's lock.
    Result<OfficeState> seen = Inspect();
    if (!seen.ok()) return seen.status();
    if (seen->version == current) return Status::Ok();
    // Under the office's write lock, so that two programs opening a new office at once
    // make it once, and no writer works on a half-migrated office.
    Status begun = Begin("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(lock_key_) + ")");
    if (!begun.ok()) return begun;
    Status s = MigrateLocked(current);
    if (!s.ok()) {
      (void)conn_->Simple("ROLLBACK");
      return s;
    }
    Result<std::string> committed = conn_->Simple("COMMIT");
    if (!committed.ok()) return committed.status();
    if (*committed != "COMMIT") return Status::Internal("the migration of office '" + options_.office + "' rolled back");
    return Status::Ok();
  }

  Status MigrateLocked(int current) {
    Result<OfficeState> st = Inspect();
    if (!st.ok()) return st.status();
    if (!st->schema) {
      if (options_.mode != PostgresOptions::Mode::kCreate) return Missing();
      KRABUAN_RETURN_IF_ERROR(conn_->Simple("CREATE SCHEMA " + schema_).status());
    } else if (st->version < 0 && st->tables) {
      return NotOurs();
    } else if (st->version < 0 && options_.mode != PostgresOptions::Mode::kCreate) {
      return Missing();
    }
    KRABUAN_RETURN_IF_ERROR(conn_->Simple("CREATE TABLE IF NOT EXISTS schema_version ("
                                          "version INTEGER PRIMARY KEY, "
                                          "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
                                .status());
    int version = std::max(st->version, 0);
    if (version > current) return Newer(version);
    for (int v = version; v < current; ++v) {
      Status applied = conn_->Simple(std::string(Migrations()[v])).status();
      if (!applied.ok()) return applied.WithPrefix("migration " + std::to_string(v + 1) + ": ");
      KRABUAN_RETURN_IF_ERROR(
          conn_->Prepared("INSERT INTO schema_version (version) VALUES ($1)", Args(v + 1)).status());
    }
    return Status::Ok();
  }

  PostgresOptions options_;
  std::unique_ptr<PgConnection> conn_;
  std::string schema_;      // the office's schema, quoted
  std::int64_t lock_key_;
  const StoreTransaction* open_ = nullptr;   // the transaction begun and not yet ended
};

PgTransaction::~PgTransaction() {
  if (!done_) (void)conn_.Simple("ROLLBACK");   // when it fails, the connection is gone and so is the transaction
  Ended();
}

Result<PgResult> PgTransaction::Noted(Result<PgResult> r) {
  if (!r.ok() && failed_.ok() && (conn_.in_failed_transaction() || !conn_.ok())) {
    failed_ = r.status().WithPrefix("the transaction failed and must be rolled back: ");
  }
  return r;
}

Result<PgResult> PgTransaction::Query(const char* sql, const PgParams& params) {
  if (!failed_.ok()) return failed_;
  return Noted(conn_.Prepared(sql, params));
}

Result<PgResult> PgTransaction::QueryDynamic(const std::string& sql, const PgParams& params) {
  if (!failed_.ok()) return failed_;
  return Noted(conn_.Dynamic(sql, params));
}

Result<std::string> PgTransaction::Control(const std::string& sql) {
  if (!failed_.ok()) return failed_;
  Result<std::string> r = conn_.Simple(sql);
  if (!r.ok() && (conn_.in_failed_transaction() || !conn_.ok())) {
    failed_ = r.status().WithPrefix("the transaction failed and must be rolled back: ");
  }
  return r;
}

Result<PgResult> PgTransaction::Change(const char* sql, const PgParams& params) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Query(sql, params);
}

// The user's savepoints are counted here: PostgreSQL fails the whole transaction on a
// RELEASE or ROLLBACK TO with none open, where the contract wants a plain error.
Status PgTransaction::Savepoint() {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  KRABUAN_RETURN_IF_ERROR(Control("SAVEPOINT step").status());
  ++savepoints_;
  return Status::Ok();
}

Status PgTransaction::ReleaseSavepoint() {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  if (savepoints_ == 0) return Status::Internal("no savepoint is open to release");
  KRABUAN_RETURN_IF_ERROR(Control("RELEASE SAVEPOINT step").status());
  --savepoints_;
  return Status::Ok();
}

// Also after the server failed the transaction: rolling back to a savepoint is what makes
// it usable again (the daemon takes one per timer, and one failing step must not sink the
// batch).
Status PgTransaction::RollbackToSavepoint() {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  if (savepoints_ == 0) return Status::Internal("no savepoint is open to roll back to");
  Status before = failed_;
  failed_ = Status::Ok();
  Result<std::string> r = Control("ROLLBACK TO SAVEPOINT step");
  if (!r.ok() && failed_.ok()) failed_ = before;   // the savepoint is gone with the connection, or was never made
  return r.status();
}

Status PgTransaction::Commit() {
  Result<std::string> tag = Control("COMMIT");
  if (!tag.ok()) return tag.status();
  done_ = true;   // committed or not, the server has ended the transaction
  Ended();
  // COMMIT in a transaction the server had failed rolls it back, and says so only by its tag.
  if (*tag != "COMMIT") return Status::Internal("the transaction had failed and was rolled back, not committed");
  return Status::Ok();
}

}  // namespace krabuan::pg

namespace krabuan {

Status ValidateOfficeId(const std::string& office) {
  if (office.empty() || office.size() > 40) {
    return Status::Invalid("office id '" + office + "' must be 1 to 40 characters long");
  }
  for (char c : office) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) {
      return Status::Invalid("office id '" + office + "' may hold only a-z, 0-9, '_' and '-'");
    }
  }
  // PostgreSQL's own schemas, and the one every role may write to by default.
  if (office.rfind("pg_", 0) == 0 || office == "public" || office == "information_schema") {
    return Status::Invalid("office id '" + office + "' is a name PostgreSQL keeps for itself");
  }
  return Status::Ok();
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const PostgresOptions& options) {
  KRABUAN_RETURN_IF_ERROR(ValidateOfficeId(options.office));
  Result<std::unique_ptr<pg::PgConnection>> conn = pg::PgConnection::Connect(options.conninfo);
  if (!conn.ok()) return conn.status();
  auto store = std::make_unique<pg::PgStore>(options, std::move(conn.value()));
  Status s = store->Open();
  if (!s.ok()) {
    bool named = s.message().find("office '" + options.office + "'") != std::string::npos;
    return named ? s : s.WithPrefix("office '" + options.office + "': ");
  }
  return std::unique_ptr<Store>(std::move(store));
}

Status DropPostgresOffice(const PostgresOptions& options) {
  KRABUAN_RETURN_IF_ERROR(ValidateOfficeId(options.office));
  Result<std::unique_ptr<pg::PgConnection>> conn = pg::PgConnection::Connect(options.conninfo);
  if (!conn.ok()) return conn.status();
  return (*conn)->Simple("DROP SCHEMA IF EXISTS " + pg::PgConnection::QuoteIdentifier(options.office) + " CASCADE")
      .status();
}

int CurrentPostgresSchemaVersion() { return static_cast<int>(pg::Migrations().size()); }

}  // namespace krabuan
