// The store interface: how the engine reads and writes runtime state. No SQLite types
// here; adapters/sqlite implements it, and a PostgreSQL store can follow.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/runtime/daemon_record.h"
#include "engine/runtime/records.h"
#include "engine/status.h"

namespace krabuan {

struct TaskQuery {
  bool open_only = true;
  bool all = false;                    // ignore roles/assignee (administrators)
  std::vector<std::string> roles;      // unclaimed tasks of any of these roles ...
  std::string assignee;                // ... or assigned to this login ...
  std::vector<std::string> recorded_roles;   // ... or items' tasks (a school's) of roles the user records for ...
  std::string escalated_to;            // ... or escalated to this login ...
  // ... or, per (login, role), an absent principal's tasks that are not items': assigned
  // to the login, or unclaimed in the role.
  std::vector<std::pair<std::string, std::string>> principals;
  // Filters on all of the above.
  std::optional<InstanceId> instance;  // only this instance's tasks
  std::string role;                    // only tasks of this role
  std::optional<Instant> due_before;   // only tasks due before this instant
  bool by_due = false;                 // ordered by due time (then id) rather than by id
};

struct InstanceQuery {
  std::string process_id;              // empty: any
  std::optional<InstanceState> state;  // nullopt: any
};

// One page of a listing: the first rows (at most the limit asked for) and how many rows
// matched in all, read in one query.
template <typename T>
struct Page {
  std::vector<T> rows;
  std::int64_t total = 0;
  std::int64_t more() const { return total - static_cast<std::int64_t>(rows.size()); }
};

// A listed task with what its instance says about it.
struct ListedTask {
  TaskRecord task;
  DefinitionId definition_id = 0;
  std::string business_key;
};

// A deployed process as `processes` lists it.
struct ProcessSummary {
  DefinitionRecord definition;   // the latest version, without its source
  int running = 0;
  std::optional<TimerRecord> next_start = {};   // recurring processes: the next start (error set when it failed)
};

// A unit of work against the store. Writes become visible only at Commit(); a
// transaction destroyed without Commit() rolls back. Not thread-safe: one per thread.
class StoreTransaction {
 public:
  virtual ~StoreTransaction() = default;

  // Definitions and org.
  virtual Result<std::optional<DefinitionRecord>> LatestDefinition(const std::string& process_id) = 0;
  virtual Result<DefinitionRecord> DefinitionById(DefinitionId id) = 0;
  virtual Result<std::vector<DefinitionRecord>> LatestDefinitions() = 0;   // one per process
  // The latest version of each process with its running instances and next recurring
  // start, by process id; at most `limit` of them (0: all).
  virtual Result<Page<ProcessSummary>> ListProcesses(int limit) = 0;
  virtual Result<DefinitionId> InsertDefinition(const DefinitionRecord& d) = 0;
  virtual Result<std::optional<DocumentRecord>> LatestDocument(DocumentKind kind) = 0;
  // The latest document's id (0 when none): cheap, so callers can keep a parsed copy.
  virtual Result<std::int64_t> LatestDocumentId(DocumentKind kind) = 0;
  virtual Status InsertDocument(const DocumentRecord& d) = 0;

  // Instances.
  virtual Result<InstanceId> InsertInstance(const InstanceRecord& i) = 0;
  virtual Result<std::optional<InstanceRecord>> FindInstance(InstanceId id) = 0;
  virtual Result<bool> RunningKeyExists(const std::string& process_id, const std::string& key) = 0;
  virtual Status UpdateInstance(const InstanceRecord& i) = 0;
  // Instances by id, at most `limit` of them (0: all).
  virtual Result<Page<InstanceRecord>> ListInstances(const InstanceQuery& q, int limit) = 0;

  // Tokens.
  virtual Result<std::vector<TokenRecord>> TokensOf(InstanceId instance) = 0;
  virtual Result<TokenId> InsertToken(const TokenRecord& t) = 0;
  virtual Status DeleteToken(TokenId id) = 0;

  // Tasks.
  virtual Result<std::optional<TaskRecord>> FindTask(TaskId id) = 0;
  virtual Result<TaskId> InsertTask(const TaskRecord& t) = 0;
  virtual Status UpdateTask(const TaskRecord& t) = 0;
  virtual Result<std::vector<TaskRecord>> ListTasks(const TaskQuery& q) = 0;
  // The same tasks with their instances' columns, at most `limit` of them (0: all).
  virtual Result<Page<ListedTask>> PageTasks(const TaskQuery& q, int limit) = 0;

  // Variables.
  virtual Result<VariableMap> VariablesOf(InstanceId instance) = 0;
  virtual Status SetVariable(InstanceId instance, const std::string& name, const Value& v) = 0;

  // History.
  virtual Result<std::string> LastHistoryHash(InstanceId instance) = 0;   // "" when none
  virtual Status AppendHistory(const HistoryRecord& h) = 0;
  virtual Result<std::vector<HistoryRecord>> HistoryOf(InstanceId instance) = 0;

