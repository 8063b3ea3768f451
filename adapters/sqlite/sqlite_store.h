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
  // What the caller may do with the file. Only kCreate makes a schema; the others refuse
  // a missing or empty file and another program's database before writing a byte.
  enum class Mode {
    kCreate,      // create the file when missing; a new or empty file gets the schema
    kReadWrite,   // an existing Krabuan database, upgraded to this program's schema
    kReadOnly,    // an existing Krabuan database, never written (a backup, a copy on read-only media)
  } mode = Mode::kCreate;
};

// Opens (and, unless read-only, migrates) the database. Storage when the file is missing
// (not kCreate), cannot be opened, is not a Krabuan database, is read-only but must be
// written, or has a schema newer than this program; Busy when another writer holds it
// through a needed upgrade.
//
// A read-only open needs nothing written beside the file: a database without a -wal file
// in a folder the user cannot write to is read as immutable.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

// The SQLite application_id (header offset 68) that marks a Krabuan database: "KRBN".
inline constexpr int kKrabuanApplicationId = 0x4B52424E;

// The SQL the store runs for a task listing (exposed so tests can check its plan).
std::string TaskListSql(const TaskQuery& q);

// The schema version this program writes.
int CurrentSchemaVersion();

}  // namespace krabuan
