// P13 inspection-follow-up (การติดตามและรายงานการตรวจราชการตามนโยบายการตรวจราชการ
// กระทรวงศึกษาธิการและการตรวจราชการแบบบูรณาการของผู้ตรวจราชการสำนักนายกรัฐมนตรี), driven
// through the engine on the real org and process file.
//
// Timing table (manual lines 567-574) as procedures.md P13 normalizes it by rule 5.4:
//   T1 กันยายน-ตุลาคม    study                          Sep of FY N-1 - Oct of FY N, due 31 Oct
//   T2 ตุลาคม-พฤศจิกายน  coordinate-moe/-provincial     Oct - Nov, due 30 Nov
//   T3 ตุลาคม-พฤศจิกายน  inspection-report              Oct - Nov, due 30 Nov
//   (external)          recommendations                no due
//   T4 กันยายน           analyse, authority, notify,
//                       acknowledgements               Sep of FY N, due 30 Sep
//   T5 กันยายน           summary-report                 Sep of FY N, due 30 Sep
// FY 2568: 31 Oct 2024, 30 Nov 2024, 30 Nov 2024, 30 Sep 2025.
// FY 2569: 31 Oct 2025, 30 Nov 2025, 30 Nov 2025, 30 Sep 2026 (procedures.md's example).
#include <gtest/gtest.h>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class InspectionFollowUpProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("inspection-follow-up");
  }

  // Steps 1-3 of an instance, done on the given days; leaves it at the inspectors' wait.
  void FirstThreeSteps(InstanceId id, const char* oct_day) {
    Complete("p36", Open(id, "study"), "", {{"inspection_issues", "ประเด็นการตรวจราชการ 4 ประเด็น"}});
    MoveTo(oct_day);
    Complete("p36", Open(id, "coordinate-moe"));
    Complete("p36", Open(id, "coordinate-provincial"));
    Complete("p36", Open(id, "inspection-report"), "", {{"report_ref", "ศธ 04xxx/1234"}});
  }
};

