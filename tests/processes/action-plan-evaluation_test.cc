// P16 action-plan-evaluation (3.3 ประเมินผลการดำเนินงานตามแผนปฏิบัติการประจำปีของสำนักงาน
// เขตพื้นที่การศึกษา), driven through the engine on the real org and process file.
//
// Timing table as procedures.md normalizes it (rule 5.4):
//   T1 มีนาคม - เมษายน   -> study: Mar-Apr of FY N, due 30 Apr
//   T2 กันยายน - ตุลาคม  -> build-forms: Sep of FY N - Oct of FY N+1, due 31 Oct
//   T3-T5 (blank)       -> the same Sep-Oct window (time box), due 31 Oct
//   FY 2568: 30 Apr 2025 and 31 Oct 2025; FY 2569: 30 Apr 2026 and 31 Oct 2026.
#include <gtest/gtest.h>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class ActionPlanEvaluationProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("action-plan-evaluation");
  }
};

TEST_F(ActionPlanEvaluationProcess, Fy2568WaitsForEachWindowAndLoopsBackOnManagementsRequest) {
  SetNow("2024-10-01T09:00:00+07:00");
  InstanceId id = Start("p35", "action-plan-evaluation", {{"fiscal_year", "2568"}});
  ASSERT_NE(id, 0);

  // Step 1's window (March - April 2025) has not opened: nothing to do yet.
  EXPECT_EQ(OpenNodes(id), Nodes{});
  EXPECT_EQ(DueOf(id, "study"), "");
  MoveTo("2025-02-28T23:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-03-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"study"});
  EXPECT_EQ(DueOf(id, "study"), "2025-04-30T16:59:59Z");   // มีนาคม - เมษายน: by 30 Apr 2025

  SetNow("2025-04-10T10:00:00+07:00");
  Complete("p35", Open(id, "study"), "", {{"plan_analysis", "แผนปฏิบัติการ 2568 มี 24 โครงการ"}});

  // The gap from April to September (K20): step 2 waits for its own window.
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-08-31T23:59:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-09-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"build-forms"});
  EXPECT_EQ(DueOf(id, "build-forms"), "2025-10-31T16:59:59Z");   // กันยายน - ตุลาคม: by 31 Oct 2025

  SetNow("2025-09-05T09:00:00+07:00");
  Complete("p36", Open(id, "build-forms"), "", {{"projects_evaluated", "24"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"coordinate-evaluate"});
  EXPECT_EQ(DueOf(id, "coordinate-evaluate"), "2025-10-31T16:59:59Z");   // T3 blank: T2's window

  SetNow("2025-09-25T09:00:00+07:00");
  Complete("p35", Open(id, "coordinate-evaluate"));
  EXPECT_EQ(OpenNodes(id), Nodes{"summarise"});
  EXPECT_EQ(DueOf(id, "summarise"), "2025-10-31T16:59:59Z");   // T4 blank

  SetNow("2025-10-02T09:00:00+07:00");   // already fiscal year 2569: the window crosses it
  Complete("p35", Open(id, "summarise"), "", {{"evaluation_summary", "ร่างสรุป"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"management-review"});
  EXPECT_EQ(DueOf(id, "management-review"), "2025-10-31T16:59:59Z");

  // Management asks for changes: back to the summary (inferred default reject path).
  Complete("p32", Open(id, "management-review"), "revise", {}, "ขอให้เพิ่มข้อเสนอแนะ");
  EXPECT_EQ(OpenNodes(id), Nodes{"summarise"});
  EXPECT_EQ(DueOf(id, "summarise"), "2025-10-31T16:59:59Z");   // the shared window does not move
  SetNow("2025-10-06T09:00:00+07:00");
  Complete("p35", Open(id, "summarise"), "", {{"evaluation_summary", "สรุปพร้อมข้อเสนอแนะ"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"management-review"});
  Complete("p32", Open(id, "management-review"), "approve");
  EXPECT_EQ(OpenNodes(id), Nodes{"report"});
  EXPECT_EQ(DueOf(id, "report"), "2025-10-31T16:59:59Z");   // T5 blank

  Complete("p35", Open(id, "report"));
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);

  // Management's decision is recorded by the group director on its behalf.
  const HistoryRecord* review = LastCompletion(v, "management-review");
  ASSERT_NE(review, nullptr);
  EXPECT_EQ(review->user, "p32");
  EXPECT_EQ(review->role, "esa-management");
  EXPECT_EQ(review->capacity, ActingCapacity::kRecorder);
  EXPECT_NE(review->detail.find("approve"), std::string::npos);
  // The officers act as members of the shared role.
  const HistoryRecord* forms = LastCompletion(v, "build-forms");
  ASSERT_NE(forms, nullptr);
  EXPECT_EQ(forms->user, "p36");
  EXPECT_EQ(forms->role, "me-analyst");
  EXPECT_EQ(forms->capacity, ActingCapacity::kMember);
}

TEST_F(ActionPlanEvaluationProcess, Fy2569ResolvesTheSameWindowsOneYearLater) {
  SetNow("2025-10-01T09:00:00+07:00");
  InstanceId id = Start("p35", "action-plan-evaluation", {{"fiscal_year", "2569"}});
  MoveTo("2026-03-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(id, "study"), "2026-04-30T16:59:59Z");   // มีนาคม - เมษายน 2569
  Complete("p35", Open(id, "study"), "", {{"plan_analysis", "x"}});
  MoveTo("2026-09-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(id, "build-forms"), "2026-10-31T16:59:59Z");   // กันยายน 2569 - ตุลาคม 2569
  Complete("p35", Open(id, "build-forms"), "", {{"projects_evaluated", "20"}});
  EXPECT_EQ(DueOf(id, "coordinate-evaluate"), "2026-10-31T16:59:59Z");
  Complete("p35", Open(id, "coordinate-evaluate"));
  EXPECT_EQ(DueOf(id, "summarise"), "2026-10-31T16:59:59Z");
  Complete("p35", Open(id, "summarise"), "", {{"evaluation_summary", "x"}});
  EXPECT_EQ(DueOf(id, "management-review"), "2026-10-31T16:59:59Z");
  Complete("p36", Open(id, "management-review"), "approve");   // the M&E officer may record it too
  EXPECT_EQ(DueOf(id, "report"), "2026-10-31T16:59:59Z");
  Complete("p35", Open(id, "report"));
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

TEST_F(ActionPlanEvaluationProcess, OnlyTheEvaluationOfficersAndManagementsRecordersAct) {
  SetNow("2025-03-03T09:00:00+07:00");   // inside the window: step 1 opens at once
  EXPECT_FALSE(engine_->Start({"p38"}, {"action-plan-evaluation", {{"fiscal_year", "2568"}}, "", ""}).ok());
  InstanceId id = Start("p35", "action-plan-evaluation", {{"fiscal_year", "2568"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"study"});
  TaskId study = Open(id, "study");
  // อ ๓๗ (policy planner, not M&E) and the clerk may not do the evaluation's work.
  EXPECT_FALSE(engine_->Complete({"p37"}, {study, "", {{"plan_analysis", "x"}}, ""}).ok());
  EXPECT_FALSE(engine_->Complete({"p38"}, {study, "", {{"plan_analysis", "x"}}, ""}).ok());
  Complete("p35", study, "", {{"plan_analysis", "x"}});
  MoveTo("2025-09-01T00:00:00+07:00");
  Complete("p35", Open(id, "build-forms"), "", {{"projects_evaluated", "3"}});
  Complete("p35", Open(id, "coordinate-evaluate"));
  Complete("p35", Open(id, "summarise"), "", {{"evaluation_summary", "x"}});
  TaskId review = Open(id, "management-review");
  // The clerk and a budget analyst do not record for management.
  EXPECT_FALSE(engine_->Complete({"p38"}, {review, "approve", {}, ""}).ok());
  EXPECT_FALSE(engine_->Complete({"p33"}, {review, "approve", {}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), Nodes{"management-review"});
}

}  // namespace
}  // namespace krabuan::testing
