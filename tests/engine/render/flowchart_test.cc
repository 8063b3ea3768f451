// The flowchart as DOT text: lanes per role, shapes per node kind, edge labels from
// outcomes, escaping, the instance overlay; and the text through Graphviz when present.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "adapters/graphviz/graphviz.h"
#include "engine/parse/org_parser.h"
#include "engine/parse/process_parser.h"
#include "engine/render/flowchart.h"
#include "engine/render/overlay.h"
#include "engine/render/text_wrap.h"
#include "tests/support/engine_fixture.h"

namespace krabuan {
namespace {

// Every node kind; a task name with a double quote and a backslash; a lane for a login.
const char* const kMini = R"xml(<process id="mini" name="ขอ &quot;อนุมัติ&quot; งบประมาณ" start-roles="clerk">
  <input name="amount" type="money" required="true"/>
  <start id="start" to="draft"/>
  <task id="draft" name="ร่าง &quot;ด่วน&quot; a\b" role="clerk" due="15 วัน" to="review"/>
  <task id="review" name="คณะกรรมการพิจารณา" role="board" due="ตลอดปีงบประมาณ" to="decide">
    <outcome value="approve" label="เห็นชอบ"/>
    <outcome value="reject" label="ไม่เห็นชอบ"/>
    <outcome value="withdraw" label="ถอนเรื่อง"/>
  </task>
  <choice id="decide">
    <when test="outcome == 'approve'" to="size"/>
    <when test="review.outcome == 'reject'" to="draft"/>
    <otherwise to="done"/>
  </choice>
  <choice id="size">
    <when test="amount &gt;= 1000000.00" to="cool"/>
    <otherwise to="fork"/>
  </choice>
  <wait id="cool" name="พักเรื่อง" for="2 วัน" to="fork"/>
  <parallel id="fork" to="notify reports"/>
  <task id="notify" name="แจ้งผล" assignee="boss" to="sync"/>
  <task id="reports" name="สถานศึกษารายงานผล" role="school" for-each="org:schools" to="sync"/>
  <join id="sync" to="done"/>
  <end id="done"/>
</process>)xml";

ProcessDefinition Mini() {
  Result<ProcessDefinition> d = ParseProcess(kMini, "mini.xml");
  EXPECT_TRUE(d.ok()) << d.status().message();
  return std::move(d.value());
}

Org TestOrg() {
  Result<Org> org = ParseOrg(testing::kTestOrg, "org.xml");
  EXPECT_TRUE(org.ok()) << org.status().message();
  return std::move(org.value());
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

// The statement that declares node `id` (one line).
std::string NodeLine(const std::string& dot, const std::string& id) {
  std::string key = "\"" + id + "\" [";
  std::size_t pos = dot.find(key);
  if (pos == std::string::npos) return "";
  std::size_t end = dot.find('\n', pos);
  return dot.substr(pos, end - pos);
}

// The statement of the first edge from -> to (one line).
std::string EdgeLine(const std::string& dot, const std::string& from, const std::string& to) {
  std::string key = "\"" + from + "\" -> \"" + to + "\"";
  std::size_t pos = dot.find(key);
  if (pos == std::string::npos) return "";
  std::size_t end = dot.find('\n', pos);
  return dot.substr(pos, end - pos);
}

// The body of the cluster whose header contains `name_part`.
std::string Cluster(const std::string& dot, const std::string& name_part) {
  std::size_t pos = dot.find("subgraph cluster_");
  while (pos != std::string::npos) {
    std::size_t open = dot.find('{', pos);
    if (dot.substr(pos, open - pos).find(name_part) != std::string::npos) {
      return dot.substr(open, dot.find("\n  }", open) - open);
    }
    pos = dot.find("subgraph cluster_", open);
  }
  return "";
}

// Unescaped double quotes balance on every line: no label leaks into the syntax.
void ExpectBalancedQuotes(const std::string& dot) {
  std::size_t start = 0;
  int line_no = 1;
  while (start < dot.size()) {
    std::size_t end = dot.find('\n', start);
    std::string line = dot.substr(start, end - start);
    int quotes = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;
      } else if (line[i] == '"') {
        ++quotes;
      }
    }
    EXPECT_EQ(quotes % 2, 0) << "line " << line_no << ": " << line;
    if (end == std::string::npos) break;
    start = end + 1;
    ++line_no;
  }
}

