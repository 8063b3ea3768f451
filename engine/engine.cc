#include "engine/engine.h"

#include <algorithm>
#include <set>

#include "engine/engine_internal.h"
#include "engine/exec/audit_append.h"
#include "engine/visibility.h"
#include "engine/exec/escalation.h"
#include "engine/exec/recurrence.h"
#include "engine/parse/holidays_parser.h"
#include "engine/parse/org_parser.h"
#include "engine/parse/process_parser.h"
#include "engine/runtime/history_chain.h"
#include "engine/validate/soundness.h"
#include "engine/validate/structure.h"

namespace krabuan {

Engine::Engine(Store& store, const Clock& clock)
    : store_(store), clock_(clock), caches_(std::make_unique<Caches>()) {}
Engine::~Engine() = default;

// ---- CommandScope ---------------------------------------------------------------

namespace {

// A deployed file is used only as it was deployed: one changed in the database since no
// longer matches the hash taken then, and is refused (`audit verify` names it too).
Status MatchesItsHash(const std::string& what, const std::string& source, const std::string& hash) {
  if (Sha256Hex(source) == hash) return Status::Ok();
  return Status::Storage(what + " was changed in the database after it was deployed (it no longer matches its "
                         "SHA-256); refusing to use it: run 'krabuan audit verify'");
}

}  // namespace

Result<std::shared_ptr<const Org>> CommandScope::org() {
  if (org_) return org_;
  Engine::Caches& c = *engine_.caches_;
  Result<std::int64_t> latest = txn_.LatestDocumentId(DocumentKind::kOrg);
  if (!latest.ok()) return latest.status();
  if (*latest == 0) return Status::NotFound("no org file is deployed; run 'krabuan init' first");
  if (c.org_id != *latest) {
    Result<std::optional<DocumentRecord>> rec = txn_.LatestDocument(DocumentKind::kOrg);
    if (!rec.ok()) return rec.status();
    if (!rec.value()) return Status::Internal("the org row vanished inside a transaction");
    KRABUAN_RETURN_IF_ERROR(MatchesItsHash("the org document " + std::to_string((*rec)->id), (*rec)->source, (*rec)->hash));
    Result<Org> parsed = ParseOrg((*rec)->source, (*rec)->file);
    if (!parsed.ok()) return Status::Internal("the deployed org file no longer parses: " + parsed.status().message());
    c.org = std::make_shared<const Org>(std::move(parsed.value()));
    c.org_id = (*rec)->id;
  }
  org_ = c.org;
  return org_;
}

Result<std::shared_ptr<const HolidayCalendar>> CommandScope::holidays() {
  if (holidays_) return holidays_;
  Engine::Caches& c = *engine_.caches_;
  Result<std::int64_t> latest = txn_.LatestDocumentId(DocumentKind::kHolidays);
  if (!latest.ok()) return latest.status();
  if (c.holidays_id != *latest) {
    auto calendar = std::make_shared<HolidayCalendar>();
    if (*latest != 0) {
      Result<std::optional<DocumentRecord>> rec = txn_.LatestDocument(DocumentKind::kHolidays);
      if (!rec.ok()) return rec.status();
      KRABUAN_RETURN_IF_ERROR(
          MatchesItsHash("the holidays document " + std::to_string((*rec)->id), (*rec)->source, (*rec)->hash));
      Result<HolidayCalendar> parsed = ParseHolidays((*rec)->source, (*rec)->file);
      if (!parsed.ok()) return Status::Internal("the deployed holidays file no longer parses: " + parsed.status().message());
      *calendar = std::move(parsed.value());
    }
    c.holidays = std::move(calendar);
    c.holidays_id = *latest;
  }
  holidays_ = c.holidays;
  return holidays_;
}

Result<const User*> CommandScope::user(const Actor& actor) {
  Result<std::shared_ptr<const Org>> o = org();
  if (!o.ok()) return o.status();
  const User* u = (*o)->FindUser(actor.login);
  if (u == nullptr) {
    return Status::Refused("unknown user '" + actor.login + "': not in the org file (use --as LOGIN; 'krabuan org' lists logins)");
  }
  return u;
}

Result<const User*> CommandScope::admin(const Actor& actor, std::string_view what) {
  Result<const User*> u = user(actor);
  if (!u.ok()) return u;
  Result<std::shared_ptr<const Org>> o = org();
  if (!o.ok()) return o.status();
  if (!(*o)->IsAdmin(**u)) {
    return Status::Refused("only an administrator may " + std::string(what) + "; '" + actor.login + "' is not one");
  }
  return u;
}

Result<std::shared_ptr<const ProcessDefinition>> CommandScope::definition(DefinitionId id) {
  auto& cache = engine_.caches_->definitions;
  if (auto it = cache.find(id); it != cache.end()) return it->second;
  Result<DefinitionRecord> rec = txn_.DefinitionById(id);
  if (!rec.ok()) return rec.status();
  KRABUAN_RETURN_IF_ERROR(MatchesItsHash("deployed process " + rec->process_id + " v" + std::to_string(rec->version),
                                         rec->source, rec->hash));
  Result<ProcessDefinition> def = ParseProcess(rec->source, rec->file);
  if (!def.ok()) return Status::Internal("deployed process " + rec->process_id + " v" + std::to_string(rec->version) + " no longer parses: " + def.status().message());
  auto shared = std::make_shared<const ProcessDefinition>(std::move(def.value()));
  cache.emplace(id, shared);
  return shared;
}

Result<InstanceRecord> CommandScope::instance(InstanceId id) {
  Result<std::optional<InstanceRecord>> r = txn_.FindInstance(id);
  if (!r.ok()) return r.status();
  if (!r.value()) return Status::NotFound("no instance " + std::to_string(id));
  return std::move(*r.value());
}

Result<TaskRecord> CommandScope::task(TaskId id) {
  Result<std::optional<TaskRecord>> r = txn_.FindTask(id);
  if (!r.ok()) return r.status();
  if (!r.value()) return Status::NotFound("no task " + std::to_string(id));
  return std::move(*r.value());
}

std::string RoleName(const Org& org, const std::string& role) {
  const Role* r = org.FindRole(role);
  return r ? r->name : "";
}

// ---- Org and deployment ---------------------------------------------------------

namespace {

// A document and its audit entry, in one transaction.
Status InsertAuditedDocument(StoreTransaction& txn, const DocumentRecord& d) {
  KRABUAN_RETURN_IF_ERROR(txn.InsertDocument(d));
  const char* kind = d.kind == DocumentKind::kOrg ? audit_kind::kOrg : audit_kind::kHolidays;
  return AppendAudit(txn, d.deployed_at, d.deployed_by, kind, d.file, d.hash);
}

}  // namespace

Result<bool> Engine::DeployOrg(const Actor& actor, const SourceFile& file) {
  Result<Org> parsed = ParseOrg(file.content, file.path);
  if (!parsed.ok()) return parsed.status();
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  Result<std::optional<DocumentRecord>> current = (*txn)->LatestDocument(DocumentKind::kOrg);
  if (!current.ok()) return current.status();
  std::string hash = Sha256Hex(file.content);
  if (current.value()) {
    CommandScope scope(*this, **txn);
    KRABUAN_RETURN_IF_ERROR(scope.admin(actor, "deploy the org file").status());
    if ((*current)->hash == hash) return false;
  }
  DocumentRecord rec{0, DocumentKind::kOrg, hash, file.content, file.path, clock_.Now(), actor.login};
  KRABUAN_RETURN_IF_ERROR(InsertAuditedDocument(**txn, rec));
  KRABUAN_RETURN_IF_ERROR(CommitSealed(**txn, clock_.Now()));
  return true;
}

Result<std::shared_ptr<const HolidayCalendar>> Engine::Holidays() {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  return CommandScope(*this, **txn).holidays();
}

Result<std::shared_ptr<const Org>> Engine::GetOrg() {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  return CommandScope(*this, **txn).org();
}

namespace {

// One file, parsed and checked.
struct CheckedFile {
  ProcessDefinition definition;
  std::vector<std::string> errors;     // structure errors and soundness violations
  std::vector<std::string> warnings;
};

// Structure and soundness of one parsed process.
void Prove(CheckedFile& f, const Org* org) {
  std::vector<Finding> findings = CheckStructure(f.definition, org);
  for (Finding& finding : CheckRecurringStart(f.definition)) findings.push_back(std::move(finding));
  for (const Finding& finding : findings) {
    (finding.severity == Finding::Severity::kError ? f.errors : f.warnings).push_back(finding.ToString());
  }
  SoundnessReport report = CheckSoundness(f.definition);
  if (report.verdict == SoundnessReport::Verdict::kUnsound) {
    for (const SoundnessViolation& v : report.violations) f.errors.push_back(v.ToString());
  } else if (report.verdict == SoundnessReport::Verdict::kUnknown) {
    f.warnings.push_back(f.definition.file() + ": warning: process '" + f.definition.id() +
                         "' is too large to prove sound (" + report.limit + ")");
  }
}

// Parses each file, with its roles and logins checked against the org, and proves it;
// every parse problem of every file is an error here, checks go with each file.
Result<std::vector<CheckedFile>> ParseAll(const std::vector<SourceFile>& files, const Org* org) {
  ProcessContext context;
  if (org != nullptr) {
    context.role_exists = [org](std::string_view role) { return org->FindRole(role) != nullptr; };
    context.login_exists = [org](std::string_view login) { return org->FindUser(login) != nullptr; };
  }
  std::vector<std::string> problems;
  std::vector<CheckedFile> checked;
  std::set<std::string> ids;
  for (const SourceFile& f : files) {
    Result<ProcessDefinition> d = ParseProcess(f.content, f.path, context);
    if (!d.ok()) {
      for (const std::string& line : d.status().lines()) problems.push_back(line);
      continue;
    }
    if (!ids.insert(d->id()).second) {
      problems.push_back(f.path + ":1:1: process id '" + d->id() + "' is given by two files in one deployment");
      continue;
    }
    checked.push_back(CheckedFile{std::move(d.value()), {}, {}});
    Prove(checked.back(), org);
  }
  if (!problems.empty()) return Status::InvalidMany(std::move(problems));
  return checked;
}

}  // namespace

Result<std::vector<std::string>> ValidateProcessFiles(const std::vector<SourceFile>& files, const Org* org) {
  Result<std::vector<CheckedFile>> checked = ParseAll(files, org);
  if (!checked.ok()) return checked.status();
  std::vector<std::string> errors, warnings;
  for (const CheckedFile& f : *checked) {
    errors.insert(errors.end(), f.errors.begin(), f.errors.end());
    warnings.insert(warnings.end(), f.warnings.begin(), f.warnings.end());
  }
  if (!errors.empty()) return Status::InvalidMany(std::move(errors));
  return warnings;
}

Result<std::vector<std::string>> Engine::Validate(const std::vector<SourceFile>& files) {
  std::shared_ptr<const Org> org;
  if (auto txn = store_.BeginRead(); txn.ok()) {
    Result<std::shared_ptr<const Org>> o = CommandScope(*this, **txn).org();
    if (o.ok()) org = *o;
  }
  return ValidateProcessFiles(files, org.get());
}

Result<std::vector<DeployResult>> Engine::Deploy(const Actor& actor, const std::vector<SourceFile>& files,
                                                 bool force) {
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<std::shared_ptr<const Org>> org = scope.org();
  if (!org.ok()) return org.status();
  KRABUAN_RETURN_IF_ERROR(scope.admin(actor, "deploy processes").status());
  Result<std::vector<DeployResult>> results = DeployIn(**txn, **org, actor, files, force);
  if (!results.ok()) return results.status();
  KRABUAN_RETURN_IF_ERROR(CommitSealed(**txn, clock_.Now()));
  return results;
}

Result<std::vector<DeployResult>> Engine::Bootstrap(const Actor& actor, const SourceFile& org_file,
                                                    const std::vector<SourceFile>& processes,
                                                    const std::optional<SourceFile>& holidays) {
  Result<InitResult> r = InitialiseImpl(actor, org_file, processes, holidays, /*redeploy=*/false);
  if (!r.ok()) return r.status();
  return std::move(r->processes);
}

Result<InitResult> Engine::Initialise(const Actor& actor, const SourceFile& org_file,
                                      const std::vector<SourceFile>& processes,
                                      const std::optional<SourceFile>& holidays) {
  return InitialiseImpl(actor, org_file, processes, holidays, /*redeploy=*/true);
}

Result<InitResult> Engine::InitialiseImpl(const Actor& actor, const SourceFile& org_file,
                                          const std::vector<SourceFile>& processes,
                                          const std::optional<SourceFile>& holidays, bool redeploy) {
  Result<Org> org = ParseOrg(org_file.content, org_file.path);
  if (!org.ok()) return org.status();
  if (holidays) {
    Result<HolidayCalendar> calendar = ParseHolidays(holidays->content, holidays->path);
    if (!calendar.ok()) return calendar.status();
  }
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  Result<std::optional<DocumentRecord>> current = (*txn)->LatestDocument(DocumentKind::kOrg);
  if (!current.ok()) return current.status();
  InitResult out;
  std::string org_hash = Sha256Hex(org_file.content);
  std::optional<std::string> holidays_hash;
  if (holidays) holidays_hash = Sha256Hex(holidays->content);
  if (!current.value()) {
    out.initialised = true;
    out.org_changed = true;
    out.holidays_changed = holidays.has_value();
  } else {
    if (!redeploy) return Status::Refused("the database is already initialised; deploy changes as an administrator");
    CommandScope scope(*this, **txn);
    KRABUAN_RETURN_IF_ERROR(scope.admin(actor, "deploy the org file").status());
    out.org_changed = (*current)->hash != org_hash;
    if (holidays) {
      Result<std::optional<DocumentRecord>> deployed = (*txn)->LatestDocument(DocumentKind::kHolidays);
      if (!deployed.ok()) return deployed.status();
      out.holidays_changed = !deployed.value() || (*deployed)->hash != *holidays_hash;
    }
  }
  if (out.org_changed) {
    KRABUAN_RETURN_IF_ERROR(InsertAuditedDocument(
        **txn, DocumentRecord{0, DocumentKind::kOrg, org_hash, org_file.content, org_file.path, clock_.Now(), actor.login}));
  }
  if (out.holidays_changed) {
    KRABUAN_RETURN_IF_ERROR(InsertAuditedDocument(**txn, DocumentRecord{0, DocumentKind::kHolidays, *holidays_hash,
                                                                       holidays->content, holidays->path, clock_.Now(),
                                                                       actor.login}));
  }
  Result<std::vector<DeployResult>> results = DeployIn(**txn, *org, actor, processes, /*force=*/false);
  if (!results.ok()) return results.status();
  KRABUAN_RETURN_IF_ERROR(CommitSealed(**txn, clock_.Now()));
  out.processes = std::move(results.value());
  return out;
}

Result<bool> Engine::DeployHolidays(const Actor& actor, const SourceFile& file) {
  Result<HolidayCalendar> calendar = ParseHolidays(file.content, file.path);
  if (!calendar.ok()) return calendar.status();
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  KRABUAN_RETURN_IF_ERROR(scope.admin(actor, "deploy the holidays calendar").status());
  Result<std::optional<DocumentRecord>> current = (*txn)->LatestDocument(DocumentKind::kHolidays);
  if (!current.ok()) return current.status();
  std::string hash = Sha256Hex(file.content);
  if (current.value() && (*current)->hash == hash) return false;
  KRABUAN_RETURN_IF_ERROR(InsertAuditedDocument(
      **txn, DocumentRecord{0, DocumentKind::kHolidays, hash, file.content, file.path, clock_.Now(), actor.login}));
  KRABUAN_RETURN_IF_ERROR(CommitSealed(**txn, clock_.Now()));
  return true;
}

Result<std::vector<DeployResult>> Engine::DeployIn(StoreTransaction& txn, const Org& org, const Actor& actor,
                                                   const std::vector<SourceFile>& files, bool force) {
  Result<std::vector<CheckedFile>> checked = ParseAll(files, &org);
  if (!checked.ok()) return checked.status();
  if (!force) {
    std::vector<std::string> errors;
    for (const CheckedFile& f : *checked) errors.insert(errors.end(), f.errors.begin(), f.errors.end());
    if (!errors.empty()) {
      errors.push_back("nothing was deployed; fix the files, or deploy --force to deploy them as they are");
      return Status::InvalidMany(std::move(errors));
    }
  }
  std::vector<DeployResult> results;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const CheckedFile& f = (*checked)[i];
    const ProcessDefinition& d = f.definition;
    std::string hash = Sha256Hex(files[i].content);
    Result<std::optional<DefinitionRecord>> latest = txn.LatestDefinition(d.id());
    if (!latest.ok()) return latest.status();
    if (latest.value() && (*latest)->hash == hash) {
      KRABUAN_RETURN_IF_ERROR(EnsureRecurringStart(txn, d, clock_.Now()));
      results.push_back({d.id(), d.name(), (*latest)->version, false, (*latest)->forced, f.warnings});
      continue;
    }
    DefinitionRecord rec;
    rec.process_id = d.id();
    rec.version = latest.value() ? (*latest)->version + 1 : 1;
    rec.name = d.name();
    rec.hash = hash;
    rec.source = files[i].content;
    rec.file = files[i].path;
    rec.deployed_at = clock_.Now();
    rec.deployed_by = actor.login;
    rec.forced = !f.errors.empty();
    for (const std::string& line : f.errors) rec.findings += line + "\n";
    for (const std::string& line : f.warnings) rec.findings += line + "\n";
    Result<DefinitionId> id = txn.InsertDefinition(rec);
    if (!id.ok()) return id.status();
    KRABUAN_RETURN_IF_ERROR(AppendAudit(txn, rec.deployed_at, rec.deployed_by, audit_kind::kDefinition,
                                        rec.process_id + " v" + std::to_string(rec.version), rec.hash));
    KRABUAN_RETURN_IF_ERROR(ScheduleRecurringStart(txn, d, clock_.Now()));
    results.push_back({d.id(), d.name(), rec.version, true, rec.forced, f.warnings});
  }
  return results;
}

