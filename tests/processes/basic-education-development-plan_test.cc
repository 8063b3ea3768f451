// P08 basic-education-development-plan (2. งานจัดทำแผนพัฒนาการศึกษาขั้นพื้นฐาน), driven through
// the engine on the real org and process file.
//
// Timing table as procedures.md normalizes it (K17: blank cells share the row above's box):
//   T1 "1 เดือน" + T2 blank          -> steps 1-2, one box: a month from step 1's start
//   T3 "1 เดือน"                     -> step 3
//   T4 "1 เดือน" + T5, T6 blank      -> steps 4-6, one box: a month from step 4's start
//   T7 "15 วัน" (Area Committee), T8 "15 วัน" (publish)
//   T9, T10 "ตลอดปี"                 -> steps 9 (per school) and 10: the fiscal year's end,
//                                      30 Sep 2025 for FY 2568 ("2025-09-30T16:59:59Z")
// Durations run from the moment a step starts (10:00 office time = 03:00Z).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class BasicEducationDevelopmentPlanProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("basic-education-development-plan");
  }

  void StepsFourToSix(InstanceId id) {
    Complete("p37", Open(id, "set-vision"));
    EXPECT_EQ(OpenNodes(id), Nodes{"set-strategies"});
    Complete("p37", Open(id, "set-strategies"));
    EXPECT_EQ(OpenNodes(id), Nodes{"set-outputs"});
    Complete("p37", Open(id, "set-outputs"));
    EXPECT_EQ(OpenNodes(id), Nodes{"committee-approval"});
  }
};

TEST_F(BasicEducationDevelopmentPlanProcess, Fy2568PlanRejectedOnceThenApprovedAndCarriedOutWithSchools) {
  SetNow("2024-10-01T10:00:00+07:00");
  InstanceId id = Start("p37", "basic-education-development-plan",
                        {{"fiscal_year", "2568"}, {"plan_period", "พ.ศ. 2566-2570"}});
  ASSERT_NE(id, 0);
  // Steps 1 and 2 side by side in T1's box: by 1 Nov 2024 10:00.
  EXPECT_EQ(OpenNodes(id), (Nodes{"review-mission", "study-information"}));
  EXPECT_EQ(DueOf(id, "review-mission"), "2024-11-01T03:00:00Z");
  EXPECT_EQ(DueOf(id, "study-information"), "2024-11-01T03:00:00Z");   // T2 blank: T1's box

  SetNow("2024-10-25T10:00:00+07:00");
  Complete("p37", Open(id, "study-information"));
  EXPECT_EQ(OpenNodes(id), Nodes{"review-mission"});
  Complete("p37", Open(id, "review-mission"));

  // Step 3: a month of its own.
  EXPECT_EQ(OpenNodes(id), Nodes{"analyse-environment"});
  EXPECT_EQ(DueOf(id, "analyse-environment"), "2024-11-25T03:00:00Z");
  SetNow("2024-11-20T10:00:00+07:00");
  Complete("p37", Open(id, "analyse-environment"));

  // Steps 4-6 in T4's box, fixed when step 4 starts.
  EXPECT_EQ(OpenNodes(id), Nodes{"set-vision"});
  EXPECT_EQ(DueOf(id, "set-vision"), "2024-12-20T03:00:00Z");
  SetNow("2024-12-10T10:00:00+07:00");
  StepsFourToSix(id);
  EXPECT_EQ(DueOf(id, "set-strategies"), "2024-12-20T03:00:00Z");   // T5 blank
  EXPECT_EQ(DueOf(id, "set-outputs"), "2024-12-20T03:00:00Z");      // T6 blank

  // Step 7: 15 days; the Area Committee does not approve the first draft.
  EXPECT_EQ(DueOf(id, "committee-approval"), "2024-12-25T03:00:00Z");
  SetNow("2024-12-20T10:00:00+07:00");
  Complete("p37", Open(id, "committee-approval"), "reject", {}, "ให้ทบทวนตัวชี้วัด");
  EXPECT_EQ(OpenNodes(id), Nodes{"set-vision"});   // back to steps 4-6 (inferred)
  EXPECT_EQ(DueOf(id, "set-vision"), "2024-12-20T03:00:00Z");   // the box keeps its deadline
  SetNow("2025-01-06T10:00:00+07:00");
  StepsFourToSix(id);
  EXPECT_EQ(DueOf(id, "committee-approval"), "2025-01-21T03:00:00Z");
  SetNow("2025-01-15T10:00:00+07:00");
  Complete("p32", Open(id, "committee-approval"), "เห็นชอบ");

  // Step 8: 15 days.
  EXPECT_EQ(OpenNodes(id), Nodes{"publish"});
  EXPECT_EQ(DueOf(id, "publish"), "2025-01-30T03:00:00Z");
  SetNow("2025-01-28T10:00:00+07:00");
  Complete("p37", Open(id, "publish"));

  // Steps 9 (one task per school) and 10 at the same time, through the year.
  EXPECT_EQ(OpenNodes(id), (Nodes{"monitor-report", "support-schools"}));
  std::map<std::string, TaskId> schools = OpenItems(id, "support-schools");
  EXPECT_EQ(schools.size(), 5u);
  EXPECT_EQ(DueOf(id, "support-schools"), "2025-09-30T16:59:59Z");
  EXPECT_EQ(DueOf(id, "monitor-report"), "2025-09-30T16:59:59Z");

  SetNow("2025-03-01T10:00:00+07:00");
  Complete("school-01", schools.at("school-01"), "", {{"school_plan_done", "true"}});
  Complete("school-02", schools.at("school-02"), "", {{"school_plan_done", "true"}});
  Complete("p37", schools.at("school-03"), "", {{"school_plan_done", "true"}});   // recorded for the school
  SetNow("2025-09-20T10:00:00+07:00");
  Complete("p37", Open(id, "monitor-report"));
  EXPECT_EQ(OpenNodes(id), Nodes{"support-schools"});   // two schools still out

  // The cut-off at the fiscal year's end closes the schools' work.
  MoveTo("2025-09-30T23:59:59+07:00");
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(v.variables.at("support-schools.completed").as_int(), 3);
  EXPECT_EQ(v.variables.at("support-schools.missing").as_string(), "school-04 school-05");
  int done = 0, expired = 0;
  for (const HistoryRecord& h : v.history) {
    done += h.action == "task-completed" && h.node_id == "support-schools";
    expired += h.action == "task-expired" && h.node_id == "support-schools";
  }
  EXPECT_EQ(done, 3);
  EXPECT_EQ(expired, 2);
  EXPECT_EQ(v.variables.at("plan_period").as_string(), "พ.ศ. 2566-2570");

  const HistoryRecord* rejection = FirstCompletion(v, "committee-approval");
  ASSERT_NE(rejection, nullptr);
  EXPECT_EQ(rejection->user, "p37");
  EXPECT_EQ(rejection->role, "area-committee");
  EXPECT_EQ(rejection->capacity, ActingCapacity::kRecorder);
  EXPECT_NE(rejection->detail.find("reject"), std::string::npos);
  const HistoryRecord* school = nullptr;
  for (const HistoryRecord& h : v.history) {
    if (h.action == "task-completed" && h.node_id == "support-schools" && h.user == "school-01") school = &h;
  }
  ASSERT_NE(school, nullptr);
  EXPECT_EQ(school->role, "school");
}

