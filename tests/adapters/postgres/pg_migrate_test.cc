// Moving an office up (adapters/migrate): a database made by driving all 21 procedures,
// copied into a PostgreSQL office, shows every case the same and its audit log holds; the
// copy is all or nothing.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <filesystem>

#include "adapters/migrate/sqlite_to_postgres.h"
#include "tests/store/pg_test_server.h"
#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class PostgresMigrate : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    Result<std::string> c = storetest::TestPostgresConninfo();
    ASSERT_TRUE(c.ok()) << c.status().message();
    target_.conninfo = *c;
    target_.office = storetest::FreshOfficeId("migrate");
  }
  void TearDown() override {
    EXPECT_TRUE(DropPostgresOffice(target_).ok());
    ManualProcessTest::TearDown();
  }

  // Every procedure twice: one case driven to its end, one left at its first steps with
  // its tasks open and its timers set. Returns the ids of all of them.
  std::vector<InstanceId> DriveEveryProcedure() {
    std::vector<std::string> ids = ProcessIds();
    std::vector<SourceFile> files;
    for (const std::string& id : ids) files.push_back({id + ".xml", ReadProcessFile(id)});
    EXPECT_TRUE(engine_->Deploy({"admin"}, files).ok());
    std::vector<InstanceId> cases;
    for (const std::string& id : ids) {
      std::shared_ptr<const ProcessDefinition> def = *engine_->Definition(id);
      std::vector<Assignment> inputs;
      for (const VariableDecl& in : def->inputs()) {
        if (!in.required || in.default_value) continue;
        inputs.emplace_back(in.name, in.options.empty() ? SampleValue(in.type) : in.options.front().value);
      }
      std::string starter = def->start_roles().empty() ? "admin" : SomeoneFor(def->start_roles().front());
      SetNow("2024-09-15T09:00:00+07:00");
      InstanceId done = Start(starter, id, inputs);
      Drive(done);
      EXPECT_EQ(Show(done).instance.state, InstanceState::kCompleted) << id;
      cases.push_back(done);
      cases.push_back(Start(starter, id, inputs));
      last_start_ = {starter, StartRequest{id, inputs, "", ""}};
    }
    return cases;
  }

  static std::vector<TimerRecord> TimersOf(Store& store, const std::vector<InstanceId>& cases) {
    std::unique_ptr<StoreTransaction> r = std::move(store.BeginRead().value());
    std::vector<TimerRecord> out;
    for (InstanceId id : cases) {
      std::vector<TimerRecord> t = *r->TimersOfInstance(id);
      out.insert(out.end(), t.begin(), t.end());
    }
    return out;
  }

  std::string DbPath() const { return (dir_ / "manual.db").string(); }

  PostgresOptions target_;
  std::pair<std::string, StartRequest> last_start_;   // who started the last case, and how
};

