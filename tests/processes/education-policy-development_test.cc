// P07 education-policy-development (1. งานวิเคราะห์และพัฒนานโยบายทางการศึกษา), driven
// through the engine on the real org and process file.
//
// Timing table as procedures.md normalizes it:
//   T1 "2 เดือน ภายในเดือน พฤศจิกายนของปี" -> steps 1-3, one time box: two months from the
//      box's start, never after 30 November of the fiscal year (K10). FY 2568 started on
//      1 Oct 2024: 1 Dec 2024 would be past the deadline, so 30 Nov 2024 ("2024-11-30T16:59:59Z").
//   T2 "1 เดือน"  -> steps 4-5, one time box: a month from step 4's start.
//   T3 "15 วัน"   -> step 6 (the Area Committee), T4 "15 วัน" -> step 7 (publish).
//   T5 "ทุก 3/6/9 และ 12 เดือน" -> step 8: checkpoints at the ends of fiscal months 3, 6, 9, 12
//      (31 Dec 2024, 31 Mar, 30 Jun, 30 Sep 2025 for FY 2568); each round is due at the next one.
// Durations run from the moment a step starts, to the second (09:00 office time = 02:00Z).
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class EducationPolicyDevelopmentProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("education-policy-development");
  }

  // Steps 1-7 on the FY 2568 calendar used throughout; returns with step 8's first round open.
  InstanceId ToMonitoring() {
    SetNow("2024-10-01T09:00:00+07:00");
    InstanceId id = Start("p35", "education-policy-development", {{"fiscal_year", "2568"}});
    SetNow("2024-11-25T10:00:00+07:00");
    Complete("p35", Open(id, "analyse-directions"));
    Complete("p35", Open(id, "study-results"));
    Complete("p35", Open(id, "analyse-outcomes"));
    SetNow("2024-12-10T10:00:00+07:00");
    Complete("p35", Open(id, "research-overall"));
    Complete("p35", Open(id, "draft-policy"), "", {{"policy_title", "นโยบายและจุดเน้น ปีงบประมาณ 2568"}});
    SetNow("2024-12-20T10:00:00+07:00");
    Complete("p35", Open(id, "committee-review"), "approve");
    SetNow("2025-01-28T10:00:00+07:00");
    Complete("p35", Open(id, "publish"));
    EXPECT_EQ(OpenNodes(id), Nodes{"monitor-report"});
    return id;
  }
};

