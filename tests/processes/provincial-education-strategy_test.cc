// P10 provincial-education-strategy (4. งานบริหารยุทธศาสตร์และการบูรณาการการศึกษาจังหวัด
// กลุ่มจังหวัด), driven through the engine on the real org and process file.
//
// Timing table as procedures.md normalizes it:
//   T1 "2 วัน (พฤษภาคม ของทุกปี)" -> step 1: two days inside May of the fiscal year (K11);
//      started before May it waits for 1 May: FY 2568 by 2 May 2025 ("2025-05-02T16:59:59Z"),
//      FY 2569 by 2 May 2026.
//   T2 "1 เดือน"  -> steps 2 and 3a, one box from step 2's start
//   T3 "1 เดือน"  -> 3b, the MOE committee;  T4 "2 เดือน" -> 4a;  T5 "10 วัน" -> 4b, the
//      province-cluster committee
//   T6 "ตลอดปี"   -> step 5: the fiscal year's end (30 Sep 2025 for FY 2568)
//   T7 is not a time (K18) -> step 6 has no deadline; the text is its expected result.
// Durations run from the moment a step starts (10:00 office time = 03:00Z).
#include <gtest/gtest.h>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

// The due the engine announced when the token arrived before the step's window opened
// (history action "scheduled"), "" when there was no such row.
std::string ScheduledDue(const InstanceView& v, const std::string& node) {
  for (const HistoryRecord& h : v.history) {
    if (h.action != "scheduled" || h.node_id != node) continue;
    std::size_t at = h.detail.find("\"due\":\"");
    return at == std::string::npos ? "-" : h.detail.substr(at + 7, 20);
  }
  return "";
}

class ProvincialEducationStrategyProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("provincial-education-strategy");
  }
};

