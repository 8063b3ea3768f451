// P18 correspondence (งานสารบรรณ) with its inlined sub-process official-document-handling
// (step 2, sub-steps 2.1-2.5). One instance is the group's register for one fiscal year.
//
// Timing table as procedures.md normalizes it:
//   T1 5 นาที (PT5M)             -> use-network
//   T2 ตลอดเวลา (none)           -> receive (2, 2.1)
//   T3 5 นาที (PT5M, each)       -> assign (2.2), draft (2.3), check (2.4), sign (2.5)
//   T4 5 นาที (PT5M)             -> dispatch-check (3)
//   T5 ตลอดเวลา (none)           -> design-system (4)
//   T6 ภายในเดือนธันวาคม ของทุกปี -> annual-review (5): 31 December, in the register's fiscal
//      year (m3, calendar year FY-1): FY 2568 -> 31 Dec 2024, FY 2569 -> 31 Dec 2025.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class CorrespondenceProcess : public ManualProcessTest {
 protected:
  void SetUp() override {
    ManualProcessTest::SetUp();
    DeployProcess("correspondence");
  }

  // The open tasks at `node`, oldest first (several letters may be in hand at once).
  std::vector<TaskId> OpenAt(InstanceId id, const std::string& node) {
    std::vector<TaskId> out;
    for (const TaskView& t : Show(id).open_tasks) {
      if (t.task.node_id == node) out.push_back(t.task.id);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // The due (UTC ISO) of one task, from its task-created history row.
  std::string DueOfTask(InstanceId id, TaskId task) {
    for (const HistoryRecord& h : Show(id).history) {
      if (h.action != "task-created" || h.task_id != task) continue;
      std::size_t at = h.detail.find("\"due\":\"");
      return at == std::string::npos ? "-" : h.detail.substr(at + 7, 20);
    }
    return "";
  }

  const HistoryRecord* CompletionOf(const InstanceView& v, TaskId task) {
    for (const HistoryRecord& h : v.history) {
      if (h.action == "task-completed" && h.task_id == task) return &h;
    }
    return nullptr;
  }
};

TEST_F(CorrespondenceProcess, Fy2568RegisterHandlesTwoLettersAtOnceThroughEverySendBack) {
  SetNow("2024-10-01T08:30:00+07:00");   // 01:30 UTC
  InstanceId id = Start("p38", "correspondence", {{"fiscal_year", "2568"}});
  ASSERT_NE(id, 0);
  EXPECT_EQ(OpenNodes(id), Nodes{"use-network"});
  EXPECT_EQ(DueOf(id, "use-network"), "2024-10-01T01:35:00Z");   // 5 นาที

  Complete("p38", Open(id, "use-network"));
  EXPECT_EQ(OpenNodes(id), (Nodes{"annual-review", "design-system", "receive"}));
  EXPECT_EQ(DueOf(id, "receive"), "-");          // ตลอดเวลา
  EXPECT_EQ(DueOf(id, "design-system"), "-");    // ตลอดเวลา
  EXPECT_EQ(DueOf(id, "annual-review"), "2024-12-31T16:59:59Z");   // ภายในเดือนธันวาคม 2567

  // Letter A arrives from the Administration Group and is registered.
  SetNow("2024-10-02T10:00:00+07:00");   // 03:00 UTC
  Complete("p38", Open(id, "receive"), "register", {{"register_no", "นผ 101/2567"}, {"subject", "ขอข้อมูลแผน"}});
  EXPECT_EQ(OpenNodes(id), (Nodes{"annual-review", "assign", "design-system", "receive"}));
  EXPECT_EQ(DueOf(id, "assign"), "2024-10-02T03:05:00Z");   // 5 นาที
  EXPECT_EQ(DueOf(id, "receive"), "-");   // the register is open again for the next letter
  TaskId assign_a = Open(id, "assign");
  SetNow("2024-10-02T10:03:00+07:00");
  Complete("p32", assign_a, "", {{"responsible", "p35"}});
  EXPECT_EQ(OpenNodes(id), (Nodes{"annual-review", "design-system", "draft", "receive"}));
  EXPECT_EQ(DueOf(id, "draft"), "2024-10-02T03:08:00Z");   // 5 นาที from the hand-off

  // Letter B arrives while A is being drafted: two letters in hand.
  SetNow("2024-10-02T11:00:00+07:00");   // 04:00 UTC
  Complete("p38", Open(id, "receive"), "register", {{"register_no", "นผ 102/2567"}, {"subject", "เชิญประชุม"}});
  TaskId assign_b = Open(id, "assign");
  EXPECT_EQ(DueOfTask(id, assign_b), "2024-10-02T04:05:00Z");
  Complete("p32", assign_b, "", {{"responsible", "p37"}});
  std::vector<TaskId> drafts = OpenAt(id, "draft");
  ASSERT_EQ(drafts.size(), 2u);
  TaskId draft_a = drafts[0], draft_b = drafts[1];

  // A: drafted, found incorrect, corrected; checked correct, not signed, redrafted,
  // checked and signed, then its sending checked.
  SetNow("2024-10-02T13:00:00+07:00");   // 06:00 UTC
  Complete("p35", draft_a, "", {{"draft_ref", "ร่าง 1"}});
  TaskId check_a = Open(id, "check");
  EXPECT_EQ(DueOfTask(id, check_a), "2024-10-02T06:05:00Z");
  Complete("p32", check_a, "incorrect", {}, "แก้ไขอ้างอิงระเบียบ");
  drafts = OpenAt(id, "draft");
  ASSERT_EQ(drafts.size(), 2u);                  // A is back with the officer, B still there
  TaskId redraft_a = drafts[1];
  EXPECT_EQ(DueOfTask(id, redraft_a), "2024-10-02T06:05:00Z");   // a fresh 5 นาที
  SetNow("2024-10-02T13:30:00+07:00");
  Complete("p35", redraft_a, "", {{"draft_ref", "ร่าง 2"}});
  Complete("p32", Open(id, "check"), "correct");
  EXPECT_EQ(DueOf(id, "sign"), "2024-10-02T06:35:00Z");   // 5 นาที
  TaskId sign_a = Open(id, "sign");
  // The clerk may not record the signatory's decision; the group director records it.
  EXPECT_FALSE(engine_->Complete({"p38"}, {sign_a, "sign", {}, ""}).ok());
  Complete("p32", sign_a, "refuse", {}, "ให้ปรับถ้อยคำ");
  drafts = OpenAt(id, "draft");
  ASSERT_EQ(drafts.size(), 2u);
  Complete("p35", drafts[1], "", {{"draft_ref", "ร่าง 3"}});
  Complete("p32", Open(id, "check"), "correct");
  TaskId sign_a2 = Open(id, "sign");
  SetNow("2024-10-02T14:00:00+07:00");   // 07:00 UTC
  Complete("p32", sign_a2, "sign");
  EXPECT_EQ(OpenNodes(id), (Nodes{"annual-review", "design-system", "dispatch-check", "draft", "receive"}));
  EXPECT_EQ(DueOf(id, "dispatch-check"), "2024-10-02T07:05:00Z");   // T4 5 นาที
  Complete("p38", Open(id, "dispatch-check"), "", {{"dispatch_no", "นผ 0201/123"}});
  // A's path has ended; B is still at its drafting step, the register still open.
  EXPECT_EQ(OpenNodes(id), (Nodes{"annual-review", "design-system", "draft", "receive"}));
  EXPECT_EQ(OpenAt(id, "draft"), std::vector<TaskId>{draft_b});

  // The yearly review (by 31 Dec 2024) and the standing system work.
  SetNow("2024-12-20T09:00:00+07:00");
  Complete("p38", Open(id, "annual-review"), "", {{"review_summary", "ลดเวลารับ-ส่งได้"}});
  Complete("p38", Open(id, "design-system"));

  // The register is closed for the year while B is still in hand: the instance waits for B.
  SetNow("2025-09-30T15:00:00+07:00");
  Complete("p38", Open(id, "receive"), "close-register");
  EXPECT_EQ(OpenNodes(id), Nodes{"draft"});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kRunning);
  Complete("p37", draft_b, "", {{"draft_ref", "ร่างตอบรับ"}});
  Complete("p32", Open(id, "check"), "correct");
  Complete("p32", Open(id, "sign"), "sign");
  Complete("p38", Open(id, "dispatch-check"));
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.history_intact);

  // Who acted: the signatory's decision recorded by the group director; the director's own
  // check as a member; the officer as a member of the officers' role.
  const HistoryRecord* signed_row = CompletionOf(v, sign_a2);
  ASSERT_NE(signed_row, nullptr);
  EXPECT_EQ(signed_row->user, "p32");
  EXPECT_EQ(signed_row->role, "authority");
  EXPECT_EQ(signed_row->capacity, ActingCapacity::kRecorder);
  const HistoryRecord* checked = CompletionOf(v, check_a);
  ASSERT_NE(checked, nullptr);
  EXPECT_EQ(checked->role, "group-director");
  EXPECT_EQ(checked->capacity, ActingCapacity::kMember);
  const HistoryRecord* drafted = CompletionOf(v, draft_b);
  ASSERT_NE(drafted, nullptr);
  EXPECT_EQ(drafted->user, "p37");
  EXPECT_EQ(drafted->role, "pp-officer");
  EXPECT_EQ(drafted->capacity, ActingCapacity::kMember);
  EXPECT_EQ(v.variables.at("responsible").ToText(), "p37");   // the latest assignment
}

