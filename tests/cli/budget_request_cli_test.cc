// The budget request (P02) walked end to end through the real `krabuan` binary, by the
// staff the org file names, with one send-back by the request committee and one
// rejection by the Area Committee.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

class CliBudgetRequest : public CliTest {};

// The task-completed rows of a show --json history, in order.
std::vector<json> CompletedRows(const json& show) {
  std::vector<json> rows;
  for (const json& h : show.at("history")) {
    if (h.at("action") == "task-completed") rows.push_back(h);
  }
  return rows;
}

TEST_F(CliBudgetRequest, WalksToCompletionWithOneSendBackAndOneRejection) {
  // Started by the group director (a start role), so the initiator is not the analyst.
  std::int64_t id = StartBudget("p32", "operating", "2568", {"--key", "งบ 2568/01", "--comment", "เริ่มรอบปี"});

  // 1. announce: position ๓๔ (budget-analyst).
  Complete("p34", id, "announce", {"--set", "policy_plan_notified=yes", "--set", "criteria_notified=จริง"});
  // 2. One request per school: four schools send their own; the administrative clerk
  // records the fifth (school is recorded by admin-clerk).
  SchoolRequests(id, {"school-01", "school-02", "school-03", "school-04"}, "", {"--set", "requested_amount=900000"});
  SchoolRequests(id, {"school-05"}, "p38", {"--set", "requested_amount=900000"});
  // 3. The request committee (recorded by a budget analyst) sends them back to the schools.
  Complete("p33", id, "committee-analysis",
           {"--outcome", "revise", "--set", "analysis_note=วงเงินสูงเกินกรอบ", "--comment", "ส่งกลับให้ปรับปรุง"});
  // 2 again: every school's revised request, recorded by a policy-and-planning officer this time.
  SchoolRequests(id, Schools(), "p35", {"--set", "requested_amount=1,500,000.50"});
  // 3 again: suitable, chosen by its Thai label.
  Complete("p34", id, "committee-analysis", {"--outcome", "เหมาะสม"});
  // 4. Targets.
  Complete("p33", id, "set-targets",
           {"--set", "quantitative_targets=โรงเรียน 120 แห่ง", "--set", "qualitative_targets=ร้อยละ 80 ผ่านเกณฑ์"});
  // 5. operating -> position ๓๓.
  Complete("p33", id, "prepare-operating", {"--set", "request_amount=1400000"});
  // 6. The Area Committee, recorded by the group director: rejected.
  Complete("p32", id, "committee-approval", {"--outcome", "reject", "--comment", "ไม่เห็นชอบ ให้ปรับวงเงิน"});
  // Back to step 5, routed by category again.
  json after_reject = Show(id);
  ASSERT_EQ(after_reject.at("tasks").size(), 1u) << after_reject.dump(2);
  EXPECT_EQ(after_reject.at("tasks")[0].at("node"), "prepare-operating");
  EXPECT_EQ(after_reject.at("tasks")[0].at("role"), "budget-analyst-operating");
  Complete("p33", id, "prepare-operating", {"--set", "request_amount=1500000.50"});
  // 6 again: approved, recorded by position ๓๔ (a budget analyst).
  Complete("p34", id, "committee-approval", {"--outcome", "approve"});
  // 7 and the OBEC submission run in parallel.
  json parallel = Show(id);
  ASSERT_EQ(parallel.at("tasks").size(), 2u) << parallel.dump(2);
  Complete("p33", id, "notify-schools");
  EXPECT_EQ(Show(id).at("state"), "running");  // the join still waits for submit-obec
  Complete("p34", id, "submit-obec", {"--set", "submission_ref=ศธ 04001/123"});
  // 8. Monitoring closes the case.
  Complete("p33", id, "monitor-report");

  json show = Show(id);
  EXPECT_EQ(show.at("state"), "completed");
  EXPECT_EQ(show.at("process"), "budget-request");
  EXPECT_EQ(show.at("version"), 1);
  EXPECT_EQ(show.at("key"), "งบ 2568/01");
  EXPECT_EQ(show.at("started_by"), "p32");
  EXPECT_EQ(show.at("ended"), "2025-08-01T02:00:00Z");
  EXPECT_TRUE(show.at("tasks").empty()) << show.at("tasks").dump(2);
  EXPECT_EQ(show.at("history_intact"), true);

  // Variables keep their declared types: money as an exact decimal string, fiscal year
  // as a number, bools as JSON booleans, Thai text unchanged.
  const json& v = show.at("variables");
  EXPECT_EQ(v.at("fiscal_year"), 2568);
  EXPECT_TRUE(v.at("fiscal_year").is_number_integer());
  EXPECT_EQ(v.at("budget_category"), "operating");
  EXPECT_EQ(v.at("urgent"), false);
  EXPECT_TRUE(v.at("urgent").is_boolean());
  EXPECT_EQ(v.at("policy_plan_notified"), true);
  EXPECT_EQ(v.at("criteria_notified"), true);
  // Each school's own amount; requested_amount is their total (checked in
  // tests/processes/budget-request_test.cc).
  EXPECT_EQ(v.at("school-request.school-01.requested_amount"), "1500000.50");
  EXPECT_EQ(v.at("school-request.missing"), "");
  EXPECT_EQ(v.at("request_amount"), "1500000.50");
  EXPECT_EQ(v.at("analysis_note"), "วงเงินสูงเกินกรอบ");
  EXPECT_EQ(v.at("quantitative_targets"), "โรงเรียน 120 แห่ง");
  EXPECT_EQ(v.at("submission_ref"), "ศธ 04001/123");
  EXPECT_EQ(v.at("initiator"), "p32");
  EXPECT_EQ(v.at("committee-analysis.outcome"), "suitable");
  EXPECT_EQ(v.at("committee-approval.outcome"), "approve");

  // Who did what, in which role and capacity.
  struct Expected {
    const char* node;
    const char* user;
    const char* role;
    const char* capacity;
    const char* outcome;  // "" when the task has none
  };
  const std::vector<Expected> expected = {
      {"announce", "p34", "budget-analyst", "member", ""},
      {"school-request", "school-01", "school", "member", ""},
      {"school-request", "school-02", "school", "member", ""},
      {"school-request", "school-03", "school", "member", ""},
      {"school-request", "school-04", "school", "member", ""},
      {"school-request", "p38", "school", "recorder", ""},
      {"committee-analysis", "p33", "budget-request-committee", "recorder", "revise"},
      {"school-request", "p35", "school", "recorder", ""},
      {"school-request", "p35", "school", "recorder", ""},
      {"school-request", "p35", "school", "recorder", ""},
      {"school-request", "p35", "school", "recorder", ""},
      {"school-request", "p35", "school", "recorder", ""},
      {"committee-analysis", "p34", "budget-request-committee", "recorder", "suitable"},
      {"set-targets", "p33", "budget-analyst", "member", ""},
      {"prepare-operating", "p33", "budget-analyst-operating", "member", ""},
      {"committee-approval", "p32", "area-committee", "recorder", "reject"},
      {"prepare-operating", "p33", "budget-analyst-operating", "member", ""},
      {"committee-approval", "p34", "area-committee", "recorder", "approve"},
      {"notify-schools", "p33", "budget-analyst", "member", ""},
      {"submit-obec", "p34", "budget-analyst", "member", ""},
      {"monitor-report", "p33", "budget-analyst", "member", ""},
  };
  std::vector<json> rows = CompletedRows(show);
  ASSERT_EQ(rows.size(), expected.size()) << show.at("history").dump(2);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("task-completed row " + std::to_string(i) + ": " + rows[i].dump());
    EXPECT_EQ(rows[i].at("node"), expected[i].node);
    EXPECT_EQ(rows[i].at("user"), expected[i].user);
    EXPECT_EQ(rows[i].at("role"), expected[i].role);
    EXPECT_EQ(rows[i].at("capacity"), expected[i].capacity);
    if (*expected[i].outcome) {
      EXPECT_EQ(rows[i].at("detail").at("outcome"), expected[i].outcome);
    } else {
      EXPECT_FALSE(rows[i].at("detail").contains("outcome"));
    }
  }
  // The rejection row carries the Thai label and the comment.
  EXPECT_EQ(rows[15].at("detail").at("label"), "ไม่เห็นชอบ");
  EXPECT_EQ(rows[15].at("comment"), "ไม่เห็นชอบ ให้ปรับวงเงิน");
  EXPECT_EQ(rows[6].at("comment"), "ส่งกลับให้ปรับปรุง");

  // The whole history: started first (by the director, as a member of a start role),
  // completed last, every row hashed, ids increasing.
  const json& history = show.at("history");
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(history.front().at("action"), "started");
  EXPECT_EQ(history.front().at("user"), "p32");
  EXPECT_EQ(history.front().at("role"), "group-director");
  EXPECT_EQ(history.front().at("comment"), "เริ่มรอบปี");
  EXPECT_EQ(history.back().at("action"), "completed");
  for (std::size_t i = 0; i < history.size(); ++i) {
    EXPECT_EQ(history[i].at("hash").get<std::string>().size(), 64u) << history[i].dump();
    if (i > 0) {
      EXPECT_GT(history[i].at("id"), history[i - 1].at("id"));
    }
  }

  // The hashes, read from the file itself: 32 bytes each, the ones `show` prints and verifies.
  auto stored = QueryDatabase(cli_.db(), "SELECT lower(hex(hash)), length(hash) FROM history WHERE instance_id = " +
                                             std::to_string(id) + " ORDER BY id");
  ASSERT_EQ(stored.size(), history.size());
  for (std::size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i][0], history[i].at("hash").get<std::string>()) << "history row " << i;
    EXPECT_EQ(stored[i][1], "32") << "history row " << i;
  }
  EXPECT_TRUE(show.at("history_intact").get<bool>());

  // No token is left waiting anywhere in the process.
  EXPECT_EQ(QueryDatabase(cli_.db(), "SELECT count(*) FROM tokens WHERE instance_id = " + std::to_string(id)),
            (std::vector<std::vector<std::string>>{{"0"}}));

  // Nothing is left to do for this case, for anyone.
  for (const json& t : AllTasks()) EXPECT_NE(t.at("instance"), id) << t.dump(2);
  for (const char* login : {"p32", "p33", "p34", "p35", "p36", "p37", "p38", "admin"}) {
    json mine = Must(As(login, {"tasks", "--json"})).Json().at("tasks");
    for (const json& t : mine) EXPECT_NE(t.at("instance"), id) << login << " still sees " << t.dump(2);
  }
  CliResult text = Must(As("p33", {"tasks"}));
  EXPECT_EQ(text.out, "no open tasks for p33\n");

  // A completed instance takes no further commands.
  std::string before = Dump();
  CliResult again = As("p33", {"complete", std::to_string(rows.back().at("task").get<std::int64_t>())});
  EXPECT_EQ(again.exit_code, 1) << again;
  EXPECT_NE(again.err.find("is already completed"), std::string::npos) << again;
  EXPECT_EQ(Dump(), before);
}

