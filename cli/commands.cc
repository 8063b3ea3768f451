#include "cli/commands.h"
#include "cli/convert_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/alerts_command.h"
#include "cli/app.h"
#include "cli/files.h"
#include "cli/id_arg.h"
#include "cli/render.h"
#include "cli/table.h"
#include "engine/time/duration_text.h"
#include "engine/text/escape.h"
#include "engine/text/utf8.h"

namespace krabuan::cli {

using nlohmann::json;

namespace {

constexpr auto kReplaceInvalid = json::error_handler_t::replace;

void PrintJson(std::ostream& out, const json& j) { out << j.dump(2, ' ', false, kReplaceInvalid) << "\n"; }

Result<SourceFile> ReadFile(Files& files, const std::string& path) {
  Result<std::string> content = files.Read(path);
  if (!content.ok()) return content.status();
  return SourceFile{path, std::move(content.value())};
}

Result<std::vector<SourceFile>> ReadFiles(Files& files, const std::vector<std::string>& paths) {
  std::vector<SourceFile> out;
  std::vector<std::string> problems;
  for (const std::string& p : paths) {
    Result<SourceFile> f = ReadFile(files, p);
    if (f.ok()) f = ConvertIfBpmn(std::move(f.value()));   // BPMN 2.0 files are deployed as converted
    if (f.ok()) {
      out.push_back(std::move(f.value()));
    } else {
      for (const std::string& line : f.status().lines()) problems.push_back(line);
    }
  }
  if (!problems.empty()) return Status::InvalidMany(problems);
  return out;
}

// "name=value" pairs; the value may contain '=' and spaces.
Result<std::vector<Assignment>> ParseSets(const std::vector<std::string>& sets) {
  std::vector<Assignment> out;
  for (const std::string& s : sets) {
    std::size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) return Status::Invalid("--set '" + s + "': expected NAME=VALUE");
    out.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  return out;
}


// Opens a session or prints why not.
std::unique_ptr<Session> OpenOrFail(const GlobalOptions& g, Access access, Io io, int& code) {
  Result<std::unique_ptr<Session>> s = Session::Open(g, access);
  if (!s.ok()) {
    code = Fail(s.status(), io.err);
    return nullptr;
  }
  return std::move(s.value());
}

void PrintDeployResults(const std::vector<DeployResult>& results, const GlobalOptions& g, Io io) {
  if (g.json) {
    json arr = json::array();
    for (const DeployResult& r : results) {
      arr.push_back({{"process", r.process_id}, {"version", r.version}, {"changed", r.changed}, {"name", r.name},
                     {"forced", r.forced}, {"warnings", r.warnings}});
    }
    PrintJson(io.out, arr);
    return;
  }
  for (const DeployResult& r : results) {
    io.out << EscapeControls(r.process_id) << " v" << r.version << (r.changed ? " deployed" : " unchanged")
           << (r.forced ? " (forced: its checks failed)" : "") << ": " << EscapeControls(r.name) << "\n";
    for (const std::string& w : r.warnings) io.err << "krabuan: " << EscapeControls(w) << "\n";
  }
}

// Stored text of one line each, as a list without the empty ones.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// Under a table that shows a page: how many rows it left out.
void PrintMore(std::ostream& out, std::int64_t more) {
  if (more > 0) out << "… " << more << " more; --limit to see them\n";
}

// A page as JSON: its rows under `key`, how many matched in all and how many are not shown.
template <typename T>
json PageJson(const char* key, json rows, const Page<T>& page) {
  return json{{key, std::move(rows)}, {"total", page.total}, {"more", page.more()}};
}

}  // namespace

Result<std::string> DefaultProcessesDir() {
  std::error_code ec;
  std::vector<std::filesystem::path> looked;
  looked.push_back(std::filesystem::current_path(ec) / "processes");
  // The installed share folder beside the program: <prefix>/bin/krabuan and
  // <prefix>/share/krabuan/processes, wherever the prefix was moved to.
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec && exe.has_parent_path()) {
    looked.push_back((exe.parent_path().parent_path() / "share" / "krabuan" / "processes").lexically_normal());
  }
  std::string places;
  for (const std::filesystem::path& dir : looked) {
    if (std::filesystem::exists(dir / "org.xml", ec)) return dir.string();
    places += (places.empty() ? "" : " nor ") + dir.string();
  }
  return Status::Invalid("no processes folder: neither " + places +
                         " has an org.xml (give --processes DIR or set KRABUAN_PROCESSES)");
}

