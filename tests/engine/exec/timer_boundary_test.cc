// Timer boundaries at run time: an interrupting timer cancels its task and moves the
// token; a non-interrupting one starts another token and leaves the task open; a task
// done in time takes its timers with it; each fires once, except a repeating one, which
// fires at each occurrence up to its count while the task is open.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/engine_fixture.h"

namespace krabuan::testing {
namespace {

const char* const kReview = R"xml(<process id="review" name="ตรวจ" start-roles="clerk">
  <start id="start" to="check"/>
  <task id="check" name="ตรวจเอกสาร" role="approver" due="P5D" remind="none" escalate-after="none" to="done">
    <on-timer id="late" after="P3D" to="escalate"/>
  </task>
  <task id="escalate" name="เร่งรัด" role="clerk" to="end"/>
  <task id="done" name="แจ้งผล" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml";

const char* const kNudge = R"xml(<process id="nudge" name="เตือน" start-roles="clerk">
  <start id="start" to="check"/>
  <task id="check" name="ตรวจเอกสาร" role="approver" to="end">
    <on-timer id="remind" after="PT2H" to="notify" interrupting="false"/>
  </task>
  <task id="notify" name="แจ้งเตือน" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml";

class TimerBoundaryTest : public EngineTest {
 protected:
  int FireNow() {
    Result<FireResult> r = engine_->FireDueTimers();
    EXPECT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r.ok() ? r->failed : 0, 0);
    return r.ok() ? r->fired : -1;
  }
  TaskState StateOf(TaskId id) {
    auto txn = store_->BeginRead();
    EXPECT_TRUE(txn.ok());
    Result<std::optional<TaskRecord>> t = (*txn)->FindTask(id);
    EXPECT_TRUE(t.ok() && t->has_value());
    return t.ok() && t->has_value() ? (*t)->state : TaskState::kOpen;
  }
};

TEST_F(TimerBoundaryTest, InterruptingTimerCancelsTheTaskAndMovesTheToken) {
  Deploy(kReview);
  InstanceId id = StartAs("clerk", "review");
  TaskId check = OpenTaskAt(id, "check");

  clock_.Set(At("2025-08-03T09:00:00+07:00"));   // two days: not yet
  EXPECT_EQ(FireNow(), 0);
  clock_.Set(At("2025-08-04T09:00:01+07:00"));   // three days on
  EXPECT_EQ(FireNow(), 1);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"escalate"});
  EXPECT_EQ(StateOf(check), TaskState::kCancelled);
  InstanceView v = ShowInstance(id);
  EXPECT_EQ(HistoryCount(v, "task-interrupted"), 1);
  EXPECT_TRUE(v.history_intact);

  // The task's overdue timer went with it: at its due time nothing fires.
  clock_.Set(At("2025-08-10T09:00:00+07:00"));
  EXPECT_EQ(FireNow(), 0);
  EXPECT_EQ(HistoryCount(ShowInstance(id), "task-interrupted"), 1);
  // The cancelled task can no longer be completed.
  EXPECT_FALSE(engine_->Complete({"boss"}, {check, "", {}, ""}).ok());

  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "escalate"), "", {}, ""}).ok());
  EXPECT_EQ(ShowInstance(id).instance.state, InstanceState::kCompleted);
}

TEST_F(TimerBoundaryTest, TaskDoneInTimeTakesItsTimerWith) {
  Deploy(kReview);
  InstanceId id = StartAs("clerk", "review");
  ASSERT_TRUE(engine_->Complete({"boss"}, {OpenTaskAt(id, "check"), "", {}, ""}).ok());
  clock_.Set(At("2025-08-20T09:00:00+07:00"));
  EXPECT_EQ(FireNow(), 0);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"done"});
  EXPECT_EQ(HistoryCount(ShowInstance(id), "task-interrupted"), 0);
}

