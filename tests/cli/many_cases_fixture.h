// A CLI fixture for the daemon's crash and lock tests: thousands of cases started through
// the engine API in one process (the CLI would spawn a process each), and counts read
// straight from the database file.
#pragma once

#include <cstdint>
#include <string>

#include "adapters/sqlite/sqlite_store.h"
#include "engine/engine.h"
#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {

class ManyCasesTest : public CliTest {
 protected:
  // `n` budget requests (FY 2568, investment) started by p34 at kDefaultNow: each rests at
  // its first step, whose timers fall due in the fiscal year.
  void StartCases(int n) {
    SqliteOptions o;
    o.path = cli_.db().string();
    o.sync = SqliteOptions::Sync::kNormal;
    o.mode = SqliteOptions::Mode::kReadWrite;
    auto store = OpenSqliteStore(o);
    ASSERT_TRUE(store.ok()) << store.status().message();
    FixedClock clock(*ParseInstant(kDefaultNow));
    Engine engine(**store, clock);
    for (int i = 0; i < n; ++i) {
      StartRequest request;
      request.process_id = "budget-request";
      request.inputs = {{"fiscal_year", "2568"}, {"budget_category", "investment"}};
      Result<InstanceId> id = engine.Start({"p34"}, request);
      ASSERT_TRUE(id.ok()) << id.status().message();
    }
  }

  // The single number a query such as "SELECT COUNT(*) …" returns.
  std::int64_t Count(const std::string& sql) const { return std::stoll(QueryDatabase(cli_.db(), sql)[0][0]); }
};

}  // namespace krabuan::clitest
