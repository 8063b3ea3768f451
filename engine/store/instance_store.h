// A case's runtime state: the instance row, its tokens, its variables and its history.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/records.h"
#include "engine/status.h"
#include "engine/store/page.h"

namespace krabuan {

struct InstanceQuery {
  std::string process_id;              // empty: any
  std::optional<InstanceState> state;  // nullopt: any
  // Only the cases this login takes part in: a task of the case is one of its items or is
  // assigned to it, in any state ("": any case).
  std::string participant = {};
};

// Rows here refer to an instance that must exist (and an instance to its definition):
// an insert naming one that does not is Conflict and changes nothing. Methods marked
// "Write." return Internal in a read transaction and change nothing.
class InstanceStore {
 public:
  virtual ~InstanceStore() = default;

  // Instances. Ids ascend (instances are never deleted, so no id is given twice).
  // Write. Stores every field but `id` and returns the new id. Conflict when the
  // definition does not exist, or when the instance would be a second running one of its
  // process with the same non-empty business key.
  virtual Result<InstanceId> InsertInstance(const InstanceRecord& i) = 0;
  // nullopt when no instance has the id.
  virtual Result<std::optional<InstanceRecord>> FindInstance(InstanceId id) = 0;
  // Whether a running instance of the process has this key; always false for "".
  virtual Result<bool> RunningKeyExists(const std::string& process_id, const std::string& key) = 0;
  // Write. Sets state, ended_at and end_reason of the instance with i.id; the other
  // fields are ignored. No such instance: Ok, nothing changes. Conflict when it would
  // make a second running instance with the same non-empty key.
  virtual Status UpdateInstance(const InstanceRecord& i) = 0;
  // Matching instances by id, at most `limit` of them (0 or less: all); `total` counts
  // every match.
  virtual Result<Page<InstanceRecord>> ListInstances(const InstanceQuery& q, int limit) = 0;

  // Tokens. Ids ascend and are never given again, not even after the token is deleted:
  // tasks and timers keep referring to a token id after it is gone, and work per item
  // finds a round by its token.
  // The instance's tokens by id; empty for an unknown instance.
  virtual Result<std::vector<TokenRecord>> TokensOf(InstanceId instance) = 0;
  // Write. Stores every field but `id` and returns the new id. Conflict when the
  // instance does not exist.
  virtual Result<TokenId> InsertToken(const TokenRecord& t) = 0;
  // Write. Idempotent: deleting a missing token is Ok. Tasks and timers of the token stay.
  virtual Status DeleteToken(TokenId id) = 0;

  // Variables: one value per (instance, name), read back with the type it was set with.
  // Every variable of the instance (empty when none or for an unknown instance).
  virtual Result<VariableMap> VariablesOf(InstanceId instance) = 0;
  // Write. Sets or overwrites. Conflict when the instance does not exist.
  virtual Status SetVariable(InstanceId instance, const std::string& name, const Value& v) = 0;

  // History: appended only, never changed. Ids ascend across all instances.
  // The instance's newest row, as HistoryOf gives it (prev_hash the hash of the row before
  // it); nullopt when it has none. What a command that chains one row to the tip reads
  // when it need not check the whole chain.
  virtual Result<std::optional<HistoryRecord>> LastHistoryRow(InstanceId instance) = 0;
  // Write. Stores every field but `id` and `prev_hash` (the chain is kept by order: a
  // row's predecessor is the instance's row before it). `hash` must be SHA-256 as 64 hex
  // digits (either case), else Internal. Conflict when the instance does not exist.
  virtual Status AppendHistory(const HistoryRecord& h) = 0;
  // The instance's rows by id, each with prev_hash set to the hash of the row before it
  // ("" for the first) and hashes as lowercase hex.
  virtual Result<std::vector<HistoryRecord>> HistoryOf(InstanceId instance) = 0;
};

}  // namespace krabuan
