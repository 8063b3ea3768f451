// The alert_deliveries table on a real file: queueing per sink, and the indexes the
// dispatcher's queries use.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "adapters/sqlite/sqlite_store.h"
#include "tests/support/cli_runner.h"

namespace krabuan {
namespace {

TEST(AlertDeliveriesTest, EachSinkGetsEachAlertOnceAndOnlyNewOnesLater) {
  clitest::TempDir dir;
  SqliteOptions o;
  o.path = (dir.path() / "k.db").string();
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(o);
  ASSERT_TRUE(store.ok());
  Instant now{std::chrono::seconds{1'760'000'000}};
  auto add_alert = [&] {
    auto t = (*store)->BeginWrite();
    ASSERT_TRUE((*t)->InsertAlert(AlertRecord{0, now, "overdue", 1, 1, "ก", "{}"}).ok());
    ASSERT_TRUE((*t)->Commit().ok());
  };
  auto enqueue = [&](const std::string& sink) {
    auto t = (*store)->BeginWrite();
    ASSERT_TRUE((*t)->EnqueueDeliveries(sink, now).ok());
    ASSERT_TRUE((*t)->Commit().ok());
  };
  auto due = [&](std::vector<std::string> sinks) {
    auto t = (*store)->BeginRead();
    return (*t)->DueDeliveries(sinks, now, 100)->size();
  };
  add_alert();
  add_alert();
  enqueue("a");
  enqueue("a");   // again: nothing new
  EXPECT_EQ(due({"a"}), 2u);
  EXPECT_EQ(due({"b"}), 0u);
  add_alert();
  enqueue("a");
  enqueue("b");   // a sink seen for the first time gets the outbox as it is
  EXPECT_EQ(due({"a"}), 3u);
  EXPECT_EQ(due({"a", "b"}), 6u);
  auto t = (*store)->BeginRead();
  EXPECT_EQ((*t)->DeliveriesOf(2, 3)->size(), 4u);
  EXPECT_EQ((*t)->NextDeliveryDue({"b"}).value(), now);
  EXPECT_FALSE((*t)->NextDeliveryDue({"c"})->has_value());
}

TEST(AlertDeliveriesTest, TheDispatchersQueriesUseIndexes) {
  clitest::TempDir dir;
  SqliteOptions o;
  o.path = (dir.path() / "k.db").string();
  ASSERT_TRUE(OpenSqliteStore(o).ok());
  SQLite::Database db(o.path, SQLite::OPEN_READONLY);
  auto plan = [&](const std::string& sql) {
    SQLite::Statement q(db, "EXPLAIN QUERY PLAN " + sql);
    std::string all;
    while (q.executeStep()) all += q.getColumn(3).getString() + "\n";
    return all;
  };
  for (const char* sql : {
           "SELECT * FROM alert_deliveries WHERE state = 'pending' AND next_attempt_at <= 'x' AND sink IN ('a', 'b') "
           "ORDER BY next_attempt_at, alert_id LIMIT 10",
           "SELECT COALESCE(MAX(alert_id), 0) FROM alert_deliveries WHERE sink = 'a'",
           "SELECT * FROM alert_deliveries WHERE alert_id BETWEEN 1 AND 9 ORDER BY alert_id, sink",
       }) {
    std::string p = plan(sql);
    EXPECT_EQ(p.find("SCAN "), std::string::npos) << sql << "\n" << p;
  }
}

}  // namespace
}  // namespace krabuan
