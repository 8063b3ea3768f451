// What the engine's commands take and return: requests, views of tasks and cases, the
// daemon's lease and health. Plain data, so parts beside the engine (render, the CLI)
// work from what a command returned without reaching into the engine.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/model/process_definition.h"
#include "engine/runtime/daemon_record.h"
#include "engine/runtime/records.h"
#include "engine/time/instant.h"

namespace krabuan {

// Who issues a command: a login from the org file.
struct Actor {
  Actor() = default;
  Actor(std::string login_, std::string by_ = {}) : login(std::move(login_)), by(std::move(by_)) {}   // NOLINT: {"p34"} reads well
  std::string login;
  std::string by;   // an administrator acting for `login` (--as): recorded beside it in the history
};

// Who is behind a command, as the boundary it came through knows it (the CLI opening the
// file itself, or the service from its socket's peer): what Engine::Identify turns into an
// Actor. The environment ($USER) has no say.
struct Caller {
  std::string os_account;          // the OS account's name (the effective uid's; the socket peer's)
  std::string as;                  // --as / KRABUAN_USER: the login to act as; empty: the account's own
  bool owns_store_alone = false;   // the account owns the database file and no other may write it
  std::string login;               // a login proved otherwise (an API token's); then os_account plays no part
};

// A variable assignment as typed by a person: name and text, parsed by declared type.
using Assignment = std::pair<std::string, std::string>;

struct SourceFile {
  std::string path;     // shown in messages
  std::string content;
};

struct DeployResult {
  std::string process_id;
  std::string name;
  int version = 0;
  bool changed = false;   // false: identical to the latest version, nothing deployed
  bool forced = false;    // deployed although its structural or soundness checks failed
  std::vector<std::string> warnings;   // what the checks warn of, one line each
};

// What Engine::Initialise did.
struct InitResult {
  bool initialised = false;        // the database had no org: this was its first deployment
  bool org_changed = false;        // a new org file version was deployed
  bool holidays_changed = false;   // a new holidays calendar was deployed
  std::vector<DeployResult> processes;
};

struct StartRequest {
  std::string process_id;
  std::vector<Assignment> inputs;
  std::string business_key;
  std::string comment;
};

struct CompleteRequest {
  TaskId task = 0;
  std::string outcome;               // value or Thai label; required when the task has outcomes
  std::vector<Assignment> fields;
  std::string comment;
};

struct TaskListOptions {
  bool all = false;          // every open task (administrators and the group director)
  std::string role;          // only tasks of this role
  InstanceId instance = 0;   // only this instance's tasks (0: any)
  bool overdue = false;      // only tasks past their due time
};

// A task with what a person needs to act on it.
struct TaskView {
  TaskRecord task;
  std::string process_name;
  std::string business_key;
  std::vector<Outcome> outcomes;
  std::vector<VariableDecl> fields;
};

// What a resting token of a running case waits for, and until when.
struct Waiting {
  enum class Kind {
    kTask,      // people: the open tasks at the node
    kItems,     // work per item: the items not yet done, until the cut-off
    kWindow,    // a task whose month window has not opened: it opens at `until`
    kTimer,     // a wait: it ends at `until`
    kJoin,      // a join: the flows in `missing` have not arrived yet
  };
  Kind kind = Kind::kTask;
  std::string node_id;
  std::string node_name;
  std::optional<Instant> until;        // the window's opening, the wait's end, the cut-off, the task's due
  std::vector<TaskId> tasks;           // kTask, kItems: the open tasks
  std::vector<std::string> missing;    // kJoin: incoming nodes; kItems: the items still open
};

// One task with what acting on it takes (`krabuan task`).
struct TaskDetail {
  TaskView view;
  InstanceRecord instance;
  std::string role_name;                 // the role's name in the org file
  std::vector<std::string> recorded_by;  // a body's task: the roles whose holders record it
  std::optional<Instant> cutoff;         // work per item: when the items still open expire
};

struct InstanceView {
  InstanceRecord instance;
  std::string process_name;
  std::vector<Waiting> waiting;      // running cases: one entry per resting place
  std::vector<TaskView> open_tasks;
  VariableMap variables;
  std::vector<HistoryRecord> history;
  bool history_intact = true;   // the hash chain verifies
  std::optional<std::int64_t> first_broken_row;   // when it does not: the first row whose link fails
};

struct FireResult {
  int fired = 0;
  int failed = 0;                     // effects that failed; their timers are kept, marked
  std::optional<Instant> next_due;    // the earliest timer still pending
  std::chrono::seconds lag{0};        // how late the batch's oldest timer fired
};

// A daemon's claim on the lease that lets one daemon fire timers at a time. Lease times
// are real time, never the engine clock (which a demo may accelerate).
struct LeaseClaim {
  std::string holder;                 // unique per daemon process ("host:pid:nonce")
  std::string host;
  std::int64_t pid = 0;
  std::string boot_id;                // with pid_ns and start_ticks: who it is (DaemonRecord)
  std::uint64_t pid_ns = 0;
  std::uint64_t start_ticks = 0;
  std::chrono::seconds ttl{15};       // the lease lapses this long after the last heartbeat
  Instant real_now{};
  std::string take_over;              // a holder known to have died: its lease need not lapse first
};

// The daemon's health as `daemon --status` shows it.
struct DaemonHealth {
  std::optional<DaemonRecord> daemon;   // the last daemon to hold the lease
  bool running = false;                 // its lease is live (and its process is not known to be gone)
  bool gone = false;                    // its process is known to have ended without giving the lease up
  TimerCounts timers;
  std::optional<Instant> next_due;
  std::int64_t alerts = 0;              // in the outbox
};

// A token just made: its text is shown this once.
struct NewToken {
  std::int64_t id = 0;
  std::string text;
  std::string login;
  std::optional<Instant> expires_at;
};

// An absence of `login` on office days from..to, both included.
struct AbsenceRequest {
  std::string login;
  Date from{}, to{};
  std::string reason;
};

}  // namespace krabuan
