// P15 development-plan-evaluation (ประเมินผลแผนพัฒนาการศึกษาขั้นพื้นฐานของสำนักงานเขตพื้นที่
// การศึกษา), driven through the engine on the real org and process file.
//
// Timing table (manual lines 622-629) as procedures.md P15 normalizes it by rule 5.4:
//   T1 ตุลาคม - กุมภาพันธ์  study              Oct - Feb of FY N, due 28/29 Feb
//   T2 มีนาคม              build-forms        Mar of FY N, due 31 Mar
//   T3 กันยายน - ตุลาคม    evaluate           Sep of FY N - Oct of FY N+1, due 31 Oct
//   T4 (blank)            summarise, management-review: T3's window, due 31 Oct
//   T5 พฤศจิกายน           report             Nov of FY N+1, due 30 Nov
// FY 2568: 28 Feb 2025, 31 Mar 2025, 31 Oct 2025, 31 Oct 2025, 30 Nov 2025.
// FY 2569: 28 Feb 2026, 31 Mar 2026, 31 Oct 2026, 31 Oct 2026, 30 Nov 2026.
#include <gtest/gtest.h>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class DevelopmentPlanEvaluationProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("development-plan-evaluation");
  }
};

TEST_F(DevelopmentPlanEvaluationProcess, Fy2568FromOctober2024ToNovember2025) {
  SetNow("2024-10-01T09:00:00+07:00");
  InstanceId id = Start("p35", "development-plan-evaluation", {{"fiscal_year", "2568"}, {"plan_period", "2566-2570"}});
  ASSERT_NE(id, 0);
  EXPECT_EQ(OpenNodes(id), Nodes{"study"});
  EXPECT_EQ(DueOf(id, "study"), "2025-02-28T16:59:59Z");   // ตุลาคม - กุมภาพันธ์

  SetNow("2025-02-10T09:00:00+07:00");
  Complete("p35", Open(id, "study"), "", {{"midplan_report", "รายงานครึ่งแผนพร้อมข้อเสนอแนะ"}});
  EXPECT_EQ(OpenNodes(id), Nodes{});   // step 2 waits for March
  MoveTo("2025-03-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"build-forms"});
  EXPECT_EQ(DueOf(id, "build-forms"), "2025-03-31T16:59:59Z");   // มีนาคม
  Complete("p35", Open(id, "build-forms"), "", {{"forms", "แบบประเมินแผนงาน/โครงการ"}});

  // Five idle months (K20): step 3 waits for September.
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-08-31T23:59:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-09-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"evaluate"});
  EXPECT_EQ(DueOf(id, "evaluate"), "2025-10-31T16:59:59Z");   // กันยายน - ตุลาคม
  SetNow("2025-09-26T09:00:00+07:00");
  Complete("p35", Open(id, "evaluate"));
  EXPECT_EQ(OpenNodes(id), Nodes{"summarise"});
  EXPECT_EQ(DueOf(id, "summarise"), "2025-10-31T16:59:59Z");   // T4 blank: T3's window

  SetNow("2025-10-08T09:00:00+07:00");
  Complete("p35", Open(id, "summarise"), "", {{"evaluation_summary", "ร่างสรุป"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"management-review"});
  EXPECT_EQ(DueOf(id, "management-review"), "2025-10-31T16:59:59Z");
  Complete("p32", Open(id, "management-review"), "revise", {}, "ขอให้เทียบกับค่าเป้าหมาย");
  EXPECT_EQ(OpenNodes(id), Nodes{"summarise"});
  EXPECT_EQ(DueOf(id, "summarise"), "2025-10-31T16:59:59Z");   // the box does not move
  Complete("p35", Open(id, "summarise"), "", {{"evaluation_summary", "สรุปเทียบค่าเป้าหมาย"}});
  SetNow("2025-10-20T09:00:00+07:00");
  Complete("p32", Open(id, "management-review"), "approve");

  // Step 5's window is November 2025 (FY 2569).
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-11-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"report"});
  EXPECT_EQ(DueOf(id, "report"), "2025-11-30T16:59:59Z");   // พฤศจิกายน
  Complete("p35", Open(id, "report"), "", {{"report_ref", "ศธ 04xxx/4000"}});

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  // ฝ่ายบริหาร's decision is recorded by the group director on its behalf.
  const HistoryRecord* review = LastCompletion(v, "management-review");
  ASSERT_NE(review, nullptr);
  EXPECT_EQ(review->user, "p32");
  EXPECT_EQ(review->role, "esa-management");
  EXPECT_EQ(review->capacity, ActingCapacity::kRecorder);
  EXPECT_NE(review->detail.find("approve"), std::string::npos);
}