TEST_F(ProvincialEducationStrategyProcess, Fy2568FromMayThroughBothCommitteesEachRejectingOnce) {
  SetNow("2025-04-20T09:00:00+07:00");
  InstanceId id = Start("p37", "provincial-education-strategy", {{"fiscal_year", "2568"}});
  ASSERT_NE(id, 0);
  EXPECT_EQ(OpenNodes(id), Nodes{});   // May has not begun
  EXPECT_EQ(DueOf(id, "coordinate-appointment"), "");
  // Scheduled for 1 May, due by the end of 2 May 2568 (the task's own due: see the
  // EngineBug test below).
  EXPECT_EQ(ScheduledDue(Show(id), "coordinate-appointment"), "2025-05-02T16:59:59Z");
  MoveTo("2025-04-30T23:59:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-05-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"coordinate-appointment"});

  SetNow("2025-05-02T10:00:00+07:00");
  Complete("p37", Open(id, "coordinate-appointment"));
  // Steps 2 and 3a share T2's month.
  EXPECT_EQ(OpenNodes(id), Nodes{"draft-provincial-plan"});
  EXPECT_EQ(DueOf(id, "draft-provincial-plan"), "2025-06-02T03:00:00Z");
  SetNow("2025-05-20T10:00:00+07:00");
  Complete("p37", Open(id, "draft-provincial-plan"));
  EXPECT_EQ(DueOf(id, "submit-provincial-plan"), "2025-06-02T03:00:00Z");
  SetNow("2025-05-30T10:00:00+07:00");
  Complete("p37", Open(id, "submit-provincial-plan"));

  // 3b: the MOE committee, a month.
  EXPECT_EQ(OpenNodes(id), Nodes{"moe-approval"});
  EXPECT_EQ(DueOf(id, "moe-approval"), "2025-06-30T03:00:00Z");
  SetNow("2025-06-10T10:00:00+07:00");
  Complete("p37", Open(id, "moe-approval"), "ไม่เห็นชอบ", {}, "ให้เพิ่มตัวชี้วัดด้านโอกาสทางการศึกษา");
  EXPECT_EQ(OpenNodes(id), Nodes{"draft-provincial-plan"});   // back to step 2 (inferred)
  EXPECT_EQ(DueOf(id, "draft-provincial-plan"), "2025-06-02T03:00:00Z");   // the box keeps its deadline
  SetNow("2025-06-16T10:00:00+07:00");
  Complete("p37", Open(id, "draft-provincial-plan"));
  Complete("p37", Open(id, "submit-provincial-plan"));
  EXPECT_EQ(DueOf(id, "moe-approval"), "2025-07-16T03:00:00Z");
  SetNow("2025-06-30T10:00:00+07:00");
  Complete("p35", Open(id, "moe-approval"), "approve");

  // 4a: two months.
  EXPECT_EQ(OpenNodes(id), Nodes{"draft-action-plan"});
  EXPECT_EQ(DueOf(id, "draft-action-plan"), "2025-08-30T03:00:00Z");
  SetNow("2025-08-25T10:00:00+07:00");
  Complete("p37", Open(id, "draft-action-plan"));

  // 4b: the province-cluster committee, ten days.
  EXPECT_EQ(OpenNodes(id), Nodes{"cluster-approval"});
  EXPECT_EQ(DueOf(id, "cluster-approval"), "2025-09-04T03:00:00Z");
  SetNow("2025-08-29T10:00:00+07:00");
  Complete("p37", Open(id, "cluster-approval"), "reject");
  EXPECT_EQ(OpenNodes(id), Nodes{"draft-action-plan"});   // back to 4a (inferred)
  EXPECT_EQ(DueOf(id, "draft-action-plan"), "2025-10-29T03:00:00Z");   // a fresh two months
  SetNow("2025-09-03T10:00:00+07:00");
  Complete("p37", Open(id, "draft-action-plan"));
  EXPECT_EQ(DueOf(id, "cluster-approval"), "2025-09-13T03:00:00Z");
  SetNow("2025-09-10T10:00:00+07:00");
  Complete("p37", Open(id, "cluster-approval"), "เห็นชอบ");

  // Step 5 through the year; step 6 with no deadline.
  EXPECT_EQ(OpenNodes(id), Nodes{"coordinate-agencies"});
  EXPECT_EQ(DueOf(id, "coordinate-agencies"), "2025-09-30T16:59:59Z");
  SetNow("2025-09-29T10:00:00+07:00");
  Complete("p37", Open(id, "coordinate-agencies"));
  EXPECT_EQ(OpenNodes(id), Nodes{"monitor-report"});
  EXPECT_EQ(DueOf(id, "monitor-report"), "-");   // K18: not a time
  InstanceView open = Show(id);
  ASSERT_EQ(open.open_tasks.size(), 1u);
  EXPECT_FALSE(open.open_tasks.front().task.due_at.has_value());
  Complete("p37", Open(id, "monitor-report"));

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);

  // Who acted: the outside bodies' acts recorded by the policy planners.
  std::vector<const HistoryRecord*> moe, cluster, working_group;
  for (const HistoryRecord& h : v.history) {
    if (h.action != "task-completed") continue;
    if (h.node_id == "moe-approval") moe.push_back(&h);
    if (h.node_id == "cluster-approval") cluster.push_back(&h);
    if (h.node_id == "draft-provincial-plan") working_group.push_back(&h);
  }
  ASSERT_EQ(moe.size(), 2u);
  EXPECT_EQ(moe[0]->user, "p37");
  EXPECT_EQ(moe[0]->role, "moe-strategy-committee");
  EXPECT_EQ(moe[0]->capacity, ActingCapacity::kRecorder);
  EXPECT_EQ(moe[0]->comment, "ให้เพิ่มตัวชี้วัดด้านโอกาสทางการศึกษา");
  EXPECT_NE(moe[0]->detail.find("reject"), std::string::npos);
  EXPECT_EQ(moe[1]->user, "p35");
  EXPECT_NE(moe[1]->detail.find("approve"), std::string::npos);
  ASSERT_EQ(cluster.size(), 2u);
  EXPECT_EQ(cluster[1]->role, "province-cluster-committee");
  EXPECT_EQ(cluster[1]->capacity, ActingCapacity::kRecorder);
  ASSERT_EQ(working_group.size(), 2u);
  EXPECT_EQ(working_group[0]->role, "provincial-working-group");
  EXPECT_EQ(working_group[0]->capacity, ActingCapacity::kRecorder);
}

