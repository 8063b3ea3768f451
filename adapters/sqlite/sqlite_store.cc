#include "adapters/sqlite/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <unordered_map>
#include <unordered_set>

#include "adapters/process/process_info.h"
#include "adapters/sqlite/migrations.h"
#include "adapters/sqlite/write_lock.h"
#include "engine/clock.h"

namespace krabuan {
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

// A failed SQLite call as a Status: the kind says whose problem it is (the CLI's exit code).
Status FromSqliteError(int extended_code, const std::string& what) {
  switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy("the database is busy: another writer held it longer than the busy timeout (" + what +
                          "); nothing was changed, it is safe to retry");
    case SQLITE_PROTOCOL:
      return Status::Busy("the database's locks could not be taken (a process holding them is stopped or stuck: " +
                          what + "); nothing was changed, it is safe to retry");
    case SQLITE_CONSTRAINT:
      return Status::Conflict("constraint violated: " + what);
    case SQLITE_READONLY:
      return Status::Storage("the database is read-only (" + what + ")");
    case SQLITE_FULL:
      return Status::Storage("the disk is full (" + what + "); nothing was changed");
    case SQLITE_NOTADB:
      return Status::Storage("not a Krabuan database: not an SQLite file (" + what + ")");
    case SQLITE_CORRUPT:
      return Status::Storage("the database file is damaged (" + what + ")");
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
    case SQLITE_IOERR:
    case SQLITE_NOLFS:
      return Status::Storage("database error: " + what);
    default:
      return Status::Internal("database error: " + what);
  }
}

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
std::string TimeText(Instant t) {
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
Instant TimeOf(const SQLite::Column& c) {
  Result<Instant> r = ParseInstant(c.getString());
  if (!r.ok()) throw std::runtime_error("unreadable time '" + c.getString() + "' in column " + c.getName());
  return *r;
}

std::optional<Instant> OptTimeOf(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return TimeOf(c);
}

// How a value is bound: times as the UTC text the columns hold, an unset time as NULL,
// dates as ISO text, names (enum names) as text, bools as 0 or 1.
struct Blob {
  const void* data;
  int size;
};
void BindValue(SQLite::Statement& st, int i, int v) { st.bind(i, v); }
void BindValue(SQLite::Statement& st, int i, std::int64_t v) { st.bind(i, v); }
void BindValue(SQLite::Statement& st, int i, bool v) { st.bind(i, v ? 1 : 0); }
void BindValue(SQLite::Statement& st, int i, const std::string& v) { st.bind(i, v); }
void BindValue(SQLite::Statement& st, int i, std::string_view v) { st.bind(i, std::string(v)); }
void BindValue(SQLite::Statement& st, int i, Blob v) { st.bind(i, v.data, v.size); }
void BindValue(SQLite::Statement& st, int i, Instant t) { st.bind(i, TimeText(t)); }
void BindValue(SQLite::Statement& st, int i, Date d) { st.bind(i, FormatIsoDate(d)); }
void BindValue(SQLite::Statement& st, int i, const std::optional<Instant>& t) {
  if (t) {
    st.bind(i, TimeText(*t));
  } else {
    st.bind(i);  // NULL
  }
}

// Binds `args` to the statement's parameters 1, 2, ... in order (as SQLite::bind does,
// with the conversions above), so that a call reads Bind(q, a, b).exec() or
// Bind(q, id).executeStep().
template <typename... Args>
SQLite::Statement& Bind(SQLite::Statement& st, const Args&... args) {
  int i = 0;
  (BindValue(st, ++i, args), ...);
  return st;
}

#define KRABUAN_TASK_COLUMNS_T                                                                                  \
  "t.id, t.instance_id, t.token_id, t.process_id, t.node_id, t.name, t.role, t.assignee, t.state, t.outcome, "    \
  "t.created_at, t.due_at, t.completed_at, t.completed_by, t.item, t.escalated_to, t.acting_for"

// Binds a named parameter when the statement has it (listings vary with their filters).
template <typename V>
void BindNamed(SQLite::Statement& st, const std::string& name, const V& value) {
  if (int i = st.getIndex(name.c_str()); i > 0) st.bind(i, value);
}

std::string NamedList(const std::string& prefix, std::size_t n) {
  std::string list = "(";
  for (std::size_t i = 0; i < n; ++i) list += (i ? ", :" : ":") + prefix + std::to_string(i);
  return list + ")";
}

// The filters every half of a task listing shares; `t` qualifies the columns.
std::string TaskFilter(const TaskQuery& q, const std::string& t) {
  std::string w = q.open_only ? t + "state = 'open'" : "1 = 1";
  if (q.instance) w += " AND " + t + "instance_id = :instance";
  if (!q.role.empty()) w += " AND " + t + "role = :role";
  if (q.due_before) w += " AND " + t + "due_at < :due";
  return w;
}

// The ids of a user's tasks: one SELECT per way a task comes to them, each served by an
// index (tasks_open_by_assignee, tasks_open_by_role, tasks_open_by_escalated_to); UNION
// drops a task that comes more than one way.
std::string TaskIdsSql(const TaskQuery& q) {
  std::vector<std::string> halves = {"assignee = :login"};
  if (!q.roles.empty()) halves.push_back("assignee = '' AND role IN " + NamedList("r", q.roles.size()));
  if (!q.recorded_roles.empty()) {
    // A school's task, which an officer may record for it.
    halves.push_back("item <> '' AND assignee <> :login AND role IN " + NamedList("rr", q.recorded_roles.size()));
  }
  if (!q.escalated_to.empty()) halves.push_back("escalated_to = :escalated");
  for (std::size_t i = 0; i < q.principals.size(); ++i) {
    std::string n = std::to_string(i);
    halves.push_back("item = '' AND assignee = :p" + n);
    halves.push_back("item = '' AND assignee = '' AND role = :pr" + n);
  }
  std::string filter = TaskFilter(q, "");
  std::string sql;
  for (const std::string& h : halves) sql += (sql.empty() ? "" : " UNION ") + ("SELECT id FROM tasks WHERE " + filter + " AND " + h);
  return sql;
}

void BindTaskQuery(SQLite::Statement& st, const TaskQuery& q) {
  if (q.instance) BindNamed(st, ":instance", *q.instance);
  BindNamed(st, ":role", q.role);
  if (q.due_before) BindNamed(st, ":due", TimeText(*q.due_before));
  BindNamed(st, ":login", q.assignee);
  BindNamed(st, ":escalated", q.escalated_to);
  for (std::size_t i = 0; i < q.roles.size(); ++i) BindNamed(st, ":r" + std::to_string(i), q.roles[i]);
  for (std::size_t i = 0; i < q.recorded_roles.size(); ++i) BindNamed(st, ":rr" + std::to_string(i), q.recorded_roles[i]);
  for (std::size_t i = 0; i < q.principals.size(); ++i) {
    BindNamed(st, ":p" + std::to_string(i), q.principals[i].first);
    BindNamed(st, ":pr" + std::to_string(i), q.principals[i].second);
  }
}

// The latest version of each process, its running instances counted from
// instances_by_process and its recurring start from timers_recur, with the total.
constexpr const char* kProcessPageSql =
    "SELECT d.id, d.process_id, d.version, d.name, d.hash, d.file, d.deployed_at, d.deployed_by, d.forced, "
    "d.findings, (SELECT COUNT(*) FROM instances n WHERE n.process_id = d.process_id AND n.state = 'running'), "
    "r.id, r.due_at, r.error, (SELECT COUNT(DISTINCT process_id) FROM definitions) "
    "FROM definitions d LEFT JOIN timers r ON r.kind = 'recur' AND r.process_id = d.process_id "
    "WHERE d.version = (SELECT MAX(e.version) FROM definitions e WHERE e.process_id = d.process_id) "
    "ORDER BY d.process_id LIMIT :limit";

class SqliteStore;

class SqliteTransaction final : public StoreTransaction {
 public:
  SqliteTransaction(SqliteStore& store, bool write) : store_(store), write_(write) {}
  ~SqliteTransaction() override;

  Result<std::optional<DefinitionRecord>> LatestDefinition(const std::string& process_id) override;
  Result<DefinitionRecord> DefinitionById(DefinitionId id) override;
  Result<std::vector<DefinitionRecord>> LatestDefinitions() override;
  Result<DefinitionId> InsertDefinition(const DefinitionRecord& d) override;
  Result<std::optional<DocumentRecord>> LatestDocument(DocumentKind kind) override;
  Result<std::int64_t> LatestDocumentId(DocumentKind kind) override;
  Status InsertDocument(const DocumentRecord& d) override;
  Result<InstanceId> InsertInstance(const InstanceRecord& i) override;
  Result<std::optional<InstanceRecord>> FindInstance(InstanceId id) override;
  Result<bool> RunningKeyExists(const std::string& process_id, const std::string& key) override;
  Status UpdateInstance(const InstanceRecord& i) override;
  Result<Page<InstanceRecord>> ListInstances(const InstanceQuery& q, int limit) override;
  Result<Page<ProcessSummary>> ListProcesses(int limit) override;
  Result<std::vector<TokenRecord>> TokensOf(InstanceId instance) override;
  Result<TokenId> InsertToken(const TokenRecord& t) override;
  Status DeleteToken(TokenId id) override;
  Result<std::optional<TaskRecord>> FindTask(TaskId id) override;
  Result<TaskId> InsertTask(const TaskRecord& t) override;
  Status UpdateTask(const TaskRecord& t) override;
  Result<std::vector<TaskRecord>> ListTasks(const TaskQuery& q) override;
  Result<Page<ListedTask>> PageTasks(const TaskQuery& q, int limit) override;
  Result<VariableMap> VariablesOf(InstanceId instance) override;
  Status SetVariable(InstanceId instance, const std::string& name, const Value& v) override;
  Result<std::string> LastHistoryHash(InstanceId instance) override;
  Status AppendHistory(const HistoryRecord& h) override;
  Result<std::vector<HistoryRecord>> HistoryOf(InstanceId instance) override;
  Result<std::int64_t> InsertTimer(const TimerRecord& t) override;
  Result<std::vector<TimerRecord>> DueTimers(Instant now, int limit) override;
  Result<std::optional<Instant>> NextTimerDue() override;
  Status DeleteTimer(std::int64_t id) override;
  Status DeleteTimersOfToken(InstanceId instance, TokenId token) override;
  Status DeleteTimersOfInstance(InstanceId instance) override;
  Result<std::vector<TimerRecord>> TimersOfInstance(InstanceId instance) override;
  Status DeleteTimersAt(InstanceId instance, TimerKind kind, const std::string& node_id) override;
  Status MarkTimerFailed(std::int64_t id, const std::string& error) override;
  Status DeleteTimersOfTask(InstanceId instance, TaskId task) override;
  Result<TimerCounts> CountTimers() override;
  Result<std::vector<TimerRecord>> FailedTimers(int limit) override;
  Result<std::optional<TimerRecord>> FindTimer(std::int64_t id) override;
  Status RearmTimer(std::int64_t id) override;
  Result<std::optional<DaemonRecord>> ReadDaemon() override;
  Status WriteDaemon(const DaemonRecord& d) override;
  Result<std::vector<TimerRecord>> RecurTimers() override;
  Status DeleteRecurTimer(const std::string& process_id) override;
  Result<bool> OccurrenceRecorded(const std::string& process_id, Instant occurrence) override;
  Status RecordOccurrence(const std::string& process_id, Instant occurrence, InstanceId instance) override;
  Result<std::int64_t> InsertAlert(const AlertRecord& a) override;
  Result<std::int64_t> InsertAbsence(const AbsenceRecord& a) override;
  Result<std::optional<AbsenceRecord>> FindAbsence(std::int64_t id) override;
  Status CancelAbsence(std::int64_t id, const std::string& by, Instant at) override;
  Result<std::vector<AbsenceRecord>> ListAbsences(Date from) override;
  Result<bool> IsAbsent(const std::string& login, Date day) override;
  Result<std::vector<AlertRecord>> ListAlerts(int limit) override;
  Result<std::int64_t> CountAlerts() override;
  Result<std::optional<AlertRecord>> FindAlert(std::int64_t id) override;
  Status EnqueueDeliveries(const std::string& sink, Instant now) override;
  Result<bool> HasUnqueuedAlerts(const std::string& sink) override;
  Result<std::vector<DeliveryRecord>> DueDeliveries(const std::vector<std::string>& sinks, Instant now,
                                                    int limit) override;
  Result<std::optional<Instant>> NextDeliveryDue(const std::vector<std::string>& sinks) override;
  Status UpdateDelivery(const DeliveryRecord& d) override;
  Result<std::vector<DeliveryRecord>> DeliveriesOf(std::int64_t first_alert, std::int64_t last_alert) override;
  // Prepared once and reused: the daemon takes a savepoint per timer.
  Status Savepoint() override { return ExecCached("SAVEPOINT step"); }
  Status ReleaseSavepoint() override { return ExecCached("RELEASE step"); }
  Status RollbackToSavepoint() override { return ExecCached("ROLLBACK TO step"); }
  Status Commit() override;

 private:
  SQLite::Statement& Stmt(const char* sql);
  SQLite::Database& db();
  Status Exec(const char* sql) {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    return Guard([&]() -> Status {
      db().exec(sql);
      return Status::Ok();
    });
  }
  Status ExecCached(const char* sql) {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    return Guard([&]() -> Status {
      Stmt(sql).exec();
      return Status::Ok();
    });
  }
  Status RequireWrite() const {
    return write_ ? Status::Ok() : Status::Internal("write attempted in a read transaction");
  }

  SqliteStore& store_;
  bool write_;
  bool done_ = false;
};

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

DefinitionRecord ReadDefinition(SQLite::Statement& q) {
  DefinitionRecord d;
  d.id = q.getColumn(0).getInt64();
  d.process_id = q.getColumn(1).getString();
  d.version = q.getColumn(2).getInt();
  d.name = q.getColumn(3).getString();
  d.hash = q.getColumn(4).getString();
  d.source = q.getColumn(5).getString();
  d.file = q.getColumn(6).getString();
  d.deployed_at = TimeOf(q.getColumn(7));
  d.deployed_by = q.getColumn(8).getString();
  d.forced = q.getColumn(9).getInt() != 0;
  d.findings = q.getColumn(10).getString();
  return d;
}

Result<std::optional<DefinitionRecord>> SqliteTransaction::LatestDefinition(const std::string& process_id) {
  return Guard([&]() -> Result<std::optional<DefinitionRecord>> {
    auto& q = Stmt("SELECT id, process_id, version, name, hash, source, file, deployed_at, deployed_by, forced, findings "
                   "FROM definitions WHERE process_id = ? ORDER BY version DESC LIMIT 1");
    if (!Bind(q, process_id).executeStep()) return std::optional<DefinitionRecord>();
    return std::optional<DefinitionRecord>(ReadDefinition(q));
  });
}

Result<DefinitionRecord> SqliteTransaction::DefinitionById(DefinitionId id) {
  return Guard([&]() -> Result<DefinitionRecord> {
    auto& q = Stmt("SELECT id, process_id, version, name, hash, source, file, deployed_at, deployed_by, forced, findings "
                   "FROM definitions WHERE id = ?");
    if (!Bind(q, id).executeStep()) return Status::NotFound("no process definition " + std::to_string(id));
    return ReadDefinition(q);
  });
}

Result<std::vector<DefinitionRecord>> SqliteTransaction::LatestDefinitions() {
  return Guard([&]() -> Result<std::vector<DefinitionRecord>> {
    auto& q = Stmt("SELECT d.id, d.process_id, d.version, d.name, d.hash, d.source, d.file, d.deployed_at, "
                   "d.deployed_by, d.forced, d.findings FROM definitions d WHERE d.version = "
                   "(SELECT MAX(version) FROM definitions e WHERE e.process_id = d.process_id) "
                   "ORDER BY d.process_id");
    std::vector<DefinitionRecord> out;
    while (q.executeStep()) out.push_back(ReadDefinition(q));
    return out;
  });
}

Result<DefinitionId> SqliteTransaction::InsertDefinition(const DefinitionRecord& d) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<DefinitionId> {
    auto& q = Stmt("INSERT INTO definitions (process_id, version, name, hash, source, file, deployed_at, "
                   "deployed_by, forced, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Bind(q, d.process_id, d.version, d.name, d.hash, d.source, d.file, d.deployed_at, d.deployed_by, d.forced,
         d.findings).exec();
    return static_cast<DefinitionId>(db().getLastInsertRowid());
  });
}