TEST_F(InspectionFollowUpProcess, Fy2568CrossesTheFiscalYearAndWaitsForTheInspectors) {
  // Started in September 2024 (FY 2567) for the inspection of FY 2568.
  SetNow("2024-09-02T09:00:00+07:00");
  InstanceId id = Start("p36", "inspection-follow-up", {{"fiscal_year", "2568"}});
  ASSERT_NE(id, 0);
  EXPECT_EQ(OpenNodes(id), Nodes{"study"});   // กันยายน-ตุลาคม is open already
  EXPECT_EQ(DueOf(id, "study"), "2024-10-31T16:59:59Z");

  SetNow("2024-09-20T09:00:00+07:00");
  Complete("p36", Open(id, "study"), "", {{"inspection_issues", "ประเด็นนโยบายการตรวจราชการ 2568"}});
  // Step 2's window (Oct - Nov) has not opened: both coordinations wait for it.
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2024-09-30T23:59:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2024-10-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), (Nodes{"coordinate-moe", "coordinate-provincial"}));
  EXPECT_EQ(DueOf(id, "coordinate-moe"), "2024-11-30T16:59:59Z");
  EXPECT_EQ(DueOf(id, "coordinate-provincial"), "2024-11-30T16:59:59Z");

  SetNow("2024-10-15T09:00:00+07:00");
  Complete("p36", Open(id, "coordinate-provincial"), "", {{"provincial_plan_note", "ตรวจ ม.ค. 2568"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"coordinate-moe"});   // the join waits for the other body
  Complete("p35", Open(id, "coordinate-moe"), "", {{"moe_plan_note", "ตรวจรอบที่ 1 ก.พ. 2568"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"inspection-report"});
  EXPECT_EQ(DueOf(id, "inspection-report"), "2024-11-30T16:59:59Z");

  SetNow("2024-11-25T09:00:00+07:00");
  Complete("p36", Open(id, "inspection-report"), "", {{"report_ref", "ศธ 04xxx/1234"}});
  // The external wait: the inspectors' recommendations, no deadline of the office's.
  EXPECT_EQ(OpenNodes(id), Nodes{"recommendations"});
  EXPECT_EQ(DueOf(id, "recommendations"), "-");

  SetNow("2025-02-20T09:00:00+07:00");
  Complete("p36", Open(id, "recommendations"), "next-round", {{"recommendations_text", "รอบที่ 1: เร่งรัดการเบิกจ่าย"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"recommendations"});   // another visit is still to come
  SetNow("2025-06-18T09:00:00+07:00");
  Complete("p36", Open(id, "recommendations"), "received", {{"recommendations_text", "รอบที่ 2: พัฒนาระบบติดตาม"}});

  // Step 4 waits for September 2025 (K20): nine months after step 3.
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-08-31T23:59:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-09-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"analyse-recommendations"});
  EXPECT_EQ(DueOf(id, "analyse-recommendations"), "2025-09-30T16:59:59Z");

  SetNow("2025-09-05T09:00:00+07:00");
  Complete("p36", Open(id, "analyse-recommendations"), "", {{"analysis", "ร่างการวิเคราะห์"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"authority-review"});
  EXPECT_EQ(DueOf(id, "authority-review"), "2025-09-30T16:59:59Z");
  Complete("p32", Open(id, "authority-review"), "revise", {}, "ให้จัดลำดับความสำคัญ");
  EXPECT_EQ(OpenNodes(id), Nodes{"analyse-recommendations"});
  EXPECT_EQ(DueOf(id, "analyse-recommendations"), "2025-09-30T16:59:59Z");   // same September
  SetNow("2025-09-10T09:00:00+07:00");
  Complete("p36", Open(id, "analyse-recommendations"), "", {{"analysis", "การวิเคราะห์พร้อมลำดับความสำคัญ"}});
  Complete("p32", Open(id, "authority-review"), "approve", {{"endorsed_recommendations", "ข้อ 1-3"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"notify"});
  EXPECT_EQ(DueOf(id, "notify"), "2025-09-30T16:59:59Z");

  SetNow("2025-09-12T09:00:00+07:00");
  Complete("p36", Open(id, "notify"), "", {{"notice_ref", "ศธ 04xxx/ว 99"}});
  // Fan-out: the office's groups and each of the five schools.
  EXPECT_EQ(OpenNodes(id), (Nodes{"acknowledge-schools", "acknowledge-units"}));
  std::map<std::string, TaskId> schools = OpenItems(id, "acknowledge-schools");
  ASSERT_EQ(schools.size(), 5u);
  EXPECT_EQ(DueOf(id, "acknowledge-schools"), "2025-09-30T16:59:59Z");
  EXPECT_EQ(DueOf(id, "acknowledge-units"), "2025-09-30T16:59:59Z");
  Complete("p38", Open(id, "acknowledge-units"), "", {{"improvement_note", "ทุกกลุ่มรับทราบ"}});
  Complete("school-01", schools.at("school-01"), "", {{"improvement_note", "ปรับแผนปฏิบัติการ"}});
  Complete("school-02", schools.at("school-02"));
  Complete("school-03", schools.at("school-03"));
  Complete("p36", schools.at("school-04"));   // recorded by an officer for the school
  EXPECT_EQ(OpenNodes(id), Nodes{"acknowledge-schools"});   // school-05 has not answered

  // The cut-off at the end of September lets the summary go on without it.
  MoveTo("2025-09-30T23:59:58+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"acknowledge-schools"});
  MoveTo("2025-10-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"summary-report"});
  EXPECT_EQ(DueOf(id, "summary-report"), "2025-09-30T16:59:59Z");   // T5 กันยายน 2568
  InstanceView mid = Show(id);
  EXPECT_EQ(mid.variables.at("acknowledge-schools.completed").as_int(), 4);
  EXPECT_EQ(mid.variables.at("acknowledge-schools.missing").as_string(), "school-05");
  const HistoryRecord* finished = nullptr;
  for (const HistoryRecord& h : mid.history) {
    if (h.action == "items-finished" && h.node_id == "acknowledge-schools") finished = &h;
  }
  ASSERT_NE(finished, nullptr);
  for (const char* school : {"school-01", "school-02", "school-03", "school-04"}) {
    EXPECT_NE(finished->detail.find(school), std::string::npos) << school;
  }

  Complete("p36", Open(id, "summary-report"), "", {{"summary_ref", "ศธ 04xxx/2000"}});
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);

  // Who acted: the inspectors' recommendations and the authority's decision are recorded by
  // the group's staff on behalf of the outside bodies.
  const HistoryRecord* rec = LastCompletion(v, "recommendations");
  ASSERT_NE(rec, nullptr);
  EXPECT_EQ(rec->user, "p36");
  EXPECT_EQ(rec->role, "inspector");
  EXPECT_EQ(rec->capacity, ActingCapacity::kRecorder);
  const HistoryRecord* auth = LastCompletion(v, "authority-review");
  ASSERT_NE(auth, nullptr);
  EXPECT_EQ(auth->user, "p32");
  EXPECT_EQ(auth->role, "authority");
  EXPECT_EQ(auth->capacity, ActingCapacity::kRecorder);
  EXPECT_NE(auth->detail.find("approve"), std::string::npos);
  const HistoryRecord* units = LastCompletion(v, "acknowledge-units");
  ASSERT_NE(units, nullptr);
  EXPECT_EQ(units->role, "internal-unit");
  EXPECT_EQ(units->capacity, ActingCapacity::kRecorder);
  const HistoryRecord* own = LastCompletion(v, "acknowledge-schools", "school-01");
  ASSERT_NE(own, nullptr);
  EXPECT_NE(own->capacity, ActingCapacity::kRecorder);   // the school acts itself
  const HistoryRecord* for_school = LastCompletion(v, "acknowledge-schools", "p36");
  ASSERT_NE(for_school, nullptr);
  EXPECT_EQ(for_school->capacity, ActingCapacity::kRecorder);
}

// FY 2569: every step's due, as procedures.md's example gives them.
TEST_F(InspectionFollowUpProcess, Fy2569EveryStepsDue) {
  SetNow("2025-08-25T09:00:00+07:00");
  InstanceId id = Start("p36", "inspection-follow-up", {{"fiscal_year", "2569"}});
  // Step 1's window opens on 1 Sep 2025 (ก.ย. 2568).
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-09-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"study"});
  EXPECT_EQ(DueOf(id, "study"), "2025-10-31T16:59:59Z");
  FirstThreeSteps(id, "2025-10-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(id, "coordinate-moe"), "2025-11-30T16:59:59Z");
  EXPECT_EQ(DueOf(id, "coordinate-provincial"), "2025-11-30T16:59:59Z");
  EXPECT_EQ(DueOf(id, "inspection-report"), "2025-11-30T16:59:59Z");
  EXPECT_EQ(DueOf(id, "recommendations"), "-");
  SetNow("2026-03-02T09:00:00+07:00");
  Complete("p35", Open(id, "recommendations"), "received", {{"recommendations_text", "x"}});
  MoveTo("2026-09-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(id, "analyse-recommendations"), "2026-09-30T16:59:59Z");
  Complete("p36", Open(id, "analyse-recommendations"), "", {{"analysis", "x"}});
  EXPECT_EQ(DueOf(id, "authority-review"), "2026-09-30T16:59:59Z");
  Complete("p32", Open(id, "authority-review"), "approve");
  EXPECT_EQ(DueOf(id, "notify"), "2026-09-30T16:59:59Z");
  Complete("p36", Open(id, "notify"), "", {{"notice_ref", "x"}});
  EXPECT_EQ(DueOf(id, "acknowledge-units"), "2026-09-30T16:59:59Z");
  EXPECT_EQ(DueOf(id, "acknowledge-schools"), "2026-09-30T16:59:59Z");
  Complete("p36", Open(id, "acknowledge-units"));
  for (const auto& [school, task] : OpenItems(id, "acknowledge-schools")) Complete(school, task);
  // Every school answered: no need to wait for the cut-off.
  EXPECT_EQ(OpenNodes(id), Nodes{"summary-report"});
  EXPECT_EQ(DueOf(id, "summary-report"), "2026-09-30T16:59:59Z");
  EXPECT_EQ(Show(id).variables.at("acknowledge-schools.missing").as_string(), "");
  EXPECT_EQ(Show(id).variables.at("acknowledge-schools.completed").as_int(), 5);
  Complete("p36", Open(id, "summary-report"), "", {{"summary_ref", "x"}});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

// Consecutive years overlap: in September 2025 the FY 2568 instance is at step 4 while the
// FY 2569 instance is at step 1, each with its own deadline.
TEST_F(InspectionFollowUpProcess, ConsecutiveYearsOverlapInSeptember) {
  SetNow("2024-09-02T09:00:00+07:00");
  InstanceId fy68 = Start("p36", "inspection-follow-up", {{"fiscal_year", "2568"}});
  FirstThreeSteps(fy68, "2024-10-01T00:00:00+07:00");
  Complete("p36", Open(fy68, "recommendations"), "received", {{"recommendations_text", "x"}});
  MoveTo("2025-09-01T08:00:00+07:00");
  InstanceId fy69 = Start("p36", "inspection-follow-up", {{"fiscal_year", "2569"}});
  EXPECT_EQ(OpenNodes(fy68), Nodes{"analyse-recommendations"});
  EXPECT_EQ(OpenNodes(fy69), Nodes{"study"});
  EXPECT_EQ(DueOf(fy68, "analyse-recommendations"), "2025-09-30T16:59:59Z");
  EXPECT_EQ(DueOf(fy69, "study"), "2025-10-31T16:59:59Z");
}

// The authority does not endorse the recommendations: nobody is notified, the case goes to
// the summary (step 6).
TEST_F(InspectionFollowUpProcess, NotEndorsedGoesStraightToTheSummary) {
  SetNow("2024-09-02T09:00:00+07:00");
  InstanceId id = Start("p36", "inspection-follow-up", {{"fiscal_year", "2568"}});
  FirstThreeSteps(id, "2024-10-01T00:00:00+07:00");
  Complete("p36", Open(id, "recommendations"), "received", {{"recommendations_text", "x"}});
  MoveTo("2025-09-01T00:00:00+07:00");
  Complete("p36", Open(id, "analyse-recommendations"), "", {{"analysis", "x"}});
  TaskId review = Open(id, "authority-review");
  // Only the group director records for ผู้มีอำนาจ; the M&E officer may not.
  EXPECT_FALSE(engine_->Complete({"p36"}, {review, "reject", {}, ""}).ok());
  Complete("p32", review, "reject", {}, "ข้อเสนอแนะไม่อยู่ในอำนาจของเขตพื้นที่");
  EXPECT_EQ(OpenNodes(id), Nodes{"summary-report"});
  EXPECT_EQ(DueOf(id, "summary-report"), "2025-09-30T16:59:59Z");
  Complete("p36", Open(id, "summary-report"), "", {{"summary_ref", "x"}});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  EXPECT_EQ(DueOf(id, "notify"), "");   // never created
  EXPECT_EQ(DueOf(id, "acknowledge-schools"), "");
}

// The inspectors make no recommendation: steps 4-5 are skipped; the summary still waits
// for its September window.
TEST_F(InspectionFollowUpProcess, NoRecommendationsGoesToTheSummaryInSeptember) {
  SetNow("2024-09-02T09:00:00+07:00");
  InstanceId id = Start("p36", "inspection-follow-up", {{"fiscal_year", "2568"}});
  FirstThreeSteps(id, "2024-10-01T00:00:00+07:00");
  SetNow("2025-05-01T09:00:00+07:00");
  Complete("p36", Open(id, "recommendations"), "none");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-09-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"summary-report"});
  EXPECT_EQ(DueOf(id, "summary-report"), "2025-09-30T16:59:59Z");
  EXPECT_EQ(DueOf(id, "analyse-recommendations"), "");
  Complete("p36", Open(id, "summary-report"), "", {{"summary_ref", "x"}});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

TEST_F(InspectionFollowUpProcess, OnlyMeAnalystsStartAndRecordTheInspectors) {
  SetNow("2024-09-02T09:00:00+07:00");
  EXPECT_FALSE(engine_->Start({"p37"}, {"inspection-follow-up", {{"fiscal_year", "2568"}}, "", ""}).ok());
  EXPECT_FALSE(engine_->Start({"p38"}, {"inspection-follow-up", {{"fiscal_year", "2568"}}, "", ""}).ok());
  InstanceId id = Start("p36", "inspection-follow-up", {{"fiscal_year", "2568"}});
  FirstThreeSteps(id, "2024-10-01T00:00:00+07:00");
  TaskId rec = Open(id, "recommendations");
  // The budget analyst and the clerk do not record for the inspectors.
  EXPECT_FALSE(engine_->Complete({"p33"}, {rec, "received", {}, ""}).ok());
  EXPECT_FALSE(engine_->Complete({"p38"}, {rec, "received", {}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), Nodes{"recommendations"});
}

}  // namespace
}  // namespace krabuan::testing

