// Values are right or refused, through the public API on a real SQLite file: enumerated
// inputs and fields, money ranges and totals, one value per name, required means
// non-blank, Buddhist-Era years in dates, and one refusal that names every problem. A
// refused command leaves the database as it was, byte for byte.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/cli_runner.h"
#include "tests/support/engine_fixture.h"

namespace krabuan::testing {
namespace {

const char* const kGrant = R"xml(<process id="grant" name="ขอรับเงินอุดหนุน" start-roles="clerk">
  <input name="kind" type="string" required="true" label="ประเภท">
    <option value="building" label="ค่าก่อสร้าง"/>
    <option value="equipment" label="ค่าครุภัณฑ์"/>
    <option value="training" label="ค่าอบรม"/>
  </input>
  <input name="title" type="string" required="true"/>
  <input name="received" type="date"/>
  <input name="seats" type="int" min="1" max="40"/>
  <start id="start" to="route"/>
  <choice id="route">
    <when test="kind == 'building'" to="ask"/>
    <when test="kind in ['equipment', 'training']" to="board-review"/>
  </choice>
  <task id="board-review" name="คณะกรรมการพิจารณา" role="board" to="ask">
    <field name="adjustment" type="money" min="-1000000"/>
  </task>
  <task id="ask" name="สถานศึกษาเสนอวงเงิน" role="school" for-each="org:schools" to="sum">
    <field name="asked" type="money" required="true"/>
  </task>
  <task id="sum" name="สรุปวงเงิน" role="clerk" to="done">
    <field name="note" type="string" required="true"/>
    <outcome value="ok" label="ครบถ้วน"/>
  </task>
  <end id="done"/>
</process>)xml";

class ValuesTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Deploy(kGrant, "grant.xml");
  }
  std::string Dump() const { return clitest::DumpDatabase(db_path_); }
  // The open `ask` task of one school.
  TaskId AskOf(InstanceId id, const std::string& school) {
    Result<std::vector<TaskView>> tasks = engine_->Tasks({school}, {});
    EXPECT_TRUE(tasks.ok());
    for (const TaskView& t : *tasks) {
      if (t.task.instance_id == id && t.task.node_id == "ask") return t.task.id;
    }
    ADD_FAILURE() << "no open ask task for " << school;
    return 0;
  }
};

struct StartCase {
  const char* name;
  std::vector<Assignment> inputs;
  std::vector<std::string> needles;
  std::size_t problems = 1;
};

void PrintTo(const StartCase& c, std::ostream* os) { *os << c.name; }

class StartRefusal : public ValuesTest, public ::testing::WithParamInterface<StartCase> {};

