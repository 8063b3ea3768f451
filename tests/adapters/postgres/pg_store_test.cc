// The PostgreSQL store on a real server (scripts/pg-test-server.sh): offices isolated as
// schemas of one database, writers of an office serialised and of two offices not,
// readers never waiting, refusals of bad options and foreign schemas, and reconnecting.
// The store contract itself runs in tests/store/store_contract_test.cc.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>

#include "adapters/postgres/pg_connection.h"
#include "adapters/postgres/pg_store.h"
#include "tests/store/pg_test_server.h"

namespace krabuan {
namespace {

using storetest::FreshOfficeId;
using storetest::TestPostgresConninfo;
using Clock = std::chrono::steady_clock;

class PostgresStore : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::string> c = TestPostgresConninfo();
    ASSERT_TRUE(c.ok()) << c.status().message();
    conninfo_ = *c;
  }
  void TearDown() override {
    for (const std::string& office : offices_) {
      PostgresOptions o = Options(office);
      EXPECT_TRUE(DropPostgresOffice(o).ok());
    }
  }

  // A fresh office, dropped after the test.
  std::string NewOffice(const std::string& hint) {
    offices_.push_back(FreshOfficeId(hint));
    return offices_.back();
  }
  PostgresOptions Options(const std::string& office, int busy_ms = 5000) const {
    PostgresOptions o;
    o.conninfo = conninfo_;
    o.office = office;
    o.busy_timeout_ms = busy_ms;
    return o;
  }
  std::unique_ptr<Store> Open(const std::string& office, int busy_ms = 5000) {
    Result<std::unique_ptr<Store>> s = OpenPostgresStore(Options(office, busy_ms));
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? std::move(s.value()) : nullptr;
  }
  // A connection of the test's own, for what the store would never do to an office.
  std::unique_ptr<pg::PgConnection> Raw(const std::string& extra = "") {
    Result<std::unique_ptr<pg::PgConnection>> c = pg::PgConnection::Connect(conninfo_ + " " + extra);
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? std::move(c.value()) : nullptr;
  }

  static DefinitionRecord Definition(const std::string& process) {
    DefinitionRecord d;
    d.process_id = process;
    d.version = 1;
    d.name = "กระบวนงาน";
    d.hash = "h";
    d.source = "<process/>";
    d.file = process + ".xml";
    d.deployed_by = "admin";
    return d;
  }
  static InstanceRecord Instance(DefinitionId def, const std::string& process) {
    InstanceRecord i;
    i.definition_id = def;
    i.process_id = process;
    i.version = 1;
    i.started_by = "clerk";
    return i;
  }

  std::string conninfo_;
  std::vector<std::string> offices_;
};

TEST_F(PostgresStore, TwoOfficesInOneDatabaseSeeOnlyTheirOwnRows) {
  std::string a = NewOffice("a"), b = NewOffice("b");
  auto store_a = Open(a);
  auto store_b = Open(b);
  ASSERT_TRUE(store_a && store_b);
  {
    auto t = std::move(store_a->BeginWrite().value());
    DefinitionId def = *t->InsertDefinition(Definition("p"));
    ASSERT_TRUE(t->InsertInstance(Instance(def, "p")).ok());
    ASSERT_TRUE(t->Commit().ok());
  }
  {
    auto r = std::move(store_b->BeginRead().value());
    EXPECT_FALSE(r->LatestDefinition("p")->has_value());
    EXPECT_TRUE(r->LatestDefinitions()->empty());
    EXPECT_EQ(r->ListInstances({}, 0)->total, 0);
  }
  {
    // Ids are the office's own: B's first definition is 1 as A's was.
    auto t = std::move(store_b->BeginWrite().value());
    EXPECT_EQ(*t->InsertDefinition(Definition("q")), 1);
    ASSERT_TRUE(t->Commit().ok());
  }
  auto r = std::move(store_a->BeginRead().value());
  EXPECT_EQ(r->LatestDefinitions()->size(), 1u);
  EXPECT_FALSE(r->LatestDefinition("q")->has_value());
  EXPECT_EQ(r->ListInstances({}, 0)->total, 1);
  r.reset();
  store_b.reset();
  ASSERT_TRUE(DropPostgresOffice(Options(b)).ok());   // dropping B leaves A whole
  EXPECT_EQ(std::move(store_a->BeginRead().value())->LatestDefinitions()->size(), 1u);
}