TEST(FlowchartDot, OneLanePerRoleOrAssigneeNamedFromTheOrg) {
  ProcessDefinition def = Mini();
  Org org = TestOrg();
  std::string dot = FlowchartDot(def, &org, nullptr);
  // clerk, board, the login boss, school.
  EXPECT_EQ(Count(dot, "subgraph cluster_"), 4) << dot;
  std::string clerk = Cluster(dot, "_clerk");
  std::string board = Cluster(dot, "_board");
  std::string boss = Cluster(dot, "_boss");
  std::string school = Cluster(dot, "_school");
  EXPECT_NE(clerk.find("label=\"เจ้าหน้าที่\\n(clerk)\""), std::string::npos) << clerk;
  EXPECT_NE(board.find("label=\"คณะกรรมการ\\n(board)\""), std::string::npos) << board;
  EXPECT_NE(school.find("label=\"สถานศึกษา\\n(school)\""), std::string::npos) << school;
  // A task given to a login sits in that login's lane, named by its position.
  EXPECT_NE(boss.find("หัวหน้า (๑)\\n(boss)"), std::string::npos) << boss;
  EXPECT_NE(boss.find("\"notify\" ["), std::string::npos) << boss;
  EXPECT_NE(clerk.find("\"draft\" ["), std::string::npos) << clerk;
  EXPECT_NE(board.find("\"review\" ["), std::string::npos) << board;
  // The choice reading the board's decision sits in the board's lane.
  EXPECT_NE(board.find("\"decide\" ["), std::string::npos) << board;
  EXPECT_NE(school.find("\"reports\" ["), std::string::npos) << school;
  EXPECT_EQ(clerk.find("\"review\" ["), std::string::npos) << clerk;
}

TEST(FlowchartDot, WithoutAnOrgLanesShowRoleIdsOnly) {
  std::string dot = FlowchartDot(Mini(), nullptr, nullptr);
  EXPECT_EQ(Count(dot, "subgraph cluster_"), 4);
  EXPECT_NE(Cluster(dot, "_board").find("label=\"(board)\""), std::string::npos) << dot;
  EXPECT_EQ(dot.find("คณะกรรมการ\\n"), std::string::npos);
}

TEST(FlowchartDot, GraphIsTopToBottomInUtf8WithThaiFonts) {
  std::string dot = FlowchartDot(Mini(), nullptr, nullptr);
  EXPECT_EQ(dot.find("digraph \"mini\" {"), dot.find('\n') + 1) << dot;
  EXPECT_NE(dot.find("rankdir=TB"), std::string::npos);
  EXPECT_NE(dot.find("charset=\"UTF-8\""), std::string::npos);
  EXPECT_EQ(Count(dot, "fontname=\"Noto Sans Thai,Loma,Garuda,sans-serif\""), 3);
  EXPECT_EQ(dot.back(), '\n');
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
}

TEST(FlowchartDot, ShapesFollowNodeKinds) {
  std::string dot = FlowchartDot(Mini(), nullptr, nullptr);
  EXPECT_NE(NodeLine(dot, "start").find("shape=circle"), std::string::npos);
  EXPECT_NE(NodeLine(dot, "done").find("shape=doublecircle"), std::string::npos);
  EXPECT_NE(NodeLine(dot, "review").find("shape=box, style=\"rounded,filled\""), std::string::npos);
  EXPECT_NE(NodeLine(dot, "decide").find("shape=diamond"), std::string::npos);
  EXPECT_NE(NodeLine(dot, "size").find("shape=diamond"), std::string::npos);
  for (const char* gate : {"fork", "sync"}) {
    std::string line = NodeLine(dot, gate);
    EXPECT_NE(line.find("shape=diamond"), std::string::npos) << line;
    EXPECT_NE(line.find("label=\"+\""), std::string::npos) << line;
  }
  std::string wait = NodeLine(dot, "cool");
  EXPECT_NE(wait.find("shape=invtrapezium"), std::string::npos) << wait;
  EXPECT_NE(wait.find("พักเรื่อง\\n⌛ รอ 2 วัน"), std::string::npos) << wait;
}

