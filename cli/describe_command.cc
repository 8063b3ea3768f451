#include "cli/describe_command.h"

#include <sstream>

#include "cli/app.h"
#include "cli/id_arg.h"
#include "cli/render.h"
#include "cli/table.h"
#include "engine/text/utf8.h"

namespace krabuan::cli {
namespace {

using nlohmann::json;

std::string Joined(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

// "area-committee (คณะกรรมการ…)", or the id alone when the org does not name it.
std::string RoleText(const Org& org, const std::string& role) {
  const Role* r = org.FindRole(role);
  return r && !r->name.empty() ? role + " (" + r->name + ")" : role;
}

// Who does a task: its role or assignee, per item, and who records a body's act.
std::string ActorText(const Org& org, const Node& n) {
  std::string out = n.assignee.empty() ? RoleText(org, n.role) : n.assignee;
  if (n.for_each == "org:schools") {
    out += ", ทุกสถานศึกษา";
  } else if (!n.for_each.empty()) {
    out += ", for each of " + n.for_each;
  }
  if (const Role* r = org.FindRole(n.role); r && !r->recorded_by.empty()) {
    out += "; บันทึกแทนโดย " + Joined(r->recorded_by, ", ");
  }
  return out;
}

std::string TimingText(const ProcessDefinition& def, const Node& n) {
  std::vector<std::string> parts;
  if (n.kind == NodeKind::kWait) {
    parts.push_back(n.wait_at ? FormatThaiDateTime(*n.wait_at) : n.wait.source);
  } else {
    if (!n.timebox.empty()) {
      const Timebox* box = def.FindTimebox(n.timebox);
      parts.push_back((box && !box->name.empty() ? box->name : n.timebox) + ": " + (box ? box->due.source : ""));
    } else if (n.due.kind != TimeSpec::Kind::kNone) {
      parts.push_back(n.due.source);
    }
    if (n.cutoff.kind != TimeSpec::Kind::kNone) parts.push_back("ตัดรอบ " + n.cutoff.source);
  }
  return parts.empty() ? "-" : Joined(parts, "; ");
}

std::string FieldNames(const std::vector<VariableDecl>& fields) {
  std::vector<std::string> names;
  for (const VariableDecl& f : fields) names.push_back(f.name + (f.required ? "*" : ""));
  return names.empty() ? "-" : Joined(names, " ");
}

std::string OutcomeLabels(const std::vector<Outcome>& outcomes) {
  std::vector<std::string> labels;
  for (const Outcome& o : outcomes) labels.push_back(o.label.empty() ? o.value : o.label);
  return labels.empty() ? "-" : Joined(labels, " / ");
}

// What a variable accepts beyond its type: its options, or its range.
std::string AcceptsText(const VariableDecl& v) {
  if (!v.options.empty()) return v.OptionList();
  if (v.min && v.max) return v.min->ToDisplay() + " – " + v.max->ToDisplay();
  if (v.min) return "≥ " + v.min->ToDisplay();
  if (v.max) return "≤ " + v.max->ToDisplay();
  return "-";
}

// The inputs or fields as a table: what to pass with --set.
std::string VariablesTable(const std::vector<VariableDecl>& vars) {
  Table t({"NAME", "TYPE", "REQUIRED", "DEFAULT", "ACCEPTS", "LABEL"});
  for (const VariableDecl& v : vars) {
    t.AddRow({v.name, std::string(ValueTypeName(v.type)), v.required ? "yes" : "no",
              v.default_value ? v.default_value->ToDisplay() : "-", AcceptsText(v), v.label});
  }
  return t.Render();
}

json StepJson(const Org& org, const ProcessDefinition& def, const Node& n) {
  json fields = json::array();
  for (const VariableDecl& f : n.fields) fields.push_back(VariableDeclJson(f));
  json outcomes = json::array();
  for (const Outcome& o : n.outcomes) outcomes.push_back({{"value", o.value}, {"label", o.label}});
  const Role* role = org.FindRole(n.role);
  return json{{"id", n.id},
              {"kind", NodeKindName(n.kind)},
              {"name", n.name},
              {"role", n.role},
              {"role_name", role ? role->name : ""},
              {"recorded_by", role ? role->recorded_by : std::vector<std::string>{}},
              {"assignee", n.assignee},
              {"for_each", n.for_each},
              {"timing", TimingText(def, n)},
              {"outcomes", outcomes},
              {"fields", fields}};
}

bool IsStep(const Node& n) { return n.kind == NodeKind::kTask || n.kind == NodeKind::kWait; }

std::string DescribeText(const Org& org, const ProcessDefinition& def) {
  std::ostringstream out;
  out << def.name() << " (" << def.id() << ")\n";
  if (!def.description().empty()) out << def.description() << "\n";
  std::vector<std::string> starters;
  for (const std::string& r : def.start_roles()) starters.push_back(RoleText(org, r));
  starters.push_back("admin");
  out << "\nWho may start: " << Joined(starters, ", ") << "\n";
  if (def.recurrence()) out << "Starts itself: " << def.recurrence()->source << "\n";
  out << "\nInputs (krabuan start " << def.id() << " --set NAME=VALUE)\n";
  out << (def.inputs().empty() ? "(none)\n" : VariablesTable(def.inputs()));
  out << "\nSteps\n";
  Table t({"#", "STEP", "NAME", "WHO", "TIMING", "OUTCOMES", "FIELDS"});
  int number = 0;
  for (const Node& n : def.nodes()) {
    if (!IsStep(n)) continue;
    t.AddRow({std::to_string(++number), n.id, TruncateToWidth(n.name, 50),
              n.kind == NodeKind::kWait ? "(รอ)" : ActorText(org, n), TimingText(def, n), OutcomeLabels(n.outcomes),
              FieldNames(n.fields)});
  }
  out << t.Render();
  out << "(* required)\n";
  return out.str();
}

json DescribeJson(const Org& org, const ProcessDefinition& def) {
  json inputs = json::array();
  for (const VariableDecl& v : def.inputs()) inputs.push_back(VariableDeclJson(v));
  json starters = json::array();
  for (const std::string& r : def.start_roles()) {
    const Role* role = org.FindRole(r);
    starters.push_back({{"role", r}, {"name", role ? role->name : ""}});
  }
  json steps = json::array();
  for (const Node& n : def.nodes()) {
    if (IsStep(n)) steps.push_back(StepJson(org, def, n));
  }
  return json{{"process", def.id()},
              {"name", def.name()},
              {"description", def.description()},
              {"start_roles", starters},
              {"recurs", def.recurrence() ? json(def.recurrence()->source) : json(nullptr)},
              {"inputs", inputs},
              {"steps", steps}};
}

// What `complete` needs for this task, as a command to copy.
std::string CompleteHint(const TaskView& v) {
  std::string out = "krabuan complete " + std::to_string(v.task.id);
  if (!v.outcomes.empty()) out += " --outcome " + v.outcomes.front().value;
  for (const VariableDecl& f : v.fields) {
    if (f.required) out += " --set " + f.name + "=…";
  }
  return out;
}

std::string TaskText(const TaskDetail& d) {
  const TaskView& v = d.view;
  const TaskRecord& t = v.task;
  std::ostringstream out;
  out << "Task " << t.id << ": " << t.name << " (" << t.node_id << ")\n";
  out << "Case: " << t.instance_id << " " << v.process_name << " (" << t.process_id << " v" << d.instance.version << ")";
  if (!v.business_key.empty()) out << "   Key: " << v.business_key;
  out << "\n";
  out << "State: " << TaskStateName(t.state) << "   Role: " << t.role;
  if (!d.role_name.empty()) out << " (" << d.role_name << ")";
  out << "   Assignee: " << (t.assignee.empty() ? "-" : t.assignee);
  if (!t.acting_for.empty()) out << " (แทน " << t.acting_for << ")";
  if (!t.item.empty()) out << "   Item: " << t.item;
  out << "\n";
  if (!d.recorded_by.empty()) {
    out << "Recorded on the body's behalf by holders of: " << Joined(d.recorded_by, ", ") << "\n";
  }
  out << "Created: " << When(t.created_at) << "   Due: " << When(t.due_at);
  if (d.cutoff) out << "   Cut-off: " << When(d.cutoff);
  out << "\n";
  if (!t.escalated_to.empty()) out << "Escalated to: " << t.escalated_to << "\n";
  if (t.state != TaskState::kOpen) {
    out << "Completed: " << When(t.completed_at) << " by " << (t.completed_by.empty() ? "-" : t.completed_by);
    if (!t.outcome.empty()) out << "   Outcome: " << t.outcome;
    out << "\n";
  }
  out << "\nOutcomes\n";
  if (v.outcomes.empty()) {
    out << "(none)\n";
  } else {
    Table o({"VALUE", "LABEL"});
    for (const Outcome& x : v.outcomes) o.AddRow({x.value, x.label});
    out << o.Render();
  }
  out << "\nFields\n";
  out << (v.fields.empty() ? "(none)\n" : VariablesTable(v.fields));
  if (t.state == TaskState::kOpen) out << "\n" << CompleteHint(v) << "\n";
  return out.str();
}

json TaskDetailJson(const TaskDetail& d) {
  json j = TaskJson(d.view);
  j["item"] = d.view.task.item;
  j["role_name"] = d.role_name;
  j["recorded_by"] = d.recorded_by;
  j["cutoff"] = d.cutoff ? json(FormatInstantUtc(*d.cutoff)) : json(nullptr);
  j["version"] = d.instance.version;
  j["instance_state"] = InstanceStateName(d.instance.state);
  j["outcome"] = d.view.task.outcome;
  j["completed_by"] = d.view.task.completed_by;
  j["completed"] = d.view.task.completed_at ? json(FormatInstantUtc(*d.view.task.completed_at)) : json(nullptr);
  return j;
}

}  // namespace

int CmdDescribe(const GlobalOptions& g, const std::string& process, Io io) {
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kRead);
  if (!session.ok()) return Fail(session.status(), io.err);
  Engine& e = (*session)->engine();
  Result<std::shared_ptr<const ProcessDefinition>> def = e.Definition(process);
  if (!def.ok()) return Fail(def.status(), io.err);
  Result<std::shared_ptr<const Org>> org = e.GetOrg();
  if (!org.ok()) return Fail(org.status(), io.err);
  if (g.json) {
    io.out << DescribeJson(**org, **def).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    io.out << DescribeText(**org, **def);
  }
  return kExitOk;
}

int CmdTask(const GlobalOptions& g, const std::string& task, Io io) {
  Result<std::int64_t> id = ParseId(task, "a task");
  if (!id.ok()) return Fail(id.status(), io.err);
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kRead);
  if (!session.ok()) return Fail(session.status(), io.err);
  Result<Actor> acting = (*session)->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Result<TaskDetail> d = (*session)->engine().Task(*acting, *id);
  if (!d.ok()) return Fail(d.status(), io.err);
  if (g.json) {
    io.out << TaskDetailJson(*d).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    io.out << TaskText(*d);
  }
  return kExitOk;
}

}  // namespace krabuan::cli
