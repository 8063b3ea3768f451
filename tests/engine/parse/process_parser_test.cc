// The process-file parser: good files become a model; every problem in a bad file is
// reported with file:line:column and the element.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/parse/process_parser.h"

namespace krabuan {
namespace {

struct BadCase {
  const char* name;
  const char* xml;
  std::vector<const char*> expected;   // substrings, one per reported problem, in order
};

// Test names show the case's name, not its bytes.
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class ProcessParserBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(ProcessParserBadInput, ReportsEveryProblemWithItsPlace) {
  const BadCase& c = GetParam();
  Result<ProcessDefinition> r = ParseProcess(c.xml, "p.xml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalid);
  std::vector<std::string> lines = r.status().lines();
  std::ostringstream all;
  for (const std::string& l : lines) all << l << "\n";
  ASSERT_EQ(lines.size(), c.expected.size()) << all.str();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_NE(lines[i].find(c.expected[i]), std::string::npos) << "expected '" << c.expected[i] << "' in\n" << all.str();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProcessParserBadInput,
    ::testing::Values(
        BadCase{"not_xml", "<process id=\"a\" name=\"x\">\n  <start id=\"s\" to=\"e\">\n</process>",
                {"p.xml:3:3: malformed XML"}},
        BadCase{"wrong_root", "<procedure/>", {"p.xml:1:1: the root element must be <process>"}},
        BadCase{"inclusive_problems",
                "<process id=\"a\" name=\"x\">\n"
                "  <start id=\"s\" to=\"i\"/>\n"
                "  <inclusive id=\"i\"><otherwise to=\"j\"/><otherwise to=\"j\"/><go to=\"j\"/></inclusive>\n"
                "  <inclusive id=\"k\"/>\n"
                "  <join id=\"j\" to=\"e\" inclusive=\"maybe\"/>\n"
                "  <end id=\"e\"/>\n"
                "</process>",
                {"p.xml:3:40: an inclusive has at most one <otherwise> (inclusive 'i')",
                 "p.xml:3:59: <go> is not allowed inside <inclusive> (expected when or otherwise) (inclusive 'i')",
                 "p.xml:4:3: an inclusive needs at least one <when> (inclusive 'k')",
                 "p.xml:5:23: inclusive must be 'true' or 'false', not 'maybe' (join 'j')",
                 "p.xml:5:3: a join needs flows from two or more nodes (join 'j')"}},
        BadCase{"recurring_count_without_start",
                "<process id=\"a\" name=\"x\" recurs=\"R4/P1W\">\n  <start id=\"s\" to=\"e\"/>\n  <end id=\"e\"/>\n"
                "</process>",
                {"p.xml:1:26: 'recurs' with a repetition count needs a start: R4/2025-10-01/P1W, not 'R4/P1W' "
                 "(process 'a')"}},
        BadCase{"missing_start_and_name", "<process id=\"a\">\n  <end id=\"e\"/>\n</process>",
                {"p.xml:1:1: missing attribute 'name'", "p.xml:1:1: the process has no <start>"}},
        BadCase{"unknown_target_and_duplicate",
                "<process id=\"a\" name=\"x\">\n"
                "  <start id=\"s\" to=\"t\"/>\n"
                "  <task id=\"t\" name=\"งาน\" role=\"r\" to=\"nowhere\"/>\n"
                "  <end id=\"t\"/>\n"
                "</process>",
                {"p.xml:4:3: duplicate id 't' (first used at p.xml:3:3) (end 't')",
                 "p.xml:3:3: flow to unknown node 'nowhere' (task 't')"}},
        BadCase{"task_problems",
                "<process id=\"a\" name=\"x\">\n"
                "  <start id=\"s\" to=\"t\"/>\n"
                "  <task id=\"t\" name=\"งาน\" role=\"r\" assignee=\"u\" due=\"soon\" rol=\"x\" to=\"e\">\n"
                "    <outcome value=\"ok\"/><outcome value=\"ok\"/>\n"
                "    <field name=\"n\" type=\"float\"/>\n"
                "  </task>\n"
                "  <end id=\"e\"/>\n"
                "</process>",
                {"p.xml:3:60: unknown attribute 'rol' on <task>", "p.xml:3:27: a task needs exactly one of 'role' or 'assignee'",
                 "p.xml:3:49: bad time expression in 'due'", "p.xml:4:26: outcome 'ok' is declared twice",
                 "p.xml:5:21: unknown type 'float'"}},
        BadCase{"bad_condition_and_choice_order",
                "<process id=\"a\" name=\"x\">\n"
                "  <start id=\"s\" to=\"c\"/>\n"
                "  <choice id=\"c\">\n"
                "    <otherwise to=\"e\"/>\n"
                "    <when test=\"amount = 5\" to=\"e\"/>\n"
                "  </choice>\n"
                "  <end id=\"e\"/>\n"
                "</process>",
                {"p.xml:5:5: <when> after <otherwise> can never be taken",
                 "p.xml:5:11: bad condition \"amount = 5\": column 8"}},
        BadCase{"parallel_and_join_arity",
                "<process id=\"a\" name=\"x\">\n"
                "  <start id=\"s\" to=\"p\"/>\n"
                "  <parallel id=\"p\" to=\"j\"/>\n"
                "  <join id=\"j\" to=\"e\"/>\n"
                "  <end id=\"e\" to=\"s\"/>\n"
                "</process>",
                {"p.xml:3:20: a parallel split needs two or more targets", "p.xml:5:15: unknown attribute 'to' on <end>",
                 "p.xml:4:3: a join needs flows from two or more nodes"}},
        BadCase{"ids_and_variables",
                "<process id=\"A b\" name=\"x\">\n"
                "  <input name=\"outcome\" type=\"string\"/>\n"
                "  <input name=\"9lives\" type=\"int\"/>\n"
                "  <input name=\"n\" type=\"int\" default=\"many\"/>\n"
                "  <start id=\"s\" to=\"e\"/>\n"
                "  <end id=\"e\"/>\n"
                "  <gateway id=\"g\"/>\n"
                "</process>",
                {"p.xml:1:10: invalid id 'A b'", "p.xml:2:10: 'outcome' is reserved", "p.xml:3:10: invalid variable name '9lives'",
                 "p.xml:4:30: bad default", "p.xml:7:3: unknown element <gateway>"}},
        BadCase{"field_type_conflict",
                "<process id=\"a\" name=\"x\">\n"
                "  <input name=\"amount\" type=\"money\"/>\n"
                "  <start id=\"s\" to=\"t\"/>\n"
                "  <task id=\"t\" name=\"งาน\" role=\"r\" to=\"e\"><field name=\"amount\" type=\"int\"/></task>\n"
                "  <end id=\"e\"/>\n"
                "</process>",
                {"p.xml:4:43: field 'amount' is int here but money at p.xml:2:3"}}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return info.param.name; });

TEST(ProcessParser, BuildsTheModel) {
  const char* xml = R"xml(<process id="demo" name="ทดสอบ" start-roles="a b">
  <description> วัตถุประสงค์ </description>
  <input name="fy" type="fiscal-year" required="true" label="ปีงบประมาณ"/>
  <start id="start" to="t"/>
  <task id="t" name="งานแรก" role="a" due="ตลอดปีงบประมาณ" to="c">
    <field name="amount" type="money" required="true"/>
    <outcome value="approve" label="เห็นชอบ"/>
    <outcome value="reject" label="ไม่เห็นชอบ"/>
  </task>
  <choice id="c">
    <when test="outcome == 'approve'" to="f"/>
    <otherwise to="t"/>
  </choice>
  <parallel id="f" to="x y"/>
  <task id="x" name="x" role="a" to="j"/>
  <task id="y" name="y" assignee="${initiator}" to="j"/>
  <join id="j" to="end"/>
  <end id="end"/>
</process>)xml";
  Result<ProcessDefinition> r = ParseProcess(xml, "demo.xml");
  ASSERT_TRUE(r.ok()) << r.status().lines().front();
  const ProcessDefinition& d = *r;
  EXPECT_EQ(d.id(), "demo");
  EXPECT_EQ(d.description(), "วัตถุประสงค์");
  EXPECT_EQ(d.start_roles(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.start().id, "start");
  ASSERT_NE(d.FindNode("t"), nullptr);
  EXPECT_EQ(d.FindNode("t")->due.kind, TimeSpec::Kind::kFiscalYearEnd);
  EXPECT_EQ(d.FindNode("t")->outcomes.size(), 2u);
  EXPECT_EQ(d.FindNode("t")->FindOutcome("ไม่เห็นชอบ")->value, "reject");
  EXPECT_EQ(d.FindNode("t")->incoming, (std::vector<std::string>{"start", "c"}));
  EXPECT_EQ(d.FindNode("j")->incoming, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(d.FindNode("c")->to, (std::vector<std::string>{"f", "t"}));
  EXPECT_EQ(d.DeclaredType("amount"), ValueType::kMoney);
  EXPECT_EQ(d.DeclaredType("fy"), ValueType::kFiscalYear);
  EXPECT_FALSE(d.DeclaredType("nothing").has_value());
  EXPECT_EQ(d.RolesUsed(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.FindNode("t")->where.line, 5);
  EXPECT_EQ(d.FindNode("t")->where.column, 3);
}

TEST(ProcessParser, BundledBudgetRequestParses) {
  std::ifstream in(std::string(KRABUAN_SOURCE_DIR) + "/processes/budget-request.xml");
  std::stringstream buf;
  buf << in.rdbuf();
  Result<ProcessDefinition> r = ParseProcess(buf.str(), "budget-request.xml");
  ASSERT_TRUE(r.ok()) << r.status().lines().front();
  EXPECT_EQ(r->id(), "budget-request");
  const Node* approval = r->FindNode("committee-approval");
  ASSERT_NE(approval, nullptr);
  EXPECT_EQ(approval->role, "area-committee");
  EXPECT_NE(approval->FindOutcome("เห็นชอบ"), nullptr);
  EXPECT_NE(approval->FindOutcome("ไม่เห็นชอบ"), nullptr);
}

}  // namespace
}  // namespace krabuan

namespace krabuan {
namespace {

// Columns counted on from the previous place must equal columns counted from the line's
// start, in any order of asking; a file on one line reports every problem's column.
TEST(ProcessParser, ColumnsOnOneLongLine) {
  std::string xml = "<process id=\"a\" name=\"x\"><start id=\"s\" to=\"t0\"/>";
  for (int i = 0; i < 2000; ++i) {
    xml += "<task id=\"t" + std::to_string(i) + "\" name=\"งาน\" role=\"r\" to=\"t" + std::to_string(i + 1) + "\"/>";
  }
  xml += "<task id=\"t2000\" name=\"งาน\" rol=\"r\" to=\"e\"/><end id=\"e\"/></process>";
  Result<ProcessDefinition> r = ParseProcess(xml, "one-line.xml");
  ASSERT_FALSE(r.ok());
  std::size_t at = xml.find("rol=\"r\"");
  // Every character before it is ASCII except the three Thai letters of each name.
  int column = static_cast<int>(at) + 1 - 2001 * (9 - 3);
  bool found = false;
  for (const std::string& line : r.status().lines()) {
    if (line.find("unknown attribute 'rol'") != std::string::npos) {
      EXPECT_NE(line.find("one-line.xml:1:" + std::to_string(column) + ":"), std::string::npos) << line;
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace krabuan
