// Waits, work per item with a cut-off, and timers firing exactly once (on the in-memory
// store: these need no file).
#include <gtest/gtest.h>

#include <map>

#include "engine/parse/process_parser.h"
#include "tests/support/engine_fixture.h"

namespace krabuan::testing {
namespace {

const char* const kWaiting = R"xml(<process id="pause" name="รอ" start-roles="clerk">
  <start id="start" to="rest"/>
  <wait id="rest" for="P15D" to="after"/>
  <task id="after" name="หลังรอ" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml";

const char* const kPerSchool = R"xml(<process id="survey" name="สำรวจ" start-roles="clerk">
  <start id="start" to="collect"/>
  <task id="collect" name="ส่งข้อมูล" role="school" for-each="org:schools" until="P10D" to="sum">
    <field name="amount" type="money" required="true"/>
  </task>
  <task id="sum" name="สรุป" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml";

TEST_F(InMemoryEngineTest, AWaitEndsWhenItsTimerFiresAndOnlyOnce) {
  Deploy(kWaiting);
  InstanceId id = StartAs("clerk", "pause");
  EXPECT_TRUE(OpenNodes(id).empty());

  clock_.Set(At("2025-08-15T09:00:00+07:00"));   // 14 days on: not yet
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->fired, 0);
  ASSERT_TRUE(r->next_due.has_value());
  EXPECT_EQ(FormatInstantUtc(*r->next_due), "2025-08-16T02:00:00Z");

  clock_.Set(At("2025-08-20T09:00:00+07:00"));   // past due, four days late
  r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 1);
  EXPECT_FALSE(r->next_due.has_value());
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"after"});
  InstanceView v = ShowInstance(id);
  ASSERT_EQ(HistoryCount(v, "timer-fired"), 1);
  for (const HistoryRecord& h : v.history) {
    if (h.action == "timer-fired") {
      EXPECT_EQ(h.user, "krabuan");
      EXPECT_EQ(h.capacity, ActingCapacity::kSystem);
      EXPECT_NE(h.detail.find("\"late_seconds\":345600"), std::string::npos) << h.detail;
    }
  }

  // Firing again does nothing: the timer is gone with its effect.
  r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 0);
  EXPECT_EQ(HistoryCount(ShowInstance(id), "timer-fired"), 1);
}

// until= an ISO-8601 instant: the token rests until that very second; one already past
// lets the token straight through.
TEST_F(InMemoryEngineTest, AWaitUntilAnInstant) {
  Deploy(R"xml(<process id="until" name="รอจนถึง" start-roles="clerk">
  <start id="start" to="rest"/>
  <wait id="rest" until="2025-08-01T17:30:00+07:00" to="after"/>
  <task id="after" name="ทำต่อ" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml");
  InstanceId id = StartAs("clerk", "until");   // 09:00
  clock_.Set(At("2025-08-01T17:29:59+07:00"));
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 0);
  clock_.Set(At("2025-08-01T17:30:00+07:00"));
  r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 1);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"after"});

  InstanceId late = StartAs("clerk", "until");   // started after the instant
  EXPECT_EQ(OpenNodes(late), std::vector<std::string>{"after"});
  EXPECT_EQ(HistoryCount(ShowInstance(late), "wait-passed"), 1);
}

TEST_F(InMemoryEngineTest, CancelRemovesTheInstancesTimers) {
  Deploy(kWaiting);
  InstanceId id = StartAs("clerk", "pause");
  ASSERT_TRUE(engine_->Cancel({"admin"}, id, "ยกเลิก").ok());
  clock_.Set(At("2025-09-30T09:00:00+07:00"));
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 0);
  EXPECT_FALSE(r->next_due.has_value());
}

TEST_F(InMemoryEngineTest, WorkPerSchoolWaitsForEverySchool) {
  Deploy(kPerSchool);
  InstanceId id = StartAs("clerk", "survey");
  InstanceView v = ShowInstance(id);
  ASSERT_EQ(v.open_tasks.size(), 3u);
  for (const TaskView& t : v.open_tasks) EXPECT_EQ(t.task.assignee, t.task.item);

  // Each school sees its own task only.
  Result<std::vector<TaskView>> mine = engine_->Tasks({"school-b"}, {});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().task.item, "school-b");
  // A school may not complete another's; the clerk records for a school.
  TaskId a = 0, b = 0, c = 0;
  for (const TaskView& t : v.open_tasks) (t.task.item == "school-a" ? a : t.task.item == "school-b" ? b : c) = t.task.id;
  EXPECT_EQ(engine_->Complete({"school-b"}, {a, "", {{"amount", "1"}}, ""}).kind(), ErrorKind::kRefused);

  ASSERT_TRUE(engine_->Complete({"school-a"}, {a, "", {{"amount", "100,000.50"}}, ""}).ok());
  ASSERT_TRUE(engine_->Complete({"school-b"}, {b, "", {{"amount", "200,000"}}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"collect"});
  ASSERT_TRUE(engine_->Complete({"clerk"}, {c, "", {{"amount", "50"}}, "บันทึกแทนโรงเรียน"}).ok());
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"sum"});

  v = ShowInstance(id);
  EXPECT_EQ(v.variables.at("amount").as_money().satang, 30005050);   // the total of the three
  EXPECT_EQ(v.variables.at("collect.school-a.amount").as_money().satang, 10000050);
  EXPECT_EQ(v.variables.at("collect.completed").as_int(), 3);
  EXPECT_EQ(v.variables.at("collect.missing").as_string(), "");
  // The cut-off timer went with the token.
  clock_.Set(At("2025-12-01T09:00:00+07:00"));
  EXPECT_EQ(engine_->FireDueTimers()->fired, 0);
}

