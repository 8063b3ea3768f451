// Structural checks: each broken process gives every finding at once, each with the
// node's file:line:column; well-formed processes give none.
#include "engine/validate/structure.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "engine/parse/process_parser.h"

namespace krabuan {
namespace {

// Roles r, starter, nobody-role (held by no one) and school; no schools.
Org TestOrg() {
  std::vector<Role> roles = {{"r", "R", {}}, {"starter", "S", {}}, {"nobody-role", "N", {}}, {"school", "School", {}},
                             {"admin", "A", {}}};
  std::vector<User> users = {{"u1", "U1", {"r", "starter"}, ""}, {"root", "Root", {"admin"}, ""}};
  return Org("office", "group", std::move(roles), {}, std::move(users), {});
}

struct StructureCase {
  const char* name;
  const char* xml;
  bool with_org;
  std::vector<std::string> expected;   // every finding's ToString(), in order
};

void PrintTo(const StructureCase& c, std::ostream* os) { *os << c.name; }

std::vector<std::string> Check(const char* xml, bool with_org) {
  Result<ProcessDefinition> def = ParseProcess(xml, "p.xml");
  if (!def.ok()) {
    std::string all;
    for (const std::string& l : def.status().lines()) all += l + "\n";
    ADD_FAILURE() << "does not parse:\n" << all;
    return {};
  }
  Org org = TestOrg();
  std::vector<std::string> out;
  for (const Finding& f : CheckStructure(*def, with_org ? &org : nullptr)) out.push_back(f.ToString());
  return out;
}

std::string Lines(const std::vector<std::string>& v) {
  std::ostringstream os;
  for (const std::string& s : v) os << s << "\n";
  return os.str();
}

class ValidateBrokenProcess : public ::testing::TestWithParam<StructureCase> {};

TEST_P(ValidateBrokenProcess, ReportsEveryFindingWithItsPlace) {
  const StructureCase& c = GetParam();
  std::vector<std::string> got = Check(c.xml, c.with_org);
  EXPECT_EQ(got, c.expected) << "got:\n" << Lines(got) << "expected:\n" << Lines(c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Validate, ValidateBrokenProcess,
    ::testing::Values(
        StructureCase{"unreachable_node",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <start id=\"s\" to=\"a\"/>\n"
                      "  <task id=\"a\" name=\"A\" role=\"r\" to=\"e\"/>\n"
                      "  <task id=\"orphan\" name=\"O\" role=\"r\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {"p.xml:4:3: error: unreachable from the start (task 'orphan')"}},
        StructureCase{"inclusive_branches_meet_without_a_join",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <input name=\"x\" type=\"int\"/><input name=\"y\" type=\"int\"/>\n"
                      "  <start id=\"s\" to=\"i\"/>\n"
                      "  <inclusive id=\"i\">\n"
                      "    <when test=\"x == 1\" to=\"a\"/><when test=\"y == 1\" to=\"b\"/><otherwise to=\"m\"/>\n"
                      "  </inclusive>\n"
                      "  <task id=\"a\" name=\"A\" role=\"r\" to=\"m\"/>\n"
                      "  <task id=\"b\" name=\"B\" role=\"r\" to=\"m\"/>\n"
                      "  <task id=\"m\" name=\"M\" role=\"r\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {"p.xml:9:3: error: branches 'a' and 'b' of inclusive 'i' meet here without a join: each branch "
                       "brings its own token, so this task runs once per branch (put a <join> before it) (task 'm')"}},
        StructureCase{"cycle_without_an_exit",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <start id=\"s\" to=\"a\"/>\n"
                      "  <task id=\"a\" name=\"A\" role=\"r\" to=\"c\">\n"
                      "    <outcome value=\"done\"/><outcome value=\"more\"/>\n"
                      "  </task>\n"
                      "  <choice id=\"c\">\n"
                      "    <when test=\"outcome == 'done'\" to=\"e\"/>\n"
                      "    <otherwise to=\"l1\"/>\n"
                      "  </choice>\n"
                      "  <task id=\"l1\" name=\"L1\" role=\"r\" to=\"l2\"/>\n"
                      "  <task id=\"l2\" name=\"L2\" role=\"r\" to=\"l1\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {"p.xml:10:3: error: no end can be reached from here (task 'l1')",
                       "p.xml:10:3: error: cycle without an exit: 'l1' and 'l2' flow only into each other, so a token "
                       "that enters never reaches an end (task 'l1')",
                       "p.xml:11:3: error: no end can be reached from here (task 'l2')"}},
        StructureCase{"task_flowing_to_itself",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <start id=\"s\" to=\"a\"/>\n"
                      "  <task id=\"a\" name=\"A\" role=\"r\" to=\"a\"/>\n"
                      "</process>",
                      false,
                      {"p.xml:2:3: error: no end can be reached from here (start 's')",
                       "p.xml:3:3: error: no end can be reached from here (task 'a')",
                       "p.xml:3:3: error: cycle without an exit: 'a' flows only to itself, so a token that enters "
                       "never reaches an end (task 'a')"}},
        StructureCase{"choice_may_match_nothing_and_unknown_variables",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <input name=\"amount\" type=\"money\"/>\n"
                      "  <start id=\"s\" to=\"t\"/>\n"
                      "  <task id=\"t\" name=\"T\" role=\"r\" to=\"c\">\n"
                      "    <outcome value=\"ok\"/>\n"
                      "  </task>\n"
                      "  <choice id=\"c\">\n"
                      "    <when test=\"amout > 5\" to=\"e\"/>\n"
                      "    <when test=\"t.outcome == 'ok' and initiator == 'u1' and amount > 1\" to=\"e\"/>\n"
                      "    <when test=\"t.completed > 0\" to=\"e\"/>\n"
                      "  </choice>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {"p.xml:7:3: warning: no <otherwise>: the conditions may match nothing, and then the case stops "
                       "with an error (choice 'c')",
                       "p.xml:8:5: warning: condition \"amout > 5\" reads 'amout': 'amout' is not an input, a task's "
                       "field or a built-in (outcome, initiator, <task>.outcome, <task>.completed, <task>.missing); "
                       "evaluating it fails (choice 'c')",
                       "p.xml:10:5: warning: condition \"t.completed > 0\" reads 't.completed': 't.completed' is never "
                       "set: only a task with for-each sets .completed; evaluating it fails (choice 'c')"}},
        StructureCase{"per_item_built_ins_and_outcome_never_set",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <start id=\"s\" to=\"collect\"/>\n"
                      "  <task id=\"collect\" name=\"C\" role=\"school\" for-each=\"org:schools\" to=\"c\">\n"
                      "    <field name=\"amount\" type=\"money\"/>\n"
                      "  </task>\n"
                      "  <choice id=\"c\">\n"
                      "    <when test=\"collect.completed > 0 and collect.missing == '' and collect.s1.amount > 0\" to=\"e\"/>\n"
                      "    <when test=\"outcome == 'x'\" to=\"e\"/>\n"
                      "    <otherwise to=\"e\"/>\n"
                      "  </choice>\n"
                      "  <task id=\"t\" name=\"T\" assignee=\"${reviewer}\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {"p.xml:8:5: warning: condition \"outcome == 'x'\" reads 'outcome': 'outcome' is never set: no "
                       "task (other than one per item) declares <outcome>s; evaluating it fails (choice 'c')",
                       "p.xml:11:3: error: unreachable from the start (task 't')",
                       "p.xml:11:3: warning: assignee reads 'reviewer', which no input or task field declares: the "
                       "task cannot open (task 't')"}},
        StructureCase{"join_of_two_alternatives",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <input name=\"urgent\" type=\"bool\"/>\n"
                      "  <start id=\"s\" to=\"c\"/>\n"
                      "  <choice id=\"c\">\n"
                      "    <when test=\"urgent\" to=\"x\"/>\n"
                      "    <otherwise to=\"y\"/>\n"
                      "  </choice>\n"
                      "  <task id=\"x\" name=\"X\" role=\"r\" to=\"j\"/>\n"
                      "  <task id=\"y\" name=\"Y\" role=\"r\" to=\"j\"/>\n"
                      "  <join id=\"j\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {"p.xml:10:3: error: waits for a token from each of 'x' and 'y', but no parallel split runs 'x' "
                       "and 'y' at once (they are not on different branches of one split): the join can wait forever "
                       "(join 'j')"}},
        StructureCase{"parallel_closed_by_a_merge",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <start id=\"s\" to=\"p\"/>\n"
                      "  <parallel id=\"p\" to=\"a b\"/>\n"
                      "  <task id=\"a\" name=\"A\" role=\"r\" to=\"m\"/>\n"
                      "  <task id=\"b\" name=\"B\" role=\"r\" to=\"m\"/>\n"
                      "  <task id=\"m\" name=\"M\" role=\"r\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {"p.xml:6:3: error: branches 'a' and 'b' of parallel 'p' meet here without a join: each branch "
                       "brings its own token, so this task runs once per branch (put a <join> before it) (task 'm')"}},
        StructureCase{"branch_looping_into_another_branch",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <input name=\"redo\" type=\"bool\"/>\n"
                      "  <start id=\"s\" to=\"p\"/>\n"
                      "  <parallel id=\"p\" to=\"a b\"/>\n"
                      "  <task id=\"a\" name=\"A\" role=\"r\" to=\"j\"/>\n"
                      "  <task id=\"b\" name=\"B\" role=\"r\" to=\"c\"/>\n"
                      "  <choice id=\"c\"><when test=\"redo\" to=\"a\"/><otherwise to=\"j\"/></choice>\n"
                      "  <join id=\"j\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {"p.xml:5:3: error: branches 'a' and 'b' of parallel 'p' meet here without a join: each branch "
                       "brings its own token, so this task runs once per branch (put a <join> before it) (task 'a')"}},
        StructureCase{"branch_going_around_the_join",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <start id=\"s\" to=\"p\"/>\n"
                      "  <parallel id=\"p\" to=\"a b c\"/>\n"
                      "  <task id=\"a\" name=\"A\" role=\"r\" to=\"j\"/>\n"
                      "  <task id=\"b\" name=\"B\" role=\"r\" to=\"j\"/>\n"
                      "  <task id=\"c\" name=\"C\" role=\"r\" to=\"report\"/>\n"
                      "  <join id=\"j\" to=\"report\"/>\n"
                      "  <task id=\"report\" name=\"R\" role=\"r\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {"p.xml:8:3: error: branch 'c' of parallel 'p' comes here around join 'j', and so does the join's "
                       "output: two tokens arrive, so this task runs twice (send the branch into the join) (task "
                       "'report')"}},
        StructureCase{"parallel_listing_a_target_twice",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <start id=\"s\" to=\"p\"/>\n"
                      "  <parallel id=\"p\" to=\"a a\"/>\n"
                      "  <task id=\"a\" name=\"A\" role=\"r\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {"p.xml:3:3: error: lists 'a' twice: it would get two tokens at once (parallel 'p')"}},
        StructureCase{"roles_and_logins_against_the_org_file",
                      "<process id=\"p\" name=\"x\" start-roles=\"starter ghost\">\n"
                      "  <start id=\"s\" to=\"a\"/>\n"
                      "  <task id=\"a\" name=\"A\" role=\"nobody-role\" to=\"b\"/>\n"
                      "  <task id=\"b\" name=\"B\" role=\"missing\" to=\"c\"/>\n"
                      "  <task id=\"c\" name=\"C\" assignee=\"stranger\" to=\"d\"/>\n"
                      "  <task id=\"d\" name=\"D\" role=\"school\" for-each=\"org:schools\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      true,
                      {"p.xml: error: start-roles names unknown role 'ghost': the org file does not declare it "
                       "(process 'p')",
                       "p.xml:3:3: warning: nobody can take this task: no user of the org file holds role "
                       "'nobody-role' or records for it (task 'a')",
                       "p.xml:4:3: error: unknown role 'missing': the org file does not declare it (task 'b')",
                       "p.xml:5:3: error: unknown assignee 'stranger': no such login in the org file (task 'c')",
                       "p.xml:6:3: warning: for-each=\"org:schools\" but the org file lists no schools: the step "
                       "opens no task and is skipped (task 'd')"}},
        StructureCase{"roles_unchecked_without_an_org_file",
                      "<process id=\"p\" name=\"x\" start-roles=\"starter ghost\">\n"
                      "  <start id=\"s\" to=\"b\"/>\n"
                      "  <task id=\"b\" name=\"B\" role=\"missing\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {}}));

class ValidateWellFormedProcess : public ::testing::TestWithParam<StructureCase> {};

TEST_P(ValidateWellFormedProcess, HasNoFindings) {
  const StructureCase& c = GetParam();
  std::vector<std::string> got = Check(c.xml, c.with_org);
  EXPECT_TRUE(got.empty()) << Lines(got);
}

INSTANTIATE_TEST_SUITE_P(
    Validate, ValidateWellFormedProcess,
    ::testing::Values(
        StructureCase{"nested_parallels_and_a_loop_around_them",
                      "<process id=\"p\" name=\"x\" start-roles=\"starter\">\n"
                      "  <start id=\"s\" to=\"p1\"/>\n"
                      "  <parallel id=\"p1\" to=\"a p2\"/>\n"
                      "  <task id=\"a\" name=\"A\" role=\"r\" to=\"j1\"/>\n"
                      "  <parallel id=\"p2\" to=\"b c\"/>\n"
                      "  <task id=\"b\" name=\"B\" role=\"r\" to=\"j2\"/>\n"
                      "  <task id=\"c\" name=\"C\" role=\"r\" to=\"j2\"/>\n"
                      "  <join id=\"j2\" to=\"j1\"/>\n"
                      "  <join id=\"j1\" to=\"review\"/>\n"
                      "  <task id=\"review\" name=\"R\" role=\"r\" to=\"ok\">\n"
                      "    <outcome value=\"approve\"/><outcome value=\"reject\"/>\n"
                      "  </task>\n"
                      "  <choice id=\"ok\">\n"
                      "    <when test=\"review.outcome == 'approve'\" to=\"e\"/>\n"
                      "    <otherwise to=\"p1\"/>\n"
                      "  </choice>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      true,
                      {}},
        StructureCase{"inclusive_choice_and_inclusive_join",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <input name=\"x\" type=\"int\"/>\n"
                      "  <start id=\"s\" to=\"i\"/>\n"
                      "  <inclusive id=\"i\">\n"
                      "    <when test=\"x == 1\" to=\"a\"/><when test=\"x &gt; 0\" to=\"b\"/><otherwise to=\"j\"/>\n"
                      "  </inclusive>\n"
                      "  <task id=\"a\" name=\"A\" role=\"r\" to=\"j\"/>\n"
                      "  <task id=\"b\" name=\"B\" role=\"r\" to=\"j\"/>\n"
                      "  <join id=\"j\" to=\"e\" inclusive=\"true\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {}},
        StructureCase{"unstructured_three_way_join",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <start id=\"s\" to=\"p1\"/>\n"
                      "  <parallel id=\"p1\" to=\"a b\"/>\n"
                      "  <task id=\"a\" name=\"A\" role=\"r\" to=\"p2\"/>\n"
                      "  <parallel id=\"p2\" to=\"c d\"/>\n"
                      "  <task id=\"b\" name=\"B\" role=\"r\" to=\"j\"/>\n"
                      "  <task id=\"c\" name=\"C\" role=\"r\" to=\"j\"/>\n"
                      "  <task id=\"d\" name=\"D\" role=\"r\" to=\"j\"/>\n"
                      "  <join id=\"j\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {}},
        StructureCase{"a_split_flowing_straight_into_its_join",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <start id=\"s\" to=\"p\"/>\n"
                      "  <parallel id=\"p\" to=\"j b\"/>\n"
                      "  <task id=\"b\" name=\"B\" role=\"r\" to=\"j\"/>\n"
                      "  <join id=\"j\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {}},
        StructureCase{"one_token_per_item",
                      "<process id=\"p\" name=\"x\">\n"
                      "  <start id=\"s\" to=\"open\"/>\n"
                      "  <parallel id=\"open\" to=\"receive standing\"/>\n"
                      "  <task id=\"receive\" name=\"R\" role=\"r\" to=\"rc\">\n"
                      "    <outcome value=\"close\"/><outcome value=\"register\"/>\n"
                      "  </task>\n"
                      "  <choice id=\"rc\"><when test=\"outcome == 'register'\" to=\"fork\"/><otherwise to=\"sync\"/></choice>\n"
                      "  <parallel id=\"fork\" to=\"handle receive\"/>\n"
                      "  <task id=\"handle\" name=\"H\" role=\"r\" to=\"doc-done\"/>\n"
                      "  <end id=\"doc-done\"/>\n"
                      "  <task id=\"standing\" name=\"S\" role=\"r\" to=\"sync\"/>\n"
                      "  <join id=\"sync\" to=\"e\"/>\n"
                      "  <end id=\"e\"/>\n"
                      "</process>",
                      false,
                      {}}));

}  // namespace
}  // namespace krabuan
