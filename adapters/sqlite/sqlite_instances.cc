// The SQLite store's instances, tokens, variables and history.
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

#define KRABUAN_INSTANCE_COLUMNS \
  "id, definition_id, process_id, version, business_key, state, started_at, started_by, ended_at, end_reason"

InstanceRecord ReadInstance(SQLite::Statement& q) {
  InstanceRecord i;
  i.id = q.getColumn(0).getInt64();
  i.definition_id = q.getColumn(1).getInt64();
  i.process_id = q.getColumn(2).getString();
  i.version = q.getColumn(3).getInt();
  i.business_key = q.getColumn(4).getString();
  i.state = NameOf(q.getColumn(5), &InstanceStateFromName, "instance state");
  i.started_at = TimeOf(q.getColumn(6));
  i.started_by = q.getColumn(7).getString();
  i.ended_at = OptTimeOf(q.getColumn(8));
  i.end_reason = q.getColumn(9).getString();
  return i;
}

}  // namespace

Result<InstanceId> SqliteTransaction::InsertInstance(const InstanceRecord& i) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<InstanceId> {
    auto& q = Stmt("INSERT INTO instances (definition_id, process_id, version, business_key, state, started_at, "
                   "started_by, ended_at, end_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Bind(q, i.definition_id, i.process_id, i.version, i.business_key, InstanceStateName(i.state), i.started_at,
         i.started_by, i.ended_at, i.end_reason).exec();
    return static_cast<InstanceId>(db().getLastInsertRowid());
  });
}

Result<std::optional<InstanceRecord>> SqliteTransaction::FindInstance(InstanceId id) {
  return Guard([&]() -> Result<std::optional<InstanceRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_INSTANCE_COLUMNS " FROM instances WHERE id = ?");
    if (!Bind(q, id).executeStep()) return std::optional<InstanceRecord>();
    return std::optional<InstanceRecord>(ReadInstance(q));
  });
}

Result<bool> SqliteTransaction::RunningKeyExists(const std::string& process_id, const std::string& key) {
  return Guard([&]() -> Result<bool> {
    auto& q = Stmt("SELECT 1 FROM instances WHERE process_id = ? AND business_key = ? AND state = 'running' "
                   "AND business_key <> ''");
    return Bind(q, process_id, key).executeStep();
  });
}

Status SqliteTransaction::UpdateInstance(const InstanceRecord& i) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("UPDATE instances SET state = ?, ended_at = ?, end_reason = ? WHERE id = ?");
    Bind(q, InstanceStateName(i.state), i.ended_at, i.end_reason, i.id).exec();
    return Status::Ok();
  });
}

Result<Page<InstanceRecord>> SqliteTransaction::ListInstances(const InstanceQuery& qry, int limit) {
  return Guard([&]() -> Result<Page<InstanceRecord>> {
    SQLite::Statement q(db(), InstancePageSql(qry));
    BindNamed(q, ":process", qry.process_id);
    if (qry.state) BindNamed(q, ":state", std::string(InstanceStateName(*qry.state)));
    if (!qry.participant.empty()) BindNamed(q, ":participant", qry.participant);
    BindNamed(q, ":limit", limit > 0 ? limit : -1);
    Page<InstanceRecord> out;
    while (q.executeStep()) {
      out.rows.push_back(ReadInstance(q));
      out.total = q.getColumn(10).getInt64();
    }
    return out;
  });
}

Result<std::vector<TokenRecord>> SqliteTransaction::TokensOf(InstanceId instance) {
  return Guard([&]() -> Result<std::vector<TokenRecord>> {
    auto& q = Stmt("SELECT id, instance_id, node_id, arrived_from FROM tokens WHERE instance_id = ? ORDER BY id");
    Bind(q, instance);
    std::vector<TokenRecord> out;
    while (q.executeStep()) {
      out.push_back(TokenRecord{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                                q.getColumn(3).getString()});
    }
    return out;
  });
}

Result<TokenId> SqliteTransaction::InsertToken(const TokenRecord& t) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<TokenId> {
    auto& q = Stmt("INSERT INTO tokens (instance_id, node_id, arrived_from) VALUES (?, ?, ?)");
    Bind(q, t.instance_id, t.node_id, t.arrived_from).exec();
    return static_cast<TokenId>(db().getLastInsertRowid());
  });
}

