// The PostgreSQL store's timers, recurring starts and the daemon row.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/postgres/pg_codec.h"
#include "adapters/postgres/pg_transaction.h"

namespace krabuan::pg {
namespace {

// A macro so that each query stays one string literal (statements are prepared by their text).
#define KRABUAN_PG_TIMER_COLUMNS \
  "id, due_at, kind, instance_id, token_id, node_id, error, task_id, process_id, firing, on_timer"

TimerRecord ReadTimer(const PgRow& r) {
  return TimerRecord{r.Int64(0),  TimeOf(r, 1), NameOf(r, 2, &TimerKindFromName, "timer kind"),
                     r.Int64(3),  r.Int64(4),   r.Text(5),
                     r.Text(6),   r.Int64(7),   r.Text(8),
                     static_cast<unsigned>(r.Int64(9)), r.Text(10)};
}

// RecurTimers' reading: only id, due, kind, error and process.
TimerRecord ReadRecurTimer(const PgRow& r) {
  TimerRecord t;
  t.id = r.Int64(0);
  t.due_at = TimeOf(r, 1);
  t.kind = TimerKind::kRecur;
  t.error = r.Text(2);
  t.process_id = r.Text(3);
  return t;
}

}  // namespace

Result<std::int64_t> PgTransaction::InsertTimer(const TimerRecord& t) {
  return InsertedId(Change("INSERT INTO timers (due_at, kind, instance_id, token_id, node_id, task_id, process_id, "
                           "firing, on_timer) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                           "ON CONFLICT DO NOTHING RETURNING id",
                           Args(t.due_at, TimerKindName(t.kind), t.instance_id, t.token_id, t.node_id, t.task_id,
                                t.process_id, static_cast<std::int64_t>(t.firing), t.on_timer)),
                    [&] { return Status::Conflict("process '" + t.process_id + "' has a recur timer already"); });
}

Result<std::vector<TimerRecord>> PgTransaction::DueTimers(Instant now, int limit) {
  return ReadAll<TimerRecord>(Query("SELECT " KRABUAN_PG_TIMER_COLUMNS " FROM timers WHERE error = '' AND due_at <= $1 "
                                    "ORDER BY due_at, id LIMIT $2",
                                    Args(now, SqlLimit(limit))),
                              ReadTimer);
}

Result<std::vector<TimerRecord>> PgTransaction::TimersOfInstance(InstanceId instance) {
  return ReadAll<TimerRecord>(
      Query("SELECT " KRABUAN_PG_TIMER_COLUMNS " FROM timers WHERE instance_id = $1 ORDER BY due_at, id",
            Args(instance)),
      ReadTimer);
}

Result<std::optional<Instant>> PgTransaction::NextTimerDue() {
  return ReadFirst<Instant>(Query("SELECT due_at FROM timers WHERE error = '' ORDER BY due_at, id LIMIT 1", {}),
                            [](const PgRow& r) { return TimeOf(r, 0); });
}

Status PgTransaction::DeleteTimer(std::int64_t id) {
  return Change("DELETE FROM timers WHERE id = $1", Args(id)).status();
}

Status PgTransaction::DeleteTimersOfToken(InstanceId instance, TokenId token) {
  return Change("DELETE FROM timers WHERE instance_id = $1 AND token_id = $2", Args(instance, token)).status();
}

Status PgTransaction::DeleteTimersAt(InstanceId instance, TimerKind kind, const std::string& node_id) {
  return Change("DELETE FROM timers WHERE instance_id = $1 AND kind = $2 AND node_id = $3",
                Args(instance, TimerKindName(kind), node_id))
      .status();
}

Status PgTransaction::DeleteTimersOfInstance(InstanceId instance) {
  return Change("DELETE FROM timers WHERE instance_id = $1", Args(instance)).status();
}

Status PgTransaction::MarkTimerFailed(std::int64_t id, const std::string& error) {
  return Change("UPDATE timers SET error = $1 WHERE id = $2", Args(error.empty() ? std::string("failed") : error, id))
      .status();
}

Status PgTransaction::DeleteTimersOfTask(InstanceId instance, TaskId task) {
  return Change("DELETE FROM timers WHERE instance_id = $1 AND task_id = $2 AND task_id <> 0", Args(instance, task))
      .status();
}

Result<TimerCounts> PgTransaction::CountTimers() {
  Result<PgResult> r = Query("SELECT (SELECT COUNT(*) FROM timers WHERE error = ''), "
                             "(SELECT COUNT(*) FROM timers WHERE error <> '')",
                             {});
  if (!r.ok()) return r.status();
  return Guard([&]() -> Result<TimerCounts> { return TimerCounts{r->row(0).Int64(0), r->row(0).Int64(1)}; });
}

Result<std::vector<TimerRecord>> PgTransaction::FailedTimers(int limit) {
  return ReadAll<TimerRecord>(
      Query("SELECT " KRABUAN_PG_TIMER_COLUMNS " FROM timers WHERE error <> '' ORDER BY id LIMIT $1",
            Args(SqlLimit(limit))),
      ReadTimer);
}

Result<std::optional<TimerRecord>> PgTransaction::FindTimer(std::int64_t id) {
  return ReadFirst<TimerRecord>(Query("SELECT " KRABUAN_PG_TIMER_COLUMNS " FROM timers WHERE id = $1", Args(id)),
                                ReadTimer);
}

Status PgTransaction::RearmTimer(std::int64_t id) {
  return Change("UPDATE timers SET error = '' WHERE id = $1", Args(id)).status();
}

Result<std::vector<TimerRecord>> PgTransaction::RecurTimers() {
  return ReadAll<TimerRecord>(
      Query("SELECT id, due_at, error, process_id FROM timers WHERE kind = 'recur' ORDER BY process_id", {}),
      ReadRecurTimer);
}

Status PgTransaction::DeleteRecurTimer(const std::string& process_id) {
  return Change("DELETE FROM timers WHERE kind = 'recur' AND process_id = $1", Args(process_id)).status();
}

Result<bool> PgTransaction::OccurrenceRecorded(const std::string& process_id, Instant occurrence) {
  Result<PgResult> r = Query("SELECT 1 FROM recurring_starts WHERE process_id = $1 AND occurrence = $2",
                             Args(process_id, occurrence));
  if (!r.ok()) return r.status();
  return !r->empty();
}

Status PgTransaction::RecordOccurrence(const std::string& process_id, Instant occurrence, InstanceId instance) {
  return Written(Change("INSERT INTO recurring_starts (process_id, occurrence, instance_id) VALUES ($1, $2, $3) "
                        "ON CONFLICT DO NOTHING",
                        Args(process_id, occurrence, instance)),
                 [&] {
                   return Status::Conflict("the occurrence " + FormatInstantUtc(occurrence) + " of process '" +
                                           process_id + "' was started already");
                 });
}

Result<std::optional<DaemonRecord>> PgTransaction::ReadDaemon() {
  return ReadFirst<DaemonRecord>(
      Query("SELECT holder, host, pid, started_at, heartbeat_at, expires_at, stopped, last_batch_at, "
            "last_batch_fired, last_lag_seconds, fired_total, clock_now, boot_id, pid_ns, start_ticks "
            "FROM daemon WHERE id = 1",
            {}),
      [](const PgRow& r) {
        DaemonRecord d;
        d.holder = r.Text(0);
        d.host = r.Text(1);
        d.pid = r.Int64(2);
        d.started_at = TimeOf(r, 3);
        d.heartbeat_at = TimeOf(r, 4);
        d.expires_at = TimeOf(r, 5);
        d.stopped = r.Bool(6);
        d.last_batch_at = TimeOf(r, 7);
        d.last_batch_fired = r.Int64(8);
        d.last_lag_seconds = r.Int64(9);
        d.fired_total = r.Int64(10);
        d.clock_now = TimeOf(r, 11);
        d.boot_id = r.Text(12);
        d.pid_ns = static_cast<std::uint64_t>(r.Int64(13));
        d.start_ticks = static_cast<std::uint64_t>(r.Int64(14));
        return d;
      });
}

Status PgTransaction::WriteDaemon(const DaemonRecord& d) {
  return Change("INSERT INTO daemon (id, holder, host, pid, started_at, heartbeat_at, expires_at, stopped, "
                "last_batch_at, last_batch_fired, last_lag_seconds, fired_total, clock_now, boot_id, pid_ns, "
                "start_ticks) VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
                "ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, host = excluded.host, pid = excluded.pid, "
                "started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, "
                "expires_at = excluded.expires_at, stopped = excluded.stopped, last_batch_at = excluded.last_batch_at, "
                "last_batch_fired = excluded.last_batch_fired, last_lag_seconds = excluded.last_lag_seconds, "
                "fired_total = excluded.fired_total, clock_now = excluded.clock_now, boot_id = excluded.boot_id, "
                "pid_ns = excluded.pid_ns, start_ticks = excluded.start_ticks",
                Args(d.holder, d.host, d.pid, d.started_at, d.heartbeat_at, d.expires_at, d.stopped, d.last_batch_at,
                     d.last_batch_fired, d.last_lag_seconds, d.fired_total, d.clock_now, d.boot_id,
                     static_cast<std::int64_t>(d.pid_ns), static_cast<std::int64_t>(d.start_ticks)))
      .status();
}

}  // namespace krabuan::pg
