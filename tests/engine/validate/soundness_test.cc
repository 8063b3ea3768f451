// Soundness by state exploration: known-sound nets prove sound, known-unsound nets are
// caught with a counterexample run, and a net too large to explore is "unknown", never
// "sound".
#include "engine/validate/soundness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/parse/process_parser.h"

namespace krabuan {
namespace {

using Property = SoundnessViolation::Property;
using Verdict = SoundnessReport::Verdict;

ProcessDefinition Parse(const std::string& body) {
  std::string xml = "<process id=\"p\" name=\"x\">\n" + body + "</process>\n";
  Result<ProcessDefinition> r = ParseProcess(xml, "p.xml");
  if (!r.ok()) {
    std::string all;
    for (const std::string& l : r.status().lines()) all += l + "\n";
    ADD_FAILURE() << "does not parse:\n" << all << xml;
    return *ParseProcess("<process id=\"p\" name=\"x\"><start id=\"s\" to=\"e\"/><end id=\"e\"/></process>", "p.xml");
  }
  return std::move(r.value());
}

// A task with one flow out.
std::string Task(const std::string& id, const std::string& to) {
  return "  <task id=\"" + id + "\" name=\"" + id + "\" role=\"r\" to=\"" + to + "\"/>\n";
}

struct SoundCase {
  const char* name;
  std::string body;
};

void PrintTo(const SoundCase& c, std::ostream* os) { *os << c.name; }

class SoundnessOfSoundNets : public ::testing::TestWithParam<SoundCase> {};

TEST_P(SoundnessOfSoundNets, ProvesSound) {
  SoundnessReport r = CheckSoundness(Parse(GetParam().body));
  EXPECT_EQ(r.verdict, Verdict::kSound) << r.ToString();
  EXPECT_TRUE(r.violations.empty()) << r.ToString();
  EXPECT_TRUE(r.limit.empty());
  EXPECT_EQ(r.ToString().rfind("sound: ", 0), 0u) << r.ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Soundness, SoundnessOfSoundNets,
    ::testing::Values(
        SoundCase{"sequence", "  <start id=\"s\" to=\"a\"/>\n" + Task("a", "b") + Task("b", "w") +
                                  "  <wait id=\"w\" for=\"15 วัน\" to=\"e\"/>\n  <end id=\"e\"/>\n"},
        SoundCase{"loop_with_exit",
                  "  <start id=\"s\" to=\"draft\"/>\n" + Task("draft", "review") +
                      "  <choice id=\"c\">\n    <when test=\"outcome == 'ok'\" to=\"e\"/>\n"
                      "    <otherwise to=\"draft\"/>\n  </choice>\n"
                      "  <task id=\"review\" name=\"r\" role=\"r\" to=\"c\"><outcome value=\"ok\"/><outcome value=\"no\"/></task>\n"
                      "  <end id=\"e\"/>\n"},
        SoundCase{"balanced_parallel",
                  "  <start id=\"s\" to=\"p\"/>\n  <parallel id=\"p\" to=\"a b c\"/>\n" + Task("a", "j") + Task("b", "j") +
                      Task("c", "j") + "  <join id=\"j\" to=\"after\"/>\n" + Task("after", "e") + "  <end id=\"e\"/>\n"},
        SoundCase{"nested_parallel_with_choices_inside_branches",
                  "  <start id=\"s\" to=\"p1\"/>\n  <parallel id=\"p1\" to=\"a p2\"/>\n" + Task("a", "ca") +
                      "  <choice id=\"ca\"><when test=\"x == 1\" to=\"a\"/><otherwise to=\"j1\"/></choice>\n"
                      "  <parallel id=\"p2\" to=\"b c\"/>\n" +
                      Task("b", "j2") + Task("c", "j2") + "  <join id=\"j2\" to=\"d\"/>\n" + Task("d", "j1") +
                      "  <join id=\"j1\" to=\"e\"/>\n  <end id=\"e\"/>\n"},
        SoundCase{"parallel_inside_a_loop",
                  "  <start id=\"s\" to=\"p\"/>\n  <parallel id=\"p\" to=\"a b\"/>\n" + Task("a", "j") + Task("b", "j") +
                      "  <join id=\"j\" to=\"c\"/>\n"
                      "  <choice id=\"c\"><when test=\"again == true\" to=\"p\"/><otherwise to=\"e\"/></choice>\n"
                      "  <end id=\"e\"/>\n"},
        SoundCase{"unstructured_three_way_join",
                  "  <start id=\"s\" to=\"p1\"/>\n  <parallel id=\"p1\" to=\"a b\"/>\n" + Task("a", "p2") +
                      "  <parallel id=\"p2\" to=\"c d\"/>\n" + Task("b", "j") + Task("c", "j") + Task("d", "j") +
                      "  <join id=\"j\" to=\"e\"/>\n  <end id=\"e\"/>\n"},
        SoundCase{"branches_ending_on_their_own",
                  "  <start id=\"s\" to=\"p\"/>\n  <parallel id=\"p\" to=\"a b\"/>\n" + Task("a", "e1") + Task("b", "e2") +
                      "  <end id=\"e1\"/>\n  <end id=\"e2\"/>\n"},
        SoundCase{"one_token_per_item_as_in_correspondence",
                  "  <start id=\"s\" to=\"open\"/>\n  <parallel id=\"open\" to=\"receive standing\"/>\n"
                  "  <task id=\"receive\" name=\"r\" role=\"r\" to=\"rc\"><outcome value=\"close\"/><outcome value=\"register\"/></task>\n"
                  "  <choice id=\"rc\"><when test=\"outcome == 'register'\" to=\"fork\"/><otherwise to=\"sync\"/></choice>\n"
                  "  <parallel id=\"fork\" to=\"handle receive\"/>\n" +
                      Task("handle", "check") +
                      "  <choice id=\"check\"><when test=\"ok == true\" to=\"doc-done\"/><otherwise to=\"handle\"/></choice>\n"
                      "  <end id=\"doc-done\"/>\n" +
                      Task("standing", "sync") + "  <join id=\"sync\" to=\"e\"/>\n  <end id=\"e\"/>\n"},
        // Any non-empty set of branches, or otherwise alone; the inclusive join takes what came.
        SoundCase{"inclusive_choice_closed_by_an_inclusive_join",
                  "  <start id=\"s\" to=\"i\"/>\n"
                  "  <inclusive id=\"i\"><when test=\"x &gt; 0\" to=\"a\"/><when test=\"y &gt; 0\" to=\"b\"/>"
                  "<when test=\"z\" to=\"c\"/><otherwise to=\"d\"/></inclusive>\n" +
                      Task("a", "j") + Task("b", "j") + Task("c", "j") + Task("d", "j") +
                      "  <join id=\"j\" to=\"after\" inclusive=\"true\"/>\n" + Task("after", "e") + "  <end id=\"e\"/>\n"},
        // A branch that goes on through a parallel of its own before the inclusive join:
        // the join waits while any of its tokens can still come.
        SoundCase{"inclusive_join_waits_for_a_nested_parallel",
                  "  <start id=\"s\" to=\"i\"/>\n"
                  "  <inclusive id=\"i\"><when test=\"x &gt; 0\" to=\"a\"/><when test=\"y &gt; 0\" to=\"p\"/></inclusive>\n" +
                      Task("a", "j") + "  <parallel id=\"p\" to=\"b c\"/>\n" + Task("b", "pj") + Task("c", "pj") +
                      "  <join id=\"pj\" to=\"j\"/>\n  <join id=\"j\" to=\"e\" inclusive=\"true\"/>\n  <end id=\"e\"/>\n"},
        // An inclusive join closes a parallel split too: every branch comes.
        SoundCase{"parallel_closed_by_an_inclusive_join",
                  "  <start id=\"s\" to=\"p\"/>\n  <parallel id=\"p\" to=\"a b\"/>\n" + Task("a", "j") + Task("b", "j") +
                      "  <join id=\"j\" to=\"e\" inclusive=\"true\"/>\n  <end id=\"e\"/>\n"}));

// The path of the first violation of `property` at `node`, or a failure.
const SoundnessViolation* Find(const SoundnessReport& r, Property property, const std::string& node) {
  for (const SoundnessViolation& v : r.violations) {
    if (v.property == property && v.node == node) return &v;
  }
  ADD_FAILURE() << "no " << PropertyName(property) << " violation at '" << node << "' in\n" << r.ToString();
  return nullptr;
}

using Path = std::vector<std::string>;

TEST(SoundnessOfUnsoundNets, JoinWaitingOnABranchAChoiceMaySkipIsADeadlock) {
  SoundnessReport r = CheckSoundness(Parse(
      "  <start id=\"start\" to=\"fork\"/>\n"
      "  <parallel id=\"fork\" to=\"prepare check\"/>\n" +
      Task("prepare", "sync") + Task("check", "decide") +
      "  <choice id=\"decide\">\n"
      "    <when test=\"outcome == 'ok'\" to=\"sync\"/>\n"
      "    <otherwise to=\"rejected\"/>\n"
      "  </choice>\n"
      "  <join id=\"sync\" to=\"publish\"/>\n" +
      Task("publish", "done") + "  <end id=\"done\"/>\n  <end id=\"rejected\"/>\n"));
  EXPECT_EQ(r.verdict, Verdict::kUnsound);
  if (const SoundnessViolation* v = Find(r, Property::kOptionToComplete, "sync")) {
    EXPECT_EQ(v->path, (Path{"start", "fork", "prepare", "check", "sync", "decide", "rejected"}));
    EXPECT_NE(v->message.find("deadlock: join 'sync' holds a token from 'prepare' and waits for 'decide'"),
              std::string::npos)
        << v->message;
    EXPECT_EQ(v->where.line, 10);
    EXPECT_EQ(v->ToString().rfind("p.xml:10:3: option to complete violated: deadlock:", 0), 0u) << v->ToString();
    EXPECT_NE(v->ToString().find("; run: start -> fork -> prepare -> check -> sync -> decide -> rejected"),
              std::string::npos);
  }
  if (const SoundnessViolation* v = Find(r, Property::kProperCompletion, "rejected")) {
    EXPECT_EQ(v->path, (Path{"start", "fork", "prepare", "check", "decide", "rejected"}));
    EXPECT_NE(v->message.find("a token reached end 'rejected' while other tokens remain that can never finish"),
              std::string::npos)
        << v->message;
  }
  // Both ends are reached in some run: nothing is dead.
  for (const SoundnessViolation& v : r.violations) EXPECT_NE(v.property, Property::kNoDeadNodes) << v.ToString();
}

TEST(SoundnessOfUnsoundNets, ParallelClosedByAMergeLacksSynchronization) {
  // The inner split's branches meet at 'merge' (a task with two flows in) instead of a
  // join, so two tokens run on into 'sync', which expects one from 'merge'.
  SoundnessReport r = CheckSoundness(Parse(
      "  <start id=\"start\" to=\"outer\"/>\n"
      "  <parallel id=\"outer\" to=\"report inner\"/>\n" +
      Task("report", "sync") + "  <parallel id=\"inner\" to=\"a b\"/>\n" + Task("a", "merge") + Task("b", "merge") +
      Task("merge", "sync") + "  <join id=\"sync\" to=\"done\"/>\n  <end id=\"done\"/>\n"));
  EXPECT_EQ(r.verdict, Verdict::kUnsound);
  if (const SoundnessViolation* v = Find(r, Property::kProperCompletion, "sync")) {
    EXPECT_EQ(v->path, (Path{"start", "outer", "report", "inner", "a", "b", "merge", "merge", "sync", "sync"}));
    EXPECT_NE(v->message.find("lack of synchronization: join 'sync' receives a second token from 'merge' while the "
                              "first still waits for 'report'"),
              std::string::npos)
        << v->message;
  }
  // The token left over once 'sync' fired with the first 'merge' token waits forever.
  Find(r, Property::kOptionToComplete, "sync");
}

// An inclusive choice closed by a parallel join: when it takes one branch the join
// waits for ever for the other.
TEST(SoundnessOfUnsoundNets, InclusiveChoiceClosedByAParallelJoinDeadlocks) {
  SoundnessReport r = CheckSoundness(Parse(
      "  <start id=\"start\" to=\"ask\"/>\n"
      "  <inclusive id=\"ask\"><when test=\"x &gt; 0\" to=\"a\"/><when test=\"y &gt; 0\" to=\"b\"/></inclusive>\n" +
      Task("a", "sync") + Task("b", "sync") + "  <join id=\"sync\" to=\"done\"/>\n  <end id=\"done\"/>\n"));
  EXPECT_EQ(r.verdict, Verdict::kUnsound);
  if (const SoundnessViolation* v = Find(r, Property::kOptionToComplete, "sync")) {
    EXPECT_EQ(v->path, (Path{"start", "ask", "a", "sync"}));
    EXPECT_NE(v->message.find("join 'sync' holds a token from 'a' and waits for 'b'"), std::string::npos) << v->message;
  }
}

// An inclusive choice whose branches meet at a task, not a join: when it takes both, two
// tokens run on into a join that expects one.
TEST(SoundnessOfUnsoundNets, InclusiveBranchesMergedWithoutAJoinLackSynchronization) {
  SoundnessReport r = CheckSoundness(Parse(
      "  <start id=\"start\" to=\"outer\"/>\n"
      "  <parallel id=\"outer\" to=\"report ask\"/>\n" + Task("report", "sync") +
      "  <inclusive id=\"ask\"><when test=\"x &gt; 0\" to=\"a\"/><when test=\"y &gt; 0\" to=\"b\"/></inclusive>\n" +
      Task("a", "merge") + Task("b", "merge") + Task("merge", "sync") +
      "  <join id=\"sync\" to=\"done\"/>\n  <end id=\"done\"/>\n"));
  EXPECT_EQ(r.verdict, Verdict::kUnsound) << r.ToString();
  if (const SoundnessViolation* v = Find(r, Property::kProperCompletion, "sync")) {
    EXPECT_NE(v->message.find("lack of synchronization: join 'sync' receives a second token from 'merge'"),
              std::string::npos)
        << v->message;
  }
  for (const SoundnessViolation& v : r.violations) EXPECT_NE(v.property, Property::kNoDeadNodes) << v.ToString();
}

TEST(SoundnessOfUnsoundNets, JoinOfTwoAlternativesDeadlocksAndWhatFollowsIsDead) {
  SoundnessReport r = CheckSoundness(Parse(
      "  <start id=\"start\" to=\"c\"/>\n"
      "  <choice id=\"c\"><when test=\"x == 1\" to=\"x\"/><otherwise to=\"y\"/></choice>\n" +
      Task("x", "j") + Task("y", "j") + "  <join id=\"j\" to=\"after\"/>\n" + Task("after", "done") +
      "  <end id=\"done\"/>\n"));
  EXPECT_EQ(r.verdict, Verdict::kUnsound);
  if (const SoundnessViolation* v = Find(r, Property::kOptionToComplete, "j")) {
    EXPECT_EQ(v->path, (Path{"start", "c", "x", "j"}));
  }
  std::vector<std::string> dead;
  for (const SoundnessViolation& v : r.violations) {
    if (v.property != Property::kNoDeadNodes) continue;
    dead.push_back(v.node);
    EXPECT_TRUE(v.path.empty());
  }
  EXPECT_EQ(dead, (std::vector<std::string>{"after", "done"}));
}

TEST(SoundnessOfUnsoundNets, NodeNoRunReachesIsDead) {
  SoundnessReport r = CheckSoundness(Parse("  <start id=\"s\" to=\"a\"/>\n" + Task("a", "e") + Task("orphan", "e") +
                                           "  <end id=\"e\"/>\n"));
  EXPECT_EQ(r.verdict, Verdict::kUnsound);
  ASSERT_EQ(r.violations.size(), 1u) << r.ToString();
  EXPECT_EQ(r.violations[0].property, Property::kNoDeadNodes);
  EXPECT_EQ(r.violations[0].node, "orphan");
  EXPECT_EQ(r.violations[0].where.line, 4);
  EXPECT_EQ(r.violations[0].ToString(), "p.xml:4:3: no dead nodes violated: dead: no run of the process ever reaches this task ('orphan')");
}

TEST(SoundnessOfUnsoundNets, CycleWithoutAnExitIsALivelock) {
  SoundnessReport r = CheckSoundness(Parse(
      "  <start id=\"s\" to=\"t\"/>\n" + Task("t", "c") +
      "  <choice id=\"c\"><when test=\"x == 1\" to=\"e\"/><otherwise to=\"l1\"/></choice>\n" + Task("l1", "l2") +
      Task("l2", "l1") + "  <end id=\"e\"/>\n"));
  EXPECT_EQ(r.verdict, Verdict::kUnsound);
  if (const SoundnessViolation* v = Find(r, Property::kOptionToComplete, "l1")) {
    EXPECT_EQ(v->path, (Path{"s", "t", "c", "l1"}));
    EXPECT_NE(v->message.find("livelock"), std::string::npos) << v->message;
  }
}

// A parallel of `branches` branches, each a sequence of `length` tasks, joined.
std::string WideParallel(int branches, int length) {
  std::string to, body;
  for (int b = 0; b < branches; ++b) {
    to += (b ? " " : "") + std::string("b") + std::to_string(b) + "-0";
    for (int k = 0; k < length; ++k) {
      std::string id = "b" + std::to_string(b) + "-" + std::to_string(k);
      body += Task(id, k + 1 < length ? "b" + std::to_string(b) + "-" + std::to_string(k + 1) : "j");
    }
  }
  return "  <start id=\"s\" to=\"p\"/>\n  <parallel id=\"p\" to=\"" + to + "\"/>\n" + body +
         "  <join id=\"j\" to=\"e\"/>\n  <end id=\"e\"/>\n";
}

// An inclusive choice of 13 branches would be 8,191 alternatives in every move: only each
// branch alone is explored, and the verdict says it is not proven.
TEST(SoundnessBounds, InclusiveChoiceWithTooManyBranchesIsUnknownNotSound) {
  std::string whens, tasks;
  for (int i = 0; i < 13; ++i) {
    std::string id = "t" + std::to_string(i);
    whens += "<when test=\"n == " + std::to_string(i) + "\" to=\"" + id + "\"/>";
    tasks += Task(id, "j");
  }
  SoundnessReport r = CheckSoundness(Parse("  <start id=\"s\" to=\"i\"/>\n  <inclusive id=\"i\">" + whens +
                                           "</inclusive>\n" + tasks +
                                           "  <join id=\"j\" to=\"e\" inclusive=\"true\"/>\n  <end id=\"e\"/>\n"));
  EXPECT_EQ(r.verdict, Verdict::kUnknown) << r.ToString();
  EXPECT_NE(r.limit.find("inclusive 'i' has more than 12 branches"), std::string::npos) << r.limit;
}

TEST(SoundnessBounds, TooManyMarkingsIsUnknownNotSound) {
  // 8 branches of 3 tasks: 4^8 = 65536 markings, more than the 2000 allowed.
  SoundnessReport r = CheckSoundness(Parse(WideParallel(8, 3)), 2000);
  EXPECT_EQ(r.verdict, Verdict::kUnknown) << r.ToString();
  EXPECT_TRUE(r.violations.empty()) << r.ToString();
  EXPECT_EQ(r.limit, "more than 2000 reachable markings");
  EXPECT_EQ(r.ToString().rfind("unknown: too large to prove: more than 2000 reachable markings", 0), 0u) << r.ToString();

  // The same net within the bound proves sound.
  SoundnessReport whole = CheckSoundness(Parse(WideParallel(8, 3)));
  EXPECT_EQ(whole.verdict, Verdict::kSound) << whole.ToString();
  // Each branch rests at one of its 3 tasks or at the join: 4^8 markings, except that
  // all 8 at the join fire it, which gives the empty marking instead.
  EXPECT_EQ(whole.markings, 65536u);
}

TEST(SoundnessBounds, TooManyTokensAtOnceIsUnknownNotSound) {
  SoundnessReport r = CheckSoundness(Parse(WideParallel(21, 1)));
  EXPECT_EQ(r.verdict, Verdict::kUnknown) << r.ToString();
  EXPECT_EQ(r.limit, "a marking holds more than 20 tokens at once");
  // With room for 21 tokens the token bound no longer stops it (the marking bound does).
  EXPECT_EQ(CheckSoundness(Parse(WideParallel(21, 1)), 1000, 21).limit, "more than 1000 reachable markings");
}

TEST(SoundnessBounds, ViolationFoundBeforeTheBoundStillMakesItUnsound) {
  // Two tokens from 'm' reach the join next to a part too large to explore: the run
  // that shows it is a proof on its own.
  std::string body = WideParallel(8, 3);
  body.replace(body.find("to=\"b0-0"), 4, "to=\"dup ");
  body += "  <parallel id=\"dup\" to=\"x y\"/>\n" + Task("x", "m") + Task("y", "m") + Task("m", "j");
  SoundnessReport r = CheckSoundness(Parse(body), 20000);
  EXPECT_EQ(r.verdict, Verdict::kUnsound) << r.ToString();
  EXPECT_EQ(r.limit, "more than 20000 reachable markings");
  Find(r, Property::kProperCompletion, "j");
  EXPECT_NE(r.ToString().find("the exploration stopped early: more than 20000 reachable markings"), std::string::npos);
}

}  // namespace
}  // namespace krabuan
