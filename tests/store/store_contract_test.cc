// The store contract (engine/store/*.h) checked through the interface alone, for every
// store in store_factories.h: what each method returns when nothing matches, the order
// of its rows, how ids are given, which fields an insert or update ignores, paging and
// totals, and what a read transaction and a savepoint do.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <set>

#include "tests/store/store_factories.h"

namespace krabuan::storetest {
namespace {

Instant T(std::int64_t seconds) { return Instant{std::chrono::seconds{1'750'000'000 + seconds}}; }

std::string Hash(char c) { return std::string(64, c); }

class StoreContract : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("krabuan-contract-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
    Result<std::unique_ptr<Store>> s = GetParam().make(dir_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(s.value());
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::unique_ptr<StoreTransaction> Write() {
    Result<std::unique_ptr<StoreTransaction>> t = store_->BeginWrite();
    EXPECT_TRUE(t.ok()) << t.status().message();
    return t.ok() ? std::move(t.value()) : nullptr;
  }
  std::unique_ptr<StoreTransaction> Read() {
    Result<std::unique_ptr<StoreTransaction>> t = store_->BeginRead();
    EXPECT_TRUE(t.ok()) << t.status().message();
    return t.ok() ? std::move(t.value()) : nullptr;
  }

  static DefinitionRecord Definition(const std::string& process, int version) {
    DefinitionRecord d;
    d.process_id = process;
    d.version = version;
    d.name = "กระบวนงาน " + process;
    d.hash = "h" + std::to_string(version);
    d.source = "<process id='" + process + "'/>";
    d.file = process + ".xml";
    d.deployed_at = T(version);
    d.deployed_by = "admin";
    d.findings = version % 2 ? "" : "a finding";
    d.forced = version % 2 == 0;
    return d;
  }
  static InstanceRecord Instance(DefinitionId def, const std::string& process, const std::string& key = "") {
    InstanceRecord i;
    i.definition_id = def;
    i.process_id = process;
    i.version = 1;
    i.business_key = key;
    i.started_at = T(10);
    i.started_by = "clerk";
    return i;
  }
  static TaskRecord Task(InstanceId instance, const std::string& role, const std::string& assignee,
                         std::optional<Instant> due = std::nullopt) {
    TaskRecord t;
    t.instance_id = instance;
    t.token_id = 1;
    t.process_id = "p";
    t.node_id = "n";
    t.name = "งาน";
    t.role = role;
    t.assignee = assignee;
    t.created_at = T(20);
    t.due_at = due;
    return t;
  }
  static TimerRecord Timer(InstanceId instance, Instant due, TimerKind kind = TimerKind::kWait) {
    TimerRecord t;
    t.instance_id = instance;
    t.due_at = due;
    t.kind = kind;
    t.token_id = 3;
    t.node_id = "wait";
    return t;
  }
  static HistoryRecord History(InstanceId instance, const std::string& action, const std::string& hash) {
    HistoryRecord h;
    h.instance_id = instance;
    h.at = T(30);
    h.user = "clerk";
    h.role = "clerk";
    h.capacity = ActingCapacity::kMember;
    h.action = action;
    h.node_id = "n";
    h.task_id = 4;
    h.detail = "{}";
    h.comment = "ความเห็น";
    h.hash = hash;
    return h;
  }

  // A definition of process "p" and one running instance of it, committed.
  InstanceId OneInstance() {
    auto t = Write();
    DefinitionId def = *t->InsertDefinition(Definition("p", 1));
    InstanceId id = *t->InsertInstance(Instance(def, "p"));
    EXPECT_TRUE(t->Commit().ok());
    return id;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

template <typename T>
std::vector<std::int64_t> Ids(const std::vector<T>& rows) {
  std::vector<std::int64_t> ids;
  for (const T& r : rows) ids.push_back(r.id);
  return ids;
}

// ---- Transactions ---------------------------------------------------------------------

TEST_P(StoreContract, CommittedWritesAreSeenAndUncommittedOnesRollBack) {
  {
    auto t = Write();
    ASSERT_TRUE(t->InsertDefinition(Definition("kept", 1)).ok());
    EXPECT_TRUE(t->LatestDefinition("kept")->has_value());   // a writer reads its own writes
    ASSERT_TRUE(t->Commit().ok());
  }
  {
    auto t = Write();
    ASSERT_TRUE(t->InsertDefinition(Definition("dropped", 1)).ok());
  }   // destroyed without Commit
  auto r = Read();
  EXPECT_TRUE(r->LatestDefinition("kept")->has_value());
  EXPECT_FALSE(r->LatestDefinition("dropped")->has_value());
  EXPECT_TRUE(r->Commit().ok());   // a reader's Commit just ends it
}

TEST_P(StoreContract, AReadTransactionRefusesEveryWriteAndChangesNothing) {
  InstanceId inst = OneInstance();
  auto r = Read();
  const std::vector<std::pair<std::string, std::function<Status()>>> writes = {
      {"InsertDefinition", [&] { return r->InsertDefinition(Definition("q", 1)).status(); }},
      {"InsertDocument", [&] { return r->InsertDocument(DocumentRecord{}); }},
      {"InsertInstance", [&] { return r->InsertInstance(Instance(1, "p")).status(); }},
      {"UpdateInstance", [&] { return r->UpdateInstance(*r->FindInstance(inst).value()); }},
      {"InsertToken", [&] { return r->InsertToken(TokenRecord{0, inst, "n", ""}).status(); }},
      {"DeleteToken", [&] { return r->DeleteToken(1); }},
      {"SetVariable", [&] { return r->SetVariable(inst, "x", Value::Int(1)); }},
      {"AppendHistory", [&] { return r->AppendHistory(History(inst, "a", Hash('a'))); }},
      {"InsertTask", [&] { return r->InsertTask(Task(inst, "clerk", "")).status(); }},
      {"UpdateTask", [&] { return r->UpdateTask(Task(inst, "clerk", "")); }},
      {"InsertTimer", [&] { return r->InsertTimer(Timer(inst, T(0))).status(); }},
      {"DeleteTimer", [&] { return r->DeleteTimer(1); }},
      {"DeleteTimersOfToken", [&] { return r->DeleteTimersOfToken(inst, 1); }},
      {"DeleteTimersOfInstance", [&] { return r->DeleteTimersOfInstance(inst); }},
      {"DeleteTimersAt", [&] { return r->DeleteTimersAt(inst, TimerKind::kWait, "n"); }},
      {"MarkTimerFailed", [&] { return r->MarkTimerFailed(1, "x"); }},
      {"DeleteTimersOfTask", [&] { return r->DeleteTimersOfTask(inst, 1); }},
      {"RearmTimer", [&] { return r->RearmTimer(1); }},
      {"WriteDaemon", [&] { return r->WriteDaemon(DaemonRecord{}); }},
      {"DeleteRecurTimer", [&] { return r->DeleteRecurTimer("p"); }},
      {"RecordOccurrence", [&] { return r->RecordOccurrence("p", T(0), 0); }},
      {"InsertAbsence", [&] { return r->InsertAbsence(AbsenceRecord{}).status(); }},
      {"CancelAbsence", [&] { return r->CancelAbsence(1, "admin", T(0)); }},
      {"InsertApiToken", [&] { return r->InsertApiToken(ApiTokenRecord{}).status(); }},
      {"SetApiTokenHash", [&] { return r->SetApiTokenHash(1, "x"); }},
      {"RevokeApiToken", [&] { return r->RevokeApiToken(1, "admin", T(0)); }},
      {"InsertAlert", [&] { return r->InsertAlert(AlertRecord{}).status(); }},
      {"EnqueueDeliveries", [&] { return r->EnqueueDeliveries("log", T(0)); }},
      {"UpdateDelivery", [&] { return r->UpdateDelivery(DeliveryRecord{}); }},
      {"Savepoint", [&] { return r->Savepoint(); }},
      {"ReleaseSavepoint", [&] { return r->ReleaseSavepoint(); }},
      {"RollbackToSavepoint", [&] { return r->RollbackToSavepoint(); }},
  };
  for (const auto& [name, write] : writes) {
    Status s = write();
    EXPECT_EQ(s.kind(), ErrorKind::kInternal) << name << ": " << s.message();
  }
  EXPECT_EQ(r->ListInstances({}, 0)->total, 1);
  EXPECT_TRUE(r->TokensOf(inst)->empty());
  EXPECT_TRUE(r->VariablesOf(inst)->empty());
  EXPECT_TRUE(r->HistoryOf(inst)->empty());
  EXPECT_EQ(r->CountTimers()->pending, 0);
  EXPECT_EQ(r->CountAlerts().value(), 0);
  EXPECT_FALSE(r->ReadDaemon()->has_value());
}

TEST_P(StoreContract, OneTransactionAtATime) {
  {
    auto w = Write();
    EXPECT_FALSE(store_->BeginWrite().ok());
    EXPECT_FALSE(store_->BeginRead().ok());
  }
  {
    auto r = Read();
    EXPECT_FALSE(store_->BeginWrite().ok());
    EXPECT_FALSE(store_->BeginRead().ok());
  }
  EXPECT_NE(Write(), nullptr);   // each ended: the next begins
}

TEST_P(StoreContract, SavepointsNestAndARollbackKeepsTheSavepointOpen) {
  InstanceId inst = OneInstance();
  auto t = Write();
  EXPECT_FALSE(t->ReleaseSavepoint().ok());        // none open
  EXPECT_FALSE(t->RollbackToSavepoint().ok());
  ASSERT_TRUE(t->SetVariable(inst, "before", Value::Int(0)).ok());
  ASSERT_TRUE(t->Savepoint().ok());
  ASSERT_TRUE(t->SetVariable(inst, "outer", Value::Int(1)).ok());
  ASSERT_TRUE(t->Savepoint().ok());
  ASSERT_TRUE(t->SetVariable(inst, "inner", Value::Int(2)).ok());
  ASSERT_TRUE(t->SetVariable(inst, "before", Value::Int(9)).ok());
  ASSERT_TRUE(t->RollbackToSavepoint().ok());      // undoes the inner step only
  EXPECT_EQ(t->VariablesOf(inst)->count("inner"), 0u);
  EXPECT_EQ(t->VariablesOf(inst)->at("before"), Value::Int(0));
  ASSERT_TRUE(t->SetVariable(inst, "again", Value::Int(3)).ok());   // still inside the inner one
  ASSERT_TRUE(t->RollbackToSavepoint().ok());
  EXPECT_EQ(t->VariablesOf(inst)->count("again"), 0u);
  ASSERT_TRUE(t->ReleaseSavepoint().ok());         // the inner one
  EXPECT_EQ(t->VariablesOf(inst)->count("outer"), 1u);
  ASSERT_TRUE(t->SetVariable(inst, "kept", Value::Int(4)).ok());
  ASSERT_TRUE(t->ReleaseSavepoint().ok());         // the outer one: its writes stay
  EXPECT_FALSE(t->ReleaseSavepoint().ok());
  ASSERT_TRUE(t->Savepoint().ok());                // left open: Commit keeps its writes
  ASSERT_TRUE(t->SetVariable(inst, "open", Value::Int(5)).ok());
  ASSERT_TRUE(t->Commit().ok());
  t.reset();
  VariableMap vars = *Read()->VariablesOf(inst);
  std::vector<std::string> names;
  for (const auto& [name, value] : vars) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"before", "kept", "open", "outer"}));
}

TEST_P(StoreContract, AReleasedSavepointIsStillUndoneWithItsTransaction) {
  InstanceId inst = OneInstance();
  {
    auto t = Write();
    ASSERT_TRUE(t->Savepoint().ok());
    ASSERT_TRUE(t->SetVariable(inst, "x", Value::Int(1)).ok());
    ASSERT_TRUE(t->ReleaseSavepoint().ok());
  }
  EXPECT_TRUE(Read()->VariablesOf(inst)->empty());
}

TEST_P(StoreContract, AFailedCallChangesNothingAndTheTransactionGoesOn) {
  auto t = Write();
  ASSERT_TRUE(t->InsertDefinition(Definition("p", 1)).ok());
  Result<DefinitionId> twice = t->InsertDefinition(Definition("p", 1));
  EXPECT_EQ(twice.status().kind(), ErrorKind::kConflict);
  ASSERT_TRUE(t->InsertDefinition(Definition("p", 2)).ok());
  ASSERT_TRUE(t->Commit().ok());
  t.reset();
  EXPECT_EQ(Read()->LatestDefinitions()->size(), 1u);
  EXPECT_EQ(Read()->LatestDefinition("p").value()->version, 2);
}

// ---- Definitions and documents --------------------------------------------------------

TEST_P(StoreContract, DefinitionsAreFoundByProcessAndIdAndListedByProcess) {
  auto t = Write();
  EXPECT_FALSE(t->LatestDefinition("p")->has_value());
  EXPECT_TRUE(t->LatestDefinitions()->empty());
  EXPECT_EQ(t->DefinitionById(1).status().kind(), ErrorKind::kNotFound);
  DefinitionRecord p2 = Definition("p", 2);
  p2.id = 999;   // ignored
  DefinitionId b1 = *t->InsertDefinition(Definition("b", 1));
  DefinitionId p2id = *t->InsertDefinition(p2);
  DefinitionId p1id = *t->InsertDefinition(Definition("p", 1));
  EXPECT_GT(b1, 0);
  EXPECT_GT(p2id, b1);
  EXPECT_GT(p1id, p2id);
  Result<DefinitionRecord> read = t->DefinitionById(p2id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->id, p2id);
  EXPECT_EQ(read->process_id, "p");
  EXPECT_EQ(read->version, 2);
  EXPECT_EQ(read->name, p2.name);
  EXPECT_EQ(read->hash, p2.hash);
  EXPECT_EQ(read->source, p2.source);
  EXPECT_EQ(read->file, p2.file);
  EXPECT_EQ(read->deployed_at, p2.deployed_at);
  EXPECT_EQ(read->deployed_by, p2.deployed_by);
  EXPECT_TRUE(read->forced);
  EXPECT_EQ(read->findings, "a finding");
  EXPECT_EQ(t->LatestDefinition("p").value()->id, p2id);   // the highest version, not the newest row
  std::vector<DefinitionRecord> latest = *t->LatestDefinitions();
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest[0].process_id, "b");
  EXPECT_EQ(latest[1].id, p2id);
  EXPECT_EQ(latest[1].source, p2.source);
}

TEST_P(StoreContract, ProcessesAreListedWithRunningCountsAndTheirNextStart) {
  auto t = Write();
  Page<ProcessSummary> none = *t->ListProcesses(0);
  EXPECT_TRUE(none.rows.empty());
  EXPECT_EQ(none.total, 0);
  DefinitionId c1 = *t->InsertDefinition(Definition("c", 1));
  DefinitionId c2 = *t->InsertDefinition(Definition("c", 2));
  DefinitionId a1 = *t->InsertDefinition(Definition("a", 1));
  ASSERT_TRUE(t->InsertDefinition(Definition("b", 1)).ok());
  ASSERT_TRUE(t->InsertInstance(Instance(c1, "c")).ok());   // an older version's: counted
  ASSERT_TRUE(t->InsertInstance(Instance(c2, "c")).ok());
  InstanceRecord done = Instance(c2, "c");
  done.state = InstanceState::kCompleted;
  ASSERT_TRUE(t->InsertInstance(done).ok());
  TimerRecord recur;
  recur.kind = TimerKind::kRecur;
  recur.process_id = "c";
  recur.due_at = T(100);
  std::int64_t recur_id = *t->InsertTimer(recur);
  ASSERT_TRUE(t->MarkTimerFailed(recur_id, "no key").ok());

  Page<ProcessSummary> all = *t->ListProcesses(0);
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_EQ(all.total, 3);
  EXPECT_EQ(all.rows[0].definition.id, a1);
  EXPECT_EQ(all.rows[1].definition.process_id, "b");
  const ProcessSummary& c = all.rows[2];
  EXPECT_EQ(c.definition.id, c2);
  EXPECT_EQ(c.definition.version, 2);
  EXPECT_EQ(c.definition.hash, "h2");
  EXPECT_EQ(c.definition.source, "");   // listed without its source
  EXPECT_EQ(c.running, 2);
  ASSERT_TRUE(c.next_start.has_value());
  EXPECT_EQ(c.next_start->id, recur_id);
  EXPECT_EQ(c.next_start->due_at, T(100));
  EXPECT_EQ(c.next_start->kind, TimerKind::kRecur);
  EXPECT_EQ(c.next_start->error, "no key");
  EXPECT_EQ(c.next_start->process_id, "c");
  EXPECT_FALSE(all.rows[0].next_start.has_value());
  EXPECT_EQ(all.rows[0].running, 0);
  Page<ProcessSummary> page = *t->ListProcesses(2);
  ASSERT_EQ(page.rows.size(), 2u);
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(page.more(), 1);
  EXPECT_EQ(page.rows[1].definition.process_id, "b");
}

TEST_P(StoreContract, TheNewestDocumentOfEachKindIsTheLatest) {
  auto t = Write();
  EXPECT_FALSE(t->LatestDocument(DocumentKind::kOrg)->has_value());
  EXPECT_EQ(*t->LatestDocumentId(DocumentKind::kOrg), 0);
  DocumentRecord org{77, DocumentKind::kOrg, "h1", "<org/>", "org.xml", T(1), "admin"};
  ASSERT_TRUE(t->InsertDocument(org).ok());
  std::int64_t first = *t->LatestDocumentId(DocumentKind::kOrg);
  EXPECT_GT(first, 0);
  EXPECT_EQ(*t->LatestDocumentId(DocumentKind::kHolidays), 0);
  ASSERT_TRUE(t->InsertDocument({0, DocumentKind::kHolidays, "h", "<holidays/>", "h.xml", T(2), "admin"}).ok());
  ASSERT_TRUE(t->InsertDocument({0, DocumentKind::kOrg, "h2", "<org v='2'/>", "org2.xml", T(3), "boss"}).ok());
  std::int64_t second = *t->LatestDocumentId(DocumentKind::kOrg);
  EXPECT_GT(second, first);
  std::optional<DocumentRecord> latest = *t->LatestDocument(DocumentKind::kOrg);
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->id, second);
  EXPECT_EQ(latest->kind, DocumentKind::kOrg);
  EXPECT_EQ(latest->hash, "h2");
  EXPECT_EQ(latest->source, "<org v='2'/>");
  EXPECT_EQ(latest->file, "org2.xml");
  EXPECT_EQ(latest->deployed_at, T(3));
  EXPECT_EQ(latest->deployed_by, "boss");
  EXPECT_EQ(t->LatestDocument(DocumentKind::kHolidays).value()->source, "<holidays/>");
}

// ---- Instances, tokens, variables, history --------------------------------------------

TEST_P(StoreContract, InstancesKeepTheirFieldsAndAnUpdateChangesOnlyItsEnd) {
  auto t = Write();
  EXPECT_FALSE(t->FindInstance(1)->has_value());
  EXPECT_EQ(t->InsertInstance(Instance(42, "p")).status().kind(), ErrorKind::kConflict);   // no definition 42
  DefinitionId def = *t->InsertDefinition(Definition("p", 1));
  InstanceRecord in = Instance(def, "p", "กรณี ๑");
  in.id = 500;   // ignored
  in.ended_at = T(11);
  in.end_reason = "r";
  InstanceId a = *t->InsertInstance(in);
  InstanceId b = *t->InsertInstance(Instance(def, "p"));
  EXPECT_GT(a, 0);
  EXPECT_GT(b, a);
  InstanceRecord read = t->FindInstance(a).value().value();
  EXPECT_EQ(read.id, a);
  EXPECT_EQ(read.definition_id, def);
  EXPECT_EQ(read.process_id, "p");
  EXPECT_EQ(read.version, 1);
  EXPECT_EQ(read.business_key, "กรณี ๑");
  EXPECT_EQ(read.state, InstanceState::kRunning);
  EXPECT_EQ(read.started_at, T(10));
  EXPECT_EQ(read.started_by, "clerk");
  EXPECT_EQ(read.ended_at, T(11));
  EXPECT_EQ(read.end_reason, "r");

  InstanceRecord changed = read;
  changed.state = InstanceState::kCancelled;
  changed.ended_at = T(12);
  changed.end_reason = "ยกเลิก";
  changed.business_key = "other";   // ignored, as are the definition and the start
  changed.started_by = "nobody";
  changed.definition_id = 0;
  ASSERT_TRUE(t->UpdateInstance(changed).ok());
  InstanceRecord after = t->FindInstance(a).value().value();
  EXPECT_EQ(after.state, InstanceState::kCancelled);
  EXPECT_EQ(after.ended_at, T(12));
  EXPECT_EQ(after.end_reason, "ยกเลิก");
  EXPECT_EQ(after.business_key, "กรณี ๑");
  EXPECT_EQ(after.started_by, "clerk");
  EXPECT_EQ(after.definition_id, def);
  changed.id = 12345;
  EXPECT_TRUE(t->UpdateInstance(changed).ok());   // no such instance: nothing happens
  EXPECT_FALSE(t->FindInstance(12345)->has_value());
}

TEST_P(StoreContract, ARunningBusinessKeyIsUniqueWithinItsProcess) {
  auto t = Write();
  DefinitionId p = *t->InsertDefinition(Definition("p", 1));
  DefinitionId q = *t->InsertDefinition(Definition("q", 1));
  EXPECT_FALSE(*t->RunningKeyExists("p", ""));
  ASSERT_TRUE(t->InsertInstance(Instance(p, "p")).ok());
  ASSERT_TRUE(t->InsertInstance(Instance(p, "p")).ok());   // "" is no key: any number
  EXPECT_FALSE(*t->RunningKeyExists("p", ""));
  InstanceId first = *t->InsertInstance(Instance(p, "p", "k"));
  EXPECT_TRUE(*t->RunningKeyExists("p", "k"));
  EXPECT_FALSE(*t->RunningKeyExists("q", "k"));
  EXPECT_EQ(t->InsertInstance(Instance(p, "p", "k")).status().kind(), ErrorKind::kConflict);
  ASSERT_TRUE(t->InsertInstance(Instance(q, "q", "k")).ok());   // another process's
  InstanceRecord ended = t->FindInstance(first).value().value();
  ended.state = InstanceState::kCompleted;
  ASSERT_TRUE(t->UpdateInstance(ended).ok());
  EXPECT_FALSE(*t->RunningKeyExists("p", "k"));
  InstanceId second = *t->InsertInstance(Instance(p, "p", "k"));   // free again
  EXPECT_TRUE(*t->RunningKeyExists("p", "k"));
  ended.state = InstanceState::kRunning;   // back to running beside `second`
  EXPECT_EQ(t->UpdateInstance(ended).kind(), ErrorKind::kConflict);
  EXPECT_EQ(t->FindInstance(first).value()->state, InstanceState::kCompleted);
  EXPECT_EQ(t->FindInstance(second).value()->state, InstanceState::kRunning);
}

TEST_P(StoreContract, InstancesAreListedByIdWithTheTotalOfEveryMatch) {
  auto t = Write();
  Page<InstanceRecord> empty = *t->ListInstances({}, 10);
  EXPECT_TRUE(empty.rows.empty());
  EXPECT_EQ(empty.total, 0);
  DefinitionId p = *t->InsertDefinition(Definition("p", 1));
  DefinitionId q = *t->InsertDefinition(Definition("q", 1));
  std::vector<InstanceId> ps, running;
  for (int i = 0; i < 5; ++i) {
    InstanceRecord r = Instance(i % 2 ? q : p, i % 2 ? "q" : "p");
    if (i == 2) r.state = InstanceState::kCompleted;
    InstanceId id = *t->InsertInstance(r);
    if (i % 2 == 0) ps.push_back(id);
    if (i != 2) running.push_back(id);
  }
  Page<InstanceRecord> all = *t->ListInstances({}, 0);
  EXPECT_EQ(all.rows.size(), 5u);
  EXPECT_EQ(all.total, 5);
  EXPECT_TRUE(std::is_sorted(all.rows.begin(), all.rows.end(), [](auto& a, auto& b) { return a.id < b.id; }));
  Page<InstanceRecord> of_p = *t->ListInstances({"p", std::nullopt}, -1);
  EXPECT_EQ(Ids(of_p.rows), ps);
  EXPECT_EQ(of_p.total, 3);
  Page<InstanceRecord> run = *t->ListInstances({"", InstanceState::kRunning}, 2);
  EXPECT_EQ(Ids(run.rows), (std::vector<std::int64_t>{running[0], running[1]}));
  EXPECT_EQ(run.total, 4);
  Page<InstanceRecord> run_p = *t->ListInstances({"p", InstanceState::kRunning}, 0);
  EXPECT_EQ(Ids(run_p.rows), (std::vector<std::int64_t>{ps[0], ps[2]}));
  EXPECT_EQ(run_p.total, 2);
  Page<InstanceRecord> none = *t->ListInstances({"nothing", std::nullopt}, 0);
  EXPECT_TRUE(none.rows.empty());
  EXPECT_EQ(none.total, 0);
}

TEST_P(StoreContract, AParticipantsCasesAreThoseWithItsItemsOrTasksAssignedToIt) {
  auto t = Write();
  DefinitionId p = *t->InsertDefinition(Definition("p", 1));
  InstanceId item_case = *t->InsertInstance(Instance(p, "p"));
  InstanceId assigned_case = *t->InsertInstance(Instance(p, "p"));
  InstanceId other_case = *t->InsertInstance(Instance(p, "p"));
  TaskRecord item = Task(item_case, "school", "school-01");
  item.item = "school-01";
  item.state = TaskState::kCompleted;   // taking part does not end with the task
  ASSERT_TRUE(t->InsertTask(item).ok());
  ASSERT_TRUE(t->InsertTask(Task(assigned_case, "school", "school-01")).ok());
  TaskRecord others = Task(other_case, "school", "school-02");
  others.item = "school-02";
  ASSERT_TRUE(t->InsertTask(others).ok());
  ASSERT_TRUE(t->InsertTask(Task(other_case, "clerk", "")).ok());
  InstanceQuery q;
  q.participant = "school-01";
  Page<InstanceRecord> mine = *t->ListInstances(q, 0);
  EXPECT_EQ(Ids(mine.rows), (std::vector<std::int64_t>{item_case, assigned_case}));
  EXPECT_EQ(mine.total, 2);
  q.participant = "school-03";
  EXPECT_EQ(t->ListInstances(q, 0)->total, 0);
}

TEST_P(StoreContract, TokenIdsAscendAndAreNeverGivenAgain) {
  InstanceId inst = OneInstance();
  auto t = Write();
  EXPECT_TRUE(t->TokensOf(inst)->empty());
  EXPECT_TRUE(t->TokensOf(999)->empty());
  EXPECT_EQ(t->InsertToken(TokenRecord{0, 999, "n", ""}).status().kind(), ErrorKind::kConflict);
  TokenId a = *t->InsertToken(TokenRecord{70, inst, "a", "start"});
  TokenId b = *t->InsertToken(TokenRecord{0, inst, "b", ""});
  EXPECT_GT(a, 0);
  EXPECT_GT(b, a);
  std::vector<TokenRecord> tokens = *t->TokensOf(inst);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].id, a);
  EXPECT_EQ(tokens[0].instance_id, inst);
  EXPECT_EQ(tokens[0].node_id, "a");
  EXPECT_EQ(tokens[0].arrived_from, "start");
  EXPECT_EQ(tokens[1].id, b);
  ASSERT_TRUE(t->DeleteToken(b).ok());
  ASSERT_TRUE(t->DeleteToken(b).ok());   // idempotent
  ASSERT_TRUE(t->Commit().ok());
  t.reset();
  t = Write();
  TokenId c = *t->InsertToken(TokenRecord{0, inst, "c", ""});   // the newest was deleted: its id is not reused
  EXPECT_GT(c, b);
  EXPECT_EQ(Ids(*t->TokensOf(inst)), (std::vector<std::int64_t>{a, c}));
}

TEST_P(StoreContract, VariablesKeepTheirTypesAndAreOverwritten) {
  InstanceId inst = OneInstance();
  auto t = Write();
  EXPECT_TRUE(t->VariablesOf(inst)->empty());
  EXPECT_EQ(t->SetVariable(999, "x", Value::Int(1)).kind(), ErrorKind::kConflict);
  ASSERT_TRUE(t->SetVariable(inst, "amount", Value::OfMoney({150000050})).ok());
  ASSERT_TRUE(t->SetVariable(inst, "fy", Value::OfFiscalYear({2568})).ok());
  ASSERT_TRUE(t->SetVariable(inst, "ok", Value::Bool(true)).ok());
  ASSERT_TRUE(t->SetVariable(inst, "n", Value::String("เห็นชอบ")).ok());
  ASSERT_TRUE(t->SetVariable(inst, "n", Value::Int(7)).ok());   // a new value and type
  VariableMap vars = *t->VariablesOf(inst);
  EXPECT_EQ(vars.size(), 4u);
  EXPECT_EQ(vars.at("amount"), Value::OfMoney({150000050}));
  EXPECT_EQ(vars.at("fy").as_fiscal_year().be, 2568);
  EXPECT_EQ(vars.at("ok"), Value::Bool(true));
  EXPECT_EQ(vars.at("n"), Value::Int(7));
}

TEST_P(StoreContract, HistoryChainsEachRowToTheInstancesRowBeforeIt) {
  InstanceId a = OneInstance();
  auto t = Write();
  InstanceId b = *t->InsertInstance(Instance(t->LatestDefinition("p").value()->id, "p"));
  EXPECT_FALSE(t->LastHistoryRow(a)->has_value());
  EXPECT_TRUE(t->HistoryOf(a)->empty());
  EXPECT_EQ(t->AppendHistory(History(999, "x", Hash('a'))).kind(), ErrorKind::kConflict);
  EXPECT_EQ(t->AppendHistory(History(a, "x", "abc")).kind(), ErrorKind::kInternal);          // not SHA-256
  EXPECT_EQ(t->AppendHistory(History(a, "x", Hash('g'))).kind(), ErrorKind::kInternal);      // not hex
  HistoryRecord first = History(a, "started", Hash('1'));
  first.id = 99;              // ignored
  first.prev_hash = "junk";   // ignored: the chain is the order of the rows
  ASSERT_TRUE(t->AppendHistory(first).ok());
  ASSERT_TRUE(t->AppendHistory(History(b, "started", Hash('b'))).ok());
  ASSERT_TRUE(t->AppendHistory(History(a, "task-created", Hash('C'))).ok());   // upper case: read as lower
  std::optional<HistoryRecord> tip = *t->LastHistoryRow(a);
  ASSERT_TRUE(tip.has_value());
  EXPECT_EQ(tip->action, "task-created");
  EXPECT_EQ(tip->hash, Hash('c'));
  EXPECT_EQ(tip->prev_hash, Hash('1'));   // the instance's row before it, not b's between them
  tip = *t->LastHistoryRow(b);
  ASSERT_TRUE(tip.has_value());
  EXPECT_EQ(tip->hash, Hash('b'));
  EXPECT_EQ(tip->prev_hash, "");
  std::vector<HistoryRecord> rows = *t->HistoryOf(a);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_GT(rows[0].id, 0);
  EXPECT_GT(rows[1].id, rows[0].id + 1);   // ids ascend across instances: b's row is between
  EXPECT_EQ(rows[0].instance_id, a);
  EXPECT_EQ(rows[0].at, T(30));
  EXPECT_EQ(rows[0].user, "clerk");
  EXPECT_EQ(rows[0].role, "clerk");
  EXPECT_EQ(rows[0].capacity, ActingCapacity::kMember);
  EXPECT_EQ(rows[0].action, "started");
  EXPECT_EQ(rows[0].node_id, "n");
  EXPECT_EQ(rows[0].task_id, 4);
  EXPECT_EQ(rows[0].detail, "{}");
  EXPECT_EQ(rows[0].comment, "ความเห็น");
  EXPECT_EQ(rows[0].prev_hash, "");
  EXPECT_EQ(rows[0].hash, Hash('1'));
  EXPECT_EQ(rows[1].action, "task-created");
  EXPECT_EQ(rows[1].prev_hash, Hash('1'));
  EXPECT_EQ(rows[1].hash, Hash('c'));
}

// ---- Tasks ----------------------------------------------------------------------------

TEST_P(StoreContract, TasksKeepTheirFieldsAndAnUpdateChangesOnlyTheMutableOnes) {
  InstanceId inst = OneInstance();
  auto t = Write();
  EXPECT_FALSE(t->FindTask(1)->has_value());
  EXPECT_EQ(t->InsertTask(Task(999, "clerk", "")).status().kind(), ErrorKind::kConflict);
  TaskRecord in = Task(inst, "clerk", "u1", T(40));
  in.id = 300;   // ignored
  in.token_id = 12345;   // not checked
  in.item = "school-a";
  in.outcome = "o";
  in.completed_at = T(41);
  in.completed_by = "c";
  in.escalated_to = "boss";
  in.acting_for = "p32";
  TaskId id = *t->InsertTask(in);
  TaskId next = *t->InsertTask(Task(inst, "clerk", ""));
  EXPECT_GT(id, 0);
  EXPECT_GT(next, id);
  TaskRecord read = t->FindTask(id).value().value();
  EXPECT_EQ(read.id, id);
  EXPECT_EQ(read.instance_id, inst);
  EXPECT_EQ(read.token_id, 12345);
  EXPECT_EQ(read.process_id, "p");
  EXPECT_EQ(read.node_id, "n");
  EXPECT_EQ(read.name, "งาน");
  EXPECT_EQ(read.role, "clerk");
  EXPECT_EQ(read.assignee, "u1");
  EXPECT_EQ(read.item, "school-a");
  EXPECT_EQ(read.state, TaskState::kOpen);
  EXPECT_EQ(read.outcome, "o");
  EXPECT_EQ(read.created_at, T(20));
  EXPECT_EQ(read.due_at, T(40));
  EXPECT_EQ(read.completed_at, T(41));
  EXPECT_EQ(read.completed_by, "c");
  EXPECT_EQ(read.escalated_to, "boss");
  EXPECT_EQ(read.acting_for, "p32");

  TaskRecord up = read;
  up.assignee = "u2";
  up.state = TaskState::kExpired;
  up.outcome = "approve";
  up.due_at = std::nullopt;
  up.completed_at = std::nullopt;
  up.completed_by = "u2";
  up.escalated_to = "";
  up.acting_for = "";
  up.instance_id = 0;   // these are ignored
  up.token_id = 1;
  up.process_id = "x";
  up.node_id = "x";
  up.name = "x";
  up.role = "x";
  up.item = "x";
  up.created_at = T(0);
  ASSERT_TRUE(t->UpdateTask(up).ok());
  TaskRecord after = t->FindTask(id).value().value();
  EXPECT_EQ(after.assignee, "u2");
  EXPECT_EQ(after.state, TaskState::kExpired);
  EXPECT_EQ(after.outcome, "approve");
  EXPECT_EQ(after.due_at, std::nullopt);
  EXPECT_EQ(after.completed_at, std::nullopt);
  EXPECT_EQ(after.completed_by, "u2");
  EXPECT_EQ(after.escalated_to, "");
  EXPECT_EQ(after.acting_for, "");
  EXPECT_EQ(after.instance_id, inst);
  EXPECT_EQ(after.token_id, 12345);
  EXPECT_EQ(after.process_id, "p");
  EXPECT_EQ(after.node_id, "n");
  EXPECT_EQ(after.name, "งาน");
  EXPECT_EQ(after.role, "clerk");
  EXPECT_EQ(after.item, "school-a");
  EXPECT_EQ(after.created_at, T(20));
  up.id = 9999;
  EXPECT_TRUE(t->UpdateTask(up).ok());   // no such task: nothing happens
  EXPECT_FALSE(t->FindTask(9999)->has_value());
}

// The ways a task comes to a user, each alone and together, and the filters on them.
TEST_P(StoreContract, TaskListingsHoldEachTaskThatComesToTheUserOnce) {
  InstanceId a = OneInstance();
  auto t = Write();
  InstanceId b = *t->InsertInstance(Instance(t->LatestDefinition("p").value()->id, "p", "ข"));
  auto add = [&](InstanceId inst, const std::string& role, const std::string& assignee, std::optional<Instant> due,
                 const std::string& item = "", const std::string& escalated = "") {
    TaskRecord r = Task(inst, role, assignee, due);
    r.item = item;
    r.escalated_to = escalated;
    return *t->InsertTask(r);
  };
  TaskId mine = add(a, "board", "u1", T(500));
  TaskId clerk_open = add(a, "clerk", "", T(300));
  TaskId clerk_taken = add(a, "clerk", "u2", T(100));
  TaskId school = add(b, "school", "u3", std::nullopt, "school-a");
  TaskId escalated = add(b, "board", "u2", T(200), "", "u1");
  TaskId principal_own = add(b, "director", "p32", T(400));
  TaskId principal_role = add(b, "director", "", std::nullopt);
  TaskId principal_item = add(b, "director", "p32", T(50), "school-b");   // an item's: not the stand-in's
  TaskId unclaimed_other = add(b, "finance", "", T(600));
  TaskId done = add(a, "clerk", "", T(10));
  TaskRecord closed = t->FindTask(done).value().value();
  closed.state = TaskState::kCompleted;
  ASSERT_TRUE(t->UpdateTask(closed).ok());

  auto ids = [&](const TaskQuery& q) { return Ids(*t->ListTasks(q)); };
  using V = std::vector<std::int64_t>;
  TaskQuery q;
  q.assignee = "u1";
  EXPECT_EQ(ids(q), (V{mine}));
  q.roles = {"clerk", "none"};
  EXPECT_EQ(ids(q), (V{mine, clerk_open}));
  q.recorded_roles = {"school"};
  EXPECT_EQ(ids(q), (V{mine, clerk_open, school}));
  q.escalated_to = "u1";
  EXPECT_EQ(ids(q), (V{mine, clerk_open, school, escalated}));
  q.principals = {{"p32", "director"}};
  EXPECT_EQ(ids(q), (V{mine, clerk_open, school, escalated, principal_own, principal_role}));
  TaskQuery overlapping;   // one task, several ways: listed once
  overlapping.assignee = "u2";
  overlapping.escalated_to = "u1";
  overlapping.recorded_roles = {"board"};   // escalated's item is "": not this way
  EXPECT_EQ(ids(overlapping), (V{clerk_taken, escalated}));
  overlapping.assignee = "u1";
  overlapping.roles = {"board"};
  EXPECT_EQ(ids(overlapping), (V{mine, escalated}));
  TaskQuery recorder;   // items of the roles recorded for; the user's own come by assignment
  recorder.assignee = "u3";
  recorder.recorded_roles = {"school", "director"};
  EXPECT_EQ(ids(recorder), (V{school, principal_item}));
  recorder.assignee = "someone";
  EXPECT_EQ(ids(recorder), (V{school, principal_item}));

  TaskQuery nobody;   // assignee "" is a way too: every unclaimed open task
  EXPECT_EQ(ids(nobody), (V{clerk_open, principal_role, unclaimed_other}));
  nobody.open_only = false;
  EXPECT_EQ(ids(nobody), (V{clerk_open, principal_role, unclaimed_other, done}));

  TaskQuery filtered = q;
  filtered.instance = b;
  EXPECT_EQ(ids(filtered), (V{school, escalated, principal_own, principal_role}));
  filtered.role = "director";
  EXPECT_EQ(ids(filtered), (V{principal_own, principal_role}));
  filtered.instance.reset();
  filtered.role.clear();
  filtered.due_before = T(400);   // strictly before; a task without a due is never before
  EXPECT_EQ(ids(filtered), (V{clerk_open, escalated}));
  filtered.due_before.reset();
  filtered.by_due = true;   // tasks without a due first, then by due, ties by id
  EXPECT_EQ(ids(filtered), (V{school, principal_role, escalated, clerk_open, principal_own, mine}));

  TaskQuery all;
  all.all = true;
  all.roles = {"nothing"};   // ignored
  all.assignee = "nobody";
  EXPECT_EQ(ids(all), (V{mine, clerk_open, clerk_taken, school, escalated, principal_own, principal_role,
                         principal_item, unclaimed_other}));
  all.open_only = false;
  all.instance = a;
  EXPECT_EQ(ids(all), (V{mine, clerk_open, clerk_taken, done}));
  all.by_due = true;
  EXPECT_EQ(ids(all), (V{done, clerk_taken, clerk_open, mine}));
  all.due_before = T(300);
  EXPECT_EQ(ids(all), (V{done, clerk_taken}));
}

TEST_P(StoreContract, TaskPagesCarryTheirInstanceAndTheTotal) {
  InstanceId a = OneInstance();
  auto t = Write();
  DefinitionId def2 = *t->InsertDefinition(Definition("p", 2));
  InstanceId b = *t->InsertInstance(Instance(def2, "p", "กรณี ข"));
  std::vector<TaskId> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(*t->InsertTask(Task(i % 2 ? b : a, "clerk", "", T(100 - i))));
  TaskQuery q;
  q.roles = {"clerk"};
  q.assignee = "u1";
  Page<ListedTask> page = *t->PageTasks(q, 2);
  ASSERT_EQ(page.rows.size(), 2u);
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(page.more(), 3);
  EXPECT_EQ(page.rows[0].task.id, ids[0]);
  EXPECT_EQ(page.rows[0].definition_id, t->FindInstance(a).value()->definition_id);
  EXPECT_EQ(page.rows[0].business_key, "");
  EXPECT_EQ(page.rows[1].task.id, ids[1]);
  EXPECT_EQ(page.rows[1].definition_id, def2);
  EXPECT_EQ(page.rows[1].business_key, "กรณี ข");
  EXPECT_EQ(page.rows[1].task.role, "clerk");
  Page<ListedTask> every = *t->PageTasks(q, 0);
  EXPECT_EQ(every.rows.size(), 5u);
  EXPECT_EQ(every.total, 5);
  q.by_due = true;
  q.due_before = T(100);
  Page<ListedTask> late = *t->PageTasks(q, 3);
  ASSERT_EQ(late.rows.size(), 3u);
  EXPECT_EQ(late.total, 4);
  EXPECT_EQ(late.rows[0].task.id, ids[4]);
  EXPECT_EQ(late.rows[2].task.id, ids[2]);
  TaskQuery all;
  all.all = true;
  all.instance = b;
  Page<ListedTask> of_b = *t->PageTasks(all, -1);
  EXPECT_EQ(of_b.total, 2);
  EXPECT_EQ(of_b.rows.size(), 2u);
  all.role = "nothing";
  Page<ListedTask> none = *t->PageTasks(all, 10);
  EXPECT_TRUE(none.rows.empty());
  EXPECT_EQ(none.total, 0);
}

// ---- Timers, recurring starts, the daemon row -----------------------------------------

TEST_P(StoreContract, ATimerKeepsItsFieldsButNotAnError) {
  auto t = Write();
  EXPECT_FALSE(t->FindTimer(1)->has_value());
  TimerRecord in{77, T(5), TimerKind::kBoundary, 9, 3, "review", "ignored", 4, "", 2, "remind"};
  std::int64_t id = *t->InsertTimer(in);   // no instance 9 is needed
  EXPECT_GT(id, 0);
  TimerRecord read = t->FindTimer(id).value().value();
  EXPECT_EQ(read.id, id);
  EXPECT_EQ(read.due_at, T(5));
  EXPECT_EQ(read.kind, TimerKind::kBoundary);
  EXPECT_EQ(read.instance_id, 9);
  EXPECT_EQ(read.token_id, 3);
  EXPECT_EQ(read.node_id, "review");
  EXPECT_EQ(read.error, "");
  EXPECT_EQ(read.task_id, 4);
  EXPECT_EQ(read.process_id, "");
  EXPECT_EQ(read.firing, 2u);
  EXPECT_EQ(read.on_timer, "remind");
  EXPECT_GT(*t->InsertTimer(in), id);
}

TEST_P(StoreContract, DueTimersComeByDueTimeAndFailedOnesWaitApart) {
  auto t = Write();
  EXPECT_TRUE(t->DueTimers(T(100), 10)->empty());
  EXPECT_FALSE(t->NextTimerDue()->has_value());
  TimerCounts zero = *t->CountTimers();
  EXPECT_EQ(zero.pending + zero.failed, 0);
  std::int64_t late = *t->InsertTimer(Timer(1, T(20)));
  std::int64_t early = *t->InsertTimer(Timer(2, T(10)));
  std::int64_t tie = *t->InsertTimer(Timer(1, T(20)));
  std::int64_t future = *t->InsertTimer(Timer(1, T(500)));
  std::int64_t failed = *t->InsertTimer(Timer(3, T(1)));
  ASSERT_TRUE(t->MarkTimerFailed(failed, "").ok());
  ASSERT_TRUE(t->MarkTimerFailed(987654, "none").ok());   // no such timer: Ok
  EXPECT_EQ(t->FindTimer(failed).value()->error, "failed");
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(Ids(*t->DueTimers(T(20), 10)), (V{early, late, tie}));
  EXPECT_EQ(Ids(*t->DueTimers(T(19), 10)), (V{early}));
  EXPECT_EQ(Ids(*t->DueTimers(T(600), 2)), (V{early, late}));
  EXPECT_EQ(Ids(*t->DueTimers(T(600), -1)), (V{early, late, tie, future}));
  EXPECT_TRUE(t->DueTimers(T(600), 0)->empty());   // SQL's LIMIT 0
  EXPECT_EQ(*t->NextTimerDue(), T(10));
  TimerCounts counts = *t->CountTimers();
  EXPECT_EQ(counts.pending, 4);
  EXPECT_EQ(counts.failed, 1);
  std::int64_t failed2 = *t->InsertTimer(Timer(3, T(2)));
  ASSERT_TRUE(t->MarkTimerFailed(failed2, "boom").ok());
  EXPECT_EQ(Ids(*t->FailedTimers(10)), (V{failed, failed2}));
  EXPECT_EQ(Ids(*t->FailedTimers(1)), (V{failed}));
  EXPECT_TRUE(t->FailedTimers(0)->empty());
  EXPECT_EQ(t->FailedTimers(10)->back().error, "boom");
  ASSERT_TRUE(t->RearmTimer(failed).ok());
  ASSERT_TRUE(t->RearmTimer(early).ok());   // not failed: nothing changes
  ASSERT_TRUE(t->RearmTimer(987654).ok());
  EXPECT_EQ(*t->NextTimerDue(), T(1));   // due again at its own time
  EXPECT_EQ(Ids(*t->DueTimers(T(10), 10)), (V{failed, early}));
  counts = *t->CountTimers();
  EXPECT_EQ(counts.pending, 5);
  EXPECT_EQ(counts.failed, 1);
}

TEST_P(StoreContract, TimersAreFoundAndDeletedThroughTheirInstance) {
  auto t = Write();
  auto add = [&](InstanceId inst, std::int64_t due, TimerKind kind, TokenId token, TaskId task, const std::string& node) {
    TimerRecord r = Timer(inst, T(due), kind);
    r.token_id = token;
    r.task_id = task;
    r.node_id = node;
    return *t->InsertTimer(r);
  };
  std::int64_t w = add(1, 30, TimerKind::kWait, 5, 0, "wait");
  std::int64_t o = add(1, 10, TimerKind::kOverdue, 0, 8, "task");
  std::int64_t r = add(1, 20, TimerKind::kReminder, 0, 8, "task");
  std::int64_t s = add(1, 20, TimerKind::kScope, 0, 0, "phase");
  std::int64_t other = add(2, 5, TimerKind::kWait, 5, 8, "wait");
  ASSERT_TRUE(t->MarkTimerFailed(w, "x").ok());
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(Ids(*t->TimersOfInstance(1)), (V{o, r, s, w}));   // failed ones too, by due then id
  EXPECT_TRUE(t->TimersOfInstance(3)->empty());
  ASSERT_TRUE(t->DeleteTimersOfTask(1, 0).ok());   // task 0: nothing
  EXPECT_EQ(t->TimersOfInstance(1)->size(), 4u);
  ASSERT_TRUE(t->DeleteTimersOfToken(1, 0).ok());   // token 0 is a value like any other
  EXPECT_EQ(Ids(*t->TimersOfInstance(1)), (V{w}));
  o = add(1, 10, TimerKind::kOverdue, 1, 8, "task");
  r = add(1, 20, TimerKind::kReminder, 1, 8, "task");
  s = add(1, 20, TimerKind::kScope, 1, 0, "phase");
  ASSERT_TRUE(t->DeleteTimersOfTask(1, 8).ok());
  EXPECT_EQ(Ids(*t->TimersOfInstance(1)), (V{s, w}));
  ASSERT_TRUE(t->DeleteTimersAt(1, TimerKind::kWait, "phase").ok());   // kind and node both
  ASSERT_TRUE(t->DeleteTimersAt(1, TimerKind::kScope, "phase").ok());
  EXPECT_EQ(Ids(*t->TimersOfInstance(1)), (V{w}));
  ASSERT_TRUE(t->DeleteTimersOfToken(1, 5).ok());
  EXPECT_TRUE(t->TimersOfInstance(1)->empty());
  EXPECT_EQ(Ids(*t->TimersOfInstance(2)), (V{other}));   // another instance's stay
  std::int64_t again = add(2, 1, TimerKind::kWait, 0, 0, "x");
  ASSERT_TRUE(t->DeleteTimer(again).ok());
  ASSERT_TRUE(t->DeleteTimer(again).ok());   // idempotent
  ASSERT_TRUE(t->DeleteTimersOfInstance(2).ok());
  ASSERT_TRUE(t->DeleteTimersOfInstance(2).ok());
  EXPECT_FALSE(t->FindTimer(other)->has_value());
  EXPECT_EQ(t->CountTimers()->pending, 0);
}

TEST_P(StoreContract, EachProcessHasOneRecurTimerAndEachOccurrenceStartsOnce) {
  auto t = Write();
  EXPECT_TRUE(t->RecurTimers()->empty());
  auto recur = [](const std::string& process, Instant due) {
    TimerRecord r;
    r.kind = TimerKind::kRecur;
    r.process_id = process;
    r.due_at = due;
    r.node_id = "not read back by RecurTimers";
    r.token_id = 4;
    return r;
  };
  std::int64_t yearly = *t->InsertTimer(recur("yearly", T(100)));
  EXPECT_EQ(t->InsertTimer(recur("yearly", T(200))).status().kind(), ErrorKind::kConflict);
  std::int64_t monthly = *t->InsertTimer(recur("monthly", T(50)));
  ASSERT_TRUE(t->MarkTimerFailed(monthly, "bad").ok());
  ASSERT_TRUE(t->InsertTimer(Timer(0, T(1))).ok());   // another kind: not a recur timer
  std::vector<TimerRecord> timers = *t->RecurTimers();
  ASSERT_EQ(timers.size(), 2u);
  EXPECT_EQ(timers[0].id, monthly);
  EXPECT_EQ(timers[0].process_id, "monthly");
  EXPECT_EQ(timers[0].error, "bad");
  EXPECT_EQ(timers[0].kind, TimerKind::kRecur);
  EXPECT_EQ(timers[1].id, yearly);
  EXPECT_EQ(timers[1].due_at, T(100));
  EXPECT_EQ(timers[1].node_id, "");   // only id, due, kind, error and process are read
  EXPECT_EQ(timers[1].token_id, 0);
  EXPECT_EQ(t->FindTimer(yearly).value()->node_id, "not read back by RecurTimers");
  EXPECT_EQ(t->TimersOfInstance(0)->size(), 3u);   // a recurring start has instance 0
  ASSERT_TRUE(t->DeleteRecurTimer("yearly").ok());
  ASSERT_TRUE(t->DeleteRecurTimer("yearly").ok());
  EXPECT_EQ(t->RecurTimers()->size(), 1u);
  ASSERT_TRUE(t->InsertTimer(recur("yearly", T(300))).ok());   // free again

  EXPECT_FALSE(*t->OccurrenceRecorded("yearly", T(100)));
  ASSERT_TRUE(t->RecordOccurrence("yearly", T(100), 7).ok());
  EXPECT_TRUE(*t->OccurrenceRecorded("yearly", T(100)));
  EXPECT_FALSE(*t->OccurrenceRecorded("yearly", T(101)));
  EXPECT_FALSE(*t->OccurrenceRecorded("monthly", T(100)));
  EXPECT_EQ(t->RecordOccurrence("yearly", T(100), 0).kind(), ErrorKind::kConflict);
  ASSERT_TRUE(t->RecordOccurrence("monthly", T(100), 0).ok());
}

TEST_P(StoreContract, TheDaemonRowIsReplacedWhole) {
  auto t = Write();
  EXPECT_FALSE(t->ReadDaemon()->has_value());
  DaemonRecord d;
  d.holder = "host:1:n";
  d.host = "host";
  d.pid = 1234;
  d.boot_id = "boot";
  d.pid_ns = 4026531836u;
  d.start_ticks = 0xFFFFFFFFFFull;
  d.started_at = T(1);
  d.heartbeat_at = T(2);
  d.expires_at = T(3);
  d.stopped = true;
  d.last_batch_at = T(4);
  d.last_batch_fired = 5;
  d.last_lag_seconds = 6;
  d.fired_total = 7;
  d.clock_now = T(8);
  ASSERT_TRUE(t->WriteDaemon(d).ok());
  DaemonRecord r = t->ReadDaemon().value().value();
  EXPECT_EQ(r.holder, d.holder);
  EXPECT_EQ(r.host, d.host);
  EXPECT_EQ(r.pid, d.pid);
  EXPECT_EQ(r.boot_id, d.boot_id);
  EXPECT_EQ(r.pid_ns, d.pid_ns);
  EXPECT_EQ(r.start_ticks, d.start_ticks);
  EXPECT_EQ(r.started_at, d.started_at);
  EXPECT_EQ(r.heartbeat_at, d.heartbeat_at);
  EXPECT_EQ(r.expires_at, d.expires_at);
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(r.last_batch_at, d.last_batch_at);
  EXPECT_EQ(r.last_batch_fired, 5);
  EXPECT_EQ(r.last_lag_seconds, 6);
  EXPECT_EQ(r.fired_total, 7);
  EXPECT_EQ(r.clock_now, d.clock_now);
  DaemonRecord next;
  next.holder = "other";
  ASSERT_TRUE(t->WriteDaemon(next).ok());
  DaemonRecord r2 = t->ReadDaemon().value().value();
  EXPECT_EQ(r2.holder, "other");
  EXPECT_EQ(r2.pid, 0);
  EXPECT_FALSE(r2.stopped);
  EXPECT_EQ(r2.boot_id, "");
}

// ---- API tokens ------------------------------------------------------------------------

TEST_P(StoreContract, ApiTokensKeepTheirHashAndStayOnRecordWhenRevoked) {
  auto t = Write();
  EXPECT_FALSE(t->FindApiToken(1)->has_value());
  ApiTokenRecord in{70, "p33", "ignored", "admin", T(1), T(5), "someone", T(2)};
  std::int64_t a = *t->InsertApiToken(in);
  std::int64_t b = *t->InsertApiToken({0, "p34", "", "admin", T(2), std::nullopt, "", std::nullopt});
  EXPECT_GT(a, 0);
  EXPECT_GT(b, a);
  ASSERT_TRUE(t->SetApiTokenHash(a, "abc123").ok());
  ApiTokenRecord read = t->FindApiToken(a).value().value();
  EXPECT_EQ(read.id, a);
  EXPECT_EQ(read.login, "p33");
  EXPECT_EQ(read.secret_hash, "abc123");
  EXPECT_EQ(read.created_by, "admin");
  EXPECT_EQ(read.created_at, T(1));
  EXPECT_EQ(read.expires_at, T(5));
  EXPECT_EQ(read.revoked_by, "");   // a new token is not revoked
  EXPECT_EQ(read.revoked_at, std::nullopt);
  EXPECT_EQ(t->FindApiToken(b).value()->expires_at, std::nullopt);
  ASSERT_TRUE(t->RevokeApiToken(a, "admin", T(3)).ok());
  ASSERT_TRUE(t->RevokeApiToken(999, "admin", T(3)).ok());   // none: nothing changes
  ASSERT_TRUE(t->Commit().ok());
  auto r = Read();
  std::vector<ApiTokenRecord> all = r->ListApiTokens().value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, a);
  EXPECT_EQ(all[0].revoked_by, "admin");
  EXPECT_EQ(all[0].revoked_at, T(3));
  EXPECT_EQ(all[1].id, b);
  EXPECT_EQ(all[1].revoked_at, std::nullopt);
}

