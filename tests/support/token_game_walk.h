// Random walks of cases through the real engine, each resting state read in the soundness
// checker's terms (TokenGame, engine/validate/soundness.h), so a test can ask whether the
// engine only ever rests where the checker's token game says it can.
//
//   TokenGameWalk walk(engine, store, clock, org, def, game, seed);
//   walk.Run(8, 60);   // 8 cases, at most 60 commands each
//   EXPECT_TRUE(walk.unexplored().empty());
//
// One walk starts a case with random valid inputs, then repeatedly completes a random open
// task (random outcome and field values) or moves the clock to the case's next timer and
// fires it, until the case completes or the command budget runs out (then it is cancelled,
// so its timers do not reach the next case). Every random choice comes from `seed`.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/validate/soundness.h"
#include "tests/support/engine_fixture.h"

namespace krabuan::testing {

// The case's resting tokens as the checker counts them: tokens at the game's retired nodes
// are left out (the checker retires them as they arrive); a join's token keeps the node it
// came from; a task's token marks each of its non-interrupting, non-repeating timers that is
// no longer pending although the task has opened (its tasks exist: no window timer waits).
TokenGame::Marking MarkingOf(const ProcessDefinition& def, const TokenGame& game,
                             const std::vector<TokenRecord>& tokens, const std::vector<TimerRecord>& timers);

// "{a, sync<-b, check[fired 1]}"; "{}" for the empty marking.
std::string Describe(const TokenGame::Marking& m);

// A marking the engine rested in that the checker never explored, with how to get there.
struct Unexplored {
  TokenGame::Marking marking;
  int walk = 0;
  std::vector<std::string> commands;   // from the start, one line each
};

class TokenGameWalk {
 public:
  TokenGameWalk(Engine& engine, Store& store, ManualClock& clock, const Org& org, const ProcessDefinition& def,
                const TokenGame& game, std::uint64_t seed);

  // `walks` cases of at most `budget` commands each, each in fiscal year 2568 or 2569 (its
  // fiscal-year inputs and fields) from the year's first office day. Stops at the first
  // marking the checker never explored.
  void Run(int walks, int budget);

  const std::vector<Unexplored>& unexplored() const { return unexplored_; }
  // Cases that completed, and whether each ended in the checker's final (empty) marking.
  int completed() const { return completed_; }
  int completed_off_final() const { return completed_off_final_; }
  int commands() const { return commands_; }
  const std::set<TokenGame::Marking>& visited() const { return visited_; }

 private:
  std::uint64_t Pick(std::uint64_t n);   // uniform enough in [0, n)
  std::string RandomValue(const VariableDecl& v, int fiscal_year);
  std::vector<Assignment> RandomAssignments(const std::vector<VariableDecl>& decls, int fiscal_year);
  std::string SomeoneFor(const std::string& role) const;
  // Reads the case's marking and checks it; false when it was not explored (or reading failed).
  bool CheckRest(InstanceId id, int walk, const std::vector<std::string>& commands, bool* completed);
  // One case; false when it stopped on a failure.
  bool Walk(int walk, int budget);

  Engine& engine_;
  Store& store_;
  ManualClock& clock_;
  const Org& org_;
  const ProcessDefinition& def_;
  const TokenGame& game_;
  std::uint64_t state_;
  std::vector<Unexplored> unexplored_;
  std::set<TokenGame::Marking> visited_;
  int completed_ = 0, completed_off_final_ = 0, commands_ = 0;
};

}  // namespace krabuan::testing