TEST(FlowchartDot, TaskLabelsCarryDueForEachAndOutcomes) {
  std::string dot = FlowchartDot(Mini(), nullptr, nullptr);
  EXPECT_NE(NodeLine(dot, "draft").find("\\n⏱ 15 วัน\""), std::string::npos) << NodeLine(dot, "draft");
  EXPECT_NE(NodeLine(dot, "review").find("label=\"คณะกรรมการพิจารณา\\n⏱ ตลอดปีงบประมาณ\\n◇ เห็นชอบ / ไม่เห็นชอบ /"),
            std::string::npos)
      << NodeLine(dot, "review");
  EXPECT_NE(NodeLine(dot, "reports").find("ทุกสถานศึกษา (for each)"), std::string::npos) << NodeLine(dot, "reports");
  EXPECT_EQ(NodeLine(dot, "notify").find("for each"), std::string::npos);
}

TEST(FlowchartDot, TasksInATimeBoxShowTheSharedDeadline) {
  const char* xml = R"xml(<process id="p" name="ท" start-roles="clerk">
  <timebox id="prep" name="เตรียมการ" due="1 เดือน"/>
  <start id="s" to="a"/>
  <task id="a" name="ก" role="clerk" timebox="prep" to="b"/>
  <task id="b" name="ข" role="clerk" timebox="prep" due="P3D" to="e"/>
  <end id="e"/>
</process>)xml";
  Result<ProcessDefinition> def = ParseProcess(xml, "p.xml");
  ASSERT_TRUE(def.ok()) << def.status().message();
  std::string dot = FlowchartDot(*def, nullptr, nullptr);
  EXPECT_NE(NodeLine(dot, "a").find("label=\"ก\\n⏱ 1 เดือน (กรอบเวลา เตรียมการ)\""), std::string::npos) << dot;
  EXPECT_NE(NodeLine(dot, "b").find("label=\"ข\\n⏱ P3D\\n⏱ 1 เดือน (กรอบเวลา เตรียมการ)\""), std::string::npos) << dot;
}

TEST(FlowchartDot, TimerBoundariesAreLabelledEdges) {
  const char* xml = R"xml(<process id="p" name="ท" start-roles="clerk">
  <start id="s" to="a"/>
  <task id="a" name="ก" role="clerk" to="e">
    <on-timer id="late" after="3 วันทำการ" to="b"/>
    <on-timer id="nudge" after="2025-10-01" to="c" interrupting="false"/>
  </task>
  <task id="b" name="ข" role="clerk" to="e"/>
  <task id="c" name="ค" role="clerk" to="e"/>
  <end id="e"/>
</process>)xml";
  Result<ProcessDefinition> def = ParseProcess(xml, "p.xml");
  ASSERT_TRUE(def.ok()) << def.status().message();
  std::string dot = FlowchartDot(*def, nullptr, nullptr);
  EXPECT_NE(EdgeLine(dot, "a", "b").find("label=\"⏱ 3 วันทำการ\""), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "a", "c").find("⏱ 2025-10-01"), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "a", "c").find("(งานเดิมยังเปิด)"), std::string::npos) << dot;
  EXPECT_EQ(EdgeLine(dot, "a", "e").find("label"), std::string::npos) << dot;
}

