// One token game: `deploy` accepts a process on the soundness checker's proof, and the
// checker re-implements the stepper's rules (engine/exec/stepper.cc), so the two must play
// the same game. Random cases walk through the real engine, and after every command the
// case's resting tokens, read in the checker's terms (MarkingOf), must be a marking the
// checker explored (ExploreTokenGame); a case that completes must end in the checker's
// final (empty) marking. Each process has a fixed seed, printed; set
// KRABUAN_TOKEN_GAME_SEED to walk with another.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "engine/validate/soundness.h"
#include "tests/support/engine_fixture.h"
#include "tests/support/manual_fixture.h"
#include "tests/support/token_game_walk.h"

namespace krabuan::testing {
namespace {

const char* SeedOverride() { return std::getenv("KRABUAN_TOKEN_GAME_SEED"); }

// Per process, so adding one does not change the others' walks (FNV-1a of the id).
std::uint64_t SeedFor(const std::string& process) {
  if (const char* s = SeedOverride()) return std::strtoull(s, nullptr, 10);
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : process) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Processes the engine and the checker are known to play differently, and why. With its own
// seed a listed process must still diverge: when the engine or the checker is fixed, the
// mark goes.
const std::map<std::string, std::string>& KnownDivergences() {
  static const std::map<std::string, std::string> known = {
  };
  return known;
}

// Walks `process` (deployed) and holds every resting state to the checker's markings.
void WalkAndCompare(Engine& engine, Store& store, ManualClock& clock, const Org& org, const std::string& process,
                    int walks, int budget) {
  Result<std::shared_ptr<const ProcessDefinition>> def = engine.Definition(process);
  ASSERT_TRUE(def.ok()) << def.status().message();
  TokenGame game = ExploreTokenGame(**def);
  ASSERT_TRUE(game.complete) << process << ": the checker hit a bound, so its markings are not all of them";
  std::uint64_t seed = SeedFor(process);
  std::cout << "[ token game ] " << process << ": seed " << seed << ", " << game.markings.size() << " markings\n";

  TokenGameWalk walk(engine, store, clock, org, **def, game, seed);
  walk.Run(walks, budget);
  if (::testing::Test::HasFailure()) return;
  std::cout << "[ token game ] " << process << ": " << walk.commands() << " commands, " << walk.visited().size()
            << " of the markings visited, " << walk.completed() << " of " << walks << " cases completed\n";
  EXPECT_EQ(walk.completed_off_final(), 0) << process << ": a completed case ended outside the checker's final marking";
  // Not vacuous: the walks moved the case past its first rest. A process with no join on
  // any path has one marking, the empty one: the checker retires every token as it arrives
  // (each finishes on its own), so the game there only says the case completes.
  if (game.markings.size() > 1) {
    EXPECT_GE(walk.visited().size(), 2u) << process;
  } else {
    std::cout << "[ token game ] " << process << ": no join, every token retired: one marking, the final one\n";
  }

  auto known = KnownDivergences().find(process);
  if (known != KnownDivergences().end() && SeedOverride() == nullptr) {
    EXPECT_FALSE(walk.unexplored().empty()) << process << " agrees with the checker now: drop its known divergence ("
                                            << known->second << ")";
  }
  for (const Unexplored& u : walk.unexplored()) {
    std::string how;
    for (const std::string& c : u.commands) how += "\n    " + c;
    std::string text = process + " (seed " + std::to_string(seed) + ", walk " + std::to_string(u.walk) +
                       "): the engine rests at " + Describe(u.marking) +
                       ", a marking the soundness checker never explored; the commands:" + how;
    if (known != KnownDivergences().end()) {
      std::cout << "[ token game ] known divergence: " << text << "\n";
    } else {
      ADD_FAILURE() << text;
    }
  }
}

// ---- The procedures in processes/, on the real org file and holidays.

std::vector<std::string> BundledProcesses() {
  std::vector<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(ProcessesDir())) {
    if (entry.path().extension() == ".xml" && entry.path().filename() != "org.xml") {
      ids.push_back(entry.path().stem().string());
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

class TokenGameOfBundledProcess : public ManualProcessTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(TokenGameOfBundledProcess, EngineRestsOnlyWhereTheCheckerExplored) {
  DeployProcess(GetParam());
  WalkAndCompare(*engine_, *store_, clock_, *org_, GetParam(), 8, 60);
}

std::string ProcessName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(EveryProcess, TokenGameOfBundledProcess, ::testing::ValuesIn(BundledProcesses()), ProcessName);

TEST(TokenGameOfBundledProcessCases, CoverEveryProcessFile) { EXPECT_EQ(BundledProcesses().size(), 21u); }

// ---- Small processes on the test org, for what the procedures do not use: timers of
// tasks and scopes, inclusive choices and joins, loops, waits, work per item.

struct SmallProcess {
  std::string id;
  std::string xml;
};

void PrintTo(const SmallProcess& p, std::ostream* os) { *os << p.id; }

std::vector<SmallProcess> SmallProcesses() {
  return {
      // As in tests/engine/exec/inclusive_test.cc.
      {"comments", R"xml(<process id="comments" name="ขอความเห็น" start-roles="clerk">
  <input name="amount" type="money" required="true" max="10000.00"/>
  <input name="regulation" type="bool" required="true"/>
  <start id="start" to="ask"/>
  <inclusive id="ask" name="ขอความเห็นจากใคร">
    <when test="amount &gt; 5000" to="finance"/>
    <when test="regulation" to="legal"/>
    <otherwise to="file"/>
  </inclusive>
  <task id="finance" name="ความเห็นการเงิน" role="approver" to="merge"/>
  <task id="legal" name="ความเห็นกฎหมาย" role="approver" to="merge"/>
  <task id="file" name="เก็บเรื่อง" role="clerk" to="merge"/>
  <join id="merge" to="decide" inclusive="true"/>
  <task id="decide" name="สรุปเสนอ" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml"},
      // An inclusive split inside another, each closed by its own inclusive join, beside a
      // task of its own (so that what leaves the inner splits meets a join again).
      {"nested-inclusive", R"xml(<process id="nested-inclusive" name="ซ้อน" start-roles="clerk">
  <input name="left" type="bool" required="true"/>
  <input name="right" type="bool" required="true"/>
  <input name="up" type="bool" required="true"/>
  <input name="down" type="bool" required="true"/>
  <start id="start" to="fork"/>
  <parallel id="fork" to="outer side"/>
  <inclusive id="outer">
    <when test="left" to="x"/>
    <when test="right" to="inner"/>
    <otherwise to="x"/>
  </inclusive>
  <task id="x" name="x" role="clerk" to="merge-outer"/>
  <inclusive id="inner">
    <when test="up" to="y"/>
    <when test="down" to="z"/>
    <otherwise to="y"/>
  </inclusive>
  <task id="y" name="y" role="clerk" to="merge-inner"/>
  <task id="z" name="z" role="approver" to="merge-inner"/>
  <join id="merge-inner" to="merge-outer" inclusive="true"/>
  <join id="merge-outer" to="after" inclusive="true"/>
  <task id="after" name="after" role="clerk" to="sync"/>
  <task id="side" name="side" role="approver" to="sync"/>
  <join id="sync" to="end"/>
  <end id="end"/>
</process>)xml"},
      // As in tests/engine/exec/timer_boundary_test.cc (interrupting, both kinds, repeating),
      // each on a branch of a parallel: a token a timer moves meets the join.
      {"review", R"xml(<process id="review" name="ตรวจ" start-roles="clerk">
  <start id="start" to="fork"/>
  <parallel id="fork" to="check other"/>
  <task id="check" name="ตรวจเอกสาร" role="approver" due="P5D" remind="none" escalate-after="none" to="done">
    <on-timer id="late" after="P3D" to="escalate"/>
  </task>
  <task id="escalate" name="เร่งรัด" role="clerk" to="done"/>
  <task id="done" name="แจ้งผล" role="clerk" to="sync"/>
  <task id="other" name="อื่น" role="clerk" to="sync"/>
  <join id="sync" to="end"/>
  <end id="end"/>
</process>)xml"},
      {"two-timers", R"xml(<process id="two-timers" name="สอง" start-roles="clerk">
  <start id="start" to="fork"/>
  <parallel id="fork" to="check other"/>
  <task id="check" name="ตรวจ" role="approver" to="sync">
    <on-timer id="stop" after="P3D" to="sync"/>
    <on-timer id="nudge" after="P1D" to="notify" interrupting="false"/>
  </task>
  <task id="other" name="อื่น" role="clerk" to="sync"/>
  <join id="sync" to="end"/>
  <task id="notify" name="แจ้งเตือน" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml"},
      {"repeat", R"xml(<process id="repeat" name="ซ้ำ" start-roles="clerk">
  <start id="start" to="fork"/>
  <parallel id="fork" to="check other"/>
  <task id="check" name="ตรวจ" role="approver" to="sync">
    <on-timer id="nudge" every="R3/PT2H" to="notify" interrupting="false"/>
  </task>
  <task id="other" name="อื่น" role="clerk" to="sync"/>
  <join id="sync" to="end"/>
  <task id="notify" name="แจ้งเตือน" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml"},
      // As in tests/engine/exec/scope_timer_test.cc, with either kind of timer.
      {"trip", R"xml(<process id="trip" name="เดินทาง" start-roles="clerk">
  <start id="start" to="pack"/>
  <task id="pack" name="จัดของ" role="clerk" to="fork"/>
  <parallel id="fork" to="drive navigate"/>
  <task id="drive" name="ขับรถ" role="clerk" to="sync"/>
  <task id="navigate" name="นำทาง" role="approver" to="sync"/>
  <join id="sync" to="arrive"/>
  <task id="arrive" name="ถึงที่หมาย" role="clerk" to="end"/>
  <task id="give-up" name="เลิกเดินทาง" role="clerk" to="end"/>
  <scope id="journey" name="ช่วงเดินทาง" nodes="drive navigate sync">
    <on-timer id="too-long" after="P2D" to="give-up"/>
  </scope>
  <end id="end"/>
</process>)xml"},
      {"trip-nudged", R"xml(<process id="trip-nudged" name="เดินทาง" start-roles="clerk">
  <start id="start" to="pack"/>
  <task id="pack" name="จัดของ" role="clerk" to="fork"/>
  <parallel id="fork" to="drive navigate"/>
  <task id="drive" name="ขับรถ" role="clerk" to="sync"/>
  <task id="navigate" name="นำทาง" role="approver" to="sync"/>
  <join id="sync" to="arrive"/>
  <task id="arrive" name="ถึงที่หมาย" role="clerk" to="end"/>
  <task id="hurry" name="เร่ง" role="clerk" to="end"/>
  <scope id="journey" name="ช่วงเดินทาง" nodes="drive navigate sync">
    <on-timer id="slow" after="P1D" to="hurry" interrupting="false"/>
  </scope>
  <end id="end"/>
</process>)xml"},
      // A parallel inside a loop, and a wait on one branch (one already over: it passes).
      {"rounds", R"xml(<process id="rounds" name="รอบ" start-roles="clerk">
  <start id="start" to="fork"/>
  <parallel id="fork" to="a b pause"/>
  <task id="a" name="ก" role="clerk" to="sync"/>
  <task id="b" name="ข" role="approver" to="sync"/>
  <wait id="pause" for="P2D" to="gone"/>
  <wait id="gone" until="2020-01-01T00:00:00+07:00" to="sync"/>
  <join id="sync" to="decide"/>
  <task id="decide" name="ตัดสิน" role="clerk" to="again">
    <outcome value="again" label="อีกรอบ"/>
    <outcome value="done" label="เสร็จ"/>
  </task>
  <choice id="again">
    <when test="outcome == 'again'" to="fork"/>
    <otherwise to="end"/>
  </choice>
  <end id="end"/>
</process>)xml"},
      // Work per item over the org's schools beside a task of the office, then a join.
      {"per-school", R"xml(<process id="per-school" name="รายโรงเรียน" start-roles="clerk">
  <start id="start" to="fork"/>
  <parallel id="fork" to="collect summarise"/>
  <task id="collect" name="ส่งข้อมูล" role="school" for-each="org:schools" to="sync">
    <field name="pupils" type="int" required="true" min="0" max="2000"/>
  </task>
  <task id="summarise" name="สรุป" role="clerk" to="sync"/>
  <join id="sync" to="check"/>
  <task id="check" name="ตรวจ" role="approver" to="route">
    <outcome value="ok" label="ผ่าน"/>
    <outcome value="redo" label="ทำใหม่"/>
  </task>
  <choice id="route">
    <when test="outcome == 'redo'" to="fork"/>
    <otherwise to="end"/>
  </choice>
  <end id="end"/>
</process>)xml"},
  };
}

class TokenGameOfSmallProcess : public EngineTest, public ::testing::WithParamInterface<SmallProcess> {};

TEST_P(TokenGameOfSmallProcess, EngineRestsOnlyWhereTheCheckerExplored) {
  Deploy(GetParam().xml, GetParam().id + ".xml");
  if (HasFatalFailure()) return;
  Result<std::shared_ptr<const Org>> org = engine_->GetOrg();
  ASSERT_TRUE(org.ok());
  WalkAndCompare(*engine_, *store_, clock_, **org, GetParam().id, 16, 40);
}

std::string SmallName(const ::testing::TestParamInfo<SmallProcess>& info) {
  std::string name = info.param.id;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Small, TokenGameOfSmallProcess, ::testing::ValuesIn(SmallProcesses()), SmallName);

}  // namespace
}  // namespace krabuan::testing