TEST_F(PostgresStore, AWriterOfAnOfficeWaitsForTheOneBeforeIt) {
  std::string office = NewOffice("wait");
  auto first = Open(office);
  auto second = Open(office, /*busy_ms=*/10'000);
  ASSERT_TRUE(first && second);
  auto w = std::move(first->BeginWrite().value());
  ASSERT_TRUE(w->InsertDefinition(Definition("p")).ok());
  Clock::time_point began = Clock::now();
  std::future<std::pair<Status, bool>> waiting = std::async(std::launch::async, [&] {
    Result<std::unique_ptr<StoreTransaction>> t = second->BeginWrite();
    if (!t.ok()) return std::make_pair(t.status(), false);
    // It goes on after the first committed, and reads what it wrote.
    bool seen = (*t)->LatestDefinition("p")->has_value();
    return std::make_pair(Status::Ok(), seen);
  });
  EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  ASSERT_TRUE(w->Commit().ok());
  auto [status, seen] = waiting.get();
  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(seen);
  EXPECT_GE(Clock::now() - began, std::chrono::milliseconds(300));
}

TEST_F(PostgresStore, AWriterThatWaitsPastTheBusyTimeoutIsBusyAndChangesNothing) {
  std::string office = NewOffice("busy");
  auto first = Open(office);
  auto second = Open(office, /*busy_ms=*/200);
  ASSERT_TRUE(first && second);
  auto w = std::move(first->BeginWrite().value());
  Clock::time_point began = Clock::now();
  Result<std::unique_ptr<StoreTransaction>> late = second->BeginWrite();
  Clock::duration waited = Clock::now() - began;
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().kind(), ErrorKind::kBusy) << late.status().message();
  EXPECT_NE(late.status().message().find("busy timeout (0.2 s)"), std::string::npos) << late.status().message();
  EXPECT_NE(late.status().message().find("PostgreSQL backend"), std::string::npos) << late.status().message();
  EXPECT_GE(waited, std::chrono::milliseconds(190));
  EXPECT_LT(waited, std::chrono::seconds(5));
  // Readers never wait for the writer, and the refused store is usable at once.
  Result<std::unique_ptr<StoreTransaction>> r = second->BeginRead();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE((*r)->LatestDefinitions()->empty());
  r->reset();
  w.reset();   // rolled back: the office is free
  Result<std::unique_ptr<StoreTransaction>> now = second->BeginWrite();
  EXPECT_TRUE(now.ok()) << now.status().message();
}

TEST_F(PostgresStore, WritersOfTwoOfficesDoNotWaitForEachOther) {
  std::string a = NewOffice("one"), b = NewOffice("two");
  auto store_a = Open(a);
  auto store_b = Open(b, /*busy_ms=*/100);
  ASSERT_TRUE(store_a && store_b);
  auto wa = std::move(store_a->BeginWrite().value());
  ASSERT_TRUE(wa->InsertDefinition(Definition("p")).ok());
  Clock::time_point began = Clock::now();
  Result<std::unique_ptr<StoreTransaction>> wb = store_b->BeginWrite();
  ASSERT_TRUE(wb.ok()) << wb.status().message();
  EXPECT_TRUE((*wb)->InsertDefinition(Definition("p")).ok());   // same process id, another office
  EXPECT_TRUE((*wb)->Commit().ok());
  EXPECT_LT(Clock::now() - began, std::chrono::milliseconds(100));
  EXPECT_TRUE(wa->Commit().ok());
}

