#include "adapters/memory/memory_store.h"

#include <algorithm>
#include <map>
#include <cstdint>
#include <tuple>
#include <string>
#include <utility>
#include <vector>

namespace krabuan {
namespace {

// Every table, as ordered maps keyed like the SQLite tables' primary keys, so that a walk
// in key order is the order SQLite's ORDER BY id gives.
struct Tables {
  struct StoredValue {
    ValueType type;
    std::string text;   // as ToText writes it, so that a value reads back as from SQLite
  };
  std::map<DefinitionId, DefinitionRecord> definitions;
  std::map<std::int64_t, DocumentRecord> documents;
  std::map<InstanceId, InstanceRecord> instances;
  std::map<TokenId, TokenRecord> tokens;
  std::map<TaskId, TaskRecord> tasks;
  std::map<std::pair<InstanceId, std::string>, StoredValue> variables;
  std::map<std::int64_t, HistoryRecord> history;   // hashes lower-case hex, no prev_hash
  std::map<std::int64_t, TimerRecord> timers;
  std::map<std::pair<std::string, Instant>, InstanceId> occurrences;
  std::optional<DaemonRecord> daemon;
  std::map<std::int64_t, AlertRecord> alerts;
  std::map<std::pair<std::int64_t, std::string>, DeliveryRecord> deliveries;
  std::map<std::int64_t, AbsenceRecord> absences;
  std::map<std::int64_t, ApiTokenRecord> api_tokens;
  std::map<std::int64_t, AuditEntry> audit;          // by seq, prev_hash empty
  std::vector<AuditCheckpoint> checkpoints;
  std::int64_t last_api_token = 0;
  // The tables whose ids are never given again (AUTOINCREMENT in SQLite): the highest
  // id ever given. The others take the highest id present plus one.
  TokenId last_token = 0;
  std::int64_t last_alert = 0;
  std::int64_t last_absence = 0;
};

template <typename Map>
std::int64_t NextRowId(const Map& rows) {
  return rows.empty() ? 1 : rows.rbegin()->first + 1;
}

// The listings' limit: 0 or less is every row.
std::size_t PageLimit(int limit) { return limit > 0 ? static_cast<std::size_t>(limit) : SIZE_MAX; }
// SQL's LIMIT, which the other reads take: negative is every row, 0 none.
std::size_t SqlLimit(int limit) { return limit < 0 ? SIZE_MAX : static_cast<std::size_t>(limit); }

template <typename T>
void Truncate(std::vector<T>& rows, std::size_t limit) {
  if (rows.size() > limit) rows.resize(limit);
}

Status ForeignKeyMissing() { return Status::Conflict("constraint violated: FOREIGN KEY constraint failed"); }
Status UniqueTaken(const std::string& columns) {
  return Status::Conflict("constraint violated: UNIQUE constraint failed: " + columns);
}

// A history hash as the SQLite store keeps it: SHA-256, read back as lower-case hex.
Result<std::string> StoredHash(const std::string& hex) {
  std::string out;
  out.reserve(hex.size());
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    for (char c : {hex[i], hex[i + 1]}) {
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return Status::Internal("a history hash is not hex: '" + hex + "'");
      }
      out += c;
    }
  }
  if (hex.size() != 64) return Status::Internal("a history hash is not SHA-256: '" + hex + "'");
  return out;
}

bool Contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Whether the task passes the filters every listing shares.
bool PassesFilters(const TaskQuery& q, const TaskRecord& t) {
  if (q.open_only && t.state != TaskState::kOpen) return false;
  if (q.instance && t.instance_id != *q.instance) return false;
  if (!q.role.empty() && t.role != q.role) return false;
  if (q.due_before && !(t.due_at && *t.due_at < *q.due_before)) return false;
  return true;
}

// Whether the task comes to the user of the query in one of its ways (task_store.h).
bool ComesToUser(const TaskQuery& q, const TaskRecord& t) {
  if (q.all) return true;
  if (t.assignee == q.assignee) return true;
  if (t.assignee.empty() && Contains(q.roles, t.role)) return true;
  if (!t.item.empty() && t.assignee != q.assignee && Contains(q.recorded_roles, t.role)) return true;
  if (!q.escalated_to.empty() && t.escalated_to == q.escalated_to) return true;
  for (const auto& [login, role] : q.principals) {
    if (t.item.empty() && (t.assignee == login || (t.assignee.empty() && t.role == role))) return true;
  }
  return false;
}