  // Timers.
  virtual Result<std::int64_t> InsertTimer(const TimerRecord& t) = 0;
  // Timers due at or before `now` that have not failed, oldest first.
  virtual Result<std::vector<TimerRecord>> DueTimers(Instant now, int limit) = 0;
  virtual Result<std::optional<Instant>> NextTimerDue() = 0;
  virtual Status DeleteTimer(std::int64_t id) = 0;
  // Timers are found through their instance (one index serves these and the next two).
  virtual Status DeleteTimersOfToken(InstanceId instance, TokenId token) = 0;
  virtual Status DeleteTimersOfInstance(InstanceId instance) = 0;
  // The instance's timers (failed ones too), soonest first: what a resting case waits for.
  virtual Result<std::vector<TimerRecord>> TimersOfInstance(InstanceId instance) = 0;
  // Removes the instance's timers of `kind` at `node_id` (a scope's: "scope", its id).
  virtual Status DeleteTimersAt(InstanceId instance, TimerKind kind, const std::string& node_id) = 0;
  virtual Status MarkTimerFailed(std::int64_t id, const std::string& error) = 0;
  virtual Status DeleteTimersOfTask(InstanceId instance, TaskId task) = 0;
  virtual Result<TimerCounts> CountTimers() = 0;
  // Timers whose effect failed (kept, marked with the error), by id.
  virtual Result<std::vector<TimerRecord>> FailedTimers(int limit) = 0;
  virtual Result<std::optional<TimerRecord>> FindTimer(std::int64_t id) = 0;
  // Clears a failed timer's error: it is due again (at its own due time, so it fires late).
  virtual Status RearmTimer(std::int64_t id) = 0;

  // The daemon row (lease and health); nullopt before any daemon ran.
  virtual Result<std::optional<DaemonRecord>> ReadDaemon() = 0;
  virtual Status WriteDaemon(const DaemonRecord& d) = 0;

  // Absences.
  virtual Result<std::int64_t> InsertAbsence(const AbsenceRecord& a) = 0;
  virtual Result<std::optional<AbsenceRecord>> FindAbsence(std::int64_t id) = 0;
  virtual Status CancelAbsence(std::int64_t id, const std::string& by, Instant at) = 0;
  // Absences not cancelled that end on or after `from`, by start date.
  virtual Result<std::vector<AbsenceRecord>> ListAbsences(Date from) = 0;
  // Whether `login` has an absence (not cancelled) covering office day `day`.
  virtual Result<bool> IsAbsent(const std::string& login, Date day) = 0;
  // Recurring starts: each process's one "recur" timer (failed ones too), and the
  // occurrences already started (instance 0: a running instance had the key already).
  virtual Result<std::vector<TimerRecord>> RecurTimers() = 0;
  virtual Status DeleteRecurTimer(const std::string& process_id) = 0;
  virtual Result<bool> OccurrenceRecorded(const std::string& process_id, Instant occurrence) = 0;
  virtual Status RecordOccurrence(const std::string& process_id, Instant occurrence, InstanceId instance) = 0;

  // The alert outbox.
  virtual Result<std::int64_t> InsertAlert(const AlertRecord& a) = 0;
  virtual Result<std::vector<AlertRecord>> ListAlerts(int limit) = 0;   // oldest first
  virtual Result<std::int64_t> CountAlerts() = 0;
  virtual Result<std::optional<AlertRecord>> FindAlert(std::int64_t id) = 0;

  // Alert deliveries, one row per (alert, sink).
  // Adds a pending row, due at `now`, for every alert newer than the sink's newest row.
  virtual Status EnqueueDeliveries(const std::string& sink, Instant now) = 0;
  // Whether some alert is newer than the sink's newest row (EnqueueDeliveries has work).
  virtual Result<bool> HasUnqueuedAlerts(const std::string& sink) = 0;
  // Pending rows of these sinks due at or before `now`, earliest first.
  virtual Result<std::vector<DeliveryRecord>> DueDeliveries(const std::vector<std::string>& sinks, Instant now,
                                                            int limit) = 0;
  // The earliest next_attempt_at of these sinks' pending rows.
  virtual Result<std::optional<Instant>> NextDeliveryDue(const std::vector<std::string>& sinks) = 0;
  virtual Status UpdateDelivery(const DeliveryRecord& d) = 0;
  // Rows of alerts with ids in [first, last], by alert then sink.
  virtual Result<std::vector<DeliveryRecord>> DeliveriesOf(std::int64_t first_alert, std::int64_t last_alert) = 0;

  // Nested atomic steps inside the transaction (SAVEPOINT in SQLite): one failing step of
  // a batch is undone without undoing the others.
  virtual Status Savepoint() = 0;
  virtual Status ReleaseSavepoint() = 0;
  virtual Status RollbackToSavepoint() = 0;

  virtual Status Commit() = 0;
};

// Thread-safe to construct transactions from one thread at a time.
class Store {
 public:
  virtual ~Store() = default;
  // A writer: takes the write lock at once (BEGIN IMMEDIATE in SQLite), so two writers
  // never deadlock on upgrade; waits up to the store's busy timeout.
  virtual Result<std::unique_ptr<StoreTransaction>> BeginWrite() = 0;
  // A reader: a consistent snapshot; write methods fail.
  virtual Result<std::unique_ptr<StoreTransaction>> BeginRead() = 0;
};

}  // namespace krabuan
