// The SQLite store's absences.
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sqlite/sqlite_support.h"
#include "adapters/sqlite/sqlite_transaction.h"

namespace krabuan::sqlite {
namespace {

// Absences keep their days as ISO dates: they compare as text.
#define KRABUAN_ABSENCE_COLUMNS "id, login, from_date, to_date, reason, recorded_by, recorded_at, cancelled_by, cancelled_at"

Date DateOf(const SQLite::Column& c) {
  Result<Date> d = ParseDate(c.getString());
  return d.ok() ? *d : Date{};
}

AbsenceRecord ReadAbsence(SQLite::Statement& q) {
  AbsenceRecord a;
  a.id = q.getColumn(0).getInt64();
  a.login = q.getColumn(1).getString();
  a.from = DateOf(q.getColumn(2));
  a.to = DateOf(q.getColumn(3));
  a.reason = q.getColumn(4).getString();
  a.recorded_by = q.getColumn(5).getString();
  a.recorded_at = TimeOf(q.getColumn(6));
  a.cancelled_by = q.getColumn(7).getString();
  a.cancelled_at = OptTimeOf(q.getColumn(8));
  return a;
}

}  // namespace

Result<std::int64_t> SqliteTransaction::InsertAbsence(const AbsenceRecord& a) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<std::int64_t> {
    auto& q = Stmt("INSERT INTO absences (login, from_date, to_date, reason, recorded_by, recorded_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
    Bind(q, a.login, a.from, a.to, a.reason, a.recorded_by, a.recorded_at).exec();
    return static_cast<std::int64_t>(db().getLastInsertRowid());
  });
}

Result<std::optional<AbsenceRecord>> SqliteTransaction::FindAbsence(std::int64_t id) {
  return Guard([&]() -> Result<std::optional<AbsenceRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_ABSENCE_COLUMNS " FROM absences WHERE id = ?");
    if (!Bind(q, id).executeStep()) return std::optional<AbsenceRecord>();
    return std::optional<AbsenceRecord>(ReadAbsence(q));
  });
}

Status SqliteTransaction::CancelAbsence(std::int64_t id, const std::string& by, Instant at) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("UPDATE absences SET cancelled_by = ?, cancelled_at = ? WHERE id = ?");
    Bind(q, by, at, id).exec();
    return Status::Ok();
  });
}

Result<std::vector<AbsenceRecord>> SqliteTransaction::ListAbsences(Date from) {
  return Guard([&]() -> Result<std::vector<AbsenceRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_ABSENCE_COLUMNS " FROM absences WHERE to_date >= ? AND cancelled_at IS NULL "
                   "ORDER BY from_date, id");
    Bind(q, from);
    std::vector<AbsenceRecord> out;
    while (q.executeStep()) out.push_back(ReadAbsence(q));
    return out;
  });
}

Result<std::vector<AbsenceRecord>> SqliteTransaction::AllAbsences() {
  return Guard([&]() -> Result<std::vector<AbsenceRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_ABSENCE_COLUMNS " FROM absences ORDER BY id");
    std::vector<AbsenceRecord> out;
    while (q.executeStep()) out.push_back(ReadAbsence(q));
    return out;
  });
}

Result<bool> SqliteTransaction::IsAbsent(const std::string& login, Date day) {
  return Guard([&]() -> Result<bool> {
    auto& q = Stmt("SELECT 1 FROM absences WHERE login = ? AND to_date >= ? AND from_date <= ? "
                   "AND cancelled_at IS NULL LIMIT 1");
    return Bind(q, login, day, day).executeStep();
  });
}

}  // namespace krabuan::sqlite