TEST_F(EducationPolicyDevelopmentProcess, Fy2568TimeBoxesCommitteeLoopAndQuarterlyRounds) {
  SetNow("2024-10-01T09:00:00+07:00");
  InstanceId id = Start("p35", "education-policy-development", {{"fiscal_year", "2568"}});
  ASSERT_NE(id, 0);
  // Steps 1-3 side by side, sharing T1's box: by 30 Nov 2024.
  EXPECT_EQ(OpenNodes(id), (Nodes{"analyse-directions", "analyse-outcomes", "study-results"}));
  for (const char* node : {"analyse-directions", "study-results", "analyse-outcomes"}) {
    EXPECT_EQ(DueOf(id, node), "2024-11-30T16:59:59Z") << node;
  }

  SetNow("2024-11-20T10:00:00+07:00");
  Complete("p35", Open(id, "study-results"));
  Complete("p37", Open(id, "analyse-directions"));
  EXPECT_EQ(OpenNodes(id), Nodes{"analyse-outcomes"});   // the join waits for step 3
  SetNow("2024-11-25T10:00:00+07:00");
  Complete("p35", Open(id, "analyse-outcomes"));

  // Steps 4-5 share T2's box, fixed when step 4 starts: 25 Nov 10:00 + 1 month.
  EXPECT_EQ(OpenNodes(id), Nodes{"research-overall"});
  EXPECT_EQ(DueOf(id, "research-overall"), "2024-12-25T03:00:00Z");
  SetNow("2024-12-10T10:00:00+07:00");
  Complete("p35", Open(id, "research-overall"));
  EXPECT_EQ(DueOf(id, "draft-policy"), "2024-12-25T03:00:00Z");
  SetNow("2024-12-20T10:00:00+07:00");
  Complete("p35", Open(id, "draft-policy"), "", {{"policy_title", "ร่างนโยบาย 2568"}});

  // Step 6: 15 days.
  EXPECT_EQ(OpenNodes(id), Nodes{"committee-review"});
  EXPECT_EQ(DueOf(id, "committee-review"), "2025-01-04T03:00:00Z");
  SetNow("2024-12-27T10:00:00+07:00");
  Complete("p35", Open(id, "committee-review"), "ไม่เห็นชอบ", {}, "ให้เพิ่มจุดเน้นด้านโรงเรียนขนาดเล็ก");

  // Back to step 5 (inferred): the box does not re-arm, so the revision shows as late.
  EXPECT_EQ(OpenNodes(id), Nodes{"draft-policy"});
  EXPECT_EQ(DueOf(id, "draft-policy"), "2024-12-25T03:00:00Z");
  SetNow("2025-01-06T10:00:00+07:00");
  Complete("p35", Open(id, "draft-policy"), "", {{"policy_title", "นโยบาย 2568 (ปรับปรุง)"}});
  EXPECT_EQ(DueOf(id, "committee-review"), "2025-01-21T03:00:00Z");
  SetNow("2025-01-15T10:00:00+07:00");
  Complete("p32", Open(id, "committee-review"), "approve");

  // Step 7: 15 days.
  EXPECT_EQ(OpenNodes(id), Nodes{"publish"});
  EXPECT_EQ(DueOf(id, "publish"), "2025-01-30T03:00:00Z");
  SetNow("2025-01-28T10:00:00+07:00");
  Complete("p35", Open(id, "publish"));

  // Step 8, round 1: the 3-month checkpoint (31 Dec) has passed; the next is 31 Mar 2025.
  EXPECT_EQ(OpenNodes(id), Nodes{"monitor-report"});
  EXPECT_EQ(DueOf(id, "monitor-report"), "2025-03-31T16:59:59Z");
  SetNow("2025-03-28T10:00:00+07:00");
  Complete("p35", Open(id, "monitor-report"), "", {{"final_round", "false"}});
  // The next round opens once the 6-month checkpoint has passed.
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-03-31T23:59:59+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-04-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"monitor-report"});
  EXPECT_EQ(DueOf(id, "monitor-report"), "2025-06-30T16:59:59Z");   // 9-month checkpoint

  SetNow("2025-06-30T15:00:00+07:00");   // on the checkpoint's own day
  Complete("p35", Open(id, "monitor-report"), "", {{"final_round", "false"}});
  // Timers fire when the clock is moved (as the daemon polls): the checkpoint's wait at the
  // first poll after 30 Jun 23:59:59, the one-second step at the next.
  MoveTo("2025-07-01T08:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-07-01T08:01:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"monitor-report"});
  EXPECT_EQ(DueOf(id, "monitor-report"), "2025-09-30T16:59:59Z");   // 12-month checkpoint

  SetNow("2025-09-25T10:00:00+07:00");
  Complete("p35", Open(id, "monitor-report"), "", {{"final_round", "true"}});

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  int rounds = 0;
  for (const HistoryRecord& h : v.history) rounds += h.action == "task-completed" && h.node_id == "monitor-report";
  EXPECT_EQ(rounds, 3);

  // The Area Committee's decisions were recorded on its behalf.
  const HistoryRecord* first_review = nullptr;
  for (const HistoryRecord& h : v.history) {
    if (h.action == "task-completed" && h.node_id == "committee-review") {
      first_review = &h;
      break;
    }
  }
  ASSERT_NE(first_review, nullptr);
  EXPECT_EQ(first_review->user, "p35");
  EXPECT_EQ(first_review->role, "area-committee");
  EXPECT_EQ(first_review->capacity, ActingCapacity::kRecorder);
  EXPECT_EQ(first_review->comment, "ให้เพิ่มจุดเน้นด้านโรงเรียนขนาดเล็ก");
  const HistoryRecord* approval = LastCompletion(v, "committee-review");
  ASSERT_NE(approval, nullptr);
  EXPECT_EQ(approval->user, "p32");
  EXPECT_EQ(approval->capacity, ActingCapacity::kRecorder);
  EXPECT_NE(approval->detail.find("approve"), std::string::npos);
  const HistoryRecord* directions = LastCompletion(v, "analyse-directions");
  ASSERT_NE(directions, nullptr);
  EXPECT_EQ(directions->user, "p37");
  EXPECT_EQ(directions->role, "policy-planner");
  EXPECT_EQ(directions->capacity, ActingCapacity::kMember);
}