TEST_F(TimerBoundaryTest, NonInterruptingTimerForksOnceAndTheTaskStays) {
  Deploy(kNudge);
  InstanceId id = StartAs("clerk", "nudge");
  TaskId check = OpenTaskAt(id, "check");

  clock_.Set(At("2025-08-01T11:00:01+07:00"));
  EXPECT_EQ(FireNow(), 1);
  EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"check", "notify"}));
  EXPECT_EQ(StateOf(check), TaskState::kOpen);
  EXPECT_EQ(HistoryCount(ShowInstance(id), "timer-forked"), 1);

  clock_.Set(At("2025-08-05T09:00:00+07:00"));   // exactly once
  EXPECT_EQ(FireNow(), 0);
  EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"check", "notify"}));

  // Both tokens must reach the end before the instance completes.
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "notify"), "", {}, ""}).ok());
  EXPECT_EQ(ShowInstance(id).instance.state, InstanceState::kRunning);
  ASSERT_TRUE(engine_->Complete({"boss"}, {check, "", {}, ""}).ok());
  EXPECT_EQ(ShowInstance(id).instance.state, InstanceState::kCompleted);
}

// Two boundaries on one task: the interrupting one fires first and the other is gone.
TEST_F(TimerBoundaryTest, InterruptingTimerRemovesTheTasksOtherTimers) {
  Deploy(R"xml(<process id="two" name="สอง" start-roles="clerk">
  <start id="start" to="check"/>
  <task id="check" name="ตรวจ" role="approver" to="end">
    <on-timer id="stop" after="P1D" to="escalate"/>
    <on-timer id="nudge" after="P2D" to="notify" interrupting="false"/>
  </task>
  <task id="escalate" name="เร่งรัด" role="clerk" to="end"/>
  <task id="notify" name="แจ้งเตือน" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml");
  InstanceId id = StartAs("clerk", "two");
  clock_.Set(At("2025-08-10T09:00:00+07:00"));   // both are due; the earlier fires first
  FireNow();   // the batch read both; the second finds its token gone and does nothing
  EXPECT_EQ(FireNow(), 0);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"escalate"});
  EXPECT_EQ(HistoryCount(ShowInstance(id), "timer-forked"), 0);
}

// after= a fixed instant: the timer fires then, however long the task has been open.
TEST_F(TimerBoundaryTest, TimerAtAFixedInstant) {
  Deploy(R"xml(<process id="fixed" name="วันที่" start-roles="clerk">
  <start id="start" to="check"/>
  <task id="check" name="ตรวจ" role="approver" to="end">
    <on-timer id="cutoff" after="2025-08-10T12:00:00+07:00" to="escalate"/>
  </task>
  <task id="escalate" name="เร่งรัด" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml");
  InstanceId id = StartAs("clerk", "fixed");
  clock_.Set(At("2025-08-10T11:59:00+07:00"));
  EXPECT_EQ(FireNow(), 0);
  clock_.Set(At("2025-08-10T12:00:00+07:00"));
  EXPECT_EQ(FireNow(), 1);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"escalate"});
}

// every="R3/PT2H": a reminder two, four and six hours after the task opened, then no more.
TEST_F(TimerBoundaryTest, RepeatingTimerFiresAtEachOccurrenceUpToItsCount) {
  Deploy(R"xml(<process id="repeat" name="ซ้ำ" start-roles="clerk">
  <start id="start" to="check"/>
  <task id="check" name="ตรวจ" role="approver" to="end">
    <on-timer id="nudge" every="R3/PT2H" to="notify" interrupting="false"/>
  </task>
  <task id="notify" name="แจ้งเตือน" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml");
  InstanceId id = StartAs("clerk", "repeat");   // 09:00
  clock_.Set(At("2025-08-01T10:59:59+07:00"));
  EXPECT_EQ(FireNow(), 0);
  for (const char* at : {"2025-08-01T11:00:00+07:00", "2025-08-01T13:00:00+07:00", "2025-08-01T15:00:00+07:00"}) {
    clock_.Set(At(at));
    EXPECT_EQ(FireNow(), 1) << at;
  }
  clock_.Set(At("2025-08-09T09:00:00+07:00"));
  EXPECT_EQ(FireNow(), 0);
  EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"check", "notify", "notify", "notify"}));
  InstanceView v = ShowInstance(id);
  EXPECT_EQ(HistoryCount(v, "timer-forked"), 3);
  std::string last_fork;
  for (const HistoryRecord& h : v.history) {
    if (h.action == "timer-forked") last_fork = h.detail;
  }
  EXPECT_NE(last_fork.find("\"firing\":3"), std::string::npos) << last_fork;
}