// An inclusive choice and join draw as BPMN's ○ gateway; its branches carry their
// conditions; a repeating timer says ซ้ำ and its interval.
TEST(FlowchartDot, InclusiveGatewaysAndRepeatingTimers) {
  const char* xml = R"xml(<process id="p" name="ท" start-roles="clerk">
  <input name="n" type="int"/>
  <start id="s" to="i"/>
  <inclusive id="i">
    <when test="n &gt; 0" to="a"/>
    <otherwise to="b"/>
  </inclusive>
  <task id="a" name="ก" role="clerk" to="j">
    <on-timer id="nudge" every="R3/P1D" to="c" interrupting="false"/>
  </task>
  <task id="b" name="ข" role="clerk" to="j"/>
  <task id="c" name="ค" role="clerk" to="e"/>
  <join id="j" to="e" inclusive="true"/>
  <end id="e"/>
</process>)xml";
  Result<ProcessDefinition> def = ParseProcess(xml, "p.xml");
  ASSERT_TRUE(def.ok()) << def.status().message();
  std::string dot = FlowchartDot(*def, nullptr, nullptr);
  EXPECT_NE(NodeLine(dot, "i").find("label=\"○\""), std::string::npos) << dot;
  EXPECT_NE(NodeLine(dot, "j").find("label=\"○\""), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "i", "a").find("n > 0"), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "i", "b").find("อื่น ๆ"), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "a", "c").find("⏱ ซ้ำ R3/P1D"), std::string::npos) << dot;
}

// A scope's timer: a note with a dotted line from each of its steps, and the timer's edge
// from the note to where it leads.
TEST(FlowchartDot, ScopeTimersAreANoteWithTheTimersEdge) {
  const char* xml = R"xml(<process id="p" name="ท" start-roles="clerk">
  <start id="s" to="a"/>
  <task id="a" name="ก" role="clerk" to="b"/>
  <task id="b" name="ข" role="clerk" to="e"/>
  <task id="c" name="ค" role="clerk" to="e"/>
  <scope id="round" name="รอบพิจารณา" nodes="a b"><on-timer id="late" after="P10D" to="c"/></scope>
  <end id="e"/>
</process>)xml";
  Result<ProcessDefinition> def = ParseProcess(xml, "p.xml");
  ASSERT_TRUE(def.ok()) << def.status().message();
  std::string dot = FlowchartDot(*def, nullptr, nullptr);
  EXPECT_NE(NodeLine(dot, "scope:round").find("shape=note"), std::string::npos) << dot;
  EXPECT_NE(NodeLine(dot, "scope:round").find("⏱ รอบพิจารณา"), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "a", "scope:round").find("style=dotted"), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "b", "scope:round").find("style=dotted"), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "scope:round", "c").find("label=\"⏱ P10D\""), std::string::npos) << dot;
}

TEST(FlowchartDot, ChoiceEdgesShowOutcomeLabelsConditionsAndOtherwise) {
  std::string dot = FlowchartDot(Mini(), nullptr, nullptr);
  // outcome == 'approve' -> the deciding task's label.
  EXPECT_NE(EdgeLine(dot, "decide", "size").find("label=\"เห็นชอบ\""), std::string::npos) << dot;
  // review.outcome == 'reject' -> that task's label.
  EXPECT_NE(EdgeLine(dot, "decide", "draft").find("label=\"ไม่เห็นชอบ\""), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "decide", "done").find("label=\"อื่น ๆ\""), std::string::npos) << dot;
  // Any other condition is shown as written.
  EXPECT_NE(EdgeLine(dot, "size", "cool").find("label=\"amount >= 1000000.00\""), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "size", "fork").find("label=\"อื่น ๆ\""), std::string::npos) << dot;
  // Plain flows carry no label.
  EXPECT_EQ(EdgeLine(dot, "draft", "review"), "\"draft\" -> \"review\";");
  EXPECT_EQ(EdgeLine(dot, "fork", "notify"), "\"fork\" -> \"notify\";");
  EXPECT_EQ(EdgeLine(dot, "fork", "reports"), "\"fork\" -> \"reports\";");
  EXPECT_EQ(Count(dot, " -> "), 14);
}

