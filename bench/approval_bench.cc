// Approval benchmark: how many task completions per second the engine sustains on a
// SQLite file, against a bare-SQLite program that writes the same rows.
//
// The process: start -> draft(clerk) -> check(approver) -> review(approver, approve or
// reject) -> choice: reject goes back to draft, otherwise -> sign(approver) ->
// file(clerk) -> end. Every instance takes the reject path once, so it has eight
// completions: draft, check, review=reject, draft, check, review=approve, sign, file.
//
// Phases, each on a fresh database file and (by default) in its own forked process, so
// that each phase's peak RSS is its own:
//   engine   NORMAL, engine FULL     Engine::Start / Engine::Complete as user u1
//   baseline NORMAL, baseline FULL   the same rows written with the sqlite3 C API
// The baseline uses the engine's schema (krabuan::sqlite::Migrations()) and per
// completion, in one BEGIN IMMEDIATE ... COMMIT: reads the task row, updates it,
// deletes its token, upserts the outcome variables when the engine does, inserts the
// next token and task (or, at the last step, updates the instance) and inserts the
// history rows the engine wrote for that step, copied from the engine's database
// (action, node, detail and comment; the hash column gets a fixed 32-byte blob).
// Its only read is the task row: the engine's other reads (org, instance, variables,
// tokens, the history chain's tip) and its hashing are what the ratio measures.
//
// Task ids: this run is single-threaded and each instance runs to its end before the
// next starts, so the task each command creates has the next rowid of `tasks`. The
// bench predicts ids that way instead of listing; Engine::Complete itself refuses a
// task that is not open or that needs (or takes no) outcome, and every --check-every'th
// instance is checked against Engine::Tasks outside the timed calls. Afterwards the
// database is checked: every instance completed, 8 tasks per instance all completed,
// no tokens left, and (engine) the history chains of the first and last instance intact.
//
// Usage: approval_bench [--instances N] [--db PATH] [--sync normal|full|both]
//                       [--only engine|baseline|both] [--check-every K] [--repeat R]
//                       [--no-fork] [--keep]
// --db PATH is the database file every phase re-creates (default: a new directory in
// $TMPDIR or /tmp); it is removed at the end unless --keep. --repeat R (default 3) runs
// every phase R times, interleaved, and reports the round with the median time per
// completion: on a busy machine single rounds wander. --no-fork runs the phases in this
// process (for valgrind --tool=callgrind); RSS is then cumulative.
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "adapters/sqlite/migrations.h"
#include "adapters/sqlite/sqlite_store.h"
#include "engine/time/clock.h"
#include "engine/engine.h"

namespace krabuan::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr char kOrgXml[] = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<org office="Bench office" group="Bench group">
  <role id="admin" name="Administrator"/>
  <role id="clerk" name="Clerk"/>
  <role id="approver" name="Approver"/>
  <user login="admin" name="Administrator" roles="admin"/>
  <user login="u1" name="User One" roles="clerk approver"/>
</org>
)xml";

constexpr char kProcessXml[] = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<process id="approval" name="Approval" start-roles="clerk">
  <start id="start" to="draft"/>
  <task id="draft" name="Draft the request" role="clerk" to="check"/>
  <task id="check" name="Check the request" role="approver" to="review"/>
  <task id="review" name="Review the request" role="approver" to="decide">
    <outcome value="approve" label="Approve"/>
    <outcome value="reject" label="Reject"/>
  </task>
  <choice id="decide">
    <when test="outcome == 'reject'" to="draft"/>
    <otherwise to="sign"/>
  </choice>
  <task id="sign" name="Sign the request" role="approver" to="file"/>
  <task id="file" name="File the request" role="clerk" to="end"/>
  <end id="end"/>
</process>
)xml";

// The task names by node, as in kProcessXml (the baseline writes them into tasks rows).
const std::map<std::string, std::string> kTaskNames = {
    {"draft", "Draft the request"}, {"check", "Check the request"}, {"review", "Review the request"},
    {"sign", "Sign the request"},   {"file", "File the request"}};
const std::map<std::string, std::string> kTaskRoles = {
    {"draft", "clerk"}, {"check", "approver"}, {"review", "approver"}, {"sign", "approver"}, {"file", "clerk"}};

struct Step {
  const char* node;      // the open task completed at this step
  const char* outcome;   // "" for a task without outcomes
  const char* next;      // the task this completion creates; "" at the end
};
constexpr std::array<Step, 8> kSteps = {{{"draft", "", "check"},
                                         {"check", "", "review"},
                                         {"review", "reject", "draft"},
                                         {"draft", "", "check"},
                                         {"check", "", "review"},
                                         {"review", "approve", "sign"},
                                         {"sign", "", "file"},
                                         {"file", "", ""}}};
constexpr int kCompletionsPerInstance = static_cast<int>(kSteps.size());
constexpr int kTasksPerInstance = kCompletionsPerInstance;   // Start creates one, the last completion none
constexpr char kNow[] = "2025-08-01T02:00:00Z";

struct Options {
  int instances = 2000;
  std::string db;               // empty: a file in a new temporary directory
  bool normal = true;
  bool full = true;
  bool engine = true;
  bool baseline = true;
  int check_every = 500;        // every K-th instance is checked against Engine::Tasks
  bool fork = true;
  bool keep = false;
  int repeat = 3;               // rounds; the median round is reported
};

