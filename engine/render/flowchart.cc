#include "engine/render/flowchart.h"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "engine/model/choice_options.h"
#include "engine/render/text_wrap.h"

namespace krabuan {
namespace {

constexpr int kTaskColumns = 28;    // task names and their extra lines
constexpr int kLaneColumns = 36;
constexpr int kTitleColumns = 60;
constexpr int kEdgeColumns = 24;

// Colours: plain drawing, and the overlay's three states.
constexpr const char* kInk = "#37474f";
constexpr const char* kLaneFill = "#f4f6f8";
constexpr const char* kLaneLine = "#b0bec5";
constexpr const char* kTaken = "#1565c0";
constexpr const char* kTakenText = "#0d47a1";
constexpr const char* kOpenFill = "#ffe082";
constexpr const char* kOpenLine = "#e65100";
constexpr const char* kGrey = "#bdbdbd";
constexpr const char* kGreyText = "#9e9e9e";
constexpr const char* kGreyFill = "#fafafa";

// Text inside a DOT quoted string: quotes and backslashes escaped, so `\N`, `\G` and
// friends in a name stay literal; control characters other than newline dropped.
std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;
        out += c;
    }
  }
  return out;
}

std::string Quote(std::string_view text) { return "\"" + Escape(text) + "\""; }

// Lines as one quoted DOT label, centred line by line.
std::string QuoteLines(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "\\n";
    out += Escape(lines[i]);
  }
  return out + "\"";
}

void Append(std::vector<std::string>& to, const std::vector<std::string>& lines) {
  to.insert(to.end(), lines.begin(), lines.end());
}

// A DOT identifier made of [A-Za-z0-9_] from any text.
std::string IdPart(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    out += ok ? c : '_';
  }
  return out;
}

// ---- Lanes ---------------------------------------------------------------------------

struct Lane {
  std::string key;                     // "role:<id>" or "assignee:<login or ${var}>"
  std::vector<std::string> label;
  std::vector<const Node*> nodes;
};

std::string LaneKeyOfTask(const Node& n) {
  return n.role.empty() ? "assignee:" + n.assignee : "role:" + n.role;
}

std::vector<std::string> LaneLabel(const Node& task, const Org* org) {
  std::vector<std::string> lines;
  if (!task.role.empty()) {
    const Role* role = org ? org->FindRole(task.role) : nullptr;
    if (role != nullptr && !role->name.empty()) Append(lines, WrapLabel(role->name, kLaneColumns));
    lines.push_back("(" + task.role + ")");
    return lines;
  }
  if (task.assignee.starts_with("${")) {
    lines.push_back("ผู้ที่ระบุใน " + task.assignee);
    lines.push_back("(assignee)");
    return lines;
  }
  const User* user = org ? org->FindUser(task.assignee) : nullptr;
  if (user != nullptr) {
    const Position* pos = user->position.empty() ? nullptr : org->FindPosition(user->position);
    if (pos != nullptr) {
      Append(lines, WrapLabel(pos->title + " (" + pos->number + ")", kLaneColumns));
    } else if (!user->name.empty()) {
      Append(lines, WrapLabel(user->name, kLaneColumns));
    }
  }
  lines.push_back("(" + task.assignee + ")");
  return lines;
}

