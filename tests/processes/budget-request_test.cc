// P02 budget-request (การจัดตั้งและเสนอของบประมาณประจำปี และในกรณีเร่งด่วน…): the schools'
// requests one per school with a cut-off, the committee's send-back, the routing of step 5
// by budget category, the Area Committee's rejection, and the due of every step in FY 2568
// and FY 2569.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

const std::vector<std::string> kSchools = {"school-01", "school-02", "school-03", "school-04", "school-05"};

class BudgetRequestProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("budget-request");
  }

  InstanceId StartRequest(const std::string& category, const std::string& fy = "2568",
                          const std::string& login = "p33") {
    return Start(login, "budget-request", {{"fiscal_year", fy}, {"budget_category", category}});
  }

  void Announce(InstanceId id, const std::string& login = "p33") {
    Complete(login, Open(id, "announce"), "", {{"policy_plan_notified", "true"}, {"criteria_notified", "true"}});
  }

  // Each listed school sends its request itself, with the given amount.
  void SchoolsSend(InstanceId id, const std::map<std::string, std::string>& amounts) {
    std::map<std::string, TaskId> open = OpenItems(id, "school-request");
    for (const auto& [school, amount] : amounts) {
      ASSERT_TRUE(open.count(school)) << school << " has no open request task";
      Complete(school, open.at(school), "", {{"requested_amount", amount}});
    }
  }

  const Value* Var(const InstanceView& v, const std::string& name) {
    auto it = v.variables.find(name);
    return it == v.variables.end() ? nullptr : &it->second;
  }

  std::string Text(InstanceId id, const std::string& name) {
    InstanceView v = Show(id);
    const Value* value = Var(v, name);
    return value == nullptr ? "<unset>" : value->ToText();
  }

  std::vector<HistoryRecord> Rows(InstanceId id, const std::string& action, const std::string& node = "") {
    std::vector<HistoryRecord> out;
    for (const HistoryRecord& h : Show(id).history) {
      if (h.action == action && (node.empty() || h.node_id == node)) out.push_back(h);
    }
    return out;
  }

  // announce, every school, suitable, targets: the instance waits at step 5.
  void AdvanceToPrepare(InstanceId id) {
    Announce(id);
    SchoolsSend(id, {{"school-01", "100000"}, {"school-02", "200000"}, {"school-03", "300000"},
                     {"school-04", "400000"}, {"school-05", "500000"}});
    Complete("p34", Open(id, "committee-analysis"), "suitable");
    Complete("p33", Open(id, "set-targets"), "",
             {{"quantitative_targets", "โรงเรียน 5 แห่ง"}, {"qualitative_targets", "ร้อยละ 80"}});
  }
};

