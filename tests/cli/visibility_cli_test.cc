// Who sees what (README, "Who sees what"): a school reads only the cases it takes part in
// and, of those, its own tasks, its own items' values and the history of its own tasks;
// the group's staff and administrators read every case.
#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

class CliVisibility : public CliTest {
 protected:
  // A budget request with every school's request in, school-01 asking 100 and school-02
  // 200; and a second case no school takes part in yet (it waits at announce).
  void SetUp() override {
    CliTest::SetUp();
    shared_ = StartBudget("p33", "operating");
    Complete("p33", shared_, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
    for (auto [school, amount] : std::vector<std::pair<std::string, std::string>>{{"school-01", "100"}, {"school-02", "200"}}) {
      Must(As(school, {"complete", std::to_string(TaskId(school, shared_, "school-request")), "--set",
                       "requested_amount=" + amount}));
    }
    other_ = StartBudget("p33", "operating");
  }
  void Complete(const std::string& login, std::int64_t instance, const std::string& node,
                std::vector<std::string> extra) const {
    std::vector<std::string> args = {"complete", std::to_string(TaskId(login, instance, node))};
    args.insert(args.end(), extra.begin(), extra.end());
    Must(As(login, args));
  }

  std::int64_t shared_ = 0, other_ = 0;
};

TEST_F(CliVisibility, ASchoolSeesItsOwnValuesAndTasksInACaseNotAnotherSchools) {
  json v = Must(As("school-01", {"show", std::to_string(shared_), "--json"})).Json();
  EXPECT_EQ(v.at("id"), shared_);
  EXPECT_EQ(v.at("state"), "running");
  const json& vars = v.at("variables");
  EXPECT_EQ(vars.at("school-request.school-01.requested_amount"), "100.00") << vars.dump();
  EXPECT_FALSE(vars.contains("school-request.school-02.requested_amount")) << vars.dump();
  EXPECT_FALSE(vars.contains("budget_category")) << vars.dump();
  ASSERT_FALSE(v.at("history").empty());
  for (const json& h : v.at("history")) {
    json task = TaskInfo(h.at("task").get<std::int64_t>());
    EXPECT_EQ(task.value("item", ""), "school-01") << h.dump();
  }
  // The staff see the whole case.
  json all = Show(shared_);
  EXPECT_EQ(all.at("variables").at("school-request.school-02.requested_amount"), "200.00");
  EXPECT_GT(all.at("history").size(), v.at("history").size());
}

TEST_F(CliVisibility, ASchoolMayNotReadACaseItTakesNoPartIn) {
  CliResult r = As("school-01", {"show", std::to_string(other_)});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("'school-01' reads only the cases it takes part in; instance " + std::to_string(other_)),
            std::string::npos)
      << r;
  CliResult drawing = As("school-01", {"render", "budget-request", "--instance", std::to_string(other_)});
  EXPECT_EQ(drawing.exit_code, 1) << drawing;
}

TEST_F(CliVisibility, ASchoolListsOnlyItsOwnCases) {
  json mine = Must(As("school-01", {"instances", "--json"})).Json();
  std::vector<std::int64_t> ids;
  for (const json& i : mine.at("instances")) ids.push_back(i.at("id").get<std::int64_t>());
  EXPECT_EQ(ids, std::vector<std::int64_t>{shared_}) << mine.dump();
  json staff = Must(As("p35", {"instances", "--json"})).Json();
  EXPECT_EQ(staff.at("instances").size(), 2u) << staff.dump();
}

TEST_F(CliVisibility, ASchoolMayNotReadAnotherSchoolsTask) {
  json all = Show(shared_);
  std::int64_t theirs = 0;
  for (const json& h : all.at("history")) {
    if (h.at("action") == "task-created" && h.at("detail").value("item", "") == "school-02") theirs = h.at("task");
  }
  ASSERT_NE(theirs, 0);
  CliResult r = As("school-01", {"task", std::to_string(theirs)});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("is not 'school-01''s: a school reads only its own tasks"), std::string::npos) << r;
  EXPECT_EQ(Must(As("school-02", {"task", std::to_string(theirs), "--json"})).Json().at("id"), theirs);
}

}  // namespace
}  // namespace krabuan::clitest
