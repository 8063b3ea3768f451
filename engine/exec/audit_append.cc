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

Result<std::string> CaseStateNow(StoreTransaction& txn, InstanceId instance) {
  Result<std::optional<InstanceRecord>> record = txn.FindInstance(instance);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return Status::NotFound("no instance " + std::to_string(instance));
  Result<std::vector<TaskRecord>> tasks = txn.TasksOfInstance(instance);
  if (!tasks.ok()) return tasks.status();
  Result<std::vector<TokenRecord>> tokens = txn.TokensOf(instance);
  if (!tokens.ok()) return tokens.status();
  Result<VariableMap> variables = txn.VariablesOf(instance);
  if (!variables.ok()) return variables.status();
  return CaseStateDigest(**record, *tasks, *tokens, *variables);
}

Status SealCase(StoreTransaction& txn, InstanceId instance, Instant at, const std::string& user) {
  Result<std::string> digest = CaseStateNow(txn, instance);
  if (!digest.ok()) return digest.status();
  return AppendAudit(txn, at, user, audit_kind::kCaseState, "case " + std::to_string(instance), *digest);
}

Status CommitSealed(StoreTransaction& txn, Instant at) {
  for (InstanceId instance : txn.changed_cases) KRABUAN_RETURN_IF_ERROR(SealCase(txn, instance, at, ""));
  txn.changed_cases.clear();
  return txn.Commit();
}

}  // namespace krabuan
