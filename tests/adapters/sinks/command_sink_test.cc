// The command and log sinks, and the retry policy, through the dispatcher.
#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/sinks/ostream_sink.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/sinks/log_sink.h"
#include "tests/adapters/sinks/sink_fixture.h"

namespace krabuan::testing {
namespace {

using nlohmann::json;
using std::chrono::seconds;

std::vector<json> JsonLines(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::vector<json> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

class CommandSinkTest : public SinkTest {};

TEST_F(CommandSinkTest, RunsTheProgramWithTheAlertJsonOnStdin) {
  std::filesystem::path out = dir_ / "alerts.jsonl";
  std::int64_t a = AddAlert("งานเกินกำหนด: ก"), b = AddAlert("งานเกินกำหนด: ข");
  auto d = Dispatcher(ExactPolicy(), Shell("script", "cat >> '" + out.string() + "'; echo \"$KRABUAN_ALERT_ID\" >> '" +
                                                          out.string() + ".ids'"));
  Result<DispatchResult> r = d->DeliverDue();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->delivered, 2);
  std::vector<json> lines = JsonLines(out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("id"), a);
  EXPECT_EQ(lines[0].at("text"), "งานเกินกำหนด: ก");
  EXPECT_EQ(lines[1].at("id"), b);
  EXPECT_EQ(lines[1].at("process"), "p");
  std::ifstream ids(out.string() + ".ids");
  std::string first, second;
  ids >> first >> second;
  EXPECT_EQ(first, std::to_string(a));
  EXPECT_EQ(second, std::to_string(b));
}

TEST_F(CommandSinkTest, AFailingCommandIsRetriedUntilItSucceeds) {
  std::filesystem::path flag = dir_ / "ready";
  std::int64_t id = AddAlert();
  auto d = Dispatcher(ExactPolicy(), Shell("script", "cat > /dev/null; test -e '" + flag.string() +
                                                          "' || { echo 'mail server down' >&2; exit 3; }"));
  Instant t0 = clock_.Now();
  Result<DispatchResult> r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->retrying, 1);
  DeliveryRecord row = Delivery(id, "script");
  EXPECT_EQ(row.last_error, "'/bin/sh' failed: exit 3: mail server down");
  EXPECT_EQ(row.next_attempt_at, t0 + seconds(30));

  std::ofstream(flag) << "";
  clock_.Set(t0 + seconds(30));
  r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->delivered, 1);
  EXPECT_EQ(Delivery(id, "script").attempts, 2);
}

TEST_F(CommandSinkTest, ACommandThatHangsIsKilledAtItsTimeout) {
  std::int64_t id = AddAlert();
  auto d = Dispatcher(ExactPolicy(), Shell("script", "sleep 30", std::chrono::milliseconds(300)));
  auto started = std::chrono::steady_clock::now();
  Result<DispatchResult> r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(5));
  EXPECT_EQ(r->retrying, 1);
  EXPECT_NE(Delivery(id, "script").last_error.find("did not finish within 300 ms"), std::string::npos);
}

TEST_F(CommandSinkTest, EverySinkGetsEveryAlertAndANewAlertIsQueuedForAll) {
  std::ostringstream logged;
  auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(logged));
  std::filesystem::path out = dir_ / "alerts.jsonl";
  std::int64_t a = AddAlert("งานเกินกำหนด: หนึ่ง");
  auto d = Dispatcher(ExactPolicy(), std::make_unique<LogSink>("log", logger),
                      Shell("script", "cat >> '" + out.string() + "'"));
  ASSERT_EQ(d->DeliverDue()->delivered, 2);
  std::int64_t b = AddAlert("งานเกินกำหนด: สอง");
  ASSERT_EQ(d->DeliverDue()->delivered, 2);
  EXPECT_EQ(JsonLines(out).size(), 2u);
  EXPECT_NE(logged.str().find("alert " + std::to_string(a) + " (case 1, task 2): งานเกินกำหนด: หนึ่ง"), std::string::npos)
      << logged.str();
  EXPECT_NE(logged.str().find("งานเกินกำหนด: สอง"), std::string::npos);
  for (std::int64_t id : {a, b}) {
    EXPECT_EQ(Delivery(id, "log").state, DeliveryState::kDelivered);
    EXPECT_EQ(Delivery(id, "script").state, DeliveryState::kDelivered);
  }
}

TEST_F(CommandSinkTest, AClaimedDeliveryIsLeftAloneUntilItsLeaseRunsOut) {
  std::int64_t id = AddAlert();
  // A round that died after claiming: the row is leased, as DeliverDue's first step leaves it.
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE((*txn)->EnqueueDeliveries("script", clock_.Now()).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  DeliveryRecord leased = Delivery(id, "script");
  leased.next_attempt_at = clock_.Now() + seconds(300);
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE((*txn)->UpdateDelivery(leased).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto d = Dispatcher(ExactPolicy(), Shell("script", "cat > /dev/null"));
  EXPECT_EQ(d->DeliverDue()->delivered, 0);
  clock_.Set(clock_.Now() + seconds(300));
  EXPECT_EQ(d->DeliverDue()->delivered, 1);   // delivered again: at least once
}

// The resident daemon asks every second; with no new alert and nothing due a round only
// reads, so it goes through while another process holds the write lock (a round that
// wrote would wait out the busy timeout and fail).
TEST_F(CommandSinkTest, AnIdleRoundTakesNoWriteLock) {
  std::int64_t id = AddAlert();
  auto d = Dispatcher(ExactPolicy(), Shell("script", "cat > /dev/null"));
  ASSERT_EQ(d->DeliverDue()->delivered, 1);
  {
    SQLite::Database other(db_path_, SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    Result<DispatchResult> idle = d->DeliverDue();
    ASSERT_TRUE(idle.ok()) << idle.status().message();
    EXPECT_EQ(idle->delivered, 0);
    EXPECT_FALSE(idle->next_attempt.has_value());
    other.exec("ROLLBACK");
  }
  std::int64_t next = AddAlert("งานเกินกำหนด: ใหม่");
  EXPECT_EQ(d->DeliverDue()->delivered, 1);   // a new alert is work again
  EXPECT_EQ(Delivery(next, "script").state, DeliveryState::kDelivered);
  EXPECT_EQ(Delivery(id, "script").attempts, 1);
}

TEST(RetryPolicyTest, DoublesFromTheInitialDelayUpToTheCapAndJitterOnlyShortens) {
  RetryPolicy p;
  p.initial_delay = seconds(30);
  p.max_delay = seconds(3600);
  p.jitter = 0;
  const std::vector<std::pair<int, long>> table = {{1, 30}, {2, 60}, {3, 120}, {4, 240}, {7, 1920}, {8, 3600}, {50, 3600}};
  for (auto [failures, expected] : table) EXPECT_EQ(p.DelayAfter(failures, 0.5).count(), expected) << failures;
  p.jitter = 0.2;
  EXPECT_EQ(p.DelayAfter(1, 0.0).count(), 30);
  EXPECT_EQ(p.DelayAfter(1, 0.5).count(), 27);
  EXPECT_EQ(p.DelayAfter(8, 0.999).count(), 2880);
  EXPECT_GE(p.DelayAfter(1, 1.0).count(), 24);
}

}  // namespace
}  // namespace krabuan::testing