// The approving path with every school on time: step 2 is one task per school, assigned to
// the school's login; the amounts add up; the flow goes on when the last school has sent.
TEST_F(BudgetRequestProcess, EverySchoolSendsAndTheRequestIsApproved) {
  SetNow("2024-11-01T09:00:00+07:00");
  InstanceId id = StartRequest("operating");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"announce"});
  Announce(id);

  // One task per school of the org file, each assigned to that school.
  std::map<std::string, TaskId> items = OpenItems(id, "school-request");
  ASSERT_EQ(items.size(), kSchools.size());
  for (const std::string& s : kSchools) EXPECT_TRUE(items.count(s)) << s;
  for (const TaskView& t : Show(id).open_tasks) {
    EXPECT_EQ(t.task.assignee, t.task.item);
    EXPECT_EQ(t.task.role, "school");
  }

  // One school may not send another school's request.
  Status other = engine_->Complete({"school-02"}, {items.at("school-01"), "", {{"requested_amount", "1"}}, ""});
  EXPECT_FALSE(other.ok());
  EXPECT_NE(other.message().find("assigned to 'school-01'"), std::string::npos) << other.message();

  // Four schools send themselves; the fifth has no one at a terminal and the
  // administrative clerk records its request.
  SchoolsSend(id, {{"school-01", "100000"}, {"school-02", "250000.50"}, {"school-03", "300000"},
                   {"school-04", "49999.50"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"school-request"});  // waits for school-05
  Complete("p38", OpenItems(id, "school-request").at("school-05"), "", {{"requested_amount", "300000"}});

  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-analysis"});
  EXPECT_EQ(Text(id, "requested_amount"), "1000000.00");  // the total of the five requests
  EXPECT_EQ(Text(id, "school-request.missing"), "");
  EXPECT_EQ(Text(id, "school-request.school-02.requested_amount"), "250000.50");

  Complete("p34", Open(id, "committee-analysis"), "suitable", {{"analysis_note", "เหมาะสม"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"set-targets"});
  Complete("p33", Open(id, "set-targets"), "", {{"quantitative_targets", "5 แห่ง"}, {"qualitative_targets", "ดี"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"prepare-operating"});
  Complete("p33", Open(id, "prepare-operating"), "", {{"request_amount", "1000000"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-approval"});
  Complete("p32", Open(id, "committee-approval"), "approve");
  EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"notify-schools", "submit-obec"}));
  Complete("p34", Open(id, "submit-obec"), "", {{"submission_ref", "ศธ 04001/1"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"notify-schools"});
  Complete("p33", Open(id, "notify-schools"));
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"monitor-report"});
  Complete("p33", Open(id, "monitor-report"));

  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.open_tasks.empty());
  EXPECT_TRUE(v.history_intact);

  // Who acted: a school as itself, the clerk on a school's behalf, the group director
  // recording the Area Committee's decision.
  std::map<std::string, HistoryRecord> by_item;
  for (const HistoryRecord& h : Rows(id, "task-completed", "school-request")) {
    by_item[h.user] = h;
  }
  ASSERT_TRUE(by_item.count("school-01"));
  EXPECT_EQ(by_item["school-01"].role, "school");
  EXPECT_EQ(by_item["school-01"].capacity, ActingCapacity::kMember);
  ASSERT_TRUE(by_item.count("p38"));
  EXPECT_EQ(by_item["p38"].role, "school");
  EXPECT_EQ(by_item["p38"].capacity, ActingCapacity::kRecorder);
  std::vector<HistoryRecord> decision = Rows(id, "task-completed", "committee-approval");
  ASSERT_EQ(decision.size(), 1u);
  EXPECT_EQ(decision[0].user, "p32");
  EXPECT_EQ(decision[0].role, "area-committee");
  EXPECT_EQ(decision[0].capacity, ActingCapacity::kRecorder);
  EXPECT_NE(decision[0].detail.find("approve"), std::string::npos) << decision[0].detail;
  std::vector<HistoryRecord> analysis = Rows(id, "task-completed", "committee-analysis");
  ASSERT_EQ(analysis.size(), 1u);
  EXPECT_EQ(analysis[0].role, "budget-request-committee");
  EXPECT_EQ(analysis[0].capacity, ActingCapacity::kRecorder);
}