Result<std::optional<DocumentRecord>> SqliteTransaction::LatestDocument(DocumentKind kind) {
  return Guard([&]() -> Result<std::optional<DocumentRecord>> {
    auto& q = Stmt("SELECT id, hash, source, file, deployed_at, deployed_by FROM documents WHERE kind = ? "
                   "ORDER BY id DESC LIMIT 1");
    if (!Bind(q, DocumentKindName(kind)).executeStep()) return std::optional<DocumentRecord>();
    DocumentRecord d;
    d.id = q.getColumn(0).getInt64();
    d.kind = kind;
    d.hash = q.getColumn(1).getString();
    d.source = q.getColumn(2).getString();
    d.file = q.getColumn(3).getString();
    d.deployed_at = TimeOf(q.getColumn(4));
    d.deployed_by = q.getColumn(5).getString();
    return std::optional<DocumentRecord>(std::move(d));
  });
}

Result<std::int64_t> SqliteTransaction::LatestDocumentId(DocumentKind kind) {
  return Guard([&]() -> Result<std::int64_t> {
    auto& q = Stmt("SELECT COALESCE(MAX(id), 0) FROM documents WHERE kind = ?");
    Bind(q, DocumentKindName(kind)).executeStep();
    return q.getColumn(0).getInt64();
  });
}