TEST_F(EducationPolicyDevelopmentProcess, T1IsTwoMonthsWhenThatEndsBeforeNovemberIsOut) {
  // Started two weeks before the fiscal year: two months end on 16 Nov 2024, before the
  // 30 November deadline, so the duration decides.
  SetNow("2024-09-16T09:00:00+07:00");
  InstanceId id = Start("p32", "education-policy-development", {{"fiscal_year", "2568"}});
  EXPECT_EQ(DueOf(id, "analyse-directions"), "2024-11-16T02:00:00Z");
  EXPECT_EQ(DueOf(id, "analyse-outcomes"), "2024-11-16T02:00:00Z");
  // FY 2569 from 1 Oct 2025: capped at 30 Nov 2025.
  SetNow("2025-10-01T09:00:00+07:00");
  InstanceId next = Start("p35", "education-policy-development", {{"fiscal_year", "2569"}});
  EXPECT_EQ(DueOf(next, "study-results"), "2025-11-30T16:59:59Z");
}

TEST_F(EducationPolicyDevelopmentProcess, TheTwelveMonthRoundEndsTheInstanceAtOnce) {
  InstanceId id = ToMonitoring();
  EXPECT_EQ(DueOf(id, "monitor-report"), "2025-03-31T16:59:59Z");
  Complete("p37", Open(id, "monitor-report"), "", {{"final_round", "true"}});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  EXPECT_EQ(OpenNodes(id), Nodes{});
}

// Engine gap: a round finished AFTER its checkpoint makes the wait resolve to the
// following checkpoint, so one round gets no task. Round 1 is due 31 Mar 2025 but finished
// on 3 Apr: the next round should be the 9-month one (30 Jun); the engine opens it only on
// 1 Jul, due 30 Sep. The language has no "the checkpoint after the previous round's".
TEST_F(EducationPolicyDevelopmentProcess, EngineGapALateRoundSkipsTheNextCheckpoint) {
  InstanceId id = ToMonitoring();
  SetNow("2025-04-03T10:00:00+07:00");
  Complete("p35", Open(id, "monitor-report"), "", {{"final_round", "false"}});
  MoveTo("2025-04-04T10:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});   // should be the 9-month round, due 30 Jun
  MoveTo("2025-07-01T08:00:00+07:00");
  MoveTo("2025-07-01T08:01:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"monitor-report"});
  EXPECT_EQ(DueOf(id, "monitor-report"), "2025-09-30T16:59:59Z");
}

TEST_F(EducationPolicyDevelopmentProcess, TheGenericDriverEndsAfterOneRound) {
  SetNow("2024-10-01T09:00:00+07:00");
  InstanceId id = Start("p35", "education-policy-development", {{"fiscal_year", "2568"}});
  std::vector<std::string> visited = Drive(id);
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  ASSERT_FALSE(visited.empty());
  EXPECT_EQ(visited.back(), "monitor-report");
  EXPECT_EQ(std::count(visited.begin(), visited.end(), "committee-review"), 1);
}

}  // namespace
}  // namespace krabuan::testing