TEST(FlowchartDot, OutcomeTestOnAnUnknownValueFallsBackToTheCondition) {
  const char* xml = R"xml(<process id="p" name="ท" start-roles="clerk">
  <start id="s" to="t"/>
  <task id="t" name="งาน" role="clerk" to="c"><outcome value="ok" label="ตกลง"/></task>
  <choice id="c">
    <when test="outcome == 'maybe'" to="e"/>
    <when test="t.outcome == &quot;ok&quot;" to="e"/>
    <otherwise to="t"/>
  </choice>
  <end id="e"/>
</process>)xml";
  Result<ProcessDefinition> def = ParseProcess(xml, "p.xml");
  ASSERT_TRUE(def.ok()) << def.status().message();
  std::string dot = FlowchartDot(*def, nullptr, nullptr);
  EXPECT_NE(dot.find("\"c\" -> \"e\" [label=\"outcome == 'maybe'\"]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"c\" -> \"e\" [label=\"ตกลง\"]"), std::string::npos) << dot;
}

TEST(FlowchartDot, QuotesAndBackslashesAreEscaped) {
  std::string dot = FlowchartDot(Mini(), nullptr, nullptr);
  EXPECT_NE(NodeLine(dot, "draft").find("label=\"ร่าง \\\"ด่วน\\\" a\\\\b\\n"), std::string::npos) << NodeLine(dot, "draft");
  EXPECT_NE(dot.find("label=\"ขอ \\\"อนุมัติ\\\" งบประมาณ\\n(mini)\""), std::string::npos) << dot;
  ExpectBalancedQuotes(dot);
}

TEST(FlowchartDot, LongThaiNamesWrapIntoLines) {
  const char* xml = R"xml(<process id="p" name="ท" start-roles="clerk">
  <start id="s" to="t"/>
  <task id="t" name="แจ้งผลการพิจารณาอนุมัติและเห็นชอบของผู้บังคับบัญชาให้สถานศึกษารับทราบเพื่อดำเนินการประสานกับหน่วยงานภายนอกต่อไป" role="clerk" to="e"/>
  <end id="e"/>
</process>)xml";
  Result<ProcessDefinition> def = ParseProcess(xml, "p.xml");
  ASSERT_TRUE(def.ok()) << def.status().message();
  std::string line = NodeLine(FlowchartDot(*def, nullptr, nullptr), "t");
  std::size_t start = line.find("label=\"") + 7;
  std::string label = line.substr(start, line.find('"', start) - start);
  std::vector<std::string> parts;
  for (std::size_t pos = 0;;) {
    std::size_t nl = label.find("\\n", pos);
    parts.push_back(label.substr(pos, nl - pos));
    if (nl == std::string::npos) break;
    pos = nl + 2;
  }
  ASSERT_GE(parts.size(), 3u) << label;
  std::string joined;
  for (const std::string& p : parts) {
    EXPECT_LE(LabelColumns(p), 28) << p;
    joined += p;
  }
  EXPECT_EQ(joined, def->FindNode("t")->name);
  // Lines end at word edges, not inside words such as ของ or สถานศึกษา.
  EXPECT_EQ(parts[0], "แจ้งผลการพิจารณาอนุมัติและเห็นชอบ");
}

TEST(FlowchartDot, PlainDrawingHasNoOverlayMarks) {
  std::string dot = FlowchartDot(Mini(), nullptr, nullptr);
  EXPECT_EQ(dot.find("class="), std::string::npos);
  EXPECT_EQ(dot.find("เส้นทางที่ผ่านแล้ว"), std::string::npos);
}

