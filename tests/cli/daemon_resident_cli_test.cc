// The resident daemon through the real binary: it fires what is due, notices timers that
// other processes add, stops cleanly on SIGTERM, holds the lease alone, and drives a
// whole fiscal year with a jumping clock.
#include <signal.h>

#include <set>
#include <thread>

#include "tests/cli/cli_fixture.h"
#include "tests/support/background_process.h"
#include "tests/support/http_test_server.h"

namespace krabuan::clitest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kAfterDue = "2025-10-02T09:00+07:00";   // budget-request's notice was due 30 Sep 2568

class CliResidentDaemon : public CliTest {
 protected:
  std::map<std::string, std::optional<std::string>> Env(const std::string& now) const {
    return {{"KRABUAN_DB", cli_.db().string()}, {"KRABUAN_NOW", now}};
  }

  std::unique_ptr<BackgroundProcess> Daemon(const std::string& name, const std::string& poll_ms = "100",
                                            const std::string& now = kAfterDue) const {
    std::vector<std::string> args = {"daemon", "--poll-ms", poll_ms, "--lease-ttl", "2", "--log-level", "debug"};
    return std::make_unique<BackgroundProcess>(KrabuanBinary(), args, Env(now), dir_.path() / (name + ".log"));
  }

  std::int64_t AlertCount() const { return Alerts().size(); }

  // Polls until `done` or the deadline; true when it came true.
  template <typename F>
  static bool Eventually(F done, milliseconds within = milliseconds(10000)) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      std::this_thread::sleep_for(milliseconds(50));
    }
    return done();
  }

  json Status() const { return cli_.Run({"daemon", "--status", "--json"}).Json(); }
};

TEST_F(CliResidentDaemon, FiresWhatIsDueNoticesNewTimersAndStopsOnSigterm) {
  StartBudget("p34", "investment");
  auto d = Daemon("daemon");
  ASSERT_TRUE(Eventually([&] { return AlertCount() == 1; })) << d->Log();

  // A timer added by another process (a new case whose step is already late by the
  // daemon's clock) is noticed within the poll interval, without a restart.
  StartBudget("p34", "personnel");
  ASSERT_TRUE(Eventually([&] { return AlertCount() == 2; }, milliseconds(3000))) << d->Log();

  json status = Status();
  EXPECT_EQ(status.at("running"), true) << status.dump(2);
  EXPECT_EQ(status.at("daemon").at("pid"), d->pid());
  // Per case its reminder (past, silent) and overdue alert; and annual-action-plan's
  // recurring start (1 October).
  EXPECT_EQ(status.at("daemon").at("fired_total"), 5);

  d->Signal(SIGTERM);
  EXPECT_EQ(d->Wait(seconds(10)), 0) << d->Log();
  EXPECT_NE(d->Log().find("stopping after the batch in hand"), std::string::npos) << d->Log();
  CliResult after = cli_.Run({"daemon", "--status"});
  EXPECT_EQ(after.exit_code, 1) << after;   // no daemon holds the lease now
  EXPECT_NE(after.out.find("not running"), std::string::npos) << after;
  EXPECT_NE(after.out.find("stopped"), std::string::npos) << after;
  EXPECT_EQ(AlertCount(), 2);
}

TEST_F(CliResidentDaemon, SigintStopsAnIdleDaemonAtOnce) {
  auto d = Daemon("daemon", "60000");   // asleep for a minute unless woken
  ASSERT_TRUE(Eventually([&] { return Status().value("running", false); })) << d->Log();
  d->Signal(SIGINT);
  EXPECT_EQ(d->Wait(seconds(5)), 0) << d->Log();
}

TEST_F(CliResidentDaemon, TwoDaemonsNeverFireTogetherAndTheSecondTakesOver) {
  auto first = Daemon("first");
  ASSERT_TRUE(Eventually([&] { return Status().value("running", false); })) << first->Log();
  auto second = Daemon("second");
  ASSERT_TRUE(Eventually([&] { return second->Log().find("waiting to take over") != std::string::npos; }))
      << second->Log();
  EXPECT_EQ(Status().at("daemon").at("pid"), first->pid());

  StartBudget("p34", "investment");
  ASSERT_TRUE(Eventually([&] { return AlertCount() == 1; })) << first->Log();
  EXPECT_EQ(second->Log().find("fired"), std::string::npos) << second->Log();

  // The first dies without a word; the second takes over within seconds and fires the
  // next timer, once.
  first->Signal(SIGKILL);
  ASSERT_EQ(first->Wait(seconds(5)), 128 + SIGKILL);
  ASSERT_TRUE(Eventually([&] { return Status().at("daemon").at("pid") == second->pid(); })) << second->Log();
  StartBudget("p34", "personnel");
  ASSERT_TRUE(Eventually([&] { return AlertCount() == 2; })) << second->Log();

  // A third daemon started now waits, as the second did.
  auto third = Daemon("third");
  std::this_thread::sleep_for(milliseconds(500));
  StartBudget("p34", "operating");
  ASSERT_TRUE(Eventually([&] { return AlertCount() == 3; })) << second->Log();
  EXPECT_EQ(third->Log().find("fired"), std::string::npos) << third->Log();

  json fired = Alerts();
  std::set<std::int64_t> tasks;
  for (const json& a : fired) tasks.insert(a.at("task").get<std::int64_t>());
  EXPECT_EQ(fired.size(), 3u) << fired.dump(2);
  EXPECT_EQ(tasks.size(), 3u) << fired.dump(2);
}

