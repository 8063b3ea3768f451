// P06 surplus-transfer (4. งานบริหารงบประมาณ: เงินเหลือจ่ายและโอนเปลี่ยนแปลงงบประมาณ), driven
// through the engine on the real org and process file.
//
// Timing table as procedures.md normalizes it (rule 5.4, the instance's fiscal year):
//   T1-T3 สิงหาคม  -> S1-S7 (data, committee, its work, the proposal, the Area Committee):
//                    window 1-31 August of FY N, due 31 August
//   T4-T7 กันยายน  -> S8-S11 (the governor's อนุมัติ/ไม่อนุมัติ, report, notify, monitor):
//                    window 1-30 September of FY N, due 30 September = the fiscal year's end
//   FY 2568: committee work by 31 Aug 2025 ("2025-08-31T16:59:59Z"), the governor's decision
//            and everything after it by 30 Sep 2025 ("2025-09-30T16:59:59Z").
//   FY 2569: 31 Aug 2026 ("2026-08-31T16:59:59Z") and 30 Sep 2026 ("2026-09-30T16:59:59Z").
#include <gtest/gtest.h>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class SurplusTransferProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("surplus-transfer");
  }

  // Started in July: nothing opens before the August window.
  InstanceId StartInJuly(int fy_be) {
    std::string july = std::to_string(fy_be - 543) + "-07-15T09:00:00+07:00";
    SetNow(july.c_str());
    InstanceId id = Start("p34", "surplus-transfer", {{"fiscal_year", std::to_string(fy_be)}});
    EXPECT_NE(id, 0);
    EXPECT_EQ(OpenNodes(id), Nodes{});
    return id;
  }

  // S4-S6: the committee's guidelines, draft allocation and proposal (recorded by p34).
  void CommitteeProposes(InstanceId id, const std::string& draft) {
    Complete("p34", Open(id, "set-guidelines"), "", {{"guidelines", "โอนไปงบลงทุนตามลำดับความจำเป็น"}});
    EXPECT_EQ(OpenNodes(id), Nodes{"draft-allocation"});
    Complete("p34", Open(id, "draft-allocation"), "", {{"draft_allocation", draft}});
    EXPECT_EQ(OpenNodes(id), Nodes{"submit-area-committee"});
    Complete("p34", Open(id, "submit-area-committee"), "", {{"transfer_guidelines", "โอนภายในแผนงานเดียวกัน"}});
    EXPECT_EQ(OpenNodes(id), Nodes{"area-committee-approval"});
  }

  // S1-S6 in August.
  void AugustWork(InstanceId id) {
    Complete("p34", Open(id, "collect-data"), "", {{"finance_data_studied", "true"}, {"school_reports_studied", "true"}});
    EXPECT_EQ(OpenNodes(id), Nodes{"appoint-committee"});
    Complete("p34", Open(id, "appoint-committee"), "", {{"appointment_order", "สพป. 123/2568"}});
    EXPECT_EQ(OpenNodes(id), Nodes{"analyse-spending"});
    Complete("p32", Open(id, "analyse-spending"), "", {{"surplus_amount", "1,250,000.00"}});
    EXPECT_EQ(OpenNodes(id), Nodes{"set-guidelines"});
    CommitteeProposes(id, "1,200,000.00");
  }
};