TEST_F(PostgresMigrate, AllProceduresMoveWithTheirHistoryAndTheLogHolds) {
  std::vector<InstanceId> cases = DriveEveryProcedure();
  ASSERT_EQ(cases.size(), 2 * ProcessIds().size());
  std::vector<InstanceView> before;
  for (InstanceId id : cases) before.push_back(Show(id));
  std::vector<TimerRecord> timers_before = TimersOf(*store_, cases);
  ASSERT_FALSE(timers_before.empty());
  engine_.reset();
  store_.reset();
  // The recurring procedures started cases of their own as the clock moved.
  std::int64_t instances = SQLite::Database(DbPath()).execAndGet("SELECT count(*) FROM instances").getInt64();
  ASSERT_GT(instances, static_cast<std::int64_t>(cases.size()));

  Result<MigrationReport> report = MigrateSqliteToPostgres(DbPath(), target_);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->rows.at("instances"), instances);
  EXPECT_GT(report->rows.at("history"), 0);
  EXPECT_GT(report->rows.at("audit_log"), report->rows.at("history"));
  EXPECT_EQ(report->rows.at("definitions"), static_cast<std::int64_t>(ProcessIds().size()));

  PostgresOptions open = target_;
  open.mode = PostgresOptions::Mode::kReadWrite;
  Result<std::unique_ptr<Store>> pg = OpenPostgresStore(open);
  ASSERT_TRUE(pg.ok()) << pg.status().message();
  Engine moved(**pg, clock_);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(cases[i]));
    Result<InstanceView> after = moved.Show({"admin"}, cases[i]);
    ASSERT_TRUE(after.ok()) << after.status().message();
    EXPECT_EQ(after->instance.state, before[i].instance.state);
    EXPECT_EQ(after->instance.started_at, before[i].instance.started_at);
    EXPECT_EQ(after->instance.ended_at, before[i].instance.ended_at);
    EXPECT_EQ(after->variables, before[i].variables);
    EXPECT_TRUE(after->history_intact);
    ASSERT_EQ(after->history.size(), before[i].history.size());
    for (std::size_t h = 0; h < after->history.size(); ++h) {
      EXPECT_EQ(after->history[h].id, before[i].history[h].id);
      EXPECT_EQ(after->history[h].hash, before[i].history[h].hash);
    }
    ASSERT_EQ(after->open_tasks.size(), before[i].open_tasks.size());
    for (std::size_t t = 0; t < after->open_tasks.size(); ++t) {
      EXPECT_EQ(after->open_tasks[t].task.id, before[i].open_tasks[t].task.id);
      EXPECT_EQ(after->open_tasks[t].task.due_at, before[i].open_tasks[t].task.due_at);
    }
  }
  std::vector<TimerRecord> timers_after = TimersOf(**pg, cases);
  ASSERT_EQ(timers_after.size(), timers_before.size());
  for (std::size_t i = 0; i < timers_after.size(); ++i) {
    EXPECT_EQ(timers_after[i].id, timers_before[i].id);
    EXPECT_EQ(timers_after[i].due_at, timers_before[i].due_at);
  }
  Result<AuditReport> audit = moved.VerifyAudit(nullptr, "");
  ASSERT_TRUE(audit.ok()) << audit.status().message();
  EXPECT_TRUE(audit->holds) << (audit->problems.empty() ? "" : audit->problems.front());
  EXPECT_EQ(audit->cases, instances);

  // The office goes on from the copied ids: a new case gets the next one.
  SetNow("2024-09-20T09:00:00+07:00");
  Result<InstanceId> next = moved.Start({last_start_.first}, last_start_.second);
  ASSERT_TRUE(next.ok()) << next.status().message();
  EXPECT_GT(*next, *std::max_element(cases.begin(), cases.end()));

  // Into an office that holds data: refused, and the office is as it was.
  std::int64_t audit_rows = audit->entries;
  Result<MigrationReport> again = MigrateSqliteToPostgres(DbPath(), target_);
  EXPECT_EQ(again.status().kind(), ErrorKind::kConflict) << again.status().message();
  Result<AuditReport> still = moved.VerifyAudit(nullptr, "");
  ASSERT_TRUE(still.ok());
  EXPECT_TRUE(still->holds);
  EXPECT_GE(still->entries, audit_rows);
}

TEST_F(PostgresMigrate, ARowTheServerRefusesLeavesNoOfficeBehind) {
  DriveEveryProcedure();
  engine_.reset();
  store_.reset();
  {
    SQLite::Database db(DbPath(), SQLite::OPEN_READWRITE);
    db.exec("UPDATE history SET at = 'not a time' WHERE id = (SELECT max(id) FROM history)");
  }
  Result<MigrationReport> report = MigrateSqliteToPostgres(DbPath(), target_);
  EXPECT_FALSE(report.ok());
  EXPECT_NE(report.status().message().find("history"), std::string::npos) << report.status().message();
  PostgresOptions open = target_;
  open.mode = PostgresOptions::Mode::kReadWrite;
  EXPECT_EQ(OpenPostgresStore(open).status().kind(), ErrorKind::kStorage);   // no such office
}

TEST_F(PostgresMigrate, AFileThatIsNotKrabuansIsRefusedBeforeAnythingIsMade) {
  std::string other = (dir_ / "other.db").string();
  {
    SQLite::Database db(other, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE notes (text TEXT)");
  }
  Result<MigrationReport> report = MigrateSqliteToPostgres(other, target_);
  EXPECT_EQ(report.status().kind(), ErrorKind::kInvalid) << report.status().message();
  PostgresOptions open = target_;
  open.mode = PostgresOptions::Mode::kReadWrite;
  EXPECT_EQ(OpenPostgresStore(open).status().kind(), ErrorKind::kStorage);
}

}  // namespace
}  // namespace krabuan::testing