int CmdInit(const GlobalOptions& g, const std::string& processes_dir, Io io) {
  std::string dir = processes_dir;
  if (dir.empty()) {
    Result<std::string> found = DefaultProcessesDir();
    if (!found.ok()) return Fail(found.status(), io.err);
    dir = *found;
  }
  std::error_code ec;
  std::filesystem::path org_path = std::filesystem::path(dir) / "org.xml";
  if (!std::filesystem::exists(org_path, ec)) {
    return Fail(Status::Invalid("no org file at '" + org_path.string() + "' (use --processes DIR)"), io.err);
  }
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".xml" && entry.path().filename() != "org.xml") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  Result<SourceFile> org = ReadFile(LocalFiles(), org_path.string());
  if (!org.ok()) return Fail(org.status(), io.err);
  // The holidays calendar, when the folder has one (DIR/calendar/holidays.xml).
  std::optional<SourceFile> holidays;
  std::filesystem::path holidays_path = std::filesystem::path(dir) / "calendar" / "holidays.xml";
  if (std::filesystem::exists(holidays_path, ec)) {
    Result<SourceFile> h = ReadFile(LocalFiles(), holidays_path.string());
    if (!h.ok()) return Fail(h.status(), io.err);
    holidays = std::move(h.value());
  }
  Result<std::vector<SourceFile>> files = ReadFiles(FilesOf(g), paths);
  if (!files.ok()) return Fail(files.status(), io.err);

  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kInit, io, code);
  if (!session) return code;
  // A new database gets its first deployment; an initialised one is brought up to date
  // (as an administrator). Either way one transaction: all of it or nothing.
  Result<Actor> acting = session->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Result<InitResult> r = session->engine().Initialise(*acting, *org, *files, holidays);
  if (!r.ok()) return Fail(r.status(), io.err);
  if (!g.json) {
    if (r->initialised) {
      io.out << "initialised " << EscapeControls(g.db) << "\n";
    } else {
      if (r->org_changed) io.out << "org file updated\n";
      if (r->holidays_changed) io.out << "holidays calendar updated\n";
    }
  }
  PrintDeployResults(r->processes, g, io);
  return kExitOk;
}

int CmdOrg(const GlobalOptions& g, Io io) {
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kRead, io, code);
  if (!session) return code;
  Result<std::shared_ptr<const Org>> org = session->engine().GetOrg();
  if (!org.ok()) return Fail(org.status(), io.err);
  if (g.json) {
    PrintJson(io.out, OrgJson(**org));
  } else {
    io.out << OrgText(**org);
  }
  return kExitOk;
}

int CmdDeploy(const GlobalOptions& g, const std::vector<std::string>& paths, bool force, Io io) {
  Result<std::vector<SourceFile>> files = ReadFiles(FilesOf(g), paths);
  if (!files.ok()) return Fail(files.status(), io.err);
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kWrite, io, code);
  if (!session) return code;
  Result<Actor> acting = session->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Result<std::vector<DeployResult>> results = session->engine().Deploy(*acting, *files, force);
  if (!results.ok()) return Fail(results.status(), io.err);
  PrintDeployResults(*results, g, io);
  return kExitOk;
}

int CmdValidate(const GlobalOptions& g, const std::vector<std::string>& paths, Io io) {
  Result<std::vector<SourceFile>> files = ReadFiles(FilesOf(g), paths);
  if (!files.ok()) return Fail(files.status(), io.err);
  // With a database, roles are checked against its org; without one, the files alone.
  // A database that is there but cannot be read is reported, not silently skipped.
  std::error_code ec;
  std::unique_ptr<Session> session;
  if (std::filesystem::exists(g.db, ec)) {
    int code = kExitOk;
    session = OpenOrFail(g, Access::kRead, io, code);
    if (!session) return code;
  }
  Result<std::vector<std::string>> warnings =
      session ? session->engine().Validate(*files) : ValidateProcessFiles(*files, nullptr);
  if (!warnings.ok()) return Fail(warnings.status(), io.err);
  for (const std::string& w : *warnings) io.err << "krabuan: " << EscapeControls(w) << "\n";
  if (g.json) {
    PrintJson(io.out, json{{"valid", paths}, {"warnings", *warnings}});
  } else {
    for (const std::string& p : paths) io.out << p << ": ok (structure checked, proved sound)\n";
  }
  return kExitOk;
}

