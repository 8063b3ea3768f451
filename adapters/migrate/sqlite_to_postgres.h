// Moving an office up: its SQLite database copied, row for row, into an office of a
// PostgreSQL database (`krabuan migrate`).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "adapters/postgres/pg_store.h"
#include "engine/status.h"

namespace krabuan {

struct MigrationReport {
  std::map<std::string, std::int64_t> rows;   // table -> rows copied
};

// Copies every row of the SQLite database at `sqlite_path` — definitions with their
// versions, org and holidays documents, cases, tokens, tasks, variables, the history with
// its hashes, timers, recurring starts, alerts and their deliveries, absences, API tokens,
// the audit log with its checkpoints and genesis — into the office `target.office`, with
// the same ids, in one transaction: all of it or nothing. The office must be new or empty
// (Conflict otherwise); an office this call created is removed again when it fails. The
// daemon's lease is not copied: it belongs to the machine that ran the SQLite daemon.
// The file must be a Krabuan database of this program's schema version (Invalid when it
// is older: any command on it upgrades it first); it is only read.
Result<MigrationReport> MigrateSqliteToPostgres(const std::string& sqlite_path, const PostgresOptions& target);

}  // namespace krabuan
