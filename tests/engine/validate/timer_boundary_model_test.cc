// Timer boundaries on tasks (<on-timer>): parsed with their places, checked as flows by
// the structure checker, and explored by soundness as an alternative exit
// (interrupting) or an extra token fired once (non-interrupting).
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
        BadTimer{"missing_after", "<on-timer id=\"t\" to=\"late\"/>", "p.xml:4:5: timer 't' needs 'after'"},
        BadTimer{"bad_after", "<on-timer id=\"t\" after=\"soonish\" to=\"late\"/>",
                 "p.xml:4:22: timer 't': bad time expression in 'after'"},
        BadTimer{"recurrence", "<on-timer id=\"t\" after=\"ทุกปี พฤษภาคม\" to=\"late\"/>",
                 "p.xml:4:22: timer 't' needs a span"},
        BadTimer{"interrupting_word", "<on-timer id=\"t\" after=\"P1D\" to=\"late\" interrupting=\"maybe\"/>",
                 "interrupting must be 'true' or 'false', not 'maybe'"},
        BadTimer{"unknown_attribute", "<on-timer id=\"t\" after=\"P1D\" to=\"late\" every=\"P1D\"/>", "every"},
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

}  // namespace
}  // namespace krabuan
