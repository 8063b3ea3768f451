// `audit verify` and `audit checkpoint`: the whole database checked against its audit log,
// and the log's head signed.
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "engine/exec/audit_append.h"
#include "engine/runtime/history_chain.h"
#include "engine/runtime/signature.h"

namespace krabuan {
namespace {

constexpr int kPage = 5000;
constexpr std::size_t kMaxProblems = 20;

// One verification's state: the entries seen so far and what they vouched for.
class Verifier {
 public:
  Verifier(StoreTransaction& txn, AuditGenesis genesis, AuditReport& report)
      : txn_(txn), genesis_(genesis), report_(report) {}

  void Problem(std::string text) {
    report_.holds = false;
    if (report_.problems.size() < kMaxProblems) report_.problems.push_back(std::move(text));
  }

  Status Run(const std::vector<AuditCheckpoint>& checkpoints) {
    std::set<std::int64_t> pinned;
    for (const AuditCheckpoint& c : checkpoints) pinned.insert(c.seq);
    KRABUAN_RETURN_IF_ERROR(SkipHistoryBeforeLog());
    std::int64_t after = 0;
    std::string prev;
    for (;;) {
      Result<std::vector<AuditEntry>> page = txn_.AuditEntries(after, kPage);
      if (!page.ok()) return page.status();
      if (page->empty()) break;
      for (AuditEntry& e : *page) {
        ++report_.entries;
        if (e.seq != after + 1) {
          Problem("audit log: entry " + std::to_string(after + 1) + " is missing (the next is " + std::to_string(e.seq) +
                  "): entries were deleted");
        }
        std::string stored = e.hash;
        e.prev_hash = prev;
        if (AuditHash(e) != stored) {
          Problem("audit log: entry " + std::to_string(e.seq) + " (" + e.kind + ", " + e.subject +
                  ") does not match its hash: it, or the entry before it, was changed");
        }
        prev = stored;
        after = e.seq;
        if (pinned.contains(e.seq)) pinned_hash_[e.seq] = stored;
        KRABUAN_RETURN_IF_ERROR(Vouch(e));
      }
    }
    report_.head_seq = after;
    report_.head_hash = prev;
    KRABUAN_RETURN_IF_ERROR(RemainingHistory());
    report_.cases = static_cast<std::int64_t>(case_tip_.size());
    KRABUAN_RETURN_IF_ERROR(CaseStates());
    KRABUAN_RETURN_IF_ERROR(Deployed());
    KRABUAN_RETURN_IF_ERROR(Absences());
    KRABUAN_RETURN_IF_ERROR(Tokens());
    KRABUAN_RETURN_IF_ERROR(Alerts());
    Checkpoints(checkpoints);
    return Status::Ok();
  }


 private:
  // The next history row: its own chain, then what the entry says of it.
  Result<std::optional<HistoryRecord>> NextHistory() {
    if (history_at_ >= history_.size()) {
      Result<std::vector<HistoryRecord>> page = txn_.HistoryAfter(history_after_, kPage);
      if (!page.ok()) return page.status();
      history_ = std::move(page.value());
      history_at_ = 0;
      if (history_.empty()) return std::optional<HistoryRecord>();
    }
    HistoryRecord h = std::move(history_[history_at_++]);
    history_after_ = h.id;
    ++report_.history_rows;
    std::string& tip = case_tip_[h.instance_id];
    h.prev_hash = tip;
    if (HistoryHash(h) != h.hash) {
      Problem("history row " + std::to_string(h.id) + " of case " + std::to_string(h.instance_id) +
              " does not match its hash: it was changed, or a row of the case before it was changed or deleted");
    }
    tip = h.hash;
    return std::optional<HistoryRecord>(std::move(h));
  }

