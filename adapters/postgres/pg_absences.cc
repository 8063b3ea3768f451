// The PostgreSQL store's absences.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/postgres/pg_codec.h"
#include "adapters/postgres/pg_transaction.h"

namespace krabuan::pg {
namespace {

#define KRABUAN_PG_ABSENCE_COLUMNS \
  "id, login, from_date, to_date, reason, recorded_by, recorded_at, cancelled_by, cancelled_at"

AbsenceRecord ReadAbsence(const PgRow& r) {
  return AbsenceRecord{r.Int64(0), r.Text(1),    DateOf(r, 2), DateOf(r, 3),    r.Text(4),
                       r.Text(5),  TimeOf(r, 6), r.Text(7),    OptTimeOf(r, 8)};
}

}  // namespace

Result<std::int64_t> PgTransaction::InsertAbsence(const AbsenceRecord& a) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  if (a.to < a.from) {
    return Status::Conflict("an absence cannot end (" + FormatIsoDate(a.to) + ") before it starts (" +
                            FormatIsoDate(a.from) + ")");
  }
  return ReadInt(Change("INSERT INTO absences (login, from_date, to_date, reason, recorded_by, recorded_at) "
                        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                        Args(a.login, a.from, a.to, a.reason, a.recorded_by, a.recorded_at)));
}

Result<std::optional<AbsenceRecord>> PgTransaction::FindAbsence(std::int64_t id) {
  return ReadFirst<AbsenceRecord>(
      Query("SELECT " KRABUAN_PG_ABSENCE_COLUMNS " FROM absences WHERE id = $1", Args(id)), ReadAbsence);
}

Status PgTransaction::CancelAbsence(std::int64_t id, const std::string& by, Instant at) {
  return Change("UPDATE absences SET cancelled_by = $1, cancelled_at = $2 WHERE id = $3", Args(by, at, id)).status();
}

Result<std::vector<AbsenceRecord>> PgTransaction::ListAbsences(Date from) {
  return ReadAll<AbsenceRecord>(Query("SELECT " KRABUAN_PG_ABSENCE_COLUMNS " FROM absences WHERE to_date >= $1 "
                                      "AND cancelled_at IS NULL ORDER BY from_date, id",
                                      Args(from)),
                                ReadAbsence);
}

Result<std::vector<AbsenceRecord>> PgTransaction::AllAbsences() {
  return ReadAll<AbsenceRecord>(Query("SELECT " KRABUAN_PG_ABSENCE_COLUMNS " FROM absences ORDER BY id", {}),
                                ReadAbsence);
}

Result<bool> PgTransaction::IsAbsent(const std::string& login, Date day) {
  Result<PgResult> r = Query("SELECT 1 FROM absences WHERE login = $1 AND to_date >= $2 AND from_date <= $2 "
                             "AND cancelled_at IS NULL LIMIT 1",
                             Args(login, day));
  if (!r.ok()) return r.status();
  return !r->empty();
}

}  // namespace krabuan::pg
