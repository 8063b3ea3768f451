#include "engine/exec/audit_append.h"

namespace krabuan {

Status AppendAudit(StoreTransaction& txn, Instant at, const std::string& user, const char* kind,
                   const std::string& subject, const std::string& digest) {
  // The tip is read each time: a batch may roll a case back to a savepoint, and with it
  // the entries that case appended.
  Result<AuditEntry> tip = txn.LastAuditEntry();
  if (!tip.ok()) return tip.status();
  AuditEntry e;
  e.seq = tip->seq + 1;
  e.at = at;
  e.user = user;
  e.kind = kind;
  e.subject = subject;
  e.digest = digest;
  e.prev_hash = tip->hash;
  e.hash = AuditHash(e);
  return txn.AppendAuditEntry(e);
}

}  // namespace krabuan
