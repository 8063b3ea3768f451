// P01 budget-expenditure-analysis (งานวิเคราะห์งบประมาณรายจ่าย): the survey of every school
// and unit with a cut-off, the committee, the area director's explicit send-back to the
// committee, the report and the parallel reports to the Area Committee and OBEC.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class BudgetExpenditureAnalysisProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("budget-expenditure-analysis");
  }

  std::vector<HistoryRecord> Completed(InstanceId id, const std::string& node) {
    std::vector<HistoryRecord> out;
    for (const HistoryRecord& h : Show(id).history) {
      if (h.action == "task-completed" && h.node_id == node) out.push_back(h);
    }
    return out;
  }

  std::string Text(InstanceId id, const std::string& name) {
    InstanceView v = Show(id);
    auto it = v.variables.find(name);
    return it == v.variables.end() ? "<unset>" : it->second.ToText();
  }

  // Step 1: the notice, then every school and the units report.
  void SurveyComplete(InstanceId id) {
    Complete("p33", Open(id, "request-data"), "", {{"request_ref", "ศธ 04001/10"}});
    EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"school-report", "unit-report"}));
    for (const auto& [school, task] : OpenItems(id, "school-report")) Complete(school, task);
    EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"unit-report"});  // the join waits for the units
    Complete("p38", Open(id, "unit-report"), "", {{"report_note", "กลุ่มในสำนักงาน 8 กลุ่ม"}});
  }
};

// Approved the first time: the straight path to both reports and the end.
TEST_F(BudgetExpenditureAnalysisProcess, ApprovedFirstTimeReportsToAreaCommitteeAndObec) {
  SetNow("2024-10-10T09:00:00+07:00");
  InstanceId id = Start("p34", "budget-expenditure-analysis", {{"fiscal_year", "2568"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"request-data"});
  SurveyComplete(id);
  EXPECT_EQ(Text(id, "school-report.missing"), "");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"appoint-committee"});
  Complete("p34", Open(id, "appoint-committee"), "", {{"order_ref", "คำสั่ง 12/2568"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-analysis"});
  Complete("p33", Open(id, "committee-analysis"), "", {{"analysis_note", "วิเคราะห์แล้ว"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"director-review"});
  Complete("p32", Open(id, "director-review"), "approve");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"publish-report"});
  Complete("p33", Open(id, "publish-report"));
  EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"report-area-committee", "report-obec"}));
  Complete("p34", Open(id, "report-obec"));
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"report-area-committee"});
  Complete("p33", Open(id, "report-area-committee"));

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);

  // The area director's decision was recorded by the group director on its behalf.
  std::vector<HistoryRecord> decision = Completed(id, "director-review");
  ASSERT_EQ(decision.size(), 1u);
  EXPECT_EQ(decision[0].user, "p32");
  EXPECT_EQ(decision[0].role, "area-director");
  EXPECT_EQ(decision[0].capacity, ActingCapacity::kRecorder);
  // The committee's analysis, recorded by a budget analyst.
  std::vector<HistoryRecord> analysis = Completed(id, "committee-analysis");
  ASSERT_EQ(analysis.size(), 1u);
  EXPECT_EQ(analysis[0].role, "budget-analysis-committee");
  EXPECT_EQ(analysis[0].capacity, ActingCapacity::kRecorder);
  // The units' report, recorded by the administrative clerk.
  std::vector<HistoryRecord> units = Completed(id, "unit-report");
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].role, "internal-unit");
  EXPECT_EQ(units[0].capacity, ActingCapacity::kRecorder);
}