int CmdProcesses(const GlobalOptions& g, int limit, Io io) {
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kRead, io, code);
  if (!session) return code;
  Result<Page<ProcessSummary>> list = session->engine().ProcessPage(limit);
  if (!list.ok()) return Fail(list.status(), io.err);
  if (g.json) {
    json arr = json::array();
    for (const ProcessSummary& p : list->rows) {
      arr.push_back({{"id", p.definition.process_id}, {"version", p.definition.version}, {"name", p.definition.name},
                     {"running", p.running}, {"deployed", FormatInstantUtc(p.definition.deployed_at)},
                     {"deployed_by", p.definition.deployed_by}, {"hash", p.definition.hash},
                     {"file", p.definition.file}, {"forced", p.definition.forced},
                     {"findings", Lines(p.definition.findings)}});
      if (p.next_start) {
        arr.back()["next_start"] = FormatInstantUtc(p.next_start->due_at);
        if (!p.next_start->error.empty()) arr.back()["next_start_error"] = p.next_start->error;
      }
    }
    PrintJson(io.out, PageJson("processes", std::move(arr), *list));
    return kExitOk;
  }
  Table t({"PROCESS", "VERSION", "RUNNING", "NEXT START", "NAME"});
  for (const ProcessSummary& p : list->rows) {
    std::string next;   // recurring processes: when the calendar starts the next one
    if (p.next_start) next = FormatThaiDate(OfficeDate(p.next_start->due_at)) + (p.next_start->error.empty() ? "" : " (failed)");
    t.AddRow({p.definition.process_id, std::to_string(p.definition.version), std::to_string(p.running), next,
              TruncateToWidth(p.definition.name, 70)});
  }
  io.out << t.Render();
  PrintMore(io.out, list->more());
  return kExitOk;
}

int CmdStart(const GlobalOptions& g, const std::string& process, const std::vector<std::string>& sets,
             const std::string& key, const std::string& comment, Io io) {
  Result<std::vector<Assignment>> inputs = ParseSets(sets);
  if (!inputs.ok()) return Fail(inputs.status(), io.err);
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kWrite, io, code);
  if (!session) return code;
  Result<Actor> acting = session->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Result<InstanceId> id = session->engine().Start(*acting, {process, *inputs, key, comment});
  if (!id.ok()) return Fail(id.status(), io.err);
  if (g.json) {
    PrintJson(io.out, json{{"instance", *id}});
  } else {
    io.out << *id << "\n";
  }
  return kExitOk;
}

int CmdTasks(const GlobalOptions& g, bool all, const std::string& role, const std::string& instance, bool overdue,
             int limit, Io io) {
  InstanceId instance_id = 0;
  if (!instance.empty()) {
    Result<std::int64_t> id = ParseId(instance, "an instance");
    if (!id.ok()) return Fail(id.status(), io.err);
    instance_id = *id;
  }
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kRead, io, code);
  if (!session) return code;
  Result<Actor> acting = session->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Result<Page<TaskView>> tasks = session->engine().TaskPage(*acting, {all, role, instance_id, overdue}, limit);
  if (!tasks.ok()) return Fail(tasks.status(), io.err);
  if (g.json && overdue) {
    PrintJson(io.out, PageJson("tasks", LateJson(tasks->rows, session->now()), *tasks));
  } else if (g.json) {
    json arr = json::array();
    for (const TaskView& t : tasks->rows) arr.push_back(TaskJson(t));
    PrintJson(io.out, PageJson("tasks", std::move(arr), *tasks));
  } else if (tasks->rows.empty()) {
    io.out << "no open tasks for " << EscapeControls(g.as) << "\n";
  } else {
    io.out << (overdue ? LateTable(tasks->rows, session->now()) : TasksTable(tasks->rows, session->now()));
    PrintMore(io.out, tasks->more());
  }
  return kExitOk;
}

int CmdClaim(const GlobalOptions& g, const std::string& task, Io io) {
  Result<std::int64_t> id = ParseId(task, "a task");
  if (!id.ok()) return Fail(id.status(), io.err);
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kWrite, io, code);
  if (!session) return code;
  Result<Actor> acting = session->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Status s = session->engine().Claim(*acting, *id);
  if (!s.ok()) return Fail(s, io.err);
  if (g.json) {
    PrintJson(io.out, json{{"task", *id}, {"assignee", g.as}});
  } else {
    io.out << "task " << *id << " claimed by " << EscapeControls(g.as) << "\n";
  }
  return kExitOk;
}

