#include "engine/runtime/audit_chain.h"

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