TEST_F(BasicEducationDevelopmentPlanProcess, AllSchoolsReportingEndsTheInstanceBeforeTheCutOff) {
  SetNow("2025-10-01T09:00:00+07:00");
  InstanceId id = Start("p32", "basic-education-development-plan", {{"fiscal_year", "2569"}});
  Complete("p37", Open(id, "review-mission"));
  Complete("p37", Open(id, "study-information"));
  Complete("p37", Open(id, "analyse-environment"));
  StepsFourToSix(id);
  Complete("p37", Open(id, "committee-approval"), "approve");
  Complete("p37", Open(id, "publish"));
  EXPECT_EQ(DueOf(id, "support-schools"), "2026-09-30T16:59:59Z");   // ตลอดปี of FY 2569
  EXPECT_EQ(DueOf(id, "monitor-report"), "2026-09-30T16:59:59Z");
  SetNow("2026-02-01T09:00:00+07:00");
  for (const auto& [school, task] : OpenItems(id, "support-schools")) {
    Complete(school, task, "", {{"school_plan_done", "true"}});
  }
  EXPECT_EQ(OpenNodes(id), Nodes{"monitor-report"});
  Complete("p37", Open(id, "monitor-report"));
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_EQ(v.variables.at("support-schools.missing").as_string(), "");
}

// The count of items done, <task>.completed, covers only this step's school tasks, not the
// tasks of steps 1-8 finished before it: the items are found by their token, and a token's
// id is never reused (migration 4).
TEST_F(BasicEducationDevelopmentPlanProcess, CompletedCountsOnlyTheSchoolsItems) {
  SetNow("2025-10-01T09:00:00+07:00");
  InstanceId id = Start("p37", "basic-education-development-plan", {{"fiscal_year", "2569"}});
  Complete("p37", Open(id, "review-mission"));
  Complete("p37", Open(id, "study-information"));
  Complete("p37", Open(id, "analyse-environment"));
  StepsFourToSix(id);
  Complete("p37", Open(id, "committee-approval"), "approve");
  Complete("p37", Open(id, "publish"));
  for (const auto& [school, task] : OpenItems(id, "support-schools")) {
    Complete(school, task, "", {{"school_plan_done", "true"}});
  }
  Complete("p37", Open(id, "monitor-report"));
  InstanceView v = Show(id);
  ASSERT_EQ(v.instance.state, InstanceState::kCompleted);
  std::string finished;
  for (const HistoryRecord& h : v.history) {
    if (h.action == "items-finished") finished = h.detail;
  }
  EXPECT_EQ(v.variables.at("support-schools.completed").as_int(), 5) << "items-finished: " << finished;
}

TEST_F(BasicEducationDevelopmentPlanProcess, TheGenericDriverTakesTheApprovingPathToTheEnd) {
  SetNow("2024-10-01T09:00:00+07:00");
  InstanceId id = Start("p37", "basic-education-development-plan", {{"fiscal_year", "2568"}});
  std::vector<std::string> visited = Drive(id);
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  EXPECT_EQ(std::count(visited.begin(), visited.end(), "committee-approval"), 1);
  EXPECT_EQ(std::count(visited.begin(), visited.end(), "support-schools"), 5);
}

}  // namespace
}  // namespace krabuan::testing
