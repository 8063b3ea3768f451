// The audit log: one append-only chain over everything the database records, so that an
// inspector can check it all from one head. Each entry names what it vouches for (a case's
// history row, a deployed definition or document, an absence, an API token) by a digest
// of that thing's content, and its hash covers the previous entry's hash: change, remove,
// insert or reorder anything and the chain, or a digest, no longer holds. Signed
// checkpoints (sequence, head hash, time) pin the head, so a rewritten or cut tail shows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/records.h"
#include "engine/value.h"

namespace krabuan {

// What an audit entry vouches for.
namespace audit_kind {
inline constexpr const char* kHistory = "history";          // subject "case N"; digest: the row's hash
inline constexpr const char* kDefinition = "definition";    // subject "PROCESS vN"; digest: SHA-256 of the file
inline constexpr const char* kOrg = "org";                  // subject: the file; digest: SHA-256 of the file
inline constexpr const char* kHolidays = "holidays";        // the same
inline constexpr const char* kAbsence = "absence";          // subject "absence N"; digest: AbsenceDigest
inline constexpr const char* kAbsenceCancel = "absence-cancelled";  // digest: AbsenceCancelDigest
inline constexpr const char* kToken = "token";              // subject "token N"; digest: TokenDigest
inline constexpr const char* kTokenRevoke = "token-revoked";  // digest: TokenRevokeDigest
inline constexpr const char* kAlert = "alert";              // subject "alert N"; digest: AlertDigest
inline constexpr const char* kCaseState = "case-state";     // subject "case N"; digest: CaseStateDigest after a command
}  // namespace audit_kind

struct AuditEntry {
  std::int64_t seq = 0;     // 1, 2, 3, ... with no gap
  Instant at{};
  std::string user;         // who acted ("" for the engine itself)
  std::string kind;         // audit_kind
  std::string subject;
  std::string digest;       // SHA-256 hex of what it vouches for
  std::string prev_hash;    // the previous entry's hash ("" for the first); not stored
  std::string hash;         // SHA-256 hex over the fields and prev_hash
};

// A signature over (seq, hash, at) by the service's Ed25519 key.
struct AuditCheckpoint {
  std::int64_t seq = 0;
  std::string hash;         // the entry `seq`'s hash
  Instant at{};
  std::string public_key;   // hex, 32 bytes
  std::string signature;    // hex, 64 bytes
};

// Rows older than the audit log, which it cannot vouch for (their own chains still hold).
struct AuditGenesis {
  std::int64_t history = 0, definitions = 0, documents = 0, absences = 0, tokens = 0, alerts = 0;
};

std::string AuditHash(const AuditEntry& e);
// The bytes a checkpoint signs.
std::string CheckpointMessage(std::int64_t seq, const std::string& hash, Instant at);

// A case's whole state: the instance row, every task, the waiting tokens and the
// variables. Each command that changes a case seals it so; `audit verify` recomputes it.
std::string CaseStateDigest(const InstanceRecord& instance, const std::vector<TaskRecord>& tasks,
                            const std::vector<TokenRecord>& tokens, const VariableMap& variables);

std::string AlertDigest(const AlertRecord& a);
std::string AbsenceDigest(const AbsenceRecord& a);
std::string AbsenceCancelDigest(const AbsenceRecord& a);
std::string TokenDigest(const ApiTokenRecord& t);
std::string TokenRevokeDigest(const ApiTokenRecord& t);

}  // namespace krabuan
