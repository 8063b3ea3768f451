// A process's flowchart as Graphviz DOT text: the drawing the manual's lost flowchart
// images showed, made from the process file itself.
//
//   Result<std::shared_ptr<const ProcessDefinition>> def = engine.Definition("budget-request");
//   Result<std::shared_ptr<const Org>> org = engine.GetOrg();
//   std::string dot = FlowchartDot(**def, org.ok() ? org->get() : nullptr, nullptr);
//
// The drawing runs top to bottom with one cluster ("lane") per role that has tasks,
// labelled with the role's Thai name from the org file and its id; a task given to an
// assignee instead of a role goes in a lane for that login (or variable). Start and end
// are circles (end a double circle); tasks rounded boxes with the Thai name wrapped to
// about 28 columns, the due expression as written (and its time box's) and the outcomes; choices diamonds
// whose edges carry the condition, or the outcome's Thai label when the condition is
// `outcome == 'x'` / `<task>.outcome == 'x'`, and "อื่น ๆ" on the otherwise edge;
// parallel splits and joins "+" diamonds; waits hourglass-like shapes with their time.
//
// An overlay (from an instance's history) draws the taken flows and the visited nodes
// bold and coloured, fills the open tasks with a highlight colour and greys the rest.
//
// Pure functions of their arguments; thread-safe. Nothing here runs Graphviz: the text
// is valid DOT in UTF-8 for any input (quotes and backslashes in names are escaped).
#pragma once

#include <set>
#include <string>
#include <utility>

#include "engine/model/process_definition.h"
#include "engine/org/org.h"

namespace krabuan {

// Where one instance has been and where it rests, by node id (see overlay.h for the
// builder). Ids the definition does not know are ignored.
struct FlowchartOverlay {
  std::set<std::string> visited_nodes;
  std::set<std::pair<std::string, std::string>> taken_edges;   // (from, to)
  std::set<std::string> open_nodes;                            // open tasks and running waits
  std::string caption;                                          // e.g. "instance 3 (running)"; may be empty
};

// The flowchart of `def` as DOT. `org` names the lanes (nullptr: lanes show role ids
// only); `overlay` may be nullptr (the plain drawing).
std::string FlowchartDot(const ProcessDefinition& def, const Org* org, const FlowchartOverlay* overlay);

// The fonts the drawing asks for: Thai-capable families first, then a generic one.
inline constexpr const char* kFlowchartFonts = "Noto Sans Thai,Loma,Garuda,sans-serif";

}  // namespace krabuan
