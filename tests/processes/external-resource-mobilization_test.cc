// P03 external-resource-mobilization (การประสาน ส่งเสริม สนับสนุนการระดมทรัพยากรทางการศึกษา
// จากหน่วยงานอื่น): the duplication check, the authority's three answers, and the time box
// of T3 shared by steps 3 and 4.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class ExternalResourceMobilizationProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("external-resource-mobilization");
  }

  InstanceId StartCase() {
    return Start("p34", "external-resource-mobilization",
                 {{"fiscal_year", "2568"},
                  {"school_name", "โรงเรียนบ้านหนองบัว"},
                  {"project_name", "ห้องสมุดเคลื่อนที่"},
                  {"external_agency", "องค์การบริหารส่วนตำบล"}});
  }

  void CoordinateAndCheck(InstanceId id, const std::string& check_outcome = "no-duplicate") {
    Complete("p34", Open(id, "coordinate"), "", {{"requested_support", "250000"}});
    EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"duplication-check"});
    Complete("p34", Open(id, "duplication-check"), check_outcome);
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
};

// Approved: the school is told to go on with the outside agency, and the case is compiled.
TEST_F(ExternalResourceMobilizationProcess, ApprovedRequestIsNotifiedAndCompiled) {
  SetNow("2025-02-03T09:00:00+07:00");
  InstanceId id = StartCase();
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"coordinate"});
  CoordinateAndCheck(id);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"authority-review"});
  Complete("p32", Open(id, "authority-review"), "approve");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"notify-school"});
  Complete("p34", Open(id, "notify-school"), "", {{"notice_ref", "ศธ 04001/55"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"compile-data"});
  Complete("p34", Open(id, "compile-data"));

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(Text(id, "authority-review.outcome"), "approve");
  EXPECT_EQ(Text(id, "requested_support"), "250000.00");

  // The competent superior's decision, recorded by the group director.
  std::vector<HistoryRecord> decision = Completed(id, "authority-review");
  ASSERT_EQ(decision.size(), 1u);
  EXPECT_EQ(decision[0].user, "p32");
  EXPECT_EQ(decision[0].role, "authority");
  EXPECT_EQ(decision[0].capacity, ActingCapacity::kRecorder);
  // The owner's work goes to position ๓๔ only: ๓๓ may not take it.
  std::vector<HistoryRecord> coordinated = Completed(id, "coordinate");
  ASSERT_EQ(coordinated.size(), 1u);
  EXPECT_EQ(coordinated[0].role, "budget-analyst-investment");
  EXPECT_EQ(coordinated[0].capacity, ActingCapacity::kMember);
}

TEST_F(ExternalResourceMobilizationProcess, OnlyPosition34TakesTheOwnersWork) {
  SetNow("2025-02-03T09:00:00+07:00");
  InstanceId id = StartCase();
  Status s = engine_->Complete({"p33"}, {Open(id, "coordinate"), "", {{"requested_support", "1"}}, ""});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("budget-analyst-investment"), std::string::npos) << s.message();
  // ๓๓ may not start a case either; ๓๔ may.
  Result<InstanceId> by33 = engine_->Start({"p33"}, {"external-resource-mobilization",
                                                     {{"fiscal_year", "2568"}, {"school_name", "x"}, {"project_name", "y"}},
                                                     "", ""});
  EXPECT_FALSE(by33.ok());
}

// G0 (inferred): a project that duplicates the parent agency's allocation goes back to
// step 1 and is analysed again.
TEST_F(ExternalResourceMobilizationProcess, DuplicateProjectGoesBackToCoordination) {
  SetNow("2025-02-03T09:00:00+07:00");
  InstanceId id = StartCase();
  CoordinateAndCheck(id, "duplicate");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"coordinate"});
  EXPECT_EQ(Text(id, "duplication-check.outcome"), "duplicate");
  CoordinateAndCheck(id, "no-duplicate");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"authority-review"});
  Complete("p32", Open(id, "authority-review"), "approve");
  Complete("p34", Open(id, "notify-school"));
  Complete("p34", Open(id, "compile-data"));
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  EXPECT_EQ(Completed(id, "coordinate").size(), 2u);
  EXPECT_EQ(Completed(id, "duplication-check").size(), 2u);
}

// Inferred default reject path: the superior asks for a revision; the request goes back to
// step 1, through the duplication check, and to the superior again.
TEST_F(ExternalResourceMobilizationProcess, RevisionGoesBackToStepOneAndIsResubmitted) {
  SetNow("2025-02-03T09:00:00+07:00");
  InstanceId id = StartCase();
  CoordinateAndCheck(id);
  Complete("p32", Open(id, "authority-review"), "revise", {}, "ให้ลดวงเงิน");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"coordinate"});
  CoordinateAndCheck(id);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"authority-review"});
  Complete("p32", Open(id, "authority-review"), "approve");
  Complete("p34", Open(id, "notify-school"));
  Complete("p34", Open(id, "compile-data"));
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  std::vector<HistoryRecord> decisions = Completed(id, "authority-review");
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[0].comment, "ให้ลดวงเงิน");
}

// Inferred (procedures.md P03 G1): not approved -> the school is still told the result, does
// not go on, and the request is still compiled.
TEST_F(ExternalResourceMobilizationProcess, RejectedRequestIsStillNotifiedAndCompiled) {
  SetNow("2025-02-03T09:00:00+07:00");
  InstanceId id = StartCase();
  CoordinateAndCheck(id);
  Complete("p32", Open(id, "authority-review"), "reject");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"notify-school"});
  Complete("p34", Open(id, "notify-school"), "", {{"notice_ref", "แจ้งผลไม่อนุมัติ"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"compile-data"});
  Complete("p34", Open(id, "compile-data"));
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  EXPECT_EQ(Text(id, "authority-review.outcome"), "reject");
}

// Timing table (lines 251-257): T1, T2, T3 (steps 3 and 4, one cell: a time box) and T4 read
// ตลอดปีงบประมาณ. FY 2568: every step by 30 Sep 2025, end of day office time.
TEST_F(ExternalResourceMobilizationProcess, EveryStepIsDueAtTheEndOfFiscalYear2568) {
  SetNow("2025-05-12T09:00:00+07:00");
  InstanceId id = StartCase();
  Drive(id);
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  const std::string end = "2025-09-30T16:59:59Z";
  const std::map<std::string, std::string> expected = {
      {"coordinate", end},         // T1 ประสานงานการขอรับการสนับสนุนงบประมาณ…
      {"duplication-check", end},  // T2 วิเคราะห์งาน/โครงการ/กิจกรรม…
      {"authority-review", end},   // T3 เสนอผู้บังคับบัญชาผู้มีอำนาจ… (time box t3)
      {"notify-school", end},      // T3 แจ้งผลการพิจารณา… (time box t3)
      {"compile-data", end},       // T4 รวบรวมข้อมูลการขอรับงบประมาณ…
  };
  for (const auto& [node, due] : expected) EXPECT_EQ(DueOf(id, node), due) << node;
  // The shared box was set once, when its first step started.
  auto box = v.variables.find("timebox.t3.due");
  ASSERT_NE(box, v.variables.end());
  EXPECT_EQ(box->second.ToText(), end);
}

}  // namespace
}  // namespace krabuan::testing
