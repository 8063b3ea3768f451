// The real org file, holidays and process files of processes/ on a real SQLite file,
// for scenario tests of the manual's procedures. The clock is set by the test; timers
// fire when the test moves it.
//
//   class SurplusTransferTest : public ManualProcessTest {};
//   TEST_F(SurplusTransferTest, ...) {
//     DeployProcess("surplus-transfer");
//     SetNow("2025-07-01T09:00:00+07:00");
//     InstanceId id = Start("p34", "surplus-transfer", {{"fiscal_year", "2568"}});
//     MoveTo("2025-08-01T00:00:00+07:00");          // fires the timers due by then
//     Complete("p34", Open(id, "collect-data"));
//     EXPECT_EQ(DueOf(id, "committee-review"), "2025-08-31T16:59:59Z");
//   }
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "adapters/sqlite/sqlite_store.h"
#include "engine/engine.h"
#include "tests/support/engine_fixture.h"

namespace krabuan::testing {

using Nodes = std::vector<std::string>;

// The task-completed rows at `node` (by `user`, or anyone when empty), oldest first.
std::vector<const HistoryRecord*> CompletionsAt(const InstanceView& v, const std::string& node,
                                                const std::string& user = "");
int CompletionCount(const InstanceView& v, const std::string& node);
const HistoryRecord* FirstCompletion(const InstanceView& v, const std::string& node, const std::string& user = "");
const HistoryRecord* LastCompletion(const InstanceView& v, const std::string& node, const std::string& user = "");

// A value of each type that every sensible field accepts ("true" for a bool).
std::string SampleValue(ValueType t);

// The source tree's processes/ folder.
std::filesystem::path ProcessesDir();
std::string ReadProcessFile(const std::string& name);   // "surplus-transfer" or "org.xml"
// The id of every process file in processes/, sorted.
std::vector<std::string> ProcessIds();

class ManualProcessTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Deploys processes/<id>.xml as admin; fails the test on error.
  void DeployProcess(const std::string& id);
  void SetNow(const char* iso);
  // Sets the clock and fires every timer due by then (as `daemon --once` would).
  FireResult MoveTo(const char* iso);
  InstanceId Start(const std::string& login, const std::string& process, std::vector<Assignment> inputs = {});
  // The single open task at `node`; fails the test when there is not exactly one.
  TaskId Open(InstanceId instance, const std::string& node);
  // Every open task at `node` (work per item), by item.
  std::map<std::string, TaskId> OpenItems(InstanceId instance, const std::string& node);
  std::vector<std::string> OpenNodes(InstanceId instance);   // sorted
  void Complete(const std::string& login, TaskId task, const std::string& outcome = "",
                std::vector<Assignment> fields = {}, const std::string& comment = "");
  InstanceView Show(InstanceId instance);
  // The due instant (UTC ISO-8601) of the latest task created at `node`, "-" for none,
  // "" when no task was created there.
  std::string DueOf(InstanceId instance, const std::string& node);
  // A login that may act in `role` (a member first, else a recorder).
  std::string SomeoneFor(const std::string& role);
  // Walks an instance to its end: completes every open task with its first outcome
  // (or `prefer` when offered), filling required fields, and moves the clock to the next
  // timer when nothing is open. Returns the nodes visited in order. Fails the test when
  // the instance does not end within `max_steps` completions.
  std::vector<std::string> Drive(InstanceId instance, const std::map<std::string, std::string>& prefer = {},
                                 int max_steps = 200);

  std::filesystem::path dir_;
  ManualClock clock_{At("2024-10-01T09:00:00+07:00")};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Engine> engine_;
  std::shared_ptr<const Org> org_;
};

}  // namespace krabuan::testing