TEST_F(DevelopmentPlanEvaluationProcess, Fy2569EveryStepsDue) {
  SetNow("2025-10-01T09:00:00+07:00");
  InstanceId id = Start("p35", "development-plan-evaluation", {{"fiscal_year", "2569"}});
  EXPECT_EQ(DueOf(id, "study"), "2026-02-28T16:59:59Z");
  Complete("p35", Open(id, "study"), "", {{"midplan_report", "x"}});
  MoveTo("2026-03-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(id, "build-forms"), "2026-03-31T16:59:59Z");
  Complete("p35", Open(id, "build-forms"), "", {{"forms", "x"}});
  MoveTo("2026-09-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(id, "evaluate"), "2026-10-31T16:59:59Z");
  Complete("p36", Open(id, "evaluate"));
  EXPECT_EQ(DueOf(id, "summarise"), "2026-10-31T16:59:59Z");
  Complete("p35", Open(id, "summarise"), "", {{"evaluation_summary", "x"}});
  EXPECT_EQ(DueOf(id, "management-review"), "2026-10-31T16:59:59Z");
  Complete("p36", Open(id, "management-review"), "approve");   // the M&E officer may record it too
  MoveTo("2026-11-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(id, "report"), "2026-11-30T16:59:59Z");
  Complete("p35", Open(id, "report"), "", {{"report_ref", "x"}});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

// In a leap year the Oct - Feb window ends on 29 February (FY 2571: 29 Feb 2028).
TEST_F(DevelopmentPlanEvaluationProcess, LeapYearStudyIsDueOn29February) {
  SetNow("2027-10-01T09:00:00+07:00");
  InstanceId id = Start("p35", "development-plan-evaluation", {{"fiscal_year", "2571"}});
  EXPECT_EQ(DueOf(id, "study"), "2028-02-29T16:59:59Z");
}

TEST_F(DevelopmentPlanEvaluationProcess, OnlyEvaluationOfficersWorkAndManagementsRecordersDecide) {
  SetNow("2024-10-01T09:00:00+07:00");
  EXPECT_FALSE(engine_->Start({"p37"}, {"development-plan-evaluation", {{"fiscal_year", "2568"}}, "", ""}).ok());
  InstanceId id = Start("p35", "development-plan-evaluation", {{"fiscal_year", "2568"}});
  TaskId study = Open(id, "study");
  EXPECT_FALSE(engine_->Complete({"p38"}, {study, "", {{"midplan_report", "x"}}, ""}).ok());
  Complete("p35", study, "", {{"midplan_report", "x"}});
  MoveTo("2025-03-01T00:00:00+07:00");
  Complete("p35", Open(id, "build-forms"), "", {{"forms", "x"}});
  MoveTo("2025-09-01T00:00:00+07:00");
  Complete("p35", Open(id, "evaluate"));
  Complete("p35", Open(id, "summarise"), "", {{"evaluation_summary", "x"}});
  TaskId review = Open(id, "management-review");
  EXPECT_FALSE(engine_->Complete({"p33"}, {review, "approve", {}, ""}).ok());
  EXPECT_FALSE(engine_->Complete({"p38"}, {review, "approve", {}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), Nodes{"management-review"});
}

}  // namespace
}  // namespace krabuan::testing
