// The SQLite store's connection: opening and judging the file, migrating it, beginning
// and ending transactions, the statement cache, and breaking a frozen lock holder. What
// each transaction reads and writes is in sqlite_<aggregate>.cc.
#include "adapters/sqlite/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <unordered_map>
#include <unordered_set>

#include "adapters/process/process_info.h"
#include "adapters/sqlite/migrations.h"
#include "adapters/sqlite/sqlite_support.h"
#include "adapters/sqlite/sqlite_transaction.h"
#include "adapters/sqlite/write_lock.h"
#include "engine/time/clock.h"

namespace krabuan::sqlite {
namespace {

// SQLite could not take a lock: another connection holds it (busy, locked) or, in WAL
// mode, a writer stopped while it checks or rebuilds the WAL index and readers gave up
// after SQLite's own retries (locking protocol).
bool IsLockError(const SQLite::Exception& e) {
  int code = e.getErrorCode() & 0xff;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_PROTOCOL;
}

// Milliseconds as seconds for people: "5", "0.2".
std::string FormatSeconds(int ms) {
  std::string out = std::to_string(ms / 1000);
  if (int tenths = (ms % 1000) / 100; tenths != 0) out += "." + std::to_string(tenths);
  return out;
}

}  // namespace

class SqliteStore final : public Store {
 public:
  SqliteStore(const SqliteOptions& o, SQLite::Database db) : db_(std::move(db)), options_(o) {}

  Status Open(const std::function<Status(SQLite::Database&)>& judge) {
    Status opened = Status::Ok();
    Status s = WithLockBreaker([&] { opened = SetUp(judge); });
    return s.ok() ? opened : s;
  }