TEST_F(PostgresStore, AReaderKeepsTheSnapshotItBeganWith) {
  std::string office = NewOffice("snap");
  auto reader = Open(office);
  auto writer = Open(office);
  auto r = std::move(reader->BeginRead().value());
  auto w = std::move(writer->BeginWrite().value());
  ASSERT_TRUE(w->InsertDefinition(Definition("p")).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_FALSE(r->LatestDefinition("p")->has_value());   // committed after it began
  ASSERT_TRUE(r->Commit().ok());
  EXPECT_TRUE(std::move(reader->BeginRead().value())->LatestDefinition("p")->has_value());
}

TEST_F(PostgresStore, BadOfficeIdsAreRefusedBeforeConnecting) {
  struct Case {
    std::string office;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"", "1 to 40"},
      {std::string(41, 'a'), "1 to 40"},
      {"Main", "only a-z"},
      {"a b", "only a-z"},
      {"a\"b", "only a-z"},
      {"สาขา", "only a-z"},
      {"pg_office", "PostgreSQL keeps"},
      {"public", "PostgreSQL keeps"},
  };
  for (const Case& c : cases) {
    PostgresOptions o = Options(c.office);
    o.conninfo = "host=/nonexistent";   // never reached
    Result<std::unique_ptr<Store>> s = OpenPostgresStore(o);
    ASSERT_FALSE(s.ok()) << c.office;
    EXPECT_EQ(s.status().kind(), ErrorKind::kInvalid) << c.office;
    EXPECT_NE(s.status().message().find(c.says), std::string::npos) << s.status().message();
  }
  EXPECT_TRUE(ValidateOfficeId("school-01_b").ok());
  EXPECT_TRUE(ValidateOfficeId(std::string(40, 'z')).ok());
}

TEST_F(PostgresStore, AConnectionStringThatDoesNotParseIsInvalidAndNoServerIsStorage) {
  PostgresOptions o = Options("main");
  o.conninfo = "host='unterminated";
  Result<std::unique_ptr<Store>> bad = OpenPostgresStore(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().kind(), ErrorKind::kInvalid) << bad.status().message();
  o.conninfo = "host=/nonexistent/folder dbname=x connect_timeout=2";
  Result<std::unique_ptr<Store>> none = OpenPostgresStore(o);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().kind(), ErrorKind::kStorage) << none.status().message();
  EXPECT_NE(none.status().message().find("cannot connect"), std::string::npos) << none.status().message();
}

TEST_F(PostgresStore, OnlyCreateMakesAnOffice) {
  std::string office = NewOffice("mode");
  for (PostgresOptions::Mode mode : {PostgresOptions::Mode::kReadWrite, PostgresOptions::Mode::kReadOnly}) {
    PostgresOptions o = Options(office);
    o.mode = mode;
    Result<std::unique_ptr<Store>> s = OpenPostgresStore(o);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().kind(), ErrorKind::kStorage);
    EXPECT_NE(s.status().message().find("there is no office"), std::string::npos) << s.status().message();
  }
  ASSERT_NE(Open(office), nullptr);   // kCreate
  PostgresOptions ro = Options(office);
  ro.mode = PostgresOptions::Mode::kReadOnly;
  Result<std::unique_ptr<Store>> read_only = OpenPostgresStore(ro);
  ASSERT_TRUE(read_only.ok()) << read_only.status().message();
  EXPECT_EQ((*read_only)->BeginWrite().status().kind(), ErrorKind::kInternal);
  EXPECT_TRUE((*read_only)->BeginRead().ok());
}

TEST_F(PostgresStore, ASchemaOfAnotherProgramOrANewerOneIsRefusedAndLeftAlone) {
  std::string foreign = NewOffice("foreign");
  auto raw = Raw();
  ASSERT_NE(raw, nullptr);
  std::string schema = pg::PgConnection::QuoteIdentifier(foreign);
  ASSERT_TRUE(raw->Simple("CREATE SCHEMA " + schema + "; CREATE TABLE " + schema + ".ledger (x int)").ok());
  Result<std::unique_ptr<Store>> s = OpenPostgresStore(Options(foreign));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().kind(), ErrorKind::kStorage);
  EXPECT_NE(s.status().message().find("not a Krabuan office"), std::string::npos) << s.status().message();
  EXPECT_EQ(*raw->Simple("SELECT * FROM " + schema + ".ledger"), "SELECT 0");   // still there, untouched

  std::string newer = NewOffice("newer");
  ASSERT_NE(Open(newer), nullptr);
  ASSERT_TRUE(raw->Simple("INSERT INTO " + pg::PgConnection::QuoteIdentifier(newer) +
                          ".schema_version (version) VALUES (" + std::to_string(CurrentPostgresSchemaVersion() + 1) +
                          ")")
                  .ok());
  Result<std::unique_ptr<Store>> n = OpenPostgresStore(Options(newer));
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().kind(), ErrorKind::kStorage);
  EXPECT_NE(n.status().message().find("newer than this program"), std::string::npos) << n.status().message();
}