  // Rows older than the log: their own chains only.
  Status SkipHistoryBeforeLog() {
    while (history_after_ < genesis_.history) {
      Result<std::optional<HistoryRecord>> h = NextHistory();
      if (!h.ok()) return h.status();
      if (!h->has_value()) break;
      ++report_.before_log;
    }
    return Status::Ok();
  }

  Status Vouch(const AuditEntry& e) {
    if (e.kind == audit_kind::kHistory) {
      Result<std::optional<HistoryRecord>> h = NextHistory();
      if (!h.ok()) return h.status();
      if (!h->has_value()) {
        Problem("audit entry " + std::to_string(e.seq) + " vouches for a history row of " + e.subject +
                " that is gone: history rows were deleted");
      } else if ((*h)->hash != e.digest || "case " + std::to_string((*h)->instance_id) != e.subject) {
        Problem("history row " + std::to_string((*h)->id) + " of case " + std::to_string((*h)->instance_id) +
                " is not the row audit entry " + std::to_string(e.seq) + " recorded (" + e.subject +
                "): rows were changed, deleted, inserted or reordered");
      }
      return Status::Ok();
    }
    if (e.kind == audit_kind::kCaseState) {
      sealed_[e.subject] = {e.seq, e.digest};
      return Status::Ok();
    }
    vouched_[e.kind].push_back(e);
    return Status::Ok();
  }

  // Each sealed case as it is now against its last seal.
  Status CaseStates() {
    for (const auto& [subject, seal] : sealed_) {
      InstanceId id = std::stoll(subject.substr(5));
      Result<std::string> now = CaseStateNow(txn_, id);
      if (!now.ok() && now.status().kind() == ErrorKind::kNotFound) {
        Problem(subject + " is gone from the instances table, but audit entry " + std::to_string(seal.first) +
                " sealed it: the case was deleted");
        continue;
      }
      if (!now.ok()) return now.status();
      if (*now != seal.second) {
        Problem(subject + ": its instance row, tasks, tokens or variables are not what audit entry " +
                std::to_string(seal.first) + " sealed: they were changed outside the engine");
      }
      KRABUAN_RETURN_IF_ERROR(Replay(id));
    }
    return Status::Ok();
  }