// ---- Reading --------------------------------------------------------------------

Result<std::shared_ptr<const ProcessDefinition>> Engine::Definition(const std::string& process_id) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  Result<std::optional<DefinitionRecord>> latest = (*txn)->LatestDefinition(process_id);
  if (!latest.ok()) return latest.status();
  if (!latest.value()) return Status::NotFound("no process '" + process_id + "' is deployed ('krabuan processes' lists them)");
  return CommandScope(*this, **txn).definition((*latest)->id);
}

Result<std::shared_ptr<const ProcessDefinition>> Engine::DefinitionOf(InstanceId instance) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<InstanceRecord> inst = scope.instance(instance);
  if (!inst.ok()) return inst.status();
  return scope.definition(inst->definition_id);
}

Result<Page<ProcessSummary>> Engine::ProcessPage(int limit) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  return (*txn)->ListProcesses(limit);
}

Result<Page<InstanceRecord>> Engine::InstancePage(const Actor& actor, const InstanceQuery& query, int limit) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> u = scope.user(actor);
  if (!u.ok()) return u.status();
  Result<std::shared_ptr<const Org>> org = scope.org();
  if (!org.ok()) return org.status();
  if (!ReadsOwnWorkOnly(**org, **u)) return (*txn)->ListInstances(query, limit);
  InstanceQuery own = query;
  own.participant = (*u)->login;
  return (*txn)->ListInstances(own, limit);
}

