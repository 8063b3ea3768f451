// The SQLite store's API tokens.
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

#define KRABUAN_TOKEN_COLUMNS "id, login, secret_hash, created_by, created_at, expires_at, revoked_by, revoked_at"

ApiTokenRecord ReadToken(SQLite::Statement& q) {
  ApiTokenRecord t;
  t.id = q.getColumn(0).getInt64();
  t.login = q.getColumn(1).getString();
  t.secret_hash = q.getColumn(2).getString();
  t.created_by = q.getColumn(3).getString();
  t.created_at = TimeOf(q.getColumn(4));
  t.expires_at = OptTimeOf(q.getColumn(5));
  t.revoked_by = q.getColumn(6).getString();
  t.revoked_at = OptTimeOf(q.getColumn(7));
  return t;
}

}  // namespace

Result<std::int64_t> SqliteTransaction::InsertApiToken(const ApiTokenRecord& t) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<std::int64_t> {
    auto& q = Stmt("INSERT INTO api_tokens (login, secret_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
    Bind(q, t.login, t.secret_hash, t.created_by, t.created_at, t.expires_at).exec();
    return static_cast<std::int64_t>(db().getLastInsertRowid());
  });
}

Status SqliteTransaction::SetApiTokenHash(std::int64_t id, const std::string& secret_hash) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("UPDATE api_tokens SET secret_hash = ? WHERE id = ?");
    Bind(q, secret_hash, id).exec();
    return Status::Ok();
  });
}

Result<std::optional<ApiTokenRecord>> SqliteTransaction::FindApiToken(std::int64_t id) {
  return Guard([&]() -> Result<std::optional<ApiTokenRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_TOKEN_COLUMNS " FROM api_tokens WHERE id = ?");
    if (!Bind(q, id).executeStep()) return std::optional<ApiTokenRecord>();
    return std::optional<ApiTokenRecord>(ReadToken(q));
  });
}

Status SqliteTransaction::RevokeApiToken(std::int64_t id, const std::string& by, Instant at) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("UPDATE api_tokens SET revoked_by = ?, revoked_at = ? WHERE id = ?");
    Bind(q, by, at, id).exec();
    return Status::Ok();
  });
}

Result<std::vector<ApiTokenRecord>> SqliteTransaction::ListApiTokens() {
  return Guard([&]() -> Result<std::vector<ApiTokenRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_TOKEN_COLUMNS " FROM api_tokens ORDER BY id");
    std::vector<ApiTokenRecord> out;
    while (q.executeStep()) out.push_back(ReadToken(q));
    return out;
  });
}

}  // namespace krabuan::sqlite
