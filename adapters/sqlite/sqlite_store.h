// The SQLite store: one database file in WAL mode, shared by the CLI, the daemon and
// several users at once.
#pragma once

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
};

// Opens (and migrates) the database. Invalid/Internal on a file that is not a Krabuan
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