Status SqliteTransaction::InsertDocument(const DocumentRecord& d) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("INSERT INTO documents (kind, hash, source, file, deployed_at, deployed_by) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
    Bind(q, DocumentKindName(d.kind), d.hash, d.source, d.file, d.deployed_at, d.deployed_by).exec();
    return Status::Ok();
  });
}

InstanceRecord ReadInstance(SQLite::Statement& q) {
  InstanceRecord i;
  i.id = q.getColumn(0).getInt64();
  i.definition_id = q.getColumn(1).getInt64();
  i.process_id = q.getColumn(2).getString();
  i.version = q.getColumn(3).getInt();
  i.business_key = q.getColumn(4).getString();
  i.state = InstanceStateFromName(q.getColumn(5).getString()).value_or(InstanceState::kRunning);
  i.started_at = TimeOf(q.getColumn(6));
  i.started_by = q.getColumn(7).getString();
  i.ended_at = OptTimeOf(q.getColumn(8));
  i.end_reason = q.getColumn(9).getString();
  return i;
}

#define KRABUAN_INSTANCE_COLUMNS \
  "id, definition_id, process_id, version, business_key, state, started_at, started_by, ended_at, end_reason"

Result<InstanceId> SqliteTransaction::InsertInstance(const InstanceRecord& i) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<InstanceId> {
    auto& q = Stmt("INSERT INTO instances (definition_id, process_id, version, business_key, state, started_at, "
                   "started_by, ended_at, end_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Bind(q, i.definition_id, i.process_id, i.version, i.business_key, InstanceStateName(i.state), i.started_at,
         i.started_by, i.ended_at, i.end_reason).exec();
    return static_cast<InstanceId>(db().getLastInsertRowid());
  });
}

Result<std::optional<InstanceRecord>> SqliteTransaction::FindInstance(InstanceId id) {
  return Guard([&]() -> Result<std::optional<InstanceRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_INSTANCE_COLUMNS " FROM instances WHERE id = ?");
    if (!Bind(q, id).executeStep()) return std::optional<InstanceRecord>();
    return std::optional<InstanceRecord>(ReadInstance(q));
  });
}

Result<bool> SqliteTransaction::RunningKeyExists(const std::string& process_id, const std::string& key) {
  return Guard([&]() -> Result<bool> {
    auto& q = Stmt("SELECT 1 FROM instances WHERE process_id = ? AND business_key = ? AND state = 'running' "
                   "AND business_key <> ''");
    return Bind(q, process_id, key).executeStep();
  });
}

Status SqliteTransaction::UpdateInstance(const InstanceRecord& i) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("UPDATE instances SET state = ?, ended_at = ?, end_reason = ? WHERE id = ?");
    Bind(q, InstanceStateName(i.state), i.ended_at, i.end_reason, i.id).exec();
    return Status::Ok();
  });
}