// Without a count it fires while the task is open; completing the task ends it. A late
// daemon catches up one occurrence at a time.
TEST_F(TimerBoundaryTest, RepeatingTimerWithoutACountStopsWithItsTask) {
  Deploy(R"xml(<process id="daily" name="ทุกวัน" start-roles="clerk">
  <start id="start" to="check"/>
  <task id="check" name="ตรวจ" role="approver" to="end">
    <on-timer id="nudge" every="ทุก 1 วัน" to="notify" interrupting="false"/>
  </task>
  <task id="notify" name="แจ้งเตือน" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml");
  InstanceId id = StartAs("clerk", "daily");   // 1 Aug 09:00
  clock_.Set(At("2025-08-03T09:30:00+07:00"));   // 2 Aug and 3 Aug are both past
  EXPECT_EQ(FireNow(), 1);
  EXPECT_EQ(FireNow(), 1);
  EXPECT_EQ(FireNow(), 0);   // the next is 4 Aug 09:00
  ASSERT_TRUE(engine_->Complete({"boss"}, {OpenTaskAt(id, "check"), "", {}, ""}).ok());
  clock_.Set(At("2025-08-20T09:00:00+07:00"));
  EXPECT_EQ(FireNow(), 0);
  EXPECT_EQ(HistoryCount(ShowInstance(id), "timer-forked"), 2);
}

// after= and every= together: the first firing at `after`, the next ones a period apart.
TEST_F(TimerBoundaryTest, RepeatingTimerStartsAtAfter) {
  Deploy(R"xml(<process id="later" name="ภายหลัง" start-roles="clerk">
  <start id="start" to="check"/>
  <task id="check" name="ตรวจ" role="approver" to="end">
    <on-timer id="nudge" after="P3D" every="R2/P1D" to="notify" interrupting="false"/>
  </task>
  <task id="notify" name="แจ้งเตือน" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml");
  InstanceId id = StartAs("clerk", "later");   // 1 Aug 09:00
  clock_.Set(At("2025-08-04T08:59:59+07:00"));
  EXPECT_EQ(FireNow(), 0);
  clock_.Set(At("2025-08-04T09:00:00+07:00"));
  EXPECT_EQ(FireNow(), 1);
  clock_.Set(At("2025-08-05T09:00:00+07:00"));
  EXPECT_EQ(FireNow(), 1);
  clock_.Set(At("2025-08-30T09:00:00+07:00"));
  EXPECT_EQ(FireNow(), 0);
  EXPECT_EQ(HistoryCount(ShowInstance(id), "timer-forked"), 2);
}

// An interrupting repeating timer fires once, at its first occurrence.
TEST_F(TimerBoundaryTest, InterruptingRepeatingTimerFiresOnce) {
  Deploy(R"xml(<process id="once" name="ครั้งเดียว" start-roles="clerk">
  <start id="start" to="check"/>
  <task id="check" name="ตรวจ" role="approver" to="end">
    <on-timer id="stop" every="R5/PT1H" to="escalate"/>
  </task>
  <task id="escalate" name="เร่งรัด" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml");
  InstanceId id = StartAs("clerk", "once");
  clock_.Set(At("2025-08-01T10:00:00+07:00"));
  EXPECT_EQ(FireNow(), 1);
  clock_.Set(At("2025-08-02T10:00:00+07:00"));
  EXPECT_EQ(FireNow(), 0);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"escalate"});
}

// A repeating timer whose anchored series is over by the time the task opens sets no
// timer: the task opens as usual (it used to refuse the whole command).
TEST_F(TimerBoundaryTest, ARepeatingTimerWhoseSeriesIsOverSetsNothing) {
  Deploy(R"xml(<process id="over" name="หมดรอบ" start-roles="clerk">
  <start id="start" to="check"/>
  <task id="check" name="ตรวจ" role="approver" to="end">
    <on-timer id="nudge" every="R2/2025-07-01T09:00:00+07:00/P1D" to="notify" interrupting="false"/>
  </task>
  <task id="notify" name="แจ้งเตือน" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml");
  InstanceId id = StartAs("clerk", "over");   // 1 Aug: the two days of July are long past
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"check"});
  clock_.Set(At("2025-09-01T09:00:00+07:00"));
  EXPECT_EQ(FireNow(), 0);
}

}  // namespace
}  // namespace krabuan::testing
