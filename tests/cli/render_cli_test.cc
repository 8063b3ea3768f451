// `krabuan render`: the flowchart of a deployed process as DOT or SVG, with one
// instance's path over it; and the refusals, end to end through the real binary.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "adapters/graphviz/graphviz.h"
#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

constexpr const char* kNoGraphviz =
    "krabuan: Graphviz 'dot' is not installed; install the package graphviz, or use --format dot";

// The line declaring node `id`, or "".
std::string NodeLine(const std::string& dot, const std::string& id) {
  std::size_t pos = dot.find("\"" + id + "\" [");
  if (pos == std::string::npos) return "";
  return dot.substr(pos, dot.find('\n', pos) - pos);
}

std::string EdgeLine(const std::string& dot, const std::string& from, const std::string& to) {
  std::size_t pos = dot.find("\"" + from + "\" -> \"" + to + "\"");
  if (pos == std::string::npos) return "";
  return dot.substr(pos, dot.find('\n', pos) - pos);
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

class RenderCli : public CliTest {
 protected:
  // A PATH with no Graphviz on it (an empty folder).
  std::string PathWithoutDot() const {
    std::filesystem::path empty = dir_.path() / "empty-bin";
    std::filesystem::create_directories(empty);
    return empty.string();
  }
};

TEST_F(RenderCli, DrawsTheProcessWithOneLanePerRoleAsDot) {
  CliResult r = Must(cli_.Run({"render", "budget-request"}));
  const std::string& dot = r.out;
  EXPECT_TRUE(r.err.empty()) << r;
  EXPECT_NE(dot.find("digraph \"budget-request\" {"), std::string::npos) << r;
  // budget-analyst, school, budget-request-committee, the two preparers, area-committee.
  EXPECT_EQ(Count(dot, "subgraph cluster_"), 6) << dot;
  EXPECT_NE(dot.find("label=\"คณะกรรมการเขตพื้นที่การศึกษา (กพท.)\\n(area-committee)\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("label=\"ผู้รับผิดชอบงานวิเคราะห์งบประมาณ\\n(budget-analyst)\""), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "approval-result", "after-approval").find("label=\"เห็นชอบ\""), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "approval-result", "route-category").find("label=\"อื่น ๆ\""), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "analysis-result", "school-request").find("label=\"ให้ปรับปรุง\""), std::string::npos) << dot;
  // Over the enumerated budget category, the flows carry the categories' Thai labels.
  EXPECT_NE(EdgeLine(dot, "route-category", "prepare-investment").find("label=\"งบลงทุน"), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "route-category", "prepare-operating").find("งบอุดหนุน"), std::string::npos) << dot;
  EXPECT_NE(NodeLine(dot, "committee-approval").find("⏱ ตลอดปีงบประมาณ"), std::string::npos) << dot;
  EXPECT_NE(NodeLine(dot, "approval-result").find("shape=diamond"), std::string::npos) << dot;
  EXPECT_EQ(dot.find("class="), std::string::npos) << "no overlay without --instance";
}