TEST_F(InMemoryEngineTest, TheCutOffGoesOnWithTheSchoolsThatArrived) {
  Deploy(kPerSchool);
  InstanceId id = StartAs("clerk", "survey");
  TaskId a = 0;
  for (const TaskView& t : ShowInstance(id).open_tasks) {
    if (t.task.item == "school-a") a = t.task.id;
  }
  ASSERT_TRUE(engine_->Complete({"school-a"}, {a, "", {{"amount", "10"}}, ""}).ok());

  clock_.Set(At("2025-08-11T09:00:01+07:00"));   // just past 10 days
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->fired, 1);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"sum"});
  InstanceView v = ShowInstance(id);
  EXPECT_EQ(v.variables.at("amount").as_money().satang, 1000);
  EXPECT_EQ(v.variables.at("collect.completed").as_int(), 1);
  EXPECT_EQ(v.variables.at("collect.missing").as_string(), "school-b school-c");
  EXPECT_EQ(HistoryCount(v, "task-expired"), 2);
  // An expired task can no longer be completed.
  for (const HistoryRecord& h : v.history) {
    if (h.action == "task-expired") {
      Status s = engine_->Complete({"clerk"}, {h.task_id, "", {{"amount", "1"}}, ""});
      EXPECT_EQ(s.kind(), ErrorKind::kRefused);
      EXPECT_NE(s.message().find("expired"), std::string::npos) << s.message();
    }
  }
}

TEST_F(InMemoryEngineTest, AFailingTimerIsMarkedAndDoesNotBlockOthers) {
  Deploy(R"xml(<process id="bad-after-wait" name="รอแล้วพัง" start-roles="clerk">
    <start id="start" to="rest"/>
    <wait id="rest" for="P1D" to="c"/>
    <choice id="c"><when test="nothing == 1" to="t"/></choice>
    <task id="t" name="t" role="clerk" to="end"/><end id="end"/></process>)xml");
  Deploy(kWaiting, "pause.xml");
  InstanceId broken = StartAs("clerk", "bad-after-wait");
  InstanceId fine = StartAs("clerk", "pause");
  clock_.Set(At("2025-09-01T09:00:00+07:00"));
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->fired, 1);
  EXPECT_EQ(r->failed, 1);
  EXPECT_EQ(OpenNodes(fine), std::vector<std::string>{"after"});
  EXPECT_EQ(HistoryCount(ShowInstance(broken), "timer-fired"), 0);   // rolled back with its effect
  EXPECT_EQ(engine_->FireDueTimers()->failed, 0);             // not retried
}

// A batch fires under one savepoint first; when a later timer fails, the effects of the
// ones before it are rolled back and fired again one by one: each happens exactly once.
TEST_F(InMemoryEngineTest, ATimerBeforeAFailingOneInTheBatchFiresOnce) {
  Deploy(R"xml(<process id="bad-after-wait" name="รอแล้วพัง" start-roles="clerk">
    <start id="start" to="rest"/>
    <wait id="rest" for="P16D" to="c"/>
    <choice id="c"><when test="nothing == 1" to="t"/></choice>
    <task id="t" name="t" role="clerk" to="end"/><end id="end"/></process>)xml");
  Deploy(kWaiting, "pause.xml");
  InstanceId fine = StartAs("clerk", "pause");   // due after 15 days, the other after 16
  InstanceId broken = StartAs("clerk", "bad-after-wait");
  clock_.Set(At("2025-09-01T09:00:00+07:00"));
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->fired, 1);
  EXPECT_EQ(r->failed, 1);
  InstanceView v = ShowInstance(fine);
  EXPECT_EQ(OpenNodes(fine), std::vector<std::string>{"after"});
  EXPECT_EQ(HistoryCount(v, "timer-fired"), 1);
  EXPECT_EQ(HistoryCount(v, "task-created"), 1);
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(HistoryCount(ShowInstance(broken), "timer-fired"), 0);
}

}  // namespace
}  // namespace krabuan::testing

