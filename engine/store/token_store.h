// API tokens: how clients over TCP prove who they are (the service's /v1/ API).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/records.h"
#include "engine/status.h"

namespace krabuan {

// Ids ascend and are never given again. A revoked token stays on record. Methods marked
// "Write." return Internal in a read transaction and change nothing.
class TokenStore {
 public:
  virtual ~TokenStore() = default;

  // Write. Stores every field but `id`, `revoked_by` and `revoked_at` and returns the new id.
  virtual Result<std::int64_t> InsertApiToken(const ApiTokenRecord& t) = 0;
  // Write. Sets the hash of a token's text (the text names the id, known once inserted).
  virtual Status SetApiTokenHash(std::int64_t id, const std::string& secret_hash) = 0;
  // nullopt when no token has the id (revoked ones are found).
  virtual Result<std::optional<ApiTokenRecord>> FindApiToken(std::int64_t id) = 0;
  // Write. Marks it revoked by `by` at `at`. No such token: Ok, nothing changes.
  virtual Status RevokeApiToken(std::int64_t id, const std::string& by, Instant at) = 0;
  // Every token, revoked ones too, by id.
  virtual Result<std::vector<ApiTokenRecord>> ListApiTokens() = 0;
};

}  // namespace krabuan
