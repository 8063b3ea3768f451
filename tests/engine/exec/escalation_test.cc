// Reminders before the due time, escalation after it, absences and acting officers.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/parse/process_parser.h"
#include "tests/support/engine_fixture.h"

namespace krabuan::testing {
namespace {

// A director (dir) with three acting officers in order a1, a2, a3; clerk does the work.
const char* const kOrgWithDirector = R"xml(<org office="สำนักงานทดสอบ" group="กลุ่มทดสอบ">
  <role id="admin" name="ผู้ดูแลระบบ"/>
  <role id="group-director" name="ผู้อำนวยการกลุ่ม"/>
  <role id="clerk" name="เจ้าหน้าที่"/>
  <position number="๑" title="ผู้อำนวยการกลุ่ม" login="dir" roles="group-director"/>
  <position number="๒" title="นักวิเคราะห์" login="a1" roles="clerk"/>
  <position number="๓" title="นักวิเคราะห์" login="a2" roles="clerk"/>
  <position number="๔" title="นักวิเคราะห์" login="a3" roles="clerk"/>
  <user login="admin" name="ผู้ดูแลระบบ" roles="admin"/>
  <user login="clerk" name="เสมียน" roles="clerk"/>
  <acting-order role="group-director">
    <acting rank="1" position="๒"/>
    <acting rank="2" position="๓"/>
    <acting rank="3" position="๔"/>
  </acting-order>
</org>)xml";

// 6 and 12 August 2025 are holidays here (Wednesday and Tuesday).
const char* const kHolidays = R"xml(<holidays from="2025-01-01" to="2025-12-31">
  <holiday date="2025-08-06" name="วันหยุดทดสอบ"/>
  <holiday date="2025-08-12" name="วันแม่แห่งชาติ"/>
</holidays>)xml";

// Started Friday 1 Aug 09:00: "5 วันทำการ" skips the 6th, so due Monday 11 Aug 23:59:59.
const char* const kReport = R"xml(<process id="report" name="รายงานผล" start-roles="clerk group-director">
  <start id="start" to="write"/>
  <task id="write" name="จัดทำรายงาน" role="clerk" due="5 วันทำการ" to="sign"/>
  <task id="sign" name="ลงนาม" role="group-director" due="5 วันทำการ" to="end"/>
  <end id="end"/>
</process>)xml";

class Escalation : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    ASSERT_TRUE(engine_->DeployOrg({"admin"}, {"org.xml", kOrgWithDirector}).ok());
    ASSERT_TRUE(engine_->DeployHolidays({"admin"}, {"holidays.xml", kHolidays}).ok());
    Deploy(kReport);
  }

  int Fire() {
    Result<FireResult> r = engine_->FireDueTimers();
    EXPECT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->failed, 0);
    return r.ok() ? r->fired : -1;
  }

  std::vector<AlertRecord> AlertsOf(const std::string& kind) {
    std::vector<AlertRecord> out;
    Result<std::vector<AlertRecord>> all = engine_->Alerts({"admin"});
    EXPECT_TRUE(all.ok());
    for (AlertRecord& a : *all) {
      if (a.kind == kind) out.push_back(std::move(a));
    }
    return out;
  }

  TaskRecord Task(InstanceId id, const std::string& node) {
    for (const TaskView& t : ShowInstance(id).open_tasks) {
      if (t.task.node_id == node) return t.task;
    }
    ADD_FAILURE() << "no open task at " << node;
    return {};
  }

  bool Sees(const std::string& login, TaskId task) {
    Result<std::vector<TaskView>> tasks = engine_->Tasks({login}, {});
    EXPECT_TRUE(tasks.ok()) << tasks.status().message();
    return std::any_of(tasks->begin(), tasks->end(), [&](const TaskView& v) { return v.task.id == task; });
  }

  const HistoryRecord* Last(InstanceId id, const std::string& action) {
    static InstanceView v;
    v = ShowInstance(id);
    const HistoryRecord* found = nullptr;
    for (const HistoryRecord& h : v.history) {
      if (h.action == action) found = &h;
    }
    return found;
  }

  void Absent(const std::string& login, const char* from, const char* to) {
    Result<std::int64_t> r = engine_->RecordAbsence({"admin"}, {login, *ParseDate(from), *ParseDate(to), "ลาพักผ่อน"});
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
};