TEST_F(ProvincialEducationStrategyProcess, Fy2569MayWindowAndAStartInsideMay) {
  SetNow("2025-10-01T09:00:00+07:00");
  InstanceId id = Start("p37", "provincial-education-strategy", {{"fiscal_year", "2569"}});
  EXPECT_EQ(OpenNodes(id), Nodes{});
  EXPECT_EQ(ScheduledDue(Show(id), "coordinate-appointment"), "2026-05-02T16:59:59Z");   // May 2569
  MoveTo("2026-05-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"coordinate-appointment"});

  // Started on 10 May: two days from then.
  SetNow("2026-05-10T09:00:00+07:00");
  InstanceId late = Start("p32", "provincial-education-strategy", {{"fiscal_year", "2569"}});
  EXPECT_EQ(OpenNodes(late), Nodes{"coordinate-appointment"});
  EXPECT_EQ(DueOf(late, "coordinate-appointment"), "2026-05-12T02:00:00Z");

  // The rest of FY 2569's instance, approving at once.
  SetNow("2026-05-02T09:00:00+07:00");
  Complete("p37", Open(id, "coordinate-appointment"));
  Complete("p37", Open(id, "draft-provincial-plan"));
  Complete("p37", Open(id, "submit-provincial-plan"));
  Complete("p37", Open(id, "moe-approval"), "approve");
  Complete("p37", Open(id, "draft-action-plan"));
  Complete("p37", Open(id, "cluster-approval"), "approve");
  EXPECT_EQ(DueOf(id, "coordinate-agencies"), "2026-09-30T16:59:59Z");   // ตลอดปี: FY 2569
  Complete("p37", Open(id, "coordinate-agencies"));
  Complete("p37", Open(id, "monitor-report"));
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

// A K11 step ("2 วัน (พฤษภาคม ของทุกปี)") whose token arrived before May is due at the end
// of 2 May, as its "scheduled" row said, also when the task is created at the window's
// opening instant (OpenScheduledTasks, engine/exec/task_processor.cc, resolves the step
// again then: at start == open, "2 วัน" counts whole days from the day the window opens,
// not from 00:00 of 1 May plus a second).
TEST_F(ProvincialEducationStrategyProcess, StepOneOpenedByItsWindowIsDueAtTheEndOf2May) {
  SetNow("2025-04-20T09:00:00+07:00");
  InstanceId fy2568 = Start("p37", "provincial-education-strategy", {{"fiscal_year", "2568"}});
  SetNow("2025-10-01T09:00:00+07:00");
  InstanceId fy2569 = Start("p37", "provincial-education-strategy", {{"fiscal_year", "2569"}});
  MoveTo("2025-05-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(fy2568, "coordinate-appointment"), "2025-05-02T16:59:59Z");
  MoveTo("2026-05-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(fy2569, "coordinate-appointment"), "2026-05-02T16:59:59Z");
}

TEST_F(ProvincialEducationStrategyProcess, TheGenericDriverTakesTheApprovingPathToTheEnd) {
  SetNow("2024-09-15T09:00:00+07:00");
  InstanceId id = Start("p37", "provincial-education-strategy", {{"fiscal_year", "2568"}});
  std::vector<std::string> visited = Drive(id);
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  EXPECT_EQ(visited, (Nodes{"coordinate-appointment", "draft-provincial-plan", "submit-provincial-plan",
                            "moe-approval", "draft-action-plan", "cluster-approval", "coordinate-agencies",
                            "monitor-report"}));
}

}  // namespace
}  // namespace krabuan::testing
