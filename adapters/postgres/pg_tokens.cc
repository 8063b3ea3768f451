// The PostgreSQL store's API tokens.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/postgres/pg_codec.h"
#include "adapters/postgres/pg_transaction.h"

namespace krabuan::pg {
namespace {

#define KRABUAN_PG_TOKEN_COLUMNS \
  "id, login, secret_hash, created_by, created_at, expires_at, revoked_by, revoked_at"

ApiTokenRecord ReadApiToken(const PgRow& r) {
  return ApiTokenRecord{r.Int64(0),   r.Text(1),       r.Text(2), r.Text(3),
                        TimeOf(r, 4), OptTimeOf(r, 5), r.Text(6), OptTimeOf(r, 7)};
}

}  // namespace

Result<std::int64_t> PgTransaction::InsertApiToken(const ApiTokenRecord& t) {
  return ReadInt(Change("INSERT INTO api_tokens (login, secret_hash, created_by, created_at, expires_at) "
                        "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                        Args(t.login, t.secret_hash, t.created_by, t.created_at, t.expires_at)));
}

Status PgTransaction::SetApiTokenHash(std::int64_t id, const std::string& secret_hash) {
  return Change("UPDATE api_tokens SET secret_hash = $1 WHERE id = $2", Args(secret_hash, id)).status();
}

Result<std::optional<ApiTokenRecord>> PgTransaction::FindApiToken(std::int64_t id) {
  return ReadFirst<ApiTokenRecord>(
      Query("SELECT " KRABUAN_PG_TOKEN_COLUMNS " FROM api_tokens WHERE id = $1", Args(id)), ReadApiToken);
}

Status PgTransaction::RevokeApiToken(std::int64_t id, const std::string& by, Instant at) {
  return Change("UPDATE api_tokens SET revoked_by = $1, revoked_at = $2 WHERE id = $3", Args(by, at, id)).status();
}

Result<std::vector<ApiTokenRecord>> PgTransaction::ListApiTokens() {
  return ReadAll<ApiTokenRecord>(Query("SELECT " KRABUAN_PG_TOKEN_COLUMNS " FROM api_tokens ORDER BY id", {}),
                                 ReadApiToken);
}

}  // namespace krabuan::pg
