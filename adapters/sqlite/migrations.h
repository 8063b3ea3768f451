// The SQLite schema as ordered migrations. The database's schema_version says how
// many have been applied; opening a database applies the rest, each in a transaction.
#pragma once

#include <string_view>
#include <vector>

struct sqlite3;

namespace krabuan::sqlite {

// The SQL functions migrations call (krabuan_unhex); register them on a connection
// before applying Migrations().
void RegisterMigrationFunctions(sqlite3* db);

// Migration i (0-based) takes the schema from version i to version i+1.
const std::vector<std::string_view>& Migrations();

}  // namespace krabuan::sqlite
