// The file `audit export` writes and `audit verify --file` reads: an AuditExport as JSON
// (format "krabuan-audit-export-1"), self-contained, for an inspector's own machine.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/audit.h"

namespace krabuan::cli {

nlohmann::json AuditExportJson(const AuditExport& file);
// Invalid, naming the member, when the text is not such a file.
Result<AuditExport> AuditExportFromJson(const nlohmann::json& j);

}  // namespace krabuan::cli
