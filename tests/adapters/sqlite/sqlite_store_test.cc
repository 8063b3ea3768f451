// The SQLite store on real files: WAL, migrations, transactions, locking, indexes.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "adapters/sqlite/migrations.h"
#include "adapters/sqlite/sqlite_store.h"
#include "engine/runtime/history_chain.h"

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
  EXPECT_TRUE((*r)->ListInstances({}, 0)->rows.empty());
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
  { auto r = b->BeginRead(); EXPECT_TRUE((*r)->ListInstances({}, 0)->rows.empty()); }
  {
    auto t = a->BeginWrite();
    ASSERT_TRUE((*t)->InsertInstance(SampleInstance(def)).ok());
    ASSERT_TRUE((*t)->Commit().ok());
  }
  auto r = b->BeginRead();
  EXPECT_EQ((*r)->ListInstances({}, 0)->rows.size(), 1u);
}

// The plan SQLite makes for `sql`, one line per step.
std::vector<std::string> PlanOf(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement q(db, "EXPLAIN QUERY PLAN " + sql);
  std::vector<std::string> steps;
  while (q.executeStep()) steps.push_back(q.getColumn(3).getString());
  return steps;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string all;
  for (const std::string& l : lines) all += l + "\n";
  return all;
}

// Each listing's SQL exactly as the store prepares it (TaskPageSql and the rest are what
// the store's listing methods run), for every kind of filter: each filter is answered
// from an index, never by scanning a table, and a page's rows come in index order, so
// LIMIT stops the walk (no sort of every matching row first).
TEST_F(SqliteStoreTest, ListingsUseAnIndexForEachFilter) {
  Open().reset();
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  TaskQuery mine;
  mine.assignee = "clerk";
  mine.roles = {"clerk", "board"};
  mine.recorded_roles = {"board"};
  mine.escalated_to = "clerk";
  mine.principals = {{"p32", "group-director"}};
  TaskQuery mine_late = mine;
  mine_late.due_before = Instant{std::chrono::seconds{1'700'000'000}};
  TaskQuery mine_in_role = mine;
  mine_in_role.role = "board";
  TaskQuery mine_of_instance = mine;
  mine_of_instance.instance = 7;
  TaskQuery everything;
  everything.all = true;
  TaskQuery of_instance = everything;
  of_instance.instance = 7;
  TaskQuery late = everything;
  late.due_before = mine_late.due_before;
  late.by_due = true;
  TaskQuery in_role = everything;
  in_role.role = "board";
  InstanceQuery running{"", InstanceState::kRunning};
  InstanceQuery of_process{"p", std::nullopt};
  InstanceQuery running_of_process{"p", InstanceState::kRunning};

  struct Case {
    std::string what, sql;
    std::vector<std::string> scans_allowed;   // the walks a listing without a filter makes
    bool sorts = false;                       // sorts its matching rows (known: see bench/README.md)
  };
  const std::vector<Case> cases = {
      {"tasks (a user's)", TaskPageSql(mine), {}},
      {"tasks --overdue", TaskPageSql(mine_late), {}},
      {"tasks --role", TaskPageSql(mine_in_role), {}},
      {"tasks --instance", TaskPageSql(mine_of_instance), {}},
      // Every open task: a walk of the open tasks' own index in the order shown, and its count.
      {"tasks --all",
       TaskPageSql(everything),
       {"SCAN t USING INDEX tasks_open", "SCAN tasks USING COVERING INDEX tasks_open", "SCAN tasks USING INDEX tasks_by_token"}},
      {"tasks --all --instance", TaskPageSql(of_instance), {}},
      {"tasks --all --role", TaskPageSql(in_role), {}, true},
      {"overdue", TaskPageSql(late), {}},
      {"show's open tasks", TaskListSql(of_instance), {}},
      {"a user's tasks, unpaged", TaskListSql(mine), {}},
      {"instances --state", InstancePageSql(running), {}},
      {"instances --process", InstancePageSql(of_process), {}, true},
      {"instances --process --state", InstancePageSql(running_of_process), {}},
      // No filter: the table in id order up to the limit, and the count of every row.
      {"instances", InstancePageSql({}), {"SCAN instances"}},
      // Every deployed definition (a few dozen rows); running counts and next starts from indexes.
      {"processes", ProcessPageSql(), {"SCAN d", "SCAN definitions USING COVERING INDEX"}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> plan = PlanOf(db, c.sql);
    for (const std::string& step : plan) {
      // Reading back the ids a user's listing collected (materialized once) scans no table.
      bool scan = step.rfind("SCAN ", 0) == 0 && step != "SCAN ids";
      for (const std::string& allowed : c.scans_allowed) scan = scan && step.rfind(allowed, 0) != 0;
      EXPECT_FALSE(scan) << c.what << ": " << step << "\n" << c.sql << "\n" << Joined(plan);
      if (c.sql.find("LIMIT") != std::string::npos && !c.sorts) {
        EXPECT_EQ(step.find("TEMP B-TREE FOR ORDER BY"), std::string::npos)
            << c.what << ": sorts every matching row before the page\n" << c.sql << "\n" << Joined(plan);
      }
    }
  }
  // The other reads that grow with the database.
  for (const std::string& sql :
       {std::string("SELECT * FROM history WHERE instance_id = 1 ORDER BY id"),
        std::string("SELECT * FROM tokens WHERE instance_id = 1"),
        std::string("DELETE FROM timers WHERE instance_id = 1 AND token_id = 2"),
        std::string("DELETE FROM timers WHERE instance_id = 1 AND task_id = 2 AND task_id <> 0"),
        std::string("SELECT 1 FROM absences WHERE login = 'p32' AND to_date >= '2025-10-01' AND "
                    "from_date <= '2025-10-01' AND cancelled_at IS NULL LIMIT 1"),
        std::string("SELECT * FROM absences WHERE to_date >= '2025-10-01' AND cancelled_at IS NULL "
                    "ORDER BY from_date, id")}) {
    std::string p = Joined(PlanOf(db, sql));
    EXPECT_EQ(p.find("SCAN "), std::string::npos) << sql << "\n" << p;
  }
}

TaskRecord OpenTask(InstanceId instance, const std::string& role, const std::string& assignee, std::int64_t due_s) {
  TaskRecord t;
  t.instance_id = instance;
  t.token_id = 1;
  t.process_id = "p";
  t.node_id = "n";
  t.name = "งาน";
  t.role = role;
  t.assignee = assignee;
  t.state = TaskState::kOpen;
  t.created_at = Instant{std::chrono::seconds{1'700'000'000}};
  t.due_at = Instant{std::chrono::seconds{due_s}};
  return t;
}

// A page holds at most the limit, in order, with the total of every matching row, and
// each row carries its instance's key and definition: one statement, no read per row.
TEST_F(SqliteStoreTest, ListingsArePagedWithTheirTotal) {
  auto store = Open();
  auto t = store->BeginWrite();
  DefinitionId def = InsertDefinition(**t);
  std::vector<InstanceId> ids;
  for (int i = 0; i < 5; ++i) {
    InstanceRecord rec = SampleInstance(def);
    rec.business_key = "กรณี " + std::to_string(i);
    if (i == 4) rec.state = InstanceState::kCompleted;
    ids.push_back(*(*t)->InsertInstance(rec));
  }
  // Instance i has a task of role "clerk" (unclaimed), one assigned to "u1" and, for i
  // = 0, one escalated to "u1": u1 with role clerk sees all three kinds, each once.
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE((*t)->InsertTask(OpenTask(ids[i], "clerk", "", 1'700'000'000 + i * 100)).ok());
    ASSERT_TRUE((*t)->InsertTask(OpenTask(ids[i], "board", "u1", 1'800'000'000 + i * 100)).ok());
  }
  TaskRecord escalated = OpenTask(ids[0], "board", "u2", 1'600'000'000);
  escalated.escalated_to = "u1";
  ASSERT_TRUE((*t)->InsertTask(escalated).ok());
  ASSERT_TRUE((*t)->Commit().ok());

  auto r = store->BeginRead();
  TaskQuery mine;
  mine.assignee = "u1";
  mine.roles = {"clerk"};
  mine.escalated_to = "u1";
  struct Case {
    std::string what;
    TaskQuery q;
    int limit;
    std::size_t rows;
    std::int64_t total;
  };
  TaskQuery mine_late = mine;
  mine_late.due_before = Instant{std::chrono::seconds{1'700'000'150}};
  TaskQuery all;
  all.all = true;
  TaskQuery all_late = all;
  all_late.due_before = mine_late.due_before;
  all_late.by_due = true;
  for (const Case& c : std::vector<Case>{{"mine, a page", mine, 3, 3, 9},
                                         {"mine, every row", mine, 0, 9, 9},
                                         {"mine, late", mine_late, 10, 3, 3},
                                         {"all, a page", all, 2, 2, 9},
                                         {"all, late by due", all_late, 2, 2, 3}}) {
    Result<Page<ListedTask>> page = (*r)->PageTasks(c.q, c.limit);
    ASSERT_TRUE(page.ok()) << c.what << ": " << page.status().message();
    EXPECT_EQ(page->rows.size(), c.rows) << c.what;
    EXPECT_EQ(page->total, c.total) << c.what;
    EXPECT_EQ(page->more(), c.total - static_cast<std::int64_t>(c.rows)) << c.what;
    for (std::size_t i = 0; i < page->rows.size(); ++i) {
      const ListedTask& l = page->rows[i];
      EXPECT_EQ(l.definition_id, def) << c.what;
      EXPECT_EQ(l.business_key, "กรณี " + std::to_string(l.task.instance_id - ids[0])) << c.what;
      if (i > 0 && !c.q.by_due) {
        EXPECT_GT(l.task.id, page->rows[i - 1].task.id) << c.what;
      }
      if (i > 0 && c.q.by_due) {
        EXPECT_GE(*l.task.due_at, *page->rows[i - 1].task.due_at) << c.what;
      }
    }
  }
  Result<Page<InstanceRecord>> running = (*r)->ListInstances({"", InstanceState::kRunning}, 2);
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->rows.size(), 2u);
  EXPECT_EQ(running->total, 4);
  EXPECT_EQ(running->rows.front().id, ids[0]);
  Result<Page<InstanceRecord>> none = (*r)->ListInstances({"nothing", std::nullopt}, 2);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->rows.empty());
  EXPECT_EQ(none->total, 0);
  Result<Page<ProcessSummary>> processes = (*r)->ListProcesses(1);
  ASSERT_TRUE(processes.ok());
  ASSERT_EQ(processes->rows.size(), 1u);
  EXPECT_EQ(processes->total, 1);
  EXPECT_EQ(processes->rows[0].running, 4);
}

// A database written before hashes were stored as bytes (schema 12: hex text and a
// prev_hash column) is converted when opened, and its chain still verifies: the same
// hashes, hex again when read, and an edit made before or after is still found.
TEST_F(SqliteStoreTest, HistoryHashesBecomeBytesAndTheChainStillVerifies) {
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (12)");
    for (int v = 0; v < 12; ++v) db.exec(std::string(sqlite::Migrations()[v]));
    db.exec("INSERT INTO definitions (process_id, version, name, hash, source, file, deployed_at, deployed_by) "
            "VALUES ('p', 1, 'p', 'h', '<process/>', 'p.xml', '2025-01-01T00:00:00Z', 'admin')");
    db.exec("INSERT INTO instances (definition_id, process_id, version, state, started_at, started_by) "
            "VALUES (1, 'p', 1, 'running', '2025-01-01T00:00:00Z', 'clerk')");
    std::string prev;
    for (int i = 0; i < 3; ++i) {
      HistoryRecord h;
      h.instance_id = 1;
      h.at = Instant{std::chrono::seconds{1'735'689'600 + i}};
      h.user = "clerk";
      h.action = "step-" + std::to_string(i);
      h.detail = "{}";
      h.comment = "ความเห็น " + std::to_string(i);
      h.prev_hash = prev;
      h.hash = HistoryHash(h);
      SQLite::Statement q(db, "INSERT INTO history (instance_id, at, user, action, detail, comment, prev_hash, hash) "
                              "VALUES (1, ?, ?, ?, ?, ?, ?, ?)");
      q.bind(1, FormatInstantUtc(h.at));
      q.bind(2, h.user);
      q.bind(3, h.action);
      q.bind(4, h.detail);
      q.bind(5, h.comment);
      q.bind(6, h.prev_hash);
      q.bind(7, h.hash);
      q.exec();
      prev = h.hash;
    }
  }
  std::vector<std::string> hex_before;
  {
    SQLite::Database db(path_, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT hash FROM history ORDER BY id");
    while (q.executeStep()) hex_before.push_back(q.getColumn(0).getString());
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  {
    auto r = store->BeginRead();
    Result<std::vector<HistoryRecord>> rows = (*r)->HistoryOf(1);
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    ASSERT_EQ(rows->size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ((*rows)[i].hash, hex_before[i]);
    EXPECT_FALSE(FirstBrokenLink(*rows).has_value());
    std::optional<HistoryRecord> tip = *(*r)->LastHistoryRow(1);
    ASSERT_TRUE(tip.has_value());
    EXPECT_EQ(tip->hash, hex_before.back());
    EXPECT_EQ(tip->prev_hash, hex_before[1]);
  }
  {
    SQLite::Database db(path_, SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM history WHERE typeof(hash) = 'blob' AND length(hash) = 32").getInt(), 3);
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM pragma_table_info('history') WHERE name = 'prev_hash'").getInt(), 0);
  }
  // Removing the middle row breaks the link of the row after it.
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    EXPECT_EQ(db.exec("DELETE FROM history WHERE action = 'step-1'"), 1);
  }
  auto r = store->BeginRead();
  Result<std::vector<HistoryRecord>> rows = (*r)->HistoryOf(1);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(FirstBrokenLink(*rows), std::optional<std::size_t>(1));
}

}  // namespace
}  // namespace krabuan

namespace krabuan {
namespace {

// Schema 15 kept a boundary or scope timer's <on-timer> id in process_id; opening the file
// moves it to on_timer, and process_id again names only processes.
TEST_F(SqliteStoreTest, BoundaryTimersNameTheirOnTimerInAColumnOfTheirOwn) {
  ASSERT_NE(Open(), nullptr);
  {
    // The file as schema 15 left it: no on_timer column.
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec("DROP TABLE audit_log; DROP TABLE audit_checkpoints; DROP TABLE audit_genesis; DROP TABLE api_tokens; "
            "DROP INDEX tasks_by_item; DROP INDEX tasks_by_assignee; "
            "ALTER TABLE timers DROP COLUMN on_timer; "
            "UPDATE schema_version SET version = 15");
    db.exec("INSERT INTO timers (due_at, kind, instance_id, token_id, node_id, task_id, process_id) VALUES "
            "('2025-01-02T00:00:00Z', 'boundary', 1, 7, 'review', 0, 'remind-weekly'), "
            "('2025-01-03T00:00:00Z', 'scope', 1, 0, 'phase', 0, 'deadline'), "
            "('2025-01-04T00:00:00Z', 'recur', 0, 0, '', 0, 'monthly-report')");
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto r = store->BeginRead();
  ASSERT_TRUE(r.ok());
  Result<std::vector<TimerRecord>> timers = (*r)->TimersOfInstance(1);
  ASSERT_TRUE(timers.ok()) << timers.status().message();
  ASSERT_EQ(timers->size(), 2u);
  EXPECT_EQ((*timers)[0].kind, TimerKind::kBoundary);
  EXPECT_EQ((*timers)[0].on_timer, "remind-weekly");
  EXPECT_EQ((*timers)[0].process_id, "");
  EXPECT_EQ((*timers)[1].kind, TimerKind::kScope);
  EXPECT_EQ((*timers)[1].on_timer, "deadline");
  Result<std::vector<TimerRecord>> recur = (*r)->RecurTimers();
  ASSERT_TRUE(recur.ok());
  ASSERT_EQ(recur->size(), 1u);
  EXPECT_EQ(recur->front().process_id, "monthly-report");
}

// A row the store cannot read back (a kind it does not know, a time that does not parse)
// is an error naming what is wrong, never a guess such as the epoch.
TEST_F(SqliteStoreTest, AnUnreadableTimerRowIsAnErrorNotAGuess) {
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
  }
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO timers (due_at, kind, instance_id, token_id, node_id) VALUES ('2025-01-02T00:00:00Z', 'snooze', 1, 1, 'a')");
    db.exec("INSERT INTO timers (due_at, kind, instance_id, token_id, node_id) VALUES ('yesterday', 'wait', 2, 1, 'a')");
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto r = store->BeginRead();
  ASSERT_TRUE(r.ok());
  Result<std::vector<TimerRecord>> kind = (*r)->TimersOfInstance(1);
  ASSERT_FALSE(kind.ok());
  EXPECT_NE(kind.status().message().find("unreadable timer kind 'snooze'"), std::string::npos) << kind.status().message();
  Result<std::vector<TimerRecord>> time = (*r)->TimersOfInstance(2);
  ASSERT_FALSE(time.ok());
  EXPECT_NE(time.status().message().find("unreadable time 'yesterday'"), std::string::npos) << time.status().message();
}

}  // namespace
}  // namespace krabuan

namespace krabuan {
namespace {

// A state the program does not know (a damaged row, or a newer program's) is an error,
// not a guess: a task read as open, or a case as running, could be acted on.
TEST_F(SqliteStoreTest, AnUnknownStoredStateIsAnErrorNotADefault) {
  DefinitionId def = 0;
  InstanceId inst = 0;
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    auto w = store->BeginWrite();
    ASSERT_TRUE(w.ok());
    def = InsertDefinition(**w);
    Result<InstanceId> id = (*w)->InsertInstance(SampleInstance(def));
    ASSERT_TRUE(id.ok());
    inst = *id;
    ASSERT_TRUE((*w)->Commit().ok());
  }
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA ignore_check_constraints = ON; UPDATE instances SET state = 'paused'");
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto r = store->BeginRead();
  ASSERT_TRUE(r.ok());
  Result<std::optional<InstanceRecord>> found = (*r)->FindInstance(inst);
  ASSERT_FALSE(found.ok());
  EXPECT_NE(found.status().message().find("unreadable instance state 'paused'"), std::string::npos)
      << found.status().message();
}

}  // namespace
}  // namespace krabuan

namespace krabuan {
namespace {

// The POSIX locks this process holds on `path`'s inode (/proc/locks).
int LocksHeldOn(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return -1;
  std::ifstream locks("/proc/locks");
  std::string line;
  int n = 0;
  const std::string inode = ":" + std::to_string(st.st_ino) + " ";
  const std::string pid = " " + std::to_string(::getpid()) + " ";
  while (std::getline(locks, line)) {
    if (line.find(" POSIX ") != std::string::npos && line.find(pid) != std::string::npos &&
        line.find(inode) != std::string::npos) {
      ++n;
    }
  }
  return n;
}

// Opening the file a second time in one process (the daemon's delivery connection) must
// leave the first connection's lock alone: POSIX locks are the process's, and closing any
// descriptor of the file drops them all. Without it, the next process to close the file
// takes itself for the last, checkpoints and deletes the WAL the first still writes to.
TEST_F(SqliteStoreTest, ASecondOpenInOneProcessKeepsTheFirstConnectionsLock) {
  auto first = Open();
  ASSERT_NE(first, nullptr);
  {
    auto t = first->BeginWrite();
    ASSERT_TRUE(t.ok());
    InsertDefinition(**t);
    ASSERT_TRUE((*t)->Commit().ok());
  }
  // An emptied WAL, as after a checkpoint: the second open then reads the file's header.
  ASSERT_EQ(std::system(("sqlite3 '" + path_ + "' 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null").c_str()), 0);
  ASSERT_EQ(std::filesystem::file_size(path_ + "-wal"), 0u);
  ASSERT_GT(LocksHeldOn(path_), 0) << "the first connection holds no lock to keep";
  auto second = Open();
  ASSERT_NE(second, nullptr);
  EXPECT_GT(LocksHeldOn(path_), 0) << "opening the file again dropped the first connection's lock";
}

}  // namespace
}  // namespace krabuan