TEST_F(PostgresStore, OpeningAnOfficeAgainLeavesItAsItWas) {
  std::string office = NewOffice("again");
  {
    auto s = Open(office);
    auto t = std::move(s->BeginWrite().value());
    ASSERT_TRUE(t->InsertDefinition(Definition("p")).ok());
    ASSERT_TRUE(t->Commit().ok());
  }
  auto s = Open(office);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(std::move(s->BeginRead().value())->LatestDefinitions()->size(), 1u);
  auto raw = Raw();
  EXPECT_EQ(*raw->Simple("SELECT * FROM " + pg::PgConnection::QuoteIdentifier(office) + ".schema_version"),
            "SELECT " + std::to_string(CurrentPostgresSchemaVersion()));   // one row per migration
}

TEST_F(PostgresStore, AStoreWhoseConnectionWasCutConnectsAgainAtItsNextTransaction) {
  std::string office = NewOffice("cut");
  std::string name = "krabuan-cut-" + office;
  PostgresOptions named = Options(office);
  named.conninfo += " application_name=" + name;
  Result<std::unique_ptr<Store>> store = OpenPostgresStore(named);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto raw = Raw();
  ASSERT_EQ(*raw->Simple("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + name +
                         "'"),
            "SELECT 1");
  // As after a server restart: no transaction was open, so nothing is lost by beginning
  // on a new connection.
  Result<std::unique_ptr<StoreTransaction>> t = (*store)->BeginWrite();
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_TRUE((*t)->InsertDefinition(Definition("p")).ok());
  ASSERT_TRUE((*t)->Commit().ok());
  t->reset();
  EXPECT_EQ(std::move((*store)->BeginRead().value())->LatestDefinitions()->size(), 1u);
}

// PostgreSQL fails a whole transaction on a failed statement; the store sends none that a
// constraint would refuse, so each refusal is a Conflict and the writes around it commit.
TEST_F(PostgresStore, EveryRefusedWriteIsAConflictAndTheTransactionStillCommits) {
  auto s = Open(NewOffice("refused"));
  auto t = std::move(s->BeginWrite().value());
  DefinitionId def = *t->InsertDefinition(Definition("p"));
  InstanceRecord keyed = Instance(def, "p");
  keyed.business_key = "k";
  InstanceId running = *t->InsertInstance(keyed);
  InstanceRecord ended = keyed;
  ended.state = InstanceState::kCompleted;
  InstanceId done = *t->InsertInstance(ended);
  TimerRecord recur;
  recur.kind = TimerKind::kRecur;
  recur.process_id = "p";
  ASSERT_TRUE(t->InsertTimer(recur).ok());
  ASSERT_TRUE(t->RecordOccurrence("p", Instant{}, running).ok());
  AuditEntry entry{1, Instant{}, "admin", "deploy", "p", std::string(64, 'a'), "", std::string(64, 'b')};
  ASSERT_TRUE(t->AppendAuditEntry(entry).ok());
  HistoryRecord history;
  history.instance_id = 999;
  history.user = "clerk";
  history.action = "started";
  history.hash = std::string(64, 'c');
  TaskRecord task;
  task.instance_id = 999;
  task.process_id = "p";
  task.node_id = "n";
  task.name = "งาน";
  InstanceRecord again = ended;
  again.id = done;
  again.state = InstanceState::kRunning;
  const std::vector<std::pair<std::string, std::function<Status()>>> refused = {
      {"a taken version", [&] { return t->InsertDefinition(Definition("p")).status(); }},
      {"no definition", [&] { return t->InsertInstance(Instance(999, "p")).status(); }},
      {"a taken running key", [&] { return t->InsertInstance(keyed).status(); }},
      {"back to a taken running key", [&] { return t->UpdateInstance(again); }},
      {"a token of no instance", [&] { return t->InsertToken(TokenRecord{0, 999, "n", ""}).status(); }},
      {"a variable of no instance", [&] { return t->SetVariable(999, "x", Value::Int(1)); }},
      {"history of no instance", [&] { return t->AppendHistory(history); }},
      {"a task of no instance", [&] { return t->InsertTask(task).status(); }},
      {"a second recur timer", [&] { return t->InsertTimer(recur).status(); }},
      {"an occurrence twice", [&] { return t->RecordOccurrence("p", Instant{}, 0); }},
      {"a backwards absence",
       [&] {
         using std::chrono::year, std::chrono::May, std::chrono::day;
         AbsenceRecord a{0, "p32", Date{year{2025}, May, day{2}}, Date{year{2025}, May, day{1}}, "", "admin", {}, "", {}};
         return t->InsertAbsence(a).status();
       }},
      {"a taken audit seq", [&] { return t->AppendAuditEntry(entry); }},
  };
  for (const auto& [what, write] : refused) {
    Status st = write();
    EXPECT_EQ(st.kind(), ErrorKind::kConflict) << what << ": " << st.message();
  }
  ASSERT_TRUE(t->SetVariable(running, "after", Value::Int(1)).ok());   // the transaction goes on
  ASSERT_TRUE(t->Commit().ok());
  t.reset();
  auto r = std::move(s->BeginRead().value());
  EXPECT_EQ(r->ListInstances({}, 0)->total, 2);
  EXPECT_EQ(r->FindInstance(done).value()->state, InstanceState::kCompleted);
  EXPECT_EQ(r->VariablesOf(running)->size(), 1u);
  EXPECT_EQ(r->RecurTimers()->size(), 1u);
  EXPECT_EQ(r->LastAuditEntry()->seq, 1);
}

