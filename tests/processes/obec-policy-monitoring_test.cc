// P12 obec-policy-monitoring (การติดตามและรายงานผลการดำเนินงานตามนโยบายและกลยุทธ์ สพฐ.),
// driven through the engine on the real org and process file.
//
// Timing table (manual lines 545-552) as procedures.md P12 normalizes it by rule 5.4:
//   T1 กันยายน-ตุลาคม    study                 Sep of FY N-1 - Oct of FY N, due 31 Oct
//   T2 ตุลาคม-พฤศจิกายน  oversight-plan        Oct - Nov, due 30 Nov
//   T3 ตุลาคม-พฤศจิกายน  monitoring-tools      Oct - Nov, due 30 Nov
//   T4 กันยายน           present-data, authority-review, notify (item "5."), due 30 Sep
//   T5 กันยายน           annual-report         due 30 Sep
// FY 2568: 31 Oct 2024, 30 Nov 2024, 30 Nov 2024, 30 Sep 2025 (four steps).
// FY 2569: 31 Oct 2025, 30 Nov 2025, 30 Nov 2025, 30 Sep 2026.
#include <gtest/gtest.h>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class ObecPolicyMonitoringProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("obec-policy-monitoring");
  }
};

TEST_F(ObecPolicyMonitoringProcess, Fy2568FromSeptember2024ToSeptember2025) {
  SetNow("2024-09-02T09:00:00+07:00");
  InstanceId id = Start("p36", "obec-policy-monitoring", {{"fiscal_year", "2568"}});
  ASSERT_NE(id, 0);
  EXPECT_EQ(OpenNodes(id), Nodes{"study"});
  EXPECT_EQ(DueOf(id, "study"), "2024-10-31T16:59:59Z");   // กันยายน-ตุลาคม, crosses into FY 2568

  SetNow("2024-09-25T09:00:00+07:00");
  Complete("p36", Open(id, "study"), "", {{"analysis", "นโยบาย สพฐ. 2568"}});
  EXPECT_EQ(OpenNodes(id), Nodes{});   // step 2 waits for October
  MoveTo("2024-10-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"oversight-plan"});
  EXPECT_EQ(DueOf(id, "oversight-plan"), "2024-11-30T16:59:59Z");
  Complete("p36", Open(id, "oversight-plan"), "", {{"plan_ref", "แผนกำกับ ติดตาม 2568"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"monitoring-tools"});
  EXPECT_EQ(DueOf(id, "monitoring-tools"), "2024-11-30T16:59:59Z");
  SetNow("2024-11-20T09:00:00+07:00");
  Complete("p35", Open(id, "monitoring-tools"), "", {{"tools", "แบบรายงาน e-MES"}});

  // About nine months of monitoring: step 4 waits for September 2025 by itself.
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-08-31T23:59:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-09-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"present-data"});
  EXPECT_EQ(DueOf(id, "present-data"), "2025-09-30T16:59:59Z");

  Complete("p36", Open(id, "present-data"), "", {{"performance_data", "ผลการดำเนินงานรอบ 12 เดือน"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"authority-review"});
  EXPECT_EQ(DueOf(id, "authority-review"), "2025-09-30T16:59:59Z");
  // Sent back for more information (inferred default reject path).
  Complete("p32", Open(id, "authority-review"), "revise", {}, "ขอข้อมูลตัวชี้วัดเพิ่ม");
  EXPECT_EQ(OpenNodes(id), Nodes{"present-data"});
  EXPECT_EQ(DueOf(id, "present-data"), "2025-09-30T16:59:59Z");
  Complete("p36", Open(id, "present-data"), "", {{"performance_data", "ผลการดำเนินงานพร้อมตัวชี้วัด"}});
  Complete("p32", Open(id, "authority-review"), "approve", {{"recommendations", "เร่งรัดโครงการที่ล่าช้า"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"notify"});
  EXPECT_EQ(DueOf(id, "notify"), "2025-09-30T16:59:59Z");   // T4's item "5.", the same cell

  Complete("p36", Open(id, "notify"), "", {{"notice_ref", "ศธ 04xxx/ว 120"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"annual-report"});
  EXPECT_EQ(DueOf(id, "annual-report"), "2025-09-30T16:59:59Z");   // T5 กันยายน
  SetNow("2025-09-29T09:00:00+07:00");
  Complete("p36", Open(id, "annual-report"), "",
           {{"annual_report_ref", "Annual Year Report 2568"}, {"presented_to_committee", "true"}, {"published", "true"}});

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(v.variables.at("recommendations").as_string(), "เร่งรัดโครงการที่ล่าช้า");
  // ผู้มีอำนาจ's consideration is recorded by the group director on its behalf.
  const HistoryRecord* review = LastCompletion(v, "authority-review");
  ASSERT_NE(review, nullptr);
  EXPECT_EQ(review->user, "p32");
  EXPECT_EQ(review->role, "authority");
  EXPECT_EQ(review->capacity, ActingCapacity::kRecorder);
  EXPECT_NE(review->detail.find("approve"), std::string::npos);
  const HistoryRecord* tools = LastCompletion(v, "monitoring-tools");
  ASSERT_NE(tools, nullptr);
  EXPECT_EQ(tools->user, "p35");
  EXPECT_EQ(tools->role, "me-analyst");
  EXPECT_EQ(tools->capacity, ActingCapacity::kMember);
}

TEST_F(ObecPolicyMonitoringProcess, Fy2569EveryStepsDue) {
  SetNow("2025-09-01T09:00:00+07:00");
  InstanceId id = Start("p36", "obec-policy-monitoring", {{"fiscal_year", "2569"}});
  EXPECT_EQ(DueOf(id, "study"), "2025-10-31T16:59:59Z");
  Complete("p36", Open(id, "study"), "", {{"analysis", "x"}});
  MoveTo("2025-10-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(id, "oversight-plan"), "2025-11-30T16:59:59Z");
  Complete("p36", Open(id, "oversight-plan"), "", {{"plan_ref", "x"}});
  EXPECT_EQ(DueOf(id, "monitoring-tools"), "2025-11-30T16:59:59Z");
  Complete("p36", Open(id, "monitoring-tools"), "", {{"tools", "x"}});
  MoveTo("2026-09-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(id, "present-data"), "2026-09-30T16:59:59Z");
  Complete("p36", Open(id, "present-data"), "", {{"performance_data", "x"}});
  EXPECT_EQ(DueOf(id, "authority-review"), "2026-09-30T16:59:59Z");
  Complete("p32", Open(id, "authority-review"), "approve");
  EXPECT_EQ(DueOf(id, "notify"), "2026-09-30T16:59:59Z");
  Complete("p36", Open(id, "notify"));
  EXPECT_EQ(DueOf(id, "annual-report"), "2026-09-30T16:59:59Z");
  Complete("p36", Open(id, "annual-report"), "", {{"annual_report_ref", "x"}, {"presented_to_committee", "true"}});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

TEST_F(ObecPolicyMonitoringProcess, OnlyTheMeAnalystsWorkAndOnlyTheDirectorRecordsTheAuthority) {
  SetNow("2024-09-02T09:00:00+07:00");
  EXPECT_FALSE(engine_->Start({"p37"}, {"obec-policy-monitoring", {{"fiscal_year", "2568"}}, "", ""}).ok());
  InstanceId id = Start("p36", "obec-policy-monitoring", {{"fiscal_year", "2568"}});
  TaskId study = Open(id, "study");
  EXPECT_FALSE(engine_->Complete({"p38"}, {study, "", {{"analysis", "x"}}, ""}).ok());
  Complete("p36", study, "", {{"analysis", "x"}});
  MoveTo("2024-10-01T00:00:00+07:00");
  Complete("p36", Open(id, "oversight-plan"), "", {{"plan_ref", "x"}});
  Complete("p36", Open(id, "monitoring-tools"), "", {{"tools", "x"}});
  MoveTo("2025-09-01T00:00:00+07:00");
  Complete("p36", Open(id, "present-data"), "", {{"performance_data", "x"}});
  TaskId review = Open(id, "authority-review");
  EXPECT_FALSE(engine_->Complete({"p36"}, {review, "approve", {}, ""}).ok());
  EXPECT_FALSE(engine_->Complete({"p35"}, {review, "approve", {}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), Nodes{"authority-review"});
}

}  // namespace
}  // namespace krabuan::testing
