// `krabuan plan`: the timing table of a procedure, as a table, JSON, CSV and SVG.
#include <fstream>
#include <sstream>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

class CliPlan : public CliTest {};

TEST_F(CliPlan, JsonGivesEveryStepWithItsDueDate) {
  for (int fy : {2568, 2569}) {
    json plan = Must(cli_.Run({"plan", "budget-request", "--fiscal-year", std::to_string(fy), "--json"})).Json();
    EXPECT_EQ(plan.at("process"), "budget-request");
    EXPECT_EQ(plan.at("fiscal_year"), fy);
    ASSERT_GE(plan.at("steps").size(), 8u);
    std::string fy_end = std::to_string(fy - 543) + "-09-30T16:59:59Z";
    for (const json& s : plan.at("steps")) {
      EXPECT_EQ(s.at("timing"), "ตลอดปีงบประมาณ") << s.dump();
      EXPECT_EQ(s.at("due"), fy_end) << s.dump();
      EXPECT_EQ(s.at("due_display"), "30 ก.ย. " + std::to_string(fy)) << s.dump();
      EXPECT_FALSE(s.at("actor").get<std::string>().empty());
    }
  }
}

TEST_F(CliPlan, TableCsvAndSvg) {
  CliResult table = Must(cli_.Run({"plan", "budget-request", "--fiscal-year", "2568"}));
  EXPECT_NE(table.out.find("ปีงบประมาณ 2568 (1 ต.ค. 2567 – 30 ก.ย. 2568)"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("คณะกรรมการเขตพื้นที่การศึกษา"), std::string::npos);

  CliResult csv = Must(cli_.Run({"plan", "budget-request", "--fiscal-year", "2568", "--format", "csv"}));
  ASSERT_GE(csv.out.size(), 3u);
  EXPECT_EQ(csv.out.substr(0, 3), "\xEF\xBB\xBF");   // a BOM, so Excel reads Thai
  EXPECT_NE(csv.out.find("ลำดับ,ขั้นตอน,ผู้รับผิดชอบ"), std::string::npos);
  EXPECT_NE(csv.out.find("\"30 ก.ย. 2568\""), std::string::npos);
  EXPECT_NE(csv.out.find("\r\n"), std::string::npos);

  std::string path = (dir_.path() / "plan.svg").string();
  Must(cli_.Run({"plan", "budget-request", "--fiscal-year", "2568", "--format", "svg", "--out", path}));
  std::ifstream in(path);
  std::stringstream svg;
  svg << in.rdbuf();
  EXPECT_EQ(svg.str().rfind("<svg", 0), 0u);
  EXPECT_NE(svg.str().find("data-node=\"committee-approval\""), std::string::npos);
}

// A step after a time box starts when the box's deadline is spent, as in the engine: not
// back at the fiscal year's start.
TEST_F(CliPlan, StepsAfterATimeBoxStartWhenTheBoxIsSpent) {
  struct Expect {
    const char* process;
    const char* node;
    const char* begins;
    const char* due;
  };
  const Expect cases[] = {
      // 15 วัน, 2 เดือน, then boxes t3 and t4 of 2 เดือน each.
      {"school-merger", "study-situation", "2024-10-15T17:00:00Z", "2024-12-15T17:00:00Z"},
      {"school-merger", "plan-approval", "2024-12-15T17:00:00Z", "2025-02-15T17:00:00Z"},
      {"school-merger", "present-case", "2025-02-15T17:00:00Z", "2025-04-15T17:00:00Z"},
      {"school-merger", "case-decision", "2025-02-15T17:00:00Z", "2025-04-15T17:00:00Z"},
      // Box t1 (2 เดือน by November) for steps 1-3, box t2 (1 เดือน) for 4-5, then 15 วัน.
      {"education-policy-development", "analyse-directions", "2024-09-30T17:00:00Z", "2024-11-30T16:59:59Z"},
      {"education-policy-development", "draft-policy", "2024-11-30T16:59:59Z", "2024-12-30T16:59:59Z"},
      {"education-policy-development", "committee-review", "2024-12-30T16:59:59Z", "2025-01-14T16:59:59Z"},
  };
  for (const Expect& e : cases) {
    json plan = Must(cli_.Run({"plan", e.process, "--fiscal-year", "2568", "--json"})).Json();
    const json* step = nullptr;
    for (const json& s : plan.at("steps")) {
      if (s.at("node") == e.node) step = &s;
    }
    ASSERT_NE(step, nullptr) << e.process << " " << e.node;
    EXPECT_EQ(step->at("begins"), e.begins) << e.node;
    EXPECT_EQ(step->at("due"), e.due) << e.node;
    EXPECT_EQ(step->at("main_line"), true) << e.node;
  }
  CliResult table = Must(cli_.Run({"plan", "school-merger", "--fiscal-year", "2568"}));
  EXPECT_NE(table.out.find("16 เม.ย. 2568"), std::string::npos) << table.out;
}

TEST_F(CliPlan, RefusesBadArguments) {
  CliResult r = cli_.Run({"plan", "budget-request", "--fiscal-year", "2025"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a Buddhist-Era fiscal year"), std::string::npos) << r.err;
  r = cli_.Run({"plan", "no-such-process", "--fiscal-year", "2568"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no process 'no-such-process'"), std::string::npos) << r.err;
  r = cli_.Run({"plan", "budget-request"});
  EXPECT_EQ(r.exit_code, 2);
  r = cli_.Run({"plan", "budget-request", "--fiscal-year", "2568", "--format", "pdf"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace krabuan::clitest