// What one phase reports back; plain data, so it can cross a pipe from a child.
struct PhaseResult {
  bool ok = false;
  char error[1024] = {};
  std::int64_t instances = 0;
  std::int64_t completions = 0;
  double start_seconds = 0;      // summed over the timed Start transactions
  double complete_seconds = 0;   // summed over the timed Complete transactions
  double wall_seconds = 0;       // the whole phase: setup, checks and verification too
  double user_seconds = 0;       // CPU time of the instance loop, in user space ...
  double sys_seconds = 0;        // ... and in the kernel (mostly the WAL's write() calls)
  long max_rss_kb = 0;
};

void SetError(PhaseResult& r, const std::string& msg) {
  r.ok = false;
  std::snprintf(r.error, sizeof r.error, "%s", msg.c_str());
}

long MaxRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;   // kilobytes on Linux
}

double Seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU time used so far by this process: {user, system} seconds.
std::pair<double, double> CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return {sec(u.ru_utime), sec(u.ru_stime)};
}

void RemoveDb(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
}

// ---- The engine phase -----------------------------------------------------------------

// The one open task of u1, via Engine::Tasks; checks it is the predicted one.
Status CheckPrediction(Engine& engine, const Actor& u1, TaskId predicted, InstanceId instance, const char* node) {
  Result<std::vector<TaskView>> tasks = engine.Tasks(u1, {});
  if (!tasks.ok()) return tasks.status();
  if (tasks->size() != 1) {
    return Status::Internal("expected exactly one open task, found " + std::to_string(tasks->size()));
  }
  const TaskRecord& t = tasks->front().task;
  if (t.id != predicted || t.instance_id != instance || t.node_id != node) {
    return Status::Internal("predicted task " + std::to_string(predicted) + " (" + node + ") of instance " +
                            std::to_string(instance) + ", but the open task is " + std::to_string(t.id) + " (" +
                            t.node_id + ") of instance " + std::to_string(t.instance_id));
  }
  return Status::Ok();
}

PhaseResult RunEngine(const Options& opt, const std::string& path, SqliteOptions::Sync sync) {
  PhaseResult r;
  SteadyClock::time_point wall0 = SteadyClock::now();
  RemoveDb(path);
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(SqliteOptions{.path = path, .sync = sync});
  if (!store.ok()) {
    SetError(r, "open: " + store.status().message());
    return r;
  }
  Result<Instant> now = ParseInstant(kNow);
  FixedClock clock(*now);
  Engine engine(**store, clock);
  Result<std::vector<DeployResult>> boot =
      engine.Bootstrap(Actor{"admin"}, SourceFile{"bench-org.xml", kOrgXml}, {SourceFile{"approval.xml", kProcessXml}});
  if (!boot.ok()) {
    std::string msg = "bootstrap:";
    for (const std::string& line : boot.status().lines()) msg += "\n  " + line;
    SetError(r, msg);
    return r;
  }

  const Actor u1{"u1"};
  const StartRequest start{.process_id = "approval", .inputs = {}, .business_key = {}, .comment = {}};
  SteadyClock::duration start_time{}, complete_time{};
  TaskId next_task = 0;   // the id the next created task gets; learnt from the first instance
  InstanceId first = 0, last = 0;
  const std::pair<double, double> cpu0 = CpuSeconds();
  for (int i = 0; i < opt.instances; ++i) {
    SteadyClock::time_point t0 = SteadyClock::now();
    Result<InstanceId> inst = engine.Start(u1, start);
    start_time += SteadyClock::now() - t0;
    if (!inst.ok()) {
      SetError(r, "start: " + inst.status().message());
      return r;
    }
    if (i == 0) {
      first = *inst;
      Result<std::vector<TaskView>> tasks = engine.Tasks(u1, {});
      if (!tasks.ok() || tasks->size() != 1) {
        SetError(r, "cannot find the first instance's task");
        return r;
      }
      next_task = tasks->front().task.id;
    }
    last = *inst;
    TaskId task = next_task++;
    const bool check = opt.check_every > 0 && i % opt.check_every == 0;
    for (const Step& step : kSteps) {
      if (check) {
        Status s = CheckPrediction(engine, u1, task, *inst, step.node);
        if (!s.ok()) {
          SetError(r, s.message());
          return r;
        }
      }
      CompleteRequest req;
      req.task = task;
      req.outcome = step.outcome;
      SteadyClock::time_point c0 = SteadyClock::now();
      Status s = engine.Complete(u1, req);
      complete_time += SteadyClock::now() - c0;
      if (!s.ok()) {
        SetError(r, "complete task " + std::to_string(task) + " (" + step.node + "): " + s.message());
        return r;
      }
      ++r.completions;
      if (*step.next) task = next_task++;
    }
    ++r.instances;
  }
  const std::pair<double, double> cpu1 = CpuSeconds();
  r.user_seconds = cpu1.first - cpu0.first;
  r.sys_seconds = cpu1.second - cpu0.second;

  for (InstanceId id : {first, last}) {
    Result<InstanceView> v = engine.Show(u1, id);
    if (!v.ok()) {
      SetError(r, "show: " + v.status().message());
      return r;
    }
    if (!v->history_intact) {
      SetError(r, "the history chain of instance " + std::to_string(id) + " is broken");
      return r;
    }
  }
  r.start_seconds = Seconds(start_time);
  r.complete_seconds = Seconds(complete_time);
  r.wall_seconds = Seconds(SteadyClock::now() - wall0);
  r.max_rss_kb = MaxRssKb();
  r.ok = true;
  return r;
}

// ---- Reading a finished database ------------------------------------------------------

