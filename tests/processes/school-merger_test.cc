// P11 school-merger (งานจัดตั้ง ยุบรวม เลิก และโอนสถานศึกษาขั้นพื้นฐาน), driven through the
// engine on the real org and process file.
//
// Timing table (manual lines 502-510) as procedures.md P11 normalizes it: sequential
// durations from each step's start, then continuous work to the end of the fiscal year.
//   T1 15 วัน   study-regulations        P15D
//   T2 2 เดือน  study-situation          P2M
//   T3 2 เดือน  prepare-plan + G1        P2M (one time box)
//   T4 2 เดือน  present-case + G2        P2M (one time box)
//   T5 ตลอดปี   execute                  30 Sep of the fiscal year
//   T6 ตลอดปี   monitor-report           30 Sep of the fiscal year
// A duration keeps the time of day it started at (09:00 office time = 02:00Z).
#include <gtest/gtest.h>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class SchoolMergerProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("school-merger");
  }

  InstanceId StartCase(const char* now, const std::string& fy, const std::string& type = "merge-dissolve") {
    SetNow(now);
    return Start("p37", "school-merger",
                 {{"fiscal_year", fy}, {"case_type", type}, {"school_name", "โรงเรียนบ้านโนนสูง"}});
  }
};

// FY 2568, a case started on 1 Oct 2024 at 09:00, each step finished on its deadline:
// 16 Oct 2024, 16 Dec 2024, 16 Feb 2025, 16 Apr 2025, then 30 Sep 2025 for T5 and T6.
TEST_F(SchoolMergerProcess, Fy2568EveryStepsDueForACaseStartedOn1October2024) {
  InstanceId id = StartCase("2024-10-01T09:00:00+07:00", "2568");
  ASSERT_NE(id, 0);
  EXPECT_EQ(OpenNodes(id), Nodes{"study-regulations"});
  EXPECT_EQ(DueOf(id, "study-regulations"), "2024-10-16T02:00:00Z");   // T1 15 วัน

  SetNow("2024-10-16T09:00:00+07:00");
  Complete("p37", Open(id, "study-regulations"));
  EXPECT_EQ(OpenNodes(id), Nodes{"study-situation"});
  EXPECT_EQ(DueOf(id, "study-situation"), "2024-12-16T02:00:00Z");   // T2 2 เดือน

  SetNow("2024-12-16T09:00:00+07:00");
  Complete("p37", Open(id, "study-situation"), "", {{"situation_summary", "นักเรียนน้อยกว่า 20 คน 3 โรง"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"prepare-plan"});
  EXPECT_EQ(DueOf(id, "prepare-plan"), "2025-02-16T02:00:00Z");   // T3 2 เดือน

  SetNow("2025-02-01T09:00:00+07:00");
  Complete("p37", Open(id, "prepare-plan"), "", {{"plan_summary", "แผนรวมโรงเรียนขนาดเล็ก"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"plan-approval"});
  EXPECT_EQ(DueOf(id, "plan-approval"), "2025-02-16T02:00:00Z");   // T3: the same cell

  SetNow("2025-02-16T09:00:00+07:00");
  Complete("p37", Open(id, "plan-approval"), "approve", {{"resolution_ref", "กพท. ครั้งที่ 2/2568"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"present-case"});
  EXPECT_EQ(DueOf(id, "present-case"), "2025-04-16T02:00:00Z");   // T4 2 เดือน

  SetNow("2025-03-10T09:00:00+07:00");
  Complete("p37", Open(id, "present-case"));
  EXPECT_EQ(OpenNodes(id), Nodes{"case-decision"});
  EXPECT_EQ(DueOf(id, "case-decision"), "2025-04-16T02:00:00Z");   // T4: the same cell

  SetNow("2025-04-16T09:00:00+07:00");
  Complete("p32", Open(id, "case-decision"), "approve");
  EXPECT_EQ(OpenNodes(id), Nodes{"execute"});
  EXPECT_EQ(DueOf(id, "execute"), "2025-09-30T16:59:59Z");   // T5 ตลอดปี: 30 Sep 2025

  SetNow("2025-06-02T09:00:00+07:00");
  // The date the case took effect, typed with its Buddhist-Era year (16 พ.ค. 2568) as
  // Thai documents write it, would be kept as 3111: refused, with the CE date to write.
  Status be = engine_->Complete({"p37"}, {Open(id, "execute"), "",
                                          {{"effective_date", "2568-05-16"}, {"execution_note", "รวมแล้ว"}}, ""});
  EXPECT_EQ(be.kind(), ErrorKind::kInvalid);
  EXPECT_NE(be.message().find("effective_date"), std::string::npos) << be.message();
  EXPECT_NE(be.message().find("did you mean 2025-05-16?"), std::string::npos) << be.message();
  EXPECT_EQ(OpenNodes(id), Nodes{"execute"});
  Complete("p37", Open(id, "execute"), "",
           {{"effective_date", "2025-05-16"}, {"execution_note", "รวมโรงเรียนบ้านโนนสูงกับโรงเรียนบ้านหนองบัว"}});
  EXPECT_EQ(Show(id).variables.at("effective_date").ToDisplay(), "16 พ.ค. 2568");
  EXPECT_EQ(OpenNodes(id), Nodes{"monitor-report"});
  EXPECT_EQ(DueOf(id, "monitor-report"), "2025-09-30T16:59:59Z");   // T6 ตลอดปี

  SetNow("2025-09-20T09:00:00+07:00");
  Complete("p37", Open(id, "monitor-report"), "", {{"report_summary", "นักเรียนย้ายครบทุกคน"}});
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(v.variables.at("case_type").as_string(), "merge-dissolve");
  EXPECT_EQ(v.variables.at("plan-approval.outcome").as_string(), "approve");
  EXPECT_EQ(v.variables.at("case-decision.outcome").as_string(), "approve");
}

// FY 2569, a case started on 16 Dec 2025: 31 Dec 2025, 28 Feb 2026 (2 months from 31 Dec
// clamp to the shorter February), 28 Apr 2026, 28 Jun 2026, then 30 Sep 2026.
TEST_F(SchoolMergerProcess, Fy2569EveryStepsDueWithMonthsClampedToFebruary) {
  InstanceId id = StartCase("2025-12-16T09:00:00+07:00", "2569", "establish");
  EXPECT_EQ(DueOf(id, "study-regulations"), "2025-12-31T02:00:00Z");   // 15 วัน
  SetNow("2025-12-31T09:00:00+07:00");
  Complete("p35", Open(id, "study-regulations"));   // อ ๓๕ is a policy planner too
  EXPECT_EQ(DueOf(id, "study-situation"), "2026-02-28T02:00:00Z");   // 2 เดือน, clamped
  SetNow("2026-02-28T09:00:00+07:00");
  Complete("p37", Open(id, "study-situation"), "", {{"situation_summary", "ชุมชนใหม่ไม่มีโรงเรียน"}});
  EXPECT_EQ(DueOf(id, "prepare-plan"), "2026-04-28T02:00:00Z");
  SetNow("2026-04-28T09:00:00+07:00");
  Complete("p37", Open(id, "prepare-plan"), "", {{"plan_summary", "แผนจัดตั้งโรงเรียน"}});
  EXPECT_EQ(DueOf(id, "plan-approval"), "2026-04-28T02:00:00Z");   // the box of T3
  Complete("p37", Open(id, "plan-approval"), "approve");
  EXPECT_EQ(DueOf(id, "present-case"), "2026-06-28T02:00:00Z");
  Complete("p37", Open(id, "present-case"));
  EXPECT_EQ(DueOf(id, "case-decision"), "2026-06-28T02:00:00Z");
  Complete("p37", Open(id, "case-decision"), "approve");
  EXPECT_EQ(DueOf(id, "execute"), "2026-09-30T16:59:59Z");
  Complete("p37", Open(id, "execute"), "", {{"execution_note", "ประกาศจัดตั้งแล้ว"}});
  EXPECT_EQ(DueOf(id, "monitor-report"), "2026-09-30T16:59:59Z");
  Complete("p37", Open(id, "monitor-report"), "", {{"report_summary", "เปิดสอนปีการศึกษาใหม่"}});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

// G1 not approved goes back to step 3, G2 "revise" back to step 4a; neither moves the
// shared deadline of its cell. The Area Committee's decisions are recorded by the group's
// staff on its behalf.
TEST_F(SchoolMergerProcess, RejectedPlanAndRevisedCaseLoopBackWithinTheirCells) {
  InstanceId id = StartCase("2024-10-01T09:00:00+07:00", "2568", "close");
  Complete("p37", Open(id, "study-regulations"));
  SetNow("2024-11-01T09:00:00+07:00");
  Complete("p37", Open(id, "study-situation"), "", {{"situation_summary", "ไม่มีนักเรียน"}});
  EXPECT_EQ(DueOf(id, "prepare-plan"), "2025-01-01T02:00:00Z");
  Complete("p37", Open(id, "prepare-plan"), "", {{"plan_summary", "แผนเลิกโรงเรียน"}});

  SetNow("2024-12-10T09:00:00+07:00");
  Complete("p37", Open(id, "plan-approval"), "reject", {}, "ให้ทำประชาคมก่อน");
  EXPECT_EQ(OpenNodes(id), Nodes{"prepare-plan"});
  EXPECT_EQ(DueOf(id, "prepare-plan"), "2025-01-01T02:00:00Z");   // the T3 box does not move
  Complete("p37", Open(id, "prepare-plan"), "", {{"plan_summary", "แผนเลิกโรงเรียน พร้อมผลประชาคม"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"plan-approval"});
  SetNow("2024-12-20T09:00:00+07:00");
  Complete("p32", Open(id, "plan-approval"), "approve");
  EXPECT_EQ(OpenNodes(id), Nodes{"present-case"});
  EXPECT_EQ(DueOf(id, "present-case"), "2025-02-20T02:00:00Z");   // T4 from 20 Dec

  Complete("p37", Open(id, "present-case"));
  SetNow("2025-01-15T09:00:00+07:00");
  Complete("p35", Open(id, "case-decision"), "revise", {}, "ให้ระบุแผนรับนักเรียน");
  EXPECT_EQ(OpenNodes(id), Nodes{"present-case"});
  EXPECT_EQ(DueOf(id, "present-case"), "2025-02-20T02:00:00Z");   // the T4 box does not move
  Complete("p37", Open(id, "present-case"));
  Complete("p37", Open(id, "case-decision"), "approve", {{"resolution_ref", "กพท. 1/2568"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"execute"});
  Complete("p37", Open(id, "execute"), "", {{"execution_note", "เลิกสถานศึกษาแล้ว"}});
  Complete("p37", Open(id, "monitor-report"), "", {{"report_summary", "เรียบร้อย"}});

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_EQ(CompletionCount(v, "plan-approval"), 2);
  EXPECT_EQ(CompletionCount(v, "prepare-plan"), 2);
  EXPECT_EQ(CompletionCount(v, "case-decision"), 2);
  // The committee's first plan decision, recorded by the policy planner.
  const HistoryRecord* first = nullptr;
  for (const HistoryRecord& h : v.history) {
    if (h.action == "task-completed" && h.node_id == "plan-approval") {
      first = &h;
      break;
    }
  }
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->user, "p37");
  EXPECT_EQ(first->role, "area-committee");
  EXPECT_EQ(first->capacity, ActingCapacity::kRecorder);
  EXPECT_NE(first->detail.find("reject"), std::string::npos);
  EXPECT_EQ(first->comment, "ให้ทำประชาคมก่อน");
  // The approval, recorded by the group director.
  const HistoryRecord* approval = LastCompletion(v, "plan-approval");
  ASSERT_NE(approval, nullptr);
  EXPECT_EQ(approval->user, "p32");
  EXPECT_EQ(approval->role, "area-committee");
  EXPECT_EQ(approval->capacity, ActingCapacity::kRecorder);
  // The officer's own work is done as a member of the role.
  const HistoryRecord* exec = LastCompletion(v, "execute");
  ASSERT_NE(exec, nullptr);
  EXPECT_EQ(exec->role, "policy-planner");
  EXPECT_EQ(exec->capacity, ActingCapacity::kMember);
}

// G2 not approved: the case is dropped and nothing is carried out.
TEST_F(SchoolMergerProcess, CaseNotApprovedIsDroppedWithoutExecution) {
  InstanceId id = StartCase("2024-10-01T09:00:00+07:00", "2568", "transfer");
  Complete("p37", Open(id, "study-regulations"));
  Complete("p37", Open(id, "study-situation"), "", {{"situation_summary", "x"}});
  Complete("p37", Open(id, "prepare-plan"), "", {{"plan_summary", "แผนโอนสถานศึกษาให้ อปท."}});
  Complete("p37", Open(id, "plan-approval"), "approve");
  Complete("p37", Open(id, "present-case"));
  Complete("p37", Open(id, "case-decision"), "reject", {}, "ชุมชนไม่เห็นด้วย");
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.open_tasks.empty());
  EXPECT_EQ(DueOf(id, "execute"), "");   // never created
  EXPECT_EQ(DueOf(id, "monitor-report"), "");
  bool dropped = false;
  for (const HistoryRecord& h : v.history) dropped |= h.action == "end-reached" && h.node_id == "case-dropped";
  EXPECT_TRUE(dropped);
}

// The case type is enumerated: the six kinds the manual names are accepted, by value or
// by Thai label (kept as the value); anything else is refused at the start with the
// choices, and leaves nothing behind.
TEST_F(SchoolMergerProcess, CaseTypeIsCheckedAtTheStart) {
  SetNow("2024-10-01T09:00:00+07:00");
  struct Case {
    const char* typed;
    const char* kept;
  };
  const Case cases[] = {{"establish", "establish"},   {"merge-dissolve", "merge-dissolve"},
                        {"close", "close"},           {"transfer", "transfer"},
                        {"extend-classes", "extend-classes"}, {"receive", "receive"},
                        {"ยุบรวม", "merge-dissolve"}, {"รับโอน", "receive"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.typed);
    InstanceId id = Start("p37", "school-merger", {{"fiscal_year", "2568"}, {"case_type", c.typed}});
    EXPECT_EQ(OpenNodes(id), Nodes{"study-regulations"});
    EXPECT_EQ(Show(id).variables.at("case_type").as_string(), c.kept);
  }
  Result<InstanceId> bad =
      engine_->Start({"p37"}, {"school-merger", {{"fiscal_year", "2568"}, {"case_type", "ยุบ-รวม"}}, "", ""});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'ยุบ-รวม' is not one of the choices: establish (จัดตั้ง), "
                                        "merge-dissolve (ยุบรวม), close (เลิก)"),
            std::string::npos)
      << bad.status().message();
  Result<std::vector<InstanceRecord>> all = engine_->Instances({"admin"}, {"school-merger", std::nullopt});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 8u);   // the refused start made no instance
  // Without a case type the default is ยุบรวม.
  InstanceId dflt = Start("p37", "school-merger", {{"fiscal_year", "2568"}});
  EXPECT_EQ(Show(dflt).variables.at("case_type").as_string(), "merge-dissolve");
}

// A case started late in FY 2568 reaches execution in FY 2569: the officer gives 2569 and
// T5/T6 are due on 30 Sep 2026, after the four durations have run.
TEST_F(SchoolMergerProcess, ACaseStartedInJune2025IsCarriedOutInFy2569) {
  InstanceId id = StartCase("2025-06-02T09:00:00+07:00", "2569", "extend-classes");
  EXPECT_EQ(DueOf(id, "study-regulations"), "2025-06-17T02:00:00Z");
  SetNow("2025-06-17T09:00:00+07:00");
  Complete("p37", Open(id, "study-regulations"));
  EXPECT_EQ(DueOf(id, "study-situation"), "2025-08-17T02:00:00Z");
  SetNow("2025-08-17T09:00:00+07:00");
  Complete("p37", Open(id, "study-situation"), "", {{"situation_summary", "x"}});
  EXPECT_EQ(DueOf(id, "prepare-plan"), "2025-10-17T02:00:00Z");
  SetNow("2025-10-17T09:00:00+07:00");
  Complete("p37", Open(id, "prepare-plan"), "", {{"plan_summary", "ขยายชั้นเรียนถึง ม.3"}});
  Complete("p37", Open(id, "plan-approval"), "approve");
  EXPECT_EQ(DueOf(id, "present-case"), "2025-12-17T02:00:00Z");
  Complete("p37", Open(id, "present-case"));
  SetNow("2025-12-17T09:00:00+07:00");
  Complete("p37", Open(id, "case-decision"), "approve");
  EXPECT_EQ(DueOf(id, "execute"), "2026-09-30T16:59:59Z");
}

// Only policy planners start and work the case; the clerk and the M&E-only officer may not,
// and the clerk may not record the Area Committee's decision.
TEST_F(SchoolMergerProcess, OnlyPolicyPlannersWorkTheCase) {
  SetNow("2024-10-01T09:00:00+07:00");
  EXPECT_FALSE(engine_->Start({"p36"}, {"school-merger", {{"fiscal_year", "2568"}}, "", ""}).ok());
  EXPECT_FALSE(engine_->Start({"p38"}, {"school-merger", {{"fiscal_year", "2568"}}, "", ""}).ok());
  InstanceId id = Start("p37", "school-merger", {{"fiscal_year", "2568"}});
  TaskId t = Open(id, "study-regulations");
  EXPECT_FALSE(engine_->Complete({"p36"}, {t, "", {}, ""}).ok());
  EXPECT_FALSE(engine_->Complete({"p38"}, {t, "", {}, ""}).ok());
  Complete("p37", t);
  Complete("p37", Open(id, "study-situation"), "", {{"situation_summary", "x"}});
  Complete("p37", Open(id, "prepare-plan"), "", {{"plan_summary", "x"}});
  TaskId g1 = Open(id, "plan-approval");
  EXPECT_FALSE(engine_->Complete({"p38"}, {g1, "approve", {}, ""}).ok());   // the clerk does not record it
  EXPECT_FALSE(engine_->Complete({"p37"}, {g1, "maybe", {}, ""}).ok());     // not an outcome
  EXPECT_EQ(OpenNodes(id), Nodes{"plan-approval"});
}

}  // namespace
}  // namespace krabuan::testing
