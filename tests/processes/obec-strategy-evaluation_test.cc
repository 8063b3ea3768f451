// P14 obec-strategy-evaluation (ประเมินผลการดำเนินงานตามกลยุทธ์ของสำนักงานคณะกรรมการการศึกษา
// ขั้นพื้นฐาน), driven through the engine on the real org and process file.
//
// Timing table (manual lines 597-602) as procedures.md P14 normalizes it by rule 5.4:
//   T1 ตุลาคม - กุมภาพันธ์ มีนาคม - กันยายน  study      two windows, Oct - Feb and Mar - Sep of
//                                                     FY N: opens 1 Oct, due 30 Sep of FY N
//   T2 กันยายน - ตุลาคม   design-tools, evaluate, submit-report   Sep of N - Oct of N+1, due 31 Oct
//   T3 กันยายน - ตุลาคม   notify, report-results                  the same, due 31 Oct
// FY 2568: study 1 Oct 2024 - 30 Sep 2025; the rest 1 Sep - 31 Oct 2025.
// FY 2569: study 1 Oct 2025 - 30 Sep 2026; the rest 1 Sep - 31 Oct 2026.
#include <gtest/gtest.h>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class ObecStrategyEvaluationProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("obec-strategy-evaluation");
  }
};

TEST_F(ObecStrategyEvaluationProcess, Fy2568TwoWindowStudyThenTheEvaluationAcrossTheYearEnd) {
  SetNow("2024-09-20T09:00:00+07:00");
  InstanceId id = Start("p36", "obec-strategy-evaluation", {{"fiscal_year", "2568"}});
  ASSERT_NE(id, 0);
  // The K7 cell's first window opens on 1 Oct 2024.
  EXPECT_EQ(OpenNodes(id), Nodes{});
  const HistoryRecord* scheduled = nullptr;
  for (const HistoryRecord& h : Show(id).history) {
    if (h.action == "scheduled" && h.node_id == "study") scheduled = &h;
  }
  ASSERT_NE(scheduled, nullptr);
  EXPECT_NE(scheduled->detail.find("\"opens\":\"2024-09-30T17:00:00Z\""), std::string::npos) << scheduled->detail;
  MoveTo("2024-10-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"study"});
  // ตุลาคม - กุมภาพันธ์ มีนาคม - กันยายน: due at the end of the second window, 30 Sep 2025.
  EXPECT_EQ(DueOf(id, "study"), "2025-09-30T16:59:59Z");

  SetNow("2025-03-14T09:00:00+07:00");
  Complete("p36", Open(id, "study"), "", {{"strategy_analysis", "กลยุทธ์ สพฐ. 5 ด้าน"}});
  // Step 2 waits for September 2025.
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-08-31T23:59:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-09-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"design-tools"});
  EXPECT_EQ(DueOf(id, "design-tools"), "2025-10-31T16:59:59Z");   // กันยายน - ตุลาคม

  Complete("p36", Open(id, "design-tools"), "", {{"tools", "แบบประเมิน"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"evaluate"});
  EXPECT_EQ(DueOf(id, "evaluate"), "2025-10-31T16:59:59Z");   // T2 shared
  SetNow("2025-09-25T09:00:00+07:00");
  Complete("p36", Open(id, "evaluate"));
  EXPECT_EQ(OpenNodes(id), Nodes{"submit-report"});
  EXPECT_EQ(DueOf(id, "submit-report"), "2025-10-31T16:59:59Z");   // T2 shared
  Complete("p36", Open(id, "submit-report"), "", {{"evaluation_summary", "ร่างรายงาน"}});

  // The OBEC panel's response: no deadline of the office's; it asks for a revision once.
  EXPECT_EQ(OpenNodes(id), Nodes{"panel-review"});
  EXPECT_EQ(DueOf(id, "panel-review"), "-");
  SetNow("2025-10-06T09:00:00+07:00");   // fiscal year 2569 already: the window crosses it
  Complete("p36", Open(id, "panel-review"), "revise", {{"panel_feedback", "เพิ่มหลักฐานเชิงประจักษ์"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"submit-report"});
  EXPECT_EQ(DueOf(id, "submit-report"), "2025-10-31T16:59:59Z");   // the box does not move
  Complete("p36", Open(id, "submit-report"), "", {{"evaluation_summary", "รายงานฉบับปรับปรุง"}});
  Complete("p36", Open(id, "panel-review"), "accept");
  EXPECT_EQ(OpenNodes(id), Nodes{"notify"});
  EXPECT_EQ(DueOf(id, "notify"), "2025-10-31T16:59:59Z");   // T3 กันยายน - ตุลาคม
  Complete("p36", Open(id, "notify"));
  EXPECT_EQ(OpenNodes(id), Nodes{"report-results"});
  EXPECT_EQ(DueOf(id, "report-results"), "2025-10-31T16:59:59Z");   // T3 shared
  Complete("p36", Open(id, "report-results"), "", {{"report_ref", "ศธ 04xxx/3000"}});

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  // The panel is a body outside the group; the M&E officer records its response.
  const HistoryRecord* panel = LastCompletion(v, "panel-review");
  ASSERT_NE(panel, nullptr);
  EXPECT_EQ(panel->user, "p36");
  EXPECT_EQ(panel->role, "obec-evaluation-panel");
  EXPECT_EQ(panel->capacity, ActingCapacity::kRecorder);
  EXPECT_NE(panel->detail.find("accept"), std::string::npos);
}

TEST_F(ObecStrategyEvaluationProcess, Fy2569EveryStepsDue) {
  SetNow("2025-10-01T09:00:00+07:00");
  InstanceId id = Start("p36", "obec-strategy-evaluation", {{"fiscal_year", "2569"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"study"});
  EXPECT_EQ(DueOf(id, "study"), "2026-09-30T16:59:59Z");
  Complete("p36", Open(id, "study"), "", {{"strategy_analysis", "x"}});
  MoveTo("2026-09-01T00:00:00+07:00");
  EXPECT_EQ(DueOf(id, "design-tools"), "2026-10-31T16:59:59Z");
  Complete("p36", Open(id, "design-tools"), "", {{"tools", "x"}});
  EXPECT_EQ(DueOf(id, "evaluate"), "2026-10-31T16:59:59Z");
  Complete("p36", Open(id, "evaluate"));
  EXPECT_EQ(DueOf(id, "submit-report"), "2026-10-31T16:59:59Z");
  Complete("p36", Open(id, "submit-report"), "", {{"evaluation_summary", "x"}});
  Complete("p35", Open(id, "panel-review"), "accept");
  EXPECT_EQ(DueOf(id, "notify"), "2026-10-31T16:59:59Z");
  Complete("p36", Open(id, "notify"));
  EXPECT_EQ(DueOf(id, "report-results"), "2026-10-31T16:59:59Z");
  Complete("p36", Open(id, "report-results"), "", {{"report_ref", "x"}});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

TEST_F(ObecStrategyEvaluationProcess, OnlyTheMeAnalystsWorkAndRecordThePanel) {
  SetNow("2024-10-01T09:00:00+07:00");
  EXPECT_FALSE(engine_->Start({"p37"}, {"obec-strategy-evaluation", {{"fiscal_year", "2568"}}, "", ""}).ok());
  InstanceId id = Start("p36", "obec-strategy-evaluation", {{"fiscal_year", "2568"}});
  Complete("p36", Open(id, "study"), "", {{"strategy_analysis", "x"}});
  MoveTo("2025-09-01T00:00:00+07:00");
  Complete("p36", Open(id, "design-tools"), "", {{"tools", "x"}});
  Complete("p36", Open(id, "evaluate"));
  Complete("p36", Open(id, "submit-report"), "", {{"evaluation_summary", "x"}});
  TaskId panel = Open(id, "panel-review");
  EXPECT_FALSE(engine_->Complete({"p32"}, {panel, "accept", {}, ""}).ok());   // not a recorder of the panel
  EXPECT_FALSE(engine_->Complete({"p38"}, {panel, "accept", {}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), Nodes{"panel-review"});
}

}  // namespace
}  // namespace krabuan::testing