Result<Page<InstanceRecord>> SqliteTransaction::ListInstances(const InstanceQuery& qry, int limit) {
  return Guard([&]() -> Result<Page<InstanceRecord>> {
    SQLite::Statement q(db(), InstancePageSql(qry));
    BindNamed(q, ":process", qry.process_id);
    if (qry.state) BindNamed(q, ":state", std::string(InstanceStateName(*qry.state)));
    BindNamed(q, ":limit", limit > 0 ? limit : -1);
    Page<InstanceRecord> out;
    while (q.executeStep()) {
      out.rows.push_back(ReadInstance(q));
      out.total = q.getColumn(10).getInt64();
    }
    return out;
  });
}

Result<Page<ProcessSummary>> SqliteTransaction::ListProcesses(int limit) {
  return Guard([&]() -> Result<Page<ProcessSummary>> {
    auto& q = Stmt(kProcessPageSql);
    q.bind(":limit", limit > 0 ? limit : -1);
    Page<ProcessSummary> out;
    while (q.executeStep()) {
      ProcessSummary p;
      DefinitionRecord& d = p.definition;
      d.id = q.getColumn(0).getInt64();
      d.process_id = q.getColumn(1).getString();
      d.version = q.getColumn(2).getInt();
      d.name = q.getColumn(3).getString();
      d.hash = q.getColumn(4).getString();
      d.file = q.getColumn(5).getString();
      d.deployed_at = TimeOf(q.getColumn(6));
      d.deployed_by = q.getColumn(7).getString();
      d.forced = q.getColumn(8).getInt() != 0;
      d.findings = q.getColumn(9).getString();
      p.running = q.getColumn(10).getInt();
      if (!q.getColumn(11).isNull()) {
        TimerRecord t;
        t.id = q.getColumn(11).getInt64();
        t.due_at = TimeOf(q.getColumn(12));
        t.kind = TimerKind::kRecur;
        t.error = q.getColumn(13).getString();
        t.process_id = d.process_id;
        p.next_start = std::move(t);
      }
      out.total = q.getColumn(14).getInt64();
      out.rows.push_back(std::move(p));
    }
    return out;
  });
}

Result<std::vector<TokenRecord>> SqliteTransaction::TokensOf(InstanceId instance) {
  return Guard([&]() -> Result<std::vector<TokenRecord>> {
    auto& q = Stmt("SELECT id, instance_id, node_id, arrived_from FROM tokens WHERE instance_id = ? ORDER BY id");
    Bind(q, instance);
    std::vector<TokenRecord> out;
    while (q.executeStep()) {
      out.push_back(TokenRecord{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                                q.getColumn(3).getString()});
    }
    return out;
  });
}

Result<TokenId> SqliteTransaction::InsertToken(const TokenRecord& t) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<TokenId> {
    auto& q = Stmt("INSERT INTO tokens (instance_id, node_id, arrived_from) VALUES (?, ?, ?)");
    Bind(q, t.instance_id, t.node_id, t.arrived_from).exec();
    return static_cast<TokenId>(db().getLastInsertRowid());
  });
}

Status SqliteTransaction::DeleteToken(TokenId id) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("DELETE FROM tokens WHERE id = ?");
    Bind(q, id).exec();
    return Status::Ok();
  });
}

#define KRABUAN_TASK_COLUMNS                                                                          \
  "id, instance_id, token_id, process_id, node_id, name, role, assignee, state, outcome, created_at, " \
  "due_at, completed_at, completed_by, item, escalated_to, acting_for"

TaskRecord ReadTask(SQLite::Statement& q) {
  TaskRecord t;
  t.id = q.getColumn(0).getInt64();
  t.instance_id = q.getColumn(1).getInt64();
  t.token_id = q.getColumn(2).getInt64();
  t.process_id = q.getColumn(3).getString();
  t.node_id = q.getColumn(4).getString();
  t.name = q.getColumn(5).getString();
  t.role = q.getColumn(6).getString();
  t.assignee = q.getColumn(7).getString();
  t.state = TaskStateFromName(q.getColumn(8).getString()).value_or(TaskState::kOpen);
  t.outcome = q.getColumn(9).getString();
  t.created_at = TimeOf(q.getColumn(10));
  t.due_at = OptTimeOf(q.getColumn(11));
  t.completed_at = OptTimeOf(q.getColumn(12));
  t.completed_by = q.getColumn(13).getString();
  t.item = q.getColumn(14).getString();
  t.escalated_to = q.getColumn(15).getString();
  t.acting_for = q.getColumn(16).getString();
  return t;
}

Result<std::optional<TaskRecord>> SqliteTransaction::FindTask(TaskId id) {
  return Guard([&]() -> Result<std::optional<TaskRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_TASK_COLUMNS " FROM tasks WHERE id = ?");
    if (!Bind(q, id).executeStep()) return std::optional<TaskRecord>();
    return std::optional<TaskRecord>(ReadTask(q));
  });
}

Result<TaskId> SqliteTransaction::InsertTask(const TaskRecord& t) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<TaskId> {
    auto& q = Stmt("INSERT INTO tasks (instance_id, token_id, process_id, node_id, name, role, assignee, state, "
                   "outcome, created_at, due_at, completed_at, completed_by, item, escalated_to, acting_for) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Bind(q, t.instance_id, t.token_id, t.process_id, t.node_id, t.name, t.role, t.assignee, TaskStateName(t.state),
         t.outcome, t.created_at, t.due_at, t.completed_at, t.completed_by, t.item, t.escalated_to,
         t.acting_for).exec();
    return static_cast<TaskId>(db().getLastInsertRowid());
  });
}

Status SqliteTransaction::UpdateTask(const TaskRecord& t) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("UPDATE tasks SET assignee = ?, state = ?, outcome = ?, due_at = ?, completed_at = ?, "
                   "completed_by = ?, escalated_to = ?, acting_for = ? WHERE id = ?");
    Bind(q, t.assignee, TaskStateName(t.state), t.outcome, t.due_at, t.completed_at, t.completed_by, t.escalated_to,
         t.acting_for, t.id).exec();
    return Status::Ok();
  });
}

Result<std::vector<TaskRecord>> SqliteTransaction::ListTasks(const TaskQuery& qry) {
  return Guard([&]() -> Result<std::vector<TaskRecord>> {
    SQLite::Statement q(db(), TaskListSql(qry));
    BindTaskQuery(q, qry);
    std::vector<TaskRecord> out;
    while (q.executeStep()) out.push_back(ReadTask(q));
    return out;
  });
}

Result<Page<ListedTask>> SqliteTransaction::PageTasks(const TaskQuery& qry, int limit) {
  return Guard([&]() -> Result<Page<ListedTask>> {
    SQLite::Statement q(db(), TaskPageSql(qry));
    BindTaskQuery(q, qry);
    BindNamed(q, ":limit", limit > 0 ? limit : -1);
    Page<ListedTask> out;
    while (q.executeStep()) {
      out.rows.push_back(ListedTask{ReadTask(q), q.getColumn(17).getInt64(), q.getColumn(18).getString()});
      out.total = q.getColumn(19).getInt64();
    }
    return out;
  });
}

