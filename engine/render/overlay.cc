#include "engine/render/overlay.h"

#include <map>
#include <nlohmann/json.hpp>

namespace krabuan {
namespace {

// The detail's string member `key`, or "" when the detail is not such an object.
std::string DetailString(const nlohmann::json& detail, const char* key) {
  if (!detail.is_object()) return "";
  auto it = detail.find(key);
  return it != detail.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

FlowchartOverlay OverlayFromInstance(const InstanceView& view) {
  FlowchartOverlay o;
  std::map<std::string, int> resting_at_wait;   // "waiting" rows minus moves out of that node
  for (const HistoryRecord& h : view.history) {
    if (h.action == "token-moved") {
      nlohmann::json detail = nlohmann::json::parse(h.detail, nullptr, /*allow_exceptions=*/false);
      std::string from = DetailString(detail, "from");
      std::string to = DetailString(detail, "to");
      if (from.empty() || to.empty()) continue;
      o.taken_edges.emplace(from, to);
      o.visited_nodes.insert(from);
      o.visited_nodes.insert(to);
      if (auto it = resting_at_wait.find(from); it != resting_at_wait.end()) --it->second;
    } else if (h.action == "waiting") {
      if (!h.node_id.empty()) ++resting_at_wait[h.node_id];
      o.visited_nodes.insert(h.node_id);
    } else if (h.action == "started" || h.action == "task-created" || h.action == "task-completed" ||
               h.action == "joined" || h.action == "join-waiting" || h.action == "end-reached") {
      if (!h.node_id.empty()) o.visited_nodes.insert(h.node_id);
    }
  }
  for (const TaskView& t : view.open_tasks) {
    if (t.task.state == TaskState::kOpen) o.open_nodes.insert(t.task.node_id);
  }
  if (view.instance.state == InstanceState::kRunning) {
    for (const auto& [node, count] : resting_at_wait) {
      if (count > 0) o.open_nodes.insert(node);
    }
  }
  o.visited_nodes.erase("");
  o.caption = "instance " + std::to_string(view.instance.id) + " (" + std::string(InstanceStateName(view.instance.state)) + ")";
  return o;
}

}  // namespace krabuan