namespace krabuan::testing {
namespace {

TEST_F(InMemoryEngineTest, TasksInATimeBoxShareOneDeadline) {
  Deploy(R"xml(<process id="boxed" name="กรอบเวลา" start-roles="clerk">
  <timebox id="prep" name="เตรียมการ" due="1 เดือน"/>
  <start id="start" to="a"/>
  <task id="a" name="ก" role="clerk" timebox="prep" to="b"/>
  <task id="b" name="ข" role="clerk" timebox="prep" due="P3D" to="c"/>
  <task id="c" name="ค" role="clerk" timebox="prep" due="P90D" to="end"/>
  <end id="end"/>
</process>)xml");
  InstanceId id = StartAs("clerk", "boxed");   // 2025-08-01 09:00
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "a"), "", {}, ""}).ok());
  clock_.Set(At("2025-08-25T09:00:00+07:00"));
  TaskId b = OpenTaskAt(id, "b");
  ASSERT_TRUE(engine_->Complete({"clerk"}, {b, "", {}, ""}).ok());
  InstanceView v = ShowInstance(id);
  std::map<std::string, std::string> due;
  for (const HistoryRecord& h : v.history) {
    if (h.action != "task-created") continue;
    std::size_t at = h.detail.find("\"due\":\"");
    ASSERT_NE(at, std::string::npos) << h.detail;
    due[h.node_id] = h.detail.substr(at + 7, 20);
  }
  EXPECT_EQ(due["a"], "2025-09-01T02:00:00Z");   // the box: a month from its first step
  EXPECT_EQ(due["b"], "2025-08-04T02:00:00Z");   // its own deadline comes first
  EXPECT_EQ(due["c"], "2025-09-01T02:00:00Z");   // the box's deadline comes first
}

TEST(ProcessParserTimebox, UnknownBoxIsReported) {
  Result<ProcessDefinition> r = ParseProcess(R"xml(<process id="x" name="x">
  <timebox id="box" due="nonsense"/>
  <start id="s" to="t"/>
  <task id="t" name="t" role="r" timebox="bx" to="e"/>
  <end id="e"/>
</process>)xml", "x.xml");
  ASSERT_FALSE(r.ok());
  std::vector<std::string> lines = r.status().lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("x.xml:2:21: bad time expression in 'due'"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("(timebox 'box')"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("x.xml:4:3: unknown time box 'bx'"), std::string::npos) << lines[1];
}

}  // namespace
}  // namespace krabuan::testing

namespace krabuan::testing {
namespace {

TEST_F(InMemoryEngineTest, AnOverdueTaskRaisesExactlyOneAlert) {
  Deploy(R"xml(<process id="late" name="งานที่ล่าช้า" start-roles="clerk">
  <start id="start" to="t"/>
  <task id="t" name="ส่งรายงาน" role="clerk" due="P3D" to="u"/>
  <task id="u" name="ตรวจรายงาน" role="approver" due="P1D" to="end"/>
  <end id="end"/>
</process>)xml");
  Result<InstanceId> id = engine_->Start({"clerk"}, {"late", {}, "2568-07", ""});
  ASSERT_TRUE(id.ok());
  clock_.Set(At("2025-08-06T12:00:00+07:00"));   // due 4 Aug 09:00: 2 days 3 hours late
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok()) << r.status().message();
  // The overdue alert, and the escalation two working days after the due time, which
  // reaches nobody (this org names no group director) and so raises no alert.
  EXPECT_EQ(r->fired, 2);
  EXPECT_EQ(engine_->FireDueTimers()->fired, 0);   // again: nothing more
  Result<std::vector<AlertRecord>> alerts = engine_->Alerts({"clerk"});
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 1u);
  const AlertRecord& a = alerts->front();
  EXPECT_EQ(a.kind, "overdue");
  EXPECT_NE(a.text.find("งานที่ล่าช้า"), std::string::npos) << a.text;      // the procedure
  EXPECT_NE(a.text.find("ส่งรายงาน"), std::string::npos) << a.text;         // the step
  EXPECT_NE(a.text.find("(2568-07)"), std::string::npos) << a.text;         // the case
  EXPECT_NE(a.text.find("เจ้าหน้าที่ (clerk)"), std::string::npos) << a.text;  // with whom
  EXPECT_NE(a.text.find("เกินกำหนด 2 วัน 3 ชั่วโมง"), std::string::npos) << a.text;
  EXPECT_NE(a.payload.find("\"late_seconds\":183600"), std::string::npos) << a.payload;

  // Late work is listed with how late; done in time, the next step raises nothing.
  Result<std::vector<TaskView>> late = engine_->Overdue({"boss"});
  ASSERT_TRUE(late.ok());
  ASSERT_EQ(late->size(), 1u);
  EXPECT_EQ(late->front().task.node_id, "t");
  ASSERT_TRUE(engine_->Complete({"clerk"}, {late->front().task.id, "", {}, ""}).ok());
  EXPECT_TRUE(engine_->Overdue({"boss"})->empty());
  TaskId u = OpenTaskAt(*id, "u");
  ASSERT_TRUE(engine_->Complete({"boss"}, {u, "", {}, ""}).ok());
  clock_.Set(At("2025-09-30T12:00:00+07:00"));
  EXPECT_EQ(engine_->FireDueTimers()->fired, 0);
  EXPECT_EQ(engine_->Alerts({"clerk"})->size(), 1u);
}

}  // namespace
}  // namespace krabuan::testing
