// The token runtime through the public engine API on a real SQLite file: loops,
// parallel joins, choices, versioning, permissions and atomicity of failed commands.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "tests/support/engine_fixture.h"

namespace krabuan::testing {
namespace {

const char* const kApproval = R"xml(<process id="approval" name="ขออนุมัติ" start-roles="clerk">
  <input name="amount" type="money" required="true"/>
  <start id="start" to="draft"/>
  <task id="draft" name="ร่างเรื่อง" role="clerk" due="P15D" to="review">
    <field name="subject" type="string"/>
  </task>
  <task id="review" name="พิจารณา" role="approver" to="decide">
    <outcome value="approve" label="เห็นชอบ"/>
    <outcome value="reject" label="ไม่เห็นชอบ"/>
  </task>
  <choice id="decide">
    <when test="outcome == 'approve'" to="done"/>
    <otherwise to="draft"/>
  </choice>
  <end id="done"/>
</process>)xml";

const char* const kParallel = R"xml(<process id="par" name="งานคู่ขนาน" start-roles="clerk">
  <start id="start" to="fork"/>
  <parallel id="fork" to="a b c"/>
  <task id="a" name="งาน ก" role="clerk" to="sync"/>
  <task id="b" name="งาน ข" role="approver" to="sync"/>
  <task id="c" name="งาน ค" role="board" to="sync"/>
  <join id="sync" to="after"/>
  <task id="after" name="สรุป" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml";

const char* const kNoOtherwise = R"xml(<process id="strict" name="เงื่อนไขเข้ม" start-roles="clerk">
  <input name="amount" type="money" required="true"/>
  <start id="start" to="enter"/>
  <task id="enter" name="บันทึก" role="clerk" to="route">
    <field name="level" type="int" required="true"/>
  </task>
  <choice id="route">
    <when test="level == 1 and amount &lt; 100000" to="small"/>
    <when test="level in [2, 3]" to="large"/>
  </choice>
  <task id="small" name="เล็ก" role="clerk" to="end"/>
  <task id="large" name="ใหญ่" role="approver" to="end"/>
  <end id="end"/>
</process>)xml";

TEST_F(EngineTest, RejectLoopRevisesAndResubmits) {
  Deploy(kApproval);
  InstanceId id = StartAs("clerk", "approval", {{"amount", "250,000.50"}});
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"draft"});

  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "draft"), "", {{"subject", "ซื้อครุภัณฑ์"}}, ""}).ok());
  ASSERT_TRUE(engine_->Complete({"boss"}, {OpenTaskAt(id, "review"), "reject", {}, "ขอรายละเอียดเพิ่ม"}).ok());
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"draft"});   // back to the drafting step
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "draft"), "", {{"subject", "ซื้อครุภัณฑ์ (แก้ไข)"}}, ""}).ok());
  // The Thai label works as well as the value.
  ASSERT_TRUE(engine_->Complete({"boss"}, {OpenTaskAt(id, "review"), "เห็นชอบ", {}, ""}).ok());

  InstanceView v = ShowInstance(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(v.open_tasks.empty());
  EXPECT_EQ(HistoryCount(v, "task-created"), 4);
  EXPECT_EQ(HistoryCount(v, "task-completed"), 4);
  EXPECT_EQ(HistoryCount(v, "completed"), 1);
  EXPECT_EQ(v.variables.at("subject").as_string(), "ซื้อครุภัณฑ์ (แก้ไข)");
  EXPECT_EQ(v.variables.at("amount").as_money().satang, 25000050);
  EXPECT_EQ(v.variables.at("review.outcome").as_string(), "approve");
  EXPECT_TRUE(v.history_intact);
  // The due date of the draft task: 15 days from creation.
  bool saw_due = false;
  for (const HistoryRecord& h : v.history) {
    if (h.action == "task-created" && h.node_id == "draft") {
      EXPECT_NE(h.detail.find("2025-08-16T02:00:00Z"), std::string::npos) << h.detail;
      saw_due = true;
      break;
    }
  }
  EXPECT_TRUE(saw_due);
}

