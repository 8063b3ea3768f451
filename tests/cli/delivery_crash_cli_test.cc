// Alert delivery across crashes: the resident daemon delivering to a real webhook on
// 127.0.0.1 is killed with SIGKILL in the middle of its delivery round and restarted;
// every alert arrives, and each kill sends again at most what was in flight
// (AlertDispatcher::kUnrecordedPerSink). The receiver answers each POST late, so a
// round of kCases deliveries lasts seconds, and each kill comes after the receiver has
// seen a chosen number of the round's requests: the cut does not depend on speed.
#include <signal.h>

#include <iostream>
#include <set>
#include <thread>

#include "adapters/sqlite/sqlite_store.h"
#include "engine/alerts/dispatcher.h"
#include "engine/engine.h"
#include "tests/cli/many_cases_fixture.h"
#include "tests/support/background_process.h"
#include "tests/support/http_test_server.h"

namespace krabuan::clitest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kAfterDue = "2025-10-02T09:00+07:00";
constexpr int kCases = 400;
constexpr int kKills = 8;
constexpr std::chrono::milliseconds kAnswerDelay{20};

class CliDeliveryCrash : public ManyCasesTest {};

TEST_F(CliDeliveryCrash, SigkillMidRoundResendsAtMostTheDeliveriesInFlight) {
  StartCases(kCases);
  Must(cli_.Run({"--now", kAfterDue, "daemon", "--once"}));
  const std::int64_t alerts = Count("SELECT COUNT(*) FROM alerts");
  ASSERT_GE(alerts, kCases);

  testing::HttpTestServer server;
  server.SetDelay(kAnswerDelay);
  // A lease of one second: a delivery claimed but not tried when its daemon died goes
  // with the next daemon soon after.
  std::filesystem::path config = dir_.WriteFile(
      "krabuan.json", R"({"sinks": [{"type": "webhook", "name": "hook", "url": ")" + server.Url("/alerts") +
                          R"(", "timeout_seconds": 2}], "retry": {"initial_delay_seconds": 1, "jitter": 0, "lease_seconds": 1}})");
  const std::map<std::string, std::optional<std::string>> env = {{"KRABUAN_DB", cli_.db().string()},
                                                                 {"KRABUAN_NOW", kAfterDue}};
  const std::vector<std::string> args = {"daemon", "--poll-ms", "50", "--config", config.string(), "--log-level", "warn"};
  const auto delivered = [&] { return Count("SELECT COUNT(*) FROM alert_deliveries WHERE state = 'delivered'"); };
  int midway = 0;   // kills that cut a round: some delivered before, some left after
  int kills = 0;
  for (int i = 0; i < kKills; ++i) {
    std::int64_t before = delivered();
    // The receiver has seen `seen` requests of this daemon's round: a sink sends one only
    // while fewer than kUnrecordedPerSink answers wait to be recorded, so at least
    // seen - kUnrecordedPerSink were recorded, and the round (kCases slow answers) is far
    // from its end.
    const std::size_t seen = AlertDispatcher::kUnrecordedPerSink + 1 + static_cast<std::size_t>(i % 4);
    const std::size_t target = server.RequestCount() + seen;
    BackgroundProcess d(KrabuanBinary(), args, env, dir_.path() / "daemon.log");
    auto deadline = std::chrono::steady_clock::now() + seconds(20);
    while (std::chrono::steady_clock::now() < deadline && server.RequestCount() < target) {
      std::this_thread::sleep_for(milliseconds(1));
    }
    ASSERT_GE(server.RequestCount(), target) << d.Log();
    d.Signal(SIGKILL);
    ++kills;
    ASSERT_TRUE(d.Wait(seconds(5)).has_value());
    std::int64_t after = delivered();
    if (after > before && after < alerts) ++midway;
    std::this_thread::sleep_for(milliseconds(1100));   // the dead daemon's claims lapse
  }
  EXPECT_EQ(midway, kills) << "a kill did not cut a round";
  server.SetDelay(milliseconds(0));

  // A last daemon delivers what is left; then every alert has arrived.
  {
    BackgroundProcess d(KrabuanBinary(), args, env, dir_.path() / "last.log");
    auto deadline = std::chrono::steady_clock::now() + seconds(30);
    auto running = [&] { return cli_.Run({"daemon", "--status", "--json"}).Json().value("running", false); };
    while (std::chrono::steady_clock::now() < deadline &&
           (!running() || delivered() < alerts)) {
      std::this_thread::sleep_for(milliseconds(100));
    }
    d.Signal(SIGTERM);
    EXPECT_EQ(d.Wait(seconds(10)), 0) << d.Log();
  }
  ASSERT_EQ(delivered(), alerts);
  std::multiset<std::int64_t> sent;
  for (const testing::RecordedRequest& r : server.Requests()) sent.insert(json::parse(r.body).at("id").get<std::int64_t>());
  std::set<std::int64_t> distinct(sent.begin(), sent.end());
  EXPECT_EQ(static_cast<std::int64_t>(distinct.size()), alerts);
  const std::int64_t duplicates = static_cast<std::int64_t>(sent.size() - distinct.size());
  std::cout << "alerts " << alerts << ", kills " << kills << " (" << midway << " cutting a round), duplicates "
            << duplicates << "\n";
  EXPECT_LE(duplicates, static_cast<std::int64_t>(kills) * AlertDispatcher::kUnrecordedPerSink)
      << duplicates << " duplicates from " << kills << " kills";
}

}  // namespace
}  // namespace krabuan::clitest
