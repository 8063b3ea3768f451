// Workflow-net soundness of a process, proved by exploring every reachable marking.
//
// The token game is the engine's (engine/exec/stepper.cc and the node processors): a token rests at a task or a
// wait until it is completed or fires; start, parallel and choice pass it on at once
// (a parallel puts a token on each target); a join keeps one token per arriving node and
// fires when a token waits from each distinct node flowing into it; an inclusive join
// fires, once every token is at rest, when no other token can still reach it; an end
// consumes a token; the instance completes when no token is left. Choices are free:
// conditions are not evaluated, so each <when> and the <otherwise> is a possible move, and
// an inclusive choice may take any non-empty set of its <when>s, or its <otherwise> (within
// one move a choice reached twice goes the same way both times, as the engine evaluates it
// on the same variables). Timers are free too: a task's may fire whenever the task is open
// (a non-interrupting one once per opening, a repeating one any number of times), and a
// scope's whenever a token rests inside (an interrupting one takes all of them out).
//
// A marking is the multiset of resting tokens (task, wait, or join-with-the-node-it-came-
// from), kept as a sorted vector in a hash set. One move completes one resting token and
// runs everything it sets off to rest, as one engine command does. The process is sound
// when:
//   (a) option to complete: from every reachable marking, completion is reachable (no
//       deadlock — e.g. a join waiting on a branch a choice may skip — and no livelock);
//   (b) proper completion: no token reaches an end while other tokens remain that can
//       never finish, and no join receives a second token from the same node while the
//       first still waits (lack of synchronization);
//   (c) no dead nodes: every node is reached in some run.
// Each violation carries a counterexample: the node ids tokens reached, in order, from
// the start, along a shortest run (fewest moves).
//
// Two tokens may rest in one task at once: that is how a process handles several items
// at a time (correspondence.xml forks one token per letter). Branches of a parallel
// split that meet without a join are reported by CheckStructure (structure.h).
//
// A token whose every onward path avoids joins and can always reach an end finishes on
// its own whatever the others do, so it is retired when it arrives (its onward nodes
// count as reached). This keeps per-item tokens from making the state space unbounded.
//
// The exploration is bounded: a marking of more than `max_tokens` tokens is not expanded,
// nor is any marking past `max_states`. Then the verdict is kUnknown ("too large to
// prove"), never kSound; violations already found are still proven (each has its run),
// and make the verdict kUnsound.
//
//   SoundnessReport r = CheckSoundness(def);
//   if (r.verdict != SoundnessReport::Verdict::kSound) std::cerr << r.ToString();
//
// Thread-safe: a pure function of its arguments.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/process_definition.h"
#include "engine/model/source_location.h"

namespace krabuan {

struct SoundnessViolation {
  enum class Property { kOptionToComplete, kProperCompletion, kNoDeadNodes };

  Property property = Property::kOptionToComplete;
  std::string node;            // the node at fault: the waiting join, the end, the dead node
  SourceLocation where;        // that node's place in the file
  std::string message;
  // The node ids tokens reached, in order, from the start (empty for a dead node).
  std::vector<std::string> path;

  // "p.xml:9:3: option to complete violated: deadlock: … (join 'sync'); run: start -> fork -> …"
  std::string ToString() const;
};

// "option to complete", "proper completion", "no dead nodes".
std::string_view PropertyName(SoundnessViolation::Property property);

struct SoundnessReport {
  enum class Verdict {
    kSound,     // every reachable marking was explored and no violation found
    kUnsound,   // at least one violation, each with its counterexample
    kUnknown,   // the exploration hit a bound before it finished: not proven either way
  };

  Verdict verdict = Verdict::kUnknown;
  std::vector<SoundnessViolation> violations;
  std::size_t markings = 0;   // distinct markings found
  std::string limit;          // for kUnknown: which bound stopped the exploration

  // One line for the verdict, then one per violation.
  std::string ToString() const;
};

// "sound", "unsound", "unknown".
std::string_view VerdictName(SoundnessReport::Verdict verdict);

inline constexpr std::size_t kDefaultMaxStates = 100000;
inline constexpr std::size_t kDefaultMaxTokens = 20;

SoundnessReport CheckSoundness(const ProcessDefinition& def, std::size_t max_states = kDefaultMaxStates,
                               std::size_t max_tokens = kDefaultMaxTokens);

// The markings CheckSoundness explores, in its own terms, so that the engine can be held
// to the same token game: after any command, the resting tokens of a case (less those at
// `retired` nodes) must make one of `markings`, or the proof is about another machine
// (tests/engine/validate/token_game_agrees_test.cc).
struct TokenGame {
  // A resting token. At a join, `from` is the node it came from; at a task, bit b of
  // `fired` is set when the task's b-th <on-timer> (node.boundaries order), being neither
  // interrupting nor repeating, has fired since the task opened (a repeating one is not
  // marked, an interrupting one takes the token away). Variables, due times, items of
  // work per item (one token has them all) and scopes' timers are not part of it.
  struct Token {
    std::string node;
    std::string from;
    std::uint32_t fired = 0;
    friend auto operator<=>(const Token&, const Token&) = default;
  };
  using Marking = std::vector<Token>;   // sorted

  std::set<Marking> markings;    // every marking reached; the empty one: every token finished or retired
  // Nodes where an arriving token is retired at once, as it finishes on its own (every
  // onward path avoids joins and scopes and reaches an end); no marking has a token there.
  std::set<std::string> retired;
  bool complete = false;         // no bound was hit: `markings` is every reachable one
};

// The same exploration as CheckSoundness, with the same bounds; its verdict is not given.
TokenGame ExploreTokenGame(const ProcessDefinition& def, std::size_t max_states = kDefaultMaxStates,
                           std::size_t max_tokens = kDefaultMaxTokens);

}  // namespace krabuan
