// Values are right or refused, through the real binary: enumerated inputs, one value per
// name, non-blank required values, money ranges and totals, Buddhist-Era years in dates
// and condition literals, and refusals of a body's task that name who records for it.
// Each refusal: exit 1, one stderr line per problem, nothing on stdout, the database
// unchanged table for table.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

enum class Stage {
  kNone,         // the database as init left it
  kSchool,       // a budget request whose schools' requests are open
  kNearLimit,    // ... and school-01 has asked for 999,999,999,999,000.00
  kAnalysis,     // every school has sent; committee-analysis is open
  kExecute,      // a school-merger case at its execute step
};

struct ValueRefusal {
  std::string name;
  Stage stage;
  std::string as;
  std::vector<std::string> args;       // placeholders: {school-01} {analysis} {execute} {dir}
  std::vector<std::string> needles;
  int problem_lines = 1;
  std::string line_pattern = {};       // every problem line must match
};

void PrintTo(const ValueRefusal& r, std::ostream* os) { *os << r.name; }

class CliValueRefusal : public CliTest, public ::testing::WithParamInterface<ValueRefusal> {
 protected:
  void Arrange(Stage stage) {
    // budget-request with a typo in the routing condition, for validate and deploy.
    std::string source = ReadTextFile(ProcessesDir() / "budget-request.xml");
    std::string typo = source;
    typo.replace(typo.find("budget_category == 'investment'"), 31, "budget_category == 'investmnt'");
    dir_.WriteFile("typo.xml", typo);
    vars_["{dir}"] = dir_.path().string();
    if (stage == Stage::kNone) return;
    if (stage == Stage::kExecute) {
      std::int64_t id =
          Must(As("p37", {"start", "school-merger", "--set", "fiscal_year=2568", "--json"})).Json().at("instance");
      Complete("p37", id, "study-regulations");
      Complete("p37", id, "study-situation", {"--set", "situation_summary=นักเรียนน้อย"});
      Complete("p37", id, "prepare-plan", {"--set", "plan_summary=แผนรวม"});
      Complete("p37", id, "plan-approval", {"--outcome", "approve"});
      Complete("p37", id, "present-case");
      Complete("p32", id, "case-decision", {"--outcome", "approve"});
      vars_["{execute}"] = std::to_string(TaskId("p37", id, "execute"));
      return;
    }
    std::int64_t id = StartBudget("p33", "operating");
    Complete("p33", id, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
    vars_["{school-01}"] = std::to_string(TaskId("school-01", id, "school-request"));
    if (stage == Stage::kNearLimit) {
      SchoolRequests(id, {"school-01"}, "p38", {"--set", "requested_amount=999,999,999,999,000.00"});
      vars_["{school-02}"] = std::to_string(TaskId("school-02", id, "school-request"));
    }
    if (stage == Stage::kAnalysis) {
      SchoolRequests(id, Schools(), "p38", {"--set", "requested_amount=1000"});
      vars_["{analysis}"] = std::to_string(TaskId("p33", id, "committee-analysis"));
    }
  }

  std::string Expand(std::string s) const {
    for (const auto& [key, value] : vars_) {
      for (std::size_t pos = s.find(key); pos != std::string::npos; pos = s.find(key, pos + value.size())) {
        s.replace(pos, key.size(), value);
      }
    }
    for (const char* k : {"{school-01}", "{school-02}", "{analysis}", "{execute}", "{dir}"}) {
      if (s.find(k) != std::string::npos) throw std::runtime_error(std::string(k) + " is not known at this stage");
    }
    return s;
  }

  std::map<std::string, std::string> vars_;
};

TEST_P(CliValueRefusal, FailsWithOneLinePerProblemAndChangesNothing) {
  const ValueRefusal& c = GetParam();
  Arrange(c.stage);
  std::vector<std::string> args = {"--as", c.as};
  for (const std::string& a : c.args) args.push_back(Expand(a));

  std::string before = Dump();
  CliResult r = cli_.Run(args);
  std::string after = Dump();

  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_EQ(r.out, "") << r;
  std::vector<std::string> lines = r.ErrLines();
  EXPECT_EQ(static_cast<int>(lines.size()), c.problem_lines) << r;
  for (const std::string& line : lines) {
    EXPECT_EQ(line.rfind("krabuan: ", 0), 0u) << line;
    if (!c.line_pattern.empty()) {
      EXPECT_TRUE(std::regex_search(line, std::regex(c.line_pattern))) << "'" << line << "' !~ " << c.line_pattern;
    }
  }
  for (const std::string& n : c.needles) {
    EXPECT_NE(r.err.find(Expand(n)), std::string::npos) << "stderr should mention \"" << Expand(n) << "\"\n" << r;
  }
  EXPECT_EQ(before, after) << FirstDifference(before, after) << "\n" << r;
}

const std::vector<std::string> kStart = {"start", "budget-request", "--set", "fiscal_year=2568"};

std::vector<std::string> Cat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<ValueRefusal> Cases() {
  return {
      // Item 4: an enumerated input.
      {"category_not_a_choice", Stage::kNone, "p33", Cat(kStart, {"--set", "budget_category=investmnt"}),
       {"variable 'budget_category' (string): 'investmnt' is not one of the choices: personnel (งบบุคลากร), ",
        "investment (งบลงทุน ค่าครุภัณฑ์ที่ดินและสิ่งก่อสร้าง)"}},
      {"case_type_not_a_choice", Stage::kNone, "p37",
       {"start", "school-merger", "--set", "fiscal_year=2568", "--set", "case_type=merge"},
       {"'merge' is not one of the choices: establish (จัดตั้ง), merge-dissolve (ยุบรวม)"}},
      // Item 3: one value per name; required is non-blank.
      {"category_given_twice", Stage::kNone, "p33",
       Cat(kStart, {"--set", "budget_category=operating", "--set", "budget_category=investment"}),
       {"input 'budget_category' is given more than once ('operating', 'investment'); give each name once"}},
      {"category_blank", Stage::kNone, "p33", Cat(kStart, {"--set", "budget_category= "}),
       {"input 'budget_category' (string) is required and may not be blank"}},
      {"field_given_twice", Stage::kSchool, "p38",
       {"complete", "{school-01}", "--set", "requested_amount=10", "--set", "requested_amount=20"},
       {"task {school-01}: field 'requested_amount' is given more than once ('10', '20')"}},
      // Item 5: every missing input at once.
      {"every_missing_input", Stage::kNone, "p33", {"start", "budget-request"},
       {"input 'fiscal_year' (fiscal-year) is required", "input 'budget_category' (string) is required",
        "(one of personnel (งบบุคลากร)"},
       2},
      {"outcome_and_field_in_one_refusal", Stage::kAnalysis, "p33",
       {"complete", "{analysis}", "--set", "analysis_note=ก", "--set", "analysis_note=ข"},
       {"task {analysis} needs an outcome", "field 'analysis_note' is given more than once"}, 2},
      // Item 2: money ranges and totals.
      {"negative_amount", Stage::kSchool, "p38", {"complete", "{school-01}", "--set", "requested_amount=-5"},
       {"task {school-01}: variable 'requested_amount' (money): -5.00 is negative"}},
      {"amount_beyond_range", Stage::kSchool, "p38",
       {"complete", "{school-01}", "--set", "requested_amount=20,000,000,000,000,000.00"},
       {"'20,000,000,000,000,000.00' is beyond the money range (at most 999,999,999,999,999.99 either way)"}},
      {"amount_with_a_blank_inside", Stage::kSchool, "p38", {"complete", "{school-01}", "--set", "requested_amount=1 500"},
       {"'1 500' has a blank inside the number"}},
      {"total_beyond_range", Stage::kNearLimit, "p38", {"complete", "{school-02}", "--set", "requested_amount=1,000.01"},
       {"task {school-02}: the total of field 'requested_amount' (money) over task 'school-request' would leave the "
        "money range (at most 999,999,999,999,999.99): 999,999,999,999,000.00 so far, and school-02 adds 1,000.01"}},
      // Item 1: Buddhist-Era years.
      {"be_date_field", Stage::kExecute, "p37",
       {"complete", "{execute}", "--set", "effective_date=2568-05-01", "--set", "execution_note=รวมแล้ว"},
       {"variable 'effective_date' (date): '2568-05-01' has a Buddhist-Era year (2568); dates are written with CE "
        "years (did you mean 2025-05-01?)"}},
      {"be_now", Stage::kNone, "p33", Cat({"--now", "2568-08-01T09:00+07:00"}, Cat(kStart, {"--set", "budget_category=other"})),
       {"--now / KRABUAN_NOW: '2568-08-01T09:00+07:00' has a Buddhist-Era year", "did you mean 2025-08-01T09:00+07:00?"}},
      {"be_absence", Stage::kNone, "p32", {"absent", "--from", "2568-10-01", "--to", "2568-10-02"},
       {"--from '2568-10-01' has a Buddhist-Era year (2568)", "(did you mean 2025-10-01?)"}},
      {"be_plan_start", Stage::kNone, "p33", {"plan", "budget-request", "--fiscal-year", "2568", "--start", "2567-10-01"},
       {"--start: '2567-10-01' has a Buddhist-Era year", "did you mean 2024-10-01?"}},
      // Item 4: a condition literal that is no choice, at deploy.
      {"validate_condition_typo", Stage::kNone, "admin", {"validate", "{dir}/typo.xml"},
       {"'investmnt' is not a choice of 'budget_category'"}, 1,
       "typo\\.xml:[0-9]+:[0-9]+: condition \"budget_category == 'investmnt'\""},
      {"deploy_condition_typo", Stage::kNone, "admin", {"deploy", "{dir}/typo.xml"},
       {"'investmnt' is not a choice of 'budget_category'"}, 1, "typo\\.xml:[0-9]+:[0-9]+: "},
      // Item 5: a body's task names who records it.
      {"other_school", Stage::kSchool, "school-02", {"complete", "{school-01}", "--set", "requested_amount=1"},
       {"task {school-01} is assigned to 'school-01', not to 'school-02'; pp-officer (", "or admin-clerk (",
        "records it on behalf of สถานศึกษา"}},
      {"committee_task_by_non_recorder", Stage::kAnalysis, "p36", {"complete", "{analysis}", "--outcome", "suitable"},
       {"which 'p36' does not hold; budget-analyst (", "records it on behalf of คณะกรรมการจัดทำและเสนอของบประมาณ"}},
  };
}

INSTANTIATE_TEST_SUITE_P(Cli, CliValueRefusal, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<ValueRefusal>& info) { return info.param.name; });

