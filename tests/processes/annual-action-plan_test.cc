// P09 annual-action-plan (3. งานจัดทำแผนปฏิบัติการประจำปี), driven through the engine on the
// real org and process file.
//
// Timing table as procedures.md normalizes it (rule 5.4, the instance's fiscal year; K17
// blank cells inherit the row above):
//   T1-T3 ตุลาคม, T4 blank    -> steps 1-4: October of FY N, due 31 Oct
//   T5-T6 ตุลาคม-พฤศจิกายน    -> steps 5-6: due 30 Nov
//   T7 blank                  -> step 7 starts then and runs to the fiscal year's end (30 Sep)
//   T8 blank                  -> step 8 (per school): T6's October-November, due 30 Nov
//   T9 พฤศจิกายน ทุก 6 เดือน   -> step 9: a November round (due 30 Nov) and a May round
//                                (due 31 May)
//   FY 2568: 31 Oct 2024, 30 Nov 2024, 31 May 2025, 30 Sep 2025.
//   FY 2569: 31 Oct 2025, 30 Nov 2025, 31 May 2026, 30 Sep 2026.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class AnnualActionPlanProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("annual-action-plan");
  }

  void StepsOneToThree(InstanceId id) {
    Complete("p37", Open(id, "study-allocation"));
    EXPECT_EQ(OpenNodes(id), Nodes{"review-strategies"});
    Complete("p37", Open(id, "review-strategies"));
    EXPECT_EQ(OpenNodes(id), Nodes{"set-targets"});
    Complete("p37", Open(id, "set-targets"));
    EXPECT_EQ(OpenNodes(id), Nodes{"draft-plan"});
  }
};