// The Area Committee decision shows as recorded on its behalf in the text view too.
TEST_F(CliBudgetRequest, TextShowMarksRecordedDecisions) {
  std::int64_t id = StartBudget("p33", "operating");
  AdvanceToPrepare(id);
  Complete("p33", id, "prepare-operating", {"--set", "request_amount=1500000.50"});
  Complete("p34", id, "committee-approval", {"--outcome", "approve"});
  CliResult text = Must(As("p33", {"show", std::to_string(id)}));
  EXPECT_NE(text.out.find("area-committee (บันทึกแทน)"), std::string::npos) << text;
  EXPECT_NE(text.out.find("เห็นชอบ (approve)"), std::string::npos) << text;
  EXPECT_NE(text.out.find("1,500,000.50"), std::string::npos) << text;  // money for people
  EXPECT_NE(text.out.find("History chain: intact"), std::string::npos) << text;
}

// Step 5 is routed by budget_category: investment to position ๓๔, the other four categories
// to ๓๓ (any other value is refused at the start: values_cli_test.cc).
struct RouteCase {
  const char* category;
  const char* node;
  const char* role;
  const char* owner;      // may complete
  const char* outsider;   // a budget analyst who may not
};

class CliBudgetRouting : public CliTest, public ::testing::WithParamInterface<RouteCase> {};

