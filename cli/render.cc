#include "cli/render.h"

#include <sstream>

#include "cli/table.h"
#include "engine/text/escape.h"
#include "engine/text/utf8.h"

namespace krabuan::cli {

using nlohmann::json;

std::string When(const std::optional<Instant>& t) { return t ? FormatThaiDateTime(*t) : "-"; }

std::string OutcomeText(const std::vector<Outcome>& outcomes) {
  std::string out;
  for (const Outcome& o : outcomes) {
    if (!out.empty()) out += " / ";
    out += o.value + " (" + o.label + ")";
  }
  return out;
}

namespace {

json OptTime(const std::optional<Instant>& t) { return t ? json(FormatInstantUtc(*t)) : json(nullptr); }

// Stored detail is JSON text written by the engine; keep it as an object.
json DetailObject(const std::string& detail) {
  json j = json::parse(detail, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? json(detail) : j;
}

}  // namespace

json VariableDeclJson(const VariableDecl& d) {
  json j{{"name", d.name}, {"type", ValueTypeName(d.type)}, {"required", d.required}, {"label", d.label}};
  if (d.default_value) j["default"] = d.default_value->ToText();
  if (!d.options.empty()) {
    json options = json::array();
    for (const Option& o : d.options) options.push_back({{"value", o.value}, {"label", o.label}});
    j["options"] = options;
  }
  if (d.min) j["min"] = d.min->ToText();
  if (d.max) j["max"] = d.max->ToText();
  return j;
}

std::string_view WaitingKindName(Waiting::Kind kind) {
  switch (kind) {
    case Waiting::Kind::kTask: return "task";
    case Waiting::Kind::kItems: return "items";
    case Waiting::Kind::kWindow: return "window";
    case Waiting::Kind::kTimer: return "timer";
    case Waiting::Kind::kJoin: return "join";
  }
  return "task";
}

json WaitingJson(const std::vector<Waiting>& waiting) {
  json arr = json::array();
  for (const Waiting& w : waiting) {
    arr.push_back({{"kind", WaitingKindName(w.kind)},
                   {"node", w.node_id},
                   {"name", w.node_name},
                   {"until", OptTime(w.until)},
                   {"tasks", w.tasks},
                   {"missing", w.missing}});
  }
  return arr;
}

std::string WaitingText(const Waiting& w) {
  std::string ids;
  for (TaskId id : w.tasks) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
  std::string missing;
  for (const std::string& m : w.missing) missing += (missing.empty() ? "" : ", ") + m;
  switch (w.kind) {
    case Waiting::Kind::kTask:
      return "งาน " + ids + (w.until ? ", กำหนด " + When(w.until) : std::string());
    case Waiting::Kind::kItems:
      return std::to_string(w.missing.size()) + " รายการยังไม่ส่ง (" + missing + ")" +
             (w.until ? ", ตัดรอบ " + When(w.until) : std::string());
    case Waiting::Kind::kWindow:
      return "รอช่วงเวลาเปิด " + When(w.until);
    case Waiting::Kind::kTimer:
      return "รอถึง " + When(w.until);
    case Waiting::Kind::kJoin:
      return "รอสาขาจาก " + missing;
  }
  return "";
}

json TaskJson(const TaskView& v) {
  const TaskRecord& t = v.task;
  json outcomes = json::array();
  for (const Outcome& o : v.outcomes) outcomes.push_back({{"value", o.value}, {"label", o.label}});
  json fields = json::array();
  for (const VariableDecl& f : v.fields) fields.push_back(VariableDeclJson(f));
  return json{{"id", t.id},
              {"instance", t.instance_id},
              {"process", t.process_id},
              {"process_name", v.process_name},
              {"key", v.business_key},
              {"node", t.node_id},
              {"name", t.name},
              {"role", t.role},
              {"assignee", t.assignee},
              {"state", TaskStateName(t.state)},
              {"created", FormatInstantUtc(t.created_at)},
              {"due", OptTime(t.due_at)},
              {"escalated_to", t.escalated_to},
              {"acting_for", t.acting_for},
              {"outcomes", outcomes},
              {"fields", fields}};
}

json InstanceJson(const InstanceRecord& i) {
  return json{{"id", i.id},
              {"process", i.process_id},
              {"version", i.version},
              {"key", i.business_key},
              {"state", InstanceStateName(i.state)},
              {"started", FormatInstantUtc(i.started_at)},
              {"started_by", i.started_by},
              {"ended", OptTime(i.ended_at)},
              {"end_reason", i.end_reason}};
}

json HistoryJson(const HistoryRecord& h) {
  return json{{"id", h.id},         {"at", FormatInstantUtc(h.at)}, {"user", h.user},
              {"role", h.role},     {"capacity", ActingCapacityName(h.capacity)},       {"action", h.action},
              {"node", h.node_id},  {"task", h.task_id},            {"detail", DetailObject(h.detail)},
              {"comment", h.comment}, {"hash", h.hash}};
}

json VariablesJson(const VariableMap& vars) {
  json out = json::object();
  for (const auto& [name, v] : vars) {
    switch (v.type()) {
      case ValueType::kInt: out[name] = v.as_int(); break;
      case ValueType::kBool: out[name] = v.as_bool(); break;
      case ValueType::kFiscalYear: out[name] = v.as_fiscal_year().be; break;
      default: out[name] = v.ToText(); break;   // money stays exact as a decimal string
    }
  }
  return out;
}

json OrgJson(const Org& org) {
  json users = json::array();
  for (const User& u : org.users()) {
    json j = {{"login", u.login}, {"name", u.name}, {"roles", u.roles}, {"position", u.position}};
    if (const Position* p = org.FindPosition(u.position)) {
      j["title"] = p->title;
      j["assignment"] = p->assignment;
    }
    users.push_back(j);
  }
  json roles = json::array();
  for (const Role& r : org.roles()) roles.push_back({{"id", r.id}, {"name", r.name}, {"recorded_by", r.recorded_by}});
  json acting = json::array();
  for (const ActingOrder& a : org.acting_orders()) acting.push_back({{"role", a.role}, {"positions", a.positions}});
  return json{{"office", org.office()}, {"group", org.group()}, {"users", users}, {"roles", roles}, {"acting", acting}};
}

std::string TasksTable(const std::vector<TaskView>& tasks, Instant now) {
  Table t({"ID", "CASE", "PROCESS", "TASK", "ROLE", "ASSIGNEE", "DUE", "OUTCOMES"});
  for (const TaskView& v : tasks) {
    std::string due = When(v.task.due_at);
    if (v.task.due_at && *v.task.due_at < now) due += " (เกินกำหนด)";
    std::string outcomes;
    for (const Outcome& o : v.outcomes) outcomes += (outcomes.empty() ? "" : " / ") + o.label;
    t.AddRow({std::to_string(v.task.id), std::to_string(v.task.instance_id), v.task.process_id,
              TruncateToWidth(v.task.name, 48), v.task.role,
              v.task.assignee.empty() ? "-" : v.task.assignee + (v.task.acting_for.empty() ? "" : " (แทน " + v.task.acting_for + ")"), due,
              outcomes});
  }
  return t.Render();
}

std::string InstancesTable(const std::vector<InstanceRecord>& instances) {
  Table t({"ID", "PROCESS", "VERSION", "KEY", "STATE", "STARTED", "BY"});
  for (const InstanceRecord& i : instances) {
    t.AddRow({std::to_string(i.id), i.process_id, std::to_string(i.version), i.business_key,
              std::string(InstanceStateName(i.state)), When(i.started_at), i.started_by});
  }
  return t.Render();
}

std::string HistoryDetailText(const HistoryRecord& h) {
  json d = DetailObject(h.detail);
  if (!d.is_object()) return h.detail;
  if (h.action == "task-completed" && d.contains("label")) {
    return d["label"].get<std::string>() + " (" + d["outcome"].get<std::string>() + ")";
  }
  if (h.action == "token-moved") {
    std::string s = d.value("from", "") + " → " + d.value("to", "");
    if (d.contains("condition")) s += "  [" + d["condition"].get<std::string>() + "]";
    return s;
  }
  if (h.action == "task-created") {
    std::string s = d.value("name", "");
    if (d.contains("due")) {
      Result<Instant> due = ParseInstant(d["due"].get<std::string>());
      if (due.ok()) s += "; กำหนด " + FormatThaiDateTime(*due);
    }
    return s;
  }
  std::string s;
  for (auto it = d.begin(); it != d.end(); ++it) {
    if (!s.empty()) s += ", ";
    s += it.key() + "=" + (it->is_string() ? it->get<std::string>() : it->dump());
  }
  return s;
}

std::string InstanceText(const InstanceView& v) {
  std::ostringstream out;
  const InstanceRecord& i = v.instance;
  out << "Instance " << i.id << ": " << EscapeControls(v.process_name) << " (" << EscapeControls(i.process_id) << " v"
      << i.version << ")\n";
  out << "State: " << InstanceStateName(i.state);
  if (!i.business_key.empty()) out << "   Key: " << EscapeControls(i.business_key);
  out << "   Started: " << When(i.started_at) << " by " << EscapeControls(i.started_by);
  if (i.ended_at) out << "   Ended: " << When(i.ended_at);
  out << "\n";
  if (!i.end_reason.empty()) out << "Reason: " << EscapeControls(i.end_reason) << "\n";

  if (!v.waiting.empty()) {
    out << "\nWaiting for\n";
    Table waits({"STEP", "NAME", "WAITS FOR"});
    for (const Waiting& w : v.waiting) waits.AddRow({w.node_id, TruncateToWidth(w.node_name, 50), WaitingText(w)});
    out << waits.Render();
  }

  out << "\nVariables\n";
  Table vars({"NAME", "TYPE", "VALUE"});
  for (const auto& [name, val] : v.variables) vars.AddRow({name, std::string(ValueTypeName(val.type())), val.ToDisplay()});
  out << vars.Render();

  out << "\nOpen tasks\n";
  if (v.open_tasks.empty()) {
    out << "(none)\n";
  } else {
    Table tasks({"ID", "TASK", "ROLE", "ASSIGNEE", "DUE", "OUTCOMES"});
    for (const TaskView& t : v.open_tasks) {
      tasks.AddRow({std::to_string(t.task.id), TruncateToWidth(t.task.name, 60), t.task.role, t.task.assignee.empty() ? "-" : t.task.assignee,
                    When(t.task.due_at), OutcomeText(t.outcomes)});
    }
    out << tasks.Render();
  }

  out << "\nHistory\n";
  Table hist({"#", "WHEN", "USER", "ROLE", "ACTION", "NODE", "DETAIL", "COMMENT"});
  for (const HistoryRecord& h : v.history) {
    std::string role = h.role;
    if (h.capacity == ActingCapacity::kRecorder) role += " (บันทึกแทน)";
    std::string user = h.user;
    if (json d = DetailObject(h.detail); h.capacity == ActingCapacity::kActing && d.is_object()) {
      user += " (รักษาราชการแทน " + d.value("acting_for", std::string()) + ")";
    }
    if (h.capacity == ActingCapacity::kEscalated) user += " (ได้รับส่งต่อ)";
    if (json d = DetailObject(h.detail); d.is_object() && d.contains("by")) user += ", by " + d.value("by", std::string());
    hist.AddRow({std::to_string(h.id), When(h.at), user, role, h.action, h.node_id,
                 TruncateToWidth(HistoryDetailText(h), 60), h.comment});
  }
  out << hist.Render();
  out << "\nHistory chain: "
      << (v.history_intact ? "intact"
                           : "BROKEN at row " + std::to_string(v.first_broken_row.value_or(0)) +
                                 ": it, or the row before it, was changed or removed outside krabuan")
      << "\n";
  return out.str();
}

std::string OrgText(const Org& org) {
  std::ostringstream out;
  out << EscapeControls(org.office()) << " / " << EscapeControls(org.group()) << "\n\nPositions\n";
  Table pos({"NO.", "TITLE", "ASSIGNMENT", "LOGIN", "ROLES"});
  for (const Position& p : org.positions()) {
    std::string roles;
    if (const User* u = org.FindUser(p.login)) {
      for (const std::string& r : u->roles) roles += (roles.empty() ? "" : " ") + r;
    }
    pos.AddRow({p.number, p.title, TruncateToWidth(p.assignment, 50), p.login, roles});
  }
  out << pos.Render();
  out << "\nOther users\n";
  Table users({"LOGIN", "NAME", "ROLES"});
  for (const User& u : org.users()) {
    if (!u.position.empty()) continue;
    std::string roles;
    for (const std::string& r : u.roles) roles += (roles.empty() ? "" : " ") + r;
    users.AddRow({u.login, u.name, roles});
  }
  out << users.Render();
  for (const ActingOrder& a : org.acting_orders()) {
    out << "\nActing order for " << EscapeControls(a.role) << " (ปฏิบัติหน้าที่แทน)\n";
    Table t({"RANK", "POSITION", "LOGIN"});
    int rank = 1;
    for (const std::string& p : a.positions) {
      const Position* pp = org.FindPosition(p);
      t.AddRow({"คนที่ " + std::to_string(rank++), p, pp ? pp->login : "?"});
    }
    out << t.Render();
  }
  out << "\nRoles\n";
  Table roles({"ROLE", "NAME", "RECORDED BY"});
  for (const Role& r : org.roles()) {
    std::string by;
    for (const std::string& x : r.recorded_by) by += (by.empty() ? "" : " ") + x;
    roles.AddRow({r.id, r.name, by});
  }
  out << roles.Render();
  return out.str();
}

}  // namespace krabuan::cli
