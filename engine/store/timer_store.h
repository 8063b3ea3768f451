// Timers (the moments the engine acts by itself), recurring starts, and the timer
// daemon's row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/daemon_record.h"
#include "engine/runtime/records.h"
#include "engine/status.h"

namespace krabuan {

// Timer ids ascend, but a deleted timer's id may be given again (in SQLite the highest
// one is): refer to a timer by id only within what one reading shows. A timer is failed
// when its `error` is not "": it stays, is not due, and is counted and listed apart.
// A timer refers to nothing that must exist (instance 0 is a recurring start's).
// Limits on the timer reads below are SQL's: at most `limit` rows, a negative limit is
// no limit, and 0 gives none. Methods marked "Write." return Internal in a read
// transaction and change nothing; the deletes among them are idempotent (deleting
// nothing is Ok).
class TimerStore {
 public:
  virtual ~TimerStore() = default;

  // Write. Stores every field but `id` and `error` (a new timer has not failed) and
  // returns the new id. Conflict when it is a second "recur" timer of its process_id.
  virtual Result<std::int64_t> InsertTimer(const TimerRecord& t) = 0;
  // Timers due at or before `now` that have not failed, by due time then id.
  virtual Result<std::vector<TimerRecord>> DueTimers(Instant now, int limit) = 0;
  // The earliest due time of the timers that have not failed (whenever it is); nullopt
  // when there are none.
  virtual Result<std::optional<Instant>> NextTimerDue() = 0;
  // Write.
  virtual Status DeleteTimer(std::int64_t id) = 0;
  // Write. The instance's timers with exactly this token id (0 matches token 0).
  // Timers are found through their instance (one index serves this and the next two).
  virtual Status DeleteTimersOfToken(InstanceId instance, TokenId token) = 0;
  // Write. Every timer of the instance, failed ones too.
  virtual Status DeleteTimersOfInstance(InstanceId instance) = 0;
  // The instance's timers (failed ones too) by due time then id: what a resting case
  // waits for. Instance 0 gives the recurring starts' timers.
  virtual Result<std::vector<TimerRecord>> TimersOfInstance(InstanceId instance) = 0;
  // Write. Removes the instance's timers of `kind` at `node_id` (a scope's: "scope", its id).
  virtual Status DeleteTimersAt(InstanceId instance, TimerKind kind, const std::string& node_id) = 0;
  // Write. Sets the timer's error ("failed" when `error` is ""). No such timer: Ok.
  virtual Status MarkTimerFailed(std::int64_t id, const std::string& error) = 0;
  // Write. The instance's timers watching the task; task 0 removes nothing.
  virtual Status DeleteTimersOfTask(InstanceId instance, TaskId task) = 0;
  // Pending: not failed, due or not. Failed: the rest.
  virtual Result<TimerCounts> CountTimers() = 0;
  // Failed timers (kept, marked with the error) by id.
  virtual Result<std::vector<TimerRecord>> FailedTimers(int limit) = 0;
  // nullopt when no timer has the id.
  virtual Result<std::optional<TimerRecord>> FindTimer(std::int64_t id) = 0;
  // Write. Clears a failed timer's error: it is due again (at its own due time, so it
  // fires late). No such timer, or one not failed: Ok, nothing changes.
  virtual Status RearmTimer(std::int64_t id) = 0;

  // Recurring starts: each process's one "recur" timer, and the occurrences already
  // started (instance 0: a running instance had the key already).
  // The "recur" timers (failed ones too) by process id, with only id, due_at, kind,
  // error and process_id read.
  virtual Result<std::vector<TimerRecord>> RecurTimers() = 0;
  // Write. Removes the process's "recur" timer, if any.
  virtual Status DeleteRecurTimer(const std::string& process_id) = 0;
  virtual Result<bool> OccurrenceRecorded(const std::string& process_id, Instant occurrence) = 0;
  // Write. Conflict when the occurrence is recorded already: none starts twice.
  virtual Status RecordOccurrence(const std::string& process_id, Instant occurrence, InstanceId instance) = 0;

  // The daemon row (lease and health): one per store. nullopt before any daemon wrote it.
  virtual Result<std::optional<DaemonRecord>> ReadDaemon() = 0;
  // Write. Replaces the row whole (every field is stored).
  virtual Status WriteDaemon(const DaemonRecord& d) = 0;
};

}  // namespace krabuan
