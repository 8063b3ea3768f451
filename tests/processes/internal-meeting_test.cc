// P20 internal-meeting (งานจัดประชุมภายในกลุ่มนโยบายและแผน). One instance is one meeting.
// Timing table (procedures.md P20), durations from each step's start:
//   T1 ตลอดเวลา (none) -> study          T2 1 วัน (P1D) -> compile
//   T3 5 นาที (PT5M)   -> consider and notify-staff (each)
//   T4 10 นาที (PT10M) -> hold-meeting   T5 5 นาที (PT5M) -> minutes
#include <gtest/gtest.h>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class InternalMeetingProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("internal-meeting");
  }
};

TEST_F(InternalMeetingProcess, AgendaSentBackOnceThenMeetingHeldAndReported) {
  SetNow("2025-01-06T09:00:00+07:00");
  InstanceId id = Start("p38", "internal-meeting", {{"meeting_topic", "ประชุมกลุ่มประจำเดือนมกราคม 2568"}});
  ASSERT_NE(id, 0);
  EXPECT_EQ(OpenNodes(id), Nodes{"study"});
  EXPECT_EQ(DueOf(id, "study"), "-");   // ตลอดเวลา

  SetNow("2025-01-06T09:30:00+07:00");   // 02:30 UTC
  Complete("p38", Open(id, "study"));
  EXPECT_EQ(OpenNodes(id), Nodes{"compile"});
  EXPECT_EQ(DueOf(id, "compile"), "2025-01-07T02:30:00Z");   // 1 วัน

  SetNow("2025-01-07T08:00:00+07:00");   // 01:00 UTC
  Complete("p38", Open(id, "compile"), "", {{"agenda", "วาระ 1-3"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"consider"});
  EXPECT_EQ(DueOf(id, "consider"), "2025-01-07T01:05:00Z");   // 5 นาที

  // The superior does not approve: the clerk revises the agenda (inferred reject path).
  SetNow("2025-01-07T08:04:00+07:00");
  Complete("p32", Open(id, "consider"), "reject", {}, "เพิ่มวาระติดตามงบประมาณ");
  EXPECT_EQ(OpenNodes(id), Nodes{"compile"});
  EXPECT_EQ(DueOf(id, "compile"), "2025-01-08T01:04:00Z");   // a fresh 1 วัน

  SetNow("2025-01-07T10:00:00+07:00");   // 03:00 UTC
  Complete("p38", Open(id, "compile"), "", {{"agenda", "วาระ 1-4"}});
  EXPECT_EQ(DueOf(id, "consider"), "2025-01-07T03:05:00Z");
  Complete("p32", Open(id, "consider"), "approve");
  EXPECT_EQ(OpenNodes(id), Nodes{"notify-staff"});
  EXPECT_EQ(DueOf(id, "notify-staff"), "2025-01-07T03:05:00Z");   // T3 5 นาที, the notice

  SetNow("2025-01-07T10:02:00+07:00");
  Complete("p38", Open(id, "notify-staff"));
  EXPECT_EQ(OpenNodes(id), Nodes{"hold-meeting"});
  EXPECT_EQ(DueOf(id, "hold-meeting"), "2025-01-07T03:12:00Z");   // 10 นาที

  SetNow("2025-01-07T10:10:00+07:00");
  Complete("p38", Open(id, "hold-meeting"));
  EXPECT_EQ(OpenNodes(id), Nodes{"minutes"});
  EXPECT_EQ(DueOf(id, "minutes"), "2025-01-07T03:15:00Z");   // 5 นาที

  Complete("p38", Open(id, "minutes"), "", {{"minutes_ref", "รายงานการประชุม ครั้งที่ 1/2568"}});
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(v.variables.at("agenda").ToText(), "วาระ 1-4");

  // The superior's decisions are recorded by the group director in role authority.
  std::vector<const HistoryRecord*> decisions = CompletionsAt(v, "consider");
  ASSERT_EQ(decisions.size(), 2u);
  for (const HistoryRecord* h : decisions) {
    EXPECT_EQ(h->user, "p32");
    EXPECT_EQ(h->role, "authority");
    EXPECT_EQ(h->capacity, ActingCapacity::kRecorder);
  }
  EXPECT_NE(decisions[0]->detail.find("reject"), std::string::npos);
  EXPECT_NE(decisions[1]->detail.find("approve"), std::string::npos);
  EXPECT_EQ(decisions[0]->comment, "เพิ่มวาระติดตามงบประมาณ");
  std::vector<const HistoryRecord*> compiled = CompletionsAt(v, "compile");
  ASSERT_EQ(compiled.size(), 2u);
  EXPECT_EQ(compiled[1]->role, "admin-clerk");
  EXPECT_EQ(compiled[1]->capacity, ActingCapacity::kMember);
}

TEST_F(InternalMeetingProcess, ApprovedAtOnceGoesStraightToTheNotice) {
  SetNow("2025-10-06T09:00:00+07:00");   // a meeting in fiscal year 2569
  InstanceId id = Start("p38", "internal-meeting");
  Complete("p38", Open(id, "study"));
  EXPECT_EQ(DueOf(id, "compile"), "2025-10-07T02:00:00Z");
  Complete("p38", Open(id, "compile"), "", {{"agenda", "x"}});
  Complete("p32", Open(id, "consider"), "เห็นชอบ");   // the Thai label works as well
  EXPECT_EQ(OpenNodes(id), Nodes{"notify-staff"});
  Complete("p38", Open(id, "notify-staff"));
  Complete("p38", Open(id, "hold-meeting"));
  Complete("p38", Open(id, "minutes"), "", {{"minutes_ref", "x"}});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

TEST_F(InternalMeetingProcess, OnlyTheGroupDirectorRecordsTheSuperiorsDecision) {
  SetNow("2025-01-06T09:00:00+07:00");
  InstanceId id = Start("p38", "internal-meeting");
  Complete("p38", Open(id, "study"));
  Complete("p38", Open(id, "compile"), "", {{"agenda", "x"}});
  TaskId consider = Open(id, "consider");
  EXPECT_FALSE(engine_->Complete({"p38"}, {consider, "approve", {}, ""}).ok());
  EXPECT_FALSE(engine_->Complete({"p34"}, {consider, "approve", {}, ""}).ok());
  // A decision needs an outcome.
  EXPECT_FALSE(engine_->Complete({"p32"}, {consider, "", {}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), Nodes{"consider"});
}

}  // namespace
}  // namespace krabuan::testing