TEST_F(CorrespondenceProcess, Fy2569ReviewIsDueInDecember2568AndAnEmptyRegisterCloses) {
  SetNow("2025-10-01T08:30:00+07:00");
  InstanceId id = Start("p38", "correspondence", {{"fiscal_year", "2569"}});
  EXPECT_EQ(DueOf(id, "use-network"), "2025-10-01T01:35:00Z");
  Complete("p38", Open(id, "use-network"));
  EXPECT_EQ(DueOf(id, "annual-review"), "2025-12-31T16:59:59Z");   // ธันวาคม 2568
  Complete("p38", Open(id, "design-system"));
  // Closing the register does not end the year while the review is open.
  Complete("p38", Open(id, "receive"), "close-register");
  EXPECT_EQ(OpenNodes(id), Nodes{"annual-review"});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kRunning);
  Complete("p38", Open(id, "annual-review"), "", {{"review_summary", "x"}});
  EXPECT_EQ(Show(id).instance.state, InstanceState::kCompleted);
}

TEST_F(CorrespondenceProcess, TheReviewDeadlineFollowsTheStepsStart) {
  // "ของทุกปี" is the first 31 December on or after the step starts: a register opened
  // in January (late for its fiscal year) has its review due at the end of that year.
  SetNow("2025-01-06T09:00:00+07:00");
  InstanceId id = Start("p38", "correspondence", {{"fiscal_year", "2568"}});
  Complete("p38", Open(id, "use-network"));
  EXPECT_EQ(DueOf(id, "annual-review"), "2025-12-31T16:59:59Z");
}

