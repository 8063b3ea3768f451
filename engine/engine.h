// The engine's public API: deploy processes, start instances, claim and complete tasks,
// cancel, and read state. Every command is one store transaction: it applies entirely
// or not at all.
//
//   SqliteOptions opts{.path = "krabuan.db"};
//   auto store = OpenSqliteStore(opts);
//   SystemClock clock;
//   Engine engine(**store, clock);
//   Result<InstanceId> id = engine.Start({"p34"}, {.process_id = "budget-request",
//                                                  .inputs = {{"fiscal_year", "2568"}}});
//
// Not thread-safe: one Engine per thread (each with its own store connection).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/alerts/dispatcher.h"
#include "engine/time/clock.h"
#include "engine/model/process_definition.h"
#include "engine/org/org.h"
#include "engine/runtime/daemon_record.h"
#include "engine/runtime/records.h"
#include "engine/status.h"
#include "engine/store/store.h"
#include "engine/time/holiday_calendar.h"
#include "engine/audit.h"
#include "engine/views.h"

namespace krabuan {

// Checks process files on their own, and against `org` when given: the format, the
// structure of the flows and their soundness (engine/validate). Every error of every file
// is reported (Invalid); on success, the warnings, one line each. What `krabuan validate`
// uses when there is no database.
Result<std::vector<std::string>> ValidateProcessFiles(const std::vector<SourceFile>& files, const Org* org);

class Engine {
 public:
  Engine(Store& store, const Clock& clock);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Who a caller acts as (engine_identity.cc). The OS account acts as its own user
  // (Org::UserForOsAccount); `as` another login only when the account's user is an
  // administrator (the Actor then records them as `by`) or the account owns the database
  // alone (a personal or test database: whoever can write the file could write anything
  // into it anyway). Refused otherwise, naming the account and the rule. Before any org
  // is deployed, the caller is who they say (the first deployment is anyone's).
  Result<Actor> Identify(const Caller& caller);

  // Deploys the org file. Before any org exists anyone may (bootstrap); afterwards
  // only an administrator. Unchanged content deploys nothing and returns false.
  Result<bool> DeployOrg(const Actor& actor, const SourceFile& file);
  // A new database's first deployment: the org and the processes in one transaction.
  // Refused once an org exists (then use DeployOrg and Deploy, as an administrator).
  Result<std::vector<DeployResult>> Bootstrap(const Actor& actor, const SourceFile& org,
                                              const std::vector<SourceFile>& processes,
                                              const std::optional<SourceFile>& holidays = std::nullopt);
  // `krabuan init`: on a database without an org, its first deployment (by anyone); on
  // an initialised one, the org file, the holidays calendar (when given) and the
  // processes brought up to date (administrators of the current org), the processes
  // checked against the new org. One transaction: when any file fails, none is deployed.
  Result<InitResult> Initialise(const Actor& actor, const SourceFile& org, const std::vector<SourceFile>& processes,
                                const std::optional<SourceFile>& holidays = std::nullopt);
  // Deploys the holidays calendar that working-day deadlines count with (administrators).
  // Unchanged content deploys nothing and returns false.
  Result<bool> DeployHolidays(const Actor& actor, const SourceFile& file);
  // The deployed holidays calendar (weekends only when none is deployed).
  Result<std::shared_ptr<const HolidayCalendar>> Holidays();
  // The current org; NotFound before the first DeployOrg.
  Result<std::shared_ptr<const Org>> GetOrg();

  // ValidateProcessFiles against the deployed org (when there is one).
  Result<std::vector<std::string>> Validate(const std::vector<SourceFile>& files);
  // Validates and deploys all files in one transaction (all or none). A changed file
  // becomes version N+1; running instances stay on their version. Administrators only.
  // A file whose structure or soundness check fails is refused unless `force`; a forced
  // version records that it was forced and what the checks found.
  Result<std::vector<DeployResult>> Deploy(const Actor& actor, const std::vector<SourceFile>& files,
                                           bool force = false);

  Result<InstanceId> Start(const Actor& actor, const StartRequest& request);
  Status Claim(const Actor& actor, TaskId task);
  Status Complete(const Actor& actor, const CompleteRequest& request);
  // Administrators: give an open task to another user who may act in its role.
  Status Reassign(const Actor& actor, TaskId task, const std::string& login, const std::string& comment);
  // Administrators: stop a running instance; its open tasks are cancelled.
  Status Cancel(const Actor& actor, InstanceId instance, const std::string& reason);

  // Fires the timers due by the clock's now, oldest first, at most `limit` of them, in one
  // transaction; each timer's firing and its effect (a wait ending, a cut-off expiring
  // the missing items) are one atomic step, so a timer fires exactly once. A timer whose
  // effect fails is marked with the error and not retried; the others go on.
  // With a `lease`, the batch is fenced: it fires only while that claim holds the lease
  // (checked in the batch's own transaction; Conflict otherwise) and records its health.
  Result<FireResult> FireDueTimers(int limit = 500, const LeaseClaim* lease = nullptr);

  // Takes the daemon lease when it is free or lapsed, or renews it (a heartbeat) when the
  // claim already holds it. True when the claim holds the lease afterwards.
  Result<bool> ClaimLease(const LeaseClaim& claim);
  // Gives the lease up at a clean stop, so another daemon need not wait for it to lapse.
  Status ReleaseLease(const LeaseClaim& claim);
  Result<DaemonHealth> Health(Instant real_now);
  // Only the lease row (cheap: a standby daemon asks every poll; Health counts every timer).
  Result<std::optional<DaemonRecord>> LeaseHolder();
  // Timers whose effect failed (kept, marked with the error), by id; anyone in the org.
  Result<std::vector<TimerRecord>> FailedTimers(const Actor& actor, int limit = 1000);
  // Administrators: clears a failed timer's error, so the daemon's next round fires it
  // (late, from its own due time). NotFound for an unknown id; Conflict when it had not failed.
  Status RearmTimer(const Actor& actor, std::int64_t timer);

