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
  // What the caller may do with the file. Only kCreate makes a schema; the others refuse
  // a missing or empty file and another program's database before writing a byte.
  enum class Mode {
    kCreate,      // create the file when missing; a new or empty file gets the schema
    kReadWrite,   // an existing Krabuan database, upgraded to this program's schema
    kReadOnly,    // an existing Krabuan database, never written (a backup, a copy on read-only media)
  } mode = Mode::kCreate;
  // Told (one line) when a writer that waited out the busy timeout killed the frozen
  // process holding the write lock (see below); stderr when not set.
  std::function<void(const std::string&)> notice = nullptr;
};

// Opens (and, unless read-only, migrates) the database. Storage when the file is missing
// (not kCreate), cannot be opened, is not a Krabuan database, is read-only but must be
// written, or has a schema newer than this program; Busy when another writer holds it
// through a needed upgrade.
//
// A read-only open needs nothing written beside the file: a database without a -wal file
// in a folder the user cannot write to is read as immutable.
//
// BeginWrite waits up to busy_timeout_ms for the write lock; then it asks the OS who holds
// it (adapters/sqlite/write_lock.h). A copy of this program holding it while stopped
// (SIGSTOP, Ctrl-Z, a debugger) or the timer daemon holding it past its lapsed lease (not
// heartbeating: hung) is killed with SIGKILL, which rolls its transaction back whole and
// frees the lock, and the write goes on; any other holder is named in the Busy error.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

// The SQLite application_id (header offset 68) that marks a Krabuan database: "KRBN".
inline constexpr int kKrabuanApplicationId = 0x4B52424E;

// The SQL the store prepares for each listing, exposed so that tests can check the plan of
// exactly what the store runs. Parameters are named (:login, :limit, ...).
std::string TaskListSql(const TaskQuery& q);   // ListTasks
std::string TaskPageSql(const TaskQuery& q);   // PageTasks
std::string InstancePageSql(const InstanceQuery& q);   // ListInstances
std::string ProcessPageSql();                  // ListProcesses

// The schema version this program writes.
int CurrentSchemaVersion();

}  // namespace krabuan