// What RecurTimers and ListProcesses read of a recur timer.
TimerRecord RecurPart(const TimerRecord& t) {
  TimerRecord r;
  r.id = t.id;
  r.due_at = t.due_at;
  r.kind = TimerKind::kRecur;
  r.error = t.error;
  r.process_id = t.process_id;
  return r;
}

class MemoryStore;

class MemoryTransaction final : public StoreTransaction {
 public:
  MemoryTransaction(MemoryStore& store, Tables& tables, bool write);
  ~MemoryTransaction() override;

  // Definitions and documents.
  Result<std::optional<DefinitionRecord>> LatestDefinition(const std::string& process_id) override {
    const DefinitionRecord* best = nullptr;
    for (const auto& [id, d] : t_.definitions) {
      if (d.process_id == process_id && (best == nullptr || d.version > best->version)) best = &d;
    }
    return best ? std::optional<DefinitionRecord>(*best) : std::nullopt;
  }
  Result<DefinitionRecord> DefinitionById(DefinitionId id) override {
    auto it = t_.definitions.find(id);
    if (it == t_.definitions.end()) return Status::NotFound("no process definition " + std::to_string(id));
    return it->second;
  }
  Result<std::vector<DefinitionRecord>> LatestDefinitions() override {
    std::vector<DefinitionRecord> out;
    for (const auto& [process, d] : LatestByProcess()) out.push_back(*d);
    return out;
  }
  Result<Page<ProcessSummary>> ListProcesses(int limit) override {
    std::map<std::string, const DefinitionRecord*> latest = LatestByProcess();
    Page<ProcessSummary> out;
    out.total = static_cast<std::int64_t>(latest.size());
    for (const auto& [process, d] : latest) {
      if (out.rows.size() >= PageLimit(limit)) break;
      ProcessSummary p;
      p.definition = *d;
      p.definition.source.clear();
      for (const auto& [id, i] : t_.instances) p.running += i.process_id == process && i.state == InstanceState::kRunning;
      for (const auto& [id, timer] : t_.timers) {
        if (timer.kind == TimerKind::kRecur && timer.process_id == process) p.next_start = RecurPart(timer);
      }
      out.rows.push_back(std::move(p));
    }
    return out;
  }
  Result<DefinitionId> InsertDefinition(const DefinitionRecord& d) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    for (const auto& [id, e] : t_.definitions) {
      if (e.process_id == d.process_id && e.version == d.version) {
        return UniqueTaken("definitions.process_id, definitions.version");
      }
    }
    DefinitionId id = NextRowId(t_.definitions);
    DefinitionRecord& row = t_.definitions[id] = d;
    row.id = id;
    return id;
  }
  Result<std::optional<DocumentRecord>> LatestDocument(DocumentKind kind) override {
    for (auto it = t_.documents.rbegin(); it != t_.documents.rend(); ++it) {
      if (it->second.kind == kind) return std::optional<DocumentRecord>(it->second);
    }
    return std::optional<DocumentRecord>();
  }
  Result<std::int64_t> LatestDocumentId(DocumentKind kind) override {
    Result<std::optional<DocumentRecord>> d = LatestDocument(kind);
    return *d ? (*d)->id : 0;
  }
  Status InsertDocument(const DocumentRecord& d) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    std::int64_t id = NextRowId(t_.documents);
    t_.documents[id] = d;
    t_.documents[id].id = id;
    return Status::Ok();
  }

  // Instances, tokens, variables, history.
  Result<InstanceId> InsertInstance(const InstanceRecord& i) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (!t_.definitions.count(i.definition_id)) return ForeignKeyMissing();
    if (RunningKeyTaken(i, 0)) return UniqueTaken("instances.process_id, instances.business_key");
    InstanceId id = NextRowId(t_.instances);
    t_.instances[id] = i;
    t_.instances[id].id = id;
    return id;
  }
  Result<std::optional<InstanceRecord>> FindInstance(InstanceId id) override { return Find(t_.instances, id); }
  Result<bool> RunningKeyExists(const std::string& process_id, const std::string& key) override {
    InstanceRecord probe;
    probe.process_id = process_id;
    probe.business_key = key;
    return RunningKeyTaken(probe, 0);
  }
  Status UpdateInstance(const InstanceRecord& i) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    auto it = t_.instances.find(i.id);
    if (it == t_.instances.end()) return Status::Ok();
    InstanceRecord next = it->second;
    next.state = i.state;
    next.ended_at = i.ended_at;
    next.end_reason = i.end_reason;
    if (RunningKeyTaken(next, next.id)) return UniqueTaken("instances.process_id, instances.business_key");
    it->second = std::move(next);
    return Status::Ok();
  }
  Result<Page<InstanceRecord>> ListInstances(const InstanceQuery& q, int limit) override {
    Page<InstanceRecord> out;
    for (const auto& [id, i] : t_.instances) {
      if (!q.process_id.empty() && i.process_id != q.process_id) continue;
      if (q.state && i.state != *q.state) continue;
      if (!q.participant.empty() && !TakesPart(i.id, q.participant)) continue;
      ++out.total;
      if (out.rows.size() < PageLimit(limit)) out.rows.push_back(i);
    }
    return out;
  }
  bool TakesPart(InstanceId instance, const std::string& login) const {
    for (const auto& [id, t] : t_.tasks) {
      if (t.instance_id == instance && (t.item == login || t.assignee == login)) return true;
    }
    return false;
  }
  Result<std::vector<TokenRecord>> TokensOf(InstanceId instance) override {
    std::vector<TokenRecord> out;
    for (const auto& [id, t] : t_.tokens) {
      if (t.instance_id == instance) out.push_back(t);
    }
    return out;
  }
  Result<TokenId> InsertToken(const TokenRecord& t) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (!t_.instances.count(t.instance_id)) return ForeignKeyMissing();
    TokenId id = ++t_.last_token;
    t_.tokens[id] = t;
    t_.tokens[id].id = id;
    return id;
  }
  Status DeleteToken(TokenId id) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    t_.tokens.erase(id);
    return Status::Ok();
  }
  Result<VariableMap> VariablesOf(InstanceId instance) override {
    VariableMap out;
    for (auto it = t_.variables.lower_bound({instance, ""}); it != t_.variables.end() && it->first.first == instance;
         ++it) {
      const std::string& name = it->first.second;
      Result<Value> v = ParseStoredValue(it->second.type, it->second.text);
      if (!v.ok()) return Status::Internal("variable '" + name + "' is stored badly: " + v.status().message());
      out.emplace(name, std::move(v.value()));
    }
    return out;
  }
  Status SetVariable(InstanceId instance, const std::string& name, const Value& v) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (!t_.instances.count(instance)) return ForeignKeyMissing();
    t_.variables[{instance, name}] = Tables::StoredValue{v.type(), v.ToText()};
    return Status::Ok();
  }
  Result<std::optional<HistoryRecord>> LastHistoryRow(InstanceId instance) override {
    Result<std::vector<HistoryRecord>> rows = HistoryOf(instance);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return std::optional<HistoryRecord>();
    return std::optional<HistoryRecord>(std::move(rows->back()));
  }
  Status AppendHistory(const HistoryRecord& h) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    Result<std::string> hash = StoredHash(h.hash);
    if (!hash.ok()) return hash.status();
    if (!t_.instances.count(h.instance_id)) return ForeignKeyMissing();
    std::int64_t id = NextRowId(t_.history);
    HistoryRecord& row = t_.history[id] = h;
    row.id = id;
    row.prev_hash.clear();
    row.hash = std::move(hash.value());
    return Status::Ok();
  }
  Result<std::vector<HistoryRecord>> HistoryOf(InstanceId instance) override {
    std::vector<HistoryRecord> out;
    for (const auto& [id, h] : t_.history) {
      if (h.instance_id != instance) continue;
      out.push_back(h);
      out.back().prev_hash = out.size() > 1 ? out[out.size() - 2].hash : std::string();
    }
    return out;
  }

  // Tasks.
  Result<std::optional<TaskRecord>> FindTask(TaskId id) override { return Find(t_.tasks, id); }
  Result<TaskId> InsertTask(const TaskRecord& t) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (!t_.instances.count(t.instance_id)) return ForeignKeyMissing();
    TaskId id = NextRowId(t_.tasks);
    t_.tasks[id] = t;
    t_.tasks[id].id = id;
    return id;
  }
  Status UpdateTask(const TaskRecord& t) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    auto it = t_.tasks.find(t.id);
    if (it == t_.tasks.end()) return Status::Ok();
    TaskRecord& row = it->second;
    row.assignee = t.assignee;
    row.state = t.state;
    row.outcome = t.outcome;
    row.due_at = t.due_at;
    row.completed_at = t.completed_at;
    row.completed_by = t.completed_by;
    row.escalated_to = t.escalated_to;
    row.acting_for = t.acting_for;
    return Status::Ok();
  }
  Result<std::vector<TaskRecord>> TasksOfInstance(InstanceId instance) override {
    std::vector<TaskRecord> out;
    for (const auto& [id, t] : t_.tasks) {
      if (t.instance_id == instance) out.push_back(t);
    }
    return out;
  }
  Result<std::vector<TaskRecord>> ListTasks(const TaskQuery& q) override {
    std::vector<TaskRecord> out;
    for (const auto& [id, t] : t_.tasks) {
      if (PassesFilters(q, t) && ComesToUser(q, t)) out.push_back(t);
    }
    if (q.by_due) {
      // optional's order puts "no due" first, as SQLite orders NULL.
      std::stable_sort(out.begin(), out.end(), [](const TaskRecord& a, const TaskRecord& b) { return a.due_at < b.due_at; });
    }
    return out;
  }
  Result<Page<ListedTask>> PageTasks(const TaskQuery& q, int limit) override {
    Result<std::vector<TaskRecord>> tasks = ListTasks(q);
    Page<ListedTask> out;
    out.total = static_cast<std::int64_t>(tasks->size());
    for (TaskRecord& t : *tasks) {
      if (out.rows.size() >= PageLimit(limit)) break;
      const InstanceRecord& i = t_.instances.at(t.instance_id);
      out.rows.push_back(ListedTask{std::move(t), i.definition_id, i.business_key});
    }
    return out;
  }

  // Timers, recurring starts, the daemon row.
  Result<std::int64_t> InsertTimer(const TimerRecord& t) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (t.kind == TimerKind::kRecur) {
      for (const auto& [id, e] : t_.timers) {
        if (e.kind == TimerKind::kRecur && e.process_id == t.process_id) return UniqueTaken("timers.process_id");
      }
    }
    std::int64_t id = NextRowId(t_.timers);
    TimerRecord& row = t_.timers[id] = t;
    row.id = id;
    row.error.clear();
    return id;
  }
  Result<std::vector<TimerRecord>> DueTimers(Instant now, int limit) override {
    std::vector<TimerRecord> out = TimersWhere([&](const TimerRecord& t) { return t.error.empty() && t.due_at <= now; });
    Truncate(out, SqlLimit(limit));
    return out;
  }
  Result<std::optional<Instant>> NextTimerDue() override {
    std::optional<Instant> next;
    for (const auto& [id, t] : t_.timers) {
      if (t.error.empty() && (!next || t.due_at < *next)) next = t.due_at;
    }
    return next;
  }
  Status DeleteTimer(std::int64_t id) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    t_.timers.erase(id);
    return Status::Ok();
  }
  Status DeleteTimersOfToken(InstanceId instance, TokenId token) override {
    return DeleteTimersWhere([&](const TimerRecord& t) { return t.instance_id == instance && t.token_id == token; });
  }
  Status DeleteTimersOfInstance(InstanceId instance) override {
    return DeleteTimersWhere([&](const TimerRecord& t) { return t.instance_id == instance; });
  }
  Result<std::vector<TimerRecord>> TimersOfInstance(InstanceId instance) override {
    return TimersWhere([&](const TimerRecord& t) { return t.instance_id == instance; });
  }
  Status DeleteTimersAt(InstanceId instance, TimerKind kind, const std::string& node_id) override {
    return DeleteTimersWhere(
        [&](const TimerRecord& t) { return t.instance_id == instance && t.kind == kind && t.node_id == node_id; });
  }
  Status MarkTimerFailed(std::int64_t id, const std::string& error) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (auto it = t_.timers.find(id); it != t_.timers.end()) it->second.error = error.empty() ? "failed" : error;
    return Status::Ok();
  }
  Status DeleteTimersOfTask(InstanceId instance, TaskId task) override {
    return DeleteTimersWhere(
        [&](const TimerRecord& t) { return t.instance_id == instance && t.task_id == task && task != 0; });
  }
  Result<TimerCounts> CountTimers() override {
    TimerCounts c;
    for (const auto& [id, t] : t_.timers) ++(t.error.empty() ? c.pending : c.failed);
    return c;
  }
  Result<std::vector<TimerRecord>> FailedTimers(int limit) override {
    std::vector<TimerRecord> out;
    for (const auto& [id, t] : t_.timers) {
      if (out.size() >= SqlLimit(limit)) break;
      if (!t.error.empty()) out.push_back(t);
    }
    return out;
  }
  Result<std::optional<TimerRecord>> FindTimer(std::int64_t id) override { return Find(t_.timers, id); }
  Status RearmTimer(std::int64_t id) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (auto it = t_.timers.find(id); it != t_.timers.end()) it->second.error.clear();
    return Status::Ok();
  }
  Result<std::vector<TimerRecord>> RecurTimers() override {
    std::map<std::string, TimerRecord> by_process;
    for (const auto& [id, t] : t_.timers) {
      if (t.kind == TimerKind::kRecur) by_process.emplace(t.process_id, RecurPart(t));
    }
    std::vector<TimerRecord> out;
    for (auto& [process, t] : by_process) out.push_back(std::move(t));
    return out;
  }
  Status DeleteRecurTimer(const std::string& process_id) override {
    return DeleteTimersWhere([&](const TimerRecord& t) { return t.kind == TimerKind::kRecur && t.process_id == process_id; });
  }
  Result<bool> OccurrenceRecorded(const std::string& process_id, Instant occurrence) override {
    return t_.occurrences.count({process_id, occurrence}) > 0;
  }
  Status RecordOccurrence(const std::string& process_id, Instant occurrence, InstanceId instance) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (!t_.occurrences.emplace(std::make_pair(process_id, occurrence), instance).second) {
      return UniqueTaken("recurring_starts.process_id, recurring_starts.occurrence");
    }
    return Status::Ok();
  }
  Result<std::optional<DaemonRecord>> ReadDaemon() override { return t_.daemon; }
  Status WriteDaemon(const DaemonRecord& d) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    t_.daemon = d;
    return Status::Ok();
  }

  // Absences.
  Result<std::int64_t> InsertAbsence(const AbsenceRecord& a) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (a.to < a.from) return Status::Conflict("constraint violated: CHECK constraint failed: to_date >= from_date");
    std::int64_t id = ++t_.last_absence;
    AbsenceRecord& row = t_.absences[id] = a;
    row.id = id;
    row.cancelled_by.clear();
    row.cancelled_at.reset();
    return id;
  }
  Result<std::optional<AbsenceRecord>> FindAbsence(std::int64_t id) override { return Find(t_.absences, id); }
  Status CancelAbsence(std::int64_t id, const std::string& by, Instant at) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (auto it = t_.absences.find(id); it != t_.absences.end()) {
      it->second.cancelled_by = by;
      it->second.cancelled_at = at;
    }
    return Status::Ok();
  }
  Result<std::vector<AbsenceRecord>> ListAbsences(Date from) override {
    std::vector<AbsenceRecord> out;
    for (const auto& [id, a] : t_.absences) {
      if (a.to >= from && !a.cancelled_at) out.push_back(a);
    }
    std::stable_sort(out.begin(), out.end(), [](const AbsenceRecord& a, const AbsenceRecord& b) { return a.from < b.from; });
    return out;
  }
  Result<bool> IsAbsent(const std::string& login, Date day) override {
    for (const auto& [id, a] : t_.absences) {
      if (a.login == login && a.from <= day && day <= a.to && !a.cancelled_at) return true;
    }
    return false;
  }

  // The audit log.
  Result<AuditEntry> LastAuditEntry() override {
    if (t_.audit.empty()) return AuditEntry{};
    const AuditEntry& last = t_.audit.rbegin()->second;
    AuditEntry tip;
    tip.seq = last.seq;
    tip.hash = last.hash;
    return tip;
  }
  Status AppendAuditEntry(const AuditEntry& e) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (t_.audit.contains(e.seq)) return Status::Conflict("constraint violated: UNIQUE constraint failed: audit_log.seq");
    AuditEntry& row = t_.audit[e.seq] = e;
    row.prev_hash.clear();
    return Status::Ok();
  }
  Result<std::vector<AuditEntry>> AuditEntries(std::int64_t after, int limit) override {
    std::vector<AuditEntry> out;
    auto it = t_.audit.upper_bound(after);
    std::string prev = it == t_.audit.begin() ? std::string() : std::prev(it)->second.hash;
    for (; it != t_.audit.end() && static_cast<int>(out.size()) < limit; ++it) {
      out.push_back(it->second);
      out.back().prev_hash = prev;
      prev = it->second.hash;
    }
    return out;
  }
  Status AppendCheckpoint(const AuditCheckpoint& c) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    t_.checkpoints.push_back(c);
    std::stable_sort(t_.checkpoints.begin(), t_.checkpoints.end(),
                     [](const AuditCheckpoint& a, const AuditCheckpoint& b) { return a.seq < b.seq; });
    return Status::Ok();
  }
  Result<std::vector<AuditCheckpoint>> Checkpoints() override { return t_.checkpoints; }
  Result<std::vector<HistoryRecord>> HistoryAfter(std::int64_t after, int limit) override {
    std::vector<HistoryRecord> out;
    for (auto it = t_.history.upper_bound(after); it != t_.history.end() && static_cast<int>(out.size()) < limit; ++it) {
      out.push_back(it->second);
      out.back().prev_hash.clear();
    }
    return out;
  }
  Result<AuditGenesis> AuditGenesisOf() override { return AuditGenesis{}; }
  Result<std::vector<AbsenceRecord>> AllAbsences() override {
    std::vector<AbsenceRecord> out;
    for (const auto& [id, a] : t_.absences) out.push_back(a);
    return out;
  }
  Result<std::vector<DefinitionRecord>> AllDefinitions() override {
    std::vector<DefinitionRecord> out;
    for (const auto& [id, d] : t_.definitions) out.push_back(d);
    return out;
  }
  Result<std::vector<DocumentRecord>> AllDocuments() override {
    std::vector<DocumentRecord> out;
    for (const auto& [id, d] : t_.documents) out.push_back(d);
    return out;
  }

  // API tokens.
  Result<std::int64_t> InsertApiToken(const ApiTokenRecord& t) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    std::int64_t id = ++t_.last_api_token;
    ApiTokenRecord& row = t_.api_tokens[id] = t;
    row.id = id;
    row.revoked_by.clear();
    row.revoked_at.reset();
    return id;
  }
  Status SetApiTokenHash(std::int64_t id, const std::string& secret_hash) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (auto it = t_.api_tokens.find(id); it != t_.api_tokens.end()) it->second.secret_hash = secret_hash;
    return Status::Ok();
  }
  Result<std::optional<ApiTokenRecord>> FindApiToken(std::int64_t id) override { return Find(t_.api_tokens, id); }
  Status RevokeApiToken(std::int64_t id, const std::string& by, Instant at) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    if (auto it = t_.api_tokens.find(id); it != t_.api_tokens.end()) {
      it->second.revoked_by = by;
      it->second.revoked_at = at;
    }
    return Status::Ok();
  }
  Result<std::vector<ApiTokenRecord>> ListApiTokens() override {
    std::vector<ApiTokenRecord> out;
    for (const auto& [id, t] : t_.api_tokens) out.push_back(t);
    return out;
  }

  // Alerts and deliveries.
  Result<std::int64_t> InsertAlert(const AlertRecord& a) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    std::int64_t id = ++t_.last_alert;
    t_.alerts[id] = a;
    t_.alerts[id].id = id;
    return id;
  }
  Result<std::vector<AlertRecord>> ListAlerts(int limit) override {
    std::vector<AlertRecord> out;
    for (const auto& [id, a] : t_.alerts) {
      if (out.size() >= SqlLimit(limit)) break;
      out.push_back(a);
    }
    return out;
  }
  Result<std::int64_t> CountAlerts() override { return static_cast<std::int64_t>(t_.alerts.size()); }
  Result<std::optional<AlertRecord>> FindAlert(std::int64_t id) override { return Find(t_.alerts, id); }
  Status EnqueueDeliveries(const std::string& sink, Instant now) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    for (auto it = t_.alerts.upper_bound(NewestQueued(sink)); it != t_.alerts.end(); ++it) {
      DeliveryRecord d;
      d.alert_id = it->first;
      d.sink = sink;
      d.next_attempt_at = now;
      t_.deliveries[{d.alert_id, sink}] = std::move(d);
    }
    return Status::Ok();
  }
  Result<bool> HasUnqueuedAlerts(const std::string& sink) override {
    std::int64_t newest = t_.alerts.empty() ? 0 : t_.alerts.rbegin()->first;
    return newest > NewestQueued(sink);
  }
  Result<std::vector<DeliveryRecord>> DueDeliveries(const std::vector<std::string>& sinks, Instant now,
                                                    int limit) override {
    std::vector<DeliveryRecord> out;
    for (const auto& [key, d] : t_.deliveries) {
      if (IsPendingOf(d, sinks) && d.next_attempt_at && *d.next_attempt_at <= now) out.push_back(d);
    }
    std::stable_sort(out.begin(), out.end(), [](const DeliveryRecord& a, const DeliveryRecord& b) {
      return std::tie(a.next_attempt_at, a.alert_id) < std::tie(b.next_attempt_at, b.alert_id);
    });
    Truncate(out, SqlLimit(limit));
    return out;
  }
  Result<std::optional<Instant>> NextDeliveryDue(const std::vector<std::string>& sinks) override {
    std::optional<Instant> next;
    for (const auto& [key, d] : t_.deliveries) {
      if (IsPendingOf(d, sinks) && d.next_attempt_at && (!next || *d.next_attempt_at < *next)) next = d.next_attempt_at;
    }
    return next;
  }
  Status UpdateDelivery(const DeliveryRecord& d) override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    auto it = t_.deliveries.find({d.alert_id, d.sink});
    if (it == t_.deliveries.end()) {
      return Status::NotFound("no delivery of alert " + std::to_string(d.alert_id) + " to sink '" + d.sink + "'");
    }
    DeliveryRecord& row = it->second;
    row.state = d.state;
    row.attempts = d.attempts;
    row.next_attempt_at = d.state == DeliveryState::kPending ? d.next_attempt_at : std::nullopt;
    row.last_error = d.last_error;
    row.delivered_at = d.delivered_at;
    return Status::Ok();
  }
  Result<std::vector<DeliveryRecord>> DeliveriesOf(std::int64_t first_alert, std::int64_t last_alert) override {
    std::vector<DeliveryRecord> out;
    for (auto it = t_.deliveries.lower_bound({first_alert, ""}); it != t_.deliveries.end() && it->first.first <= last_alert;
         ++it) {
      out.push_back(it->second);
    }
    return out;
  }

  // Savepoints are copies of the tables, innermost last.
  Status Savepoint() override {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    savepoints_.push_back(t_);
    return Status::Ok();
  }
  Status ReleaseSavepoint() override {
    KRABUAN_RETURN_IF_ERROR(RequireSavepoint());
    savepoints_.pop_back();
    return Status::Ok();
  }
  Status RollbackToSavepoint() override {
    KRABUAN_RETURN_IF_ERROR(RequireSavepoint());
    t_ = savepoints_.back();
    return Status::Ok();
  }
  Status Commit() override;

 private:
  Status RequireWrite() const {
    return write_ ? Status::Ok() : Status::Internal("write attempted in a read transaction");
  }
  Status RequireSavepoint() const {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    return savepoints_.empty() ? Status::Internal("no such savepoint: step") : Status::Ok();
  }

  template <typename Map>
  static std::optional<typename Map::mapped_type> Find(const Map& rows, std::int64_t id) {
    auto it = rows.find(id);
    return it == rows.end() ? std::nullopt : std::optional<typename Map::mapped_type>(it->second);
  }

  std::map<std::string, const DefinitionRecord*> LatestByProcess() const {
    std::map<std::string, const DefinitionRecord*> latest;
    for (const auto& [id, d] : t_.definitions) {
      const DefinitionRecord*& best = latest[d.process_id];
      if (best == nullptr || d.version > best->version) best = &d;
    }
    return latest;
  }

  // Whether another running instance (not `self`) of i's process has i's non-empty key,
  // when i is running.
  bool RunningKeyTaken(const InstanceRecord& i, InstanceId self) const {
    if (i.business_key.empty() || i.state != InstanceState::kRunning) return false;
    for (const auto& [id, e] : t_.instances) {
      if (id != self && e.state == InstanceState::kRunning && e.process_id == i.process_id &&
          e.business_key == i.business_key) {
        return true;
      }
    }
    return false;
  }

  // The matching timers by due time, then id.
  template <typename Pred>
  std::vector<TimerRecord> TimersWhere(Pred pred) const {
    std::vector<TimerRecord> out;
    for (const auto& [id, t] : t_.timers) {
      if (pred(t)) out.push_back(t);
    }
    std::stable_sort(out.begin(), out.end(), [](const TimerRecord& a, const TimerRecord& b) { return a.due_at < b.due_at; });
    return out;
  }

  template <typename Pred>
  Status DeleteTimersWhere(Pred pred) {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    std::erase_if(t_.timers, [&](const auto& row) { return pred(row.second); });
    return Status::Ok();
  }

  std::int64_t NewestQueued(const std::string& sink) const {
    std::int64_t newest = 0;
    for (const auto& [key, d] : t_.deliveries) {
      if (key.second == sink) newest = std::max(newest, key.first);
    }
    return newest;
  }

  static bool IsPendingOf(const DeliveryRecord& d, const std::vector<std::string>& sinks) {
    return d.state == DeliveryState::kPending && Contains(sinks, d.sink);
  }

  MemoryStore& store_;
  Tables& t_;                          // the store's tables, written in place
  bool write_;
  bool done_ = false;
  std::optional<Tables> before_;       // a writer's copy at its start, put back on rollback
  std::vector<Tables> savepoints_;
};

