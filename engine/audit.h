// What `audit verify` and `audit checkpoint` work with: the signer the engine is given
// (the service's key, adapters/audit), and what a verification found.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/runtime/audit_chain.h"
#include "engine/status.h"

namespace krabuan {

// Signs checkpoints with a key the engine never sees.
class AuditSigner {
 public:
  virtual ~AuditSigner() = default;
  virtual std::string PublicKeyHex() const = 0;
  // The Ed25519 signature of `message`, hex.
  virtual Result<std::string> SignHex(const std::string& message) = 0;
};

struct AuditReport {
  bool holds = true;                    // every check passed
  std::vector<std::string> problems;    // each names the row, table or checkpoint; the first is the first found
  std::int64_t entries = 0;             // audit entries checked
  std::int64_t history_rows = 0;
  std::int64_t cases = 0;
  std::int64_t definitions = 0;
  std::int64_t documents = 0;
  std::int64_t checkpoints = 0;         // checkpoints whose signature and head held
  std::int64_t before_log = 0;          // rows older than the log: checked by their own chains only
  std::string head_hash;                // the last entry's hash
  std::int64_t head_seq = 0;
  std::string trusted_key;              // the key checkpoints had to be signed with ("" when none was given)
};

// A self-contained piece of the audit log for an inspector (`audit export`): the entries
// of a period, with the chain's hash before the first, the checkpoints that sign any of
// them, the service's public key, and what the entries vouch for that can be checked
// without the database: history rows (each with its case's previous hash) and deployed
// files.
struct AuditExport {
  std::string public_key;                       // hex; "" when the key was not readable
  std::string first_prev_hash;                  // the hash of the entry before the first
  std::vector<AuditEntry> entries;              // by seq
  std::vector<AuditCheckpoint> checkpoints;     // those whose seq is among the entries
  std::vector<HistoryRecord> history;           // the rows the history entries vouch for, in order
  std::vector<DefinitionRecord> definitions;    // the definition entries', in order
  std::vector<DocumentRecord> documents;        // the org and holidays entries', in order
};

// Checks an export on its own: the chain, each history row and file against its entry,
// each checkpoint's signature (by `trusted_key` when given, else the export's own key,
// which the report then names as unconfirmed).
AuditReport VerifyAuditExport(const AuditExport& file, const std::string& trusted_key);

}  // namespace krabuan