TEST_F(Escalation, ReminderOverdueAndEscalationEachFireOnceInWorkingDaysAcrossHolidays) {
  InstanceId id = StartAs("clerk", "report");
  TaskRecord write = Task(id, "write");
  ASSERT_TRUE(write.due_at.has_value());
  EXPECT_EQ(FormatInstantUtc(*write.due_at), "2025-08-11T16:59:59Z");

  // Three working days before Monday the 11th: the 7th, 8th and 11th remain after the
  // holiday of the 6th, so the reminder is due at the end of the 6th.
  clock_.Set(At("2025-08-06T23:59:58+07:00"));
  EXPECT_EQ(Fire(), 0);
  clock_.Set(At("2025-08-07T00:00:00+07:00"));
  EXPECT_EQ(Fire(), 1);
  EXPECT_EQ(Fire(), 0);
  std::vector<AlertRecord> reminders = AlertsOf("reminder");
  ASSERT_EQ(reminders.size(), 1u);
  EXPECT_NE(reminders[0].text.find("เตือนก่อนกำหนด: รายงานผล"), std::string::npos) << reminders[0].text;
  EXPECT_NE(reminders[0].text.find("\"จัดทำรายงาน\""), std::string::npos) << reminders[0].text;
  EXPECT_NE(reminders[0].text.find("เจ้าหน้าที่ (clerk)"), std::string::npos) << reminders[0].text;
  EXPECT_NE(reminders[0].text.find("11 ส.ค. 2568 23:59"), std::string::npos) << reminders[0].text;
  EXPECT_NE(reminders[0].text.find("เหลือเวลา 4 วัน 23 ชั่วโมง"), std::string::npos) << reminders[0].text;

  clock_.Set(At("2025-08-12T09:00:00+07:00"));
  EXPECT_EQ(Fire(), 1);   // the overdue alert
  EXPECT_EQ(AlertsOf("overdue").size(), 1u);

  // Two working days after the 11th skip the holiday of the 12th: the end of the 14th.
  clock_.Set(At("2025-08-14T23:59:58+07:00"));
  EXPECT_EQ(Fire(), 0);
  clock_.Set(At("2025-08-15T08:00:00+07:00"));
  EXPECT_EQ(Fire(), 1);
  EXPECT_EQ(Fire(), 0);
  std::vector<AlertRecord> escalations = AlertsOf("escalation");
  ASSERT_EQ(escalations.size(), 1u);
  EXPECT_NE(escalations[0].text.find("งานเกินกำหนดส่งต่อถึง dir (ตำแหน่งเลขที่ ๑)"), std::string::npos)
      << escalations[0].text;
  EXPECT_NE(escalations[0].payload.find("\"escalated_to\":\"dir\""), std::string::npos) << escalations[0].payload;
  EXPECT_EQ(engine_->Alerts({"admin"})->size(), 3u);
  EXPECT_EQ(Task(id, "write").escalated_to, "dir");
  ASSERT_NE(Last(id, "task-escalated"), nullptr);

  // The people's view says whom it reached.
  Result<std::vector<TaskView>> late = engine_->Overdue({"a2"});
  ASSERT_TRUE(late.ok());
  ASSERT_EQ(late->size(), 1u);
  EXPECT_EQ(late->front().task.escalated_to, "dir");
}

