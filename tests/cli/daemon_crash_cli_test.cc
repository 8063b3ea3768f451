// Exactly once across crashes: the real daemon is killed with SIGKILL at random points,
// hundreds of times, and restarted; every due timer fires exactly once and every alert
// is in the outbox exactly once.
#include <signal.h>

#include <map>
#include <random>
#include <thread>

#include "adapters/sqlite/sqlite_store.h"
#include "engine/engine.h"
#include "tests/cli/many_cases_fixture.h"
#include "tests/support/background_process.h"

namespace krabuan::clitest {
namespace {

using std::chrono::milliseconds;

constexpr int kCases = 5000;
constexpr int kKills = 200;
constexpr const char* kDaemonNow = "2025-10-02T09:00+07:00";   // every case's first step is late

class CliDaemonCrash : public ManyCasesTest {};

TEST_F(CliDaemonCrash, SigkillAtRandomPointsNeverFiresTwiceOrLosesAnAlert) {
  StartCases(kCases);
  const std::string due_by = FormatInstantUtc(*ParseInstant(kDaemonNow));
  // What must fire: every timer due by the daemon's clock (each case's reminder, silent by
  // now since the step is late, and its overdue alert); the overdue alerts, per instance.
  std::map<std::string, std::int64_t> expected;
  for (const auto& row : QueryDatabase(cli_.db(), "SELECT instance_id, COUNT(*) FROM timers WHERE due_at <= '" + due_by +
                                                      "' AND kind = 'overdue' GROUP BY instance_id")) {
    expected[row[0]] = std::stoll(row[1]);
  }
  ASSERT_EQ(expected.size(), static_cast<std::size_t>(kCases));
  const std::int64_t overdue_tasks = Count("SELECT COUNT(*) FROM timers WHERE kind = 'overdue' AND due_at <= '" + due_by + "'");
  ASSERT_EQ(overdue_tasks, kCases);

  const std::map<std::string, std::optional<std::string>> env = {{"KRABUAN_DB", cli_.db().string()},
                                                                 {"KRABUAN_NOW", kDaemonNow}};
  auto start_daemon = [&] {
    return std::make_unique<BackgroundProcess>(
        KrabuanBinary(), std::vector<std::string>{"daemon", "--batch", "1", "--poll-ms", "10", "--lease-ttl", "30",
                                                  "--log-level", "warn"},
        env, dir_.path() / "daemon.log");
  };
  std::int64_t left_before = Count("SELECT COUNT(*) FROM timers WHERE due_at <= '" + due_by + "'");
  // How long a daemon takes to fire its first timer here and now (a loaded machine starts
  // processes slowly): the kills land from before that moment to well after it, so they
  // cut the work into pieces however fast the machine is.
  auto calibrate_start = std::chrono::steady_clock::now();
  {
    std::unique_ptr<BackgroundProcess> d = start_daemon();
    while (Count("SELECT COUNT(*) FROM timers WHERE due_at <= '" + due_by + "'") == left_before &&
           std::chrono::steady_clock::now() - calibrate_start < std::chrono::seconds(30)) {
      std::this_thread::sleep_for(milliseconds(2));
    }
    d->Signal(SIGKILL);
    ASSERT_TRUE(d->Wait(milliseconds(5000)).has_value());
  }
  const int first_fire_ms = static_cast<int>(
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - calibrate_start).count());
  left_before = Count("SELECT COUNT(*) FROM timers WHERE due_at <= '" + due_by + "'");
  std::mt19937 rng(20261124);
  std::uniform_int_distribution<int> delay_ms(first_fire_ms / 2, first_fire_ms * 2 + 30);
  int killed_midway = 0;   // lives that fired something and were killed with work left
  for (int i = 0; i < kKills; ++i) {
    std::unique_ptr<BackgroundProcess> daemon = start_daemon();
    BackgroundProcess& d = *daemon;
    std::this_thread::sleep_for(milliseconds(delay_ms(rng)));
    d.Signal(SIGKILL);
    ASSERT_TRUE(d.Wait(milliseconds(5000)).has_value());
    std::int64_t left = Count("SELECT COUNT(*) FROM timers WHERE due_at <= '" + due_by + "'");
    if (left < left_before && left > 0) ++killed_midway;
    left_before = left;
  }
  // The crashes really did cut the work into many pieces.
  EXPECT_GE(killed_midway, 50) << left_before << " due timers left after the kills; a daemon fired its first after "
                               << first_fire_ms << " ms";

  // A last run finishes what is left; then everything due fired exactly once.
  Must(cli_.Run({"--now", kDaemonNow, "daemon", "--once"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM timers WHERE due_at <= '" + due_by + "'"), 0);
  std::map<std::string, std::int64_t> fired;
  for (const auto& row :
       QueryDatabase(cli_.db(), "SELECT h.instance_id, COUNT(*) FROM history h JOIN instances i ON i.id = h.instance_id "
                                "WHERE h.action = 'overdue-alerted' AND i.process_id = 'budget-request' GROUP BY h.instance_id")) {
    fired[row[0]] = std::stoll(row[1]);
  }
  EXPECT_EQ(fired, expected);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM alerts WHERE kind = 'overdue'"), overdue_tasks);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT task_id) FROM alerts WHERE kind = 'overdue'"), overdue_tasks);
  // The calendar's start of annual-action-plan (1 October) came due too: started once.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM instances WHERE process_id = 'annual-action-plan'"), 1);
  EXPECT_EQ(QueryDatabase(cli_.db(), "PRAGMA integrity_check")[0][0], "ok");
  // The history chains are whole after all those crashes (show verifies them).
  for (const std::string& instance : {std::string("1"), std::to_string(kCases / 2), std::to_string(kCases)}) {
    json shown = Must(As("p32", {"show", instance, "--json"})).Json();
    EXPECT_EQ(shown.at("history_intact"), true) << instance;
  }
}

}  // namespace
}  // namespace krabuan::clitest