int CmdComplete(const GlobalOptions& g, const std::string& task, const std::string& outcome,
                const std::vector<std::string>& sets, const std::string& comment, Io io) {
  Result<std::int64_t> id = ParseId(task, "a task");
  if (!id.ok()) return Fail(id.status(), io.err);
  Result<std::vector<Assignment>> fields = ParseSets(sets);
  if (!fields.ok()) return Fail(fields.status(), io.err);
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kWrite, io, code);
  if (!session) return code;
  Result<Actor> acting = session->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Status s = session->engine().Complete(*acting, {*id, outcome, *fields, comment});
  if (!s.ok()) return Fail(s, io.err);
  if (g.json) {
    PrintJson(io.out, json{{"task", *id}, {"completed", true}});
  } else {
    io.out << "task " << *id << " completed" << (outcome.empty() ? "" : " (" + EscapeControls(outcome) + ")") << "\n";
  }
  return kExitOk;
}

int CmdReassign(const GlobalOptions& g, const std::string& task, const std::string& user, const std::string& comment,
                Io io) {
  Result<std::int64_t> id = ParseId(task, "a task");
  if (!id.ok()) return Fail(id.status(), io.err);
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kWrite, io, code);
  if (!session) return code;
  Result<Actor> acting = session->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Status s = session->engine().Reassign(*acting, *id, user, comment);
  if (!s.ok()) return Fail(s, io.err);
  if (g.json) {
    PrintJson(io.out, json{{"task", *id}, {"assignee", user}});
  } else {
    io.out << "task " << *id << " assigned to " << EscapeControls(user) << "\n";
  }
  return kExitOk;
}

int CmdShow(const GlobalOptions& g, const std::string& instance, Io io) {
  Result<std::int64_t> id = ParseId(instance, "an instance");
  if (!id.ok()) return Fail(id.status(), io.err);
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kRead, io, code);
  if (!session) return code;
  Result<Actor> acting = session->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Result<InstanceView> v = session->engine().Show(*acting, *id);
  if (!v.ok()) return Fail(v.status(), io.err);
  if (g.json) {
    json j = InstanceJson(v->instance);
    j["process_name"] = v->process_name;
    j["tasks"] = json::array();
    for (const TaskView& t : v->open_tasks) j["tasks"].push_back(TaskJson(t));
    j["waiting"] = WaitingJson(v->waiting);
    j["variables"] = VariablesJson(v->variables);
    j["history"] = json::array();
    for (const HistoryRecord& h : v->history) j["history"].push_back(HistoryJson(h));
    j["history_intact"] = v->history_intact;
    j["first_broken_row"] = v->first_broken_row ? json(*v->first_broken_row) : json(nullptr);
    PrintJson(io.out, j);
  } else {
    io.out << InstanceText(*v);
  }
  if (v->history_intact) return kExitOk;
  // What was shown cannot be trusted as the case's record: say so where scripts look.
  io.err << "krabuan: instance " << *id << ": the history chain is broken at row " << *v->first_broken_row
         << " (it, or the row before it, was changed or removed outside krabuan)\n";
  return kExitRefused;
}

int CmdInstances(const GlobalOptions& g, const std::string& process, const std::string& state, int limit, Io io) {
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kRead, io, code);
  if (!session) return code;
  InstanceQuery q{process, state.empty() ? std::nullopt : InstanceStateFromName(state)};
  Result<Actor> acting = session->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Result<Page<InstanceRecord>> list = session->engine().InstancePage(*acting, q, limit);
  if (!list.ok()) return Fail(list.status(), io.err);
  if (g.json) {
    json arr = json::array();
    for (const InstanceRecord& i : list->rows) arr.push_back(InstanceJson(i));
    PrintJson(io.out, PageJson("instances", std::move(arr), *list));
  } else {
    io.out << InstancesTable(list->rows);
    PrintMore(io.out, list->more());
  }
  return kExitOk;
}