  // The case's history replayed against its rows: the instance's state is what its last
  // rows say, every task has its task-created row, and a task is completed (or expired)
  // exactly when the history says it was.
  Status Replay(InstanceId id) {
    Result<std::vector<HistoryRecord>> history = txn_.HistoryOf(id);
    if (!history.ok()) return history.status();
    Result<std::optional<InstanceRecord>> instance = txn_.FindInstance(id);
    if (!instance.ok()) return instance.status();
    if (!instance->has_value()) return Status::Ok();   // named by the seal check
    Result<std::vector<TaskRecord>> tasks = txn_.TasksOfInstance(id);
    if (!tasks.ok()) return tasks.status();
    std::unordered_map<TaskId, const TaskRecord*> by_id;
    for (const TaskRecord& t : *tasks) by_id[t.id] = &t;
    InstanceState said = InstanceState::kRunning;
    std::unordered_map<TaskId, std::set<std::string>> actions;
    std::map<std::string, std::string> recorded;   // variable -> the value its last row gave it
    for (const HistoryRecord& h : *history) {
      if (h.action == "started") recorded["initiator"] = h.user;
      if (h.action == "completed") said = InstanceState::kCompleted;
      if (h.action == "cancelled") said = InstanceState::kCancelled;
      if (h.task_id != 0) actions[h.task_id].insert(h.action);
      if (h.action == "variables-set" || h.action == "task-completed") {
        nlohmann::json detail = nlohmann::json::parse(h.detail, nullptr, false);
        if (!detail.is_object()) continue;
        if (h.action == "variables-set") {
          for (const auto& [name, value] : detail.items()) {
            // "acting_for" and "by" say who acted (CommandContext::Record adds them), not a value.
            if (name == "acting_for" || name == "by") continue;
            if (value.is_string()) recorded[name] = value.get<std::string>();
          }
        } else if (detail.contains("outcome") && detail["outcome"].is_string()) {
          auto task = by_id.find(h.task_id);
          if (task != by_id.end() && task->second->item.empty()) {
            recorded["outcome"] = detail["outcome"].get<std::string>();
            recorded[h.node_id + ".outcome"] = detail["outcome"].get<std::string>();
          }
        }
      }
    }
    Result<VariableMap> variables = txn_.VariablesOf(id);
    if (!variables.ok()) return variables.status();
    for (const auto& [name, value] : recorded) {
      auto it = variables->find(name);
      if (it == variables->end()) {
        Problem("case " + std::to_string(id) + ": variable '" + name + "' that its history set is gone");
      } else if (it->second.ToText() != value) {
        Problem("case " + std::to_string(id) + ": variable '" + name + "' is '" + it->second.ToText() +
                "', but its history set it to '" + value + "'");
      }
    }
    std::string name = "case " + std::to_string(id);
    if ((*instance)->state != said) {
      Problem(name + ": its history says it is " + std::string(InstanceStateName(said)) + ", the instances table " +
              std::string(InstanceStateName((*instance)->state)));
    }
    std::set<TaskId> present;
    for (const TaskRecord& t : *tasks) {
      present.insert(t.id);
      const std::set<std::string>& done = actions[t.id];
      std::string task = "task " + std::to_string(t.id) + " of " + name;
      if (!done.contains("task-created")) Problem(task + " has no task-created row in the history");
      if ((t.state == TaskState::kCompleted) != done.contains("task-completed")) {
        Problem(task + " is " + std::string(TaskStateName(t.state)) + ", but the history " +
                (done.contains("task-completed") ? "completed it" : "never completed it"));
      }
      if (done.contains("task-expired") && t.state != TaskState::kExpired) {
        Problem(task + " is " + std::string(TaskStateName(t.state)) + ", but the history expired it");
      }
    }
    for (const auto& [task, done] : actions) {
      if (done.contains("task-created") && !present.contains(task)) {
        Problem("task " + std::to_string(task) + " of " + name + " is in the history but gone from the tasks table");
      }
    }
    return Status::Ok();
  }

  Status RemainingHistory() {
    for (;;) {
      Result<std::optional<HistoryRecord>> h = NextHistory();
      if (!h.ok()) return h.status();
      if (!h->has_value()) return Status::Ok();
      Problem("history row " + std::to_string((*h)->id) + " of case " + std::to_string((*h)->instance_id) +
              " has no audit entry: it was added outside the engine");
    }
  }

  // Entries of `kind` in order against the rows' (subject, digest) in id order.
  void Match(const char* kind, const std::vector<std::pair<std::string, std::string>>& rows, const std::string& what) {
    const std::vector<AuditEntry>& entries = vouched_[kind];
    std::size_t n = std::max(entries.size(), rows.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (i >= entries.size()) {
        Problem(what + " " + rows[i].first + " has no audit entry: it was added outside the engine");
        return;
      }
      if (i >= rows.size()) {
        Problem("audit entry " + std::to_string(entries[i].seq) + " vouches for " + what + " " + entries[i].subject +
                ", which is gone");
        return;
      }
      if (entries[i].subject != rows[i].first || entries[i].digest != rows[i].second) {
        Problem(what + " " + rows[i].first + " is not what audit entry " + std::to_string(entries[i].seq) +
                " recorded (" + entries[i].subject + "): it was changed");
        return;
      }
    }
  }

