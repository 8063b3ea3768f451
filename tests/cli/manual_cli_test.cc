// `krabuan manual`: the operations manual regenerated from the deployed process files.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/graphviz/graphviz.h"
#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class CliManual : public CliTest {};

TEST_F(CliManual, HtmlHasEveryProcedureWithObjectiveStepsAndTimingTable) {
  std::filesystem::path out = dir_.path() / "site";
  Must(cli_.Run({"manual", "--fiscal-year", "2568", "--out", out.string()}));
  std::string html = Slurp(out / "manual.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<html lang=\"th\">"), std::string::npos);
  json processes = Must(cli_.Run({"processes", "--json"})).Json().at("processes");
  ASSERT_FALSE(processes.empty());
  for (const json& p : processes) {
    std::string id = p.at("id");
    EXPECT_NE(html.find("<section id=\"" + id + "\">"), std::string::npos) << id;
    EXPECT_NE(html.find(p.at("name").get<std::string>()), std::string::npos) << id;
  }
  // The budget request's chapter: its objective, its steps with actors, its timing table.
  EXPECT_NE(html.find("วัตถุประสงค์"), std::string::npos);
  EXPECT_NE(html.find("คณะกรรมการเขตพื้นที่การศึกษา"), std::string::npos);
  EXPECT_NE(html.find("<th>เวลาดำเนินการ</th>"), std::string::npos);
  EXPECT_NE(html.find("<td>30 ก.ย. 2568</td>"), std::string::npos);
  if (FindDotProgram()) {
    EXPECT_NE(html.find("<figure><svg"), std::string::npos);   // flowcharts inline
  } else {
    EXPECT_NE(html.find("ไม่มีภาพ"), std::string::npos);
  }
}

TEST_F(CliManual, MarkdownLinksFlowchartFilesBesideIt) {
  std::filesystem::path out = dir_.path() / "md";
  Must(cli_.Run({"manual", "--format", "md", "--fiscal-year", "2569", "--out", out.string()}));
  std::string md = Slurp(out / "manual.md");
  EXPECT_EQ(md.rfind("# คู่มือปฏิบัติงาน กลุ่มนโยบายและแผน", 0), 0u);
  EXPECT_NE(md.find("| ลำดับ | รายละเอียดงาน | ผู้รับผิดชอบ | เวลาดำเนินการ | ช่วงเวลา | กำหนดเสร็จ |"), std::string::npos);
  EXPECT_NE(md.find("30 ก.ย. 2569"), std::string::npos);
  if (FindDotProgram()) {
    EXPECT_NE(md.find("](budget-request.svg)"), std::string::npos);
    EXPECT_EQ(Slurp(out / "budget-request.svg").find("<svg") == std::string::npos, false);
  }
  CliResult r = cli_.Run({"manual", "--format", "pdf"});
  EXPECT_EQ(r.exit_code, 2);
}

// The four primary procedures draw as SVG wherever Graphviz is installed (CI installs it).
TEST_F(CliManual, PrimaryProceduresRenderAsSvg) {
  if (!FindDotProgram()) GTEST_SKIP() << "Graphviz 'dot' is not installed";
  for (const char* id : {"budget-request", "surplus-transfer", "school-merger", "inspection-follow-up"}) {
    std::filesystem::path out = dir_.path() / (std::string(id) + ".svg");
    Must(cli_.Run({"render", id, "--format", "svg", "--out", out.string()}));
    std::string svg = Slurp(out);
    EXPECT_NE(svg.find("<svg"), std::string::npos) << id;
    EXPECT_NE(svg.find("cluster_"), std::string::npos) << id << ": one lane per role";
    // The lane of the first step's actor carries the role's Thai name.
    json plan = Must(cli_.Run({"plan", id, "--fiscal-year", "2568", "--json"})).Json();
    std::string actor = plan.at("steps").at(0).at("actor");
    EXPECT_NE(svg.find(actor), std::string::npos) << id << ": no lane named " << actor;
  }
}

}  // namespace
}  // namespace krabuan::clitest