  // Open's work, which WithLockBreaker runs again once a frozen lock holder is gone.
  Status SetUp(const std::function<Status(SQLite::Database&)>& judge) {
    db_.setBusyTimeout(options_.busy_timeout_ms);
    if (judge) {
      sqlite3_db_config(db_.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
      KRABUAN_RETURN_IF_ERROR(judge(db_));
      sqlite3_db_config(db_.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
    }
    if (options_.mode == SqliteOptions::Mode::kReadOnly) {
      db_.exec("PRAGMA query_only=ON");   // however the file was opened, this connection writes nothing
      db_.exec("PRAGMA temp_store=MEMORY");
      return CheckVersionReadable();
    }
    if (sqlite3_db_readonly(db_.getHandle(), "main") == 1) {
      return Status::Storage("database '" + options_.path +
                             "' is read-only for this user: a command that writes cannot run (those that only read can)");
    }
    db_.exec("PRAGMA journal_mode=WAL");
    db_.exec(options_.sync == SqliteOptions::Sync::kFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    db_.exec("PRAGMA foreign_keys=ON");
    db_.exec("PRAGMA temp_store=MEMORY");   // savepoint sub-journals (one per timer in a daemon batch) stay off disk
    sqlite::RegisterMigrationFunctions(db_.getHandle());
    return Migrate();
  }

  // True after Open when a read-only open found an older schema that must be upgraded
  // (by a writable open) before this program can read it.
  bool needs_upgrade() const { return needs_upgrade_; }

  Result<std::unique_ptr<StoreTransaction>> BeginWrite() override {
    if (options_.mode == SqliteOptions::Mode::kReadOnly) {
      return Status::Internal("a write was attempted on database '" + options_.path + "', opened read-only");
    }
    Status s = WithLockBreaker([&] { db_.exec("BEGIN IMMEDIATE"); });
    if (!s.ok()) return s;
    return std::unique_ptr<StoreTransaction>(new SqliteTransaction(*this, true));
  }

  // The snapshot is taken here, not at the transaction's first query, so that a reader
  // kept out by a frozen process gets past it (or is told who) in one place.
  Result<std::unique_ptr<StoreTransaction>> BeginRead() override {
    Status s = WithLockBreaker([&] {
      db_.exec("BEGIN DEFERRED");
      try {
        Stmt("SELECT 1 FROM sqlite_schema LIMIT 1").executeStep();
      } catch (...) {
        ReleaseStatements();
        db_.exec("ROLLBACK");
        throw;
      }
    });
    if (!s.ok()) return s;
    return std::unique_ptr<StoreTransaction>(new SqliteTransaction(*this, false));
  }

  SQLite::Database& db() { return db_; }

  // Prepared statements live as long as the store; each use starts from a reset.
  SQLite::Statement& Stmt(const char* sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
    } else {
      it->second->tryReset();   // not reset(): it throws the last step's error (a failed step, handled) again
      it->second->clearBindings();
    }
    in_use_.insert(it->second.get());
    return *it->second;
  }

  // A stepped but unreset SELECT keeps its read snapshot open after the transaction
  // ends, so later reads would not see other connections' commits. Every statement a
  // transaction used is reset when it ends.
  void ReleaseStatements() {
    for (SQLite::Statement* st : in_use_) {
      try {
        st->reset();
      } catch (...) {
        // reset() reports the statement's last error again; it is already handled.
      }
    }
    in_use_.clear();
  }

 private:
  // The schema version, or -1 when the database has none yet.
  int ReadVersion() {
    if (!db_.tableExists("schema_version")) return -1;
    SQLite::Statement q(db_, "SELECT version FROM schema_version");
    return q.executeStep() ? q.getColumn(0).getInt() : -1;
  }

  int ApplicationId() { return db_.execAndGet("PRAGMA application_id").getInt(); }

  Status NewerSchema(int version) const {
    return Status::Storage("database '" + options_.path + "' has schema version " + std::to_string(version) +
                           ", newer than this program understands (" +
                           std::to_string(sqlite::Migrations().size()) + "); upgrade krabuan");
  }

  Status CheckVersionReadable() {
    int version = ReadVersion();
    int current = static_cast<int>(sqlite::Migrations().size());
    if (version > current) return NewerSchema(version);
    if (version < current) needs_upgrade_ = true;
    return Status::Ok();
  }

  Status Migrate() {
    // Most opens find the schema current: check without taking the write lock.
    const auto& migrations = sqlite::Migrations();
    if (ReadVersion() == static_cast<int>(migrations.size()) && ApplicationId() == kKrabuanApplicationId) {
      return Status::Ok();
    }
    db_.exec("BEGIN IMMEDIATE");
    try {
      db_.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int version = 0;
      {
        SQLite::Statement q(db_, "SELECT version FROM schema_version");
        if (q.executeStep()) {
          version = q.getColumn(0).getInt();
        } else {
          db_.exec("INSERT INTO schema_version (version) VALUES (0)");
        }
      }
      if (version > static_cast<int>(migrations.size())) {
        db_.exec("ROLLBACK");
        return NewerSchema(version);
      }
      for (int v = version; v < static_cast<int>(migrations.size()); ++v) {
        db_.exec(std::string(migrations[v]));
        db_.exec("UPDATE schema_version SET version = " + std::to_string(v + 1));
      }
      // Marks the file as ours (databases made before the mark get it here), so another
      // program's file is told apart by its header.
      db_.exec("PRAGMA application_id = " + std::to_string(kKrabuanApplicationId));
      db_.exec("COMMIT");
    } catch (...) {
      db_.exec("ROLLBACK");
      throw;
    }
    return Status::Ok();
  }

  // Runs `op`; when SQLite could not take a lock (after the busy timeout, or after its
  // own retries for the WAL index), breaks a frozen holder and runs `op` again. A working
  // holder gets one more wait when it is not the one seen at the last failure: the lock
  // may have just passed from a frozen process (broken by another) to a working one.
  template <typename F>
  Status WithLockBreaker(F&& op) {
    std::optional<std::int64_t> working;   // the working holder seen at the last failure
    for (int attempt = 0;; ++attempt) {
      try {
        op();
        return Status::Ok();
      } catch (const SQLite::Exception& e) {
        Status failed = FromSqliteError(e.getExtendedErrorCode(), e.what());
        if (attempt >= 3 || !IsLockError(e)) return failed;
        if (Status broken = BreakFrozenHolder(failed, working); !broken.ok()) return broken;
      } catch (const std::exception& e) {
        return Status::Internal(std::string("database error: ") + e.what());
      }
    }
  }

  // Ok to try again: the process keeping this one out was frozen and is now killed, or
  // ended, or is a working one other than `working` (then remembered there). Else
  // `failed` saying who holds which lock.
  Status BreakFrozenHolder(const Status& failed, std::optional<std::int64_t>& working) {
    std::optional<sqlite::LockHolder> lock = sqlite::BlockingLockHolder(options_.path);
    if (!lock) return failed;
    const std::int64_t pid = lock->pid;
    std::string who = "pid " + std::to_string(pid);
    std::optional<ProcessState> holder = ReadProcess(pid);
    if (!holder) return Status::Ok();   // it ended just now
    who += " (" + holder->comm + ", state " + std::string(1, holder->state) + ")";
    std::string frozen;
    if (IsStopped(holder->state)) {
      frozen = "stopped";
    } else if (std::string lapsed = LapsedDaemon(pid); !lapsed.empty()) {
      frozen = lapsed;
    }
    std::string held = "the database is busy: " + who + " holds its " + lock->lock + " (waited " +
                       FormatSeconds(options_.busy_timeout_ms) + " s or more)";
    constexpr const char* kSafe = "; nothing was changed, it is safe to retry";
    if (frozen.empty()) {
      if (working == pid) return Status::Busy(held + kSafe);
      working = pid;
      return Status::Ok();
    }
    std::optional<ProcessState> self = ReadProcess(SelfIdentity().pid);
    if (!self || self->comm != holder->comm) {
      return Status::Busy(held + ", " + frozen + "; it is not krabuan, so it is left alone: end it (kill " +
                          std::to_string(pid) + ") or let it go on (kill -CONT " + std::to_string(pid) + ")" + kSafe);
    }
    Status killed = KillAndWait(pid, std::chrono::seconds(3));
    if (!killed.ok()) {
      return Status::Busy(held + ", " + frozen + "; " + killed.message() + " (its user can: kill -KILL " +
                          std::to_string(pid) + ")" + kSafe);
    }
    std::string line = who + " held the database's " + lock->lock + " while " + frozen +
                       "; it was killed (SIGKILL): its unfinished transaction is rolled back and the others go on";
    if (options_.notice) {
      options_.notice(line);
    } else {
      std::cerr << "krabuan: " << line << "\n";
    }
    return Status::Ok();
  }

  // Non-empty when `pid` is the timer daemon holding the lease, alive, whose lease lapsed:
  // it holds the lock without heartbeating, which a working daemon never does.
  std::string LapsedDaemon(std::int64_t pid) {
    try {
      SQLite::Statement q(db_, "SELECT pid, boot_id, pid_ns, start_ticks, expires_at, stopped FROM daemon WHERE id = 1");
      if (!q.executeStep() || q.getColumn(0).getInt64() != pid || q.getColumn(5).getInt() != 0) return "";
      ProcessIdentity id{q.getColumn(1).getString(), static_cast<std::uint64_t>(q.getColumn(2).getInt64()), pid,
                         static_cast<std::uint64_t>(q.getColumn(3).getInt64())};
      Instant expires = TimeOf(q.getColumn(4));
      if (LivenessOf(id) != Liveness::kAlive || expires >= SystemClock().Now()) return "";
      return "the timer daemon, its lease lapsed at " + FormatInstantUtc(expires);
    } catch (const std::exception&) {
      return "";   // an older schema, or no daemon row: no daemon to judge
    }
  }

  SQLite::Database db_;
  SqliteOptions options_;
  bool needs_upgrade_ = false;
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
  std::unordered_set<SQLite::Statement*> in_use_;   // each reset once when the transaction ends
};

SqliteTransaction::~SqliteTransaction() {
  store_.ReleaseStatements();
  if (!done_) {
    try {
      store_.db().exec("ROLLBACK");
    } catch (...) {
      // Nothing more to do: the connection rolls back on close anyway.
    }
  }
}

SQLite::Statement& SqliteTransaction::Stmt(const char* sql) { return store_.Stmt(sql); }
SQLite::Database& SqliteTransaction::db() { return store_.db(); }

Status SqliteTransaction::Commit() {
  store_.ReleaseStatements();
  Status s = Guard([&]() -> Status {
    db().exec(write_ ? "COMMIT" : "ROLLBACK");
    return Status::Ok();
  });
  if (s.ok()) done_ = true;
  return s;
}

namespace {

// A "file:" URI for a path, so that read-only opens can carry mode=ro and immutable=1.
std::string FileUri(const std::string& path, const std::string& query) {
  static const char* kHex = "0123456789ABCDEF";
  std::error_code ec;
  std::string absolute = std::filesystem::absolute(path, ec).string();
  if (ec) absolute = path;
  std::string out = "file://";
  for (unsigned char c : absolute) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
                 c == '-' || c == '_' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out + "?" + query;
}

std::string Quoted(const std::string& path) { return "'" + path + "'"; }

Status NotOurs(const std::string& path) {
  return Status::Storage(Quoted(path) + " is not a Krabuan database (another program's SQLite file); nothing was changed");
}

Status EmptyFile(const std::string& path, SqliteOptions::Mode mode) {
  if (mode == SqliteOptions::Mode::kCreate) return Status::Ok();
  return Status::Storage(Quoted(path) + " is empty, not a Krabuan database; run 'krabuan init' to make one");
}

// Judges an SQLite file by its application_id and, without our mark (empty, made before
// the mark, or another program's), by its tables.
Status JudgeTables(SQLite::Database& db, int app, const SqliteOptions& o) {
  if (app == kKrabuanApplicationId) return Status::Ok();
  if (app != 0) return NotOurs(o.path);
  if (db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() == 0) return EmptyFile(o.path, o.mode);
  for (const char* table : {"schema_version", "definitions", "instances", "tasks", "history"}) {
    if (!db.tableExists(table)) return NotOurs(o.path);
  }
  return Status::Ok();
}

// Whether an existing file may be opened as `o.mode` asks, judged before SQLite writes a
// byte to it or beside it: an empty file only by kCreate, an SQLite file only when it is
// a Krabuan database. Decided from the header (and, without our mark, through an
// immutable open, which locks nothing and makes no -wal or -shm), unless the file has
// pending WAL content the header may not show yet: then `*in_wal` is set and the
// connection that opens it must judge (JudgeTables) before it does anything else.
Status IdentifyFile(const SqliteOptions& o, bool* in_wal) {
  std::error_code ec;
  std::uintmax_t wal_size = std::filesystem::file_size(o.path + "-wal", ec);
  *in_wal = !ec && wal_size > 0;
  if (*in_wal) return Status::Ok();
  std::uintmax_t size = std::filesystem::file_size(o.path, ec);
  if (ec || ::access(o.path.c_str(), R_OK) != 0) {
    return Status::Storage("cannot read database " + Quoted(o.path) + ": " +
                           (ec ? ec.message() : std::string(std::strerror(errno))));
  }
  if (size == 0) return EmptyFile(o.path, o.mode);
  return Guard([&]() -> Status {
    // Read through SQLite, never a file stream of our own: POSIX locks belong to the
    // process, so closing any other descriptor of the file would drop the locks this
    // process's open connections hold on it (the daemon opens a second one for delivery),
    // and the next process to close would take itself for the last, checkpoint, and
    // delete the WAL under them. SQLite keeps such a descriptor open until they are done.
    SQLite::Database db(FileUri(o.path, "mode=ro&immutable=1"), SQLite::OPEN_READONLY | SQLite::OPEN_URI);
    int app = 0;
    try {
      app = db.execAndGet("PRAGMA application_id").getInt();
    } catch (const SQLite::Exception& e) {
      if (e.getErrorCode() != SQLITE_NOTADB) throw;
      return Status::Storage(Quoted(o.path) + " is not a Krabuan database (not an SQLite file); nothing was changed");
    }
    return JudgeTables(db, app, o);
  });
}

bool Writable(const std::filesystem::path& p) { return ::access(p.c_str(), W_OK) == 0; }

// One connection as `options.mode` asks, set up and migrated (not in kReadOnly); `judge`:
// the file must first pass JudgeTables on it.
Result<std::unique_ptr<SqliteStore>> OpenOnce(const SqliteOptions& options, bool immutable, bool judge) {
  std::unique_ptr<SqliteStore> store;
  Status s = Guard([&]() -> Status {
    int flags = SQLite::OPEN_FULLMUTEX;
    std::string name = options.path;
    if (options.mode != SqliteOptions::Mode::kReadOnly) {
      flags |= SQLite::OPEN_READWRITE;
      if (options.mode == SqliteOptions::Mode::kCreate) flags |= SQLite::OPEN_CREATE;
    } else if (!immutable && Writable(options.path) &&
               Writable(std::filesystem::absolute(options.path).parent_path())) {
      // A file the user may write, read through a connection that cleans its -wal and
      // -shm up when it closes (query_only keeps it from writing anything else).
      flags |= SQLite::OPEN_READWRITE;
    } else {
      flags |= SQLite::OPEN_READONLY | SQLite::OPEN_URI;
      name = FileUri(options.path, immutable ? "mode=ro&immutable=1" : "mode=ro");
    }
    store = std::make_unique<SqliteStore>(options, SQLite::Database(name, flags));
    return Status::Ok();
  });
  if (s.ok()) {
    std::function<Status(SQLite::Database&)> judging;
    if (judge) {
      judging = [&options](SQLite::Database& db) {
        return JudgeTables(db, db.execAndGet("PRAGMA application_id").getInt(), options);
      };
    }
    s = store->Open(judging);
  }
  if (!s.ok()) {
    bool named = s.kind() == ErrorKind::kBusy || s.message().find(options.path) != std::string::npos;
    return named ? s : s.WithPrefix("database " + Quoted(options.path) + ": ");
  }
  return store;
}

}  // namespace
}  // namespace krabuan::sqlite

namespace krabuan {

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  using sqlite::IdentifyFile, sqlite::OpenOnce, sqlite::Quoted, sqlite::SqliteStore;
  using Mode = SqliteOptions::Mode;
  std::error_code ec;
  std::filesystem::file_status st = std::filesystem::status(options.path, ec);
  bool exists = std::filesystem::exists(st);
  if (options.mode != Mode::kCreate && !exists) return Status::Storage("no database at " + Quoted(options.path));
  if (std::filesystem::is_directory(st)) {
    return Status::Storage("cannot use database " + Quoted(options.path) + ": it is a folder");
  }
  bool judge = false;
  if (exists) KRABUAN_RETURN_IF_ERROR(IdentifyFile(options, &judge));
  Result<std::unique_ptr<SqliteStore>> store = OpenOnce(options, /*immutable=*/false, judge);
  if (!store.ok() && options.mode == Mode::kReadOnly && store.status().kind() == ErrorKind::kStorage &&
      !std::filesystem::exists(options.path + "-wal", ec)) {
    // A read-only WAL database needs its -shm file, which cannot be made in a folder the
    // user cannot write to. Without a -wal file nothing is pending: read it as immutable.
    Result<std::unique_ptr<SqliteStore>> immutable = OpenOnce(options, /*immutable=*/true, judge);
    if (immutable.ok()) store = std::move(immutable);
  }
  if (!store.ok()) return store.status();
  if ((*store)->needs_upgrade()) {
    // An older schema: upgrade it once (when the file may be written), then read.
    store->reset();
    SqliteOptions writable = options;
    writable.mode = Mode::kReadWrite;
    Result<std::unique_ptr<SqliteStore>> upgraded = OpenOnce(writable, false, false);
    if (!upgraded.ok()) {
      return Status::Storage("database " + Quoted(options.path) + " has an older schema that must be upgraded " +
                             "before this program can read it, and it cannot be written: " +
                             upgraded.status().message());
    }
    upgraded->reset();
    store = OpenOnce(options, false, false);
    if (!store.ok()) return store.status();
  }
  return std::unique_ptr<Store>(std::move(store.value()));
}

int CurrentSchemaVersion() { return static_cast<int>(sqlite::Migrations().size()); }

}  // namespace krabuan
