// ExploreTokenGame hands back the markings the soundness checker explores, in its terms:
// tokens at tasks and waits, a join's with the node it came from, a task's with the
// non-interrupting timers that fired; tokens that finish on their own are retired.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "engine/parse/process_parser.h"
#include "engine/validate/soundness.h"

namespace krabuan {
namespace {

using Marking = TokenGame::Marking;

ProcessDefinition Parse(const std::string& body) {
  Result<ProcessDefinition> r = ParseProcess("<process id=\"p\" name=\"x\">\n" + body + "</process>\n", "p.xml");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.status().lines().front());
  return std::move(r.value());
}

TEST(TokenGame, AParallelSplitAndItsJoin) {
  TokenGame game = ExploreTokenGame(Parse(R"xml(
  <start id="s" to="p"/>
  <parallel id="p" to="a b"/>
  <task id="a" name="a" role="r" to="j"/>
  <task id="b" name="b" role="r" to="j"/>
  <join id="j" to="after"/>
  <task id="after" name="after" role="r" to="e"/>
  <end id="e"/>)xml"));
  EXPECT_TRUE(game.complete);
  // Past the join a token can only finish: it is retired as it arrives, so the last
  // marking is the empty one.
  std::set<Marking> expected = {
      {{"a", "", 0}, {"b", "", 0}},
      {{"b", "", 0}, {"j", "a", 0}},
      {{"a", "", 0}, {"j", "b", 0}},
      {},
  };
  EXPECT_EQ(game.markings, expected);
  EXPECT_EQ(game.retired, (std::set<std::string>{"after", "e"}));
}

TEST(TokenGame, ANonInterruptingTimerIsMarkedOnItsTaskOnceFired) {
  TokenGame game = ExploreTokenGame(Parse(R"xml(
  <start id="s" to="p"/>
  <parallel id="p" to="a b"/>
  <task id="a" name="a" role="r" to="j">
    <on-timer id="stop" after="P3D" to="j"/>
    <on-timer id="nudge" after="P1D" to="n" interrupting="false"/>
  </task>
  <task id="n" name="n" role="r" to="e"/>
  <task id="b" name="b" role="r" to="j"/>
  <join id="j" to="e"/>
  <end id="e"/>)xml"));
  EXPECT_TRUE(game.complete);
  EXPECT_TRUE(game.markings.count({{"a", "", 0}, {"b", "", 0}}));
  EXPECT_TRUE(game.markings.count({{"a", "", 2}, {"b", "", 0}}));   // bit 1: 'nudge', the second timer
  EXPECT_TRUE(game.markings.count({{"a", "", 2}, {"j", "b", 0}}));
  EXPECT_FALSE(game.markings.count({{"a", "", 1}, {"b", "", 0}}));  // 'stop' takes the token away
  EXPECT_TRUE(game.retired.count("n"));
  EXPECT_FALSE(game.retired.count("a"));
}

TEST(TokenGame, ABoundHitIsNotAComplete) {
  TokenGame game = ExploreTokenGame(Parse(R"xml(
  <start id="s" to="p"/>
  <parallel id="p" to="a b c"/>
  <task id="a" name="a" role="r" to="j"/>
  <task id="b" name="b" role="r" to="j"/>
  <task id="c" name="c" role="r" to="j"/>
  <join id="j" to="e"/>
  <end id="e"/>)xml"), /*max_states=*/3);
  EXPECT_FALSE(game.complete);
  EXPECT_EQ(game.markings.size(), 3u);
}

}  // namespace
}  // namespace krabuan
