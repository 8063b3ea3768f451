// `krabuan migrate --to CONNINFO [--office ID]`: the database file (--db) copied into an
// office of a PostgreSQL database, all or nothing, and the copy's audit log verified.
#pragma once

#include <string>

#include "cli/commands.h"

namespace krabuan::cli {

struct MigrateArgs {
  std::string to;                // a libpq connection string or postgresql:// URI
  std::string office = "main";   // the office to copy into: new, or empty
};

int CmdMigrate(const GlobalOptions& g, const MigrateArgs& args, Io io);

}  // namespace krabuan::cli