// ---- Absences -------------------------------------------------------------------------

TEST_P(StoreContract, AbsencesCountUntilCancelledAndCoverBothEnds) {
  using std::chrono::year, std::chrono::October;
  auto day = [](unsigned d) { return Date{year{2025}, October, std::chrono::day{d}}; };
  auto t = Write();
  EXPECT_FALSE(t->FindAbsence(1)->has_value());
  EXPECT_FALSE(*t->IsAbsent("p32", day(1)));
  AbsenceRecord backwards{0, "p32", day(5), day(4), "", "admin", T(0), "", std::nullopt};
  EXPECT_EQ(t->InsertAbsence(backwards).status().kind(), ErrorKind::kConflict);
  AbsenceRecord in{50, "p32", day(10), day(12), "ลาพักผ่อน", "admin", T(1), "someone", T(2)};
  std::int64_t a = *t->InsertAbsence(in);
  std::int64_t b = *t->InsertAbsence({0, "p33", day(3), day(3), "", "admin", T(1), "", std::nullopt});
  std::int64_t c = *t->InsertAbsence({0, "p34", day(10), day(20), "", "admin", T(1), "", std::nullopt});
  EXPECT_GT(a, 0);
  EXPECT_GT(b, a);
  EXPECT_GT(c, b);
  AbsenceRecord read = t->FindAbsence(a).value().value();
  EXPECT_EQ(read.id, a);
  EXPECT_EQ(read.login, "p32");
  EXPECT_EQ(read.from, day(10));
  EXPECT_EQ(read.to, day(12));
  EXPECT_EQ(read.reason, "ลาพักผ่อน");
  EXPECT_EQ(read.recorded_by, "admin");
  EXPECT_EQ(read.recorded_at, T(1));
  EXPECT_EQ(read.cancelled_by, "");   // a new absence is not cancelled
  EXPECT_EQ(read.cancelled_at, std::nullopt);
  EXPECT_FALSE(*t->IsAbsent("p32", day(9)));
  EXPECT_TRUE(*t->IsAbsent("p32", day(10)));
  EXPECT_TRUE(*t->IsAbsent("p32", day(12)));
  EXPECT_FALSE(*t->IsAbsent("p32", day(13)));
  EXPECT_FALSE(*t->IsAbsent("p33", day(10)));
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(Ids(*t->ListAbsences(day(1))), (V{b, a, c}));   // by start date, then id
  EXPECT_EQ(Ids(*t->ListAbsences(day(12))), (V{a, c}));     // ending on the day counts
  EXPECT_EQ(Ids(*t->ListAbsences(day(13))), (V{c}));
  ASSERT_TRUE(t->CancelAbsence(a, "boss", T(5)).ok());
  ASSERT_TRUE(t->CancelAbsence(a, "admin", T(6)).ok());   // again: overwrites
  ASSERT_TRUE(t->CancelAbsence(999, "admin", T(6)).ok());  // no such absence: Ok
  AbsenceRecord cancelled = t->FindAbsence(a).value().value();
  EXPECT_EQ(cancelled.cancelled_by, "admin");
  EXPECT_EQ(cancelled.cancelled_at, T(6));
  EXPECT_FALSE(*t->IsAbsent("p32", day(10)));
  EXPECT_EQ(Ids(*t->ListAbsences(day(1))), (V{b, c}));
}