  Status Deployed() {
    Result<std::vector<DefinitionRecord>> definitions = txn_.AllDefinitions();
    if (!definitions.ok()) return definitions.status();
    std::vector<std::pair<std::string, std::string>> rows;
    for (const DefinitionRecord& d : *definitions) {
      ++report_.definitions;
      std::string name = d.process_id + " v" + std::to_string(d.version);
      if (Sha256Hex(d.source) != d.hash) {
        Problem("definitions: " + name + " (row " + std::to_string(d.id) + ") no longer matches its SHA-256: its "
                "source was changed after deployment");
      }
      if (d.id > genesis_.definitions) rows.emplace_back(name, d.hash);
    }
    Match(audit_kind::kDefinition, rows, "definition");
    Result<std::vector<DocumentRecord>> documents = txn_.AllDocuments();
    if (!documents.ok()) return documents.status();
    std::vector<std::pair<std::string, std::string>> orgs, holidays;
    for (const DocumentRecord& d : *documents) {
      ++report_.documents;
      const char* kind = d.kind == DocumentKind::kOrg ? "org" : "holidays";
      if (Sha256Hex(d.source) != d.hash) {
        Problem(std::string("documents: the ") + kind + " document " + std::to_string(d.id) +
                " no longer matches its SHA-256: it was changed after deployment");
      }
      if (d.id > genesis_.documents) (d.kind == DocumentKind::kOrg ? orgs : holidays).emplace_back(d.file, d.hash);
    }
    Match(audit_kind::kOrg, orgs, "org document");
    Match(audit_kind::kHolidays, holidays, "holidays document");
    return Status::Ok();
  }

  // Creations in id order; each cancellation or revocation against its own row.
  template <typename Row>
  void MatchLifecycle(const std::vector<Row>& all, std::int64_t genesis, const char* created, const char* ended,
                      const std::string& what, std::string (*digest)(const Row&), std::string (*end_digest)(const Row&),
                      bool (*has_ended)(const Row&)) {
    std::vector<std::pair<std::string, std::string>> rows;
    std::map<std::string, const Row*> by_subject;
    for (const Row& r : all) {
      if (r.id <= genesis) continue;
      std::string subject = what + " " + std::to_string(r.id);
      rows.emplace_back(subject, digest(r));
      by_subject[subject] = &r;
    }
    Match(created, rows, what);
    std::set<std::string> ended_seen;
    for (const AuditEntry& e : vouched_[ended]) {
      auto it = by_subject.find(e.subject);
      if (it == by_subject.end() || !has_ended(*it->second) || end_digest(*it->second) != e.digest) {
        Problem(e.subject + " is not as audit entry " + std::to_string(e.seq) + " recorded its " + ended + ": changed");
      }
      ended_seen.insert(e.subject);
    }
    for (const auto& [subject, row] : by_subject) {
      if (has_ended(*row) && !ended_seen.contains(subject)) {
        Problem(subject + " is marked " + ended + " without an audit entry: changed outside the engine");
      }
    }
  }

  Status Absences() {
    Result<std::vector<AbsenceRecord>> all = txn_.AllAbsences();
    if (!all.ok()) return all.status();
    MatchLifecycle<AbsenceRecord>(*all, genesis_.absences, audit_kind::kAbsence, audit_kind::kAbsenceCancel, "absence",
                                  &AbsenceDigest, &AbsenceCancelDigest,
                                  [](const AbsenceRecord& a) { return a.cancelled_at.has_value(); });
    return Status::Ok();
  }

  Status Tokens() {
    Result<std::vector<ApiTokenRecord>> all = txn_.ListApiTokens();
    if (!all.ok()) return all.status();
    MatchLifecycle<ApiTokenRecord>(*all, genesis_.tokens, audit_kind::kToken, audit_kind::kTokenRevoke, "token",
                                   &TokenDigest, &TokenRevokeDigest,
                                   [](const ApiTokenRecord& t) { return t.revoked_at.has_value(); });
    return Status::Ok();
  }

  Status Alerts() {
    Result<std::vector<AlertRecord>> all = txn_.ListAlerts(-1);
    if (!all.ok()) return all.status();
    std::vector<std::pair<std::string, std::string>> rows;
    for (const AlertRecord& a : *all) {
      if (a.id > genesis_.alerts) rows.emplace_back("alert " + std::to_string(a.id), AlertDigest(a));
    }
    Match(audit_kind::kAlert, rows, "the outbox's");
    return Status::Ok();
  }