TEST_F(CliResidentDaemon, SteppedClockDrivesAFiscalYearAndStops) {
  // Two cases started on 1 Oct 2567 (FY 2568); the daemon jumps its clock from one due
  // timer to the next up to the end of the fiscal year and stops there.
  cli_.SetEnv("KRABUAN_NOW", "2024-10-01T09:00+07:00");
  StartBudget("p34", "investment");
  StartBudget("p34", "personnel");
  CliResult run = cli_.RunWithEnv({"daemon", "--step", "--until", "2025-10-01T00:00+07:00", "--log-level", "info"}, {});
  ASSERT_EQ(run.exit_code, 0) << run;
  EXPECT_NE(run.err.find("reached"), std::string::npos) << run;

  // Each overdue alert was raised at its due time to the second, by the jumping clock;
  // each reminder before it.
  json alerts = Alerts();
  ASSERT_EQ(alerts.size(), 4u) << alerts.dump(2);
  int overdue = 0;
  for (const json& a : alerts) {
    const std::string raised = a.at("created").get<std::string>();
    const std::string due = TaskInfo(a.at("task").get<std::int64_t>()).at("due").get<std::string>();
    if (a.at("kind") == "overdue") {
      ++overdue;
      EXPECT_EQ(raised, due) << a.dump(2);
    } else {
      EXPECT_EQ(a.at("kind"), "reminder") << a.dump(2);
      EXPECT_LT(raised, due) << a.dump(2);   // both UTC and written alike: text order is time order
    }
  }
  EXPECT_EQ(overdue, 2);
  json status = Status();
  EXPECT_EQ(status.at("running"), false);
  EXPECT_EQ(status.at("daemon").at("clock_now"), "2025-09-30T17:00:00Z") << status.dump(2);
}

TEST_F(CliResidentDaemon, DeliversToAWebhookThatComesUpLate) {
  // The receiver is down when the alert is raised; the running daemon retries (real time,
  // 1 s back-off here) and delivers once it is up, without holding up the timers.
  testing::HttpTestServer server;
  server.Stop();
  std::filesystem::path config = dir_.WriteFile(
      "krabuan.json", R"({"sinks": [{"type": "webhook", "name": "hook", "url": ")" + server.Url("/alerts") +
                          R"(", "timeout_seconds": 2}], "retry": {"initial_delay_seconds": 1, "max_delay_seconds": 1, "jitter": 0}})");
  StartBudget("p34", "investment");
  auto d = std::make_unique<BackgroundProcess>(
      KrabuanBinary(), std::vector<std::string>{"daemon", "--poll-ms", "100", "--config", config.string()},
      Env(kAfterDue), dir_.path() / "daemon.log");
  ASSERT_TRUE(Eventually([&] { return d->Log().find("to retry") != std::string::npos; })) << d->Log();
  server.Start();
  ASSERT_TRUE(Eventually([&] { return server.Requests().size() == 1; })) << d->Log();
  json body = json::parse(server.Requests()[0].body);
  EXPECT_EQ(body.at("kind"), "overdue") << body.dump(2);
  ASSERT_TRUE(Eventually([&] {
    for (const json& a : Alerts()) {
      for (const json& sent : a.at("deliveries")) {
        if (sent.at("sink") == "hook") return sent.at("state") == "delivered";
      }
    }
    return false;
  })) << d->Log();
  d->Signal(SIGTERM);
  EXPECT_EQ(d->Wait(seconds(10)), 0) << d->Log();
  EXPECT_EQ(server.Requests().size(), 1u);
}

TEST_F(CliResidentDaemon, RefusesContradictoryClocks) {
  CliResult step_only = cli_.Run({"daemon", "--step"});
  EXPECT_EQ(step_only.exit_code, 2) << step_only;
  EXPECT_NE(step_only.err.find("--step needs --until"), std::string::npos) << step_only;
  CliResult both = cli_.Run({"daemon", "--step", "--speed", "10", "--until", "2026-01-01"});
  EXPECT_EQ(both.exit_code, 2) << both;
  CliResult bad_until = cli_.Run({"daemon", "--until", "พรุ่งนี้"});
  EXPECT_EQ(bad_until.exit_code, 1) << bad_until;
  EXPECT_NE(bad_until.err.find("--until"), std::string::npos) << bad_until;
  CliResult bad_level = cli_.Run({"daemon", "--log-level", "loud"});
  EXPECT_EQ(bad_level.exit_code, 1) << bad_level;
  EXPECT_EQ(cli_.Run({"daemon", "--once", "--status"}).exit_code, 2);
}

}  // namespace
}  // namespace krabuan::clitest