// The cut-off: 30 days after the notice the flow goes on with the requests that arrived;
// the schools still missing are expired and listed.
TEST_F(BudgetRequestProcess, AtTheCutOffTheFlowGoesOnWithTheRequestsThatArrived) {
  SetNow("2024-11-01T09:00:00+07:00");
  InstanceId id = StartRequest("operating");
  SetNow("2024-11-04T10:00:00+07:00");
  Announce(id);  // the notice goes out on 4 Nov 2024, 10:00: cut-off 4 Dec 2024, 10:00
  SchoolsSend(id, {{"school-01", "100000"}, {"school-03", "300000"}, {"school-05", "50000.25"}});

  // A minute before the cut-off nothing moves.
  FireResult before = MoveTo("2024-12-04T09:59:00+07:00");
  EXPECT_EQ(before.fired, 0);
  ASSERT_TRUE(before.next_due.has_value());
  EXPECT_EQ(FormatInstantUtc(*before.next_due), "2024-12-04T03:00:00Z");
  EXPECT_EQ(OpenItems(id, "school-request").size(), 2u);

  // At the cut-off the two missing requests expire and the committee gets the three.
  FireResult at = MoveTo("2024-12-04T10:00:00+07:00");
  EXPECT_EQ(at.fired, 1);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-analysis"});
  EXPECT_EQ(Text(id, "school-request.missing"), "school-02 school-04");
  EXPECT_EQ(Text(id, "requested_amount"), "450000.25");
  std::vector<HistoryRecord> expired = Rows(id, "task-expired", "school-request");
  ASSERT_EQ(expired.size(), 2u);
  EXPECT_NE(expired[0].detail.find("school-02"), std::string::npos) << expired[0].detail;
  EXPECT_NE(expired[1].detail.find("school-04"), std::string::npos) << expired[1].detail;
  EXPECT_EQ(expired[0].capacity, ActingCapacity::kSystem);

  // A late school can no longer send.
  Status late = engine_->Complete({"school-02"}, {expired[0].task_id, "", {{"requested_amount", "1"}}, ""});
  EXPECT_FALSE(late.ok());

  // The case goes on to its end with the three requests.
  Complete("p34", Open(id, "committee-analysis"), "suitable");
  Complete("p33", Open(id, "set-targets"), "", {{"quantitative_targets", "3 แห่ง"}, {"qualitative_targets", "ดี"}});
  Complete("p33", Open(id, "prepare-operating"), "", {{"request_amount", "450000.25"}});
  Complete("p34", Open(id, "committee-approval"), "approve");
  Complete("p33", Open(id, "notify-schools"));
  Complete("p33", Open(id, "submit-obec"));
  Complete("p33", Open(id, "monitor-report"));
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

// The budget category is enumerated: a typo is refused at the start with the five
// choices (it used to take the operating path), the Thai label is taken for its value,
// and the routing choice handles every category without an <otherwise>.
TEST_F(BudgetRequestProcess, BudgetCategoryIsOneOfFiveAndEachIsRouted) {
  SetNow("2024-11-01T09:00:00+07:00");
  Result<InstanceId> typo = engine_->Start(
      {"p33"}, {"budget-request", {{"fiscal_year", "2568"}, {"budget_category", "investmnt"}}, "", ""});
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().kind(), ErrorKind::kInvalid);
  EXPECT_NE(typo.status().message().find("'investmnt' is not one of the choices: personnel (งบบุคลากร), "
                                         "operating (งบดำเนินงาน), subsidy (งบอุดหนุน), other (งบรายจ่ายอื่น), "
                                         "investment (งบลงทุน ค่าครุภัณฑ์ที่ดินและสิ่งก่อสร้าง)"),
            std::string::npos)
      << typo.status().message();
  Result<std::vector<InstanceRecord>> none = engine_->Instances({"admin"}, {"budget-request", std::nullopt});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  InstanceId by_label = StartRequest("งบลงทุน ค่าครุภัณฑ์ที่ดินและสิ่งก่อสร้าง");
  EXPECT_EQ(Text(by_label, "budget_category"), "investment");
  AdvanceToPrepare(by_label);
  EXPECT_EQ(OpenNodes(by_label), std::vector<std::string>{"prepare-investment"});

  Result<std::vector<std::string>> warnings =
      ValidateProcessFiles({{"budget-request.xml", ReadProcessFile("budget-request")}}, nullptr);
  ASSERT_TRUE(warnings.ok()) << warnings.status().message();
  for (const std::string& w : *warnings) EXPECT_EQ(w.find("route-category"), std::string::npos) << w;
}

// The cut-off never falls after the end of the fiscal year (T3's own due): a notice sent on
// 15 Sep 2025 for FY 2568 closes the schools' requests at 30 Sep 2025, end of day.
TEST_F(BudgetRequestProcess, TheCutOffIsNeverLaterThanTheFiscalYearEnd) {
  SetNow("2025-09-15T09:00:00+07:00");
  InstanceId id = StartRequest("investment", "2568");
  Announce(id);
  SchoolsSend(id, {{"school-04", "2000000"}});
  FireResult before = MoveTo("2025-09-30T23:59:00+07:00");
  EXPECT_EQ(before.fired, 4);   // the four missing schools' reminders, 3 working days before 30 Sep
  ASSERT_TRUE(before.next_due.has_value());
  EXPECT_EQ(FormatInstantUtc(*before.next_due), "2025-09-30T16:59:59Z");  // not 15 Oct
  MoveTo("2025-10-01T00:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-analysis"});
  EXPECT_EQ(Text(id, "school-request.missing"), "school-01 school-02 school-03 school-05");
  EXPECT_EQ(Text(id, "requested_amount"), "2000000.00");
}