Result<VariableMap> SqliteTransaction::VariablesOf(InstanceId instance) {
  return Guard([&]() -> Result<VariableMap> {
    auto& q = Stmt("SELECT name, type, value FROM variables WHERE instance_id = ?");
    Bind(q, instance);
    VariableMap out;
    while (q.executeStep()) {
      std::string name = q.getColumn(0).getString();
      auto type = ValueTypeFromName(q.getColumn(1).getString());
      if (!type) return Status::Internal("variable '" + name + "' has an unknown stored type");
      Result<Value> v = ParseStoredValue(*type, q.getColumn(2).getString());
      if (!v.ok()) return Status::Internal("variable '" + name + "' is stored badly: " + v.status().message());
      out.emplace(std::move(name), std::move(v.value()));
    }
    return out;
  });
}

Status SqliteTransaction::SetVariable(InstanceId instance, const std::string& name, const Value& v) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("INSERT INTO variables (instance_id, name, type, value) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (instance_id, name) DO UPDATE SET type = excluded.type, value = excluded.value");
    Bind(q, instance, name, ValueTypeName(v.type()), v.ToText()).exec();
    return Status::Ok();
  });
}

// History hashes are hex in the engine (what HistoryHash covers and `show` prints) and
// 32 raw bytes in the file: half the size of the hex text.
std::string HashHex(const SQLite::Column& c) {
  static const char* kDigits = "0123456789abcdef";
  const auto* bytes = static_cast<const unsigned char*>(c.getBlob());
  int n = c.getBytes();
  std::string out(static_cast<std::size_t>(n) * 2, '0');
  for (int i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xF];
  }
  return out;
}

Result<std::string> HashBytes(const std::string& hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Status::Internal("a history hash is not hex: '" + hex + "'");
    out[i] = static_cast<char>(hi << 4 | lo);
  }
  if (out.size() != 32 || hex.size() != 64) return Status::Internal("a history hash is not SHA-256: '" + hex + "'");
  return out;
}

Result<std::string> SqliteTransaction::LastHistoryHash(InstanceId instance) {
  return Guard([&]() -> Result<std::string> {
    auto& q = Stmt("SELECT hash FROM history WHERE instance_id = ? ORDER BY id DESC LIMIT 1");
    if (!Bind(q, instance).executeStep()) return std::string();
    return HashHex(q.getColumn(0));
  });
}

Status SqliteTransaction::AppendHistory(const HistoryRecord& h) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  Result<std::string> hash = HashBytes(h.hash);
  if (!hash.ok()) return hash.status();
  return Guard([&]() -> Status {
    // No prev_hash column: a row's predecessor is the instance's row before it, whose hash
    // HistoryOf hands back as prev_hash, so the chain is checked as before.
    auto& q = Stmt("INSERT INTO history (instance_id, at, user, role, capacity, action, node_id, task_id, detail, "
                   "comment, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Bind(q, h.instance_id, h.at, h.user, h.role, ActingCapacityName(h.capacity), h.action, h.node_id, h.task_id,
         h.detail, h.comment, Blob{hash->data(), static_cast<int>(hash->size())}).exec();
    return Status::Ok();
  });
}

Result<std::vector<HistoryRecord>> SqliteTransaction::HistoryOf(InstanceId instance) {
  return Guard([&]() -> Result<std::vector<HistoryRecord>> {
    auto& q = Stmt("SELECT id, instance_id, at, user, role, capacity, action, node_id, task_id, detail, comment, "
                   "hash FROM history WHERE instance_id = ? ORDER BY id");
    Bind(q, instance);
    std::vector<HistoryRecord> out;
    while (q.executeStep()) {
      HistoryRecord h;
      h.id = q.getColumn(0).getInt64();
      h.instance_id = q.getColumn(1).getInt64();
      h.at = TimeOf(q.getColumn(2));
      h.user = q.getColumn(3).getString();
      h.role = q.getColumn(4).getString();
      std::optional<ActingCapacity> capacity = ActingCapacityFromName(q.getColumn(5).getString());
      if (!capacity) throw std::runtime_error("unreadable capacity '" + q.getColumn(5).getString() + "' in history row " + std::to_string(h.id));
      h.capacity = *capacity;
      h.action = q.getColumn(6).getString();
      h.node_id = q.getColumn(7).getString();
      h.task_id = q.getColumn(8).getInt64();
      h.detail = q.getColumn(9).getString();
      h.comment = q.getColumn(10).getString();
      h.prev_hash = out.empty() ? std::string() : out.back().hash;
      h.hash = HashHex(q.getColumn(11));
      out.push_back(std::move(h));
    }
    return out;
  });
}

Result<std::int64_t> SqliteTransaction::InsertTimer(const TimerRecord& t) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<std::int64_t> {
    auto& q = Stmt("INSERT INTO timers (due_at, kind, instance_id, token_id, node_id, task_id, process_id, firing, "
                   "on_timer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Bind(q, t.due_at, TimerKindName(t.kind), t.instance_id, t.token_id, t.node_id, t.task_id, t.process_id,
         static_cast<std::int64_t>(t.firing), t.on_timer).exec();
    return static_cast<std::int64_t>(db().getLastInsertRowid());
  });
}

namespace {

// A macro so that each query stays one string literal (statements are cached by their text).
#define KRABUAN_TIMER_COLUMNS \
  "id, due_at, kind, instance_id, token_id, node_id, error, task_id, process_id, firing, on_timer"

TimerKind TimerKindOf(const SQLite::Column& c) {
  std::optional<TimerKind> k = TimerKindFromName(c.getString());
  if (!k) throw std::runtime_error("unreadable timer kind '" + c.getString() + "'");
  return *k;
}

// A row of a query selecting KRABUAN_TIMER_COLUMNS.
TimerRecord ReadTimer(SQLite::Statement& q) {
  return TimerRecord{q.getColumn(0).getInt64(),  TimeOf(q.getColumn(1)),   TimerKindOf(q.getColumn(2)),
                     q.getColumn(3).getInt64(),  q.getColumn(4).getInt64(), q.getColumn(5).getString(),
                     q.getColumn(6).getString(), q.getColumn(7).getInt64(), q.getColumn(8).getString(),
                     static_cast<unsigned>(q.getColumn(9).getInt64()), q.getColumn(10).getString()};
}

std::vector<TimerRecord> ReadTimers(SQLite::Statement& q) {
  std::vector<TimerRecord> out;
  while (q.executeStep()) out.push_back(ReadTimer(q));
  return out;
}

}  // namespace

Result<std::vector<TimerRecord>> SqliteTransaction::DueTimers(Instant now, int limit) {
  return Guard([&]() -> Result<std::vector<TimerRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_TIMER_COLUMNS " FROM timers WHERE error = '' AND due_at <= ? ORDER BY due_at, id LIMIT ?");
    Bind(q, now, limit);
    return ReadTimers(q);
  });
}

Result<std::vector<TimerRecord>> SqliteTransaction::TimersOfInstance(InstanceId instance) {
  return Guard([&]() -> Result<std::vector<TimerRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_TIMER_COLUMNS " FROM timers WHERE instance_id = ? ORDER BY due_at, id");
    Bind(q, instance);
    return ReadTimers(q);
  });
}