TEST(FlowchartDot, OverlayMarksTakenEdgesVisitedAndOpenNodes) {
  FlowchartOverlay overlay;
  overlay.visited_nodes = {"start", "draft", "review", "decide"};
  overlay.taken_edges = {{"start", "draft"}, {"draft", "review"}, {"review", "decide"}, {"decide", "draft"}};
  overlay.open_nodes = {"draft"};
  overlay.caption = "instance 7 (running)";
  std::string dot = FlowchartDot(Mini(), nullptr, &overlay);

  for (auto [from, to] : std::vector<std::pair<const char*, const char*>>{
           {"start", "draft"}, {"draft", "review"}, {"review", "decide"}, {"decide", "draft"}}) {
    std::string e = EdgeLine(dot, from, to);
    EXPECT_NE(e.find("class=\"taken\""), std::string::npos) << e;
    EXPECT_NE(e.find("penwidth=2.5"), std::string::npos) << e;
  }
  std::string back = EdgeLine(dot, "decide", "draft");
  EXPECT_NE(back.find("label=\"ไม่เห็นชอบ\""), std::string::npos) << back;
  for (auto [from, to] : std::vector<std::pair<const char*, const char*>>{{"decide", "size"}, {"sync", "done"}}) {
    EXPECT_NE(EdgeLine(dot, from, to).find("class=\"untaken\""), std::string::npos) << EdgeLine(dot, from, to);
  }
  std::string open = NodeLine(dot, "draft");
  EXPECT_NE(open.find("class=\"open\""), std::string::npos) << open;
  EXPECT_NE(open.find("fillcolor=\"#ffe082\""), std::string::npos) << open;
  EXPECT_NE(NodeLine(dot, "review").find("class=\"visited\""), std::string::npos);
  EXPECT_NE(NodeLine(dot, "done").find("class=\"untouched\""), std::string::npos);
  EXPECT_NE(NodeLine(dot, "cool").find("class=\"untouched\""), std::string::npos);
  EXPECT_EQ(Count(dot, "class=\"open\""), 1);
  EXPECT_NE(dot.find("instance 7 (running)"), std::string::npos);
  ExpectBalancedQuotes(dot);
}

TEST(FlowchartDot, RendersAsSvgWithThaiTextWhenGraphvizIsInstalled) {
  if (!FindDotProgram()) GTEST_SKIP() << "Graphviz 'dot' is not installed";
  Org org = TestOrg();
  FlowchartOverlay overlay;
  overlay.taken_edges = {{"start", "draft"}};
  overlay.visited_nodes = {"start", "draft"};
  overlay.open_nodes = {"draft"};
  Result<std::string> svg = DotToSvg(FlowchartDot(Mini(), &org, &overlay));
  ASSERT_TRUE(svg.ok()) << svg.status().message();
  EXPECT_NE(svg->find("<svg"), std::string::npos);
  EXPECT_NE(svg->find("คณะกรรมการพิจารณา"), std::string::npos);
  EXPECT_NE(svg->find("เห็นชอบ"), std::string::npos);
  EXPECT_NE(svg->find("ทุกสถานศึกษา"), std::string::npos);
  EXPECT_NE(svg->find("ร่าง &quot;ด่วน&quot; a\\b"), std::string::npos);
  EXPECT_NE(svg->find("Noto Sans Thai"), std::string::npos);
  EXPECT_NE(svg->find("class=\"node open\""), std::string::npos);
}

TEST(FlowchartDot, GraphvizRejectsBrokenDotWithItsMessage) {
  if (!FindDotProgram()) GTEST_SKIP() << "Graphviz 'dot' is not installed";
  Result<std::string> svg = DotToSvg("digraph { a -> ");
  ASSERT_FALSE(svg.ok());
  EXPECT_EQ(svg.status().kind(), ErrorKind::kInternal);
  EXPECT_NE(svg.status().message().find("Graphviz 'dot' failed"), std::string::npos) << svg.status().message();
}

// ---- The overlay from a real instance ----------------------------------------------

class FlowchartOverlayTest : public testing::EngineTest {};

