// The SQLite store: one database file in WAL mode, shared by the CLI, the daemon and
// several users at once.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine/status.h"
#include "engine/store/store.h"

namespace krabuan {

struct SqliteOptions {
  std::string path;
  // FULL survives power loss with every commit; NORMAL (in WAL mode) may lose the last
  // commits on power loss but never corrupts, and is several times faster.
  enum class Sync { kFull, kNormal } sync = Sync::kFull;
  int busy_timeout_ms = 5000;
  bool create = true;   // create the file if missing
  // Told (one line) when a writer that waited out the busy timeout killed the frozen
  // process holding the write lock (see BeginWrite); stderr when not set.
  std::function<void(const std::string&)> notice;
};

// Opens (and migrates) the database. BeginWrite waits up to busy_timeout_ms for the write
// lock; then it asks the OS who holds it (adapters/sqlite/write_lock.h). A copy of this
// program holding it while stopped (SIGSTOP, Ctrl-Z, a debugger) or the timer daemon
// holding it past its lapsed lease (not heartbeating: hung) is killed with SIGKILL, which
// rolls its transaction back whole and frees the lock, and the write goes on; any other
// holder is named in the Conflict error. Invalid/Internal on a file that is not a Krabuan
// database or is newer than this program understands.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

// The SQL the store prepares for each listing, exposed so that tests can check the plan of
// exactly what the store runs. Parameters are named (:login, :limit, ...).
std::string TaskListSql(const TaskQuery& q);   // ListTasks
std::string TaskPageSql(const TaskQuery& q);   // PageTasks
std::string InstancePageSql(const InstanceQuery& q);   // ListInstances
std::string ProcessPageSql();                  // ListProcesses

// The schema version this program writes.
int CurrentSchemaVersion();

}  // namespace krabuan
