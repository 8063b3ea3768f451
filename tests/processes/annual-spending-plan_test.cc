// P05 annual-spending-plan (การจัดทำแผนการใช้จ่ายงบประมาณประจำปี): the Area Committee's
// approval, the governor's approval that only the timing table names, their inferred
// reject paths back to the draft, and the time box of T4.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class AnnualSpendingPlanProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("annual-spending-plan");
  }

  // Steps 1-3 and the draft: the instance waits at the Area Committee.
  InstanceId StartToCommittee(const char* now = "2024-10-07T09:00:00+07:00") {
    SetNow(now);
    InstanceId id = Start("p33", "annual-spending-plan", {{"fiscal_year", "2568"}});
    EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"analyse-policy"});
    Complete("p33", Open(id, "analyse-policy"));
    EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"set-criteria"});
    Complete("p34", Open(id, "set-criteria"));
    EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"define-programmes"});
    Complete("p33", Open(id, "define-programmes"));
    EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"draft-plan"});
    Complete("p33", Open(id, "draft-plan"), "", {{"planned_total", "35000000"}});
    EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-approval"});
    return id;
  }

  void Finish(InstanceId id) {
    EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"notify-stakeholders"});
    Complete("p33", Open(id, "notify-stakeholders"), "", {{"notice_ref", "ศธ 04001/300"}});
    EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"monitor-report"});
    Complete("p33", Open(id, "monitor-report"));
    EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  }

  std::vector<HistoryRecord> Completed(InstanceId id, const std::string& node) {
    std::vector<HistoryRecord> out;
    for (const HistoryRecord& h : Show(id).history) {
      if (h.action == "task-completed" && h.node_id == node) out.push_back(h);
    }
    return out;
  }
};

TEST_F(AnnualSpendingPlanProcess, ApprovedByTheAreaCommitteeAndTheGovernor) {
  InstanceId id = StartToCommittee();
  Complete("p32", Open(id, "committee-approval"), "approve");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"governor-approval"});
  Complete("p34", Open(id, "governor-approval"), "approve");
  Finish(id);
  InstanceView v = Show(id);
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(v.variables.at("planned_total").ToText(), "35000000.00");

  std::vector<HistoryRecord> committee = Completed(id, "committee-approval");
  ASSERT_EQ(committee.size(), 1u);
  EXPECT_EQ(committee[0].user, "p32");
  EXPECT_EQ(committee[0].role, "area-committee");
  EXPECT_EQ(committee[0].capacity, ActingCapacity::kRecorder);
  std::vector<HistoryRecord> governor = Completed(id, "governor-approval");
  ASSERT_EQ(governor.size(), 1u);
  EXPECT_EQ(governor[0].user, "p34");
  EXPECT_EQ(governor[0].role, "provincial-governor");
  EXPECT_EQ(governor[0].capacity, ActingCapacity::kRecorder);
}

// Inferred (G1): the Area Committee does not approve -> the draft is revised (step 4) and
// submitted again.
TEST_F(AnnualSpendingPlanProcess, AreaCommitteeRejectionReturnsToTheDraft) {
  InstanceId id = StartToCommittee();
  Complete("p32", Open(id, "committee-approval"), "reject", {}, "ให้ปรับแผนไตรมาส 1");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"draft-plan"});
  Complete("p33", Open(id, "draft-plan"), "", {{"planned_total", "34000000"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-approval"});
  Complete("p32", Open(id, "committee-approval"), "approve");
  Complete("p32", Open(id, "governor-approval"), "approve");
  Finish(id);
  std::vector<HistoryRecord> committee = Completed(id, "committee-approval");
  ASSERT_EQ(committee.size(), 2u);
  EXPECT_EQ(committee[0].comment, "ให้ปรับแผนไตรมาส 1");
  EXPECT_EQ(Show(id).variables.at("planned_total").ToText(), "34000000.00");
}

// Inferred (G2): the governor does not approve -> back to the draft, then through the Area
// Committee and the governor again.
TEST_F(AnnualSpendingPlanProcess, GovernorRejectionGoesBackThroughTheAreaCommittee) {
  InstanceId id = StartToCommittee();
  Complete("p32", Open(id, "committee-approval"), "approve");
  Complete("p34", Open(id, "governor-approval"), "reject");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"draft-plan"});
  EXPECT_EQ(Show(id).variables.at("governor-approval.outcome").ToText(), "reject");
  Complete("p34", Open(id, "draft-plan"), "", {{"planned_total", "33000000"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-approval"});
  Complete("p32", Open(id, "committee-approval"), "approve");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"governor-approval"});
  Complete("p34", Open(id, "governor-approval"), "approve");
  Finish(id);
  EXPECT_EQ(Completed(id, "committee-approval").size(), 2u);
  EXPECT_EQ(Completed(id, "governor-approval").size(), 2u);
}

// Timing table (lines 305-312): T1-T5 all read ตลอดปีงบประมาณ; T4 is one cell for step 4,
// the Area Committee, the governor (4b) and step 5 (time box t4). FY 2568: every step by
// 30 Sep 2025, end of day office time.
TEST_F(AnnualSpendingPlanProcess, EveryStepIsDueAtTheEndOfFiscalYear2568) {
  SetNow("2024-10-07T09:00:00+07:00");
  InstanceId id = Start("p34", "annual-spending-plan", {{"fiscal_year", "2568"}});
  Drive(id);
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  const std::string end = "2025-09-30T16:59:59Z";
  const std::map<std::string, std::string> expected = {
      {"analyse-policy", end},       // T1 วิเคราะห์นโยบาย เป้าหมาย ผลผลิต…
      {"set-criteria", end},         // T2 การกำหนดหลักเกณฑ์…
      {"define-programmes", end},    // T3 การกำหนดแผนงาน โครงการและงบประมาณ…
      {"draft-plan", end},           // T4 จัดทำแผน…ฉบับร่าง (time box t4)
      {"committee-approval", end},   // T4 …เสนอที่ประชุมคณะกรรมการเขตพื้นที่การศึกษา เพื่อขอความเห็นชอบ
      {"governor-approval", end},    // T4 …เสนอผวจ. เพื่อพิจารณาอนุมัติ
      {"notify-stakeholders", end},  // T4 - แจ้งผู้เกี่ยวข้องดำเนินการ
      {"monitor-report", end},       // T5 การติดตาม วัดและประเมินผล การรายงานผล…
  };
  for (const auto& [node, due] : expected) EXPECT_EQ(DueOf(id, node), due) << node;
  auto box = v.variables.find("timebox.t4.due");
  ASSERT_NE(box, v.variables.end());
  EXPECT_EQ(box->second.ToText(), end);
}

}  // namespace
}  // namespace krabuan::testing