TEST_F(EngineTest, ParallelBranchesJoinOnlyWhenAllArrive) {
  Deploy(kParallel);
  InstanceId id = StartAs("clerk", "par");
  EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"a", "b", "c"}));

  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "a"), "", {}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"b", "c"}));
  ASSERT_TRUE(engine_->Complete({"boss"}, {OpenTaskAt(id, "c"), "", {}, "บันทึกแทนคณะกรรมการ"}).ok());
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"b"});
  EXPECT_EQ(ShowInstance(id).instance.state, InstanceState::kRunning);
  ASSERT_TRUE(engine_->Complete({"boss2"}, {OpenTaskAt(id, "b"), "", {}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"after"});   // exactly one token went on
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "after"), "", {}, ""}).ok());

  InstanceView v = ShowInstance(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted);
  EXPECT_EQ(HistoryCount(v, "joined"), 1);
  EXPECT_EQ(HistoryCount(v, "join-waiting"), 2);
  // The board's act was recorded by an approver on its behalf.
  bool recorded = false;
  for (const HistoryRecord& h : v.history) {
    if (h.action == "task-completed" && h.node_id == "c") {
      EXPECT_EQ(h.user, "boss");
      EXPECT_EQ(h.role, "board");
      EXPECT_EQ(h.capacity, ActingCapacity::kRecorder);
      recorded = true;
    }
  }
  EXPECT_TRUE(recorded);
}

TEST_F(EngineTest, ChoiceWithNoMatchLeavesTheCaseUnchanged) {
  Deploy(kNoOtherwise);
  InstanceId id = StartAs("clerk", "strict", {{"amount", "500000"}});
  TaskId enter = OpenTaskAt(id, "enter");
  InstanceView before = ShowInstance(id);

  // level 1 but amount too large, and no <otherwise>: an error, nothing applied.
  Status s = engine_->Complete({"clerk"}, {enter, "", {{"level", "1"}}, ""});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("no condition matched"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("route"), std::string::npos) << s.message();
  InstanceView after = ShowInstance(id);
  EXPECT_EQ(after.history.size(), before.history.size());
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"enter"});
  EXPECT_EQ(after.variables.count("level"), 0u);

  // A matching value goes through.
  ASSERT_TRUE(engine_->Complete({"clerk"}, {enter, "", {{"level", "3"}}, ""}).ok());
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"large"});
}

TEST_F(EngineTest, ConditionOnUnsetVariableIsAnErrorNotFalse) {
  Deploy(R"xml(<process id="typo" name="พิมพ์ผิด" start-roles="clerk">
    <start id="start" to="c"/>
    <choice id="c"><when test="amuont == 5" to="x"/><otherwise to="x"/></choice>
    <task id="x" name="x" role="clerk" to="end"/><end id="end"/></process>)xml");
  Result<InstanceId> r = engine_->Start({"clerk"}, {"typo", {}, "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown variable 'amuont'"), std::string::npos) << r.status().message();
  Result<std::vector<InstanceRecord>> all = engine_->Instances({"admin"}, {});
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());   // the failed start left no instance behind
}

TEST_F(EngineTest, LoopWithoutWaitStateIsStopped) {
  Deploy(R"xml(<process id="spin" name="วน" start-roles="clerk">
    <start id="start" to="c"/>
    <choice id="c"><when test="false" to="end"/><otherwise to="c"/></choice>
    <end id="end"/></process>)xml");
  Result<InstanceId> r = engine_->Start({"clerk"}, {"spin", {}, "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("without reaching a task"), std::string::npos) << r.status().message();
}

TEST_F(EngineTest, RunningInstancesKeepTheirVersion) {
  Deploy(kApproval);
  InstanceId old_case = StartAs("clerk", "approval", {{"amount", "1"}});
  // Version 2 adds a signing step after approval.
  std::string v2 = kApproval;
  v2.replace(v2.find("<when test=\"outcome == 'approve'\" to=\"done\"/>"),
             std::string("<when test=\"outcome == 'approve'\" to=\"done\"/>").size(),
             "<when test=\"outcome == 'approve'\" to=\"sign\"/>");
  v2.replace(v2.find("<end id=\"done\"/>"), std::string("<end id=\"done\"/>").size(),
             "<task id=\"sign\" name=\"ลงนาม\" role=\"approver\" to=\"done\"/><end id=\"done\"/>");
  Result<std::vector<DeployResult>> d = engine_->Deploy({"admin"}, {{"approval.xml", v2}});
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ((*d)[0].version, 2);
  EXPECT_TRUE((*d)[0].changed);
  // The same content again deploys nothing.
  d = engine_->Deploy({"admin"}, {{"approval.xml", v2}});
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE((*d)[0].changed);
  EXPECT_EQ((*d)[0].version, 2);

  InstanceId new_case = StartAs("clerk", "approval", {{"amount", "1"}});
  for (InstanceId id : {old_case, new_case}) {
    ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "draft"), "", {}, ""}).ok());
    ASSERT_TRUE(engine_->Complete({"boss"}, {OpenTaskAt(id, "review"), "approve", {}, ""}).ok());
  }
  EXPECT_EQ(ShowInstance(old_case).instance.version, 1);
  EXPECT_EQ(ShowInstance(old_case).instance.state, InstanceState::kCompleted);
  EXPECT_EQ(ShowInstance(new_case).instance.version, 2);
  EXPECT_EQ(OpenNodes(new_case), std::vector<std::string>{"sign"});
}