Status SqliteTransaction::DeleteToken(TokenId id) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("DELETE FROM tokens WHERE id = ?");
    Bind(q, id).exec();
    return Status::Ok();
  });
}

Result<VariableMap> SqliteTransaction::VariablesOf(InstanceId instance) {
  return Guard([&]() -> Result<VariableMap> {
    auto& q = Stmt("SELECT name, type, value FROM variables WHERE instance_id = ?");
    Bind(q, instance);
    VariableMap out;
    while (q.executeStep()) {
      std::string name = q.getColumn(0).getString();
      auto type = ValueTypeFromName(q.getColumn(1).getString());
      if (!type) return Status::Internal("variable '" + name + "' has an unknown stored type");
      Result<Value> v = ParseStoredValue(*type, q.getColumn(2).getString());
      if (!v.ok()) return Status::Internal("variable '" + name + "' is stored badly: " + v.status().message());
      out.emplace(std::move(name), std::move(v.value()));
    }
    return out;
  });
}

Status SqliteTransaction::SetVariable(InstanceId instance, const std::string& name, const Value& v) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("INSERT INTO variables (instance_id, name, type, value) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (instance_id, name) DO UPDATE SET type = excluded.type, value = excluded.value");
    Bind(q, instance, name, ValueTypeName(v.type()), v.ToText()).exec();
    return Status::Ok();
  });
}

Result<std::optional<HistoryRecord>> SqliteTransaction::LastHistoryRow(InstanceId instance) {
  return Guard([&]() -> Result<std::optional<HistoryRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_HISTORY_COLUMNS " FROM history WHERE instance_id = ? ORDER BY id DESC LIMIT 2");
    Bind(q, instance);
    if (!q.executeStep()) return std::optional<HistoryRecord>();
    HistoryRecord tip = ReadHistory(q);
    if (q.executeStep()) tip.prev_hash = ReadHistory(q).hash;
    return std::optional<HistoryRecord>(std::move(tip));
  });
}

Status SqliteTransaction::AppendHistory(const HistoryRecord& h) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  Result<std::string> hash = HashBytes(h.hash);
  if (!hash.ok()) return hash.status();
  return Guard([&]() -> Status {
    // No prev_hash column: a row's predecessor is the instance's row before it, whose hash
    // HistoryOf hands back as prev_hash, so the chain is checked as before.
    auto& q = Stmt("INSERT INTO history (instance_id, at, user, role, capacity, action, node_id, task_id, detail, "
                   "comment, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Bind(q, h.instance_id, h.at, h.user, h.role, ActingCapacityName(h.capacity), h.action, h.node_id, h.task_id,
         h.detail, h.comment, Blob{hash->data(), static_cast<int>(hash->size())}).exec();
    return Status::Ok();
  });
}

Result<std::vector<HistoryRecord>> SqliteTransaction::HistoryOf(InstanceId instance) {
  return Guard([&]() -> Result<std::vector<HistoryRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_HISTORY_COLUMNS " FROM history WHERE instance_id = ? ORDER BY id");
    Bind(q, instance);
    std::vector<HistoryRecord> out;
    while (q.executeStep()) {
      HistoryRecord h = ReadHistory(q);
      h.prev_hash = out.empty() ? std::string() : out.back().hash;
      out.push_back(std::move(h));
    }
    return out;
  });
}

}  // namespace krabuan::sqlite

namespace krabuan {

std::string InstancePageSql(const InstanceQuery& q) {
  // Only the filters given appear, so each is answered from its index.
  std::string where;
  if (!q.process_id.empty()) where += " AND process_id = :process";
  if (q.state) where += " AND state = :state";
  if (!q.participant.empty()) {
    where += " AND id IN (SELECT instance_id FROM tasks WHERE item = :participant AND item <> '' UNION "
             "SELECT instance_id FROM tasks WHERE assignee = :participant AND assignee <> '')";
  }
  where = where.empty() ? "" : " WHERE" + where.substr(4);
  return "SELECT " KRABUAN_INSTANCE_COLUMNS ", (SELECT COUNT(*) FROM instances" + where + ") FROM instances" + where +
         " ORDER BY id LIMIT :limit";
}

}  // namespace krabuan