// ---- Alerts and deliveries ------------------------------------------------------------

TEST_P(StoreContract, AlertsAreListedOldestFirst) {
  auto t = Write();
  EXPECT_TRUE(t->ListAlerts(10)->empty());
  EXPECT_EQ(*t->CountAlerts(), 0);
  EXPECT_FALSE(t->FindAlert(1)->has_value());
  AlertRecord in{40, T(3), "overdue", 5, 6, "เลยกำหนด", "{\"a\":1}"};
  std::int64_t a = *t->InsertAlert(in);   // no instance 5 is needed
  std::int64_t b = *t->InsertAlert({0, T(1), "reminder", 0, 0, "x", "{}"});
  EXPECT_GT(a, 0);
  EXPECT_GT(b, a);
  AlertRecord read = t->FindAlert(a).value().value();
  EXPECT_EQ(read.id, a);
  EXPECT_EQ(read.created_at, T(3));
  EXPECT_EQ(read.kind, "overdue");
  EXPECT_EQ(read.instance_id, 5);
  EXPECT_EQ(read.task_id, 6);
  EXPECT_EQ(read.text, "เลยกำหนด");
  EXPECT_EQ(read.payload, "{\"a\":1}");
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(Ids(*t->ListAlerts(10)), (V{a, b}));   // by id, not by time
  EXPECT_EQ(Ids(*t->ListAlerts(1)), (V{a}));
  EXPECT_EQ(Ids(*t->ListAlerts(-1)), (V{a, b}));
  EXPECT_TRUE(t->ListAlerts(0)->empty());
  EXPECT_EQ(*t->CountAlerts(), 2);
}

