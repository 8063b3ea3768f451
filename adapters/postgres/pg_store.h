// The PostgreSQL store: many offices in one database, shared by any number of CLIs and
// daemons on any number of machines.
#pragma once

#include <memory>
#include <string>

#include "engine/status.h"
#include "engine/store/store.h"

namespace krabuan {

struct PostgresOptions {
  // A libpq connection string ("host=/run/postgresql dbname=krabuan") or URI
  // ("postgresql://krabuan@db.example/krabuan").
  std::string conninfo;
  // Each office is its own schema of that name in the database, and the connection's
  // search_path is that schema alone. So no query of the engine needs an office
  // predicate that one could forget (another office's rows are not in the tables it
  // names), and an office can be dumped and restored alone (pg_dump -n office).
  // [a-z0-9_-]{1,40}; not "public", not starting with "pg_".
  std::string office = "main";
  // How long BeginWrite waits for another writer of the office (then Busy), and any
  // statement for a lock; as SqliteOptions::busy_timeout_ms.
  int busy_timeout_ms = 5000;
  enum class Mode {
    kCreate,      // make the office's schema when missing; a new office gets the tables
    kReadWrite,   // an existing office, upgraded to this program's schema
    kReadOnly,    // an existing office, never written (BeginWrite is refused)
  } mode = Mode::kCreate;
};

// Connects and (unless read-only) migrates the office. Invalid for a bad office id or a
// connection string that does not parse; Storage when the server cannot be reached or
// refuses, the database is not UTF-8, the office is missing (not kCreate), its schema
// holds another program's tables, or is newer than this program (or, read-only, older);
// Busy when another writer holds the office through a needed upgrade.
//
// BeginWrite serialises the office's writers (see pg_store.cc); BeginRead reads one
// snapshot and never waits for a writer.
Result<std::unique_ptr<Store>> OpenPostgresStore(const PostgresOptions& options);

// Removes the office and everything in it (DROP SCHEMA ... CASCADE): irreversible. Ok when
// there is no such office. For tests, and for an administrator retiring an office.
Status DropPostgresOffice(const PostgresOptions& options);

// Ok when `office` may name an office; else Invalid saying why.
Status ValidateOfficeId(const std::string& office);

// The schema version this program writes into an office.
int CurrentPostgresSchemaVersion();

}  // namespace krabuan
