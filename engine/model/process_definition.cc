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
    case NodeKind::kInclusive: return "inclusive";
  }
  return "?";
}

const Outcome* Node::FindOutcome(std::string_view value_or_label) const {
  for (const Outcome& o : outcomes) {
    if (o.value == value_or_label || o.label == value_or_label) return &o;
  }
  return nullptr;
}

const Option* VariableDecl::FindOption(std::string_view value_or_label) const {
  if (const Option* o = OptionOf(value_or_label)) return o;
  for (const Option& o : options) {
    if (o.label == value_or_label) return &o;
  }
  return nullptr;
}

const Option* VariableDecl::OptionOf(std::string_view value) const {
  for (const Option& o : options) {
    if (o.value == value) return &o;
  }
  return nullptr;
}

std::string VariableDecl::OptionList() const {
  std::string out;
  for (const Option& o : options) {
    if (!out.empty()) out += ", ";
    out += o.value;
    if (!o.label.empty() && o.label != o.value) out += " (" + o.label + ")";
  }
  return out;
}

namespace {

// The number an int or money value holds, in its own unit (satang for money).
std::int64_t Magnitude(const Value& v) {
  return v.type() == ValueType::kMoney ? v.as_money().satang : v.as_int();
}

}  // namespace

Status VariableDecl::Check(const Value& v) const {
  if (!options.empty() && v.type() == ValueType::kString && OptionOf(v.as_string()) == nullptr) {
    return Status::Invalid("'" + v.as_string() + "' is not one of the choices: " + OptionList());
  }
  bool number = v.type() == ValueType::kInt || v.type() == ValueType::kMoney;
  if (number && min && min->type() == v.type() && Magnitude(v) < Magnitude(*min)) {
    if (v.type() == ValueType::kMoney && Magnitude(*min) == 0) {
      return Status::Invalid(v.ToDisplay() + " is negative; this amount cannot be below 0.00");
    }
    return Status::Invalid(v.ToDisplay() + " is below the minimum " + min->ToDisplay());
  }
  if (number && max && max->type() == v.type() && Magnitude(v) > Magnitude(*max)) {
    return Status::Invalid(v.ToDisplay() + " is above the maximum " + max->ToDisplay());
  }
  return Status::Ok();
}

Result<Value> VariableDecl::Accept(std::string_view text) const {
  if (!options.empty() && type == ValueType::kString) {
    if (const Option* o = FindOption(text)) return Value::String(o->value);
  }
  Result<Value> v = ParseValue(type, text);
  if (!v.ok()) return v;
  KRABUAN_RETURN_IF_ERROR(Check(*v));
  return v;
}

const VariableDecl* Node::FindField(std::string_view field_name) const {
  for (const VariableDecl& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

bool Scope::Contains(std::string_view node) const {
  return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

const TimerBoundary* Scope::FindTimer(std::string_view timer_id) const {
  for (const TimerBoundary& t : timers) {
    if (t.id == timer_id) return &t;
  }
  return nullptr;
}

Result<std::optional<Instant>> TimerBoundary::FirstFiring(
    Instant opened, const std::function<Result<Resolved>(const TimeSpec&)>& resolve) const {
  if (at) return at;
  if (after.kind == TimeSpec::Kind::kNone) {
    if (every) return NextOccurrence(*every, opened);
    return Status::Invalid("timer '" + id + "' has neither 'after' nor 'every'");
  }
  Result<Resolved> when = resolve(after);
  if (!when.ok()) return when.status();
  std::optional<Instant> first = when->due ? when->due : when->not_before;
  if (!first) return Status::Invalid("'" + after.source + "' names no moment");
  return first;
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
                                     std::optional<TimeSpec> recurrence, std::vector<Scope> scopes)
    : id_(std::move(id)),
      name_(std::move(name)),
      description_(std::move(description)),
      start_roles_(std::move(start_roles)),
      inputs_(std::move(inputs)),
      nodes_(std::move(nodes)),
      file_(std::move(file)),
      timeboxes_(std::move(timeboxes)),
      recurrence_(std::move(recurrence)),
      scopes_(std::move(scopes)) {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    index_.emplace(nodes_[i].id, i);
    if (nodes_[i].kind == NodeKind::kStart) start_index_ = i;
  }
  // Backwards from each inclusive join over the flows and timers into it.
  std::vector<std::vector<std::size_t>> preds(nodes_.size());
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    auto add = [&](const std::string& to) {
      auto it = index_.find(to);
      if (it != index_.end()) preds[it->second].push_back(i);
    };
    for (const std::string& to : nodes_[i].to) add(to);
    for (const TimerBoundary& b : nodes_[i].boundaries) add(b.to);
    // A scope's timer may take a token from any of its nodes to its target.
    for (const Scope& s : scopes_) {
      if (!s.Contains(nodes_[i].id)) continue;
      for (const TimerBoundary& t : s.timers) add(t.to);
    }
  }
  for (std::size_t j = 0; j < nodes_.size(); ++j) {
    if (nodes_[j].kind != NodeKind::kJoin || !nodes_[j].inclusive) continue;
    std::vector<bool> reaches(nodes_.size(), false);
    std::vector<std::size_t> work = preds[j];
    while (!work.empty()) {
      std::size_t v = work.back();
      work.pop_back();
      if (reaches[v]) continue;
      reaches[v] = true;
      for (std::size_t p : preds[v]) work.push_back(p);
    }
    reaches_inclusive_join_.emplace(j, std::move(reaches));
  }
}

bool ProcessDefinition::CanReachInclusiveJoin(std::string_view from, std::string_view join) const {
  std::optional<std::size_t> f = IndexOf(from), j = IndexOf(join);
  return f && j && CanReachInclusiveJoin(*f, *j);
}

bool ProcessDefinition::CanReachInclusiveJoin(std::size_t from, std::size_t join) const {
  auto it = reaches_inclusive_join_.find(join);
  return it != reaches_inclusive_join_.end() && from < it->second.size() && it->second[from];
}

std::optional<std::size_t> ProcessDefinition::IndexOf(std::string_view id) const {
  auto it = index_.find(std::string(id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
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

const Scope* ProcessDefinition::FindScope(std::string_view id) const {
  for (const Scope& s : scopes_) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const VariableDecl* ProcessDefinition::FindInput(std::string_view name) const {
  for (const VariableDecl& v : inputs_) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

const VariableDecl* ProcessDefinition::FindDeclaration(std::string_view name) const {
  if (const VariableDecl* in = FindInput(name)) return in;
  for (const Node& n : nodes_) {
    if (const VariableDecl* f = n.FindField(name)) return f;
  }
  return nullptr;
}

std::optional<ValueType> ProcessDefinition::DeclaredType(std::string_view name) const {
  if (const VariableDecl* d = FindDeclaration(name)) return d->type;
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