// One history row the engine wrote, as the baseline re-writes it.
struct HistoryTemplate {
  std::string action, node_id, role, capacity, detail, comment;
  enum class TaskRef { kNone, kCompleted, kCreated } task_ref = TaskRef::kNone;
};

struct DbFacts {
  bool ok = false;
  std::string error;
  std::int64_t instances = 0, instances_completed = 0, tasks = 0, tasks_completed = 0, tokens = 0;
  std::int64_t history_rows = 0;
  std::int64_t start_rows = 0;                   // rows written by Start (before the first task-completed)
  std::map<std::string, std::int64_t> actions;   // rows written by completions, by action
  std::int64_t variable_rows = 0;
  std::int64_t file_bytes = 0;
  std::int64_t db_bytes = 0;                        // page_count x page_size (the WAL's pages included)
  std::map<std::string, std::int64_t> object_bytes;   // per table and index, from dbstat
  // The first instance's rows: [0] written by Start, [k] by the k-th completion.
  std::vector<std::vector<HistoryTemplate>> segments;
};

class Db {
 public:
  explicit Db(const std::string& path, int flags) { rc_ = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr); }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3* get() { return db_; }
  std::string error() const { return db_ ? sqlite3_errmsg(db_) : "out of memory"; }

  bool Exec(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) == SQLITE_OK) return true;
    last_error_ = msg ? msg : error();
    sqlite3_free(msg);
    return false;
  }
  const std::string& last_error() const { return last_error_; }

  // The first column of the first row of `sql`, or -1.
  std::int64_t Count(const char* sql) {
    sqlite3_stmt* st = nullptr;
    std::int64_t n = -1;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
  }

 private:
  sqlite3* db_ = nullptr;
  int rc_ = SQLITE_ERROR;
  std::string last_error_;
};

std::string Text(sqlite3_stmt* st, int col) {
  const unsigned char* p = sqlite3_column_text(st, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(st, col)) : std::string();
}

DbFacts ReadFacts(const std::string& path) {
  DbFacts f;
  struct stat sb{};
  if (stat(path.c_str(), &sb) == 0) f.file_bytes = sb.st_size;
  Db db(path, SQLITE_OPEN_READONLY);
  if (!db.ok()) {
    f.error = "cannot open " + path + ": " + db.error();
    return f;
  }
  f.instances = db.Count("SELECT COUNT(*) FROM instances");
  f.instances_completed = db.Count("SELECT COUNT(*) FROM instances WHERE state = 'completed'");
  f.tasks = db.Count("SELECT COUNT(*) FROM tasks");
  f.tasks_completed = db.Count("SELECT COUNT(*) FROM tasks WHERE state = 'completed'");
  f.tokens = db.Count("SELECT COUNT(*) FROM tokens");
  f.history_rows = db.Count("SELECT COUNT(*) FROM history");
  f.variable_rows = db.Count("SELECT COUNT(*) FROM variables");
  f.db_bytes = db.Count("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
  {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db.get(), "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name", -1, &q, nullptr) == SQLITE_OK) {
      while (sqlite3_step(q) == SQLITE_ROW) f.object_bytes[Text(q, 0)] = sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
  }

  // Walk every instance's rows in order: rows before its first task-completed are
  // Start's; each task-completed opens the segment of one completion.
  sqlite3_stmt* st = nullptr;
  const char* sql =
      "SELECT h.instance_id, h.action, h.node_id, h.role, h.capacity, h.detail, h.comment, h.task_id "
      "FROM history h ORDER BY h.instance_id, h.id";
  if (sqlite3_prepare_v2(db.get(), sql, -1, &st, nullptr) != SQLITE_OK) {
    f.error = "cannot read history: " + db.error();
    return f;
  }
  std::int64_t current = -1, first_instance = -1;
  int segment = 0;
  std::int64_t completed_task = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::int64_t instance = sqlite3_column_int64(st, 0);
    std::string action = Text(st, 1);
    if (instance != current) {
      current = instance;
      segment = 0;
      if (first_instance < 0) first_instance = instance;
    }
    std::int64_t task_id = sqlite3_column_int64(st, 7);
    if (action == "task-completed") {
      ++segment;
      completed_task = task_id;
    }
    if (segment == 0) {
      ++f.start_rows;
    } else {
      ++f.actions[action];
    }
    if (instance == first_instance) {
      if (f.segments.size() <= static_cast<std::size_t>(segment)) f.segments.resize(segment + 1);
      HistoryTemplate t{action, Text(st, 2), Text(st, 3), Text(st, 4), Text(st, 5), Text(st, 6)};
      if (task_id == 0) {
        t.task_ref = HistoryTemplate::TaskRef::kNone;
      } else if (segment > 0 && task_id == completed_task) {
        t.task_ref = HistoryTemplate::TaskRef::kCompleted;
      } else {
        t.task_ref = HistoryTemplate::TaskRef::kCreated;
      }
      f.segments[segment].push_back(std::move(t));
    }
  }
  sqlite3_finalize(st);
  f.ok = true;
  return f;
}

// The rows every phase must leave behind.
std::string CheckFacts(const DbFacts& f, int instances) {
  if (!f.ok) return f.error;
  const std::int64_t n = instances;
  if (f.instances != n) return "instances: " + std::to_string(f.instances) + ", expected " + std::to_string(n);
  if (f.instances_completed != n) return "completed instances: " + std::to_string(f.instances_completed);
  if (f.tasks != n * kTasksPerInstance) return "tasks: " + std::to_string(f.tasks);
  if (f.tasks_completed != f.tasks) return "completed tasks: " + std::to_string(f.tasks_completed);
  if (f.tokens != 0) return "tokens left: " + std::to_string(f.tokens);
  return "";
}