// Lanes in order of their first task; every other node joins the lane of the nodes
// around it when they agree (a choice sits with the task whose outcome it reads), else
// it stays outside the lanes. Returns node id -> lane index.
std::map<std::string, std::size_t> AssignLanes(const ProcessDefinition& def, const Org* org, std::vector<Lane>& lanes) {
  std::map<std::string, std::size_t> lane_of;
  std::map<std::string, std::size_t> by_key;
  for (const Node& n : def.nodes()) {
    if (n.kind != NodeKind::kTask) continue;
    std::string key = LaneKeyOfTask(n);
    auto [it, added] = by_key.emplace(key, lanes.size());
    if (added) lanes.push_back(Lane{key, LaneLabel(n, org), {}});
    lane_of[n.id] = it->second;
  }
  // Other nodes: agree with every predecessor (start: with its successor). Repeated until
  // nothing changes, so chains of gateways settle whatever the file's order.
  for (std::size_t pass = 0; pass < def.nodes().size(); ++pass) {
    bool changed = false;
    for (const Node& n : def.nodes()) {
      if (n.kind == NodeKind::kTask || lane_of.count(n.id)) continue;
      std::vector<std::string> around = n.kind == NodeKind::kStart ? n.to : n.incoming;
      if (around.empty()) continue;
      std::optional<std::size_t> lane;
      bool agree = true;
      for (const std::string& other : around) {
        auto it = lane_of.find(other);
        if (it == lane_of.end() || (lane && *lane != it->second)) {
          agree = false;
          break;
        }
        lane = it->second;
      }
      if (agree && lane) {
        lane_of[n.id] = *lane;
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (const Node& n : def.nodes()) {
    auto it = lane_of.find(n.id);
    if (it != lane_of.end()) lanes[it->second].nodes.push_back(&n);
  }
  return lane_of;
}

// ---- Edge labels ---------------------------------------------------------------------

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// `outcome == 'x'` or `<task>.outcome == 'x'` (either quote, no escapes): the task id
// ("" for the most recent decision) and x. Anything else: nullopt.
std::optional<std::pair<std::string, std::string>> OutcomeTest(std::string_view source) {
  std::string_view s = Trim(source);
  std::size_t eq = s.find("==");
  if (eq == std::string_view::npos) return std::nullopt;
  std::string_view var = Trim(s.substr(0, eq));
  std::string_view lit = Trim(s.substr(eq + 2));
  if (lit.size() < 2 || (lit.front() != '\'' && lit.front() != '"') || lit.back() != lit.front()) return std::nullopt;
  std::string_view value = lit.substr(1, lit.size() - 2);
  if (value.find_first_of("'\"\\") != std::string_view::npos) return std::nullopt;
  constexpr std::string_view kOutcome = "outcome";
  if (var == kOutcome) return std::make_pair(std::string(), std::string(value));
  if (var.size() > kOutcome.size() + 1 && var.ends_with(kOutcome) && var[var.size() - kOutcome.size() - 1] == '.') {
    std::string_view task = var.substr(0, var.size() - kOutcome.size() - 1);
    if (task.find_first_of(" \t()=!<>") != std::string_view::npos) return std::nullopt;
    return std::make_pair(std::string(task), std::string(value));
  }
  return std::nullopt;
}

// The tasks whose decision a choice reads as `outcome`: the nearest tasks upstream,
// looking through other gateways.
std::vector<const Node*> DecidingTasks(const ProcessDefinition& def, const Node& choice) {
  std::vector<const Node*> tasks;
  std::set<std::string> seen{choice.id};
  std::vector<std::string> todo = choice.incoming;
  while (!todo.empty()) {
    std::string id = todo.back();
    todo.pop_back();
    if (!seen.insert(id).second) continue;
    const Node* n = def.FindNode(id);
    if (n == nullptr) continue;
    if (n->kind == NodeKind::kTask) {
      tasks.push_back(n);
    } else {
      todo.insert(todo.end(), n->incoming.begin(), n->incoming.end());
    }
  }
  return tasks;
}

// The one Thai label `value` has among `tasks`; nullopt when none or several differ.
std::optional<std::string> UniqueLabel(const std::vector<const Node*>& tasks, const std::string& value) {
  std::optional<std::string> label;
  for (const Node* t : tasks) {
    for (const Outcome& o : t->outcomes) {
      if (o.value != value) continue;
      if (label && *label != o.label) return std::nullopt;
      label = o.label;
    }
  }
  return label;
}

std::string BranchLabel(const ProcessDefinition& def, const Node& choice, const Branch& branch) {
  const std::string& source = branch.test.source();
  std::optional<std::pair<std::string, std::string>> test = OutcomeTest(source);
  if (!test) return source;
  const auto& [task_id, value] = *test;
  std::optional<std::string> label;
  if (!task_id.empty()) {
    if (const Node* task = def.FindNode(task_id); task != nullptr) label = UniqueLabel({task}, value);
  } else {
    label = UniqueLabel(DecidingTasks(def, choice), value);
    if (!label) {
      std::vector<const Node*> all;
      for (const Node& n : def.nodes()) {
        if (n.kind == NodeKind::kTask) all.push_back(&n);
      }
      label = UniqueLabel(all, value);
    }
  }
  return label && !label->empty() ? *label : source;
}

// ---- Nodes ---------------------------------------------------------------------------

std::vector<std::string> TaskLabel(const ProcessDefinition& def, const Node& n) {
  std::vector<std::string> lines = WrapLabel(n.name.empty() ? n.id : n.name, kTaskColumns);
  if (n.for_each == "org:schools") {
    lines.push_back("↻ ทุกสถานศึกษา (for each)");
  } else if (!n.for_each.empty()) {
    lines.push_back("↻ ทุกรายการใน " + n.for_each + " (for each)");
  }
  if (!n.cutoff.source.empty()) lines.push_back("ตัดรอบ " + n.cutoff.source);
  if (!n.due.source.empty()) lines.push_back("⏱ " + n.due.source);
  // A time box is the manual's merged timing cell: one deadline for several steps.
  if (const Timebox* box = n.timebox.empty() ? nullptr : def.FindTimebox(n.timebox)) {
    Append(lines, WrapLabel("⏱ " + box->due.source + " (กรอบเวลา " + (box->name.empty() ? box->id : box->name) + ")",
                            kTaskColumns));
  }
  if (!n.outcomes.empty()) {
    std::string text;
    for (const Outcome& o : n.outcomes) text += (text.empty() ? "" : " / ") + (o.label.empty() ? o.value : o.label);
    Append(lines, WrapLabel("◇ " + text, kTaskColumns));
  }
  return lines;
}

std::vector<std::string> WaitLabel(const Node& n) {
  std::vector<std::string> lines;
  if (!n.name.empty()) lines = WrapLabel(n.name, kTaskColumns);
  // A span (`for`) parses as a duration; anything else names a moment (`until`).
  bool span = n.wait.kind == TimeSpec::Kind::kDuration || n.wait.kind == TimeSpec::Kind::kDurationWithin;
  std::string time = (span ? "⌛ รอ " : "⌛ รอจนถึง ") + n.wait.source;
  lines.push_back(time);
  return lines;
}

// The attributes that draw a node, before the overlay.
std::string NodeAttributes(const ProcessDefinition& def, const Node& n) {
  switch (n.kind) {
    case NodeKind::kStart:
      return "shape=circle, style=filled, fillcolor=\"#e8f5e9\", label=" + Quote(n.name.empty() ? "เริ่ม" : n.name);
    case NodeKind::kEnd:
      return "shape=doublecircle, style=filled, fillcolor=\"#ffebee\", label=" + Quote(n.name.empty() ? "จบ" : n.name);
    case NodeKind::kTask:
      return "shape=box, style=\"rounded,filled\", fillcolor=white, margin=\"0.15,0.08\", label=" + QuoteLines(TaskLabel(def, n));
    case NodeKind::kChoice:
      return "shape=diamond, style=filled, fillcolor=\"#fff8e1\", label=" +
             (n.name.empty() ? std::string("\"\", width=0.5, height=0.5") : QuoteLines(WrapLabel(n.name, 16)));
    case NodeKind::kParallel:
    case NodeKind::kJoin:
    case NodeKind::kInclusive: {
      // BPMN's marks: "+" runs every branch, "○" the branches whose conditions hold.
      bool inclusive = n.kind == NodeKind::kInclusive || n.inclusive;
      return std::string("shape=diamond, style=filled, fillcolor=\"") + (inclusive ? "#fff8e1" : "#e3f2fd") +
             "\", fixedsize=true, width=0.5, height=0.5, fontsize=18, label=\"" + (inclusive ? "○" : "+") + "\"" +
             (n.name.empty() ? std::string() : ", xlabel=" + QuoteLines(WrapLabel(n.name, 16)));
    }
    case NodeKind::kWait:
      return "shape=invtrapezium, style=filled, fillcolor=\"#f3e5f5\", label=" + QuoteLines(WaitLabel(n));
  }
  return "label=" + Quote(n.id);
}

enum class Mark { kPlain, kVisited, kOpen, kUntouched };

Mark NodeMark(const Node& n, const FlowchartOverlay* overlay) {
  if (overlay == nullptr) return Mark::kPlain;
  if (overlay->open_nodes.count(n.id)) return Mark::kOpen;
  if (overlay->visited_nodes.count(n.id)) return Mark::kVisited;
  return Mark::kUntouched;
}

// Every shape above is filled, so the greyed state greys the fill too.
std::string OverlayAttributes(Mark mark) {
  switch (mark) {
    case Mark::kPlain:
      return "";
    case Mark::kOpen:
      return std::string(", class=\"open\", fillcolor=\"") + kOpenFill + "\", color=\"" + kOpenLine + "\", penwidth=3";
    case Mark::kVisited:
      return std::string(", class=\"visited\", color=\"") + kTaken + "\", penwidth=2";
    case Mark::kUntouched:
      return std::string(", class=\"untouched\", color=\"") + kGrey + "\", fontcolor=\"" + kGreyText +
             "\", fillcolor=\"" + kGreyFill + "\"";
  }
  return "";
}

void WriteNode(std::ostringstream& out, const ProcessDefinition& def, const Node& n, const FlowchartOverlay* overlay,
               std::string_view indent) {
  std::string tooltip = n.id + (n.description.empty() ? "" : "\n" + n.description);
  out << indent << Quote(n.id) << " [" << NodeAttributes(def, n) << ", tooltip=" << Quote(tooltip)
      << OverlayAttributes(NodeMark(n, overlay)) << "];\n";
}

// ---- Edges ---------------------------------------------------------------------------

struct Edge {
  std::string from, to, label;
};

// "⏱ P3D", "⏱ ซ้ำ R3/P1D", and "(งานเดิมยังเปิด)" when the task stays open.
std::string TimerLabel(const TimerBoundary& b) {
  std::string label = "⏱ " + (b.after.source.empty() ? std::string() : b.after.source);
  if (b.every) label += (b.after.source.empty() ? "" : ", ") + std::string("ซ้ำ ") + b.every->source;
  if (label == "⏱ ") label += "?";
  if (!b.interrupting) label += " (งานเดิมยังเปิด)";
  return label;
}

std::vector<Edge> EdgesOf(const ProcessDefinition& def) {
  std::vector<Edge> edges;
  for (const Node& n : def.nodes()) {
    if (n.kind == NodeKind::kChoice || n.kind == NodeKind::kInclusive) {
      // Over an enumerated variable, a flow carries the Thai labels of the choices it takes.
      std::optional<ChoiceOptions> options = AnalyseChoiceOptions(def, n);
      for (std::size_t i = 0; i < n.branches.size(); ++i) {
        const Branch& b = n.branches[i];
        bool named = options && !options->branches[i].empty();
        edges.push_back({n.id, b.to, named ? OptionLabels(options->branches[i]) : BranchLabel(def, n, b)});
      }
      if (n.otherwise) {
        bool named = options && !options->unhandled.empty();
        edges.push_back({n.id, *n.otherwise, named ? "อื่น ๆ: " + OptionLabels(options->unhandled) : "อื่น ๆ"});
      }
      continue;
    }
    for (const std::string& to : n.to) edges.push_back({n.id, to, ""});
    for (const TimerBoundary& b : n.boundaries) edges.push_back({n.id, b.to, TimerLabel(b)});
  }
  for (const Scope& s : def.scopes()) {
    for (const TimerBoundary& t : s.timers) edges.push_back({"scope:" + s.id, t.to, TimerLabel(t)});
  }
  return edges;
}

void WriteEdge(std::ostringstream& out, const Edge& e, const FlowchartOverlay* overlay) {
  std::vector<std::string> attrs;
  if (!e.label.empty()) attrs.push_back("label=" + QuoteLines(WrapLabel(e.label, kEdgeColumns)));
  if (overlay != nullptr) {
    if (overlay->taken_edges.count({e.from, e.to})) {
      attrs.push_back(std::string("class=\"taken\", color=\"") + kTaken + "\", fontcolor=\"" + kTakenText +
                      "\", penwidth=2.5, style=bold");
    } else {
      attrs.push_back(std::string("class=\"untaken\", color=\"") + kGrey + "\", fontcolor=\"" + kGreyText + "\"");
    }
  }
  out << "  " << Quote(e.from) << " -> " << Quote(e.to);
  if (!attrs.empty()) {
    out << " [";
    for (std::size_t i = 0; i < attrs.size(); ++i) out << (i ? ", " : "") << attrs[i];
    out << "]";
  }
  out << ";\n";
}

}  // namespace

std::string FlowchartDot(const ProcessDefinition& def, const Org* org, const FlowchartOverlay* overlay) {
  std::ostringstream out;
  std::vector<std::string> title = WrapLabel(def.name().empty() ? def.id() : def.name(), kTitleColumns);
  title.push_back("(" + def.id() + ")");
  if (overlay != nullptr) {
    if (!overlay->caption.empty()) title.push_back(overlay->caption);
    title.push_back("น้ำเงิน: เส้นทางที่ผ่านแล้ว · เหลือง: งานที่เปิดอยู่ · เทา: ยังไม่ถึง");
  }

  out << "// Flowchart of process '" << Escape(def.id()) << "', drawn by krabuan from " << Escape(def.file()) << "\n";
  out << "digraph " << Quote(def.id()) << " {\n";
  out << "  graph [charset=\"UTF-8\", rankdir=TB, newrank=true, nodesep=0.35, ranksep=0.45, fontname=\""
      << kFlowchartFonts << "\", fontsize=15, labelloc=t, label=" << QuoteLines(title) << "];\n";
  out << "  node [fontname=\"" << kFlowchartFonts << "\", fontsize=11, color=\"" << kInk << "\", fontcolor=\"" << kInk
      << "\"];\n";
  out << "  edge [fontname=\"" << kFlowchartFonts << "\", fontsize=10, color=\"" << kInk << "\", fontcolor=\"" << kInk
      << "\", arrowsize=0.8];\n";

  std::vector<Lane> lanes;
  std::map<std::string, std::size_t> lane_of = AssignLanes(def, org, lanes);
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    const Lane& lane = lanes[i];
    out << "\n  subgraph cluster_" << i + 1 << "_" << IdPart(lane.key.substr(lane.key.find(':') + 1)) << " {\n";
    out << "    label=" << QuoteLines(lane.label) << ";\n";
    out << "    style=\"rounded,filled\"; fillcolor=\"" << kLaneFill << "\"; color=\"" << kLaneLine
        << "\"; fontsize=12; labeljust=l;\n";
    for (const Node* n : lane.nodes) WriteNode(out, def, *n, overlay, "    ");
    out << "  }\n";
  }
  bool outside_header = false;
  for (const Node& n : def.nodes()) {
    if (lane_of.count(n.id)) continue;
    if (!outside_header) {
      out << "\n";
      outside_header = true;
    }
    WriteNode(out, def, n, overlay, "  ");
  }
  // A scope's timers: a note naming the scope's steps, with an edge from each member to
  // it (dotted) and the timer's labelled edge from it to where it leads.
  for (const Scope& s : def.scopes()) {
    std::string note = "scope:" + s.id;
    std::vector<std::string> names;
    for (const std::string& id : s.nodes) {
      const Node* n = def.FindNode(id);
      if (n != nullptr && n->kind == NodeKind::kTask) names.push_back(n->name);
    }
    std::vector<std::string> label = WrapLabel("⏱ " + (s.name.empty() ? s.id : s.name), kTaskColumns);
    out << "  " << Quote(note) << " [shape=note, style=filled, fillcolor=\"#f3e5f5\", label=" << QuoteLines(label)
        << ", tooltip=" << Quote(s.id) << "];\n";
    for (const std::string& id : s.nodes) {
      out << "  " << Quote(id) << " -> " << Quote(note) << " [style=dotted, arrowhead=none];\n";
    }
  }
  out << "\n";
  for (const Edge& e : EdgesOf(def)) WriteEdge(out, e, overlay);
  out << "}\n";
  return out.str();
}

}  // namespace krabuan
