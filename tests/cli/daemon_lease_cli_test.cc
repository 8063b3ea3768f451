// The daemon lease through the real binary: SIGTERM after the batch in hand, a holder
// that is gone seen at once, holders told apart across machines, boots and PID
// namespaces, `daemon --once` beside a resident daemon, and failed timers re-armed.
#include <signal.h>

#include <thread>

#include "adapters/process/process_info.h"
#include "adapters/sqlite/sqlite_store.h"
#include "engine/engine.h"
#include "tests/cli/many_cases_fixture.h"
#include "tests/support/background_process.h"

namespace krabuan::clitest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kAfterDue = "2025-10-02T09:00+07:00";   // budget-request's notice was due 30 Sep 2568

class CliDaemonLease : public ManyCasesTest {
 protected:
  std::map<std::string, std::optional<std::string>> Env(const std::string& now = kAfterDue) const {
    return {{"KRABUAN_DB", cli_.db().string()}, {"KRABUAN_NOW", now}};
  }

  std::unique_ptr<BackgroundProcess> Daemon(const std::string& name, std::vector<std::string> extra = {},
                                            const std::string& now = kAfterDue) const {
    std::vector<std::string> args = {"daemon", "--poll-ms", "100", "--log-level", "debug"};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<BackgroundProcess>(KrabuanBinary(), args, Env(now), dir_.path() / (name + ".log"));
  }

  std::int64_t DueTimers() const {
    return Count("SELECT COUNT(*) FROM timers WHERE error = '' AND due_at <= '" + FormatInstantUtc(*ParseInstant(kAfterDue)) + "'");
  }

  template <typename F>
  static bool Eventually(F done, milliseconds within = milliseconds(10000)) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      std::this_thread::sleep_for(milliseconds(20));
    }
    return done();
  }

  json Status() const { return cli_.Run({"daemon", "--status", "--json"}).Json(); }
};

TEST_F(CliDaemonLease, SigtermStopsAfterTheBatchInHand) {
  StartCases(1500);   // 3,000 due timers: 600 batches of 5
  auto d = Daemon("daemon", {"--batch", "5", "--lease-ttl", "30"});
  ASSERT_TRUE(Eventually([&] { return DueTimers() < 2900; })) << d->Log();
  // Frozen, the daemon is inside a batch or between two; what is committed now is what
  // it had done. SIGTERM waits while it is stopped and arrives the moment it goes on.
  d->Signal(SIGSTOP);
  std::this_thread::sleep_for(milliseconds(100));
  std::int64_t left = DueTimers();
  ASSERT_GT(left, 0);
  d->Signal(SIGTERM);
  d->Signal(SIGCONT);
  ASSERT_EQ(d->Wait(seconds(10)), 0) << d->Log();
  // At most the batch in hand committed after the signal.
  EXPECT_LE(left - DueTimers(), 5) << "fired after SIGTERM: " << left - DueTimers();
  EXPECT_NE(d->Log().find("stopping after the batch in hand"), std::string::npos) << d->Log();
  EXPECT_EQ(Status().at("running"), false);
}

TEST_F(CliDaemonLease, StatusSeesAHolderThatIsGoneAtOnce) {
  auto d = Daemon("daemon", {"--lease-ttl", "600"});
  ASSERT_TRUE(Eventually([&] { return Status().value("running", false); })) << d->Log();
  d->Signal(SIGKILL);
  ASSERT_EQ(d->Wait(seconds(5)), 128 + SIGKILL);
  // Its lease would run for ten more minutes; its process is gone now.
  json status = Status();
  EXPECT_EQ(status.at("running"), false) << status.dump(2);
  EXPECT_EQ(status.at("daemon").at("gone"), true) << status.dump(2);
  CliResult text = cli_.Run({"daemon", "--status"});
  EXPECT_EQ(text.exit_code, 1) << text;
  EXPECT_NE(text.out.find("gone without giving up its lease"), std::string::npos) << text;

  // A new daemon takes over at once rather than waiting the ten minutes out.
  auto next = Daemon("next");
  ASSERT_TRUE(Eventually([&] { return Status().value("running", false); }, milliseconds(5000))) << next->Log();
  EXPECT_EQ(Status().at("daemon").at("pid"), next->pid());
  EXPECT_NE(next->Log().find("is gone; taking over"), std::string::npos) << next->Log();
}