Result<std::optional<Instant>> SqliteTransaction::NextTimerDue() {
  return Guard([&]() -> Result<std::optional<Instant>> {
    auto& q = Stmt("SELECT due_at FROM timers WHERE error = '' ORDER BY due_at, id LIMIT 1");
    if (!q.executeStep()) return std::optional<Instant>();
    return std::optional<Instant>(TimeOf(q.getColumn(0)));
  });
}

Status SqliteTransaction::DeleteTimer(std::int64_t id) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("DELETE FROM timers WHERE id = ?");
    Bind(q, id).exec();
    return Status::Ok();
  });
}

Status SqliteTransaction::DeleteTimersOfToken(InstanceId instance, TokenId token) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("DELETE FROM timers WHERE instance_id = ? AND token_id = ?");
    Bind(q, instance, token).exec();
    return Status::Ok();
  });
}

Status SqliteTransaction::DeleteTimersAt(InstanceId instance, TimerKind kind, const std::string& node_id) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("DELETE FROM timers WHERE instance_id = ? AND kind = ? AND node_id = ?");
    Bind(q, instance, TimerKindName(kind), node_id).exec();
    return Status::Ok();
  });
}

Status SqliteTransaction::DeleteTimersOfInstance(InstanceId instance) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("DELETE FROM timers WHERE instance_id = ?");
    Bind(q, instance).exec();
    return Status::Ok();
  });
}

Status SqliteTransaction::MarkTimerFailed(std::int64_t id, const std::string& error) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("UPDATE timers SET error = ? WHERE id = ?");
    Bind(q, error.empty() ? std::string("failed") : error, id).exec();
    return Status::Ok();
  });
}

Status SqliteTransaction::DeleteTimersOfTask(InstanceId instance, TaskId task) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("DELETE FROM timers WHERE instance_id = ? AND task_id = ? AND task_id <> 0");
    Bind(q, instance, task).exec();
    return Status::Ok();
  });
}

Result<std::vector<TimerRecord>> SqliteTransaction::RecurTimers() {
  return Guard([&]() -> Result<std::vector<TimerRecord>> {
    auto& q = Stmt("SELECT id, due_at, error, process_id FROM timers WHERE kind = 'recur' ORDER BY process_id");
    std::vector<TimerRecord> out;
    while (q.executeStep()) {
      TimerRecord t;
      t.id = q.getColumn(0).getInt64();
      t.due_at = TimeOf(q.getColumn(1));
      t.kind = TimerKind::kRecur;
      t.error = q.getColumn(2).getString();
      t.process_id = q.getColumn(3).getString();
      out.push_back(std::move(t));
    }
    return out;
  });
}

Status SqliteTransaction::DeleteRecurTimer(const std::string& process_id) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("DELETE FROM timers WHERE kind = 'recur' AND process_id = ?");
    Bind(q, process_id).exec();
    return Status::Ok();
  });
}

Result<bool> SqliteTransaction::OccurrenceRecorded(const std::string& process_id, Instant occurrence) {
  return Guard([&]() -> Result<bool> {
    auto& q = Stmt("SELECT 1 FROM recurring_starts WHERE process_id = ? AND occurrence = ?");
    return Bind(q, process_id, occurrence).executeStep();
  });
}

Status SqliteTransaction::RecordOccurrence(const std::string& process_id, Instant occurrence, InstanceId instance) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("INSERT INTO recurring_starts (process_id, occurrence, instance_id) VALUES (?, ?, ?)");
    Bind(q, process_id, occurrence, instance).exec();
    return Status::Ok();
  });
}

Result<std::int64_t> SqliteTransaction::InsertAlert(const AlertRecord& a) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<std::int64_t> {
    auto& q = Stmt("INSERT INTO alerts (created_at, kind, instance_id, task_id, text, payload) VALUES (?, ?, ?, ?, ?, ?)");
    Bind(q, a.created_at, a.kind, a.instance_id, a.task_id, a.text, a.payload).exec();
    return static_cast<std::int64_t>(db().getLastInsertRowid());
  });
}

Result<std::vector<AlertRecord>> SqliteTransaction::ListAlerts(int limit) {
  return Guard([&]() -> Result<std::vector<AlertRecord>> {
    auto& q = Stmt("SELECT id, created_at, kind, instance_id, task_id, text, payload FROM alerts ORDER BY id LIMIT ?");
    Bind(q, limit);
    std::vector<AlertRecord> out;
    while (q.executeStep()) {
      out.push_back(AlertRecord{q.getColumn(0).getInt64(), TimeOf(q.getColumn(1)), q.getColumn(2).getString(),
                                q.getColumn(3).getInt64(), q.getColumn(4).getInt64(), q.getColumn(5).getString(),
                                q.getColumn(6).getString()});
    }
    return out;
  });
}

Result<std::int64_t> SqliteTransaction::CountAlerts() {
  return Guard([&]() -> Result<std::int64_t> {
    auto& q = Stmt("SELECT COUNT(*) FROM alerts");
    return q.executeStep() ? q.getColumn(0).getInt64() : std::int64_t{0};
  });
}

Result<TimerCounts> SqliteTransaction::CountTimers() {
  return Guard([&]() -> Result<TimerCounts> {
    // Each half answered from an index: the pending one from timers_due.
    auto& q = Stmt("SELECT (SELECT COUNT(*) FROM timers WHERE error = ''), "
                   "(SELECT COUNT(*) FROM timers WHERE error <> '')");
    TimerCounts c;
    if (q.executeStep()) {
      c.pending = q.getColumn(0).getInt64();
      c.failed = q.getColumn(1).getInt64();
    }
    return c;
  });
}


Result<std::vector<TimerRecord>> SqliteTransaction::FailedTimers(int limit) {
  return Guard([&]() -> Result<std::vector<TimerRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_TIMER_COLUMNS " FROM timers WHERE error <> '' ORDER BY id LIMIT ?");
    Bind(q, limit);
    return ReadTimers(q);
  });
}

Result<std::optional<TimerRecord>> SqliteTransaction::FindTimer(std::int64_t id) {
  return Guard([&]() -> Result<std::optional<TimerRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_TIMER_COLUMNS " FROM timers WHERE id = ?");
    if (!Bind(q, id).executeStep()) return std::optional<TimerRecord>();
    return std::optional<TimerRecord>(ReadTimer(q));
  });
}

Status SqliteTransaction::RearmTimer(std::int64_t id) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("UPDATE timers SET error = '' WHERE id = ?");
    Bind(q, id).exec();
    return Status::Ok();
  });
}

