#include "adapters/sqlite/sqlite_support.h"

#include "engine/runtime/hex.h"

#include <sqlite3.h>

#include <stdexcept>

namespace krabuan::sqlite {

Status FromSqliteError(int extended_code, const std::string& what) {
  switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy("the database is busy: another writer held it longer than the busy timeout (" + what +
                          "); nothing was changed, it is safe to retry");
    case SQLITE_PROTOCOL:
      return Status::Busy("the database's locks could not be taken (a process holding them is stopped or stuck: " +
                          what + "); nothing was changed, it is safe to retry");
    case SQLITE_CONSTRAINT:
      return Status::Conflict("constraint violated: " + what);
    case SQLITE_READONLY:
      return Status::Storage("the database is read-only (" + what + ")");
    case SQLITE_FULL:
      return Status::Storage("the disk is full (" + what + "); nothing was changed");
    case SQLITE_NOTADB:
      return Status::Storage("not a Krabuan database: not an SQLite file (" + what + ")");
    case SQLITE_CORRUPT:
      return Status::Storage("the database file is damaged (" + what + ")");
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
    case SQLITE_IOERR:
    case SQLITE_NOLFS:
      return Status::Storage("database error: " + what);
    default:
      return Status::Internal("database error: " + what);
  }
}

Instant TimeOf(const SQLite::Column& c) {
  Result<Instant> r = ParseInstant(c.getString());
  if (!r.ok()) throw std::runtime_error("unreadable time '" + c.getString() + "' in column " + c.getName());
  return *r;
}

std::optional<Instant> OptTimeOf(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return TimeOf(c);
}

std::string HashHex(const SQLite::Column& c) {
  return ToHex(std::string_view(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())));
}

Result<std::string> HashBytes(const std::string& hex) {
  std::optional<std::string> bytes = FromHex(hex);
  if (!bytes) return Status::Internal("a hash is not hex: '" + hex + "'");
  if (bytes->size() != 32) return Status::Internal("a hash is not SHA-256: '" + hex + "'");
  return *bytes;
}

HistoryRecord ReadHistory(SQLite::Statement& q) {
  HistoryRecord h;
  h.id = q.getColumn(0).getInt64();
  h.instance_id = q.getColumn(1).getInt64();
  h.at = TimeOf(q.getColumn(2));
  h.user = q.getColumn(3).getString();
  h.role = q.getColumn(4).getString();
  h.capacity = NameOf(q.getColumn(5), &ActingCapacityFromName, "capacity");
  h.action = q.getColumn(6).getString();
  h.node_id = q.getColumn(7).getString();
  h.task_id = q.getColumn(8).getInt64();
  h.detail = q.getColumn(9).getString();
  h.comment = q.getColumn(10).getString();
  h.hash = HashHex(q.getColumn(11));
  return h;
}

}  // namespace krabuan::sqlite
