#include "engine/model/process_definition.h"

#include <algorithm>
#include <set>

namespace krabuan {

std::string_view NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kStart: return "start";
    case NodeKind::kEnd: return "end";
    case NodeKind::kTask: return "task";
    case NodeKind::kChoice: return "choice";
    case NodeKind::kParallel: return "parallel";
    case NodeKind::kJoin: return "join";
    case NodeKind::kWait: return "wait";
  }
  return "?";
}

const Outcome* Node::FindOutcome(std::string_view value_or_label) const {
  for (const Outcome& o : outcomes) {
    if (o.value == value_or_label || o.label == value_or_label) return &o;
  }
  return nullptr;
}

const VariableDecl* Node::FindField(std::string_view field_name) const {
  for (const VariableDecl& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

const TimerBoundary* Node::FindBoundary(std::string_view boundary_id) const {
  for (const TimerBoundary& b : boundaries) {
    if (b.id == boundary_id) return &b;
  }
  return nullptr;
}

ProcessDefinition::ProcessDefinition(std::string id, std::string name, std::string description,
                                     std::vector<std::string> start_roles,
                                     std::vector<VariableDecl> inputs, std::vector<Node> nodes,
                                     std::string file, std::vector<Timebox> timeboxes,
                                     std::optional<TimeSpec> recurrence)
    : id_(std::move(id)),
      name_(std::move(name)),
      description_(std::move(description)),
      start_roles_(std::move(start_roles)),
      inputs_(std::move(inputs)),
      nodes_(std::move(nodes)),
      file_(std::move(file)),
      timeboxes_(std::move(timeboxes)),
      recurrence_(std::move(recurrence)) {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    index_.emplace(nodes_[i].id, i);
    if (nodes_[i].kind == NodeKind::kStart) start_index_ = i;
  }
}

const Node* ProcessDefinition::FindNode(std::string_view id) const {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? nullptr : &nodes_[it->second];
}

const Timebox* ProcessDefinition::FindTimebox(std::string_view id) const {
  for (const Timebox& b : timeboxes_) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

const VariableDecl* ProcessDefinition::FindInput(std::string_view name) const {
  for (const VariableDecl& v : inputs_) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

std::optional<ValueType> ProcessDefinition::DeclaredType(std::string_view name) const {
  if (const VariableDecl* in = FindInput(name)) return in->type;
  for (const Node& n : nodes_) {
    if (const VariableDecl* f = n.FindField(name)) return f->type;
  }
  return std::nullopt;
}

std::vector<std::string> ProcessDefinition::RolesUsed() const {
  std::set<std::string> roles(start_roles_.begin(), start_roles_.end());
  for (const Node& n : nodes_) {
    if (!n.role.empty()) roles.insert(n.role);
  }
  return {roles.begin(), roles.end()};
}

}  // namespace krabuan