Result<std::optional<DaemonRecord>> SqliteTransaction::ReadDaemon() {
  return Guard([&]() -> Result<std::optional<DaemonRecord>> {
    auto& q = Stmt("SELECT holder, host, pid, started_at, heartbeat_at, expires_at, stopped, last_batch_at, "
                   "last_batch_fired, last_lag_seconds, fired_total, clock_now, boot_id, pid_ns, start_ticks "
                   "FROM daemon WHERE id = 1");
    if (!q.executeStep()) return std::optional<DaemonRecord>();
    DaemonRecord d;
    d.holder = q.getColumn(0).getString();
    d.host = q.getColumn(1).getString();
    d.pid = q.getColumn(2).getInt64();
    d.started_at = TimeOf(q.getColumn(3));
    d.heartbeat_at = TimeOf(q.getColumn(4));
    d.expires_at = TimeOf(q.getColumn(5));
    d.stopped = q.getColumn(6).getInt() != 0;
    d.last_batch_at = TimeOf(q.getColumn(7));
    d.last_batch_fired = q.getColumn(8).getInt64();
    d.last_lag_seconds = q.getColumn(9).getInt64();
    d.fired_total = q.getColumn(10).getInt64();
    d.clock_now = TimeOf(q.getColumn(11));
    d.boot_id = q.getColumn(12).getString();
    d.pid_ns = static_cast<std::uint64_t>(q.getColumn(13).getInt64());
    d.start_ticks = static_cast<std::uint64_t>(q.getColumn(14).getInt64());
    return std::optional<DaemonRecord>(d);
  });
}

Status SqliteTransaction::WriteDaemon(const DaemonRecord& d) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("INSERT OR REPLACE INTO daemon (id, holder, host, pid, started_at, heartbeat_at, expires_at, stopped, "
                   "last_batch_at, last_batch_fired, last_lag_seconds, fired_total, clock_now, boot_id, pid_ns, start_ticks) "
                   "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Bind(q, d.holder, d.host, d.pid, d.started_at, d.heartbeat_at, d.expires_at, d.stopped, d.last_batch_at,
         d.last_batch_fired, d.last_lag_seconds, d.fired_total, d.clock_now, d.boot_id,
         static_cast<std::int64_t>(d.pid_ns), static_cast<std::int64_t>(d.start_ticks)).exec();
    return Status::Ok();
  });
}

Result<std::optional<AlertRecord>> SqliteTransaction::FindAlert(std::int64_t id) {
  return Guard([&]() -> Result<std::optional<AlertRecord>> {
    auto& q = Stmt("SELECT id, created_at, kind, instance_id, task_id, text, payload FROM alerts WHERE id = ?");
    if (!Bind(q, id).executeStep()) return std::optional<AlertRecord>();
    return std::optional<AlertRecord>(AlertRecord{q.getColumn(0).getInt64(), TimeOf(q.getColumn(1)),
                                                  q.getColumn(2).getString(), q.getColumn(3).getInt64(),
                                                  q.getColumn(4).getInt64(), q.getColumn(5).getString(),
                                                  q.getColumn(6).getString()});
  });
}

// Alert ids only grow and writers take turns, so every alert at or below a sink's
// newest row already has its row: the new ones are those above it.
Status SqliteTransaction::EnqueueDeliveries(const std::string& sink, Instant now) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("INSERT INTO alert_deliveries (alert_id, sink, state, attempts, next_attempt_at) "
                   "SELECT id, ?1, 'pending', 0, ?2 FROM alerts WHERE id > "
                   "(SELECT COALESCE(MAX(alert_id), 0) FROM alert_deliveries WHERE sink = ?1) ORDER BY id");
    Bind(q, sink, now).exec();
    return Status::Ok();
  });
}

Result<bool> SqliteTransaction::HasUnqueuedAlerts(const std::string& sink) {
  return Guard([&]() -> Result<bool> {
    // Both sides are a MAX over an index (alerts' rowid, alert_deliveries' primary key).
    auto& q = Stmt("SELECT COALESCE((SELECT MAX(id) FROM alerts), 0) > "
                   "(SELECT COALESCE(MAX(alert_id), 0) FROM alert_deliveries WHERE sink = ?)");
    bool more = Bind(q, sink).executeStep() && q.getColumn(0).getInt() != 0;
    return more;
  });
}

namespace {

constexpr const char* kDeliveryColumns = "alert_id, sink, state, attempts, next_attempt_at, last_error, delivered_at";

DeliveryRecord DeliveryOf(SQLite::Statement& q) {
  DeliveryRecord d;
  d.alert_id = q.getColumn(0).getInt64();
  d.sink = q.getColumn(1).getString();
  d.state = DeliveryStateFromName(q.getColumn(2).getString()).value_or(DeliveryState::kPending);
  d.attempts = q.getColumn(3).getInt();
  d.next_attempt_at = OptTimeOf(q.getColumn(4));
  d.last_error = q.getColumn(5).getString();
  d.delivered_at = OptTimeOf(q.getColumn(6));
  return d;
}

std::string SinkList(std::size_t n) {
  std::string list = "(";
  for (std::size_t i = 0; i < n; ++i) list += i ? ", ?" : "?";
  return list + ")";
}

}  // namespace

Result<std::vector<DeliveryRecord>> SqliteTransaction::DueDeliveries(const std::vector<std::string>& sinks,
                                                                     Instant now, int limit) {
  if (sinks.empty()) return std::vector<DeliveryRecord>();
  return Guard([&]() -> Result<std::vector<DeliveryRecord>> {
    // The sink list varies with the config, so this statement is prepared per call.
    SQLite::Statement q(db(), std::string("SELECT ") + kDeliveryColumns +
                                  " FROM alert_deliveries WHERE state = 'pending' AND next_attempt_at <= ? AND sink IN " +
                                  SinkList(sinks.size()) + " ORDER BY next_attempt_at, alert_id LIMIT ?");
    int i = 1;
    q.bind(i++, TimeText(now));
    for (const std::string& s : sinks) q.bind(i++, s);
    q.bind(i, limit);
    std::vector<DeliveryRecord> out;
    while (q.executeStep()) out.push_back(DeliveryOf(q));
    return out;
  });
}

Result<std::optional<Instant>> SqliteTransaction::NextDeliveryDue(const std::vector<std::string>& sinks) {
  if (sinks.empty()) return std::optional<Instant>();
  return Guard([&]() -> Result<std::optional<Instant>> {
    SQLite::Statement q(db(), "SELECT MIN(next_attempt_at) FROM alert_deliveries WHERE state = 'pending' AND sink IN " +
                                  SinkList(sinks.size()));
    int i = 1;
    for (const std::string& s : sinks) q.bind(i++, s);
    if (!q.executeStep()) return std::optional<Instant>();
    return OptTimeOf(q.getColumn(0));
  });
}

Status SqliteTransaction::UpdateDelivery(const DeliveryRecord& d) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("UPDATE alert_deliveries SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
                   "delivered_at = ? WHERE alert_id = ? AND sink = ?");
    if (Bind(q, DeliveryStateName(d.state), d.attempts,
             d.state == DeliveryState::kPending ? d.next_attempt_at : std::nullopt, d.last_error, d.delivered_at,
             d.alert_id, d.sink).exec() != 1) {
      return Status::NotFound("no delivery of alert " + std::to_string(d.alert_id) + " to sink '" + d.sink + "'");
    }
    return Status::Ok();
  });
}