TEST_F(FlowchartOverlayTest, FollowsTheInstanceHistory) {
  Deploy(kMini, "mini.xml");
  InstanceId id = StartAs("clerk", "mini", {{"amount", "500000"}});
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "draft"), "", {}, ""}).ok());
  ASSERT_TRUE(engine_->Complete({"boss"}, {OpenTaskAt(id, "review"), "reject", {}, ""}).ok());
  // Back at draft after a rejection.
  FlowchartOverlay o = OverlayFromInstance(ShowInstance(id));
  using Edges = std::set<std::pair<std::string, std::string>>;
  EXPECT_EQ(o.taken_edges, (Edges{{"start", "draft"}, {"draft", "review"}, {"review", "decide"}, {"decide", "draft"}}));
  EXPECT_EQ(o.open_nodes, (std::set<std::string>{"draft"}));
  EXPECT_EQ(o.visited_nodes, (std::set<std::string>{"start", "draft", "review", "decide"}));
  EXPECT_EQ(o.caption, "instance " + std::to_string(id) + " (running)");

  // Approved, an amount below the threshold: straight to the parallel part.
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "draft"), "", {}, ""}).ok());
  ASSERT_TRUE(engine_->Complete({"boss"}, {OpenTaskAt(id, "review"), "approve", {}, ""}).ok());
  o = OverlayFromInstance(ShowInstance(id));
  EXPECT_EQ(o.open_nodes, (std::set<std::string>{"notify", "reports"}));
  EXPECT_TRUE(o.taken_edges.count({"size", "fork"}));
  EXPECT_FALSE(o.taken_edges.count({"size", "cool"}));
  EXPECT_TRUE(o.taken_edges.count({"fork", "notify"}));
  EXPECT_TRUE(o.taken_edges.count({"fork", "reports"}));
}

TEST_F(FlowchartOverlayTest, OpenTasksAndRestingWaitsAreOpen) {
  Deploy(kMini, "mini.xml");
  InstanceId id = StartAs("clerk", "mini", {{"amount", "2000000"}});
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "draft"), "", {}, ""}).ok());
  ASSERT_TRUE(engine_->Complete({"boss"}, {OpenTaskAt(id, "review"), "approve", {}, ""}).ok());
  InstanceView v = ShowInstance(id);
  FlowchartOverlay o = OverlayFromInstance(v);
  EXPECT_EQ(o.open_nodes, (std::set<std::string>{"cool"}));
  EXPECT_TRUE(o.taken_edges.count({"size", "cool"}));

  std::string dot = FlowchartDot(Mini(), nullptr, &o);
  EXPECT_NE(NodeLine(dot, "cool").find("class=\"open\""), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "decide", "size").find("class=\"taken\""), std::string::npos) << dot;
  EXPECT_NE(EdgeLine(dot, "decide", "draft").find("class=\"untaken\""), std::string::npos) << dot;
}

TEST(FlowchartOverlayFromView, SkipsUnreadableDetailsAndClosedTasks) {
  InstanceView v;
  v.instance.id = 5;
  v.instance.state = InstanceState::kCompleted;
  HistoryRecord moved;
  moved.action = "token-moved";
  moved.node_id = "a";
  moved.detail = R"({"from":"a","to":"b"})";
  HistoryRecord broken = moved;
  broken.detail = "not json";
  HistoryRecord wrong = moved;
  wrong.detail = R"({"from":1,"to":"c"})";
  HistoryRecord waiting;
  waiting.action = "waiting";
  waiting.node_id = "w";
  v.history = {moved, broken, wrong, waiting};
  TaskView done;
  done.task.node_id = "t";
  done.task.state = TaskState::kCompleted;
  v.open_tasks = {done};
  FlowchartOverlay o = OverlayFromInstance(v);
  EXPECT_EQ(o.taken_edges, (std::set<std::pair<std::string, std::string>>{{"a", "b"}}));
  EXPECT_EQ(o.visited_nodes, (std::set<std::string>{"a", "b", "w"}));
  EXPECT_TRUE(o.open_nodes.empty());   // a finished instance rests nowhere
  EXPECT_EQ(o.caption, "instance 5 (completed)");
}

}  // namespace
}  // namespace krabuan