// No school sends at all: the flow still goes on at the cut-off, with a total of zero and
// every school listed as missing, so the committee sees it.
TEST_F(BudgetRequestProcess, NoRequestByTheCutOffStillReachesTheCommittee) {
  SetNow("2024-12-01T09:00:00+07:00");
  InstanceId id = StartRequest("operating");
  Announce(id);
  MoveTo("2024-12-31T09:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-analysis"});
  EXPECT_EQ(Text(id, "school-request.missing"), "school-01 school-02 school-03 school-04 school-05");
  EXPECT_EQ(Text(id, "requested_amount"), "0.00");
}

// G0 (inferred): the committee sends the requests back; step 2 opens again for every school
// with a new cut-off, and the total is made from the new round only.
TEST_F(BudgetRequestProcess, CommitteeSendsTheRequestsBackToTheSchools) {
  SetNow("2024-11-01T09:00:00+07:00");
  InstanceId id = StartRequest("operating");
  Announce(id);
  SchoolsSend(id, {{"school-01", "900000"}, {"school-02", "900000"}, {"school-03", "900000"},
                   {"school-04", "900000"}, {"school-05", "900000"}});
  EXPECT_EQ(Text(id, "requested_amount"), "4500000.00");
  SetNow("2024-11-20T09:00:00+07:00");
  Complete("p33", Open(id, "committee-analysis"), "revise", {{"analysis_note", "วงเงินสูงเกินกรอบ"}});

  // Every school has its request task again.
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"school-request"});
  EXPECT_EQ(OpenItems(id, "school-request").size(), kSchools.size());
  EXPECT_EQ(Text(id, "committee-analysis.outcome"), "revise");

  // Four revise in time; school-05 does not, and the new cut-off (20 Dec) closes the round.
  SchoolsSend(id, {{"school-01", "500000"}, {"school-02", "500000"}, {"school-03", "500000"},
                   {"school-04", "500000"}});
  FireResult old_cutoff = MoveTo("2024-12-01T09:30:00+07:00");  // the first round's cut-off is gone
  EXPECT_EQ(old_cutoff.fired, 0);
  EXPECT_EQ(OpenItems(id, "school-request").size(), 1u);
  MoveTo("2024-12-20T09:00:00+07:00");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-analysis"});
  EXPECT_EQ(Text(id, "school-request.missing"), "school-05");
  EXPECT_EQ(Text(id, "school-request.school-01.requested_amount"), "500000.00");  // the revised amount

  Complete("p33", Open(id, "committee-analysis"), "suitable");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"set-targets"});
  EXPECT_EQ(Rows(id, "task-created", "school-request").size(), 2 * kSchools.size());
  std::vector<std::string> outcomes;
  for (const HistoryRecord& h : Rows(id, "task-completed", "committee-analysis")) {
    outcomes.push_back(h.detail.find("\"revise\"") != std::string::npos ? "revise" : "suitable");
  }
  EXPECT_EQ(outcomes, (std::vector<std::string>{"revise", "suitable"}));
}

