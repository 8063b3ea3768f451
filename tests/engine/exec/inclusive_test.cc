// Inclusive choices and joins at run time: an <inclusive> sends a token down every branch
// whose test holds (or its <otherwise>), and a <join inclusive="true"> goes on once no
// other token can still come to it, however many branches were taken.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/engine_fixture.h"

namespace krabuan::testing {
namespace {

// Which offices must comment on a request: finance when it costs money, legal when it
// changes a regulation; neither: the clerk files it.
const char* const kComments = R"xml(<process id="comments" name="ขอความเห็น" start-roles="clerk">
  <input name="amount" type="money" required="true"/>
  <input name="regulation" type="bool" required="true"/>
  <start id="start" to="ask"/>
  <inclusive id="ask" name="ขอความเห็นจากใคร">
    <when test="amount &gt; 0" to="finance"/>
    <when test="regulation" to="legal"/>
    <otherwise to="file"/>
  </inclusive>
  <task id="finance" name="ความเห็นการเงิน" role="approver" to="merge"/>
  <task id="legal" name="ความเห็นกฎหมาย" role="approver" to="merge"/>
  <task id="file" name="เก็บเรื่อง" role="clerk" to="merge"/>
  <join id="merge" to="decide" inclusive="true"/>
  <task id="decide" name="สรุปเสนอ" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml";

class InclusiveTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Deploy(kComments);
  }
  InstanceId Start(const std::string& amount, const std::string& regulation) {
    return StartAs("clerk", "comments", {{"amount", amount}, {"regulation", regulation}});
  }
  void Complete(const std::string& login, InstanceId id, const std::string& node) {
    Status s = engine_->Complete({login}, {OpenTaskAt(id, node), "", {}, ""});
    ASSERT_TRUE(s.ok()) << s.message();
  }
};

TEST_F(InclusiveTest, BothBranchesTakenAndTheJoinWaitsForBoth) {
  InstanceId id = Start("5000", "true");
  EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"finance", "legal"}));
  Complete("boss", id, "legal");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"finance"});   // finance can still come
  Complete("boss", id, "finance");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"decide"});
  InstanceView v = ShowInstance(id);
  EXPECT_EQ(HistoryCount(v, "join-waiting"), 2);
  EXPECT_EQ(HistoryCount(v, "joined"), 1);
  Complete("clerk", id, "decide");
  EXPECT_EQ(ShowInstance(id).instance.state, InstanceState::kCompleted);
}

TEST_F(InclusiveTest, OneBranchTakenAndTheJoinGoesOnWithIt) {
  InstanceId id = Start("0", "true");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"legal"});
  Complete("boss", id, "legal");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"decide"});
  Complete("clerk", id, "decide");
  EXPECT_EQ(ShowInstance(id).instance.state, InstanceState::kCompleted);
  EXPECT_TRUE(ShowInstance(id).history_intact);
}

TEST_F(InclusiveTest, NoTestHoldsAndOtherwiseIsTaken) {
  InstanceId id = Start("0", "false");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"file"});
  Complete("clerk", id, "file");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"decide"});
}

// The join's state survives a restart: the waiting token is a row like any other.
TEST_F(InclusiveTest, AWaitingJoinSurvivesReopening) {
  InstanceId id = Start("100", "true");
  Complete("boss", id, "finance");
  Reopen();
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"legal"});
  Complete("boss", id, "legal");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"decide"});
}

// Without <otherwise>, a case that matches nothing stops with the tests it tried, and
// nothing is written.
TEST_F(EngineTest, InclusiveWithNoMatchIsAnErrorNamingItsTests) {
  Deploy(R"xml(<process id="strict" name="เข้ม" start-roles="clerk">
  <input name="n" type="int" required="true"/>
  <start id="start" to="ask"/>
  <inclusive id="ask">
    <when test="n &gt; 0" to="a"/>
    <when test="n &gt; 10" to="b"/>
  </inclusive>
  <task id="a" name="ก" role="clerk" to="merge"/>
  <task id="b" name="ข" role="clerk" to="merge"/>
  <join id="merge" to="end" inclusive="true"/>
  <end id="end"/>
</process>)xml");
  Result<InstanceId> r = engine_->Start({"clerk"}, {"strict", {{"n", "0"}}, "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("inclusive 'ask'"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("tried: n > 0; n > 10"), std::string::npos) << r.status().message();
  // Both tests hold: two tokens, and the join takes both.
  InstanceId id = StartAs("clerk", "strict", {{"n", "11"}});
  EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace krabuan::testing

namespace krabuan::testing {
namespace {

// An inclusive join inside another: when the inner one fires, the token it sends on is
// still on its way to the outer one, which must wait for it rather than fire without it
// (and then fire a second time when it arrives).
TEST_F(EngineTest, AnInnerInclusiveJoinFiringDoesNotFireTheOuterOneWithoutIt) {
  Deploy(R"xml(<process id="nested-inclusive" name="ซ้อน" start-roles="clerk">
  <start id="start" to="fork"/>
  <parallel id="fork" to="outer side"/>
  <inclusive id="outer"><when test="true" to="x"/><when test="true" to="inner"/></inclusive>
  <task id="x" name="x" role="clerk" to="merge-outer"/>
  <inclusive id="inner"><when test="true" to="y"/><when test="true" to="z"/></inclusive>
  <task id="y" name="y" role="clerk" to="merge-inner"/>
  <task id="z" name="z" role="clerk" to="merge-inner"/>
  <join id="merge-inner" to="merge-outer" inclusive="true"/>
  <join id="merge-outer" to="after" inclusive="true"/>
  <task id="after" name="after" role="clerk" to="sync"/>
  <task id="side" name="side" role="clerk" to="sync"/>
  <join id="sync" to="end"/>
  <end id="end"/>
</process>)xml");
  InstanceId id = StartAs("clerk", "nested-inclusive");
  for (const char* node : {"z", "x", "y"}) {
    ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, node), "", {}, ""}).ok()) << node;
  }
  EXPECT_EQ(OpenNodes(id), (std::vector<std::string>{"after", "side"}));
  EXPECT_EQ(HistoryCount(ShowInstance(id), "joined"), 2);
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "after"), "", {}, ""}).ok());
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "side"), "", {}, ""}).ok());
  EXPECT_EQ(ShowInstance(id).instance.state, InstanceState::kCompleted);
}

}  // namespace
}  // namespace krabuan::testing