TEST_P(CliBudgetRouting, PrepareStepGoesToTheCategorysAnalyst) {
  const RouteCase& c = GetParam();
  std::int64_t id = StartBudget("p33", c.category);
  AdvanceToPrepare(id);

  json show = Show(id);
  ASSERT_EQ(show.at("tasks").size(), 1u) << show.dump(2);
  const json& task = show.at("tasks")[0];
  EXPECT_EQ(task.at("node"), c.node);
  EXPECT_EQ(task.at("role"), c.role);
  std::string task_id = std::to_string(task.at("id").get<std::int64_t>());

  // The owner sees it; the other analyst does not.
  json owner_tasks = Must(As(c.owner, {"tasks", "--json"})).Json().at("tasks");
  ASSERT_EQ(owner_tasks.size(), 1u) << owner_tasks.dump(2);
  EXPECT_EQ(owner_tasks[0].at("id").get<std::int64_t>(), task.at("id").get<std::int64_t>());
  EXPECT_TRUE(Must(As(c.outsider, {"tasks", "--json"})).Json().at("tasks").empty());

  // The other analyst is refused, naming the role, and nothing changes.
  std::string before = Dump();
  CliResult refused = As(c.outsider, {"complete", task_id, "--set", "request_amount=100"});
  EXPECT_EQ(refused.exit_code, 1) << refused;
  ASSERT_EQ(refused.ErrLines().size(), 1u) << refused;
  EXPECT_NE(refused.err.find(std::string("'") + c.outsider + "' may not act on task " + task_id), std::string::npos)
      << refused;
  EXPECT_NE(refused.err.find(c.role), std::string::npos) << refused;
  EXPECT_EQ(Dump(), before);
  // So is claiming it.
  CliResult claim = As(c.outsider, {"claim", task_id});
  EXPECT_EQ(claim.exit_code, 1) << claim;
  EXPECT_EQ(Dump(), before);

  // The owner completes it and the request reaches the Area Committee.
  Must(As(c.owner, {"complete", task_id, "--set", "request_amount=100"}));
  json next = Show(id);
  ASSERT_EQ(next.at("tasks").size(), 1u) << next.dump(2);
  EXPECT_EQ(next.at("tasks")[0].at("node"), "committee-approval");
  EXPECT_EQ(next.at("variables").at("request_amount"), "100.00");
}