  void Checkpoints(const std::vector<AuditCheckpoint>& checkpoints) {
    for (const AuditCheckpoint& c : checkpoints) {
      std::string name = "checkpoint of entry " + std::to_string(c.seq) + " (" + FormatInstantUtc(c.at) + ")";
      const std::string& trusted_key = report_.trusted_key;
      if (!trusted_key.empty() && c.public_key != trusted_key) {
        Problem(name + " is signed by key " + c.public_key.substr(0, 16) + "…, not the service's key");
        continue;
      }
      if (!VerifyEd25519(c.public_key, CheckpointMessage(c.seq, c.hash, c.at), c.signature)) {
        Problem(name + ": the signature does not hold: the checkpoint was changed");
        continue;
      }
      auto it = pinned_hash_.find(c.seq);
      if (it == pinned_hash_.end()) {
        Problem(name + ": the log ends at entry " + std::to_string(report_.head_seq) +
                ", before the signed head: entries were cut off its end");
      } else if (it->second != c.hash) {
        Problem(name + ": entry " + std::to_string(c.seq) + " is not the one signed: the log was rewritten");
      } else {
        ++report_.checkpoints;
      }
    }
  }

  StoreTransaction& txn_;
  AuditGenesis genesis_;
  AuditReport& report_;
  std::vector<HistoryRecord> history_;
  std::size_t history_at_ = 0;
  std::int64_t history_after_ = 0;
  std::unordered_map<InstanceId, std::string> case_tip_;
  std::map<std::string, std::vector<AuditEntry>> vouched_;
  std::unordered_map<std::string, std::pair<std::int64_t, std::string>> sealed_;   // "case N" -> last seal
  std::map<std::int64_t, std::string> pinned_hash_;
};

}  // namespace

Result<AuditReport> Engine::VerifyAudit(const Actor* actor, const std::string& trusted_key) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  if (actor != nullptr) {
    Result<const User*> admin = CommandScope(*this, **txn).admin(*actor, "verify the audit log");
    if (!admin.ok()) return admin.status();
  }
  Result<AuditGenesis> genesis = (*txn)->AuditGenesisOf();
  if (!genesis.ok()) return genesis.status();
  Result<std::vector<AuditCheckpoint>> checkpoints = (*txn)->Checkpoints();
  if (!checkpoints.ok()) return checkpoints.status();
  AuditReport report;
  report.trusted_key = trusted_key;
  Verifier verifier(**txn, *genesis, report);
  KRABUAN_RETURN_IF_ERROR(verifier.Run(*checkpoints));
  return report;
}

Result<std::optional<AuditCheckpoint>> Engine::SignAuditHead(AuditSigner& signer) {
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  Result<AuditEntry> head = (*txn)->LastAuditEntry();
  if (!head.ok()) return head.status();
  if (head->seq == 0) return std::optional<AuditCheckpoint>();
  Result<std::vector<AuditCheckpoint>> earlier = (*txn)->Checkpoints();
  if (!earlier.ok()) return earlier.status();
  if (!earlier->empty() && earlier->back().seq == head->seq && earlier->back().public_key == signer.PublicKeyHex()) {
    return std::optional<AuditCheckpoint>();   // signed already
  }
  AuditCheckpoint c{head->seq, head->hash, clock_.Now(), signer.PublicKeyHex(), ""};
  Result<std::string> signature = signer.SignHex(CheckpointMessage(c.seq, c.hash, c.at));
  if (!signature.ok()) return signature.status();
  c.signature = *signature;
  KRABUAN_RETURN_IF_ERROR((*txn)->AppendCheckpoint(c));
  KRABUAN_RETURN_IF_ERROR(CommitSealed(**txn, clock_.Now()));
  return std::optional<AuditCheckpoint>(c);
}

}  // namespace krabuan

