// The SQLite schema as ordered migrations. The database's schema_version says how
// many have been applied; opening a database applies the rest, each in a transaction.
#pragma once

#include <string_view>
#include <vector>

namespace krabuan::sqlite {

// Migration i (0-based) takes the schema from version i to version i+1.
const std::vector<std::string_view>& Migrations();

}  // namespace krabuan::sqlite