TEST_F(Escalation, EscalationGrantsSeeingReassigningAndCompleting) {
  InstanceId id = StartAs("clerk", "report");
  TaskId write = Task(id, "write").id;
  EXPECT_FALSE(Sees("dir", write));
  clock_.Set(At("2025-08-20T09:00:00+07:00"));
  EXPECT_EQ(Fire(), 3);   // the reminder (silently: the task is late already), overdue, escalation
  EXPECT_TRUE(AlertsOf("reminder").empty());
  EXPECT_TRUE(Sees("dir", write));
  // The director may hand it on to another holder of its role, or finish it.
  Status moved = engine_->Reassign({"dir"}, write, "a2", "ช่วยเร่งดำเนินการ");
  ASSERT_TRUE(moved.ok()) << moved.message();
  EXPECT_EQ(Task(id, "write").assignee, "a2");
  EXPECT_EQ(engine_->Reassign({"a3"}, write, "a1", "").kind(), ErrorKind::kRefused);
  Status done = engine_->Complete({"dir"}, {write, "", {}, ""});
  ASSERT_TRUE(done.ok()) << done.message();
  const HistoryRecord* h = Last(id, "task-completed");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->user, "dir");
  EXPECT_EQ(h->capacity, ActingCapacity::kEscalated);
}

TEST_F(Escalation, FinishedWorkRaisesNothing) {
  InstanceId id = StartAs("clerk", "report");
  ASSERT_TRUE(engine_->Complete({"clerk"}, {Task(id, "write").id, "", {}, ""}).ok());
  ASSERT_TRUE(engine_->Complete({"dir"}, {Task(id, "sign").id, "", {}, ""}).ok());
  InstanceId cancelled = StartAs("clerk", "report");
  ASSERT_TRUE(engine_->Cancel({"admin"}, cancelled, "ยกเลิก").ok());
  clock_.Set(At("2025-12-01T09:00:00+07:00"));
  EXPECT_EQ(Fire(), 0);
  EXPECT_TRUE(engine_->Alerts({"admin"})->empty());
}

TEST_F(Escalation, TheProcessAndTheTaskSetTheLeadAndTheGrace) {
  Deploy(R"xml(<process id="quiet" name="งานเงียบ" start-roles="clerk" remind="none" escalate-after="none">
  <start id="start" to="a"/>
  <task id="a" name="ก" role="clerk" due="5 วันทำการ" to="b"/>
  <task id="b" name="ข" role="clerk" due="P10D" remind="1 วัน" escalate-after="4 ชั่วโมง" to="end"/>
  <end id="end"/>
</process>)xml");
  InstanceId id = StartAs("clerk", "quiet");
  clock_.Set(At("2025-08-20T09:00:00+07:00"));
  EXPECT_EQ(Fire(), 1);   // only the overdue alert: no reminder, no escalation
  EXPECT_EQ(engine_->Alerts({"admin"})->size(), 1u);
  ASSERT_TRUE(engine_->Complete({"clerk"}, {Task(id, "a").id, "", {}, ""}).ok());   // b due 30 Aug 09:00
  clock_.Set(At("2025-08-29T08:59:59+07:00"));
  EXPECT_EQ(Fire(), 0);
  clock_.Set(At("2025-08-29T09:00:00+07:00"));
  EXPECT_EQ(Fire(), 1);
  EXPECT_EQ(AlertsOf("reminder").size(), 1u);
  clock_.Set(At("2025-08-30T12:59:59+07:00"));
  EXPECT_EQ(Fire(), 1);   // overdue at 09:00
  clock_.Set(At("2025-08-30T13:00:00+07:00"));
  EXPECT_EQ(Fire(), 1);
  EXPECT_EQ(Task(id, "b").escalated_to, "dir");
}