// Explicit loop (step 4): not approved -> back to the committee to revise -> the director
// again. Two rejections, then approval.
TEST_F(BudgetExpenditureAnalysisProcess, NotApprovedGoesBackToTheCommitteeAndIsResubmitted) {
  SetNow("2025-01-06T09:00:00+07:00");
  InstanceId id = Start("p33", "budget-expenditure-analysis", {{"fiscal_year", "2568"}});
  SurveyComplete(id);
  Complete("p33", Open(id, "appoint-committee"));
  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE(round);
    Complete("p33", Open(id, "committee-analysis"));
    Complete("p34", Open(id, "director-review"), "reject", {}, "ให้ปรับปรุงรายงาน");
    EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-analysis"});
    EXPECT_EQ(Text(id, "director-review.outcome"), "reject");
  }
  Complete("p33", Open(id, "committee-analysis"), "", {{"analysis_note", "ปรับปรุงแล้ว"}});
  Complete("p32", Open(id, "director-review"), "approve");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"publish-report"});
  Complete("p33", Open(id, "publish-report"));
  Complete("p33", Open(id, "report-area-committee"));
  Complete("p33", Open(id, "report-obec"));
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);

  std::vector<HistoryRecord> decisions = Completed(id, "director-review");
  ASSERT_EQ(decisions.size(), 3u);
  EXPECT_EQ(decisions[0].comment, "ให้ปรับปรุงรายงาน");
  EXPECT_EQ(decisions[0].capacity, ActingCapacity::kRecorder);
  EXPECT_EQ(Completed(id, "committee-analysis").size(), 3u);
}

// The schools that have not reported 30 days after the notice are left out and listed.
TEST_F(BudgetExpenditureAnalysisProcess, SchoolsMissingAtTheCutOffAreListed) {
  SetNow("2024-11-01T09:00:00+07:00");
  InstanceId id = Start("p33", "budget-expenditure-analysis", {{"fiscal_year", "2568"}});
  Complete("p33", Open(id, "request-data"));
  std::map<std::string, TaskId> items = OpenItems(id, "school-report");
  ASSERT_EQ(items.size(), 5u);
  Complete("school-02", items.at("school-02"));
  Complete("p35", items.at("school-03"), "", {{"report_note", "บันทึกแทน"}});  // an officer records
  Complete("p38", Open(id, "unit-report"));
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"school-report"});
  MoveTo("2024-12-01T08:59:00+07:00");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"school-report"});
  MoveTo("2024-12-01T09:00:00+07:00");  // 30 days after the notice
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"appoint-committee"});
  EXPECT_EQ(Text(id, "school-report.missing"), "school-01 school-04 school-05");
}

// Timing table (lines 188-196): T1-T6 all read ตลอดปีงบประมาณ. FY 2568: every step by
// 30 Sep 2025, end of day office time.
TEST_F(BudgetExpenditureAnalysisProcess, EveryStepIsDueAtTheEndOfFiscalYear2568) {
  SetNow("2024-10-10T09:00:00+07:00");
  InstanceId id = Start("p34", "budget-expenditure-analysis", {{"fiscal_year", "2568"}});
  Drive(id);
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  const std::string end = "2025-09-30T16:59:59Z";
  const std::map<std::string, std::string> expected = {
      {"request-data", end},           // T1 แจ้งสถานศึกษา กลุ่มหรือหน่วยงานภายในทุกแห่ง สำรวจและรายงานข้อมูล
      {"school-report", end},          // T1 (the reports asked for)
      {"unit-report", end},            // T1
      {"appoint-committee", end},      // T2 แต่งตั้งคณะกรรมการ
      {"committee-analysis", end},     // T3 คณะกรรมการวิเคราะห์ข้อมูล
      {"director-review", end},        // T4 ผู้อำนวยการพิจารณา เห็นชอบ/ไม่เห็นชอบ
      {"publish-report", end},         // T5 จัดทำรายงานผลการวิเคราะห์…และเผยแพร่
      {"report-area-committee", end},  // T6 นำเสนอ กพท./สพฐ. เพื่อรับทราบ
      {"report-obec", end},            // T6
  };
  for (const auto& [node, due] : expected) EXPECT_EQ(DueOf(id, node), due) << node;
}

}  // namespace
}  // namespace krabuan::testing