TEST_P(StoreContract, EachSinkQueuesEachAlertOnceAndDeliveriesComeWhenDue) {
  auto t = Write();
  auto alert = [&] { return *t->InsertAlert({0, T(0), "overdue", 1, 1, "ก", "{}"}); };
  EXPECT_FALSE(*t->HasUnqueuedAlerts("log"));
  ASSERT_TRUE(t->EnqueueDeliveries("log", T(10)).ok());   // nothing to queue
  EXPECT_TRUE(t->DeliveriesOf(0, 100)->empty());
  std::int64_t a1 = alert();
  std::int64_t a2 = alert();
  EXPECT_TRUE(*t->HasUnqueuedAlerts("log"));
  ASSERT_TRUE(t->EnqueueDeliveries("log", T(10)).ok());
  ASSERT_TRUE(t->EnqueueDeliveries("log", T(11)).ok());   // again: nothing new
  EXPECT_FALSE(*t->HasUnqueuedAlerts("log"));
  EXPECT_TRUE(*t->HasUnqueuedAlerts("hook"));
  std::int64_t a3 = alert();
  ASSERT_TRUE(t->EnqueueDeliveries("log", T(20)).ok());
  ASSERT_TRUE(t->EnqueueDeliveries("hook", T(5)).ok());   // a new sink gets the whole outbox
  std::vector<DeliveryRecord> rows = *t->DeliveriesOf(a1, a3);
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].alert_id, a1);
  EXPECT_EQ(rows[0].sink, "hook");   // by alert, then sink
  EXPECT_EQ(rows[1].sink, "log");
  EXPECT_EQ(rows[1].state, DeliveryState::kPending);
  EXPECT_EQ(rows[1].attempts, 0);
  EXPECT_EQ(rows[1].next_attempt_at, T(10));
  EXPECT_EQ(rows[1].last_error, "");
  EXPECT_EQ(rows[1].delivered_at, std::nullopt);
  EXPECT_EQ(rows[5].alert_id, a3);
  EXPECT_EQ(rows[5].next_attempt_at, T(20));
  EXPECT_EQ(t->DeliveriesOf(a2, a2)->size(), 2u);   // both ends included
  EXPECT_TRUE(t->DeliveriesOf(a3 + 1, a3 + 9)->empty());

  auto due = [&](std::vector<std::string> sinks, Instant now, int limit) {
    std::vector<std::pair<std::int64_t, std::string>> out;
    Result<std::vector<DeliveryRecord>> rows = t->DueDeliveries(sinks, now, limit);
    for (const DeliveryRecord& d : *rows) out.emplace_back(d.alert_id, d.sink);
    return out;
  };
  using P = std::vector<std::pair<std::int64_t, std::string>>;
  EXPECT_TRUE(due({}, T(100), 10).empty());
  EXPECT_EQ(due({"log"}, T(10), 10), (P{{a1, "log"}, {a2, "log"}}));
  EXPECT_EQ(due({"log"}, T(100), 10), (P{{a1, "log"}, {a2, "log"}, {a3, "log"}}));
  EXPECT_EQ(due({"log"}, T(100), 1), (P{{a1, "log"}}));
  EXPECT_TRUE(due({"log"}, T(100), 0).empty());
  EXPECT_EQ(due({"hook", "log"}, T(10), 4), (P{{a1, "hook"}, {a2, "hook"}, {a3, "hook"}, {a1, "log"}}));
  EXPECT_TRUE(due({"mail"}, T(100), 10).empty());
  EXPECT_FALSE(t->NextDeliveryDue({})->has_value());
  EXPECT_FALSE(t->NextDeliveryDue({"mail"})->has_value());
  EXPECT_EQ(*t->NextDeliveryDue({"log"}), T(10));
  EXPECT_EQ(*t->NextDeliveryDue({"log", "hook"}), T(5));

  DeliveryRecord retry{a1, "log", DeliveryState::kPending, 1, T(50), "timeout", std::nullopt};
  ASSERT_TRUE(t->UpdateDelivery(retry).ok());
  DeliveryRecord done{a2, "log", DeliveryState::kDelivered, 2, T(60), "", T(15)};   // next attempt: dropped
  ASSERT_TRUE(t->UpdateDelivery(done).ok());
  DeliveryRecord gone{a3, "log", DeliveryState::kFailed, 5, T(70), "refused", std::nullopt};
  ASSERT_TRUE(t->UpdateDelivery(gone).ok());
  EXPECT_EQ(t->UpdateDelivery({a1, "mail", DeliveryState::kDelivered, 1, {}, "", T(1)}).kind(), ErrorKind::kNotFound);
  EXPECT_EQ(t->UpdateDelivery({a3 + 1, "log", DeliveryState::kDelivered, 1, {}, "", T(1)}).kind(),
            ErrorKind::kNotFound);
  rows = *t->DeliveriesOf(a1, a3);
  EXPECT_EQ(rows[1].attempts, 1);
  EXPECT_EQ(rows[1].next_attempt_at, T(50));
  EXPECT_EQ(rows[1].last_error, "timeout");
  EXPECT_EQ(rows[3].state, DeliveryState::kDelivered);
  EXPECT_EQ(rows[3].next_attempt_at, std::nullopt);
  EXPECT_EQ(rows[3].delivered_at, T(15));
  EXPECT_EQ(rows[5].state, DeliveryState::kFailed);
  EXPECT_EQ(rows[5].next_attempt_at, std::nullopt);
  EXPECT_EQ(rows[5].attempts, 5);
  EXPECT_EQ(due({"log"}, T(100), 10), (P{{a1, "log"}}));   // only pending rows are due
  EXPECT_EQ(*t->NextDeliveryDue({"log"}), T(50));
  alert();
  ASSERT_TRUE(t->EnqueueDeliveries("log", T(30)).ok());   // only alerts above the sink's newest row
  EXPECT_EQ(t->DeliveriesOf(a1, a3 + 1)->size(), 7u);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreContract, ::testing::ValuesIn(StoreFactories()),
                         [](const ::testing::TestParamInfo<StoreFactory>& info) { return info.param.name; });

}  // namespace
}  // namespace krabuan::storetest