TEST_F(EngineTest, PermissionsAndClaims) {
  Deploy(kApproval);
  InstanceId id = StartAs("clerk", "approval", {{"amount", "1"}});
  TaskId draft = OpenTaskAt(id, "draft");

  Status s = engine_->Complete({"boss"}, {draft, "", {}, ""});
  EXPECT_EQ(s.kind(), ErrorKind::kRefused);
  EXPECT_NE(s.message().find("needs role 'clerk'"), std::string::npos) << s.message();
  EXPECT_EQ(engine_->Complete({"nobody"}, {draft, "", {}, ""}).kind(), ErrorKind::kRefused);
  EXPECT_EQ(engine_->Start({"boss"}, {"approval", {{"amount", "1"}}, "", ""}).status().kind(), ErrorKind::kRefused);

  ASSERT_TRUE(engine_->Complete({"clerk"}, {draft, "", {}, ""}).ok());
  TaskId review = OpenTaskAt(id, "review");
  ASSERT_TRUE(engine_->Claim({"boss"}, review).ok());
  s = engine_->Complete({"boss2"}, {review, "approve", {}, ""});
  EXPECT_EQ(s.kind(), ErrorKind::kRefused);
  EXPECT_NE(s.message().find("assigned to 'boss'"), std::string::npos) << s.message();
  // boss2 no longer sees the claimed task; boss does.
  EXPECT_TRUE(engine_->Tasks({"boss2"}, {})->empty());
  EXPECT_EQ(engine_->Tasks({"boss"}, {})->size(), 1u);

  EXPECT_EQ(engine_->Reassign({"clerk"}, review, "boss2", "").kind(), ErrorKind::kRefused);
  EXPECT_EQ(engine_->Reassign({"admin"}, review, "clerk", "").kind(), ErrorKind::kRefused);  // lacks the role
  ASSERT_TRUE(engine_->Reassign({"admin"}, review, "boss2", "ลาป่วย").ok());
  ASSERT_TRUE(engine_->Complete({"boss2"}, {review, "approve", {}, ""}).ok());
  EXPECT_EQ(engine_->Complete({"boss2"}, {review, "approve", {}, ""}).kind(), ErrorKind::kRefused);
}

