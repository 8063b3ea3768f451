// API tokens: who a client over TCP is. Administrators make and revoke them.
#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "engine/exec/audit_append.h"
#include "engine/runtime/token_secret.h"

namespace krabuan {
namespace {

constexpr const char* kNotValid = "the API token is not valid";

}  // namespace

Result<NewToken> Engine::CreateToken(const Actor& actor, const std::string& login, std::optional<Date> expires) {
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> admin = scope.admin(actor, "make an API token");
  if (!admin.ok()) return admin.status();
  if ((*scope.org())->FindUser(login) == nullptr) {
    return Status::Invalid("unknown user '" + login + "': not in the org file ('krabuan org' lists logins)");
  }
  Instant now = clock_.Now();
  std::optional<Instant> expires_at;
  if (expires) {
    if (*expires < OfficeDate(now)) {
      return Status::Invalid("--expires " + FormatIsoDate(*expires) + ": that day is past (today is " +
                             FormatThaiDate(OfficeDate(now)) + ")");
    }
    expires_at = OfficeEndOfDay(*expires);
  }
  // The id is known only once the row exists, and the text names it: insert, then set
  // the hash of the text, in the same transaction.
  ApiTokenRecord record{0, login, "", actor.login, now, expires_at, "", {}};
  Result<std::int64_t> id = (*txn)->InsertApiToken(record);
  if (!id.ok()) return id.status();
  NewToken made{*id, NewTokenText(*id), login, expires_at};
  record.id = *id;
  record.secret_hash = TokenHash(made.text);
  KRABUAN_RETURN_IF_ERROR((*txn)->SetApiTokenHash(*id, record.secret_hash));
  KRABUAN_RETURN_IF_ERROR(AppendAudit(**txn, now, actor.login, audit_kind::kToken, "token " + std::to_string(*id),
                                      TokenDigest(record)));
  KRABUAN_RETURN_IF_ERROR(CommitSealed(**txn, clock_.Now()));
  return made;
}

Result<std::vector<ApiTokenRecord>> Engine::Tokens(const Actor& actor) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  Result<const User*> admin = CommandScope(*this, **txn).admin(actor, "list the API tokens");
  if (!admin.ok()) return admin.status();
  Result<std::vector<ApiTokenRecord>> tokens = (*txn)->ListApiTokens();
  if (!tokens.ok()) return tokens.status();
  for (ApiTokenRecord& t : *tokens) t.secret_hash.clear();   // never shown
  return tokens;
}

Status Engine::RevokeToken(const Actor& actor, std::int64_t id) {
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> admin = scope.admin(actor, "revoke an API token");
  if (!admin.ok()) return admin.status();
  Result<std::optional<ApiTokenRecord>> token = (*txn)->FindApiToken(id);
  if (!token.ok()) return token.status();
  if (!token->has_value()) return Status::NotFound("no API token " + std::to_string(id) + " ('krabuan token list' lists them)");
  if ((*token)->revoked_at) {
    return Status::Refused("API token " + std::to_string(id) + " of '" + (*token)->login + "' is already revoked (by " +
                           (*token)->revoked_by + ")");
  }
  ApiTokenRecord revoked = **token;
  revoked.revoked_by = actor.login;
  revoked.revoked_at = clock_.Now();
  KRABUAN_RETURN_IF_ERROR((*txn)->RevokeApiToken(id, revoked.revoked_by, *revoked.revoked_at));
  KRABUAN_RETURN_IF_ERROR(AppendAudit(**txn, *revoked.revoked_at, actor.login, audit_kind::kTokenRevoke,
                                      "token " + std::to_string(id), TokenRevokeDigest(revoked)));
  return CommitSealed(**txn, clock_.Now());
}

Result<std::string> Engine::TokenLogin(const std::string& text) {
  std::optional<std::int64_t> id = TokenIdOf(text);
  if (!id) return Status::Refused(kNotValid);
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  Result<std::optional<ApiTokenRecord>> token = (*txn)->FindApiToken(*id);
  if (!token.ok()) return token.status();
  // The hash is compared even for a token that would fail otherwise, so the time taken
  // does not say which check failed.
  bool same = SameTokenHash(token->has_value() ? (*token)->secret_hash : std::string(64, '0'), TokenHash(text));
  if (!token->has_value() || !same || (*token)->revoked_at ||
      ((*token)->expires_at && *(*token)->expires_at < clock_.Now())) {
    return Status::Refused(kNotValid);
  }
  return (*token)->login;
}

}  // namespace krabuan