TEST_F(RenderCli, InstanceOverlayMarksThePathAndTheOpenTask) {
  std::int64_t id = StartBudget("p33", "operating");
  Complete("p33", id, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
  // One school sends its request; the others' are still open, so school-request is too.
  std::int64_t school_task = 0;
  std::string school;
  for (const json& t : AllTasks()) {
    if (t.at("instance") == id && t.at("node") == "school-request") {
      school_task = t.at("id").get<std::int64_t>();
      school = t.at("assignee").get<std::string>();
      break;
    }
  }
  ASSERT_NE(school_task, 0) << AllTasks().dump(2);
  Must(As(school, {"complete", std::to_string(school_task), "--set", "requested_amount=250000"}));

  CliResult r = Must(As("p33", {"render", "budget-request", "--instance", std::to_string(id)}));
  const std::string& dot = r.out;
  std::string open = NodeLine(dot, "school-request");
  EXPECT_NE(open.find("class=\"open\""), std::string::npos) << open;
  EXPECT_NE(open.find("fillcolor=\"#ffe082\""), std::string::npos) << open;
  EXPECT_EQ(Count(dot, "class=\"open\""), 1) << dot;
  for (auto [from, to] : {std::pair{"start", "announce"}, std::pair{"announce", "school-request"}}) {
    EXPECT_NE(EdgeLine(dot, from, to).find("class=\"taken\""), std::string::npos) << from << " -> " << to << "\n" << dot;
  }
  for (auto [from, to] : {std::pair{"school-request", "committee-analysis"}, std::pair{"analysis-result", "set-targets"},
                          std::pair{"approval-result", "after-approval"}}) {
    EXPECT_NE(EdgeLine(dot, from, to).find("class=\"untaken\""), std::string::npos) << from << " -> " << to << "\n" << dot;
  }
  EXPECT_NE(NodeLine(dot, "start").find("class=\"visited\""), std::string::npos) << dot;
  EXPECT_NE(NodeLine(dot, "announce").find("class=\"visited\""), std::string::npos) << dot;
  EXPECT_NE(NodeLine(dot, "committee-analysis").find("class=\"untouched\""), std::string::npos) << dot;
  EXPECT_NE(NodeLine(dot, "done").find("class=\"untouched\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("instance " + std::to_string(id) + " (running)"), std::string::npos) << dot;
}

TEST_F(RenderCli, ACancelledInstanceKeepsItsPathWithNothingOpen) {
  std::int64_t id = StartBudget("p33", "operating");
  Complete("p33", id, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
  CliResult before = Must(As("admin", {"render", "budget-request", "--instance", std::to_string(id)}));
  // Cancelled: nothing is open any more, the path so far stays drawn.
  Must(As("admin", {"cancel", std::to_string(id), "--reason", "ทดสอบ"}));
  CliResult after = Must(As("admin", {"render", "budget-request", "--instance", std::to_string(id)}));
  EXPECT_EQ(Count(before.out, "class=\"open\""), 1) << before;
  EXPECT_EQ(Count(after.out, "class=\"open\""), 0) << after;
  EXPECT_NE(EdgeLine(after.out, "announce", "school-request").find("class=\"taken\""), std::string::npos) << after;
  EXPECT_NE(after.out.find("instance " + std::to_string(id) + " (cancelled)"), std::string::npos) << after;
}

TEST_F(RenderCli, SvgWhenGraphvizIsInstalled) {
  CliResult r = cli_.Run({"render", "budget-request", "--format", "svg"});
  if (!FindDotProgram()) {
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_EQ(r.ErrLines(), std::vector<std::string>{kNoGraphviz}) << r;
    GTEST_SKIP() << "Graphviz 'dot' is not installed; checked the refusal only";
  }
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find("<svg"), std::string::npos);
  EXPECT_NE(r.out.find("</svg>"), std::string::npos);
  EXPECT_NE(r.out.find("เห็นชอบ"), std::string::npos);
  EXPECT_NE(r.out.find("คณะกรรมการเขตพื้นที่การศึกษา (กพท.)"), std::string::npos);
}

TEST_F(RenderCli, SvgWithoutGraphvizIsRefusedWithAHint) {
  std::filesystem::path out = dir_.path() / "flow.svg";
  CliResult r = cli_.RunWithEnv({"render", "budget-request", "--format", "svg", "--out", out.string()},
                                {{"PATH", PathWithoutDot()}});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_EQ(r.ErrLines(), std::vector<std::string>{kNoGraphviz}) << r;
  EXPECT_TRUE(r.out.empty()) << r;
  EXPECT_FALSE(std::filesystem::exists(out)) << "nothing is written when the drawing fails";
  // DOT needs no Graphviz.
  CliResult dot = cli_.RunWithEnv({"render", "budget-request"}, {{"PATH", PathWithoutDot()}});
  EXPECT_EQ(dot.exit_code, 0) << dot;
  EXPECT_NE(dot.out.find("digraph"), std::string::npos) << dot;
}

TEST_F(RenderCli, OutWritesTheFile) {
  std::filesystem::path dot_file = dir_.path() / "budget-request.dot";
  CliResult r = Must(cli_.Run({"render", "budget-request", "--out", dot_file.string()}));
  EXPECT_EQ(r.out, "dot flowchart of budget-request written to " + dot_file.string() + "\n");
  std::string dot = ReadTextFile(dot_file);
  EXPECT_EQ(dot, Must(cli_.Run({"render", "budget-request"})).out) << "the file holds what stdout would";

  if (!FindDotProgram()) GTEST_SKIP() << "Graphviz 'dot' is not installed";
  std::filesystem::path svg_file = dir_.path() / "budget-request.svg";
  CliResult j = Must(cli_.Run({"render", "budget-request", "--format", "svg", "--out", svg_file.string(), "--json"}));
  EXPECT_EQ(j.Json(), (json{{"file", svg_file.string()}, {"format", "svg"}, {"process", "budget-request"}})) << j;
  std::string svg = ReadTextFile(svg_file);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("ผู้รับผิดชอบงานวิเคราะห์งบประมาณ"), std::string::npos);
}

TEST_F(RenderCli, OutToAMissingFolderIsRefused) {
  std::filesystem::path bad = dir_.path() / "no-such-folder" / "x.dot";
  CliResult r = cli_.Run({"render", "budget-request", "--out", bad.string()});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_EQ(r.ErrLines(), std::vector<std::string>{"krabuan: cannot write '" + bad.string() + "'"}) << r;
}

TEST_F(RenderCli, UnknownProcessInstanceOrMismatchAreOneLineRefusals) {
  CliResult unknown = cli_.Run({"render", "no-such-process"});
  EXPECT_EQ(unknown.exit_code, 1) << unknown;
  ASSERT_EQ(unknown.ErrLines().size(), 1u) << unknown;
  EXPECT_NE(unknown.err.find("no process 'no-such-process'"), std::string::npos) << unknown;
  EXPECT_TRUE(unknown.out.empty());

  CliResult no_instance = As("admin", {"render", "budget-request", "--instance", "999"});
  EXPECT_EQ(no_instance.exit_code, 1) << no_instance;
  EXPECT_EQ(no_instance.ErrLines(), std::vector<std::string>{"krabuan: no instance 999"}) << no_instance;

  CliResult bad_id = As("admin", {"render", "budget-request", "--instance", "abc"});
  EXPECT_EQ(bad_id.exit_code, 1) << bad_id;
  EXPECT_EQ(bad_id.ErrLines(), std::vector<std::string>{"krabuan: 'abc' is not an instance id (a positive number)"})
      << bad_id;

  // An instance of another process.
  std::filesystem::path other = dir_.WriteFile("other.xml", R"xml(<?xml version="1.0" encoding="UTF-8"?>
<process id="other" name="งานอื่น" start-roles="budget-analyst">
  <start id="start" to="work"/>
  <task id="work" name="ทำงาน" role="budget-analyst" to="done"/>
  <end id="done"/>
</process>
)xml");
  Must(As("admin", {"deploy", other.string()}));
  std::int64_t id = Must(As("p33", {"start", "other", "--json"})).Json().at("instance").get<std::int64_t>();
  CliResult mismatch = As("admin", {"render", "budget-request", "--instance", std::to_string(id)});
  EXPECT_EQ(mismatch.exit_code, 1) << mismatch;
  EXPECT_EQ(mismatch.ErrLines(), std::vector<std::string>{"krabuan: instance " + std::to_string(id) +
                                                          " is of process 'other', not 'budget-request'"})
      << mismatch;
  // The other process draws fine with its own instance.
  CliResult own = Must(As("admin", {"render", "other", "--instance", std::to_string(id)}));
  EXPECT_NE(NodeLine(own.out, "work").find("class=\"open\""), std::string::npos) << own;
}

TEST_F(RenderCli, BadFormatIsAUsageError) {
  CliResult r = cli_.Run({"render", "budget-request", "--format", "png"});
  EXPECT_EQ(r.exit_code, 2) << r;
  ASSERT_EQ(r.ErrLines().size(), 1u) << r;
  EXPECT_NE(r.err.find("--format"), std::string::npos) << r;
}

TEST_F(RenderCli, AnInstanceOnAnOlderVersionIsDrawnOnItsOwnVersion) {
  std::int64_t id = StartBudget("p33", "operating");
  std::string xml = ReadTextFile(ProcessesDir() / "budget-request.xml");
  std::string from = "name=\"จัดทำคำของบประมาณประจำปี\"";
  std::size_t pos = xml.find(from);
  ASSERT_NE(pos, std::string::npos);
  xml.replace(pos, from.size(), "name=\"จัดทำคำของบประมาณประจำปี (ฉบับที่ 2)\"");
  Must(As("admin", {"deploy", dir_.WriteFile("budget-request.xml", xml).string()}));

  CliResult r = Must(As("admin", {"render", "budget-request", "--instance", std::to_string(id)}));
  EXPECT_TRUE(r.ErrLines().empty()) << r;
  // Version 1's names: the instance runs there.
  EXPECT_EQ(NodeLine(r.out, "prepare-operating").find("(ฉบับที่"), std::string::npos) << r;
  EXPECT_NE(NodeLine(r.out, "announce").find("class=\"open\""), std::string::npos) << r;
  // The plain drawing is the latest version.
  CliResult latest = Must(As("admin", {"render", "budget-request"}));
  EXPECT_NE(NodeLine(latest.out, "prepare-operating").find("(ฉบับที่"), std::string::npos) << latest;
}

}  // namespace
}  // namespace krabuan::clitest