TEST_F(CorrespondenceProcess, OnlyTheClerkRunsTheRegisterAndOnlyTheDirectorAssigns) {
  SetNow("2024-10-01T08:30:00+07:00");
  EXPECT_FALSE(engine_->Start({"p35"}, {"correspondence", {{"fiscal_year", "2568"}}, "", ""}).ok());
  InstanceId id = Start("p38", "correspondence", {{"fiscal_year", "2568"}});
  EXPECT_FALSE(engine_->Complete({"p32"}, {Open(id, "use-network"), "", {}, ""}).ok());
  Complete("p38", Open(id, "use-network"));
  Complete("p38", Open(id, "receive"), "register", {{"subject", "x"}});
  TaskId assign = Open(id, "assign");
  EXPECT_FALSE(engine_->Complete({"p38"}, {assign, "", {{"responsible", "p35"}}, ""}).ok());
  // The director must name the responsible officer.
  EXPECT_FALSE(engine_->Complete({"p32"}, {assign, "", {}, ""}).ok());
  Complete("p32", assign, "", {{"responsible", "p35"}});
  // The clerk is not one of the officers who draft.
  EXPECT_FALSE(engine_->Complete({"p38"}, {Open(id, "draft"), "", {}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), (Nodes{"annual-review", "design-system", "draft", "receive"}));
}

// Gap (reported), and why `draft` goes to role pp-officer instead of the officer the
// director names: with assignee="${responsible}" the engine takes whatever login the
// director types, without checking it against the org file. A mistyped login leaves a
// task that no one may complete (only an administrator's reassign rescues it), and the
// generic driver's sample text for a string field would do the same. The variant of this
// file below differs only in that one attribute.
TEST_F(CorrespondenceProcess, AnAssigneeFromAFieldIsCheckedAgainstTheOrg) {
  std::string xml = ReadProcessFile("correspondence");
  const std::string from = "role=\"pp-officer\" due=\"5 นาที\" to=\"check\"";
  std::size_t at = xml.find(from);
  ASSERT_NE(at, std::string::npos);
  xml.replace(at, from.size(), "assignee=\"${responsible}\" due=\"5 นาที\" to=\"check\"");
  ASSERT_TRUE(engine_->Deploy({"admin"}, {{"correspondence.xml", xml}}).ok());

  SetNow("2024-10-01T08:30:00+07:00");
  InstanceId id = Start("p38", "correspondence", {{"fiscal_year", "2568"}});
  Complete("p38", Open(id, "use-network"));
  Complete("p38", Open(id, "receive"), "register", {{"subject", "x"}});
  // "p53" is not a login of the org file: the assignment is refused and nothing changes.
  TaskId assign = Open(id, "assign");
  Status s = engine_->Complete({"p32"}, {assign, "", {{"responsible", "p53"}}, ""});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'p53' (from variable 'responsible') is not a login"), std::string::npos) << s.message();
  EXPECT_EQ(Open(id, "assign"), assign);
  // The right login goes through to that officer.
  Complete("p32", assign, "", {{"responsible", "p35"}});
  TaskId draft = Open(id, "draft");
  EXPECT_FALSE(engine_->Complete({"p36"}, {draft, "", {}, ""}).ok());
  Complete("p35", draft);
}

}  // namespace
}  // namespace krabuan::testing
