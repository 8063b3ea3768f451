// Runtime state: the rows a store keeps. Rows refer to definitions by id and to nodes
// by id; they never copy the definition.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/time/instant.h"
#include "engine/value.h"

namespace krabuan {

using DefinitionId = std::int64_t;
using InstanceId = std::int64_t;
using TaskId = std::int64_t;
using TokenId = std::int64_t;

enum class InstanceState { kRunning, kCompleted, kCancelled };
enum class TaskState { kOpen, kCompleted, kCancelled, kExpired };

std::string_view InstanceStateName(InstanceState s);   // "running", "completed", "cancelled"
std::optional<InstanceState> InstanceStateFromName(std::string_view name);
std::string_view TaskStateName(TaskState s);            // "open", "completed", "cancelled", "expired"
std::optional<TaskState> TaskStateFromName(std::string_view name);

// In what capacity someone acted, as each history row records it.
enum class ActingCapacity {
  kNone,        // rows written before capacities were recorded
  kMember,      // holds the task's role
  kRecorder,    // records the act of an outside body on its behalf
  kAssignee,    // the task is assigned to them by name
  kAdmin,       // an administrator acting on a case (cancel, reassign, re-arm)
  kSystem,      // the engine itself: timers, recurring starts
  kEscalated,   // the one a late task was escalated to
  kActing,      // the acting officer of an absent holder
};
std::string_view ActingCapacityName(ActingCapacity c);   // "", "member", "recorder", ...
std::optional<ActingCapacity> ActingCapacityFromName(std::string_view name);

// What a timer does when it fires.
enum class TimerKind {
  kWait,       // a wait node's moment: the token leaves
  kWindow,     // a task's window opens: its tasks are created
  kCutoff,     // work per item: the missing items expire
  kOverdue,    // a task passed its due: an overdue alert
  kReminder,   // a reminder before a task's due
  kEscalate,   // a late task goes to the escalation role
  kRecur,      // a process's next recurring start (no instance)
  kBoundary,   // a task's <on-timer>
  kScope,      // a scope's <on-timer>
};
std::string_view TimerKindName(TimerKind k);   // "wait", "window", "cutoff", "overdue", ...
std::optional<TimerKind> TimerKindFromName(std::string_view name);

struct DefinitionRecord {
  DefinitionId id = 0;
  std::string process_id;
  int version = 0;
  std::string name;
  std::string hash;        // SHA-256 of the file's bytes, hex
  std::string source;      // the file as deployed
  std::string file;
  Instant deployed_at{};
  std::string deployed_by;
  bool forced = false;         // deployed with --force although its checks failed
  std::string findings;        // what the checks said at deployment, one line each
};

// Documents the engine keeps besides processes, each versioned by content: the org file
// and the holidays calendar.
enum class DocumentKind { kOrg, kHolidays };
std::string_view DocumentKindName(DocumentKind k);   // "org", "holidays"

struct DocumentRecord {
  std::int64_t id = 0;
  DocumentKind kind = DocumentKind::kOrg;
  std::string hash, source, file;
  Instant deployed_at{};
  std::string deployed_by;
};

struct InstanceRecord {
  InstanceId id = 0;
  DefinitionId definition_id = 0;
  std::string process_id;
  int version = 0;
  std::string business_key;
  InstanceState state = InstanceState::kRunning;
  Instant started_at{};
  std::string started_by;
  std::optional<Instant> ended_at;
  std::string end_reason;
};

// A token waiting at a wait state (an open task or an unfinished join). Tokens that
// pass through other nodes live only inside one command.
struct TokenRecord {
  TokenId id = 0;
  InstanceId instance_id = 0;
  std::string node_id;
  std::string arrived_from;   // the node it came from (a join waits for each source)
};

struct TaskRecord {
  TaskId id = 0;
  InstanceId instance_id = 0;
  TokenId token_id = 0;
  std::string process_id;
  std::string node_id;
  std::string name;
  std::string role;
  std::string assignee;        // empty until claimed, unless the process names one
  std::string item;            // for work per item: the item (e.g. a school's login)
  TaskState state = TaskState::kOpen;
  std::string outcome;
  Instant created_at{};
  std::optional<Instant> due_at;
  std::optional<Instant> completed_at;
  std::string completed_by;
  std::string escalated_to;    // who a late task was escalated to (engine/exec/escalation.h)
  std::string acting_for;      // routed to an acting officer: the absent holder's login
};

// A person's recorded absence: whole office days `from`..`to`, both included. A
// cancelled one stays on record (cancelled_by set) but no longer counts.
struct AbsenceRecord {
  std::int64_t id = 0;
  std::string login;
  Date from{}, to{};
  std::string reason;
  std::string recorded_by;
  Instant recorded_at{};
  std::string cancelled_by;
  std::optional<Instant> cancelled_at;
};

// An API token for a client over TCP: it acts as `login`. Only the SHA-256 of its secret
// is kept; the secret is shown once, when it is made.
struct ApiTokenRecord {
  std::int64_t id = 0;
  std::string login;
  std::string secret_hash;   // hex SHA-256 of the whole token text
  std::string created_by;
  Instant created_at{};
  std::optional<Instant> expires_at;   // none: until revoked
  std::string revoked_by;
  std::optional<Instant> revoked_at;
};

// One audit row. The hash chains each row to the previous row of the same instance,
// so an edit made outside the engine breaks the chain.
struct HistoryRecord {
  std::int64_t id = 0;
  InstanceId instance_id = 0;
  Instant at{};
  std::string user;
  std::string role;            // the role they acted in
  ActingCapacity capacity = ActingCapacity::kNone;
  std::string action;          // started, task-created, task-claimed, task-completed, ...
  std::string node_id;
  TaskId task_id = 0;
  std::string detail;          // JSON object with action-specific data
  std::string comment;
  std::string prev_hash;        // the hash of the instance's row before this one ("" for the first); not stored
  std::string hash;             // SHA-256, hex (stored as its 32 bytes)
};

// A moment at which the engine must act by itself. Firing a timer and its effect commit
// in one transaction, and the row is deleted then: a timer fires at most once.
struct TimerRecord {
  std::int64_t id = 0;
  Instant due_at{};
  TimerKind kind = TimerKind::kWait;
  InstanceId instance_id = 0;
  TokenId token_id = 0;
  std::string node_id;
  std::string error;           // set when firing failed; such a timer is not retried
  TaskId task_id = 0;          // overdue, reminder, escalate: the task it watches
  std::string process_id = {};   // recur: the process it starts (instance_id is 0)
  unsigned firing = 0;           // boundary, scope: how many times this <on-timer> fired before
  std::string on_timer = {};     // boundary, scope: the id of the <on-timer> it belongs to
};

// An alert waiting in the outbox for the sinks (log, webhook, command) to deliver. It is
// written in the same transaction as the timer that raised it, so none is lost or doubled.
struct AlertRecord {
  std::int64_t id = 0;
  Instant created_at{};
  std::string kind;            // overdue, reminder, escalation
  InstanceId instance_id = 0;
  TaskId task_id = 0;
  std::string text;            // for people, in Thai
  std::string payload;         // JSON: process, step, case, responsible, due, late_seconds
};

// Where one alert stands with one sink. Pending rows are due at next_attempt_at; a row
// that ran out of attempts (or was refused) stays as failed, visible and re-queueable.
enum class DeliveryState { kPending, kDelivered, kFailed };
std::string_view DeliveryStateName(DeliveryState s);   // "pending", "delivered", "failed"
std::optional<DeliveryState> DeliveryStateFromName(std::string_view name);

struct DeliveryRecord {
  std::int64_t alert_id = 0;
  std::string sink;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  std::optional<Instant> next_attempt_at;   // pending only
  std::string last_error;
  std::optional<Instant> delivered_at;
};

using VariableMap = std::map<std::string, Value, std::less<>>;

}  // namespace krabuan
