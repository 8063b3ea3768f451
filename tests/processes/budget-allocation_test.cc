// P04 budget-allocation (การจัดสรรงบประมาณให้แก่สำนักงานเขตพื้นที่การศึกษาและสถานศึกษา): a
// straight line of six steps, with no approval gate (the manual writes none).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class BudgetAllocationProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("budget-allocation");
  }

  std::vector<HistoryRecord> Completed(InstanceId id, const std::string& node) {
    std::vector<HistoryRecord> out;
    for (const HistoryRecord& h : Show(id).history) {
      if (h.action == "task-completed" && h.node_id == node) out.push_back(h);
    }
    return out;
  }
};

TEST_F(BudgetAllocationProcess, AllocationRoundRunsFromAppointmentToReport) {
  SetNow("2024-11-15T09:00:00+07:00");
  InstanceId id = Start("p33", "budget-allocation",
                        {{"fiscal_year", "2568"}, {"budget_category", "operating"}, {"ceiling", "12,500,000"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"appoint-committee"});
  Complete("p33", Open(id, "appoint-committee"), "", {{"order_ref", "คำสั่ง 30/2568"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-allocation"});

  // The committee's allocation is recorded by a budget analyst; a school may not.
  TaskId allocation = Open(id, "committee-allocation");
  EXPECT_FALSE(engine_->Complete({"school-01"}, {allocation, "", {{"allocated_total", "1"}}, ""}).ok());
  EXPECT_FALSE(engine_->Complete({"p37"}, {allocation, "", {{"allocated_total", "1"}}, ""}).ok());
  Complete("p34", allocation, "", {{"allocated_total", "12,500,000.00"}, {"criteria_note", "ตามเกณฑ์ สพฐ."}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"notify-allocation"});
  Complete("p33", Open(id, "notify-allocation"), "", {{"notice_ref", "ศธ 04001/200"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"support-projects"});
  Complete("p33", Open(id, "support-projects"), "", {{"project_count", "14"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"support-implementation"});
  Complete("p34", Open(id, "support-implementation"));
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"monitor-report"});
  Complete("p33", Open(id, "monitor-report"));

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(v.variables.at("allocated_total").ToText(), "12500000.00");
  EXPECT_EQ(v.variables.at("ceiling").ToText(), "12500000.00");
  EXPECT_EQ(v.variables.at("project_count").ToText(), "14");

  std::vector<HistoryRecord> committee = Completed(id, "committee-allocation");
  ASSERT_EQ(committee.size(), 1u);
  EXPECT_EQ(committee[0].user, "p34");
  EXPECT_EQ(committee[0].role, "budget-allocation-committee");
  EXPECT_EQ(committee[0].capacity, ActingCapacity::kRecorder);
  std::vector<HistoryRecord> appointed = Completed(id, "appoint-committee");
  ASSERT_EQ(appointed.size(), 1u);
  EXPECT_EQ(appointed[0].role, "budget-analyst");
  EXPECT_EQ(appointed[0].capacity, ActingCapacity::kMember);
}

// No decision is written in P04: the process offers no outcome anywhere and has no choice.
TEST_F(BudgetAllocationProcess, NoStepOffersADecision) {
  std::shared_ptr<const ProcessDefinition> def = *engine_->Definition("budget-allocation");
  int tasks = 0;
  for (const Node& n : def->nodes()) {
    EXPECT_NE(n.kind, NodeKind::kChoice) << n.id;
    if (n.kind == NodeKind::kTask) {
      ++tasks;
      EXPECT_TRUE(n.outcomes.empty()) << n.id;
    }
  }
  EXPECT_EQ(tasks, 6);  // six steps, six rows
}

// Timing table (lines 282-290): T1-T6 all read ตลอดปีงบประมาณ. FY 2568: every step by
// 30 Sep 2025, end of day office time.
TEST_F(BudgetAllocationProcess, EveryStepIsDueAtTheEndOfFiscalYear2568) {
  SetNow("2025-01-20T09:00:00+07:00");
  InstanceId id = Start("p34", "budget-allocation", {{"fiscal_year", "2568"}, {"budget_category", "investment"}});
  std::vector<std::string> visited = Drive(id);
  EXPECT_EQ(visited, (std::vector<std::string>{"appoint-committee", "committee-allocation", "notify-allocation",
                                               "support-projects", "support-implementation", "monitor-report"}));
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  const std::string end = "2025-09-30T16:59:59Z";
  const std::map<std::string, std::string> expected = {
      {"appoint-committee", end},       // T1 แต่งตั้งคณะกรรมการจัดสรรงบประมาณ
      {"committee-allocation", end},    // T2 คณะกรรมการจัดสรรงบประมาณพิจารณาจัดสรรตามเกณฑ์
      {"notify-allocation", end},       // T3 แจ้งผลการจัดสรรงบประมาณ
      {"support-projects", end},        // T4 (น)สนับสนุนการจัดทำโครงการรองรับ
      {"support-implementation", end},  // T5 (น)สนับสนุนช่วยเหลือ…ดำเนินการตามโครงการ
      {"monitor-report", end},          // T6 ติดตาม ประเมินผลและรายงานการดำเนินงาน
  };
  for (const auto& [node, due] : expected) EXPECT_EQ(DueOf(id, node), due) << node;
}

}  // namespace
}  // namespace krabuan::testing