TEST_F(EngineTest, InputsAndFieldsAreTyped) {
  Deploy(kApproval);
  Result<InstanceId> r = engine_->Start({"clerk"}, {"approval", {{"amount", "abc"}}, "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("amount"), std::string::npos);
  r = engine_->Start({"clerk"}, {"approval", {}, "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'amount' (money) is required"), std::string::npos) << r.status().message();
  r = engine_->Start({"clerk"}, {"approval", {{"amount", "1"}, {"colour", "red"}}, "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no input 'colour'"), std::string::npos);

  InstanceId id = StartAs("clerk", "approval", {{"amount", "1"}});
  TaskId draft = OpenTaskAt(id, "draft");
  Status s = engine_->Complete({"clerk"}, {draft, "approve", {}, ""});
  EXPECT_NE(s.message().find("takes no outcome"), std::string::npos);
  s = engine_->Complete({"clerk"}, {draft, "", {{"nope", "1"}}, ""});
  EXPECT_NE(s.message().find("no field 'nope'"), std::string::npos);
  ASSERT_TRUE(engine_->Complete({"clerk"}, {draft, "", {}, ""}).ok());
  TaskId review = OpenTaskAt(id, "review");
  s = engine_->Complete({"boss"}, {review, "", {}, ""});
  EXPECT_NE(s.message().find("needs an outcome"), std::string::npos);
  s = engine_->Complete({"boss"}, {review, "maybe", {}, ""});
  EXPECT_NE(s.message().find("unknown outcome 'maybe'"), std::string::npos);
  EXPECT_NE(s.message().find("approve (เห็นชอบ)"), std::string::npos);
}

TEST_F(EngineTest, CancelClosesOpenTasks) {
  Deploy(kParallel);
  InstanceId id = StartAs("clerk", "par");
  EXPECT_EQ(engine_->Cancel({"clerk"}, id, "ไม่ต้องทำแล้ว").kind(), ErrorKind::kRefused);
  EXPECT_EQ(engine_->Cancel({"admin"}, id, "").kind(), ErrorKind::kInvalid);
  ASSERT_TRUE(engine_->Cancel({"admin"}, id, "ไม่ต้องทำแล้ว").ok());
  InstanceView v = ShowInstance(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCancelled);
  EXPECT_EQ(v.instance.end_reason, "ไม่ต้องทำแล้ว");
  EXPECT_TRUE(v.open_tasks.empty());
  EXPECT_EQ(HistoryCount(v, "task-cancelled"), 3);
  EXPECT_EQ(engine_->Cancel({"admin"}, id, "again").kind(), ErrorKind::kRefused);
  EXPECT_EQ(engine_->Cancel({"admin"}, 424242, "x").kind(), ErrorKind::kNotFound);
}

TEST_F(EngineTest, AssigneeFromVariableAndBusinessKey) {
  Deploy(R"xml(<process id="own" name="งานของผู้เริ่ม" start-roles="clerk">
    <start id="start" to="mine"/>
    <task id="mine" name="ของฉัน" assignee="${initiator}" to="end"/><end id="end"/></process>)xml");
  Result<InstanceId> id = engine_->Start({"clerk"}, {"own", {}, "2568-01", ""});
  ASSERT_TRUE(id.ok());
  Result<InstanceId> dup = engine_->Start({"clerk"}, {"own", {}, "2568-01", ""});
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("already has key '2568-01'"), std::string::npos);
  Result<std::vector<TaskView>> mine = engine_->Tasks({"clerk"}, {});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().task.assignee, "clerk");
  ASSERT_TRUE(engine_->Complete({"clerk"}, {mine->front().task.id, "", {}, ""}).ok());
  // Once the first is done, the key is free again.
  EXPECT_TRUE(engine_->Start({"clerk"}, {"own", {}, "2568-01", ""}).ok());
}

TEST_F(EngineTest, HistoryEditedOutsideTheEngineIsDetected) {
  Deploy(kApproval);
  InstanceId id = StartAs("clerk", "approval", {{"amount", "1"}});
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "draft"), "", {}, "ต้นฉบับ"}).ok());
  EXPECT_TRUE(ShowInstance(id).history_intact);
  {
    SQLite::Database db(db_path_, SQLite::OPEN_READWRITE);
    EXPECT_EQ(db.exec("UPDATE history SET comment = 'แก้ไขภายหลัง' WHERE comment = 'ต้นฉบับ'"), 1);
  }
  EXPECT_FALSE(ShowInstance(id).history_intact);
}

TEST_F(EngineTest, DeployChecksRolesAgainstTheOrg) {
  Result<std::vector<DeployResult>> r = engine_->Deploy(
      {"admin"}, {{"bad.xml", R"xml(<process id="bad" name="x" start-roles="ghost">
  <start id="start" to="t"/>
  <task id="t" name="t" role="nobody-role" to="end"/>
  <end id="end"/>
</process>)xml"}});
  ASSERT_FALSE(r.ok());
  std::vector<std::string> lines = r.status().lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("unknown role 'ghost'"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("bad.xml:3:25: unknown role 'nobody-role'"), std::string::npos) << lines[1];
  EXPECT_EQ(engine_->Deploy({"clerk"}, {{"approval.xml", kApproval}}).status().kind(), ErrorKind::kRefused);
}

}  // namespace
}  // namespace krabuan::testing