  // Absences (engine_absence.cc), recorded or cancelled by the user themself or an
  // administrator. While the holder of a role with an acting order (the group director) is
  // absent, their new tasks go to the first present acting officer, who also sees and may
  // act on their open tasks; escalations follow the same order (engine/exec/escalation.h).
  Result<std::int64_t> RecordAbsence(const Actor& actor, const AbsenceRequest& request);
  Status CancelAbsence(const Actor& actor, std::int64_t id);
  Result<std::vector<AbsenceRecord>> Absences(const Actor& actor);   // not yet over, by start

  // The audit log (engine_audit.cc). VerifyAudit checks the whole
  // database against it: the chain, each history row, definition, document, absence and
  // token against the entry that vouches for it, and each checkpoint's signature, by
  // `trusted_key` (hex) when given. SignAuditHead signs the log's head, unless that head
  // is signed already (nullopt then, as for an empty log). With an actor, only an
  // administrator may verify; without (the file's reader: it reads everything anyway), it
  // needs no org, so a tampered org cannot stop the verification that finds it.
  Result<AuditReport> VerifyAudit(const Actor* actor, const std::string& trusted_key);
  Result<std::optional<AuditCheckpoint>> SignAuditHead(AuditSigner& signer);
  // The entries made in [from, to) with what they vouch for (AuditExport); `public_key`
  // goes into it. The actor, when given, must be an administrator.
  Result<AuditExport> ExportAudit(const Actor* actor, std::optional<Instant> from, std::optional<Instant> to,
                                  const std::string& public_key);

  // API tokens (engine_tokens.cc), made, listed and revoked by administrators. A token
  // acts as its login (Caller::login, once TokenLogin has checked it); its text is
  // returned once and never stored. `expires`: the last office day it works.
  Result<NewToken> CreateToken(const Actor& actor, const std::string& login, std::optional<Date> expires);
  Result<std::vector<ApiTokenRecord>> Tokens(const Actor& actor);   // every one, revoked too, by id
  Status RevokeToken(const Actor& actor, std::int64_t id);
  // The login a token text acts as. Refused with one message whether it is malformed,
  // unknown, revoked or expired: a guesser learns nothing from the answer.
  Result<std::string> TokenLogin(const std::string& text);

  // The listings, a page each: at most `limit` rows (0: every row) and how many matched,
  // read in one query whatever the number of rows.
  Result<Page<TaskView>> TaskPage(const Actor& actor, const TaskListOptions& options, int limit);
  // Every open task past its due time, the latest first, for anyone in the org: late
  // work is everyone's business in a small group.
  Result<Page<TaskView>> OverduePage(const Actor& actor, int limit);
  Result<Page<InstanceRecord>> InstancePage(const Actor& actor, const InstanceQuery& query, int limit);
  Result<Page<ProcessSummary>> ProcessPage(int limit);
  // The same listings, every row.
  Result<std::vector<TaskView>> Tasks(const Actor& actor, const TaskListOptions& options);
  Result<std::vector<TaskView>> Overdue(const Actor& actor);
  Result<std::vector<InstanceRecord>> Instances(const Actor& actor, const InstanceQuery& query);
  Result<std::vector<ProcessSummary>> Processes();

  Result<InstanceView> Show(const Actor& actor, InstanceId instance);
  // One task, open or not, with its fields, outcomes, deadlines and case (engine_task.cc).
  Result<TaskDetail> Task(const Actor& actor, TaskId task);
  // The alert outbox, oldest first.
  Result<std::vector<AlertRecord>> Alerts(const Actor& actor, int limit = 1000);
  // Where alerts [first, last] stand with each sink (engine/alerts/dispatcher.h).
  Result<std::vector<DeliveryRecord>> AlertDeliveries(const Actor& actor, std::int64_t first, std::int64_t last);
  // Administrators: makes the deliveries of `alert` to `sink` (every sink when empty)
  // that are not delivered due now, with their attempts reset; returns how many.
  Result<int> RetryAlertDelivery(const Actor& actor, std::int64_t alert, const std::string& sink);
  // Delivers the outbox through `sinks` on this engine's store and clock (the daemon's
  // delivery thread, `daemon --once --config`); it borrows both, so must not outlive them.
  std::unique_ptr<AlertDispatcher> NewAlertDispatcher(std::vector<std::unique_ptr<AlertSink>> sinks,
                                                      RetryPolicy policy);
  // The parsed definition of a process's latest deployed version.
  Result<std::shared_ptr<const ProcessDefinition>> Definition(const std::string& process_id);
  // The definition an instance runs on (its own version, which may be older).
  Result<std::shared_ptr<const ProcessDefinition>> DefinitionOf(InstanceId instance);

 private:
  struct Caches;
  // Initialise, or (with `redeploy` false) Bootstrap.
  Result<InitResult> InitialiseImpl(const Actor& actor, const SourceFile& org, const std::vector<SourceFile>& processes,
                                    const std::optional<SourceFile>& holidays, bool redeploy);
  Result<std::vector<DeployResult>> DeployIn(StoreTransaction& txn, const Org& org, const Actor& actor,
                                             const std::vector<SourceFile>& files, bool force);
  Store& store_;
  const Clock& clock_;
  std::unique_ptr<Caches> caches_;

  friend class CommandScope;
  friend class CaseCommand;
};

}  // namespace krabuan