namespace krabuan {
namespace {

bool InPeriod(Instant at, const std::optional<Instant>& from, const std::optional<Instant>& to) {
  return (!from || at >= *from) && (!to || at < *to);
}

}  // namespace

Result<AuditExport> Engine::ExportAudit(const Actor* actor, std::optional<Instant> from, std::optional<Instant> to,
                                        const std::string& public_key) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  if (actor != nullptr) {
    Result<const User*> admin = CommandScope(*this, **txn).admin(*actor, "export the audit log");
    if (!admin.ok()) return admin.status();
  }
  Result<AuditGenesis> genesis = (*txn)->AuditGenesisOf();
  if (!genesis.ok()) return genesis.status();
  Result<std::vector<DefinitionRecord>> definitions = (*txn)->AllDefinitions();
  if (!definitions.ok()) return definitions.status();
  Result<std::vector<DocumentRecord>> documents = (*txn)->AllDocuments();
  if (!documents.ok()) return documents.status();
  std::erase_if(*definitions, [&](const DefinitionRecord& d) { return d.id <= genesis->definitions; });
  std::erase_if(*documents, [&](const DocumentRecord& d) { return d.id <= genesis->documents; });
  std::size_t next_definition = 0, next_document = 0;

  AuditExport out;
  out.public_key = public_key;
  std::unordered_map<InstanceId, std::string> case_tip;
  std::vector<HistoryRecord> page;
  std::size_t page_at = 0;
  std::int64_t history_after = 0;
  auto next_history = [&]() -> Result<std::optional<HistoryRecord>> {
    if (page_at >= page.size()) {
      Result<std::vector<HistoryRecord>> more = (*txn)->HistoryAfter(history_after, kPage);
      if (!more.ok()) return more.status();
      page = std::move(more.value());
      page_at = 0;
      if (page.empty()) return std::optional<HistoryRecord>();
    }
    HistoryRecord h = std::move(page[page_at++]);
    history_after = h.id;
    std::string& tip = case_tip[h.instance_id];
    h.prev_hash = tip;
    tip = h.hash;
    return std::optional<HistoryRecord>(std::move(h));
  };
  while (history_after < genesis->history) {   // rows older than the log: only their chains' tips matter
    Result<std::optional<HistoryRecord>> h = next_history();
    if (!h.ok()) return h.status();
    if (!h->has_value()) break;
  }
  std::int64_t after = 0;
  std::string prev;
  bool started = false;
  for (;;) {
    Result<std::vector<AuditEntry>> entries = (*txn)->AuditEntries(after, kPage);
    if (!entries.ok()) return entries.status();
    if (entries->empty()) break;
    for (AuditEntry& e : *entries) {
      after = e.seq;
      bool inside = InPeriod(e.at, from, to);
      if (inside && !started) {
        out.first_prev_hash = prev;
        started = true;
      }
      prev = e.hash;
      if (e.kind == audit_kind::kHistory) {
        Result<std::optional<HistoryRecord>> h = next_history();
        if (!h.ok()) return h.status();
        if (inside && h->has_value()) out.history.push_back(std::move(**h));
      } else if (e.kind == audit_kind::kDefinition) {
        if (inside && next_definition < definitions->size()) out.definitions.push_back((*definitions)[next_definition]);
        ++next_definition;
      } else if (e.kind == audit_kind::kOrg || e.kind == audit_kind::kHolidays) {
        if (inside && next_document < documents->size()) out.documents.push_back((*documents)[next_document]);
        ++next_document;
      }
      if (inside) {
        e.prev_hash.clear();
        out.entries.push_back(std::move(e));
      }
    }
  }
  Result<std::vector<AuditCheckpoint>> checkpoints = (*txn)->Checkpoints();
  if (!checkpoints.ok()) return checkpoints.status();
  if (!out.entries.empty()) {
    for (const AuditCheckpoint& c : *checkpoints) {
      if (c.seq >= out.entries.front().seq && c.seq <= out.entries.back().seq) out.checkpoints.push_back(c);
    }
  }
  return out;
}

