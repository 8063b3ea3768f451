// P17 me-system-development (งานพัฒนาระบบการติดตาม ประเมินผลและรายงานของสำนักงานเขตพื้นที่
// การศึกษา). Every timing cell is a duration from the step's start (procedures.md P17):
//   T1-T4 1 เดือน (P1M) each, T5 6 เดือน (P6M), T6 2 เดือน (P2M): twelve months in all.
// Durations keep the time of day and clamp to the end of shorter months.
#include <gtest/gtest.h>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class MeSystemDevelopmentProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("me-system-development");
  }
};

TEST_F(MeSystemDevelopmentProcess, Fy2568SixStepsInSequenceTakeTwelveMonths) {
  SetNow("2024-10-01T09:00:00+07:00");   // 02:00 UTC
  InstanceId id = Start("p35", "me-system-development", {{"fiscal_year", "2568"}});
  ASSERT_NE(id, 0);
  EXPECT_EQ(OpenNodes(id), Nodes{"study-current"});
  EXPECT_EQ(DueOf(id, "study-current"), "2024-11-01T02:00:00Z");   // 1 เดือน

  SetNow("2024-11-01T09:00:00+07:00");
  Complete("p35", Open(id, "study-current"), "", {{"current_state", "รายงานผลผ่านหลายช่องทาง"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"study-knowledge"});
  EXPECT_EQ(DueOf(id, "study-knowledge"), "2024-12-01T02:00:00Z");   // 1 เดือน

  SetNow("2024-12-01T09:00:00+07:00");
  Complete("p36", Open(id, "study-knowledge"));   // อ ๓๖ shares the work
  EXPECT_EQ(OpenNodes(id), Nodes{"study-agencies"});
  EXPECT_EQ(DueOf(id, "study-agencies"), "2025-01-01T02:00:00Z");   // 1 เดือน

  SetNow("2025-01-01T09:00:00+07:00");
  Complete("p35", Open(id, "study-agencies"));
  EXPECT_EQ(OpenNodes(id), Nodes{"framework"});
  EXPECT_EQ(DueOf(id, "framework"), "2025-02-01T02:00:00Z");   // 1 เดือน

  SetNow("2025-02-01T09:00:00+07:00");
  Complete("p35", Open(id, "framework"), "", {{"framework_title", "กรอบแนวคิดระบบติดตามฯ"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"research-develop"});
  EXPECT_EQ(DueOf(id, "research-develop"), "2025-08-01T02:00:00Z");   // 6 เดือน

  SetNow("2025-08-01T09:00:00+07:00");
  Complete("p36", Open(id, "research-develop"), "", {{"system_name", "ระบบ M&E ของ สพป."}});
  EXPECT_EQ(OpenNodes(id), Nodes{"disseminate"});
  EXPECT_EQ(DueOf(id, "disseminate"), "2025-10-01T02:00:00Z");   // 2 เดือน: twelve months after the start

  SetNow("2025-09-20T09:00:00+07:00");
  Complete("p35", Open(id, "disseminate"));
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(v.variables.at("system_name").ToText(), "ระบบ M&E ของ สพป.");

  // Both owner positions act as members of the shared role me-analyst.
  const HistoryRecord* rd = LastCompletion(v, "research-develop");
  ASSERT_NE(rd, nullptr);
  EXPECT_EQ(rd->user, "p36");
  EXPECT_EQ(rd->role, "me-analyst");
  EXPECT_EQ(rd->capacity, ActingCapacity::kMember);
  const HistoryRecord* out = LastCompletion(v, "disseminate");
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out->user, "p35");
  EXPECT_EQ(out->capacity, ActingCapacity::kMember);
}

TEST_F(MeSystemDevelopmentProcess, Fy2569DurationsRunFromEachStepsOwnStart) {
  SetNow("2025-10-15T13:30:00+07:00");   // 06:30 UTC
  InstanceId id = Start("p36", "me-system-development", {{"fiscal_year", "2569"}});
  EXPECT_EQ(DueOf(id, "study-current"), "2025-11-15T06:30:00Z");
  // Done early: the next month counts from the early finish, not from the old due.
  SetNow("2025-10-31T10:00:00+07:00");
  Complete("p36", Open(id, "study-current"), "", {{"current_state", "x"}});
  EXPECT_EQ(DueOf(id, "study-knowledge"), "2025-11-30T03:00:00Z");
  // Done late: the same.
  SetNow("2026-01-05T10:00:00+07:00");
  Complete("p36", Open(id, "study-knowledge"));
  EXPECT_EQ(DueOf(id, "study-agencies"), "2026-02-05T03:00:00Z");
  Complete("p36", Open(id, "study-agencies"));
  EXPECT_EQ(DueOf(id, "framework"), "2026-02-05T03:00:00Z");
  Complete("p36", Open(id, "framework"), "", {{"framework_title", "x"}});
  EXPECT_EQ(DueOf(id, "research-develop"), "2026-07-05T03:00:00Z");
  Complete("p36", Open(id, "research-develop"), "", {{"system_name", "x"}});
  EXPECT_EQ(DueOf(id, "disseminate"), "2026-03-05T03:00:00Z");
  Complete("p36", Open(id, "disseminate"));
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

TEST_F(MeSystemDevelopmentProcess, AMonthClampsToTheEndOfAShorterMonth) {
  SetNow("2025-01-31T09:00:00+07:00");
  InstanceId id = Start("p35", "me-system-development", {{"fiscal_year", "2568"}});
  EXPECT_EQ(DueOf(id, "study-current"), "2025-02-28T02:00:00Z");   // 31 Jan + 1 เดือน
  SetNow("2025-08-31T09:00:00+07:00");
  Complete("p35", Open(id, "study-current"), "", {{"current_state", "x"}});
  Complete("p35", Open(id, "study-knowledge"));
  Complete("p35", Open(id, "study-agencies"));
  Complete("p35", Open(id, "framework"), "", {{"framework_title", "x"}});
  EXPECT_EQ(DueOf(id, "research-develop"), "2026-02-28T02:00:00Z");   // 31 Aug + 6 เดือน
}

TEST_F(MeSystemDevelopmentProcess, OnlyTheTwoOwnerPositionsStartAndWork) {
  SetNow("2024-10-01T09:00:00+07:00");
  EXPECT_FALSE(engine_->Start({"p37"}, {"me-system-development", {{"fiscal_year", "2568"}}, "", ""}).ok());
  EXPECT_FALSE(engine_->Start({"p38"}, {"me-system-development", {{"fiscal_year", "2568"}}, "", ""}).ok());
  InstanceId id = Start("p35", "me-system-development", {{"fiscal_year", "2568"}});
  TaskId t = Open(id, "study-current");
  EXPECT_FALSE(engine_->Complete({"p37"}, {t, "", {{"current_state", "x"}}, ""}).ok());
  EXPECT_FALSE(engine_->Complete({"p33"}, {t, "", {{"current_state", "x"}}, ""}).ok());
  // The step's finding is required.
  EXPECT_FALSE(engine_->Complete({"p35"}, {t, "", {}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), Nodes{"study-current"});
}

}  // namespace
}  // namespace krabuan::testing
