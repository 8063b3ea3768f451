// The PostgreSQL schema of one office as ordered migrations. Each office's schema has a
// schema_version table with one row per migration applied; opening an office applies
// the rest, all in one transaction.
#pragma once

#include <string_view>
#include <vector>

namespace krabuan::pg {

// Migration i (0-based) takes an office from version i to version i+1. Each is plain SQL
// (several statements), run with search_path set to the office's schema.
const std::vector<std::string_view>& Migrations();

}  // namespace krabuan::pg
