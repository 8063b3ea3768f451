// Alert delivery across crashes: the resident daemon delivering to a real webhook on
// 127.0.0.1 is killed with SIGKILL at random moments and restarted; every alert arrives,
// and each kill sends again at most what was in flight (AlertDispatcher::kUnrecordedPerSink).
#include <signal.h>

#include <iostream>
#include <random>
#include <set>
#include <thread>

#include "adapters/sqlite/sqlite_store.h"
#include "engine/alerts/dispatcher.h"
#include "engine/engine.h"
#include "tests/cli/cli_fixture.h"
#include "tests/support/background_process.h"
#include "tests/support/http_test_server.h"

namespace krabuan::clitest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kAfterDue = "2025-10-02T09:00+07:00";
constexpr int kCases = 400;
constexpr int kKills = 25;

class CliDeliveryCrash : public CliTest {
 protected:
  void StartCases(int n) {
    SqliteOptions o;
    o.path = cli_.db().string();
    o.sync = SqliteOptions::Sync::kNormal;
    auto store = OpenSqliteStore(o);
    ASSERT_TRUE(store.ok()) << store.status().message();
    FixedClock clock(*ParseInstant(kDefaultNow));
    Engine engine(**store, clock);
    for (int i = 0; i < n; ++i) {
      StartRequest request;
      request.process_id = "budget-request";
      request.inputs = {{"fiscal_year", "2568"}, {"budget_category", "investment"}};
      ASSERT_TRUE(engine.Start({"p34"}, request).ok());
    }
  }

  std::int64_t Count(const std::string& sql) const { return std::stoll(QueryDatabase(cli_.db(), sql)[0][0]); }
};

TEST_F(CliDeliveryCrash, SigkillMidRoundResendsAtMostTheDeliveriesInFlight) {
  StartCases(kCases);
  Must(cli_.Run({"--now", kAfterDue, "daemon", "--once"}));
  const std::int64_t alerts = Count("SELECT COUNT(*) FROM alerts");
  ASSERT_GE(alerts, kCases);

  testing::HttpTestServer server;
  // A lease of one second: a delivery claimed but not tried when its daemon died goes
  // with the next daemon soon after.
  std::filesystem::path config = dir_.WriteFile(
      "krabuan.json", R"({"sinks": [{"type": "webhook", "name": "hook", "url": ")" + server.Url("/alerts") +
                          R"(", "timeout_seconds": 2}], "retry": {"initial_delay_seconds": 1, "jitter": 0, "lease_seconds": 1}})");
  const std::map<std::string, std::optional<std::string>> env = {{"KRABUAN_DB", cli_.db().string()},
                                                                 {"KRABUAN_NOW", kAfterDue}};
  const std::vector<std::string> args = {"daemon", "--poll-ms", "50", "--config", config.string(), "--log-level", "warn"};
  std::mt19937 rng(20261202);
  std::uniform_int_distribution<int> delay_ms(30, 250);
  int midway = 0;   // kills that cut a round: some delivered before, some left after
  int kills = 0;
  for (int i = 0; i < kKills; ++i) {
    std::int64_t before = Count("SELECT COUNT(*) FROM alert_deliveries WHERE state = 'delivered'");
    BackgroundProcess d(KrabuanBinary(), args, env, dir_.path() / "daemon.log");
    std::this_thread::sleep_for(milliseconds(delay_ms(rng)));
    d.Signal(SIGKILL);
    ++kills;
    ASSERT_TRUE(d.Wait(seconds(5)).has_value());
    std::int64_t after = Count("SELECT COUNT(*) FROM alert_deliveries WHERE state = 'delivered'");
    if (after > before && after < alerts) ++midway;
    if (after == alerts) break;
    std::this_thread::sleep_for(milliseconds(1100));   // the dead daemon's claims lapse
  }
  EXPECT_GE(midway, 3) << "the kills did not cut the rounds";

  // A last daemon delivers what is left; then every alert has arrived.
  {
    BackgroundProcess d(KrabuanBinary(), args, env, dir_.path() / "last.log");
    auto deadline = std::chrono::steady_clock::now() + seconds(30);
    auto running = [&] { return cli_.Run({"daemon", "--status", "--json"}).Json().value("running", false); };
    while (std::chrono::steady_clock::now() < deadline &&
           (!running() || Count("SELECT COUNT(*) FROM alert_deliveries WHERE state = 'delivered'") < alerts)) {
      std::this_thread::sleep_for(milliseconds(100));
    }
    d.Signal(SIGTERM);
    EXPECT_EQ(d.Wait(seconds(10)), 0) << d.Log();
  }
  ASSERT_EQ(Count("SELECT COUNT(*) FROM alert_deliveries WHERE state = 'delivered'"), alerts);
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
