// The PostgreSQL store's transaction: its methods are defined by aggregate, one file each
// (pg_definitions.cc, pg_instances.cc, pg_tasks.cc, pg_timers.cc, pg_absences.cc,
// pg_alerts.cc, pg_audit.cc, pg_tokens.cc), and its beginning and end in pg_store.cc.
// Private to adapters/postgres.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/postgres/pg_codec.h"
#include "adapters/postgres/pg_connection.h"
#include "engine/store/store.h"

namespace krabuan::pg {

class PgTransaction final : public StoreTransaction {
 public:
  // Begun on `conn` by the store, whose `open` names it until it commits or is destroyed
  // (the store begins no other meanwhile).
  PgTransaction(PgConnection& conn, bool write, const StoreTransaction*& open)
      : conn_(conn), write_(write), open_(open) {
    open_ = this;
  }
  ~PgTransaction() override;

  Result<std::optional<DefinitionRecord>> LatestDefinition(const std::string& process_id) override;
  Result<DefinitionRecord> DefinitionById(DefinitionId id) override;
  Result<std::vector<DefinitionRecord>> LatestDefinitions() override;
  Result<DefinitionId> InsertDefinition(const DefinitionRecord& d) override;
  Result<std::optional<DocumentRecord>> LatestDocument(DocumentKind kind) override;
  Result<std::int64_t> LatestDocumentId(DocumentKind kind) override;
  Status InsertDocument(const DocumentRecord& d) override;
  Result<InstanceId> InsertInstance(const InstanceRecord& i) override;
  Result<std::optional<InstanceRecord>> FindInstance(InstanceId id) override;
  Result<bool> RunningKeyExists(const std::string& process_id, const std::string& key) override;
  Status UpdateInstance(const InstanceRecord& i) override;
  Result<Page<InstanceRecord>> ListInstances(const InstanceQuery& q, int limit) override;
  Result<Page<ProcessSummary>> ListProcesses(int limit) override;
  Result<std::vector<TokenRecord>> TokensOf(InstanceId instance) override;
  Result<TokenId> InsertToken(const TokenRecord& t) override;
  Status DeleteToken(TokenId id) override;
  Result<std::optional<TaskRecord>> FindTask(TaskId id) override;
  Result<TaskId> InsertTask(const TaskRecord& t) override;
  Status UpdateTask(const TaskRecord& t) override;
  Result<std::vector<TaskRecord>> ListTasks(const TaskQuery& q) override;
  Result<std::vector<TaskRecord>> TasksOfInstance(InstanceId instance) override;
  Result<Page<ListedTask>> PageTasks(const TaskQuery& q, int limit) override;
  Result<VariableMap> VariablesOf(InstanceId instance) override;
  Status SetVariable(InstanceId instance, const std::string& name, const Value& v) override;
  Result<std::optional<HistoryRecord>> LastHistoryRow(InstanceId instance) override;
  Status AppendHistory(const HistoryRecord& h) override;
  Result<std::vector<HistoryRecord>> HistoryOf(InstanceId instance) override;
  Result<std::int64_t> InsertTimer(const TimerRecord& t) override;
  Result<std::vector<TimerRecord>> DueTimers(Instant now, int limit) override;
  Result<std::optional<Instant>> NextTimerDue() override;
  Status DeleteTimer(std::int64_t id) override;
  Status DeleteTimersOfToken(InstanceId instance, TokenId token) override;
  Status DeleteTimersOfInstance(InstanceId instance) override;
  Result<std::vector<TimerRecord>> TimersOfInstance(InstanceId instance) override;
  Status DeleteTimersAt(InstanceId instance, TimerKind kind, const std::string& node_id) override;
  Status MarkTimerFailed(std::int64_t id, const std::string& error) override;
  Status DeleteTimersOfTask(InstanceId instance, TaskId task) override;
  Result<TimerCounts> CountTimers() override;
  Result<std::vector<TimerRecord>> FailedTimers(int limit) override;
  Result<std::optional<TimerRecord>> FindTimer(std::int64_t id) override;
  Status RearmTimer(std::int64_t id) override;
  Result<std::optional<DaemonRecord>> ReadDaemon() override;
  Status WriteDaemon(const DaemonRecord& d) override;
  Result<std::vector<TimerRecord>> RecurTimers() override;
  Status DeleteRecurTimer(const std::string& process_id) override;
  Result<bool> OccurrenceRecorded(const std::string& process_id, Instant occurrence) override;
  Status RecordOccurrence(const std::string& process_id, Instant occurrence, InstanceId instance) override;
  Result<std::int64_t> InsertAlert(const AlertRecord& a) override;
  Result<std::int64_t> InsertAbsence(const AbsenceRecord& a) override;
  Result<std::optional<AbsenceRecord>> FindAbsence(std::int64_t id) override;
  Status CancelAbsence(std::int64_t id, const std::string& by, Instant at) override;
  Result<std::vector<AbsenceRecord>> ListAbsences(Date from) override;
  Result<bool> IsAbsent(const std::string& login, Date day) override;

