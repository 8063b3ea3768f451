// Scopes' timers at run time (<scope nodes=… ><on-timer …/></scope>, a BPMN sub-process's
// boundary timer): the timer starts when a token first rests inside, an interrupting one
// takes every token out and cancels their tasks, a non-interrupting one starts one more
// token, and leaving the scope in time stops it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/engine_fixture.h"

namespace krabuan::testing {
namespace {

std::string Trip(const std::string& interrupting = "true", const std::string& nodes = "drive navigate sync") {
  return R"xml(<process id="trip" name="เดินทาง" start-roles="clerk">
  <start id="start" to="pack"/>
  <task id="pack" name="จัดของ" role="clerk" to="fork"/>
  <parallel id="fork" to="drive navigate"/>
  <task id="drive" name="ขับรถ" role="clerk" to="sync"/>
  <task id="navigate" name="นำทาง" role="approver" to="sync"/>
  <join id="sync" to="arrive"/>
  <task id="arrive" name="ถึงที่หมาย" role="clerk" to="end"/>
  <task id="give-up" name="เลิกเดินทาง" role="clerk" to="end"/>
  <scope id="journey" name="ช่วงเดินทาง" nodes=")xml" +
         nodes + R"xml(">
    <on-timer id="too-long" after="P2D" to="give-up" interrupting=")xml" +
         interrupting + R"xml("/>
  </scope>
  <end id="end"/>
</process>)xml";
}

class ScopeTimerTest : public EngineTest {
 protected:
  int FireAt(const char* iso) {
    clock_.Set(At(iso));
    Result<FireResult> r = engine_->FireDueTimers();
    EXPECT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r.ok() ? r->failed : 0, 0);
    return r.ok() ? r->fired : -1;
  }
  void Complete(const std::string& login, InstanceId id, const std::string& node) {
    Status s = engine_->Complete({login}, {OpenTaskAt(id, node), "", {}, ""});
    ASSERT_TRUE(s.ok()) << s.message();
  }
  std::string TaskStates(InstanceId id) {
    std::string out;
    for (const HistoryRecord& h : ShowInstance(id).history) {
      if (h.action == "task-completed" || h.action == "task-interrupted") out += h.node_id + ":" + h.action + " ";
    }
    return out;
  }
};

TEST_F(ScopeTimerTest, InterruptingTimerTakesEveryTokenOutOfTheScope) {
  Deploy(Trip());
  InstanceId id = StartAs("clerk", "trip");   // 1 Aug 09:00
  EXPECT_EQ(FireAt("2025-08-04T09:00:00+07:00"), 0);   // nobody inside yet: no timer
  Complete("clerk", id, "pack");                      // 4 Aug 09:00: the journey starts
  Complete("clerk", id, "drive");                     // its token waits at the join, still inside
  EXPECT_EQ(FireAt("2025-08-06T08:59:59+07:00"), 0);
  EXPECT_EQ(FireAt("2025-08-06T09:00:00+07:00"), 1);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"give-up"});
  InstanceView v = ShowInstance(id);
  EXPECT_EQ(HistoryCount(v, "scope-interrupted"), 1);
  EXPECT_EQ(TaskStates(id), "pack:task-completed drive:task-completed navigate:task-interrupted ");
  // The task the timer cancelled cannot be completed any more, and trying changes nothing.
  TaskId navigate = 0;
  for (const HistoryRecord& h : v.history) {
    if (h.action == "task-interrupted") navigate = h.task_id;
  }
  ASSERT_NE(navigate, 0);
  std::size_t rows = ShowInstance(id).history.size();
  EXPECT_FALSE(engine_->Complete({"boss"}, {navigate, "", {}, ""}).ok());
  EXPECT_EQ(ShowInstance(id).history.size(), rows);
  Complete("clerk", id, "give-up");
  EXPECT_EQ(ShowInstance(id).instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(ShowInstance(id).history_intact);
}

TEST_F(ScopeTimerTest, LeavingTheScopeInTimeStopsItsTimer) {
  Deploy(Trip());
  InstanceId id = StartAs("clerk", "trip");
  Complete("clerk", id, "pack");
  Complete("boss", id, "navigate");
  Complete("clerk", id, "drive");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"arrive"});
  EXPECT_EQ(FireAt("2025-08-20T09:00:00+07:00"), 0);
  EXPECT_EQ(HistoryCount(ShowInstance(id), "scope-interrupted"), 0);
}

TEST_F(ScopeTimerTest, NonInterruptingTimerStartsOneMoreToken) {
  Deploy(Trip("false"));
  InstanceId id = StartAs("clerk", "trip");
  Complete("clerk", id, "pack");
  EXPECT_EQ(FireAt("2025-08-03T09:00:00+07:00"), 1);
  EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"drive", "give-up", "navigate"}));
  EXPECT_EQ(HistoryCount(ShowInstance(id), "timer-forked"), 1);
  EXPECT_EQ(FireAt("2025-08-09T09:00:00+07:00"), 0);   // once
  Complete("clerk", id, "give-up");
  Complete("clerk", id, "drive");
  Complete("boss", id, "navigate");
  Complete("clerk", id, "arrive");
  EXPECT_EQ(ShowInstance(id).instance.state, InstanceState::kCompleted);
}

}  // namespace
}  // namespace krabuan::testing