// Step 5 goes to the category's analyst; a rejection by the Area Committee (inferred path)
// brings it back there, and a second submission is approved.
TEST_F(BudgetRequestProcess, InvestmentRequestRejectedOnceReturnsToTheInvestmentAnalyst) {
  SetNow("2024-11-01T09:00:00+07:00");
  InstanceId id = StartRequest("investment", "2568", "p32");
  AdvanceToPrepare(id);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"prepare-investment"});

  // Position ๓๓ does not hold the investment role.
  Status wrong = engine_->Complete({"p33"}, {Open(id, "prepare-investment"), "", {{"request_amount", "1"}}, ""});
  EXPECT_FALSE(wrong.ok());
  Complete("p34", Open(id, "prepare-investment"), "", {{"request_amount", "5000000"}});
  Complete("p32", Open(id, "committee-approval"), "reject", {}, "ไม่เห็นชอบ ให้ปรับวงเงิน");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"prepare-investment"});
  EXPECT_EQ(Text(id, "committee-approval.outcome"), "reject");

  Complete("p34", Open(id, "prepare-investment"), "", {{"request_amount", "4000000"}});
  Complete("p34", Open(id, "committee-approval"), "approve");
  EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"notify-schools", "submit-obec"}));
  Complete("p34", Open(id, "notify-schools"));
  Complete("p34", Open(id, "submit-obec"));
  Complete("p34", Open(id, "monitor-report"));
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_EQ(Text(id, "request_amount"), "4000000.00");

  std::vector<HistoryRecord> decisions = Rows(id, "task-completed", "committee-approval");
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[0].user, "p32");
  EXPECT_EQ(decisions[0].capacity, ActingCapacity::kRecorder);
  EXPECT_EQ(decisions[0].comment, "ไม่เห็นชอบ ให้ปรับวงเงิน");
  EXPECT_EQ(decisions[1].user, "p34");
  EXPECT_EQ(decisions[1].role, "area-committee");
  EXPECT_EQ(decisions[1].capacity, ActingCapacity::kRecorder);
}

// What the committee sees after step 2: how many requests arrived and their total, for the
// current round only. The items of a visit are found by their token's id
// (FinishItemsIfDone, engine/exec/work_items.cc), so token ids must never be reused: were
// they, the completed announce task (same token id) would count as a sixth item, and after
// a send-back the first round's five requests would be counted and added again.
TEST_F(BudgetRequestProcess, CountAndTotalCoverOnlyTheRequestsOfTheCurrentRound) {
  SetNow("2024-11-01T09:00:00+07:00");
  InstanceId id = StartRequest("operating");
  Announce(id);
  SchoolsSend(id, {{"school-01", "900000"}, {"school-02", "900000"}, {"school-03", "900000"},
                   {"school-04", "900000"}, {"school-05", "900000"}});
  EXPECT_EQ(Text(id, "school-request.completed"), "5");  // engine today: "6"
  EXPECT_EQ(Text(id, "requested_amount"), "4500000.00");
  Complete("p33", Open(id, "committee-analysis"), "revise");
  SchoolsSend(id, {{"school-01", "500000"}, {"school-02", "500000"}, {"school-03", "500000"},
                   {"school-04", "500000"}});
  MoveTo("2024-12-01T09:00:00+07:00");  // the second round's cut-off
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"committee-analysis"});
  EXPECT_EQ(Text(id, "school-request.missing"), "school-05");
  EXPECT_EQ(Text(id, "school-request.completed"), "4");           // engine today: "11"
  EXPECT_EQ(Text(id, "requested_amount"), "2000000.00");          // engine today: "4900000.00"
}

// Every step's due, for a whole walk of both category paths of one fiscal year.
// Manual timing table (lines 226-237): every row T1-T9 reads ตลอดปีงบประมาณ, i.e. by
// 30 September of the fiscal year, end of day office time (23:59:59 +07:00).
class BudgetRequestProcessDue : public BudgetRequestProcess {
 protected:
  std::map<std::string, std::string> WalkAndCollectDues(const std::string& category, const std::string& fy,
                                                         const char* start_at) {
    SetNow(start_at);
    InstanceId id = StartRequest(category, fy);
    AdvanceToPrepare(id);
    std::string prepare = category == "investment" ? "prepare-investment" : "prepare-operating";
    std::string analyst = category == "investment" ? "p34" : "p33";
    Complete(analyst, Open(id, prepare), "", {{"request_amount", "1000"}});
    Complete("p32", Open(id, "committee-approval"), "approve");
    Complete("p33", Open(id, "notify-schools"));
    Complete("p33", Open(id, "submit-obec"));
    Complete("p33", Open(id, "monitor-report"));
    EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
    std::map<std::string, std::string> dues;
    for (const char* node : {"announce", "school-request", "committee-analysis", "set-targets", "prepare-operating",
                             "prepare-investment", "committee-approval", "notify-schools", "submit-obec",
                             "monitor-report"}) {
      std::string due = DueOf(id, node);
      if (!due.empty()) dues[node] = due;
    }
    // Every school's task carries the same due.
    for (const HistoryRecord& h : Rows(id, "task-created", "school-request")) {
      EXPECT_NE(h.detail.find(dues["school-request"]), std::string::npos) << h.detail;
    }
    return dues;
  }
};