TEST_F(Escalation, ExpiredItemsRaiseNothing) {
  Deploy(R"xml(<process id="poll" name="สำรวจความเห็น" start-roles="clerk">
  <input name="people" type="string" required="true"/>
  <start id="start" to="answer"/>
  <task id="answer" name="ตอบแบบสำรวจ" role="clerk" for-each="${people}" until="P2D" due="5 วันทำการ" to="end"/>
  <end id="end"/>
</process>)xml");
  InstanceId id = StartAs("clerk", "poll", {{"people", "a1 a2"}});
  EXPECT_EQ(ShowInstance(id).open_tasks.size(), 2u);
  clock_.Set(At("2025-08-03T09:00:00+07:00"));
  EXPECT_EQ(Fire(), 1);   // the cut-off expires both
  EXPECT_TRUE(ShowInstance(id).open_tasks.empty());
  clock_.Set(At("2025-09-30T09:00:00+07:00"));
  EXPECT_EQ(Fire(), 0);
  EXPECT_TRUE(engine_->Alerts({"admin"})->empty());
}

TEST_F(Escalation, WithTheDirectorAbsentItReachesTheFirstPresentActingOfficer) {
  InstanceId id = StartAs("clerk", "report");
  ASSERT_TRUE(engine_->Claim({"a1"}, Task(id, "write").id).ok());   // rank 1 holds it
  InstanceId other = StartAs("clerk", "report");
  Absent("dir", "2025-08-14", "2025-08-29");
  clock_.Set(At("2025-08-15T09:00:00+07:00"));
  EXPECT_EQ(Fire(), 6);   // per task: a reminder too late to say anything, the overdue alert, the escalation

  // a1 holds the first: it goes to rank 2; the second, unclaimed, to rank 1.
  EXPECT_EQ(Task(id, "write").escalated_to, "a2");
  EXPECT_EQ(Task(other, "write").escalated_to, "a1");
  const HistoryRecord* h = Last(id, "task-escalated");
  ASSERT_NE(h, nullptr);
  EXPECT_NE(h->detail.find("\"acting_for\":\"dir\""), std::string::npos) << h->detail;
  EXPECT_NE(h->detail.find("\"rank\":2"), std::string::npos) << h->detail;
  std::vector<AlertRecord> escalations = AlertsOf("escalation");
  ASSERT_EQ(escalations.size(), 2u);
  EXPECT_NE(escalations[0].text.find("รักษาราชการแทน dir"), std::string::npos) << escalations[0].text;
}

TEST_F(Escalation, RankTwoWhenRankOneIsAbsentToo) {
  InstanceId id = StartAs("clerk", "report");
  Absent("dir", "2025-08-01", "2025-08-31");
  Absent("a1", "2025-08-15", "2025-08-15");
  clock_.Set(At("2025-08-15T09:00:00+07:00"));
  Fire();
  EXPECT_EQ(Task(id, "write").escalated_to, "a2");
}

TEST_F(Escalation, ADirectorHeldTaskEscalatesToRankOne) {
  InstanceId id = StartAs("clerk", "report");
  ASSERT_TRUE(engine_->Complete({"clerk"}, {Task(id, "write").id, "", {}, ""}).ok());
  TaskRecord sign = Task(id, "sign");   // role group-director, due 8 Aug
  EXPECT_EQ(sign.assignee, "");
  clock_.Set(At("2025-08-20T09:00:00+07:00"));
  Fire();
  EXPECT_EQ(Task(id, "sign").escalated_to, "a1");
  const HistoryRecord* h = Last(id, "task-escalated");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->detail.find("acting_for"), std::string::npos) << h->detail;   // the director is present
}

TEST_F(Escalation, NobodyToReachIsRecordedNotFailed) {
  InstanceId id = StartAs("clerk", "report");
  for (const char* who : {"dir", "a1", "a2", "a3"}) Absent(who, "2025-08-01", "2025-08-31");
  clock_.Set(At("2025-08-20T09:00:00+07:00"));
  Fire();
  EXPECT_EQ(Task(id, "write").escalated_to, "");
  const HistoryRecord* h = Last(id, "escalation-unreached");
  ASSERT_NE(h, nullptr);
  EXPECT_NE(h->detail.find("no acting officer is present"), std::string::npos) << h->detail;
}

