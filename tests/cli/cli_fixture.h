// A gtest fixture for end-to-end tests of the `krabuan` binary: each test gets its own
// temp folder and database, initialised from the source tree's processes/.
//
// Helpers that must succeed for the test to make sense (Must, StartBudget, TaskId, ...)
// throw std::runtime_error with the full command output when they do not; gtest reports
// that as a failure of the test.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/cli_runner.h"

namespace krabuan::clitest {

using nlohmann::json;

// The first line where two dumps differ, for readable failure messages.
inline std::string FirstDifference(const std::string& a, const std::string& b) {
  std::istringstream ia(a), ib(b);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ga = static_cast<bool>(std::getline(ia, la));
    bool gb = static_cast<bool>(std::getline(ib, lb));
    if (!ga && !gb) return "(no difference)";
    if (!ga || !gb || la != lb) {
      return "line " + std::to_string(line) + ":\n  before: " + (ga ? la : "<end>") + "\n  after:  " + (gb ? lb : "<end>");
    }
  }
}

class CliTest : public ::testing::Test {
 protected:
  CliTest() : cli_(dir_.path() / "krabuan.db") {}

  // `init --processes <source>/processes` on a fresh database.
  void SetUp() override { Must(cli_.Run({"init", "--processes", ProcessesDir().string()})); }
  // Whatever a test did through the engine, the database it leaves holds against its audit
  // log: every procedure, timer, escalation and refusal of the suite is checked so. Tests
  // that change the file by hand on purpose say so with tampered_.
  void TearDown() override {
    if (tampered_ || !std::filesystem::exists(cli_.db())) return;
    CliResult r = cli_.RunWithEnv({"audit", "verify", "--db", cli_.db().string()}, {{"KRABUAN_BUSY_TIMEOUT", std::nullopt}});
    EXPECT_EQ(r.exit_code, 0) << "the database the test leaves does not hold against its audit log:\n" << r;
  }

  // Throws unless the command succeeded (exit 0).
  static CliResult Must(CliResult r) {
    if (r.exit_code != 0) {
      std::ostringstream msg;
      msg << "command failed:\n" << r;
      ADD_FAILURE() << msg.str();
      throw std::runtime_error(msg.str());
    }
    return r;
  }

  CliResult As(const std::string& login, const std::vector<std::string>& args) const { return cli_.As(login, args); }

  // Starts budget-request; returns the instance id.
  std::int64_t StartBudget(const std::string& login, const std::string& category, const std::string& fiscal_year = "2568",
                           std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"start", "budget-request", "--set", "fiscal_year=" + fiscal_year,
                                     "--set", "budget_category=" + category, "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    json j = Must(As(login, args)).Json();
    return j.at("instance").get<std::int64_t>();
  }

  // The one open task of `instance` at `node` that `login` sees in `tasks --json`.
  std::int64_t TaskId(const std::string& login, std::int64_t instance, const std::string& node) const {
    json tasks = Must(As(login, {"tasks", "--json"})).Json().at("tasks");
    std::vector<std::int64_t> found;
    for (const json& t : tasks) {
      if (t.at("instance").get<std::int64_t>() == instance && t.at("node") == node) {
        found.push_back(t.at("id").get<std::int64_t>());
      }
    }
    if (found.size() != 1) {
      std::string msg = "expected one open task at '" + node + "' of instance " + std::to_string(instance) +
                        " for " + login + ", found " + std::to_string(found.size()) + ":\n" + tasks.dump(2);
      ADD_FAILURE() << msg;
      throw std::runtime_error(msg);
    }
    return found.front();
  }

  // Completes the open task at `node` as `login`; returns its id.
  std::int64_t Complete(const std::string& login, std::int64_t instance, const std::string& node,
                        std::vector<std::string> extra = {}) const {
    std::int64_t id = TaskId(login, instance, node);
    std::vector<std::string> args = {"complete", std::to_string(id)};
    args.insert(args.end(), extra.begin(), extra.end());
    Must(As(login, args));
    return id;
  }

  // `show N --json` as the administrator.
  json Show(std::int64_t instance) const { return Must(As("admin", {"show", std::to_string(instance), "--json"})).Json(); }

  // Every open task (administrator's view).
  json AllTasks() const { return Must(As("admin", {"tasks", "--all", "--json"})).Json().at("tasks"); }

  // `task N --json` as the administrator: any task, open or ended.
  json TaskInfo(std::int64_t task) const {
    return Must(As("admin", {"task", std::to_string(task), "--json"})).Json();
  }

  // Every task `instance` has had, in the order they were created, each as "node state".
  // The history records each task's creation; `task N --json` says what became of it.
  std::vector<std::string> TaskStates(std::int64_t instance) const {
    std::vector<std::string> out;
    const json shown = Show(instance);
    for (const json& h : shown.at("history")) {
      if (h.at("action") != "task-created") continue;
      json t = TaskInfo(h.at("task").get<std::int64_t>());
      out.push_back(t.at("node").get<std::string>() + " " + t.at("state").get<std::string>());
    }
    return out;
  }

  // The alert outbox as `alerts --json` lists it, with each alert's deliveries per sink.
  json Alerts() const { return Must(As("p32", {"alerts", "--json"})).Json(); }

  // The sample office's schools (org.xml), each a login.
  static const std::vector<std::string>& Schools() {
    static const std::vector<std::string> schools = {"school-01", "school-02", "school-03", "school-04", "school-05"};
    return schools;
  }

  // Step 2 of budget-request runs once per school (for-each="org:schools"): each school's
  // request is its own task, assigned to the school. Completes the open request of each
  // school in `schools`, as `recorder` (an officer recording for the school) or, when
  // `recorder` is empty, as the school itself. The task is found in the school's own list.
  void SchoolRequests(std::int64_t instance, const std::vector<std::string>& schools, const std::string& recorder,
                      const std::vector<std::string>& extra) const {
    for (const std::string& school : schools) {
      std::int64_t id = TaskId(school, instance, "school-request");
      std::vector<std::string> args = {"complete", std::to_string(id)};
      args.insert(args.end(), extra.begin(), extra.end());
      Must(As(recorder.empty() ? school : recorder, args));
    }
  }

  // announce, every school's request (recorded by the administrative clerk, 50,000 each)
  // and a suitable analysis: the instance waits at set-targets.
  void AdvanceToSetTargets(std::int64_t instance) const {
    Complete("p33", instance, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
    SchoolRequests(instance, Schools(), "p38", {"--set", "requested_amount=50000"});
    Complete("p34", instance, "committee-analysis", {"--outcome", "suitable"});
  }

  // ... and set-targets: the instance waits at prepare-operating or prepare-investment.
  void AdvanceToPrepare(std::int64_t instance) const {
    AdvanceToSetTargets(instance);
    Complete("p33", instance, "set-targets", {"--set", "quantitative_targets=10", "--set", "qualitative_targets=ok"});
  }

  // The shortest walk from a new operating-category instance to its end.
  void WalkOperatingToCompletion(std::int64_t instance) const {
    AdvanceToPrepare(instance);
    Complete("p33", instance, "prepare-operating", {"--set", "request_amount=250000"});
    Complete("p32", instance, "committee-approval", {"--outcome", "approve"});
    Complete("p33", instance, "notify-schools");
    Complete("p33", instance, "submit-obec");
    Complete("p33", instance, "monitor-report");
  }

  std::string Dump() const { return DumpDatabase(cli_.db()); }

  TempDir dir_;
  CliRunner cli_;
  bool tampered_ = false;   // the test edits the file outside the engine: no audit check after it
};

}  // namespace krabuan::clitest
