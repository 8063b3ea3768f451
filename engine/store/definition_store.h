// Deployed process definitions and the versioned documents (org file, holidays calendar).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/records.h"
#include "engine/status.h"
#include "engine/store/page.h"

namespace krabuan {

// A deployed process as `processes` lists it.
struct ProcessSummary {
  DefinitionRecord definition;   // the latest version, without its source
  int running = 0;
  std::optional<TimerRecord> next_start = {};   // recurring processes: the next start (error set when it failed)
};

// Ids ascend: a new definition's or document's id is greater than that of every row stored
// before it (rows are never deleted, so no id is given twice). Methods marked "Write."
// return Internal in a read transaction and change nothing.
class DefinitionStore {
 public:
  virtual ~DefinitionStore() = default;

  // The process's highest version; nullopt when the process was never deployed.
  virtual Result<std::optional<DefinitionRecord>> LatestDefinition(const std::string& process_id) = 0;
  // NotFound when no definition has the id (unlike the Find* methods, which give nullopt).
  virtual Result<DefinitionRecord> DefinitionById(DefinitionId id) = 0;
  // The highest version of each process, sources included, by process id.
  virtual Result<std::vector<DefinitionRecord>> LatestDefinitions() = 0;
  // The highest version of each process by process id, without its source, with:
  // `running`, the process's running instances of any version; `next_start`, its "recur"
  // timer when it has one, failed or not, with only id, due_at, kind, error and
  // process_id read. At most `limit` rows (0 or less: all); `total` counts the processes.
  virtual Result<Page<ProcessSummary>> ListProcesses(int limit) = 0;
  // Write. Stores every field but `id` and returns the new id. Conflict when the
  // (process_id, version) pair is taken.
  virtual Result<DefinitionId> InsertDefinition(const DefinitionRecord& d) = 0;

  // The kind's newest document (highest id); nullopt when none was deployed.
  virtual Result<std::optional<DocumentRecord>> LatestDocument(DocumentKind kind) = 0;
  // The newest document's id, 0 when none: cheap, so callers can keep a parsed copy and
  // know it is stale when the id changes.
  virtual Result<std::int64_t> LatestDocumentId(DocumentKind kind) = 0;
  // Write. Stores every field but `id`; the new id is what LatestDocumentId then gives.
  virtual Status InsertDocument(const DocumentRecord& d) = 0;
};

}  // namespace krabuan