TEST_F(Escalation, TheActingOfficerTakesTheAbsentDirectorsWork) {
  InstanceId before = StartAs("clerk", "report");
  ASSERT_TRUE(engine_->Complete({"clerk"}, {Task(before, "write").id, "", {}, ""}).ok());
  TaskId waiting = Task(before, "sign").id;   // the director's, opened before the absence
  EXPECT_FALSE(Sees("a1", waiting));
  Absent("dir", "2025-08-01", "2025-08-08");

  // Open tasks of the director: seen and done by rank 1 while the absence lasts.
  EXPECT_TRUE(Sees("a1", waiting));
  EXPECT_FALSE(Sees("a2", waiting));
  // New work for the director goes straight to rank 1, saying for whom.
  InstanceId during = StartAs("clerk", "report");
  ASSERT_TRUE(engine_->Complete({"clerk"}, {Task(during, "write").id, "", {}, ""}).ok());
  TaskRecord routed = Task(during, "sign");
  EXPECT_EQ(routed.assignee, "a1");
  EXPECT_EQ(routed.acting_for, "dir");
  const HistoryRecord* created = Last(during, "task-created");
  ASSERT_NE(created, nullptr);
  EXPECT_NE(created->detail.find("\"acting_for\":\"dir\""), std::string::npos) << created->detail;

  ASSERT_TRUE(engine_->Claim({"a1"}, waiting).ok());   // taken on the director's behalf
  EXPECT_EQ(Task(before, "sign").assignee, "a1");
  EXPECT_EQ(Task(before, "sign").acting_for, "dir");
  Status done = engine_->Complete({"a1"}, {waiting, "", {}, ""});
  ASSERT_TRUE(done.ok()) << done.message();
  const HistoryRecord* h = Last(before, "task-completed");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->capacity, ActingCapacity::kActing);
  EXPECT_NE(h->detail.find("\"acting_for\":\"dir\""), std::string::npos) << h->detail;
  ASSERT_TRUE(engine_->Complete({"a1"}, {routed.id, "", {}, ""}).ok());
  EXPECT_EQ(Last(during, "task-completed")->capacity, ActingCapacity::kActing);

  // Back on the 11th: the director's work is theirs again.
  clock_.Set(At("2025-08-11T09:00:00+07:00"));
  InstanceId after = StartAs("clerk", "report");
  ASSERT_TRUE(engine_->Complete({"clerk"}, {Task(after, "write").id, "", {}, ""}).ok());
  TaskId back = Task(after, "sign").id;
  EXPECT_FALSE(Sees("a1", back));
  EXPECT_EQ(engine_->Complete({"a1"}, {back, "", {}, ""}).kind(), ErrorKind::kRefused);
}

