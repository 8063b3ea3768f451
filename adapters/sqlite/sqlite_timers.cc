// The SQLite store's timers, recurring starts and the daemon row.
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sqlite/sqlite_support.h"
#include "adapters/sqlite/sqlite_transaction.h"

namespace krabuan::sqlite {
namespace {

// A macro so that each query stays one string literal (statements are cached by their text).
#define KRABUAN_TIMER_COLUMNS \
  "id, due_at, kind, instance_id, token_id, node_id, error, task_id, process_id, firing, on_timer"

// A row of a query selecting KRABUAN_TIMER_COLUMNS.
TimerRecord ReadTimer(SQLite::Statement& q) {
  return TimerRecord{q.getColumn(0).getInt64(),  TimeOf(q.getColumn(1)),   NameOf(q.getColumn(2), &TimerKindFromName, "timer kind"),
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

}  // namespace krabuan::sqlite
