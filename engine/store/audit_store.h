// The audit log and its signed checkpoints (engine/runtime/audit_chain.h).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/runtime/audit_chain.h"
#include "engine/status.h"

namespace krabuan {

// Entries are appended only; the engine gives each the next sequence number. Methods
// marked "Write." return Internal in a read transaction and change nothing.
class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // The newest entry's seq and hash (prev_hash empty); seq 0 when the log is empty.
  virtual Result<AuditEntry> LastAuditEntry() = 0;
  // Write. Stores every field but prev_hash. Conflict when the seq is taken.
  virtual Status AppendAuditEntry(const AuditEntry& e) = 0;
  // At most `limit` entries with seq > `after`, by seq, each with prev_hash set to the
  // stored entry before it (by seq; "" when there is none).
  virtual Result<std::vector<AuditEntry>> AuditEntries(std::int64_t after, int limit) = 0;

  // Write. Stores a checkpoint.
  virtual Status AppendCheckpoint(const AuditCheckpoint& c) = 0;
  // Every checkpoint, by seq then time.
  virtual Result<std::vector<AuditCheckpoint>> Checkpoints() = 0;

  // At most `limit` history rows with id > `after`, of every case, by id; prev_hash is
  // left empty (the reader keeps each case's last hash).
  virtual Result<std::vector<HistoryRecord>> HistoryAfter(std::int64_t after, int limit) = 0;
  // Every absence, cancelled ones too, by id.
  virtual Result<std::vector<AbsenceRecord>> AllAbsences() = 0;
  // What the database held before it kept an audit log (a file older than the log): the
  // highest history, definition, document, absence and token ids then; all 0 otherwise.
  virtual Result<AuditGenesis> AuditGenesisOf() = 0;
  // Every deployed definition and document, by id (for their digests).
  virtual Result<std::vector<DefinitionRecord>> AllDefinitions() = 0;
  virtual Result<std::vector<DocumentRecord>> AllDocuments() = 0;
};

}  // namespace krabuan
