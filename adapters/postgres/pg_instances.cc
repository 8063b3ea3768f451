// The PostgreSQL store's instances, tokens, variables and history.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/postgres/pg_codec.h"
#include "adapters/postgres/pg_transaction.h"

namespace krabuan::pg {
namespace {

#define KRABUAN_PG_INSTANCE_COLUMNS \
  "id, definition_id, process_id, version, business_key, state, started_at, started_by, ended_at, end_reason"

InstanceRecord ReadInstance(const PgRow& r) {
  InstanceRecord i;
  i.id = r.Int64(0);
  i.definition_id = r.Int64(1);
  i.process_id = r.Text(2);
  i.version = r.Int(3);
  i.business_key = r.Text(4);
  i.state = NameOf(r, 5, &InstanceStateFromName, "instance state");
  i.started_at = TimeOf(r, 6);
  i.started_by = r.Text(7);
  i.ended_at = OptTimeOf(r, 8);
  i.end_reason = r.Text(9);
  return i;
}

TokenRecord ReadToken(const PgRow& r) { return TokenRecord{r.Int64(0), r.Int64(1), r.Text(2), r.Text(3)}; }

Status RunningKeyTaken(const std::string& process_id, const std::string& key) {
  return Status::Conflict("a running instance of process '" + process_id + "' has business key '" + key +
                          "' already");
}

}  // namespace

Result<InstanceId> PgTransaction::InsertInstance(const InstanceRecord& i) {
  Result<PgResult> r =
      Change("INSERT INTO instances (definition_id, process_id, version, business_key, state, started_at, "
             "started_by, ended_at, end_reason) "
             "SELECT $1::bigint, $2::text, $3::integer, $4::text, $5::text, $6::timestamptz, $7::text, "
             "$8::timestamptz, $9::text WHERE EXISTS (SELECT 1 FROM definitions WHERE id = $1::bigint) "
             "ON CONFLICT DO NOTHING RETURNING id",
             Args(i.definition_id, i.process_id, i.version, i.business_key, InstanceStateName(i.state), i.started_at,
                  i.started_by, i.ended_at, i.end_reason));
  return InsertedId(r, [&] {
    Result<PgResult> def = Query("SELECT 1 FROM definitions WHERE id = $1", Args(i.definition_id));
    if (!def.ok()) return def.status();
    if (def->empty()) return Status::Conflict("no process definition " + std::to_string(i.definition_id));
    return RunningKeyTaken(i.process_id, i.business_key);
  });
}

Result<std::optional<InstanceRecord>> PgTransaction::FindInstance(InstanceId id) {
  return ReadFirst<InstanceRecord>(
      Query("SELECT " KRABUAN_PG_INSTANCE_COLUMNS " FROM instances WHERE id = $1", Args(id)), ReadInstance);
}

Result<bool> PgTransaction::RunningKeyExists(const std::string& process_id, const std::string& key) {
  Result<PgResult> r = Query("SELECT 1 FROM instances WHERE process_id = $1 AND business_key = $2 "
                             "AND state = 'running' AND business_key <> ''",
                             Args(process_id, key));
  if (!r.ok()) return r.status();
  return !r->empty();
}

// Leaves the row alone when it would become a second running instance with its key.
Status PgTransaction::UpdateInstance(const InstanceRecord& i) {
  Result<PgResult> r = Change(
      "UPDATE instances SET state = $1, ended_at = $2, end_reason = $3 WHERE id = $4 "
      "AND NOT ($1::text = 'running' AND business_key <> '' AND EXISTS (SELECT 1 FROM instances o "
      "WHERE o.process_id = instances.process_id AND o.business_key = instances.business_key "
      "AND o.state = 'running' AND o.id <> instances.id))",
      Args(InstanceStateName(i.state), i.ended_at, i.end_reason, i.id));
  return Written(r, [&] {
    Result<std::optional<InstanceRecord>> found = FindInstance(i.id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) return Status::Ok();   // no such instance: nothing to do
    return RunningKeyTaken((*found)->process_id, (*found)->business_key);
  });
}

Result<Page<InstanceRecord>> PgTransaction::ListInstances(const InstanceQuery& q, int limit) {
  // Only the filters given appear, so each is answered from its index.
  PgParams params;
  std::string where;
  if (!q.process_id.empty()) where += " AND process_id = " + params.Add(q.process_id);
  if (q.state) where += " AND state = " + params.Add(std::string(InstanceStateName(*q.state)));
  if (!q.participant.empty()) {
    std::string p = params.Add(q.participant);
    where += " AND id IN (SELECT instance_id FROM tasks WHERE item = " + p + " AND item <> '' UNION " +
             "SELECT instance_id FROM tasks WHERE assignee = " + p + " AND assignee <> '')";
  }
  where = where.empty() ? "" : " WHERE" + where.substr(4);
  std::string lim = params.Add(ParamOf(PageLimit(limit)));
  Result<PgResult> r = QueryDynamic("SELECT " KRABUAN_PG_INSTANCE_COLUMNS ", (SELECT COUNT(*) FROM instances" + where +
                                        ") FROM instances" + where + " ORDER BY id LIMIT " + lim,
                                    params);
  if (!r.ok()) return r.status();
  return Guard([&]() -> Result<Page<InstanceRecord>> {
    Page<InstanceRecord> out;
    for (int i = 0; i < r->rows(); ++i) {
      out.rows.push_back(ReadInstance(r->row(i)));
      out.total = r->row(i).Int64(10);
    }
    return out;
  });
}

Result<std::vector<TokenRecord>> PgTransaction::TokensOf(InstanceId instance) {
  return ReadAll<TokenRecord>(
      Query("SELECT id, instance_id, node_id, arrived_from FROM tokens WHERE instance_id = $1 ORDER BY id",
            Args(instance)),
      ReadToken);
}

Result<TokenId> PgTransaction::InsertToken(const TokenRecord& t) {
  return InsertedId(Change("INSERT INTO tokens (instance_id, node_id, arrived_from) "
                           "SELECT $1::bigint, $2::text, $3::text "
                           "WHERE EXISTS (SELECT 1 FROM instances WHERE id = $1::bigint) RETURNING id",
                           Args(t.instance_id, t.node_id, t.arrived_from)),
                    [&] { return NoInstance(t.instance_id); });
}

Status PgTransaction::DeleteToken(TokenId id) {
  return Change("DELETE FROM tokens WHERE id = $1", Args(id)).status();
}

Result<VariableMap> PgTransaction::VariablesOf(InstanceId instance) {
  Result<PgResult> r = Query("SELECT name, type, value FROM variables WHERE instance_id = $1", Args(instance));
  if (!r.ok()) return r.status();
  return Guard([&]() -> Result<VariableMap> {
    VariableMap out;
    for (int i = 0; i < r->rows(); ++i) {
      PgRow row = r->row(i);
      std::string name = row.Text(0);
      std::optional<ValueType> type = ValueTypeFromName(row.Text(1));
      if (!type) return Status::Internal("variable '" + name + "' has an unknown stored type");
      Result<Value> v = ParseStoredValue(*type, row.Text(2));
      if (!v.ok()) return Status::Internal("variable '" + name + "' is stored badly: " + v.status().message());
      out.emplace(std::move(name), std::move(v.value()));
    }
    return out;
  });
}

Status PgTransaction::SetVariable(InstanceId instance, const std::string& name, const Value& v) {
  return Written(Change("INSERT INTO variables (instance_id, name, type, value) "
                        "SELECT $1::bigint, $2::text, $3::text, $4::text "
                        "WHERE EXISTS (SELECT 1 FROM instances WHERE id = $1::bigint) "
                        "ON CONFLICT (instance_id, name) DO UPDATE SET type = excluded.type, value = excluded.value",
                        Args(instance, name, ValueTypeName(v.type()), v.ToText())),
                 [&] { return NoInstance(instance); });
}

Result<std::optional<HistoryRecord>> PgTransaction::LastHistoryRow(InstanceId instance) {
  Result<std::vector<HistoryRecord>> rows = ReadAll<HistoryRecord>(
      Query("SELECT " KRABUAN_PG_HISTORY_COLUMNS " FROM history WHERE instance_id = $1 ORDER BY id DESC LIMIT 2",
            Args(instance)),
      ReadHistory);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<HistoryRecord>();
  HistoryRecord tip = std::move(rows->front());
  if (rows->size() > 1) tip.prev_hash = (*rows)[1].hash;
  return std::optional<HistoryRecord>(std::move(tip));
}

Status PgTransaction::AppendHistory(const HistoryRecord& h) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  KRABUAN_RETURN_IF_ERROR(CheckSha256Hex(h.hash));
  // No prev_hash column: a row's predecessor is the instance's row before it, whose hash
  // HistoryOf hands back as prev_hash.
  return Written(Change("INSERT INTO history (instance_id, at, \"user\", role, capacity, action, node_id, task_id, "
                        "detail, comment, hash) SELECT $1::bigint, $2::timestamptz, $3::text, $4::text, $5::text, "
                        "$6::text, $7::text, $8::bigint, $9::text, $10::text, $11::bytea "
                        "WHERE EXISTS (SELECT 1 FROM instances WHERE id = $1::bigint)",
                        Args(h.instance_id, h.at, h.user, h.role, ActingCapacityName(h.capacity), h.action,
                             h.node_id, h.task_id, h.detail, h.comment, Bytea{h.hash})),
                 [&] { return NoInstance(h.instance_id); });
}

Result<std::vector<HistoryRecord>> PgTransaction::HistoryOf(InstanceId instance) {
  Result<std::vector<HistoryRecord>> rows = ReadAll<HistoryRecord>(
      Query("SELECT " KRABUAN_PG_HISTORY_COLUMNS " FROM history WHERE instance_id = $1 ORDER BY id", Args(instance)),
      ReadHistory);
  if (!rows.ok()) return rows;
  for (std::size_t i = 1; i < rows->size(); ++i) (*rows)[i].prev_hash = (*rows)[i - 1].hash;
  return rows;
}

}  // namespace krabuan::pg