// A failure no guard foresees (here a lock the store waited for past its timeout) fails
// the transaction on the server: the store says so on every later call, until the caller
// rolls back to its savepoint, as the daemon does when one timer's step fails.
TEST_F(PostgresStore, AfterAStatementTheServerFailedOnlyARollbackToTheSavepointGoesOn) {
  std::string office = NewOffice("sp");
  auto s = Open(office, /*busy_ms=*/200);
  InstanceId inst = 0;
  {
    auto t = std::move(s->BeginWrite().value());
    inst = *t->InsertInstance(Instance(*t->InsertDefinition(Definition("p")), "p"));
    ASSERT_TRUE(t->Commit().ok());
  }
  auto raw = Raw();
  auto t = std::move(s->BeginWrite().value());
  ASSERT_TRUE(t->SetVariable(inst, "kept", Value::Int(1)).ok());
  ASSERT_TRUE(t->Savepoint().ok());
  ASSERT_TRUE(t->SetVariable(inst, "undone", Value::Int(2)).ok());
  ASSERT_TRUE(raw->Simple("BEGIN; LOCK TABLE " + pg::PgConnection::QuoteIdentifier(office) +
                          ".tasks IN ACCESS EXCLUSIVE MODE")
                  .ok());
  EXPECT_EQ(t->TasksOfInstance(inst).status().kind(), ErrorKind::kBusy);   // waited 0.2 s for the lock
  Result<VariableMap> refused = t->VariablesOf(inst);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("must be rolled back"), std::string::npos) << refused.status().message();
  ASSERT_TRUE(raw->Simple("ROLLBACK").ok());
  ASSERT_TRUE(t->RollbackToSavepoint().ok());
  ASSERT_TRUE(t->ReleaseSavepoint().ok());
  EXPECT_EQ(t->VariablesOf(inst)->size(), 1u);
  ASSERT_TRUE(t->Commit().ok());
  t.reset();
  EXPECT_EQ(std::move(s->BeginRead().value())->VariablesOf(inst)->count("kept"), 1u);
}

TEST_F(PostgresStore, TextTheServerWouldRefuseIsInvalidAndTheTransactionGoesOn) {
  auto s = Open(NewOffice("text"));
  auto t = std::move(s->BeginWrite().value());
  DefinitionRecord nul = Definition("p");
  nul.name = std::string("a\0b", 3);
  EXPECT_EQ(t->InsertDefinition(nul).status().kind(), ErrorKind::kInvalid);
  DefinitionRecord latin1 = Definition("p");
  latin1.name = "caf\xe9";
  EXPECT_EQ(t->InsertDefinition(latin1).status().kind(), ErrorKind::kInvalid);
  EXPECT_EQ(t->LatestDefinition("caf\xe9").status().kind(), ErrorKind::kInvalid);   // reads too
  ASSERT_TRUE(t->InsertDefinition(Definition("p")).ok());
  EXPECT_TRUE(t->Commit().ok());
}

}  // namespace
}  // namespace krabuan
