#include "engine/runtime/audit_chain.h"

#include <algorithm>

#include "engine/runtime/history_chain.h"

namespace krabuan {
namespace {

// Length-prefixed fields, so no two different entries serialise alike.
void Field(std::string& buf, std::string_view s) {
  buf += std::to_string(s.size());
  buf += ':';
  buf += s;
}

std::string OptionalTime(const std::optional<Instant>& t) { return t ? FormatInstantUtc(*t) : std::string("-"); }

}  // namespace

std::string AuditHash(const AuditEntry& e) {
  std::string buf;
  Field(buf, e.prev_hash);
  Field(buf, std::to_string(e.seq));
  Field(buf, FormatInstantUtc(e.at));
  Field(buf, e.user);
  Field(buf, e.kind);
  Field(buf, e.subject);
  Field(buf, e.digest);
  return Sha256Hex(buf);
}

std::string CheckpointMessage(std::int64_t seq, const std::string& hash, Instant at) {
  std::string buf = "krabuan-audit-checkpoint-v1\n";
  Field(buf, std::to_string(seq));
  Field(buf, hash);
  Field(buf, FormatInstantUtc(at));
  return buf;
}

std::string CaseStateDigest(const InstanceRecord& instance, const std::vector<TaskRecord>& tasks,
                            const std::vector<TokenRecord>& tokens, const VariableMap& variables) {
  std::string buf;
  Field(buf, std::to_string(instance.id));
  Field(buf, std::to_string(instance.definition_id));
  Field(buf, instance.process_id);
  Field(buf, std::to_string(instance.version));
  Field(buf, instance.business_key);
  Field(buf, InstanceStateName(instance.state));
  Field(buf, FormatInstantUtc(instance.started_at));
  Field(buf, instance.started_by);
  Field(buf, OptionalTime(instance.ended_at));
  Field(buf, instance.end_reason);
  std::vector<const TaskRecord*> by_id;
  for (const TaskRecord& t : tasks) by_id.push_back(&t);
  std::sort(by_id.begin(), by_id.end(), [](const TaskRecord* a, const TaskRecord* b) { return a->id < b->id; });
  Field(buf, std::to_string(by_id.size()));
  for (const TaskRecord* t : by_id) {
    for (const std::string& f : {std::to_string(t->id), std::to_string(t->token_id), t->process_id, t->node_id, t->name,
                                 t->role, t->assignee, t->item, std::string(TaskStateName(t->state)), t->outcome,
                                 FormatInstantUtc(t->created_at), OptionalTime(t->due_at), OptionalTime(t->completed_at),
                                 t->completed_by, t->escalated_to, t->acting_for}) {
      Field(buf, f);
    }
  }
  std::vector<const TokenRecord*> waiting;
  for (const TokenRecord& t : tokens) waiting.push_back(&t);
  std::sort(waiting.begin(), waiting.end(), [](const TokenRecord* a, const TokenRecord* b) { return a->id < b->id; });
  Field(buf, std::to_string(waiting.size()));
  for (const TokenRecord* t : waiting) {
    Field(buf, std::to_string(t->id));
    Field(buf, t->node_id);
    Field(buf, t->arrived_from);
  }
  Field(buf, std::to_string(variables.size()));
  for (const auto& [name, v] : variables) {   // ordered by name
    Field(buf, name);
    Field(buf, ValueTypeName(v.type()));
    Field(buf, v.ToText());
  }
  return Sha256Hex(buf);
}

std::string AlertDigest(const AlertRecord& a) {
  std::string buf;
  for (const std::string& f : {std::to_string(a.id), FormatInstantUtc(a.created_at), a.kind, std::to_string(a.instance_id),
                               std::to_string(a.task_id), a.text, a.payload}) {
    Field(buf, f);
  }
  return Sha256Hex(buf);
}

std::string AbsenceDigest(const AbsenceRecord& a) {
  std::string buf;
  Field(buf, std::to_string(a.id));
  Field(buf, a.login);
  Field(buf, FormatIsoDate(a.from));
  Field(buf, FormatIsoDate(a.to));
  Field(buf, a.reason);
  Field(buf, a.recorded_by);
  Field(buf, FormatInstantUtc(a.recorded_at));
  return Sha256Hex(buf);
}

std::string AbsenceCancelDigest(const AbsenceRecord& a) {
  std::string buf;
  Field(buf, std::to_string(a.id));
  Field(buf, a.cancelled_by);
  Field(buf, OptionalTime(a.cancelled_at));
  return Sha256Hex(buf);
}

std::string TokenDigest(const ApiTokenRecord& t) {
  std::string buf;
  Field(buf, std::to_string(t.id));
  Field(buf, t.login);
  Field(buf, t.secret_hash);
  Field(buf, t.created_by);
  Field(buf, FormatInstantUtc(t.created_at));
  Field(buf, OptionalTime(t.expires_at));
  return Sha256Hex(buf);
}

std::string TokenRevokeDigest(const ApiTokenRecord& t) {
  std::string buf;
  Field(buf, std::to_string(t.id));
  Field(buf, t.revoked_by);
  Field(buf, OptionalTime(t.revoked_at));
  return Sha256Hex(buf);
}

}  // namespace krabuan
