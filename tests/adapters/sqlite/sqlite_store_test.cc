// The SQLite store on real files: WAL, migrations, transactions, locking, indexes.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <filesystem>

#include "adapters/sqlite/sqlite_store.h"

namespace krabuan {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("krabuan-store-" + std::to_string(getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "store.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Store> Open(int busy_ms = 5000) {
    SqliteOptions o;
    o.path = path_;
    o.busy_timeout_ms = busy_ms;
    Result<std::unique_ptr<Store>> s = OpenSqliteStore(o);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? std::move(s.value()) : nullptr;
  }

  InstanceRecord SampleInstance(DefinitionId def) {
    InstanceRecord i;
    i.definition_id = def;
    i.process_id = "p";
    i.version = 1;
    i.started_at = Instant{std::chrono::seconds{1'700'000'000}};
    i.started_by = "clerk";
    return i;
  }

  DefinitionId InsertDefinition(StoreTransaction& t) {
    DefinitionRecord d;
    d.process_id = "p";
    d.version = 1;
    d.name = "ทดสอบ";
    d.hash = "h";
    d.source = "<process/>";
    d.file = "p.xml";
    d.deployed_by = "admin";
    Result<DefinitionId> id = t.InsertDefinition(d);
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, CreatesAWalDatabaseAtTheCurrentSchemaVersion) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db.execAndGet("SELECT version FROM schema_version").getInt(), CurrentSchemaVersion());
  EXPECT_GE(CurrentSchemaVersion(), 1);
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerProgram) {
  Open().reset();
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec("UPDATE schema_version SET version = 999");
  }
  SqliteOptions o;
  o.path = path_;
  Result<std::unique_ptr<Store>> s = OpenSqliteStore(o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("newer than this program"), std::string::npos) << s.status().message();
}

TEST_F(SqliteStoreTest, RefusesAFileThatIsNotADatabase) {
  { std::FILE* f = std::fopen(path_.c_str(), "w"); std::fputs("not a database, just text\n", f); std::fclose(f); }
  SqliteOptions o;
  o.path = path_;
  Result<std::unique_ptr<Store>> s = OpenSqliteStore(o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(path_), std::string::npos) << s.status().message();
}

TEST_F(SqliteStoreTest, UncommittedWritesRollBackAndCommittedOnesSurviveReopening) {
  {
    auto store = Open();
    auto t = store->BeginWrite();
    ASSERT_TRUE(t.ok());
    DefinitionId def = InsertDefinition(**t);
    ASSERT_TRUE((*t)->Commit().ok());

    auto t2 = store->BeginWrite();
    ASSERT_TRUE((*t2)->InsertInstance(SampleInstance(def)).ok());
    // t2 dropped without Commit: rolled back.
  }
  auto store = Open();
  auto r = store->BeginRead();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE((*r)->LatestDefinition("p")->has_value());
  EXPECT_TRUE((*r)->ListInstances({})->empty());
  // A read transaction may not write.
  EXPECT_FALSE((*r)->SetVariable(1, "x", Value::Int(1)).ok());
}

TEST_F(SqliteStoreTest, VariablesKeepTheirTypes) {
  auto store = Open();
  auto t = store->BeginWrite();
  InstanceId id = *(*t)->InsertInstance(SampleInstance(InsertDefinition(**t)));
  ASSERT_TRUE((*t)->SetVariable(id, "amount", Value::OfMoney({150000050})).ok());
  ASSERT_TRUE((*t)->SetVariable(id, "fy", Value::OfFiscalYear({2568})).ok());
  ASSERT_TRUE((*t)->SetVariable(id, "note", Value::String("เห็นชอบ")).ok());
  ASSERT_TRUE((*t)->SetVariable(id, "note", Value::String("ไม่เห็นชอบ")).ok());   // overwrite
  ASSERT_TRUE((*t)->Commit().ok());
  auto r = store->BeginRead();
  Result<VariableMap> vars = (*r)->VariablesOf(id);
  ASSERT_TRUE(vars.ok());
  EXPECT_EQ(vars->size(), 3u);
  EXPECT_EQ(vars->at("amount"), Value::OfMoney({150000050}));
  EXPECT_EQ(vars->at("fy").as_fiscal_year().be, 2568);
  EXPECT_EQ(vars->at("note").as_string(), "ไม่เห็นชอบ");
}

TEST_F(SqliteStoreTest, ASecondWriterWaitsThenReportsBusy) {
  auto a = Open();
  auto b = Open(/*busy_ms=*/100);
  auto ta = a->BeginWrite();
  ASSERT_TRUE(ta.ok());
  auto tb = b->BeginWrite();   // BEGIN IMMEDIATE: refused while a holds the write lock
  ASSERT_FALSE(tb.ok());
  EXPECT_EQ(tb.status().kind(), ErrorKind::kBusy);
  ASSERT_TRUE((*ta)->Commit().ok());
  auto tb2 = b->BeginWrite();
  EXPECT_TRUE(tb2.ok());
}

TEST_F(SqliteStoreTest, ReadersSeeOtherConnectionsCommits) {
  auto a = Open();
  auto b = Open();
  DefinitionId def;
  {
    auto t = a->BeginWrite();
    def = InsertDefinition(**t);
    ASSERT_TRUE((*t)->Commit().ok());
  }
  { auto r = b->BeginRead(); EXPECT_TRUE((*r)->ListInstances({})->empty()); }
  {
    auto t = a->BeginWrite();
    ASSERT_TRUE((*t)->InsertInstance(SampleInstance(def)).ok());
    ASSERT_TRUE((*t)->Commit().ok());
  }
  auto r = b->BeginRead();
  EXPECT_EQ((*r)->ListInstances({})->size(), 1u);
}

TEST_F(SqliteStoreTest, TaskQueriesUseIndexes) {
  Open().reset();
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  auto plan = [&](const std::string& sql) {
    SQLite::Statement q(db, "EXPLAIN QUERY PLAN " + sql);
    std::string all;
    while (q.executeStep()) all += q.getColumn(3).getString() + "\n";
    return all;
  };
  TaskQuery mine;
  mine.assignee = "clerk";
  mine.roles = {"clerk", "board"};
  mine.recorded_roles = {"board"};
  TaskQuery of_instance;
  of_instance.all = true;
  of_instance.instance = 7;
  TaskQuery everything;
  everything.all = true;
  // The open-task index is what an administrator's full listing walks.
  EXPECT_NE(plan(TaskListSql(everything)).find("tasks_open"), std::string::npos);
  for (const std::string& sql :
       {TaskListSql(mine), TaskListSql(of_instance),
        std::string("SELECT * FROM instances WHERE process_id = 'p' AND state = 'running'"),
        std::string("SELECT * FROM history WHERE instance_id = 1 ORDER BY id"),
        std::string("SELECT * FROM tokens WHERE instance_id = 1"),
        // Escalated tasks and absences (engine/exec/escalation.h).
        std::string("SELECT * FROM tasks WHERE escalated_to = 'p32' AND state = 'open' ORDER BY id"),
        std::string("SELECT 1 FROM absences WHERE login = 'p32' AND to_date >= '2025-10-01' AND "
                    "from_date <= '2025-10-01' AND cancelled_at IS NULL LIMIT 1"),
        std::string("SELECT * FROM absences WHERE to_date >= '2025-10-01' AND cancelled_at IS NULL "
                    "ORDER BY from_date, id")}) {
    std::string p = plan(sql);
    EXPECT_EQ(p.find("SCAN "), std::string::npos) << sql << "\n" << p;
  }
}

}  // namespace
}  // namespace krabuan
