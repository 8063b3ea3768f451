// Appends to the audit log (engine/runtime/audit_chain.h) in the command's transaction,
// so an entry commits or rolls back with what it vouches for.
#pragma once

#include <string>

#include "engine/store/store.h"

namespace krabuan {

Status AppendAudit(StoreTransaction& txn, Instant at, const std::string& user, const char* kind,
                   const std::string& subject, const std::string& digest);

// Seals a case after a command changed it: an entry with the digest of its whole state
// (CaseStateDigest), so a later edit of a task, token, variable or the instance shows.
Status SealCase(StoreTransaction& txn, InstanceId instance, Instant at, const std::string& user);

// Seals every case in txn.changed_cases, then commits.
Status CommitSealed(StoreTransaction& txn, Instant at);

// The case's state digest as the store holds it now.
Result<std::string> CaseStateNow(StoreTransaction& txn, InstanceId instance);

}  // namespace krabuan