TEST_F(BudgetRequestProcessDue, FiscalYear2568EveryStepIsDue30September2025) {
  // FY 2568 = 1 Oct 2024 - 30 Sep 2025: every step by 30 Sep 2025 (T1-T9).
  const std::string end = "2025-09-30T16:59:59Z";
  const std::map<std::string, std::string> operating_expected = {
      {"announce", end},            // T1 แจ้างนโยบายแผนพัฒนา, T2 แจ้างหลักเกณฑ์ วิธีการของงบประมาณ
      {"school-request", end},      // T3 สถานศึกษาจัดทำคำของบประมาณ
      {"committee-analysis", end},  // T4 คณะกรรมการฯ วิเคราะห์ความเหมาะสม
      {"set-targets", end},         // T5 สำนักงานฯ/สถานศึกษา ร่วมกันกำหนดเป้าหมายและผลผลิต
      {"prepare-operating", end},   // T6 จัดทำและเสนอของบประมาณ (งบบุคลากร งบดำเนินงาน …)
      {"committee-approval", end},  // T7 กพท. พิจารณา เห็นชอบ/ไม่เห็นชอบ
      {"notify-schools", end},      // T8 แจ้างผู้เกี่ยวข้องทราบและดำเนินการ
      {"submit-obec", end},         // T6's due (inferred submission)
      {"monitor-report", end},      // T9 ติดตาม ประเมินผลและรายงาน สพฐ.
  };
  EXPECT_EQ(WalkAndCollectDues("operating", "2568", "2024-10-15T09:00:00+07:00"), operating_expected);
  std::map<std::string, std::string> investment_expected = operating_expected;
  investment_expected.erase("prepare-operating");
  investment_expected["prepare-investment"] = end;  // T6 (งบลงทุน)
  EXPECT_EQ(WalkAndCollectDues("investment", "2568", "2025-03-02T09:00:00+07:00"), investment_expected);
}

TEST_F(BudgetRequestProcessDue, FiscalYear2569EveryStepIsDue30September2026) {
  // FY 2569 = 1 Oct 2025 - 30 Sep 2026: every step by 30 Sep 2026 (T1-T9).
  const std::string end = "2026-09-30T16:59:59Z";
  const std::map<std::string, std::string> operating_expected = {
      {"announce", end},           {"school-request", end}, {"committee-analysis", end},
      {"set-targets", end},        {"prepare-operating", end}, {"committee-approval", end},
      {"notify-schools", end},     {"submit-obec", end},    {"monitor-report", end},
  };
  EXPECT_EQ(WalkAndCollectDues("personnel", "2569", "2025-10-15T09:00:00+07:00"), operating_expected);
  std::map<std::string, std::string> investment_expected = operating_expected;
  investment_expected.erase("prepare-operating");
  investment_expected["prepare-investment"] = end;
  EXPECT_EQ(WalkAndCollectDues("investment", "2569", "2026-01-05T09:00:00+07:00"), investment_expected);
}

// The due follows the fiscal_year input, not the day the case starts: a request for
// FY 2569 started in FY 2568 is due 30 Sep 2026, and its schools' cut-off is 30 days on.
TEST_F(BudgetRequestProcessDue, DueFollowsTheFiscalYearInputAndTheCutOffTheNotice) {
  SetNow("2025-08-01T09:00:00+07:00");
  InstanceId id = StartRequest("subsidy", "2569");
  EXPECT_EQ(DueOf(id, "announce"), "2026-09-30T16:59:59Z");
  Announce(id);
  EXPECT_EQ(DueOf(id, "school-request"), "2026-09-30T16:59:59Z");
  FireResult r = MoveTo("2025-08-01T09:00:01+07:00");
  ASSERT_TRUE(r.next_due.has_value());
  EXPECT_EQ(FormatInstantUtc(*r.next_due), "2025-08-31T02:00:00Z");  // 31 Aug 2025, 09:00 +07:00
}

}  // namespace
}  // namespace krabuan::testing
