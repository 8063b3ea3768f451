// P21 knowledge-management (งานจัดการความรู้ภายในกลุ่มนโยบายและแผน). One instance per
// fiscal year. Timing table (procedures.md P21):
//   T1 ตลอดปีงบประมาณ                          -> study: by 30 Sep of the FY
//   T2 ตลอดปีงบประมาณ อย่างน้อยสัปดาห์ละ 1 ครั้ง -> collect (a loop, once per collection):
//                                                 by 30 Sep of the FY, at least weekly
//   T3 ตลอดปีงบประมาณ                          -> exchange: by 30 Sep of the FY
//   T4 ตลอดเวลา                                -> report: no deadline
//   FY 2568 -> 30 Sep 2025; FY 2569 -> 30 Sep 2026.
#include <gtest/gtest.h>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class KnowledgeManagementProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("knowledge-management");
  }
};

TEST_F(KnowledgeManagementProcess, Fy2568WeeklyCollectionsThenExchangeAndReport) {
  SetNow("2024-10-01T09:00:00+07:00");
  InstanceId id = Start("p38", "knowledge-management", {{"fiscal_year", "2568"}});
  ASSERT_NE(id, 0);
  EXPECT_EQ(OpenNodes(id), Nodes{"study"});
  EXPECT_EQ(DueOf(id, "study"), "2025-09-30T16:59:59Z");   // ตลอดปีงบประมาณ 2568

  SetNow("2024-10-04T09:00:00+07:00");
  Complete("p38", Open(id, "study"));
  EXPECT_EQ(OpenNodes(id), Nodes{"collect"});
  EXPECT_EQ(DueOf(id, "collect"), "2025-09-30T16:59:59Z");

  // Three weekly collections: two that go on, the last that ends the year's collection.
  SetNow("2024-10-07T15:00:00+07:00");
  Complete("p38", Open(id, "collect"), "again", {{"knowledge_topic", "การใช้ระบบ e-MES"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"collect"});
  EXPECT_EQ(DueOf(id, "collect"), "2025-09-30T16:59:59Z");
  SetNow("2024-10-14T15:00:00+07:00");
  Complete("p38", Open(id, "collect"), "รวบรวมครั้งต่อไป", {{"knowledge_topic", "การโอนเปลี่ยนแปลงงบประมาณ"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"collect"});
  SetNow("2025-09-22T15:00:00+07:00");
  Complete("p38", Open(id, "collect"), "year-done", {{"knowledge_topic", "สรุปบทเรียนประจำปี"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"exchange"});
  EXPECT_EQ(DueOf(id, "exchange"), "2025-09-30T16:59:59Z");   // ตลอดปีงบประมาณ 2568

  SetNow("2025-09-26T13:00:00+07:00");
  Complete("p38", Open(id, "exchange"));
  EXPECT_EQ(OpenNodes(id), Nodes{"report"});
  EXPECT_EQ(DueOf(id, "report"), "-");   // ตลอดเวลา
  Complete("p38", Open(id, "report"), "", {{"km_summary", "รวบรวมองค์ความรู้ 3 ครั้ง"}});

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  // Each collection is one row of the history, with its topic: the record a weekly count
  // is made from.
  std::vector<const HistoryRecord*> collections = CompletionsAt(v, "collect");
  ASSERT_EQ(collections.size(), 3u);
  EXPECT_NE(collections[0]->detail.find("again"), std::string::npos);
  EXPECT_NE(collections[2]->detail.find("year-done"), std::string::npos);
  for (const HistoryRecord* h : collections) {
    EXPECT_EQ(h->user, "p38");
    EXPECT_EQ(h->role, "admin-clerk");
    EXPECT_EQ(h->capacity, ActingCapacity::kMember);
  }
  EXPECT_EQ(v.variables.at("knowledge_topic").ToText(), "สรุปบทเรียนประจำปี");
}

TEST_F(KnowledgeManagementProcess, Fy2569StepsAreDueAtTheEndOfFiscalYear2569) {
  SetNow("2025-10-01T09:00:00+07:00");
  InstanceId id = Start("p38", "knowledge-management", {{"fiscal_year", "2569"}});
  EXPECT_EQ(DueOf(id, "study"), "2026-09-30T16:59:59Z");
  Complete("p38", Open(id, "study"));
  EXPECT_EQ(DueOf(id, "collect"), "2026-09-30T16:59:59Z");
  Complete("p38", Open(id, "collect"), "year-done", {{"knowledge_topic", "x"}});
  EXPECT_EQ(DueOf(id, "exchange"), "2026-09-30T16:59:59Z");
  Complete("p38", Open(id, "exchange"));
  EXPECT_EQ(DueOf(id, "report"), "-");
  Complete("p38", Open(id, "report"), "", {{"km_summary", "x"}});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

// Gap (reported): the engine reads "ตลอดปีงบประมาณ อย่างน้อยสัปดาห์ละ 1 ครั้ง" as the
// fiscal-year end only. A week without a collection sets no timer off and changes no
// deadline; the weekly minimum is not checked or reminded. This test pins the present
// behaviour so that a change to it is seen.
TEST_F(KnowledgeManagementProcess, WeeklyMinimumIsNotEnforcedByTheEngine) {
  SetNow("2024-10-01T09:00:00+07:00");
  InstanceId id = Start("p38", "knowledge-management", {{"fiscal_year", "2568"}});
  Complete("p38", Open(id, "study"));
  Complete("p38", Open(id, "collect"), "again", {{"knowledge_topic", "x"}});
  FireResult fired = MoveTo("2024-10-29T09:00:00+07:00");   // four weeks with no collection
  EXPECT_EQ(fired.fired, 0);
  // The only timers waiting are the step's: its reminder 3 working days before the fiscal
  // year's end, then the overdue alert at it (and the escalation after).
  ASSERT_TRUE(fired.next_due.has_value());
  EXPECT_EQ(FormatInstantUtc(*fired.next_due), "2025-09-25T16:59:59Z");
  EXPECT_EQ(OpenNodes(id), Nodes{"collect"});
  EXPECT_EQ(DueOf(id, "collect"), "2025-09-30T16:59:59Z");
}

TEST_F(KnowledgeManagementProcess, TheClerkOwnsTheWorkAndEachCollectionNamesItsTopic) {
  SetNow("2024-10-01T09:00:00+07:00");
  EXPECT_FALSE(engine_->Start({"p35"}, {"knowledge-management", {{"fiscal_year", "2568"}}, "", ""}).ok());
  InstanceId id = Start("p38", "knowledge-management", {{"fiscal_year", "2568"}});
  EXPECT_FALSE(engine_->Complete({"p32"}, {Open(id, "study"), "", {}, ""}).ok());
  Complete("p38", Open(id, "study"));
  TaskId collect = Open(id, "collect");
  EXPECT_FALSE(engine_->Complete({"p38"}, {collect, "again", {}, ""}).ok());      // no topic
  EXPECT_FALSE(engine_->Complete({"p38"}, {collect, "", {{"knowledge_topic", "x"}}, ""}).ok());   // no outcome
  EXPECT_EQ(OpenNodes(id), Nodes{"collect"});
}

}  // namespace
}  // namespace krabuan::testing
