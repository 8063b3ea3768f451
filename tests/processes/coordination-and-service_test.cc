// P19 coordination-and-service (งานประสานงานและการให้บริการ). Every timing cell is
// "ตลอดเวลา" (K3): no step has a deadline. Steps 1-3 are standing work at the same time;
// step 4 summarises and reports them for the period (the fiscal year).
#include <gtest/gtest.h>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class CoordinationAndServiceProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("coordination-and-service");
  }
};

TEST_F(CoordinationAndServiceProcess, Fy2568ThreeStandingActivitiesThenTheReport) {
  SetNow("2024-10-01T09:00:00+07:00");
  InstanceId id = Start("p38", "coordination-and-service", {{"fiscal_year", "2568"}});
  ASSERT_NE(id, 0);
  EXPECT_EQ(OpenNodes(id), (Nodes{"coordinate", "publicize", "tech-support"}));
  // ตลอดเวลา: no deadline on any step.
  EXPECT_EQ(DueOf(id, "coordinate"), "-");
  EXPECT_EQ(DueOf(id, "tech-support"), "-");
  EXPECT_EQ(DueOf(id, "publicize"), "-");

  // A whole year passes: nothing fires, nothing is late, the three stay open.
  FireResult fired = MoveTo("2025-09-30T23:00:00+07:00");
  EXPECT_EQ(fired.fired, 0);
  EXPECT_FALSE(fired.next_due.has_value());
  EXPECT_EQ(OpenNodes(id), (Nodes{"coordinate", "publicize", "tech-support"}));

  // Any order; the report waits for all three.
  Complete("p38", Open(id, "publicize"), "", {{"items_published", "48"}});
  EXPECT_EQ(OpenNodes(id), (Nodes{"coordinate", "tech-support"}));
  Complete("p38", Open(id, "coordinate"), "", {{"coordination_count", "120"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"tech-support"});
  Complete("p38", Open(id, "tech-support"));
  EXPECT_EQ(OpenNodes(id), Nodes{"report"});
  EXPECT_EQ(DueOf(id, "report"), "-");   // ตลอดเวลา

  Complete("p38", Open(id, "report"), "", {{"report_summary", "ประสานงาน 120 เรื่อง เผยแพร่ 48 เรื่อง"}});
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(v.variables.at("coordination_count").ToText(), "120");

  const HistoryRecord* report = LastCompletion(v, "report");
  ASSERT_NE(report, nullptr);
  EXPECT_EQ(report->user, "p38");
  EXPECT_EQ(report->role, "admin-clerk");
  EXPECT_EQ(report->capacity, ActingCapacity::kMember);
}

TEST_F(CoordinationAndServiceProcess, Fy2569HasNoDeadlinesEither) {
  SetNow("2025-10-01T09:00:00+07:00");
  InstanceId id = Start("p38", "coordination-and-service", {{"fiscal_year", "2569"}});
  Complete("p38", Open(id, "coordinate"));
  Complete("p38", Open(id, "tech-support"));
  Complete("p38", Open(id, "publicize"));
  EXPECT_EQ(DueOf(id, "coordinate"), "-");
  EXPECT_EQ(DueOf(id, "report"), "-");
  Complete("p38", Open(id, "report"), "", {{"report_summary", "x"}});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

TEST_F(CoordinationAndServiceProcess, TheClerksWorkIsTheClerks) {
  SetNow("2024-10-01T09:00:00+07:00");
  EXPECT_FALSE(engine_->Start({"p33"}, {"coordination-and-service", {{"fiscal_year", "2568"}}, "", ""}).ok());
  InstanceId id = Start("p38", "coordination-and-service", {{"fiscal_year", "2568"}});
  EXPECT_FALSE(engine_->Complete({"p33"}, {Open(id, "coordinate"), "", {}, ""}).ok());
  EXPECT_FALSE(engine_->Complete({"p32"}, {Open(id, "publicize"), "", {}, ""}).ok());
  // Steps take no outcome: none is a decision.
  EXPECT_FALSE(engine_->Complete({"p38"}, {Open(id, "tech-support"), "approve", {}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), (Nodes{"coordinate", "publicize", "tech-support"}));
}

}  // namespace
}  // namespace krabuan::testing