class MemoryStore final : public Store {
 public:
  Result<std::unique_ptr<StoreTransaction>> BeginWrite() override { return Begin(true); }
  Result<std::unique_ptr<StoreTransaction>> BeginRead() override { return Begin(false); }

  // Called when `t` commits or is destroyed: the store takes the next transaction.
  void Ended(const MemoryTransaction* t) {
    if (open_ == t) open_ = nullptr;
  }

 private:
  Result<std::unique_ptr<StoreTransaction>> Begin(bool write) {
    // One connection, as an SQLite store is: no transaction inside another.
    if (open_ != nullptr) return Status::Internal("cannot start a transaction within a transaction");
    auto t = std::make_unique<MemoryTransaction>(*this, tables_, write);
    open_ = t.get();
    return std::unique_ptr<StoreTransaction>(std::move(t));
  }

  Tables tables_;
  const MemoryTransaction* open_ = nullptr;
};

MemoryTransaction::MemoryTransaction(MemoryStore& store, Tables& tables, bool write)
    : store_(store), t_(tables), write_(write) {
  if (write_) before_ = t_;
}

MemoryTransaction::~MemoryTransaction() {
  if (!done_ && before_) t_ = std::move(*before_);
  store_.Ended(this);
}

Status MemoryTransaction::Commit() {
  done_ = true;
  before_.reset();
  savepoints_.clear();
  store_.Ended(this);
  return Status::Ok();
}

}  // namespace

std::unique_ptr<Store> MakeMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace krabuan
