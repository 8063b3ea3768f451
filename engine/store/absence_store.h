// Recorded absences: whole office days a person is away (acting officers stand in).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/records.h"
#include "engine/status.h"

namespace krabuan {

// Ids ascend and are never given again. A cancelled absence stays on record and no longer
// counts. Methods marked "Write." return Internal in a read transaction and change nothing.
class AbsenceStore {
 public:
  virtual ~AbsenceStore() = default;

  // Write. Stores every field but `id`, `cancelled_by` and `cancelled_at` (a new absence
  // is not cancelled) and returns the new id. Conflict when `to` is before `from`.
  virtual Result<std::int64_t> InsertAbsence(const AbsenceRecord& a) = 0;
  // nullopt when no absence has the id (cancelled ones are found).
  virtual Result<std::optional<AbsenceRecord>> FindAbsence(std::int64_t id) = 0;
  // Write. Marks it cancelled by `by` at `at`; again on a cancelled one overwrites both.
  // No such absence: Ok, nothing changes.
  virtual Status CancelAbsence(std::int64_t id, const std::string& by, Instant at) = 0;
  // Absences not cancelled that end on or after `from`, by start date then id.
  virtual Result<std::vector<AbsenceRecord>> ListAbsences(Date from) = 0;
  // Whether `login` has an absence (not cancelled) covering office day `day`, both
  // ends included.
  virtual Result<bool> IsAbsent(const std::string& login, Date day) = 0;
};

}  // namespace krabuan
