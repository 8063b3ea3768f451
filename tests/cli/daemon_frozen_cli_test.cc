// A daemon frozen (SIGSTOP) while it holds the database's write lock: the standby
// daemon and a staff member's command both get through, the frozen batch is rolled back
// whole and fired once by the standby. Real processes on a real file.
#include <signal.h>

#include <random>
#include <thread>

#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sqlite/write_lock.h"
#include "engine/engine.h"
#include "tests/cli/many_cases_fixture.h"
#include "tests/support/background_process.h"

namespace krabuan::clitest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kAfterDue = "2025-10-02T09:00+07:00";
constexpr int kCases = 3000;

class CliFrozenDaemon : public ManyCasesTest {
 protected:
  std::unique_ptr<BackgroundProcess> Daemon(const std::string& name, const std::string& batch) const {
    return std::make_unique<BackgroundProcess>(
        KrabuanBinary(),
        std::vector<std::string>{"daemon", "--batch", batch, "--poll-ms", "100", "--lease-ttl", "2", "--log-level", "debug"},
        std::map<std::string, std::optional<std::string>>{{"KRABUAN_DB", cli_.db().string()}, {"KRABUAN_NOW", kAfterDue}},
        dir_.path() / (name + ".log"));
  }
};

TEST_F(CliFrozenDaemon, AStoppedHolderOfTheWriteLockIsKilledAndTheStandbyTakesOver) {
  StartCases(kCases);
  const std::string due_by = FormatInstantUtc(*ParseInstant(kAfterDue));
  const std::string due_sql = "SELECT COUNT(*) FROM timers WHERE error = '' AND due_at <= '" + due_by + "'";
  const std::int64_t due_before = Count(due_sql);

  // Freeze the first daemon at a moment it holds the write lock inside a batch: once it
  // holds the lease (so past opening the database, where the first connection holds the
  // write lock while it builds the WAL index), the write lock is only ever held by a
  // transaction. Stopped, it cannot let go, so seeing it hold the lock after the stop
  // proves the catch.
  auto frozen = Daemon("frozen", "2000");
  const std::string lease_sql = "SELECT COALESCE((SELECT pid FROM daemon WHERE id = 1 AND stopped = 0), 0)";
  auto lease_deadline = std::chrono::steady_clock::now() + seconds(10);
  while (std::chrono::steady_clock::now() < lease_deadline &&
         QueryDatabase(cli_.db(), lease_sql)[0][0] != std::to_string(frozen->pid())) {
    std::this_thread::sleep_for(milliseconds(2));
  }
  ASSERT_EQ(QueryDatabase(cli_.db(), lease_sql)[0][0], std::to_string(frozen->pid())) << frozen->Log();
  bool caught = false;
  std::mt19937 rng(7);
  for (int attempt = 0; attempt < 200 && !caught; ++attempt) {
    auto deadline = std::chrono::steady_clock::now() + seconds(2);
    while (std::chrono::steady_clock::now() < deadline && sqlite::WriteLockHolder(cli_.db().string()) != frozen->pid()) {
    }
    frozen->Signal(SIGSTOP);
    std::this_thread::sleep_for(milliseconds(20));
    caught = sqlite::WriteLockHolder(cli_.db().string()) == frozen->pid();
    if (!caught) {
      frozen->Signal(SIGCONT);
      std::this_thread::sleep_for(milliseconds(rng() % 5));
    }
  }
  ASSERT_TRUE(caught) << frozen->Log();

  // The standby waits its busy timeout for the lock, finds the holder stopped, kills it
  // and takes over; a staff member's command gets through as well.
  auto standby = Daemon("standby", "500");
  // Its busy timeout outlasts the standby's: whoever finds the stopped holder first kills
  // it, and the command then gets in between the standby's batches.
  CliResult start = cli_.RunWithEnv({"--as", "p34", "start", "budget-request", "--set", "fiscal_year=2568", "--set",
                                     "budget_category=personnel", "--json"},
                                    {{"KRABUAN_BUSY_TIMEOUT", "15"}});
  EXPECT_EQ(start.exit_code, 0) << start;
  EXPECT_EQ(frozen->Wait(seconds(15)), 128 + SIGKILL) << frozen->Log();
  bool told = standby->Log().find("was killed (SIGKILL)") != std::string::npos ||
              start.err.find("was killed (SIGKILL)") != std::string::npos;
  EXPECT_TRUE(told) << standby->Log() << start;

  auto deadline = std::chrono::steady_clock::now() + seconds(30);
  while (std::chrono::steady_clock::now() < deadline && Count(due_sql) > 0) std::this_thread::sleep_for(milliseconds(50));
  ASSERT_EQ(Count(due_sql), 0) << standby->Log();
  EXPECT_GT(due_before, 0);
  EXPECT_NE(standby->Log().find("holding the lease"), std::string::npos) << standby->Log();

  // Every case's overdue alert once: the frozen batch was rolled back whole, not half kept.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM alerts WHERE kind = 'overdue'"), kCases + 1);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT task_id) FROM alerts WHERE kind = 'overdue'"), kCases + 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM history WHERE action = 'overdue-alerted'"), kCases + 1);
  EXPECT_EQ(QueryDatabase(cli_.db(), "PRAGMA integrity_check")[0][0], "ok");
  standby->Signal(SIGTERM);
  EXPECT_EQ(standby->Wait(seconds(10)), 0) << standby->Log();
}

}  // namespace
}  // namespace krabuan::clitest