TEST_F(Escalation, AbsencesAreTheUsersOwnOrAnAdministratorsAndChangeNothingWhenRefused) {
  auto day = [](const char* s) { return *ParseDate(s); };
  // Someone else's absence: refused, naming both and the rule.
  Result<std::int64_t> r = engine_->RecordAbsence({"a2"}, {"dir", day("2025-08-04"), day("2025-08-05"), ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kRefused);
  EXPECT_NE(r.status().message().find("'a2' may not record an absence of 'dir'"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(engine_->RecordAbsence({"admin"}, {"nobody", day("2025-08-04"), day("2025-08-05"), ""}).status().kind(),
            ErrorKind::kInvalid);
  EXPECT_EQ(engine_->RecordAbsence({"dir"}, {"dir", day("2025-08-05"), day("2025-08-04"), ""}).status().kind(),
            ErrorKind::kInvalid);
  EXPECT_EQ(engine_->RecordAbsence({"dir"}, {"dir", day("2025-07-01"), day("2025-07-31"), ""}).status().kind(),
            ErrorKind::kInvalid);   // already over
  EXPECT_TRUE(engine_->Absences({"a2"})->empty());

  Result<std::int64_t> own = engine_->RecordAbsence({"dir"}, {"dir", day("2025-08-04"), day("2025-08-08"), "อบรม"});
  ASSERT_TRUE(own.ok()) << own.status().message();
  Result<std::int64_t> overlap = engine_->RecordAbsence({"admin"}, {"dir", day("2025-08-08"), day("2025-08-12"), ""});
  ASSERT_FALSE(overlap.ok());
  EXPECT_NE(overlap.status().message().find("already recorded absent"), std::string::npos);
  ASSERT_EQ(engine_->Absences({"a2"})->size(), 1u);

  EXPECT_EQ(engine_->CancelAbsence({"a2"}, *own).kind(), ErrorKind::kRefused);
  EXPECT_EQ(engine_->CancelAbsence({"dir"}, 999).kind(), ErrorKind::kNotFound);
  ASSERT_TRUE(engine_->CancelAbsence({"dir"}, *own).ok());
  EXPECT_EQ(engine_->CancelAbsence({"dir"}, *own).kind(), ErrorKind::kRefused);   // already cancelled
  EXPECT_TRUE(engine_->Absences({"a2"})->empty());
}

TEST(ProcessLeads, RemindAndEscalateAfterAreReadInheritedAndChecked) {
  Result<ProcessDefinition> def = ParseProcess(R"xml(<process id="p" name="n" remind="2 วัน" escalate-after="none">
  <start id="s" to="a"/>
  <task id="a" name="ก" role="r" due="P10D" to="b"/>
  <task id="b" name="ข" role="r" due="P10D" remind="none" escalate-after="4 ชั่วโมง" to="e"/>
  <end id="e"/>
</process>)xml", "p.xml");
  ASSERT_TRUE(def.ok()) << def.status().message();
  const Node* a = def->FindNode("a");
  ASSERT_TRUE(a->remind && a->escalate_after);
  EXPECT_EQ(a->remind->duration.days, 2);
  EXPECT_EQ(a->escalate_after->kind, TimeSpec::Kind::kNone);
  const Node* b = def->FindNode("b");
  EXPECT_EQ(b->remind->kind, TimeSpec::Kind::kNone);
  EXPECT_EQ(b->escalate_after->duration.seconds, 4 * 3600);

  Result<ProcessDefinition> bad = ParseProcess(R"xml(<process id="p" name="n" remind="2 เดือน">
  <start id="s" to="a"/>
  <task id="a" name="ก" role="r" escalate-after="สิงหาคม" to="e"/>
  <end id="e"/>
</process>)xml", "p.xml");
  ASSERT_FALSE(bad.ok());
  std::vector<std::string> lines = bad.status().lines();
  ASSERT_EQ(lines.size(), 2u) << bad.status().message();
  EXPECT_NE(lines[0].find("p.xml:1:26: 'remind' needs 'none' or a span"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("p.xml:3:34: 'escalate-after' needs 'none' or a span"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("(task 'a')"), std::string::npos) << lines[1];
}

}  // namespace
}  // namespace krabuan::testing

namespace krabuan::testing {
namespace {

// Which role late work escalates to is the org file's to say (oversees="true"), not a
// role id the engine knows: here the chief, with an acting order of its own beside
// another role's.
const char* const kOrgWithChief = R"xml(<org office="สำนักงานทดสอบ" group="กลุ่มทดสอบ">
  <role id="admin" name="ผู้ดูแลระบบ"/>
  <role id="chief" name="หัวหน้ากลุ่ม" %s/>
  <role id="deputy" name="รองหัวหน้า"/>
  <role id="clerk" name="เจ้าหน้าที่"/>
  <position number="๑" title="หัวหน้ากลุ่ม" login="boss-of-all" roles="chief"/>
  <position number="๒" title="รองหัวหน้า" login="vice" roles="deputy"/>
  <position number="๓" title="นักวิเคราะห์" login="a1" roles="clerk"/>
  <user login="admin" name="ผู้ดูแลระบบ" roles="admin"/>
  <user login="clerk" name="เสมียน" roles="clerk"/>
  <acting-order role="chief"><acting rank="1" position="๒"/></acting-order>
  <acting-order role="deputy"><acting rank="1" position="๓"/></acting-order>
</org>)xml";

const char* const kLateWrite = R"xml(<process id="late" name="งานช้า" start-roles="clerk">
  <start id="start" to="write"/>
  <task id="write" name="จัดทำรายงาน" role="clerk" due="P1D" to="end"/>
  <end id="end"/>
</process>)xml";

std::string OrgWithChief(const char* mark) {
  std::string xml = kOrgWithChief;
  return xml.replace(xml.find("%s"), 2, mark);
}

const HistoryRecord* LastRow(const InstanceView& v, const std::string& action) {
  const HistoryRecord* found = nullptr;
  for (const HistoryRecord& h : v.history) {
    if (h.action == action) found = &h;
  }
  return found;
}

TEST_F(EngineTest, LateWorkEscalatesToTheRoleTheOrgFileMarksAsOverseeing) {
  ASSERT_TRUE(engine_->DeployOrg({"admin"}, {"org.xml", OrgWithChief("oversees=\"true\"")}).ok());
  Deploy(kLateWrite);
  InstanceId id = StartAs("clerk", "late");
  clock_.Set(At("2025-08-20T09:00:00+07:00"));
  ASSERT_TRUE(engine_->FireDueTimers().ok());
  InstanceView v = ShowInstance(id);
  const HistoryRecord* h = LastRow(v, "task-escalated");
  ASSERT_NE(h, nullptr) << "not escalated";
  EXPECT_NE(h->detail.find("\"to\":\"boss-of-all\""), std::string::npos) << h->detail;
  // Its holder may list every task, as an administrator may.
  TaskListOptions all;
  all.all = true;
  EXPECT_TRUE(engine_->Tasks({"boss-of-all"}, all).ok());
  Status refused = engine_->Tasks({"vice"}, all).status();
  EXPECT_EQ(refused.kind(), ErrorKind::kRefused);
  EXPECT_NE(refused.message().find("role 'chief' (หัวหน้ากลุ่ม)"), std::string::npos) << refused.message();
}

TEST_F(EngineTest, WithNoRoleMarkedAndTwoActingOrdersEscalationSaysWhyItReachedNobody) {
  ASSERT_TRUE(engine_->DeployOrg({"admin"}, {"org.xml", OrgWithChief("")}).ok());
  Deploy(kLateWrite);
  InstanceId id = StartAs("clerk", "late");
  clock_.Set(At("2025-08-20T09:00:00+07:00"));
  ASSERT_TRUE(engine_->FireDueTimers().ok());
  const HistoryRecord* h = LastRow(ShowInstance(id), "escalation-unreached");
  ASSERT_NE(h, nullptr);
  EXPECT_NE(h->detail.find("oversees"), std::string::npos) << h->detail;
}

TEST_F(EngineTest, OnlyOneRoleMayOverseeTheGroup) {
  std::string xml = OrgWithChief("oversees=\"true\"");
  xml.replace(xml.find("<role id=\"deputy\" name=\"รองหัวหน้า\"/>"), std::string("<role id=\"deputy\" name=\"รองหัวหน้า\"/>").size(),
              "<role id=\"deputy\" name=\"รองหัวหน้า\" oversees=\"true\"/>");
  Result<bool> r = engine_->DeployOrg({"admin"}, {"org.xml", xml});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("org.xml:4:"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("only one role may oversee the group; 'chief' already does"), std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace krabuan::testing