Result<std::vector<DeliveryRecord>> SqliteTransaction::DeliveriesOf(std::int64_t first_alert, std::int64_t last_alert) {
  return Guard([&]() -> Result<std::vector<DeliveryRecord>> {
    auto& q = Stmt("SELECT alert_id, sink, state, attempts, next_attempt_at, last_error, delivered_at "
                   "FROM alert_deliveries WHERE alert_id BETWEEN ? AND ? ORDER BY alert_id, sink");
    Bind(q, first_alert, last_alert);
    std::vector<DeliveryRecord> out;
    while (q.executeStep()) out.push_back(DeliveryOf(q));
    return out;
  });
}

// Absences keep their days as ISO dates: they compare as text.
#define KRABUAN_ABSENCE_COLUMNS "id, login, from_date, to_date, reason, recorded_by, recorded_at, cancelled_by, cancelled_at"

Date DateOf(const SQLite::Column& c) {
  Result<Date> d = ParseDate(c.getString());
  return d.ok() ? *d : Date{};
}

AbsenceRecord ReadAbsence(SQLite::Statement& q) {
  AbsenceRecord a;
  a.id = q.getColumn(0).getInt64();
  a.login = q.getColumn(1).getString();
  a.from = DateOf(q.getColumn(2));
  a.to = DateOf(q.getColumn(3));
  a.reason = q.getColumn(4).getString();
  a.recorded_by = q.getColumn(5).getString();
  a.recorded_at = TimeOf(q.getColumn(6));
  a.cancelled_by = q.getColumn(7).getString();
  a.cancelled_at = OptTimeOf(q.getColumn(8));
  return a;
}

Result<std::int64_t> SqliteTransaction::InsertAbsence(const AbsenceRecord& a) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<std::int64_t> {
    auto& q = Stmt("INSERT INTO absences (login, from_date, to_date, reason, recorded_by, recorded_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
    Bind(q, a.login, a.from, a.to, a.reason, a.recorded_by, a.recorded_at).exec();
    return static_cast<std::int64_t>(db().getLastInsertRowid());
  });
}

Result<std::optional<AbsenceRecord>> SqliteTransaction::FindAbsence(std::int64_t id) {
  return Guard([&]() -> Result<std::optional<AbsenceRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_ABSENCE_COLUMNS " FROM absences WHERE id = ?");
    if (!Bind(q, id).executeStep()) return std::optional<AbsenceRecord>();
    return std::optional<AbsenceRecord>(ReadAbsence(q));
  });
}

Status SqliteTransaction::CancelAbsence(std::int64_t id, const std::string& by, Instant at) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("UPDATE absences SET cancelled_by = ?, cancelled_at = ? WHERE id = ?");
    Bind(q, by, at, id).exec();
    return Status::Ok();
  });
}

Result<std::vector<AbsenceRecord>> SqliteTransaction::ListAbsences(Date from) {
  return Guard([&]() -> Result<std::vector<AbsenceRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_ABSENCE_COLUMNS " FROM absences WHERE to_date >= ? AND cancelled_at IS NULL "
                   "ORDER BY from_date, id");
    Bind(q, from);
    std::vector<AbsenceRecord> out;
    while (q.executeStep()) out.push_back(ReadAbsence(q));
    return out;
  });
}

Result<bool> SqliteTransaction::IsAbsent(const std::string& login, Date day) {
  return Guard([&]() -> Result<bool> {
    auto& q = Stmt("SELECT 1 FROM absences WHERE login = ? AND to_date >= ? AND from_date <= ? "
                   "AND cancelled_at IS NULL LIMIT 1");
    return Bind(q, login, day, day).executeStep();
  });
}

}  // namespace

std::string TaskListSql(const TaskQuery& q) {
  std::string select = "SELECT " KRABUAN_TASK_COLUMNS " FROM tasks WHERE ";
  std::string order = q.by_due ? " ORDER BY due_at, id" : " ORDER BY id";
  if (q.all) return select + TaskFilter(q, "") + order;
  return select + "id IN (" + TaskIdsSql(q) + ")" + order;
}

std::string TaskPageSql(const TaskQuery& q) {
  // The instance's columns come with each row, and the total with every row, so a page
  // is one statement: no query per row, none for the count. CROSS JOIN keeps tasks the
  // outer loop, walked in the order shown, so LIMIT stops it early.
  std::string columns = "SELECT " KRABUAN_TASK_COLUMNS_T ", i.definition_id, i.business_key, ";
  std::string from = " FROM tasks t CROSS JOIN instances i ON i.id = t.instance_id WHERE ";
  std::string order = q.by_due ? " ORDER BY t.due_at, t.id" : " ORDER BY t.id";
  if (q.all) {
    return columns + "(SELECT COUNT(*) FROM tasks WHERE " + TaskFilter(q, "") + ")" + from + TaskFilter(q, "t.") +
           order + " LIMIT :limit";
  }
  // A user's tasks come from several indexed halves (assigned to them, unclaimed in their
  // roles, ...), each a range of an index rather than an OR the planner would answer with
  // a scan; their ids are collected once, for the rows and for the count.
  return "WITH ids(id) AS MATERIALIZED (" + TaskIdsSql(q) + ") " + columns + "(SELECT COUNT(*) FROM ids)" + from +
         "t.id IN ids" + order + " LIMIT :limit";
}

std::string InstancePageSql(const InstanceQuery& q) {
  // Only the filters given appear, so each is answered from its index.
  std::string where;
  if (!q.process_id.empty()) where += " AND process_id = :process";
  if (q.state) where += " AND state = :state";
  where = where.empty() ? "" : " WHERE" + where.substr(4);
  return "SELECT " KRABUAN_INSTANCE_COLUMNS ", (SELECT COUNT(*) FROM instances" + where + ") FROM instances" + where +
         " ORDER BY id LIMIT :limit";
}

std::string ProcessPageSql() { return kProcessPageSql; }

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
  return Guard([&]() -> Status {
    std::ifstream in(o.path, std::ios::binary);
    if (!in) return Status::Storage("cannot read database " + Quoted(o.path) + ": " + std::strerror(errno));
    unsigned char header[100] = {};
    in.read(reinterpret_cast<char*>(header), sizeof header);
    std::streamsize n = in.gcount();
    if (n == 0) return EmptyFile(o.path, o.mode);
    if (n < static_cast<std::streamsize>(sizeof header) || std::memcmp(header, "SQLite format 3", 16) != 0) {
      return Status::Storage(Quoted(o.path) + " is not a Krabuan database (not an SQLite file); nothing was changed");
    }
    // The application_id: four bytes, big-endian, at offset 68.
    int app = static_cast<int>((std::uint32_t{header[68]} << 24) | (std::uint32_t{header[69]} << 16) |
                               (std::uint32_t{header[70]} << 8) | std::uint32_t{header[71]});
    if (app == kKrabuanApplicationId) return Status::Ok();
    if (app != 0) return NotOurs(o.path);
    SQLite::Database db(FileUri(o.path, "mode=ro&immutable=1"), SQLite::OPEN_READONLY | SQLite::OPEN_URI);
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

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
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
