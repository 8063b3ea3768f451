// The arrival rules the engine and the soundness checker share: which inclusive joins may
// fire at rest, and where a choice may send a token.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/model/arrival_rules.h"
#include "engine/parse/process_parser.h"

namespace krabuan {
namespace {

// Two inclusive merges in a row and a third beside them: split -> pick -> a, b -> first
// -> c -> second, split -> e -> second; split -> d -> x, y -> third.
const char* const kTwoJoins = R"xml(<process id="joins" name="joins" start-roles="clerk">
  <start id="start" to="split"/>
  <parallel id="split" to="pick d e"/>
  <inclusive id="pick" name="pick">
    <when test="true" to="a"/>
    <when test="true" to="b"/>
    <otherwise to="a"/>
  </inclusive>
  <task id="a" name="a" role="clerk" to="first"/>
  <task id="b" name="b" role="clerk" to="first"/>
  <join id="first" to="c" inclusive="true"/>
  <task id="c" name="c" role="clerk" to="second"/>
  <task id="e" name="e" role="clerk" to="second"/>
  <join id="second" to="end" inclusive="true"/>
  <parallel id="d" to="x y"/>
  <task id="x" name="x" role="clerk" to="third"/>
  <task id="y" name="y" role="clerk" to="third"/>
  <join id="third" to="end2" inclusive="true"/>
  <end id="end"/>
  <end id="end2"/>
</process>)xml";

class ArrivalRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<ProcessDefinition> def = ParseProcess(kTwoJoins, "joins.xml");
    ASSERT_TRUE(def.ok()) << def.status().message();
    def_ = std::move(def.value());
  }
  std::vector<std::size_t> At(const std::vector<std::string>& ids) const {
    std::vector<std::size_t> out;
    for (const std::string& id : ids) out.push_back(*def_->IndexOf(id));
    return out;
  }
  std::vector<std::string> Ready(const std::vector<std::string>& tokens) const {
    std::vector<std::size_t> at = At(tokens);
    std::vector<std::string> out;
    for (std::size_t j : ReadyInclusiveJoins(*def_, at)) out.push_back(def_->nodes()[j].id);
    return out;
  }
  std::optional<ProcessDefinition> def_;
};

TEST_F(ArrivalRulesTest, AJoinWaitsWhileATokenCanStillComeToIt) {
  EXPECT_EQ(Ready({"first", "b"}), std::vector<std::string>{});
  EXPECT_EQ(Ready({"first", "first"}), std::vector<std::string>{"first"});
}

TEST_F(ArrivalRulesTest, ATokenBeforeAnEarlierJoinBlocksTheLaterOne) {
  // The token resting at `first` will go on to `second`.
  EXPECT_EQ(Ready({"second", "first"}), std::vector<std::string>{"first"});
}

TEST_F(ArrivalRulesTest, IndependentJoinsAreReadyTogetherInTheOrderOfTheirFirstToken) {
  EXPECT_EQ(Ready({"third", "first", "first", "third"}), (std::vector<std::string>{"third", "first"}));
}

TEST_F(ArrivalRulesTest, NoTokenNoJoin) {
  EXPECT_EQ(Ready({"a", "x"}), std::vector<std::string>{});
}

TEST_F(ArrivalRulesTest, AChoiceSendsToEachDistinctTargetOnceAParallelDownEveryFlow) {
  EXPECT_EQ(DistinctTargets(*def_->FindNode("pick")), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(DistinctTargets(*def_->FindNode("split")), (std::vector<std::string>{"pick", "d", "e"}));
}

}  // namespace
}  // namespace krabuan