TaskView MakeTaskView(TaskRecord t, const ProcessDefinition& def, std::string business_key) {
  TaskView v;
  v.process_name = def.name();
  v.business_key = std::move(business_key);
  if (const Node* n = def.FindNode(t.node_id)) {
    v.outcomes = n->outcomes;
    v.fields = n->fields;
  }
  v.task = std::move(t);
  return v;
}

namespace {

// A page of the store's rows as people read them (definitions come from the cache).
Result<Page<TaskView>> Views(CommandScope& scope, Page<ListedTask> listed) {
  Page<TaskView> out;
  out.total = listed.total;
  out.rows.reserve(listed.rows.size());
  for (ListedTask& t : listed.rows) {
    Result<std::shared_ptr<const ProcessDefinition>> def = scope.definition(t.definition_id);
    if (!def.ok()) return def.status();
    out.rows.push_back(MakeTaskView(std::move(t.task), **def, std::move(t.business_key)));
  }
  return out;
}

template <typename T>
Result<std::vector<T>> Rows(Result<Page<T>> page) {
  if (!page.ok()) return page.status();
  return std::move(page.value().rows);
}

}  // namespace

Result<Page<TaskView>> Engine::TaskPage(const Actor& actor, const TaskListOptions& options, int limit) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> u = scope.user(actor);
  if (!u.ok()) return u.status();
  const Org& org = **scope.org();
  TaskQuery q;
  q.assignee = actor.login;
  if (options.instance != 0) q.instance = options.instance;
  q.role = options.role;
  if (options.all) {
    const Role* overseer = org.OverseeingRole();
    if (!org.IsAdmin(**u) && !(overseer != nullptr && org.HasRole(**u, overseer->id))) {
      return Status::Refused("'" + actor.login + "' may not list every task: --all is for administrators" +
                             (overseer != nullptr ? " and role '" + overseer->id + "' (" + overseer->name + ")" : std::string()));
    }
    q.all = true;
  } else if (!options.role.empty()) {
    if (!org.CapacityFor(**u, options.role)) {
      return Status::Refused("'" + actor.login + "' does not act in role '" + options.role + "'");
    }
    q.roles = {options.role};
  } else {
    q.roles = org.ActableRoles(**u);
  }
  Instant now = clock_.Now();
  if (!q.all) {
    for (const std::string& r : q.roles) {
      if (org.CapacityFor(**u, r) == Capacity::kRecorder) q.recorded_roles.push_back(r);
    }
    // And those escalated to them, or theirs to act on for an absent director.
    KRABUAN_RETURN_IF_ERROR(AddDelegatedTasks(**txn, org, actor.login, now, q));
  }
  if (options.overdue) q.due_before = now;
  Result<Page<ListedTask>> listed = (*txn)->PageTasks(q, limit);
  if (!listed.ok()) return listed.status();
  return Views(scope, std::move(listed.value()));
}