// ---- The bare-SQLite baseline ---------------------------------------------------------

// A prepared statement kept for the whole phase.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) {
    rc_ = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return st_; }

  Stmt& Bind(int i, std::int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Stmt& BindBlob(int i, const std::string& v) {
    sqlite3_bind_blob(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(st_, i);
    return *this;
  }
  // Runs a statement that returns no rows.
  bool Run() {
    int rc = sqlite3_step(st_);
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
    return rc == SQLITE_DONE;
  }

 private:
  sqlite3_stmt* st_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

// The statements of the baseline, in the engine's column order.
struct BaselineStatements {
  explicit BaselineStatements(sqlite3* db)
      : begin(db, "BEGIN IMMEDIATE"),
        commit(db, "COMMIT"),
        insert_instance(db,
                        "INSERT INTO instances (definition_id, process_id, version, business_key, state, started_at, "
                        "started_by, ended_at, end_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        update_instance(db, "UPDATE instances SET state = ?, ended_at = ?, end_reason = ? WHERE id = ?"),
        find_task(db,
                  "SELECT id, instance_id, token_id, process_id, node_id, name, role, assignee, state, outcome, "
                  "created_at, due_at, completed_at, completed_by FROM tasks WHERE id = ?"),
        insert_task(db,
                    "INSERT INTO tasks (instance_id, token_id, process_id, node_id, name, role, assignee, state, "
                    "outcome, created_at, due_at, completed_at, completed_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        update_task(db,
                    "UPDATE tasks SET assignee = ?, state = ?, outcome = ?, due_at = ?, completed_at = ?, "
                    "completed_by = ? WHERE id = ?"),
        insert_token(db, "INSERT INTO tokens (instance_id, node_id, arrived_from) VALUES (?, ?, ?)"),
        delete_token(db, "DELETE FROM tokens WHERE id = ?"),
        set_variable(db,
                     "INSERT INTO variables (instance_id, name, type, value) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (instance_id, name) DO UPDATE SET type = excluded.type, value = excluded.value"),
        insert_history(db,
                       "INSERT INTO history (instance_id, at, user, role, capacity, action, node_id, task_id, "
                       "detail, comment, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") {}

  bool ok() {
    for (Stmt* s : {&begin, &commit, &insert_instance, &update_instance, &find_task, &insert_task, &update_task,
                    &insert_token, &delete_token, &set_variable, &insert_history}) {
      if (!s->ok()) return false;
    }
    return true;
  }

  Stmt begin, commit, insert_instance, update_instance, find_task, insert_task, update_task, insert_token,
      delete_token, set_variable, insert_history;
};

// The task row as the engine reads it before completing.
struct TaskRow {
  std::int64_t id = 0, instance_id = 0, token_id = 0;
  std::string process_id, node_id, name, role, assignee, state, outcome, created_at, completed_by;
};

class Baseline {
 public:
  Baseline(sqlite3* db, const std::vector<std::vector<HistoryTemplate>>& segments)
      : db_(db), st_(db), segments_(segments) {}

  bool ok() { return st_.ok(); }
  std::string error() const { return error_.empty() ? sqlite3_errmsg(db_) : error_; }

  // Start: the instance, the initiator variable, the first token and task, Start's history.
  bool Start(std::int64_t* instance, std::int64_t* task) {
    if (!st_.begin.Run()) return Fail("begin");
    st_.insert_instance.Bind(1, 1).Bind(2, process_).Bind(3, 1).Bind(4, empty_).Bind(5, running_);
    st_.insert_instance.Bind(6, now_).Bind(7, user_).BindNull(8).Bind(9, empty_);
    if (!st_.insert_instance.Run()) return Fail("insert instance");
    *instance = sqlite3_last_insert_rowid(db_);
    if (!SetVariable(*instance, initiator_, user_)) return false;
    if (!CreateTask(*instance, "draft", "start", task)) return false;
    return History(*instance, 0, 0, *task) && Commit();
  }

  // One completion of `step` (index into kSteps) on `task`; *next gets the created task.
  bool Complete(std::int64_t instance, int step, std::int64_t task, std::int64_t* next) {
    const Step& s = kSteps[step];
    if (!st_.begin.Run()) return Fail("begin");
    TaskRow row;
    sqlite3_stmt* q = st_.find_task.get();
    sqlite3_bind_int64(q, 1, task);
    if (sqlite3_step(q) != SQLITE_ROW) {
      sqlite3_reset(q);
      return Fail("task " + std::to_string(task) + " not found");
    }
    row.id = sqlite3_column_int64(q, 0);
    row.instance_id = sqlite3_column_int64(q, 1);
    row.token_id = sqlite3_column_int64(q, 2);
    row.process_id = Text(q, 3);
    row.node_id = Text(q, 4);
    row.name = Text(q, 5);
    row.role = Text(q, 6);
    row.assignee = Text(q, 7);
    row.state = Text(q, 8);
    row.outcome = Text(q, 9);
    row.created_at = Text(q, 10);
    row.completed_by = Text(q, 13);
    sqlite3_reset(q);
    if (row.state != "open" || row.node_id != s.node || row.instance_id != instance) {
      return Fail("task " + std::to_string(task) + " is not the open " + s.node + " task");
    }

    const std::string outcome = s.outcome;
    st_.update_task.Bind(1, user_).Bind(2, completed_).Bind(3, outcome).BindNull(4).Bind(5, now_).Bind(6, user_);
    st_.update_task.Bind(7, task);
    if (!st_.update_task.Run()) return Fail("update task");
    st_.delete_token.Bind(1, row.token_id);
    if (!st_.delete_token.Run()) return Fail("delete token");
    if (!outcome.empty()) {
      if (!SetVariable(instance, outcome_name_, outcome)) return false;
      if (!SetVariable(instance, row.node_id + ".outcome", outcome)) return false;
    }
    *next = 0;
    if (*s.next) {
      if (!CreateTask(instance, s.next, s.node, next)) return false;
    } else {
      st_.update_instance.Bind(1, completed_).Bind(2, now_).Bind(3, empty_).Bind(4, instance);
      if (!st_.update_instance.Run()) return Fail("update instance");
    }
    return History(instance, step + 1, task, *next) && Commit();
  }

 private:
  bool Fail(const std::string& what) {
    error_ = what + ": " + sqlite3_errmsg(db_);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }

  bool Commit() { return st_.commit.Run() || Fail("commit"); }

  bool SetVariable(std::int64_t instance, const std::string& name, const std::string& value) {
    st_.set_variable.Bind(1, instance).Bind(2, name).Bind(3, string_type_).Bind(4, value);
    return st_.set_variable.Run() || Fail("set variable " + name);
  }

  bool CreateTask(std::int64_t instance, const std::string& node, const std::string& from, std::int64_t* task) {
    st_.insert_token.Bind(1, instance).Bind(2, node).Bind(3, from);
    if (!st_.insert_token.Run()) return Fail("insert token");
    std::int64_t token = sqlite3_last_insert_rowid(db_);
    Stmt& t = st_.insert_task;
    t.Bind(1, instance).Bind(2, token).Bind(3, process_).Bind(4, node).Bind(5, kTaskNames.at(node));
    t.Bind(6, kTaskRoles.at(node)).Bind(7, empty_).Bind(8, open_).Bind(9, empty_).Bind(10, now_);
    t.BindNull(11).BindNull(12).Bind(13, empty_);
    if (!t.Run()) return Fail("insert task");
    *task = sqlite3_last_insert_rowid(db_);
    return true;
  }

  // The engine's rows for this segment, re-pointed at this instance and these tasks.
  bool History(std::int64_t instance, int segment, std::int64_t completed, std::int64_t created) {
    for (const HistoryTemplate& h : segments_[segment]) {
      std::int64_t task = 0;
      if (h.task_ref == HistoryTemplate::TaskRef::kCompleted) task = completed;
      if (h.task_ref == HistoryTemplate::TaskRef::kCreated) task = created;
      Stmt& q = st_.insert_history;
      q.Bind(1, instance).Bind(2, now_).Bind(3, user_).Bind(4, h.role).Bind(5, h.capacity).Bind(6, h.action);
      q.Bind(7, h.node_id).Bind(8, task).Bind(9, h.detail).Bind(10, h.comment).BindBlob(11, hash_);
      if (!q.Run()) return Fail("insert history");
    }
    return true;
  }

  sqlite3* db_;
  BaselineStatements st_;
  const std::vector<std::vector<HistoryTemplate>>& segments_;
  std::string error_;
  const std::string process_ = "approval", empty_, running_ = "running", completed_ = "completed",
                    open_ = "open", now_ = kNow, user_ = "u1", initiator_ = "initiator", outcome_name_ = "outcome",
                    string_type_ = "string", hash_ = std::string(32, 'a');
};

PhaseResult RunBaseline(const Options& opt, const std::string& path, SqliteOptions::Sync sync,
                        const std::vector<std::vector<HistoryTemplate>>& segments) {
  PhaseResult r;
  SteadyClock::time_point wall0 = SteadyClock::now();
  if (segments.size() != kSteps.size() + 1) {
    SetError(r, "the engine's history segments are missing");
    return r;
  }
  RemoveDb(path);
  {
    Db db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!db.ok()) {
      SetError(r, "open: " + db.error());
      return r;
    }
    sqlite3_busy_timeout(db.get(), 5000);
    std::string setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=";
    setup += sync == SqliteOptions::Sync::kFull ? "FULL" : "NORMAL";
    setup += "; PRAGMA foreign_keys=ON; BEGIN IMMEDIATE;"
             "CREATE TABLE schema_version (version INTEGER NOT NULL);";
    sqlite::RegisterMigrationFunctions(db.get());
    for (std::string_view m : sqlite::Migrations()) setup += std::string(m);
    setup += "INSERT INTO schema_version (version) VALUES (" + std::to_string(sqlite::Migrations().size()) + ");";
    if (!db.Exec(setup)) {
      SetError(r, "schema: " + db.last_error());
      return r;
    }
    // The rows Bootstrap writes: the org and the process definition.
    {
      Stmt org(db.get(),
               "INSERT INTO documents (kind, hash, source, file, deployed_at, deployed_by) VALUES ('org', ?, ?, ?, ?, ?)");
      Stmt def(db.get(),
               "INSERT INTO definitions (process_id, version, name, hash, source, file, deployed_at, deployed_by) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      const std::string hash(64, 'b'), org_src = kOrgXml, proc_src = kProcessXml, now = kNow, admin = "admin";
      org.Bind(1, hash).Bind(2, org_src).Bind(3, std::string("bench-org.xml")).Bind(4, now).Bind(5, admin);
      def.Bind(1, std::string("approval")).Bind(2, 1).Bind(3, std::string("Approval")).Bind(4, hash);
      def.Bind(5, proc_src).Bind(6, std::string("approval.xml")).Bind(7, now).Bind(8, admin);
      if (!org.Run() || !def.Run() || !db.Exec("COMMIT")) {
        SetError(r, "bootstrap rows: " + db.error());
        return r;
      }
    }

    Baseline b(db.get(), segments);
    if (!b.ok()) {
      SetError(r, "prepare: " + db.error());
      return r;
    }
    SteadyClock::duration start_time{}, complete_time{};
    const std::pair<double, double> cpu0 = CpuSeconds();
    for (int i = 0; i < opt.instances; ++i) {
      std::int64_t instance = 0, task = 0;
      SteadyClock::time_point t0 = SteadyClock::now();
      bool started = b.Start(&instance, &task);
      start_time += SteadyClock::now() - t0;
      if (!started) {
        SetError(r, "start: " + b.error());
        return r;
      }
      for (int step = 0; step < kCompletionsPerInstance; ++step) {
        std::int64_t next = 0;
        SteadyClock::time_point c0 = SteadyClock::now();
        bool done = b.Complete(instance, step, task, &next);
        complete_time += SteadyClock::now() - c0;
        if (!done) {
          SetError(r, "complete: " + b.error());
          return r;
        }
        ++r.completions;
        task = next;
      }
      ++r.instances;
    }
    const std::pair<double, double> cpu1 = CpuSeconds();
    r.user_seconds = cpu1.first - cpu0.first;
    r.sys_seconds = cpu1.second - cpu0.second;
    r.start_seconds = Seconds(start_time);
    r.complete_seconds = Seconds(complete_time);
  }
  r.wall_seconds = Seconds(SteadyClock::now() - wall0);
  r.max_rss_kb = MaxRssKb();
  r.ok = true;
  return r;
}

// ---- Running phases -------------------------------------------------------------------

// Runs `phase` in a forked child (so its peak RSS is its own) or, with --no-fork, here.
PhaseResult RunPhase(const Options& opt, const std::function<PhaseResult()>& phase) {
  if (!opt.fork) return phase();
  PhaseResult r;
  int fds[2];
  if (pipe(fds) != 0) {
    SetError(r, "pipe failed");
    return r;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    SetError(r, "fork failed");
    return r;
  }
  if (pid == 0) {
    close(fds[0]);
    PhaseResult child = phase();
    const char* p = reinterpret_cast<const char*>(&child);
    std::size_t left = sizeof child;
    while (left > 0) {
      ssize_t n = write(fds[1], p, left);
      if (n <= 0) break;
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  char* p = reinterpret_cast<char*>(&r);
  std::size_t got = 0;
  while (got < sizeof r) {
    ssize_t n = read(fds[0], p + got, sizeof r - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (got != sizeof r) {
    r = PhaseResult{};
    SetError(r, "the phase's process died (status " + std::to_string(status) + ")");
  }
  return r;
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      std::size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  return "unknown";
}

std::string FileSystemOf(const std::string& path) {
  std::string dir = path.substr(0, path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/'));
  if (dir.empty()) dir = ".";
  struct statfs s{};
  if (statfs(dir.c_str(), &s) != 0) return "unknown";
  switch (static_cast<unsigned long>(s.f_type)) {
    case 0xEF53: return "ext2/3/4";
    case 0x01021994: return "tmpfs (no real fsync)";
    case 0x9123683E: return "btrfs";
    case 0x58465342: return "xfs";
    case 0x794C7630: return "overlayfs";
    case 0x6969: return "nfs";
    default: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "0x%lx", static_cast<unsigned long>(s.f_type));
      return buf;
    }
  }
}

[[noreturn]] void Usage(const char* msg) {
  std::fprintf(stderr,
               "%s\nusage: approval_bench [--instances N] [--db PATH] [--sync normal|full|both]\n"
               "                      [--only engine|baseline|both] [--check-every K] [--repeat R]\n"
               "                      [--no-fork] [--keep]\n",
               msg);
  std::exit(2);
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Usage(("missing value for " + a).c_str());
      return argv[++i];
    };
    if (a == "--instances") {
      o.instances = std::atoi(value().c_str());
      if (o.instances <= 0) Usage("--instances must be positive");
    } else if (a == "--db") {
      o.db = value();
    } else if (a == "--sync") {
      std::string v = value();
      if (v != "normal" && v != "full" && v != "both") Usage("--sync is normal, full or both");
      o.normal = v != "full";
      o.full = v != "normal";
    } else if (a == "--only") {
      std::string v = value();
      if (v != "engine" && v != "baseline" && v != "both") Usage("--only is engine, baseline or both");
      o.engine = v != "baseline";
      o.baseline = v != "engine";
    } else if (a == "--check-every") {
      o.check_every = std::atoi(value().c_str());
    } else if (a == "--repeat") {
      o.repeat = std::atoi(value().c_str());
      if (o.repeat <= 0) Usage("--repeat must be positive");
    } else if (a == "--no-fork") {
      o.fork = false;
    } else if (a == "--keep") {
      o.keep = true;
    } else if (a == "--help" || a == "-h") {
      Usage("approval_bench: engine vs bare SQLite on a five-task approval process");
    } else {
      Usage(("unknown argument " + a).c_str());
    }
  }
  return o;
}

// One phase's outcome: what ran, its timings and the rows it left.
struct Row {
  std::string what;   // "engine" or "baseline"
  SqliteOptions::Sync sync;
  PhaseResult result;
  DbFacts facts;
  double us_per_completion() const { return 1e6 * result.complete_seconds / result.completions; }
};

const char* SyncName(SqliteOptions::Sync s) { return s == SqliteOptions::Sync::kFull ? "FULL" : "NORMAL"; }

// The rounds of one (run, sync) pair, summarised by the round with the median time per
// completion.
struct Series {
  std::vector<Row> rounds;   // successful rounds only
  int failed = 0;
  const Row* Median() const {
    if (rounds.empty()) return nullptr;
    std::vector<const Row*> sorted;
    for (const Row& r : rounds) sorted.push_back(&r);
    std::sort(sorted.begin(), sorted.end(),
              [](const Row* a, const Row* b) { return a->us_per_completion() < b->us_per_completion(); });
    return sorted[(sorted.size() - 1) / 2];
  }
  double Min() const {
    double m = 1e300;
    for (const Row& r : rounds) m = std::min(m, r.us_per_completion());
    return m;
  }
  double Max() const {
    double m = 0;
    for (const Row& r : rounds) m = std::max(m, r.us_per_completion());
    return m;
  }
};

int Main(int argc, char** argv) {
  Options opt = ParseArgs(argc, argv);
  std::string tmpdir;
  if (opt.db.empty()) {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/krabuan-bench-XXXXXX";
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    tmpdir = buf.data();
    opt.db = tmpdir + "/approval-bench.db";
  }

  std::vector<SqliteOptions::Sync> syncs;
  if (opt.normal) syncs.push_back(SqliteOptions::Sync::kNormal);
  if (opt.full) syncs.push_back(SqliteOptions::Sync::kFull);

  std::printf("Krabuan approval benchmark\n");
  std::printf("  machine     : %u cores, %s\n", std::thread::hardware_concurrency(), CpuModel().c_str());
  std::printf("  sqlite      : %s\n", sqlite3_libversion());
  std::printf("  database    : %s (%s)\n", opt.db.c_str(), FileSystemOf(opt.db).c_str());
  std::printf("  workload    : %d instances x %d completions (draft, check, review=reject, draft, check,\n"
              "                review=approve, sign, file), one transaction per Start/Complete\n",
              opt.instances, kCompletionsPerInstance);
  std::printf("  rounds      : %d (each row shows the round with the median us/compl)\n", opt.repeat);
  std::fflush(stdout);

  std::map<std::pair<std::string, SqliteOptions::Sync>, Series> series;
  std::vector<std::vector<HistoryTemplate>> segments;
  int failures = 0;
  auto finish = [&](Row row) {
    row.facts = ReadFacts(opt.db);
    std::string problem = row.result.ok ? CheckFacts(row.facts, opt.instances) : std::string(row.result.error);
    Series& s = series[{row.what, row.sync}];
    if (!problem.empty()) {
      std::fprintf(stderr, "%s %s failed: %s\n", row.what.c_str(), SyncName(row.sync), problem.c_str());
      ++failures;
      ++s.failed;
      return;
    }
    std::fprintf(stderr, "  %.1f us/completion\n", row.us_per_completion());
    if (segments.empty() && row.what == "engine") segments = row.facts.segments;
    s.rounds.push_back(std::move(row));
  };

  if (opt.baseline && !opt.engine) {
    // The baseline copies the engine's history rows: learn them from one instance.
    Options one = opt;
    one.instances = 1;
    PhaseResult r = RunPhase(opt, [&] { return RunEngine(one, opt.db, SqliteOptions::Sync::kNormal); });
    DbFacts f = ReadFacts(opt.db);
    if (!r.ok || !f.ok) {
      std::fprintf(stderr, "cannot learn the engine's history rows: %s%s\n", r.error, f.error.c_str());
      return 1;
    }
    segments = f.segments;
  }
  // Rounds interleave engine and baseline, so a change in the machine's load hits both.
  for (int round = 1; round <= opt.repeat; ++round) {
    for (SqliteOptions::Sync s : syncs) {
      if (opt.engine) {
        std::fprintf(stderr, "round %d: engine %s ...\n", round, SyncName(s));
        finish(Row{"engine", s, RunPhase(opt, [&] { return RunEngine(opt, opt.db, s); }), {}});
      }
      if (opt.baseline) {
        std::fprintf(stderr, "round %d: baseline %s ...\n", round, SyncName(s));
        finish(Row{"baseline", s, RunPhase(opt, [&] { return RunBaseline(opt, opt.db, s, segments); }), {}});
      }
    }
  }
  if (!opt.keep) RemoveDb(opt.db);
  if (!tmpdir.empty() && !opt.keep) rmdir(tmpdir.c_str());

  auto median = [&](const std::string& what, SqliteOptions::Sync s) -> const Row* {
    auto it = series.find({what, s});
    return it == series.end() ? nullptr : it->second.Median();
  };

  std::printf("\n%-9s %-6s %11s %13s %9s %15s %9s %9s %10s %7s %8s\n", "run", "sync", "instances/s", "completions/s",
              "us/compl", "us/compl range", "us/start", "history", "hist/compl", "db MiB", "RSS MiB");
  for (const char* what : {"engine", "baseline"}) {
    for (SqliteOptions::Sync s : syncs) {
      auto it = series.find({what, s});
      if (it == series.end()) continue;
      const Row* row = it->second.Median();
      if (row == nullptr) {
        std::printf("%-9s %-6s failed\n", what, SyncName(s));
        continue;
      }
      const PhaseResult& r = row->result;
      double busy = r.start_seconds + r.complete_seconds;
      std::int64_t completion_rows = row->facts.history_rows - row->facts.start_rows;
      char range[32];
      std::snprintf(range, sizeof range, "%.1f-%.1f", it->second.Min(), it->second.Max());
      std::printf("%-9s %-6s %11.0f %13.0f %9.1f %15s %9.1f %9lld %10.3f %7.1f %8.1f\n", what, SyncName(s),
                  r.instances / busy, r.completions / r.complete_seconds, row->us_per_completion(), range,
                  1e6 * r.start_seconds / r.instances, static_cast<long long>(row->facts.history_rows),
                  static_cast<double>(completion_rows) / r.completions, row->facts.file_bytes / 1048576.0,
                  r.max_rss_kb / 1024.0);
    }
  }
  std::printf("\n  instances/s   = instances / time in Start+Complete calls (excludes setup and checks)\n"
              "  completions/s = completions / time in Complete calls; us/compl is its inverse\n"
              "  us/compl range= fastest-slowest round\n"
              "  history       = history rows in the database; hist/compl = rows written per completion\n"
              "  db MiB        = main database file after the run (WAL checkpointed on close)\n"
              "  RSS MiB       = peak resident set of the phase's process (getrusage ru_maxrss)\n");

  std::printf("\n%-9s %-6s %14s %14s %14s %12s\n", "run", "sync", "wall us/txn", "user us/txn", "sys us/txn",
              "off-CPU %");
  for (const char* what : {"engine", "baseline"}) {
    for (SqliteOptions::Sync s : syncs) {
      const Row* row = median(what, s);
      if (row == nullptr) continue;
      const PhaseResult& r = row->result;
      double txns = static_cast<double>(r.instances + r.completions);
      double wall = r.start_seconds + r.complete_seconds;
      double off = std::max(0.0, wall - r.user_seconds - r.sys_seconds);
      std::printf("%-9s %-6s %14.1f %14.1f %14.1f %11.0f%%\n", what, SyncName(s), 1e6 * wall / txns,
                  1e6 * r.user_seconds / txns, 1e6 * r.sys_seconds / txns, 100 * off / wall);
    }
  }
  std::printf("  txn = one Start or Complete transaction; off-CPU = waiting (fsync, other processes)\n");

  for (SqliteOptions::Sync s : syncs) {
    const Row* row = median("engine", s);
    if (row == nullptr) continue;
    std::printf("\n  engine: history rows per completion by action:");
    for (const auto& [action, n] : row->facts.actions) {
      std::printf(" %s %.3f", action.c_str(), static_cast<double>(n) / row->result.completions);
    }
    std::printf("\n  engine: history rows written by Start: %.3f per instance\n",
                static_cast<double>(row->facts.start_rows) / row->result.instances);
    // What a finished case costs on disk: every page of the file (tables, indexes, free
    // pages), divided by the cases, and each table's and index's share from dbstat.
    double cases = static_cast<double>(row->result.instances);
    std::printf("\n  engine: bytes per finished case: %.0f (%lld bytes, %.0f instances); by table and index:\n",
                static_cast<double>(row->facts.db_bytes) / cases, static_cast<long long>(row->facts.db_bytes), cases);
    std::vector<std::pair<std::int64_t, std::string>> objects;
    for (const auto& [name, bytes] : row->facts.object_bytes) objects.emplace_back(bytes, name);
    std::sort(objects.rbegin(), objects.rend());
    for (const auto& [bytes, name] : objects) {
      if (bytes / cases < 10) continue;   // the empty tables and indexes: one page each
      std::printf("    %-28s %8.0f B/case %5.1f%%\n", name.c_str(), static_cast<double>(bytes) / cases,
                  100.0 * static_cast<double>(bytes) / static_cast<double>(row->facts.db_bytes));
    }
    break;
  }

  bool printed_header = false;
  for (SqliteOptions::Sync s : syncs) {
    const Row* e = median("engine", s);
    const Row* b = median("baseline", s);
    if (!e || !b) continue;
    if (!printed_header) {
      std::printf("\n%-6s %16s %18s %14s %14s\n", "sync", "engine us/compl", "baseline us/compl", "ratio compl",
                  "ratio overall");
      printed_header = true;
    }
    double eo = (e->result.start_seconds + e->result.complete_seconds) / e->result.instances;
    double bo = (b->result.start_seconds + b->result.complete_seconds) / b->result.instances;
    std::printf("%-6s %16.1f %18.1f %13.2fx %13.2fx\n", SyncName(s), e->us_per_completion(),
                b->us_per_completion(), e->us_per_completion() / b->us_per_completion(), eo / bo);
  }
  if (const Row* e = median("engine", SqliteOptions::Sync::kNormal)) {
    double rate = 1e6 / e->us_per_completion();
    std::printf("\n  aim: >= 10000 completions/s with NORMAL: %s (%.0f/s)\n", rate >= 10000 ? "met" : "NOT met", rate);
    if (const Row* b = median("baseline", SqliteOptions::Sync::kNormal)) {
      double ratio = e->us_per_completion() / b->us_per_completion();
      std::printf("  aim: within 2x of the baseline with NORMAL: %s (%.2fx)\n", ratio <= 2 ? "met" : "NOT met", ratio);
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace krabuan::bench

int main(int argc, char** argv) { return krabuan::bench::Main(argc, argv); }