// The Thai label is accepted for its value, and money is kept in its canonical form.
TEST_F(CliTest, LabelsAreTakenForValuesAndMoneyIsNormalised) {
  std::int64_t id = StartBudget("p34", "งบลงทุน ค่าครุภัณฑ์ที่ดินและสิ่งก่อสร้าง");
  EXPECT_EQ(Show(id).at("variables").at("budget_category"), "investment");
  Complete("p33", id, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
  SchoolRequests(id, {"school-01"}, "p38", {"--set", "requested_amount= 0050000.5 "});
  EXPECT_EQ(Show(id).at("variables").at("school-request.school-01.requested_amount"), "50000.50");
}

// The timing table says which steps only some categories take; the flowchart labels the
// routing flows with the categories' Thai names.
TEST_F(CliTest, PlanAndFlowchartShowTheChoices) {
  CliResult plan = Must(As("p33", {"plan", "budget-request", "--fiscal-year", "2568"}));
  EXPECT_NE(plan.out.find("เฉพาะกรณี ประเภทงบประมาณ: งบลงทุน ค่าครุภัณฑ์ที่ดินและสิ่งก่อสร้าง"), std::string::npos) << plan;
  EXPECT_NE(plan.out.find("เฉพาะกรณี ประเภทงบประมาณ: งบบุคลากร, งบดำเนินงาน, งบอุดหนุน, งบรายจ่ายอื่น"), std::string::npos)
      << plan;
  json steps = Must(As("p33", {"plan", "budget-request", "--fiscal-year", "2568", "--json"})).Json().at("steps");
  std::map<std::string, json> options;
  for (const json& s : steps) options[s.at("node")] = s.at("options");
  EXPECT_EQ(options.at("prepare-investment"), "ประเภทงบประมาณ: งบลงทุน ค่าครุภัณฑ์ที่ดินและสิ่งก่อสร้าง");
  EXPECT_TRUE(options.at("announce").is_null());
  EXPECT_TRUE(options.at("committee-approval").is_null()) << "both paths reach it";

  CliResult dot = Must(As("p33", {"render", "budget-request"}));
  EXPECT_NE(dot.out.find("งบอุดหนุน"), std::string::npos) << dot.out;
  EXPECT_EQ(dot.out.find("budget_category"), std::string::npos) << dot.out;
}

}  // namespace
}  // namespace krabuan::clitest
