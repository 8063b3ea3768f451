// Timer boundaries on tasks (<on-timer>): parsed with their places, checked as flows by
// the structure checker, and explored by soundness as an alternative exit
// (interrupting) or an extra token fired once (non-interrupting) or any number of times
// (repeating).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/parse/process_parser.h"
#include "engine/validate/soundness.h"
#include "engine/validate/structure.h"

namespace krabuan {
namespace {

using Verdict = SoundnessReport::Verdict;

Result<ProcessDefinition> ParseBody(const std::string& body) {
  return ParseProcess("<process id=\"p\" name=\"x\">\n" + body + "</process>\n", "p.xml");
}

std::string AllLines(const Status& s) {
  std::string all;
  for (const std::string& l : s.lines()) all += l + "\n";
  return all;
}

// Task `a` with one timer; `late` and `e` exist.
std::string WithTimer(const std::string& timer, const std::string& late_to = "e") {
  return "  <start id=\"s\" to=\"a\"/>\n"
         "  <task id=\"a\" name=\"a\" role=\"r\" to=\"e\">\n    " + timer + "\n  </task>\n"
         "  <task id=\"late\" name=\"late\" role=\"r\" to=\"" + late_to + "\"/>\n"
         "  <end id=\"e\"/>\n";
}

TEST(TimerBoundaryParse, ReadsInterruptingAndNonInterrupting) {
  Result<ProcessDefinition> r = ParseBody(
      "  <start id=\"s\" to=\"a\"/>\n"
      "  <task id=\"a\" name=\"a\" role=\"r\" to=\"e\">\n"
      "    <on-timer id=\"late\" after=\"P3D\" to=\"b\"/>\n"
      "    <on-timer id=\"nudge\" after=\"2 วันทำการ\" to=\"c\" interrupting=\"false\"/>\n"
      "  </task>\n"
      "  <task id=\"b\" name=\"b\" role=\"r\" to=\"e\"/>\n"
      "  <task id=\"c\" name=\"c\" role=\"r\" to=\"e\"/>\n"
      "  <end id=\"e\"/>\n");
  ASSERT_TRUE(r.ok()) << AllLines(r.status());
  const Node* a = r->FindNode("a");
  ASSERT_EQ(a->boundaries.size(), 2u);
  EXPECT_EQ(a->boundaries[0].id, "late");
  EXPECT_EQ(a->boundaries[0].to, "b");
  EXPECT_TRUE(a->boundaries[0].interrupting);
  EXPECT_EQ(a->boundaries[0].after.kind, TimeSpec::Kind::kDuration);
  EXPECT_EQ(a->boundaries[0].where.line, 4);
  EXPECT_FALSE(a->boundaries[1].interrupting);
  EXPECT_EQ(a->to, std::vector<std::string>{"e"});   // the normal flow is unchanged
  EXPECT_EQ(r->FindNode("b")->incoming, std::vector<std::string>{"a"});
}

struct BadTimer {
  const char* name;
  std::string timer;
  const char* expected;
};
void PrintTo(const BadTimer& c, std::ostream* os) { *os << c.name; }

class TimerBoundaryBadInput : public ::testing::TestWithParam<BadTimer> {};

TEST_P(TimerBoundaryBadInput, IsRefusedWithItsPlace) {
  Result<ProcessDefinition> r = ParseBody(WithTimer(GetParam().timer));
  ASSERT_FALSE(r.ok());
  std::string all = AllLines(r.status());
  EXPECT_NE(all.find(GetParam().expected), std::string::npos) << all;
}

INSTANTIATE_TEST_SUITE_P(
    Table, TimerBoundaryBadInput,
    ::testing::Values(
        BadTimer{"unknown_target", "<on-timer id=\"t\" after=\"P1D\" to=\"nowhere\"/>",
                 "p.xml:4:5: timer 't' flows to unknown node 'nowhere' (task 'a')"},
        BadTimer{"missing_after", "<on-timer id=\"t\" to=\"late\"/>",
                 "p.xml:4:5: timer 't' needs 'after' (a span such as \"P3D\" or a moment) or 'every'"},
        BadTimer{"bad_after", "<on-timer id=\"t\" after=\"soonish\" to=\"late\"/>",
                 "p.xml:4:22: timer 't': bad time expression in 'after'"},
        BadTimer{"recurrence", "<on-timer id=\"t\" after=\"ทุกปี พฤษภาคม\" to=\"late\"/>",
                 "p.xml:4:22: timer 't' needs a span"},
        BadTimer{"interrupting_word", "<on-timer id=\"t\" after=\"P1D\" to=\"late\" interrupting=\"maybe\"/>",
                 "interrupting must be 'true' or 'false', not 'maybe'"},
        BadTimer{"unknown_attribute", "<on-timer id=\"t\" after=\"P1D\" to=\"late\" cycle=\"P1D\"/>", "cycle"},
        BadTimer{"every_a_span", "<on-timer id=\"t\" every=\"P1D\" to=\"late\"/>",
                 "p.xml:4:22: timer 't': 'every' needs a repeating interval (e.g. \"R3/PT1H\""},
        BadTimer{"every_months", "<on-timer id=\"t\" every=\"ทุกปี พฤษภาคม\" to=\"late\"/>",
                 "'every' needs a repeating interval"},
        BadTimer{"bad_every", "<on-timer id=\"t\" every=\"R0/PT1H\" to=\"late\"/>",
                 "p.xml:4:22: timer 't': bad time expression in 'every'"},
        BadTimer{"recurrence_in_after", "<on-timer id=\"t\" after=\"R/P1D\" to=\"late\"/>",
                 "(a repeating timer says so with 'every')"},
        BadTimer{"missing_to", "<on-timer id=\"t\" after=\"P1D\"/>", "p.xml:4:5: timer 't' needs 'to' (task 'a')"},
        BadTimer{"twice", "<on-timer id=\"t\" after=\"P1D\" to=\"late\"/><on-timer id=\"t\" after=\"P2D\" to=\"late\"/>",
                 "timer 't' is declared twice"}));

TEST(TimerBoundaryStructure, TheTimerFlowMakesItsTargetReachable) {
  Result<ProcessDefinition> r = ParseBody(WithTimer("<on-timer id=\"t\" after=\"P1D\" to=\"late\"/>"));
  ASSERT_TRUE(r.ok()) << AllLines(r.status());
  std::vector<Finding> findings = CheckStructure(*r, nullptr);
  for (const Finding& f : findings) ADD_FAILURE() << f.ToString();
  // Without the timer, 'late' is unreachable: the checker does see the timer's flow.
  Result<ProcessDefinition> without = ParseBody(WithTimer(""));
  ASSERT_TRUE(without.ok());
  ASSERT_TRUE(HasErrors(CheckStructure(*without, nullptr)));
}

SoundnessReport Soundness(const std::string& body) {
  Result<ProcessDefinition> r = ParseBody(body);
  if (!r.ok()) {
    ADD_FAILURE() << AllLines(r.status());
    return {};
  }
  return CheckSoundness(*r);
}

TEST(TimerBoundarySoundness, InterruptingTimerIsAnAlternativeExit) {
  SoundnessReport r = Soundness(WithTimer("<on-timer id=\"t\" after=\"P1D\" to=\"late\"/>"));
  EXPECT_EQ(r.verdict, Verdict::kSound) << r.ToString();
}

// Were a non-interrupting timer free to fire again and again, the tokens would grow
// without bound and the verdict would be "unknown"; it fires once per opening.
TEST(TimerBoundarySoundness, NonInterruptingTimerForksOnce) {
  SoundnessReport r = Soundness(WithTimer("<on-timer id=\"t\" after=\"P1D\" to=\"late\" interrupting=\"false\"/>"));
  EXPECT_EQ(r.verdict, Verdict::kSound) << r.ToString();
  EXPECT_TRUE(r.limit.empty()) << r.limit;
}

TEST(TimerBoundaryParse, ReadsARepeatingTimer) {
  Result<ProcessDefinition> r =
      ParseBody(WithTimer("<on-timer id=\"t\" after=\"P2D\" every=\"R3/P1D\" to=\"late\" interrupting=\"false\"/>"));
  ASSERT_TRUE(r.ok()) << AllLines(r.status());
  const TimerBoundary& t = r->FindNode("a")->boundaries.at(0);
  ASSERT_TRUE(t.every.has_value());
  EXPECT_EQ(t.every->recurrence.kind, Recurrence::Kind::kInterval);
  EXPECT_EQ(t.every->recurrence.period.days, 1);
  EXPECT_TRUE(t.repeats());
  EXPECT_EQ(t.max_firings(), 3u);
  EXPECT_EQ(t.after.kind, TimeSpec::Kind::kDuration);
  // Interrupting, it can fire only once whatever the count.
  Result<ProcessDefinition> once = ParseBody(WithTimer("<on-timer id=\"t\" every=\"R3/P1D\" to=\"late\"/>"));
  ASSERT_TRUE(once.ok()) << AllLines(once.status());
  EXPECT_FALSE(once->FindNode("a")->boundaries.at(0).repeats());
  EXPECT_EQ(once->FindNode("a")->boundaries.at(0).max_firings(), 1u);
}

// Each firing's token goes on to the end on its own, so however often the timer fires
// the markings stay few.
TEST(TimerBoundarySoundness, RepeatingTimerWhoseTokensFinishAloneIsSound) {
  SoundnessReport r = Soundness(WithTimer("<on-timer id=\"t\" every=\"ทุก 1 วัน\" to=\"late\" interrupting=\"false\"/>"));
  EXPECT_EQ(r.verdict, Verdict::kSound) << r.ToString();
  EXPECT_TRUE(r.limit.empty()) << r.limit;
}

// A join fed by a repeating timer's branch: the task may be done before the timer fires,
// and the join then waits for ever.
TEST(TimerBoundarySoundness, RepeatingTimerIntoAJoinIsUnsound) {
  SoundnessReport r = Soundness(
      "  <start id=\"s\" to=\"p\"/>\n"
      "  <parallel id=\"p\" to=\"a c\"/>\n"
      "  <task id=\"a\" name=\"a\" role=\"r\" to=\"e\">\n"
      "    <on-timer id=\"t\" every=\"R2/P1D\" to=\"late\" interrupting=\"false\"/>\n"
      "  </task>\n"
      "  <task id=\"late\" name=\"late\" role=\"r\" to=\"j\"/>\n"
      "  <task id=\"c\" name=\"c\" role=\"r\" to=\"j\"/>\n"
      "  <join id=\"j\" to=\"e\"/>\n"
      "  <end id=\"e\"/>\n");
  EXPECT_EQ(r.verdict, Verdict::kUnsound) << r.ToString();
}

// A join that waits for the timer's branch deadlocks when the task is done in time.
TEST(TimerBoundarySoundness, JoinWaitingForATimerThatMayNotFireIsUnsound) {
  SoundnessReport r = Soundness(
      "  <start id=\"s\" to=\"a\"/>\n"
      "  <task id=\"a\" name=\"a\" role=\"r\" to=\"j\">\n"
      "    <on-timer id=\"t\" after=\"P1D\" to=\"late\" interrupting=\"false\"/>\n"
      "  </task>\n"
      "  <task id=\"late\" name=\"late\" role=\"r\" to=\"j\"/>\n"
      "  <join id=\"j\" to=\"e\"/>\n"
      "  <end id=\"e\"/>\n");
  EXPECT_EQ(r.verdict, Verdict::kUnsound) << r.ToString();
}

// A join waits for every node flowing into it, the timer's target among them: an
// interrupting timer's branch and the task's own flow into one join cannot both come.
TEST(TimerBoundarySoundness, JoinFedByATaskAndItsInterruptingTimerIsUnsound) {
  SoundnessReport r = Soundness(
      "  <start id=\"s\" to=\"p\"/>\n"
      "  <parallel id=\"p\" to=\"a c\"/>\n"
      "  <task id=\"a\" name=\"a\" role=\"r\" to=\"j\">\n"
      "    <on-timer id=\"t\" after=\"P1D\" to=\"late\"/>\n"
      "  </task>\n"
      "  <task id=\"late\" name=\"late\" role=\"r\" to=\"j\"/>\n"
      "  <task id=\"c\" name=\"c\" role=\"r\" to=\"j\"/>\n"
      "  <join id=\"j\" to=\"e\"/>\n"
      "  <end id=\"e\"/>\n");
  EXPECT_EQ(r.verdict, Verdict::kUnsound) << r.ToString();
  EXPECT_NE(r.ToString().find("waits for 'late'"), std::string::npos) << r.ToString();
}

// Scopes: parsed with their places; bad ones refused; soundness sees their timers.
std::string Trip(const std::string& scope) {
  return "  <start id=\"s\" to=\"p\"/>\n"
         "  <parallel id=\"p\" to=\"a b\"/>\n"
         "  <task id=\"a\" name=\"a\" role=\"r\" to=\"j\"/>\n"
         "  <task id=\"b\" name=\"b\" role=\"r\" to=\"j\"/>\n"
         "  <join id=\"j\" to=\"done\"/>\n"
         "  <task id=\"done\" name=\"done\" role=\"r\" to=\"e\"/>\n"
         "  <task id=\"late\" name=\"late\" role=\"r\" to=\"e\"/>\n" +
         scope + "  <end id=\"e\"/>\n";
}

TEST(ScopeParse, ReadsNodesAndTimers) {
  Result<ProcessDefinition> r = ParseBody(
      Trip("  <scope id=\"sc\" name=\"ช่วง\" nodes=\"a b j\">\n    <on-timer id=\"t\" after=\"P2D\" to=\"late\"/>\n  </scope>\n"));
  ASSERT_TRUE(r.ok()) << AllLines(r.status());
  const Scope* sc = r->FindScope("sc");
  ASSERT_NE(sc, nullptr);
  EXPECT_EQ(sc->nodes, (std::vector<std::string>{"a", "b", "j"}));
  ASSERT_EQ(sc->timers.size(), 1u);
  EXPECT_EQ(sc->timers[0].to, "late");
  EXPECT_EQ(sc->where.line, 9);
  EXPECT_TRUE(sc->Contains("j"));
  EXPECT_FALSE(sc->Contains("done"));
  // The structure checker sees the timer's flow: 'late' is reachable, nothing is reported.
  for (const Finding& f : CheckStructure(*r, nullptr)) ADD_FAILURE() << f.ToString();
}

TEST(ScopeParse, BadScopesAreRefusedWithTheirPlace) {
  struct Case {
    std::string scope;
    const char* expected;
  };
  const Case cases[] = {
      {"<scope id=\"sc\" nodes=\"a nowhere\"><on-timer id=\"t\" after=\"P1D\" to=\"late\"/></scope>",
       "p.xml:9:1: unknown node 'nowhere' in 'nodes' (scope 'sc')"},
      {"<scope id=\"sc\"><on-timer id=\"t\" after=\"P1D\" to=\"late\"/></scope>",
       "a scope needs the nodes it covers in 'nodes'"},
      {"<scope id=\"sc\" nodes=\"a\"/>", "a scope needs at least one <on-timer>"},
      {"<scope id=\"sc\" nodes=\"a b\"><on-timer id=\"t\" after=\"P1D\" to=\"j\"/></scope>",
       "timer 't' cannot flow into the join 'j' (scope 'sc')"},
      {"<scope id=\"sc\" nodes=\"a b\"><on-timer id=\"t\" after=\"P1D\" to=\"a\"/></scope>",
       "timer 't' flows to 'a', inside its own scope"},
      {"<scope id=\"sc\" nodes=\"s a\"><on-timer id=\"t\" after=\"P1D\" to=\"late\"/></scope>",
       "the start 's' cannot be in a scope"},
      {"<scope id=\"a\" nodes=\"b\"><on-timer id=\"t\" after=\"P1D\" to=\"late\"/></scope>",
       "id 'a' is already used"},
      {"<scope id=\"sc\" nodes=\"a\"><on-timer id=\"t\" to=\"late\"/></scope>",
       "p.xml:9:26: timer 't' needs 'after' (a span such as \"P3D\" or a moment) or 'every' (scope 'sc')"},
      {"<scope id=\"sc\" nodes=\"a\"><task id=\"x\"/></scope>", "<task> is not allowed inside <scope>"},
      {"<scope id=\"sc\" nodes=\"a b a\"><on-timer id=\"t\" after=\"P1D\" to=\"late\"/></scope>",
       "'a' is listed twice in 'nodes' (scope 'sc')"},
      {"<scope id=\"sc\" nodes=\"a\"><on-timer id=\"t\" after=\"P1D\" to=\"late\"/>"
       "<on-timer id=\"t\" after=\"P2D\" to=\"late\"/></scope>",
       "timer 't' is declared twice (scope 'sc')"},
  };
  for (const Case& c : cases) {
    Result<ProcessDefinition> r = ParseBody(Trip(c.scope + "\n"));
    ASSERT_FALSE(r.ok()) << c.scope;
    EXPECT_NE(AllLines(r.status()).find(c.expected), std::string::npos) << c.scope << "\n" << AllLines(r.status());
  }
}

// An interrupting timer on the whole parallel region takes both branches out at once.
TEST(ScopeSoundness, TimerOnTheWholeRegionIsSound) {
  SoundnessReport r = Soundness(
      Trip("  <scope id=\"sc\" nodes=\"a b j\"><on-timer id=\"t\" after=\"P2D\" to=\"late\"/></scope>\n"));
  EXPECT_EQ(r.verdict, Verdict::kSound) << r.ToString();
  r = Soundness(Trip(
      "  <scope id=\"sc\" nodes=\"a b j\"><on-timer id=\"t\" after=\"P2D\" to=\"late\" interrupting=\"false\"/></scope>\n"));
  EXPECT_EQ(r.verdict, Verdict::kSound) << r.ToString();
}

// A scope that covers only one branch: its timer takes that branch's token away, and the
// join waits for ever for it.
TEST(ScopeSoundness, TimerOnOneBranchLeavesTheJoinWaiting) {
  SoundnessReport r =
      Soundness(Trip("  <scope id=\"sc\" nodes=\"a\"><on-timer id=\"t\" after=\"P2D\" to=\"late\"/></scope>\n"));
  EXPECT_EQ(r.verdict, Verdict::kUnsound) << r.ToString();
  EXPECT_NE(r.ToString().find("join 'j' holds a token from 'b' and waits for 'a'"), std::string::npos) << r.ToString();
}

}  // namespace
}  // namespace krabuan
