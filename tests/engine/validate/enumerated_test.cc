// Enumerated inputs and fields at deploy: <option> declarations, condition literals that
// must be choices (located at the literal), and choices over an enumerated variable
// analysed for values no branch handles and dead <otherwise>s. Also the other value
// rules a process file can break: bounds, defaults and Buddhist-Era years.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/engine.h"

namespace krabuan {
namespace {

// The process around `body`: an enumerated input `kind` and the tasks the bodies flow to.
std::string Process(const std::string& body, const std::string& extra_inputs = "") {
  return "<process id=\"p\" name=\"P\" start-roles=\"clerk\">\n"
         "  <input name=\"kind\" type=\"string\" required=\"true\">\n"
         "    <option value=\"building\" label=\"ค่าก่อสร้าง\"/>\n"
         "    <option value=\"equipment\" label=\"ค่าครุภัณฑ์\"/>\n"
         "    <option value=\"training\" label=\"ค่าอบรม\"/>\n"
         "  </input>\n" +
         extra_inputs +
         "  <start id=\"start\" to=\"route\"/>\n" + body +
         "  <task id=\"a\" name=\"ก\" role=\"clerk\" to=\"done\"/>\n"
         "  <task id=\"b\" name=\"ข\" role=\"clerk\" to=\"done\"/>\n"
         "  <end id=\"done\"/>\n"
         "</process>\n";
}

// "p.xml:L:C" of the first `needle` in `xml`, columns in code points, computed here
// independently of the parser.
std::string Where(const std::string& xml, const std::string& needle) {
  std::size_t at = xml.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  int line = 1, column = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (xml[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(xml[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "p.xml:" + std::to_string(line) + ":" + std::to_string(column);
}

// Every error line of validating `xml`, or the warnings when it validates.
std::vector<std::string> Check(const std::string& xml, bool* valid) {
  Result<std::vector<std::string>> r = ValidateProcessFiles({{"p.xml", xml}}, nullptr);
  *valid = r.ok();
  return r.ok() ? *r : r.status().lines();
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

struct DeployCase {
  const char* name;
  std::string xml;
  bool valid;                          // validates (possibly with warnings)
  std::vector<std::string> needles;    // each in some line; "@…" means: the place of … in the file
  std::vector<std::string> absent = {};
};

void PrintTo(const DeployCase& c, std::ostream* os) { *os << c.name; }

class EnumeratedDeploy : public ::testing::TestWithParam<DeployCase> {};

TEST_P(EnumeratedDeploy, FindsWhatItShould) {
  const DeployCase& c = GetParam();
  bool valid = false;
  std::vector<std::string> lines = Check(c.xml, &valid);
  std::string all = Joined(lines);
  EXPECT_EQ(valid, c.valid) << all;
  for (std::string n : c.needles) {
    if (n.starts_with("@")) n = Where(c.xml, n.substr(1)) + ":";
    EXPECT_NE(all.find(n), std::string::npos) << "want \"" << n << "\" in\n" << all;
  }
  for (const std::string& n : c.absent) EXPECT_EQ(all.find(n), std::string::npos) << "unwanted \"" << n << "\" in\n" << all;
  for (const std::string& l : lines) EXPECT_EQ(l.find('\n'), std::string::npos);
}

std::vector<DeployCase> Cases() {
  const std::string covered =
      "  <choice id=\"route\">\n"
      "    <when test=\"kind == 'building'\" to=\"a\"/>\n"
      "    <when test=\"kind in ['equipment', 'training']\" to=\"b\"/>\n"
      "  </choice>\n";
  return {
      {"every_choice_routed_needs_no_otherwise", Process(covered), true, {}, {"otherwise", "route"}},
      {"not_equal_and_equal_cover_too",
       Process("  <choice id=\"route\">\n"
               "    <when test=\"kind != 'building'\" to=\"a\"/>\n"
               "    <when test=\"kind == 'building' or kind == 'training'\" to=\"b\"/>\n"
               "  </choice>\n"),
       true, {}, {"route"}},
      {"a_choice_no_branch_takes_is_an_error",
       Process("  <choice id=\"route\">\n"
               "    <when test=\"kind == 'building'\" to=\"a\"/>\n"
               "    <when test=\"not (kind in ['building', 'training'])\" to=\"b\"/>\n"
               "  </choice>\n"),
       false,
       {"@<choice id=\"route\"", "error: no branch takes 'kind' = 'training' (ค่าอบรม) and there is no <otherwise>"}},
      {"an_otherwise_never_taken_is_a_warning",
       Process("  <choice id=\"route\">\n"
               "    <when test=\"kind == 'building'\" to=\"a\"/>\n"
               "    <when test=\"kind != 'building'\" to=\"b\"/>\n"
               "    <otherwise to=\"a\"/>\n"
               "  </choice>\n"),
       true, {"warning: <otherwise> is never taken: the branches take every choice of 'kind'"}},
      {"a_branch_no_choice_reaches_is_a_warning",
       Process("  <choice id=\"route\">\n"
               "    <when test=\"kind != 'training'\" to=\"a\"/>\n"
               "    <when test=\"kind == 'building'\" to=\"b\"/>\n"
               "    <otherwise to=\"b\"/>\n"
               "  </choice>\n"),
       true,
       {"@<when test=\"kind == 'building'\"",
        "warning: the branch \"kind == 'building'\" is never taken: no choice of 'kind' reaches it"}},
      {"a_literal_that_is_no_choice_is_located_at_the_literal",
       Process("  <choice id=\"route\">\n"
               "    <when test=\"kind == 'buildng'\" to=\"a\"/>\n"
               "    <otherwise to=\"b\"/>\n"
               "  </choice>\n"),
       false,
       {"@'buildng'", "condition \"kind == 'buildng'\": 'buildng' is not a choice of 'kind' (choices: building "
                      "(ค่าก่อสร้าง), equipment (ค่าครุภัณฑ์), training (ค่าอบรม)) (choice 'route')"}},
      {"a_list_element_is_located_too_after_an_entity",
       Process("  <choice id=\"route\">\n"
               "    <when test=\"kind in ['building', &quot;trainng&quot;]\" to=\"a\"/>\n"
               "    <otherwise to=\"b\"/>\n"
               "  </choice>\n"),
       false, {"@&quot;trainng", "'trainng' is not a choice of 'kind'"}},
      {"a_label_is_not_a_value_in_a_condition",
       Process("  <choice id=\"route\">\n"
               "    <when test=\"'ค่าอบรม' == kind\" to=\"a\"/>\n"
               "    <otherwise to=\"b\"/>\n"
               "  </choice>\n"),
       false, {"@'ค่าอบรม'", "'ค่าอบรม' is not a choice of 'kind'; it is the label of 'training'"}},
      {"a_buddhist_era_date_literal",
       Process("  <choice id=\"route\">\n"
               "    <when test=\"due &lt; date('2568-09-30')\" to=\"a\"/>\n"
               "    <otherwise to=\"b\"/>\n"
               "  </choice>\n",
               "  <input name=\"due\" type=\"date\"/>\n"),
       false, {"'2568-09-30' has a Buddhist-Era year", "did you mean 2025-09-30?", "column 12"}},
      {"a_buddhist_era_instant_in_a_wait",
       "<process id=\"p\" name=\"P\" start-roles=\"clerk\">\n"
       "  <start id=\"start\" to=\"w\"/>\n"
       "  <wait id=\"w\" until=\"2568-10-01T09:00:00+07:00\" to=\"done\"/>\n"
       "  <end id=\"done\"/>\n"
       "</process>\n",
       false, {"@until=", "has a Buddhist-Era year", "did you mean 2025-10-01T09:00:00+07:00?"}},
      {"options_are_for_strings",
       Process(covered, "  <input name=\"n\" type=\"int\">\n    <option value=\"1\"/>\n  </input>\n"), false,
       {"<option> is for string variables; 'n' is int"}},
      {"an_option_twice",
       Process(covered,
               "  <input name=\"size\" type=\"string\">\n    <option value=\"s\" label=\"เล็ก\"/>\n"
               "    <option value=\"s\"/>\n    <option value=\"m\" label=\"เล็ก\"/>\n  </input>\n"),
       false, {"option 's' is declared twice", "label 'เล็ก' is already option 's''s"}},
      {"a_blank_option", Process(covered, "  <input name=\"size\" type=\"string\">\n    <option value=\" \"/>\n  </input>\n"),
       false, {"an <option> needs a non-blank 'value'"}},
      {"a_default_that_is_no_choice",
       Process(covered, "  <input name=\"size\" type=\"string\" default=\"xl\">\n    <option value=\"s\"/>\n  </input>\n"),
       false, {"@default=\"xl\"", "bad default: 'xl' is not one of the choices: s"}},
      {"a_negative_money_default", Process(covered, "  <input name=\"m\" type=\"money\" default=\"-1\"/>\n"), false,
       {"bad default: -1.00 is negative"}},
      {"bounds_are_for_numbers", Process(covered, "  <input name=\"s\" type=\"string\" min=\"1\"/>\n"), false,
       {"'min' is for int and money variables, not string"}},
      {"max_below_min", Process(covered, "  <input name=\"n\" type=\"int\" min=\"5\" max=\"4\"/>\n"), false,
       {"max 4 is below min 5"}},
      {"a_field_with_other_choices",
       Process("  <choice id=\"route\">\n    <otherwise to=\"t\"/>\n  </choice>\n"
               "  <task id=\"t\" name=\"ค\" role=\"clerk\" to=\"a\">\n"
               "    <field name=\"kind\" type=\"string\">\n      <option value=\"building\"/>\n    </field>\n"
               "  </task>\n"),
       false, {"field 'kind' has choices [building] here but [building (ค่าก่อสร้าง), equipment"}},
  };
}

INSTANTIATE_TEST_SUITE_P(Deploy, EnumeratedDeploy, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<DeployCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace krabuan