TEST_F(AnnualActionPlanProcess, Fy2568OctoberWorkCommitteeLoopSchoolsAndTwoMonitoringRounds) {
  SetNow("2024-09-20T09:00:00+07:00");
  InstanceId id = Start("p37", "annual-action-plan", {{"fiscal_year", "2568"}});
  ASSERT_NE(id, 0);
  EXPECT_EQ(OpenNodes(id), Nodes{});   // October has not begun
  MoveTo("2024-10-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"study-allocation"});

  SetNow("2024-10-07T09:00:00+07:00");
  StepsOneToThree(id);
  for (const char* node : {"study-allocation", "review-strategies", "set-targets", "draft-plan"}) {
    EXPECT_EQ(DueOf(id, node), "2024-10-31T16:59:59Z") << node;   // ตุลาคม 2567; T4 blank
  }
  Complete("p37", Open(id, "draft-plan"), "", {{"plan_budget", "45,000,000.00"}});

  EXPECT_EQ(OpenNodes(id), Nodes{"committee-approval"});
  EXPECT_EQ(DueOf(id, "committee-approval"), "2024-11-30T16:59:59Z");   // ตุลาคม-พฤศจิกายน
  SetNow("2024-10-28T10:00:00+07:00");
  Complete("p37", Open(id, "committee-approval"), "reject", {}, "ให้ปรับลดโครงการซ้ำซ้อน");
  // Back to step 4 (inferred): still October's due, now nearly spent.
  EXPECT_EQ(OpenNodes(id), Nodes{"draft-plan"});
  EXPECT_EQ(DueOf(id, "draft-plan"), "2024-10-31T16:59:59Z");
  SetNow("2024-11-05T10:00:00+07:00");
  Complete("p37", Open(id, "draft-plan"), "", {{"plan_budget", "42,500,000.00"}});
  SetNow("2024-11-12T10:00:00+07:00");
  Complete("p32", Open(id, "committee-approval"), "เห็นชอบ");

  EXPECT_EQ(OpenNodes(id), Nodes{"publish"});
  EXPECT_EQ(DueOf(id, "publish"), "2024-11-30T16:59:59Z");
  SetNow("2024-11-15T10:00:00+07:00");
  Complete("p37", Open(id, "publish"));

  // Steps 7, 8 (per school) and 9 side by side; it is November, so round 1 opens at once.
  EXPECT_EQ(OpenNodes(id), (Nodes{"implement-plan", "monitor-report", "support-schools"}));
  EXPECT_EQ(DueOf(id, "implement-plan"), "2025-09-30T16:59:59Z");   // to the fiscal year's end
  EXPECT_EQ(DueOf(id, "support-schools"), "2024-11-30T16:59:59Z");  // T8 blank: T6's window
  EXPECT_EQ(DueOf(id, "monitor-report"), "2024-11-30T16:59:59Z");   // พฤศจิกายน ทุก 6 เดือน: November
  std::map<std::string, TaskId> schools = OpenItems(id, "support-schools");
  ASSERT_EQ(schools.size(), 5u);
  SetNow("2024-11-25T10:00:00+07:00");
  for (const char* school : {"school-01", "school-02", "school-03"}) {
    Complete(school, schools.at(school), "", {{"school_plan_done", "true"}});
  }
  Complete("p35", schools.at("school-04"), "", {{"school_plan_done", "true"}});   // an officer records it
  Complete("p37", Open(id, "monitor-report"));
  EXPECT_EQ(OpenNodes(id), (Nodes{"implement-plan", "support-schools"}));   // round 2 waits for May

  // The cut-off at the end of the window closes the schools' work without school-05.
  MoveTo("2024-11-30T23:59:59+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"implement-plan"});
  EXPECT_EQ(Show(id).variables.at("support-schools.missing").as_string(), "school-05");

  MoveTo("2025-04-30T23:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"implement-plan"});
  MoveTo("2025-05-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), (Nodes{"implement-plan", "monitor-report-may"}));
  EXPECT_EQ(DueOf(id, "monitor-report-may"), "2025-05-31T16:59:59Z");   // six months on: May 2568
  SetNow("2025-05-20T10:00:00+07:00");
  Complete("p37", Open(id, "monitor-report-may"));
  SetNow("2025-09-26T10:00:00+07:00");
  Complete("p37", Open(id, "implement-plan"));

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(CompletionCount(v, "committee-approval"), 2);
  EXPECT_EQ(CompletionCount(v, "draft-plan"), 2);
  EXPECT_EQ(v.variables.at("plan_budget").as_money().satang, 4250000000);

  // Who acted: the Area Committee's rejection recorded by the planner, its approval by the
  // group director; a school's plan recorded by an officer for the school.
  const HistoryRecord* rejection = nullptr;
  const HistoryRecord* approval = nullptr;
  const HistoryRecord* recorded_school = nullptr;
  for (const HistoryRecord& h : v.history) {
    if (h.action != "task-completed") continue;
    if (h.node_id == "committee-approval" && rejection == nullptr) rejection = &h;
    else if (h.node_id == "committee-approval") approval = &h;
    if (h.node_id == "support-schools" && h.user == "p35") recorded_school = &h;
  }
  ASSERT_NE(rejection, nullptr);
  EXPECT_EQ(rejection->user, "p37");
  EXPECT_EQ(rejection->role, "area-committee");
  EXPECT_EQ(rejection->capacity, ActingCapacity::kRecorder);
  EXPECT_EQ(rejection->comment, "ให้ปรับลดโครงการซ้ำซ้อน");
  ASSERT_NE(approval, nullptr);
  EXPECT_EQ(approval->user, "p32");
  EXPECT_EQ(approval->capacity, ActingCapacity::kRecorder);
  ASSERT_NE(recorded_school, nullptr);
  EXPECT_EQ(recorded_school->role, "school");
  EXPECT_EQ(recorded_school->capacity, ActingCapacity::kRecorder);
}

TEST_F(AnnualActionPlanProcess, Fy2569PublishedInOctoberTheNovemberRoundWaitsForItsMonth) {
  SetNow("2025-10-01T09:00:00+07:00");
  InstanceId id = Start("p32", "annual-action-plan", {{"fiscal_year", "2569"}});
  EXPECT_EQ(DueOf(id, "study-allocation"), "2025-10-31T16:59:59Z");   // ตุลาคม 2568
  StepsOneToThree(id);
  Complete("p37", Open(id, "draft-plan"), "", {{"plan_budget", "40,000,000.00"}});
  EXPECT_EQ(DueOf(id, "committee-approval"), "2025-11-30T16:59:59Z");
  Complete("p37", Open(id, "committee-approval"), "approve");
  SetNow("2025-10-20T09:00:00+07:00");
  Complete("p37", Open(id, "publish"));
  EXPECT_EQ(DueOf(id, "publish"), "2025-11-30T16:59:59Z");

  // Round 1 is not before November.
  EXPECT_EQ(OpenNodes(id), (Nodes{"implement-plan", "support-schools"}));
  EXPECT_EQ(DueOf(id, "implement-plan"), "2026-09-30T16:59:59Z");
  EXPECT_EQ(DueOf(id, "support-schools"), "2025-11-30T16:59:59Z");
  MoveTo("2025-11-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), (Nodes{"implement-plan", "monitor-report", "support-schools"}));
  EXPECT_EQ(DueOf(id, "monitor-report"), "2025-11-30T16:59:59Z");
  for (const auto& [school, task] : OpenItems(id, "support-schools")) Complete(school, task, "", {{"school_plan_done", "true"}});
  Complete("p37", Open(id, "monitor-report"));
  MoveTo("2026-05-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(id, "monitor-report-may"), "2026-05-31T16:59:59Z");
  Complete("p37", Open(id, "monitor-report-may"));
  Complete("p37", Open(id, "implement-plan"));
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_EQ(v.variables.at("support-schools.missing").as_string(), "");
}

TEST_F(AnnualActionPlanProcess, TheGenericDriverTakesTheApprovingPathToTheEnd) {
  SetNow("2024-09-15T09:00:00+07:00");
  InstanceId id = Start("p37", "annual-action-plan", {{"fiscal_year", "2568"}});
  std::vector<std::string> visited = Drive(id);
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  EXPECT_EQ(std::count(visited.begin(), visited.end(), "committee-approval"), 1);
  EXPECT_EQ(std::count(visited.begin(), visited.end(), "monitor-report"), 1);
  EXPECT_EQ(std::count(visited.begin(), visited.end(), "monitor-report-may"), 1);
}

}  // namespace
}  // namespace krabuan::testing
