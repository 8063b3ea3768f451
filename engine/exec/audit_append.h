// Appends to the audit log (engine/runtime/audit_chain.h) in the command's transaction,
// so an entry commits or rolls back with what it vouches for.
#pragma once

#include <string>

#include "engine/store/store.h"

namespace krabuan {

Status AppendAudit(StoreTransaction& txn, Instant at, const std::string& user, const char* kind,
                   const std::string& subject, const std::string& digest);

}  // namespace krabuan
