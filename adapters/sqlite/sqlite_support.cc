#include "adapters/sqlite/sqlite_support.h"

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
  static const char* kDigits = "0123456789abcdef";
  const auto* bytes = static_cast<const unsigned char*>(c.getBlob());
  int n = c.getBytes();
  std::string out(static_cast<std::size_t>(n) * 2, '0');
  for (int i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xF];
  }
  return out;
}

Result<std::string> HashBytes(const std::string& hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Status::Internal("a hash is not hex: '" + hex + "'");
    out[i] = static_cast<char>(hi << 4 | lo);
  }
  if (out.size() != 32 || hex.size() != 64) return Status::Internal("a hash is not SHA-256: '" + hex + "'");
  return out;
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