TEST_F(SurplusTransferProcess, Fy2568ApprovedByBothGatesWithinAugustAndSeptember) {
  InstanceId id = StartInJuly(2568);
  EXPECT_EQ(DueOf(id, "collect-data"), "");   // scheduled, not yet created
  MoveTo("2025-07-31T23:59:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2025-08-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"collect-data"});

  SetNow("2025-08-05T09:00:00+07:00");
  AugustWork(id);

  // S1-S7: สิงหาคม, by 31 Aug 2025.
  for (const char* node : {"collect-data", "appoint-committee", "analyse-spending", "set-guidelines",
                           "draft-allocation", "submit-area-committee", "area-committee-approval"}) {
    EXPECT_EQ(DueOf(id, node), "2025-08-31T16:59:59Z") << node;
  }

  // The allocation is only a draft so far.
  InstanceView before = Show(id);
  ASSERT_TRUE(before.variables.count("draft_allocation"));
  EXPECT_EQ(before.variables.at("draft_allocation").as_money().satang, 120000000);
  EXPECT_FALSE(before.variables.count("approved_allocation"));

  SetNow("2025-08-25T10:00:00+07:00");
  Complete("p34", Open(id, "area-committee-approval"), "เห็นชอบ");   // by its Thai label

  // The governor's step waits for September.
  EXPECT_EQ(OpenNodes(id), Nodes{});
  EXPECT_EQ(DueOf(id, "governor-approval"), "");
  MoveTo("2025-09-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"governor-approval"});
  EXPECT_EQ(DueOf(id, "governor-approval"), "2025-09-30T16:59:59Z");   // กันยายน: by 30 Sep 2025

  SetNow("2025-09-10T10:00:00+07:00");
  Complete("p32", Open(id, "governor-approval"), "approve", {{"approval_ref", "ตร 0017/1234"}});
  EXPECT_EQ(OpenNodes(id), (Nodes{"notify-units", "report-obec"}));   // S9 and S10 side by side
  EXPECT_EQ(DueOf(id, "report-obec"), "2025-09-30T16:59:59Z");
  EXPECT_EQ(DueOf(id, "notify-units"), "2025-09-30T16:59:59Z");

  Complete("p34", Open(id, "notify-units"));
  EXPECT_EQ(OpenNodes(id), Nodes{"report-obec"});   // the join waits for S9
  Complete("p34", Open(id, "report-obec"), "", {{"approved_allocation", "1,200,000.00"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"monitor-report"});
  EXPECT_EQ(DueOf(id, "monitor-report"), "2025-09-30T16:59:59Z");
  Complete("p34", Open(id, "monitor-report"));

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(v.variables.at("approved_allocation").as_money().satang, 120000000);
  EXPECT_EQ(v.variables.at("governor-approval.outcome").as_string(), "approve");

  // Who acted: the outside bodies' decisions are recorded by group staff on their behalf.
  const HistoryRecord* committee = LastCompletion(v, "area-committee-approval");
  ASSERT_NE(committee, nullptr);
  EXPECT_EQ(committee->user, "p34");
  EXPECT_EQ(committee->role, "area-committee");
  EXPECT_EQ(committee->capacity, ActingCapacity::kRecorder);
  const HistoryRecord* governor = LastCompletion(v, "governor-approval");
  ASSERT_NE(governor, nullptr);
  EXPECT_EQ(governor->user, "p32");
  EXPECT_EQ(governor->role, "provincial-governor");
  EXPECT_EQ(governor->capacity, ActingCapacity::kRecorder);
  EXPECT_NE(governor->detail.find("อนุมัติ"), std::string::npos);
  const HistoryRecord* analysis = LastCompletion(v, "analyse-spending");
  ASSERT_NE(analysis, nullptr);
  EXPECT_EQ(analysis->role, "surplus-transfer-committee");
  EXPECT_EQ(analysis->capacity, ActingCapacity::kRecorder);
  const HistoryRecord* report = LastCompletion(v, "report-obec");
  ASSERT_NE(report, nullptr);
  EXPECT_EQ(report->user, "p34");
  EXPECT_EQ(report->role, "budget-analyst");
  EXPECT_EQ(report->capacity, ActingCapacity::kMember);
}

TEST_F(SurplusTransferProcess, AreaCommitteeRejectsInAugustAndTheCommitteeRevises) {
  InstanceId id = StartInJuly(2568);
  MoveTo("2025-08-01T00:00:00+07:00");
  SetNow("2025-08-04T09:00:00+07:00");
  AugustWork(id);

  SetNow("2025-08-20T10:00:00+07:00");
  Complete("p34", Open(id, "area-committee-approval"), "reject", {}, "ให้ทบทวนการจัดสรรให้สถานศึกษาขนาดเล็ก");
  // Back to the committee at S4 (inferred default reject path), still in August.
  EXPECT_EQ(OpenNodes(id), Nodes{"set-guidelines"});
  EXPECT_EQ(DueOf(id, "set-guidelines"), "2025-08-31T16:59:59Z");
  CommitteeProposes(id, "1,150,000.00");
  EXPECT_EQ(DueOf(id, "area-committee-approval"), "2025-08-31T16:59:59Z");
  Complete("p32", Open(id, "area-committee-approval"), "approve");

  MoveTo("2025-09-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{"governor-approval"});
  Complete("p34", Open(id, "governor-approval"), "อนุมัติ");
  Complete("p34", Open(id, "report-obec"), "", {{"approved_allocation", "1,150,000.00"}});
  Complete("p34", Open(id, "notify-units"));
  Complete("p34", Open(id, "monitor-report"));

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_EQ(CompletionCount(v, "area-committee-approval"), 2);
  EXPECT_EQ(CompletionCount(v, "set-guidelines"), 2);
  EXPECT_EQ(CompletionCount(v, "analyse-spending"), 1);   // the analysis is not redone
  EXPECT_EQ(v.variables.at("draft_allocation").as_money().satang, 115000000);   // the revised draft
  const HistoryRecord* first = nullptr;
  for (const HistoryRecord& h : v.history) {
    if (h.action == "task-completed" && h.node_id == "area-committee-approval") {
      first = &h;
      break;
    }
  }
  ASSERT_NE(first, nullptr);
  EXPECT_NE(first->detail.find("reject"), std::string::npos);
  EXPECT_EQ(first->comment, "ให้ทบทวนการจัดสรรให้สถานศึกษาขนาดเล็ก");
  EXPECT_EQ(first->capacity, ActingCapacity::kRecorder);
}

TEST_F(SurplusTransferProcess, GovernorRejectsAndTheRevisionGoesThroughBothGatesAgainInSeptember) {
  InstanceId id = StartInJuly(2568);
  MoveTo("2025-08-01T00:00:00+07:00");
  AugustWork(id);
  Complete("p34", Open(id, "area-committee-approval"), "approve");
  MoveTo("2025-09-01T00:00:00+07:00");

  SetNow("2025-09-08T10:00:00+07:00");
  Complete("p32", Open(id, "governor-approval"), "ไม่อนุมัติ", {}, "วงเงินเกินกรอบที่โอนได้");
  // Back to the committee, in September: every step of the loop is due by the FY's end.
  EXPECT_EQ(OpenNodes(id), Nodes{"revise-after-governor"});
  EXPECT_EQ(DueOf(id, "revise-after-governor"), "2025-09-30T16:59:59Z");
  EXPECT_EQ(DueOf(id, "report-obec"), "");   // nothing was allocated

  Complete("p34", Open(id, "revise-after-governor"), "resubmit", {{"draft_allocation", "900,000.00"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"area-committee-september"});
  EXPECT_EQ(DueOf(id, "area-committee-september"), "2025-09-30T16:59:59Z");
  // The Area Committee sends it back once more.
  Complete("p34", Open(id, "area-committee-september"), "reject");
  EXPECT_EQ(OpenNodes(id), Nodes{"revise-after-governor"});
  Complete("p34", Open(id, "revise-after-governor"), "ปรับปรุงแล้ว เสนอใหม่", {{"draft_allocation", "850,000.00"}});
  Complete("p32", Open(id, "area-committee-september"), "approve");

  // The governor's step again, in THIS September, not next year's.
  EXPECT_EQ(OpenNodes(id), Nodes{"governor-approval"});
  EXPECT_EQ(DueOf(id, "governor-approval"), "2025-09-30T16:59:59Z");
  SetNow("2025-09-22T10:00:00+07:00");
  Complete("p32", Open(id, "governor-approval"), "approve");
  EXPECT_EQ(OpenNodes(id), (Nodes{"notify-units", "report-obec"}));
  Complete("p34", Open(id, "report-obec"), "", {{"approved_allocation", "850,000.00"}});
  Complete("p34", Open(id, "notify-units"));
  Complete("p34", Open(id, "monitor-report"));

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_EQ(CompletionCount(v, "governor-approval"), 2);
  EXPECT_EQ(CompletionCount(v, "revise-after-governor"), 2);
  EXPECT_EQ(CompletionCount(v, "area-committee-september"), 2);
  EXPECT_EQ(v.variables.at("approved_allocation").as_money().satang, 85000000);
  EXPECT_EQ(v.instance.ended_at.has_value() ? FormatInstantUtc(*v.instance.ended_at) : "", "2025-09-22T03:00:00Z");
}

TEST_F(SurplusTransferProcess, GovernorRejectsTooLateAndTheYearEndsWithoutATransfer) {
  InstanceId id = StartInJuly(2568);
  MoveTo("2025-08-01T00:00:00+07:00");
  AugustWork(id);
  Complete("p34", Open(id, "area-committee-approval"), "approve");
  MoveTo("2025-09-01T00:00:00+07:00");
  SetNow("2025-09-29T15:00:00+07:00");
  Complete("p34", Open(id, "governor-approval"), "reject");

  // One day left: the committee withdraws (fall-back (b)) and the office reports it.
  Complete("p34", Open(id, "revise-after-governor"), "withdraw", {}, "ไม่ทันสิ้นปีงบประมาณ");
  EXPECT_EQ(OpenNodes(id), Nodes{"report-no-transfer"});
  EXPECT_EQ(DueOf(id, "report-no-transfer"), "2025-09-30T16:59:59Z");
  Complete("p34", Open(id, "report-no-transfer"));

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);
  // The draft never took effect: no approved allocation, no notice of budget changes.
  EXPECT_TRUE(v.variables.count("draft_allocation"));
  EXPECT_FALSE(v.variables.count("approved_allocation"));
  EXPECT_EQ(DueOf(id, "report-obec"), "");
  EXPECT_EQ(DueOf(id, "notify-units"), "");
  EXPECT_EQ(DueOf(id, "monitor-report"), "");
  bool reached_no_transfer = false;
  for (const HistoryRecord& h : v.history) reached_no_transfer |= h.action == "end-reached" && h.node_id == "no-transfer";
  EXPECT_TRUE(reached_no_transfer);
  const HistoryRecord* governor = LastCompletion(v, "governor-approval");
  ASSERT_NE(governor, nullptr);
  EXPECT_EQ(governor->role, "provincial-governor");
  EXPECT_EQ(governor->user, "p34");
  EXPECT_NE(governor->detail.find("ไม่อนุมัติ"), std::string::npos);
}

TEST_F(SurplusTransferProcess, Fy2569EveryStepIsDueInAugustOrSeptember2026) {
  InstanceId id = StartInJuly(2569);
  MoveTo("2026-07-31T12:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2026-08-01T00:00:00+07:00");
  AugustWork(id);
  Complete("p32", Open(id, "area-committee-approval"), "approve");
  for (const char* node : {"collect-data", "appoint-committee", "analyse-spending", "set-guidelines",
                           "draft-allocation", "submit-area-committee", "area-committee-approval"}) {
    EXPECT_EQ(DueOf(id, node), "2026-08-31T16:59:59Z") << node;   // สิงหาคม 2569
  }
  EXPECT_EQ(OpenNodes(id), Nodes{});
  MoveTo("2026-09-01T00:00:00+07:00");
  Complete("p32", Open(id, "governor-approval"), "reject");
  Complete("p34", Open(id, "revise-after-governor"), "resubmit");
  Complete("p34", Open(id, "area-committee-september"), "approve");
  Complete("p32", Open(id, "governor-approval"), "approve");
  Complete("p34", Open(id, "report-obec"), "", {{"approved_allocation", "1,000,000.00"}});
  Complete("p34", Open(id, "notify-units"));
  Complete("p34", Open(id, "monitor-report"));
  for (const char* node : {"governor-approval", "revise-after-governor", "area-committee-september",
                           "report-obec", "notify-units", "monitor-report"}) {
    EXPECT_EQ(DueOf(id, node), "2026-09-30T16:59:59Z") << node;   // กันยายน 2569 = end of FY 2569
  }
  // The fall-back's report is due the same day (second instance, withdrawn at once).
  SetNow("2026-07-15T09:00:00+07:00");
  InstanceId other = Start("p32", "surplus-transfer", {{"fiscal_year", "2569"}});
  MoveTo("2026-08-01T00:00:00+07:00");
  AugustWork(other);
  Complete("p34", Open(other, "area-committee-approval"), "approve");
  MoveTo("2026-09-01T00:00:00+07:00");
  Complete("p34", Open(other, "governor-approval"), "reject");
  Complete("p34", Open(other, "revise-after-governor"), "withdraw");
  EXPECT_EQ(DueOf(other, "report-no-transfer"), "2026-09-30T16:59:59Z");
  Complete("p34", Open(other, "report-no-transfer"));
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
  EXPECT_EQ(Show(other).instance.state, InstanceState::kCompleted);
}

TEST_F(SurplusTransferProcess, StartedLateTheAugustStepsAreOverdueNotDeferredToNextYear) {
  // Started in September: August has passed; the steps open at once, due 31 Aug (late),
  // and the governor's step still falls in this September.
  SetNow("2025-09-02T09:00:00+07:00");
  InstanceId id = Start("p32", "surplus-transfer", {{"fiscal_year", "2568"}});
  EXPECT_EQ(OpenNodes(id), Nodes{"collect-data"});
  EXPECT_EQ(DueOf(id, "collect-data"), "2025-08-31T16:59:59Z");
  AugustWork(id);
  Complete("p34", Open(id, "area-committee-approval"), "approve");
  EXPECT_EQ(OpenNodes(id), Nodes{"governor-approval"});
  EXPECT_EQ(DueOf(id, "governor-approval"), "2025-09-30T16:59:59Z");
}

// Engine gap: a task cannot be interrupted when its deadline passes and a condition
// cannot read the time, so the hard stop at the fiscal year's end (§5.5 item 11) relies on
// the committee choosing "withdraw". The engine raises an overdue alert for the revision
// left open past 30 September 2025, and nothing more.
TEST_F(SurplusTransferProcess, EngineGapTheRevisionLoopIsNotStoppedAtTheFiscalYearEnd) {
  InstanceId id = StartInJuly(2568);
  MoveTo("2025-08-01T00:00:00+07:00");
  // recurs="ทุกปี สิงหาคม" started the calendar's own FY 2568 case (the hand-started one
  // has no key to match); only the hand-started case's alerts count here.
  Result<std::vector<InstanceRecord>> all = engine_->Instances({"admin"}, {"surplus-transfer", std::nullopt});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  InstanceId calendar = all->front().id == id ? all->back().id : all->front().id;
  EXPECT_EQ(Show(calendar).instance.business_key, "ปีงบประมาณ 2568");
  ASSERT_TRUE(engine_->Cancel({"admin"}, calendar, "เริ่มไว้แล้วด้วยมือ").ok());
  AugustWork(id);
  Complete("p34", Open(id, "area-committee-approval"), "approve");
  MoveTo("2025-09-01T00:00:00+07:00");
  Complete("p34", Open(id, "governor-approval"), "reject");
  EXPECT_EQ(DueOf(id, "revise-after-governor"), "2025-09-30T16:59:59Z");
  FireResult fired = MoveTo("2025-10-01T09:00:00+07:00");
  EXPECT_EQ(fired.fired, 2);   // its reminder (silent, late already) and overdue alert, not a stop
  Result<std::vector<AlertRecord>> alerts = engine_->Alerts({"p34"});
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ(alerts->front().task_id, Open(id, "revise-after-governor"));
  EXPECT_EQ(OpenNodes(id), Nodes{"revise-after-governor"});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kRunning);
  // The people end it: withdraw, report, done.
  Complete("p34", Open(id, "revise-after-governor"), "withdraw");
  Complete("p34", Open(id, "report-no-transfer"));
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

TEST_F(SurplusTransferProcess, TheGenericDriverTakesTheApprovingPathToTheEnd) {
  SetNow("2025-07-01T09:00:00+07:00");
  InstanceId id = Start("p34", "surplus-transfer", {{"fiscal_year", "2568"}});
  std::vector<std::string> visited = Drive(id);
  EXPECT_EQ(visited, (Nodes{"collect-data", "appoint-committee", "analyse-spending", "set-guidelines",
                            "draft-allocation", "submit-area-committee", "area-committee-approval",
                            "governor-approval", "report-obec", "notify-units", "monitor-report"}));
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

}  // namespace
}  // namespace krabuan::testing
