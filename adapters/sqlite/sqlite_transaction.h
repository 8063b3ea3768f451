// The SQLite store's transaction: its methods are defined by aggregate, one file each
// (sqlite_definitions.cc, sqlite_instances.cc, sqlite_tasks.cc, sqlite_timers.cc,
// sqlite_absences.cc, sqlite_alerts.cc), and its beginning and end with the connection in
// sqlite_store.cc. Private to adapters/sqlite.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/sqlite/sqlite_support.h"
#include "engine/store/store.h"

namespace krabuan::sqlite {

class SqliteStore;

class SqliteTransaction final : public StoreTransaction {
 public:
  SqliteTransaction(SqliteStore& store, bool write) : store_(store), write_(write) {}
  ~SqliteTransaction() override;

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

  // The audit log (sqlite_audit.cc; AllAbsences, AllDefinitions and AllDocuments beside
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

  // API tokens (sqlite_tokens.cc).
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
  // Prepared once and reused: the daemon takes a savepoint per timer.
  Status Savepoint() override { return ExecCached("SAVEPOINT step"); }
  Status ReleaseSavepoint() override { return ExecCached("RELEASE step"); }
  Status RollbackToSavepoint() override {
    audit_tip_.reset();   // the entries after the savepoint are gone with it
    return ExecCached("ROLLBACK TO step");
  }
  Status Commit() override;

 private:
  SQLite::Statement& Stmt(const char* sql);
  SQLite::Database& db();
  Status Exec(const char* sql) {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    return Guard([&]() -> Status {
      db().exec(sql);
      return Status::Ok();
    });
  }
  Status ExecCached(const char* sql) {
    KRABUAN_RETURN_IF_ERROR(RequireWrite());
    return Guard([&]() -> Status {
      Stmt(sql).exec();
      return Status::Ok();
    });
  }
  Status RequireWrite() const {
    return write_ ? Status::Ok() : Status::Internal("write attempted in a read transaction");
  }

  SqliteStore& store_;
  bool write_;
  bool done_ = false;
  // The audit log's tip as this transaction last wrote it: a command appends several
  // entries, each chained to the one before, and need not read the tip back each time.
  std::optional<AuditEntry> audit_tip_;
};

}  // namespace krabuan::sqlite