  // The audit log (pg_audit.cc; AllAbsences, AllDefinitions and AllDocuments beside
  // their tables').
  Result<AuditEntry> LastAuditEntry() override;
  Status AppendAuditEntry(const AuditEntry& e) override;
  Result<std::vector<AuditEntry>> AuditEntries(std::int64_t after, int limit) override;
  Status AppendCheckpoint(const AuditCheckpoint& c) override;
  Result<std::vector<AuditCheckpoint>> Checkpoints() override;
  Result<std::vector<HistoryRecord>> HistoryAfter(std::int64_t after, int limit) override;
  Result<AuditGenesis> AuditGenesisOf() override;
  Result<std::vector<AbsenceRecord>> AllAbsences() override;
  Result<std::vector<DefinitionRecord>> AllDefinitions() override;
  Result<std::vector<DocumentRecord>> AllDocuments() override;

  // API tokens (pg_tokens.cc).
  Result<std::int64_t> InsertApiToken(const ApiTokenRecord& t) override;
  Status SetApiTokenHash(std::int64_t id, const std::string& secret_hash) override;
  Result<std::optional<ApiTokenRecord>> FindApiToken(std::int64_t id) override;
  Status RevokeApiToken(std::int64_t id, const std::string& by, Instant at) override;
  Result<std::vector<ApiTokenRecord>> ListApiTokens() override;
  Result<std::vector<AlertRecord>> ListAlerts(int limit) override;
  Result<std::int64_t> CountAlerts() override;
  Result<std::optional<AlertRecord>> FindAlert(std::int64_t id) override;
  Status EnqueueDeliveries(const std::string& sink, Instant now) override;
  Result<bool> HasUnqueuedAlerts(const std::string& sink) override;
  Result<std::vector<DeliveryRecord>> DueDeliveries(const std::vector<std::string>& sinks, Instant now,
                                                    int limit) override;
  Result<std::optional<Instant>> NextDeliveryDue(const std::vector<std::string>& sinks) override;
  Status UpdateDelivery(const DeliveryRecord& d) override;
  Result<std::vector<DeliveryRecord>> DeliveriesOf(std::int64_t first_alert, std::int64_t last_alert) override;
  Status Savepoint() override;
  Status ReleaseSavepoint() override;
  Status RollbackToSavepoint() override;
  Status Commit() override;

 private:
  // A read: one statement (a literal, prepared once per connection), or one whose text
  // varies (a listing built from its filters).
  Result<PgResult> Query(const char* sql, const PgParams& params);
  Result<PgResult> QueryDynamic(const std::string& sql, const PgParams& params);
  // A write ("Write." in the contract): Internal in a read transaction. PostgreSQL fails
  // the whole transaction when a statement fails, where the contract wants a refused call
  // to change nothing and the transaction to go on; so no write is sent that a constraint
  // would refuse. Each is guarded (WHERE EXISTS for the row it refers to, ON CONFLICT DO
  // NOTHING for a key that is taken, a check before it is sent) and reports what it left
  // undone as Conflict. A savepoint per write would do the same at the price of a
  // subtransaction each, which past 64 in one transaction slows every reader of the
  // database. The constraints stay in the schema, as the last word.
  Result<PgResult> Change(const char* sql, const PgParams& params);
  // Transaction control without parameters (savepoints, the commit).
  Result<std::string> Control(const std::string& sql);
  // A statement the server failed (an error no guard foresaw, a lost connection) fails the
  // transaction there: every later call gets the same failure, as the server refuses them,
  // until the transaction rolls back whole or to a savepoint of the caller's.
  Result<PgResult> Noted(Result<PgResult> r);
  void Ended() {
    if (open_ == this) open_ = nullptr;
  }
  Status RequireWrite() const {
    return write_ ? Status::Ok() : Status::Internal("write attempted in a read transaction");
  }

  PgConnection& conn_;
  bool write_;
  const StoreTransaction*& open_;
  bool done_ = false;
  int savepoints_ = 0;   // the user's (Savepoint()), innermost last
  Status failed_;        // set when the server failed the transaction
};

}  // namespace krabuan::pg