// Each row is a lease holder written as another daemon would have left it, its lease
// live for another hour: whether this machine may call it gone.
TEST_F(CliDaemonLease, AHolderIsToldApartByBootNamespaceAndStartTime) {
  const ProcessIdentity& self = SelfIdentity();
  ASSERT_FALSE(self.boot_id.empty());
  ASSERT_NE(self.pid_ns, 0u);
  std::int64_t dead_pid = 0;
  {
    BackgroundProcess child("/bin/true", {}, {}, dir_.path() / "true.log");
    dead_pid = child.pid();
    ASSERT_TRUE(child.Wait(seconds(5)).has_value());
  }
  struct Row {
    const char* what;
    std::string boot_id;
    std::uint64_t pid_ns;
    std::int64_t pid;
    std::uint64_t start_ticks;
    bool gone;
  };
  const std::vector<Row> rows = {
      {"same machine and namespace, the process ended", self.boot_id, self.pid_ns, dead_pid, 12345, true},
      {"same pid now running another program (started later)", self.boot_id, self.pid_ns, self.pid, self.start_ticks + 1, true},
      {"this very process", self.boot_id, self.pid_ns, self.pid, self.start_ticks, false},
      {"another PID namespace (a container with the same host name)", self.boot_id, self.pid_ns + 1, dead_pid, 12345, false},
      {"another machine or boot", "00000000-0000-0000-0000-000000000000", self.pid_ns, dead_pid, 12345, false},
      {"written by an older version, no identity", "", 0, dead_pid, 0, false},
  };
  Instant now = SystemClock().Now();
  for (const Row& r : rows) {
    ExecuteSql(cli_.db(), "INSERT OR REPLACE INTO daemon (id, holder, host, pid, started_at, heartbeat_at, expires_at, "
                          "stopped, last_batch_at, clock_now, boot_id, pid_ns, start_ticks) VALUES (1, 'h:1:x', 'h', " +
                              std::to_string(r.pid) + ", '" + FormatInstantUtc(now) + "', '" + FormatInstantUtc(now) +
                              "', '" + FormatInstantUtc(now + std::chrono::hours(1)) + "', 0, '" + FormatInstantUtc(Instant{}) +
                              "', '" + FormatInstantUtc(now) + "', '" + r.boot_id + "', " + std::to_string(r.pid_ns) +
                              ", " + std::to_string(r.start_ticks) + ")");
    json status = Status();
    EXPECT_EQ(status.at("daemon").at("gone"), r.gone) << r.what << "\n" << status.dump(2);
    EXPECT_EQ(status.at("running"), !r.gone) << r.what;
  }
}

TEST_F(CliDaemonLease, OnceLeavesTheTimersToAResidentDaemon) {
  StartBudget("p34", "investment");
  // The resident daemon's clock is before the notice's due time: it holds the lease and
  // has nothing to fire.
  auto d = Daemon("daemon", {"--lease-ttl", "30"}, kDefaultNow);
  ASSERT_TRUE(Eventually([&] { return Status().value("running", false); })) << d->Log();
  CliResult once = Must(cli_.Run({"--now", kAfterDue, "daemon", "--once"}));
  EXPECT_NE(once.out.find("left to the daemon running on"), std::string::npos) << once;
  EXPECT_NE(once.out.find("pid " + std::to_string(d->pid())), std::string::npos) << once;
  json j = Must(cli_.Run({"--now", kAfterDue, "daemon", "--once", "--json"})).Json();
  EXPECT_EQ(j.at("fired"), 0) << j.dump();
  EXPECT_EQ(j.at("left_to").at("pid"), d->pid());
  EXPECT_EQ(Alerts(), json::array());

  d->Signal(SIGTERM);
  ASSERT_EQ(d->Wait(seconds(10)), 0) << d->Log();
  // No daemon now: --once fires, holding the lease for its run and giving it up after.
  json fired = Must(cli_.Run({"--now", kAfterDue, "daemon", "--once", "--json"})).Json();
  EXPECT_EQ(fired.at("fired"), 3) << fired.dump();
  EXPECT_FALSE(fired.contains("left_to"));
  json status = Status();
  EXPECT_EQ(status.at("running"), false);
  EXPECT_EQ(status.at("daemon").at("stopped"), true);
  EXPECT_EQ(status.at("daemon").at("fired_total"), 3) << status.dump(2);
}