Result<Page<TaskView>> Engine::OverduePage(const Actor& actor, int limit) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> u = scope.user(actor);
  if (!u.ok()) return u.status();
  Result<std::shared_ptr<const Org>> org = scope.org();
  if (!org.ok()) return org.status();
  TaskQuery q;
  q.all = !ReadsOwnWorkOnly(**org, **u);   // a school: only what is late at its own door
  q.assignee = (*u)->login;
  q.due_before = clock_.Now();
  q.by_due = true;
  Result<Page<ListedTask>> listed = (*txn)->PageTasks(q, limit);
  if (!listed.ok()) return listed.status();
  return Views(scope, std::move(listed.value()));
}

Result<std::vector<TaskView>> Engine::Tasks(const Actor& actor, const TaskListOptions& options) {
  return Rows(TaskPage(actor, options, 0));
}

Result<std::vector<TaskView>> Engine::Overdue(const Actor& actor) { return Rows(OverduePage(actor, 0)); }

Result<std::vector<InstanceRecord>> Engine::Instances(const Actor& actor, const InstanceQuery& query) {
  return Rows(InstancePage(actor, query, 0));
}

Result<std::vector<ProcessSummary>> Engine::Processes() { return Rows(ProcessPage(0)); }

Result<std::vector<AlertRecord>> Engine::Alerts(const Actor& actor, int limit) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> u = scope.user(actor);
  if (!u.ok()) return u.status();
  Result<std::shared_ptr<const Org>> org = scope.org();
  if (!org.ok()) return org.status();
  Result<std::vector<AlertRecord>> alerts = (*txn)->ListAlerts(limit);
  if (!alerts.ok() || !ReadsOwnWorkOnly(**org, **u)) return alerts;
  // A school: the alerts about its own tasks, of the `limit` newest.
  std::vector<AlertRecord> own;
  for (AlertRecord& a : *alerts) {
    if (a.task_id == 0) continue;
    Result<TaskRecord> task = scope.task(a.task_id);
    if (!task.ok()) return task.status();
    if (OwnsTask(**u, *task)) own.push_back(std::move(a));
  }
  return own;
}