INSTANTIATE_TEST_SUITE_P(
    Cli, CliBudgetRouting,
    ::testing::Values(RouteCase{"investment", "prepare-investment", "budget-analyst-investment", "p34", "p33"},
                      RouteCase{"operating", "prepare-operating", "budget-analyst-operating", "p33", "p34"},
                      RouteCase{"personnel", "prepare-operating", "budget-analyst-operating", "p33", "p34"},
                      RouteCase{"subsidy", "prepare-operating", "budget-analyst-operating", "p33", "p34"},
                      RouteCase{"other", "prepare-operating", "budget-analyst-operating", "p33", "p34"}),
    [](const ::testing::TestParamInfo<RouteCase>& info) { return std::string(info.param.category); });

// After a rejection the request is routed by category again: an investment request
// returns to position ๓๔, not to ๓๓.
TEST_F(CliBudgetRequest, RejectedInvestmentRequestReturnsToTheInvestmentAnalyst) {
  std::int64_t id = StartBudget("p34", "investment");
  AdvanceToPrepare(id);
  Complete("p34", id, "prepare-investment", {"--set", "request_amount=5000000"});
  Complete("p32", id, "committee-approval", {"--outcome", "ไม่เห็นชอบ"});
  json show = Show(id);
  ASSERT_EQ(show.at("tasks").size(), 1u) << show.dump(2);
  EXPECT_EQ(show.at("tasks")[0].at("node"), "prepare-investment");
  EXPECT_EQ(show.at("tasks")[0].at("role"), "budget-analyst-investment");
  EXPECT_EQ(show.at("variables").at("committee-approval.outcome"), "reject");
}

}  // namespace
}  // namespace krabuan::clitest