AuditReport VerifyAuditExport(const AuditExport& file, const std::string& trusted_key) {
  AuditReport report;
  auto problem = [&](std::string text) {
    report.holds = false;
    if (report.problems.size() < kMaxProblems) report.problems.push_back(std::move(text));
  };
  report.trusted_key = trusted_key;
  const std::string key = trusted_key.empty() ? file.public_key : trusted_key;
  std::string prev = file.first_prev_hash;
  std::int64_t expected = file.entries.empty() ? 0 : file.entries.front().seq;
  std::map<std::int64_t, std::string> hashes;
  std::size_t history = 0, definitions = 0, documents = 0;
  std::set<InstanceId> cases;
  for (AuditEntry e : file.entries) {
    ++report.entries;
    if (e.seq != expected) problem("entry " + std::to_string(expected) + " is missing from the export");
    expected = e.seq + 1;
    std::string stored = e.hash;
    e.prev_hash = prev;
    if (AuditHash(e) != stored) problem("entry " + std::to_string(e.seq) + " (" + e.kind + ", " + e.subject +
                                        ") does not match its hash: it, or the entry before it, was changed");
    prev = stored;
    hashes[e.seq] = stored;
    if (e.kind == audit_kind::kHistory) {
      if (history >= file.history.size()) {
        problem("entry " + std::to_string(e.seq) + " vouches for a history row the export does not hold");
        continue;
      }
      const HistoryRecord& h = file.history[history++];
      ++report.history_rows;
      cases.insert(h.instance_id);
      if (HistoryHash(h) != h.hash || h.hash != e.digest || e.subject != "case " + std::to_string(h.instance_id)) {
        problem("history row " + std::to_string(h.id) + " of case " + std::to_string(h.instance_id) +
                " is not the row entry " + std::to_string(e.seq) + " vouches for");
      }
    } else if (e.kind == audit_kind::kDefinition) {
      if (definitions >= file.definitions.size()) continue;
      const DefinitionRecord& d = file.definitions[definitions++];
      ++report.definitions;
      if (Sha256Hex(d.source) != e.digest) {
        problem("definition " + d.process_id + " v" + std::to_string(d.version) + " is not the file entry " +
                std::to_string(e.seq) + " vouches for");
      }
    } else if (e.kind == audit_kind::kOrg || e.kind == audit_kind::kHolidays) {
      if (documents >= file.documents.size()) continue;
      const DocumentRecord& d = file.documents[documents++];
      ++report.documents;
      if (Sha256Hex(d.source) != e.digest) {
        problem(std::string(e.kind) + " document " + d.file + " is not the file entry " + std::to_string(e.seq) +
                " vouches for");
      }
    }
  }
  if (history < file.history.size()) problem("the export holds history rows no entry vouches for");
  report.cases = static_cast<std::int64_t>(cases.size());
  report.head_seq = file.entries.empty() ? 0 : file.entries.back().seq;
  report.head_hash = prev;
  for (const AuditCheckpoint& c : file.checkpoints) {
    std::string name = "checkpoint of entry " + std::to_string(c.seq);
    if (!key.empty() && c.public_key != key) {
      problem(name + " is signed by another key than " + (trusted_key.empty() ? "the export's" : "the trusted one"));
    } else if (!VerifyEd25519(c.public_key, CheckpointMessage(c.seq, c.hash, c.at), c.signature)) {
      problem(name + ": the signature does not hold");
    } else if (!hashes.contains(c.seq) || hashes[c.seq] != c.hash) {
      problem(name + ": entry " + std::to_string(c.seq) + " is not the one signed");
    } else {
      ++report.checkpoints;
    }
  }
  return report;
}

}  // namespace krabuan