TEST_F(CliDaemonLease, AFailedTimerIsListedAndReArmedByAnAdministrator) {
  // Forced: a recurring process whose required input has no default; its start fails.
  std::filesystem::path file = dir_.WriteFile("yearly.xml", R"xml(<process id="yearly" name="รายงานประจำปี" start-roles="budget-analyst" recurs="ทุกปี พฤษภาคม">
  <input name="fiscal_year" type="fiscal-year" required="true" label="ปีงบประมาณ"/>
  <input name="owner" type="string" required="true"/>
  <start id="start" to="report"/>
  <task id="report" name="จัดทำรายงาน" role="budget-analyst" to="end"/>
  <end id="end"/>
</process>)xml");
  Must(As("admin", {"deploy", file.string(), "--force"}));
  const std::string may = "2026-05-04T09:00+07:00";
  CliResult fired = cli_.Run({"--now", may, "daemon", "--once", "--json"});
  ASSERT_EQ(fired.exit_code, 1) << fired;
  ASSERT_EQ(fired.Json().at("failed"), 1) << fired;

  json failed = Must(As("p34", {"timers", "--failed", "--json"})).Json();
  ASSERT_EQ(failed.size(), 1u) << failed.dump(2);
  EXPECT_EQ(failed[0].at("kind"), "recur");
  EXPECT_EQ(failed[0].at("process"), "yearly");
  EXPECT_NE(failed[0].at("error").get<std::string>().find("input 'owner'"), std::string::npos) << failed.dump(2);
  std::string id = std::to_string(failed[0].at("id").get<std::int64_t>());
  CliResult table = Must(As("p34", {"timers", "--failed"}));
  EXPECT_NE(table.out.find("ข้อผิดพลาด"), std::string::npos) << table;
  EXPECT_NE(table.out.find("yearly"), std::string::npos) << table;

  // Refusals change nothing.
  std::string before = Dump();
  struct Refusal {
    std::string login, arg, message;
    int exit;
  };
  for (const Refusal& r : std::vector<Refusal>{{"p34", id, "only an administrator", 1},
                                               {"admin", "abc", "not a timer id", 1},
                                               {"admin", "999999", "no timer 999999", 1}}) {
    CliResult refused = As(r.login, {"timers", "--retry", r.arg});
    EXPECT_EQ(refused.exit_code, r.exit) << refused;
    EXPECT_NE(refused.err.find(r.message), std::string::npos) << refused;
  }
  EXPECT_EQ(cli_.Run({"timers"}).exit_code, 2);
  EXPECT_EQ(Dump(), before) << FirstDifference(before, Dump());

  CliResult rearmed = Must(As("admin", {"timers", "--retry", id}));
  EXPECT_NE(rearmed.out.find("timer " + id + " re-armed"), std::string::npos) << rearmed;
  EXPECT_TRUE(Must(As("p34", {"timers", "--failed", "--json"})).Json().empty());
  CliResult again = As("admin", {"timers", "--retry", id});
  EXPECT_EQ(again.exit_code, 1) << again;
  EXPECT_NE(again.err.find("has not failed"), std::string::npos) << again;
  // The next run fires it again (and, the input still missing, it fails again).
  CliResult second = cli_.Run({"--now", may, "daemon", "--once", "--json"});
  EXPECT_EQ(second.Json().at("failed"), 1) << second;
  EXPECT_EQ(Must(As("p34", {"timers", "--failed", "--json"})).Json().size(), 1u);
}

}  // namespace
}  // namespace krabuan::clitest