TEST_P(StartRefusal, IsOneRefusalNamingEveryProblemAndChangesNothing) {
  const StartCase& c = GetParam();
  std::string before = Dump();
  Result<InstanceId> r = engine_->Start({"clerk"}, {"grant", c.inputs, "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalid);
  std::vector<std::string> lines = r.status().lines();
  EXPECT_EQ(lines.size(), c.problems) << r.status().message();
  std::string all;
  for (const std::string& l : lines) {
    EXPECT_EQ(l.find('\n'), std::string::npos) << l;
    all += l + "\n";
  }
  for (const std::string& n : c.needles) EXPECT_NE(all.find(n), std::string::npos) << "want \"" << n << "\" in\n" << all;
  EXPECT_EQ(Dump(), before);
}

INSTANTIATE_TEST_SUITE_P(
    Values, StartRefusal,
    ::testing::Values(
        StartCase{"not_a_choice", {{"kind", "buildng"}, {"title", "x"}},
                  {"variable 'kind' (string): 'buildng' is not one of the choices: building (ค่าก่อสร้าง), equipment (ค่าครุภัณฑ์), "
                                   "training (ค่าอบรม)"}},
        StartCase{"given_twice", {{"kind", "training"}, {"kind", "building"}, {"title", "x"}},
                  {"input 'kind' is given more than once ('training', 'building')"}},
        StartCase{"given_twice_same_value", {{"kind", "training"}, {"title", "x"}, {"title", "x"}},
                  {"input 'title' is given more than once"}},
        StartCase{"blank_required_string", {{"kind", "training"}, {"title", "   "}},
                  {"input 'title' (string) is required and may not be blank"}},
        StartCase{"empty_required_string", {{"kind", "training"}, {"title", ""}}, {"input 'title'", "may not be blank"}},
        StartCase{"every_missing_input_at_once", {},
                  {"input 'kind' (string) is required: --set kind=... (one of building (ค่าก่อสร้าง)",
                   "input 'title' (string) is required"},
                  2},
        StartCase{"buddhist_era_date", {{"kind", "training"}, {"title", "x"}, {"received", "2568-05-01"}},
                  {"variable 'received' (date)", "'2568-05-01' has a Buddhist-Era year", "did you mean 2025-05-01?"}},
        StartCase{"below_min", {{"kind", "training"}, {"title", "x"}, {"seats", "0"}}, {"0 is below the minimum 1"}},
        StartCase{"above_max", {{"kind", "training"}, {"title", "x"}, {"seats", "41"}}, {"41 is above the maximum 40"}},
        StartCase{"blank_inside_int", {{"kind", "training"}, {"title", "x"}, {"seats", "1 0"}},
                  {"'1 0' has a blank inside the number"}},
        StartCase{"three_problems", {{"kind", "x"}, {"seats", "99"}, {"colour", "red"}},
                  {"not one of the choices", "above the maximum", "no input 'colour'", "input 'title'"},
                  4}),
    [](const ::testing::TestParamInfo<StartCase>& info) { return std::string(info.param.name); });

TEST_F(ValuesTest, AChoiceIsTakenByValueOrLabelAndKeptAsTheValue) {
  InstanceId by_value = StartAs("clerk", "grant", {{"kind", "building"}, {"title", "อาคารเรียน"}, {"seats", "007"}});
  EXPECT_EQ(ShowInstance(by_value).variables.at("kind").as_string(), "building");
  EXPECT_EQ(ShowInstance(by_value).variables.at("seats").as_int(), 7);   // leading zeros normalised
  InstanceId by_label = StartAs("clerk", "grant", {{"kind", "ค่าอบรม"}, {"title", "อบรมครู"}});
  EXPECT_EQ(ShowInstance(by_label).variables.at("kind").as_string(), "training");
  EXPECT_EQ(OpenNodes(by_label), std::vector<std::string>{"board-review"});
  EXPECT_EQ(OpenNodes(by_value).size(), 3u);   // one ask per school
}

// Money is never negative unless the field says so; a signed field keeps its own floor.
TEST_F(ValuesTest, NegativeMoneyOnlyWhereTheFieldAllowsIt) {
  InstanceId id = StartAs("clerk", "grant", {{"kind", "equipment"}, {"title", "ครุภัณฑ์"}});
  TaskId review = OpenTaskAt(id, "board-review");
  std::string before = Dump();
  Status below = engine_->Complete({"boss"}, {review, "", {{"adjustment", "-1,000,000.01"}}, ""});
  EXPECT_NE(below.message().find("-1,000,000.01 is below the minimum -1,000,000.00"), std::string::npos)
      << below.message();
  EXPECT_EQ(Dump(), before);
  ASSERT_TRUE(engine_->Complete({"boss"}, {review, "", {{"adjustment", "-250,000"}}, ""}).ok());

  TaskId ask = AskOf(id, "school-a");
  before = Dump();
  Status negative = engine_->Complete({"school-a"}, {ask, "", {{"asked", "-5"}}, ""});
  EXPECT_EQ(negative.kind(), ErrorKind::kInvalid);
  EXPECT_NE(negative.message().find("task " + std::to_string(ask) + ": variable 'asked' (money): -5.00 is negative"),
            std::string::npos)
      << negative.message();
  Status huge = engine_->Complete({"school-a"}, {ask, "", {{"asked", "20,000,000,000,000,000.00"}}, ""});
  EXPECT_NE(huge.message().find("beyond the money range"), std::string::npos) << huge.message();
  EXPECT_EQ(Dump(), before);
}

// Five schools asking the most each would sum past any int64 (the old total read
// -84,467,440,737,095,516.16): the school whose amount carries the total out of the money
// range is refused when it is recorded, naming the field; the others' stand.
TEST_F(ValuesTest, ATotalThatWouldLeaveTheMoneyRangeIsRefusedAtTheSchoolThatCausesIt) {
  InstanceId id = StartAs("clerk", "grant", {{"kind", "building"}, {"title", "อาคาร"}});
  ASSERT_TRUE(engine_->Complete({"school-a"}, {AskOf(id, "school-a"), "", {{"asked", "999,999,999,999,000.00"}}, ""}).ok());
  TaskId b = AskOf(id, "school-b");
  std::string before = Dump();
  Status s = engine_->Complete({"school-b"}, {b, "", {{"asked", "1,000.01"}}, ""});
  EXPECT_EQ(s.kind(), ErrorKind::kInvalid);
  EXPECT_EQ(s.message(), "task " + std::to_string(b) +
                             ": the total of field 'asked' (money) over task 'ask' would leave the money range (at most "
                             "999,999,999,999,999.99): 999,999,999,999,000.00 so far, and school-b adds 1,000.01");
  EXPECT_EQ(Dump(), before);
  // Up to the limit exactly is fine, and the total is kept.
  ASSERT_TRUE(engine_->Complete({"school-b"}, {b, "", {{"asked", "999.99"}}, ""}).ok());
  ASSERT_TRUE(engine_->Complete({"clerk"}, {AskOf(id, "school-c"), "", {{"asked", "0"}}, ""}).ok());
  EXPECT_EQ(ShowInstance(id).variables.at("asked").ToDisplay(), "999,999,999,999,999.99");
}

// Completing reports the outcome's problem with the fields' in one refusal.
TEST_F(ValuesTest, CompleteReportsTheOutcomeAndEveryFieldAtOnce) {
  InstanceId id = StartAs("clerk", "grant", {{"kind", "building"}, {"title", "อาคาร"}});
  for (const char* school : {"school-a", "school-b", "school-c"}) {
    ASSERT_TRUE(engine_->Complete({school}, {AskOf(id, school), "", {{"asked", "100"}}, ""}).ok());
  }
  TaskId sum = OpenTaskAt(id, "sum");
  std::string before = Dump();
  Status s = engine_->Complete({"clerk"}, {sum, "", {{"note", "a"}, {"note", "b"}}, ""});
  std::vector<std::string> lines = s.lines();
  ASSERT_EQ(lines.size(), 2u) << s.message();
  EXPECT_NE(lines[0].find("needs an outcome"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("field 'note' is given more than once ('a', 'b')"), std::string::npos) << lines[1];
  s = engine_->Complete({"clerk"}, {sum, "maybe", {}, ""});
  lines = s.lines();
  ASSERT_EQ(lines.size(), 2u) << s.message();
  EXPECT_NE(lines[0].find("unknown outcome 'maybe'"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("field 'note' (string) is required"), std::string::npos) << lines[1];
  EXPECT_EQ(Dump(), before);
}

// A body's task (a role with recorded-by) refused to someone says who records it for the body.
TEST_F(ValuesTest, ARefusedBodysTaskNamesWhoRecordsIt) {
  InstanceId id = StartAs("clerk", "grant", {{"kind", "training"}, {"title", "อบรม"}});
  Status s = engine_->Complete({"clerk"}, {OpenTaskAt(id, "board-review"), "", {}, ""});
  EXPECT_EQ(s.kind(), ErrorKind::kRefused);
  EXPECT_NE(s.message().find("which 'clerk' does not hold; approver (boss, boss2) records it on behalf of คณะกรรมการ"),
            std::string::npos)
      << s.message();
  ASSERT_TRUE(engine_->Complete({"boss"}, {OpenTaskAt(id, "board-review"), "", {}, ""}).ok());
  Status other_school = engine_->Complete({"school-b"}, {AskOf(id, "school-a"), "", {{"asked", "1"}}, ""});
  EXPECT_NE(other_school.message().find("is assigned to 'school-a', not to 'school-b'; clerk (clerk) records it on "
                                        "behalf of สถานศึกษา"),
            std::string::npos)
      << other_school.message();
}

}  // namespace
}  // namespace krabuan::testing