int CmdCancel(const GlobalOptions& g, const std::string& instance, const std::string& reason, Io io) {
  Result<std::int64_t> id = ParseId(instance, "an instance");
  if (!id.ok()) return Fail(id.status(), io.err);
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kWrite, io, code);
  if (!session) return code;
  Result<Actor> acting = session->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Status s = session->engine().Cancel(*acting, *id, reason);
  if (!s.ok()) return Fail(s, io.err);
  if (g.json) {
    PrintJson(io.out, json{{"instance", *id}, {"state", "cancelled"}});
  } else {
    io.out << "instance " << *id << " cancelled\n";
  }
  return kExitOk;
}

}  // namespace krabuan::cli


namespace krabuan::cli {

// Late work for people: how late, whom it is with, whom it was escalated to.
std::string LateTable(const std::vector<TaskView>& late, Instant now) {
  Table t({"งาน", "กรณี", "กระบวนงาน", "ขั้นตอน", "อยู่กับ", "กำหนด", "เกินกำหนด", "ส่งต่อถึง"});
  for (const TaskView& v : late) {
    std::string with = !v.task.assignee.empty() ? v.task.assignee : v.task.role;
    if (!v.task.acting_for.empty()) with += " (แทน " + v.task.acting_for + ")";
    t.AddRow({std::to_string(v.task.id), std::to_string(v.task.instance_id), v.task.process_id,
              TruncateToWidth(v.task.name, 40), with, When(v.task.due_at),
              DescribeLateness(std::chrono::duration_cast<std::chrono::seconds>(now - *v.task.due_at)),
              v.task.escalated_to.empty() ? "-" : v.task.escalated_to});
  }
  return t.Render();
}

json LateJson(const std::vector<TaskView>& late, Instant now) {
  json arr = json::array();
  for (const TaskView& t : late) {
    json j = TaskJson(t);
    j["late_seconds"] = std::chrono::duration_cast<std::chrono::seconds>(now - *t.task.due_at).count();
    arr.push_back(j);
  }
  return arr;
}

int CmdOverdue(const GlobalOptions& g, int limit, Io io) {
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kRead, io, code);
  if (!session) return code;
  Result<Actor> acting = session->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Result<Page<TaskView>> late = session->engine().OverduePage(*acting, limit);
  if (!late.ok()) return Fail(late.status(), io.err);
  Instant now = session->now();
  if (g.json) {
    PrintJson(io.out, PageJson("tasks", LateJson(late->rows, now), *late));
    return kExitOk;
  }
  if (late->rows.empty()) {
    io.out << "no late work\n";
    return kExitOk;
  }
  io.out << LateTable(late->rows, now);
  PrintMore(io.out, late->more());
  return kExitOk;
}

int CmdAlerts(const GlobalOptions& g, Io io) {
  int code = kExitOk;
  auto session = OpenOrFail(g, Access::kRead, io, code);
  if (!session) return code;
  Result<Actor> acting = session->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Result<std::vector<AlertRecord>> alerts = session->engine().Alerts(*acting);
  if (!alerts.ok()) return Fail(alerts.status(), io.err);
  std::map<std::int64_t, std::vector<DeliveryRecord>> sent;   // per alert, by sink
  if (!alerts->empty()) {
    Result<std::vector<DeliveryRecord>> rows =
        session->engine().AlertDeliveries(*acting, alerts->front().id, alerts->back().id);
    if (!rows.ok()) return Fail(rows.status(), io.err);
    for (DeliveryRecord& d : *rows) sent[d.alert_id].push_back(std::move(d));
  }
  if (g.json) {
    json arr = json::array();
    for (const AlertRecord& a : *alerts) {
      json payload = json::parse(a.payload, nullptr, false);
      arr.push_back({{"id", a.id}, {"created", FormatInstantUtc(a.created_at)}, {"kind", a.kind},
                     {"instance", a.instance_id}, {"task", a.task_id}, {"text", a.text},
                     {"payload", payload.is_discarded() ? json(a.payload) : payload},
                     {"deliveries", DeliveriesJson(sent[a.id])}});
    }
    PrintJson(io.out, arr);
    return kExitOk;
  }
  Table t({"ID", "WHEN", "ALERT", "SINKS"});
  for (const AlertRecord& a : *alerts) {
    t.AddRow({std::to_string(a.id), When(a.created_at), a.text, DeliveriesText(sent[a.id])});
  }
  io.out << t.Render();
  return kExitOk;
}

}  // namespace krabuan::cli