Result<InstanceView> Engine::Show(const Actor& actor, InstanceId id) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> u = scope.user(actor);
  if (!u.ok()) return u.status();
  Result<InstanceRecord> inst = scope.instance(id);
  if (!inst.ok()) return inst.status();
  Result<std::shared_ptr<const ProcessDefinition>> def = scope.definition(inst->definition_id);
  if (!def.ok()) return def.status();
  InstanceView v;
  v.process_name = (*def)->name();
  TaskQuery q;
  q.all = true;
  q.instance = id;
  Result<std::vector<TaskRecord>> tasks = (*txn)->ListTasks(q);
  if (!tasks.ok()) return tasks.status();
  for (TaskRecord& t : *tasks) v.open_tasks.push_back(MakeTaskView(std::move(t), **def, inst->business_key));
  if (inst->state == InstanceState::kRunning) {
    Result<std::vector<Waiting>> waiting = WaitingOf(**txn, **def, id, v.open_tasks);
    if (!waiting.ok()) return waiting.status();
    v.waiting = std::move(waiting.value());
  }
  Result<VariableMap> vars = (*txn)->VariablesOf(id);
  if (!vars.ok()) return vars.status();
  v.variables = std::move(vars.value());
  Result<std::vector<HistoryRecord>> hist = (*txn)->HistoryOf(id);
  if (!hist.ok()) return hist.status();
  v.history = std::move(hist.value());
  if (std::optional<std::size_t> broken = FirstBrokenLink(v.history)) {
    v.history_intact = false;
    v.first_broken_row = v.history[*broken].id;
  }
  v.instance = std::move(inst.value());
  Result<std::shared_ptr<const Org>> org = scope.org();
  if (!org.ok()) return org.status();
  if (ReadsOwnWorkOnly(**org, **u)) {
    TaskQuery every;
    every.open_only = false;
    every.all = true;
    every.instance = id;
    Result<std::vector<TaskRecord>> all = (*txn)->ListTasks(every);
    if (!all.ok()) return all.status();
    KRABUAN_RETURN_IF_ERROR(NarrowToOwnWork(v, **u, *all));
  }
  return v;
}

}  // namespace krabuan
