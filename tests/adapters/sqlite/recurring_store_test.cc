// The store's part in recurring starts: one recur timer per process and each occurrence
// recorded once, enforced by the schema itself, and the listing served by an index.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "adapters/sqlite/sqlite_store.h"
#include "tests/support/cli_runner.h"

namespace krabuan {
namespace {

TimerRecord Recur(const std::string& process, Instant due) {
  TimerRecord t;
  t.due_at = due;
  t.kind = TimerKind::kRecur;
  t.process_id = process;
  return t;
}

TEST(RecurringStore, OneRecurTimerPerProcessAndEachOccurrenceOnce) {
  clitest::TempDir dir;
  std::string path = (dir.path() / "store.db").string();
  Result<std::unique_ptr<Store>> store = OpenSqliteStore({.path = path});
  ASSERT_TRUE(store.ok()) << store.status().message();
  Instant may{std::chrono::seconds{1'777'568'400}};   // 2026-04-30T17:00:00Z
  auto txn = (*store)->BeginWrite();
  ASSERT_TRUE(txn.ok());
  StoreTransaction& t = **txn;

  ASSERT_TRUE(t.InsertTimer(Recur("yearly", may)).ok());
  EXPECT_FALSE(t.InsertTimer(Recur("yearly", may + std::chrono::hours(24))).ok());   // a second one
  ASSERT_TRUE(t.InsertTimer(Recur("other", may)).ok());
  Result<std::vector<TimerRecord>> timers = t.RecurTimers();
  ASSERT_TRUE(timers.ok());
  ASSERT_EQ(timers->size(), 2u);
  EXPECT_EQ((*timers)[0].process_id, "other");
  EXPECT_EQ((*timers)[1].process_id, "yearly");
  EXPECT_EQ((*timers)[1].due_at, may);
  Result<std::vector<TimerRecord>> due = t.DueTimers(may, 10);   // process_id comes back with a due timer
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_FALSE(due->front().process_id.empty());
  ASSERT_TRUE(t.DeleteRecurTimer("yearly").ok());
  EXPECT_EQ(t.RecurTimers()->size(), 1u);

  EXPECT_FALSE(*t.OccurrenceRecorded("yearly", may));
  ASSERT_TRUE(t.RecordOccurrence("yearly", may, 7).ok());
  EXPECT_TRUE(*t.OccurrenceRecorded("yearly", may));
  EXPECT_FALSE(*t.OccurrenceRecorded("other", may));
  EXPECT_FALSE(t.RecordOccurrence("yearly", may, 8).ok());   // never twice, whatever asks
  ASSERT_TRUE(t.Commit().ok());

  SQLite::Database db(path, SQLite::OPEN_READONLY);
  auto plan = [&](const char* sql) {
    SQLite::Statement q(db, std::string("EXPLAIN QUERY PLAN ") + sql);
    std::string all;
    while (q.executeStep()) all += q.getColumn(3).getString() + "\n";
    return all;
  };
  // `processes` walks the partial index, which holds the recur timers only.
  std::string p = plan("SELECT id, due_at, error, process_id FROM timers WHERE kind = 'recur' ORDER BY process_id");
  EXPECT_NE(p.find("USING INDEX timers_recur"), std::string::npos) << p;
  p = plan("SELECT 1 FROM recurring_starts WHERE process_id = 'p' AND occurrence = 'x'");
  EXPECT_EQ(p.find("SCAN "), std::string::npos) << p;
}

}  // namespace
}  // namespace krabuan
