// The PostgreSQL store's tasks and task listings.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/postgres/pg_codec.h"
#include "adapters/postgres/pg_transaction.h"

namespace krabuan::pg {
namespace {

#define KRABUAN_PG_TASK_COLUMNS                                                                        \
  "id, instance_id, token_id, process_id, node_id, name, role, assignee, state, outcome, created_at, " \
  "due_at, completed_at, completed_by, item, escalated_to, acting_for"

#define KRABUAN_PG_TASK_COLUMNS_T                                                                            \
  "t.id, t.instance_id, t.token_id, t.process_id, t.node_id, t.name, t.role, t.assignee, t.state, t.outcome, " \
  "t.created_at, t.due_at, t.completed_at, t.completed_by, t.item, t.escalated_to, t.acting_for"

TaskRecord ReadTask(const PgRow& r) {
  TaskRecord t;
  t.id = r.Int64(0);
  t.instance_id = r.Int64(1);
  t.token_id = r.Int64(2);
  t.process_id = r.Text(3);
  t.node_id = r.Text(4);
  t.name = r.Text(5);
  t.role = r.Text(6);
  t.assignee = r.Text(7);
  t.state = NameOf(r, 8, &TaskStateFromName, "task state");
  t.outcome = r.Text(9);
  t.created_at = TimeOf(r, 10);
  t.due_at = OptTimeOf(r, 11);
  t.completed_at = OptTimeOf(r, 12);
  t.completed_by = r.Text(13);
  t.item = r.Text(14);
  t.escalated_to = r.Text(15);
  t.acting_for = r.Text(16);
  return t;
}

// A listing's SQL and its parameters, built together: each value is added once and its
// placeholder used wherever the SQL needs it.
struct TaskSql {
  TaskSql(const TaskQuery& q, PgParams& params);
  std::string filter;   // the filters every half shares, unqualified
  std::string filter_t;   // the same on columns of "t"
  std::string ids;        // the ids of a user's tasks (not for q.all)
};

std::string InList(PgParams& params, const std::vector<std::string>& values) {
  std::string list = "(";
  for (std::size_t i = 0; i < values.size(); ++i) list += (i ? ", " : "") + params.Add(values[i]);
  return list + ")";
}

// As the SQLite store: one SELECT per way a task comes to the user, each served by an
// index (tasks_open_by_assignee, tasks_open_by_role, tasks_open_by_escalated_to); UNION
// drops a task that comes more than one way.
TaskSql::TaskSql(const TaskQuery& q, PgParams& params) {
  std::string instance = q.instance ? params.Add(ParamOf(*q.instance)) : "";
  std::string role = q.role.empty() ? "" : params.Add(q.role);
  std::string due = q.due_before ? params.Add(ParamOf(*q.due_before)) : "";
  auto make_filter = [&](const std::string& t) {
    std::string w = q.open_only ? t + "state = 'open'" : "TRUE";
    if (q.instance) w += " AND " + t + "instance_id = " + instance;
    if (!q.role.empty()) w += " AND " + t + "role = " + role;
    if (q.due_before) w += " AND " + t + "due_at < " + due;
    return w;
  };
  filter = make_filter("");
  filter_t = make_filter("t.");
  if (q.all) return;
  std::string login = params.Add(q.assignee);
  std::vector<std::string> halves = {"assignee = " + login};
  if (!q.roles.empty()) halves.push_back("assignee = '' AND role IN " + InList(params, q.roles));
  if (!q.recorded_roles.empty()) {
    // A school's task, which an officer may record for it.
    halves.push_back("item <> '' AND assignee <> " + login + " AND role IN " + InList(params, q.recorded_roles));
  }
  if (!q.escalated_to.empty()) halves.push_back("escalated_to = " + params.Add(q.escalated_to));
  for (const auto& [principal, principal_role] : q.principals) {
    halves.push_back("item = '' AND assignee = " + params.Add(principal));
    halves.push_back("item = '' AND assignee = '' AND role = " + params.Add(principal_role));
  }
  for (const std::string& h : halves) {
    ids += (ids.empty() ? "" : " UNION ") + ("SELECT id FROM tasks WHERE " + filter + " AND " + h);
  }
}

}  // namespace

Result<std::optional<TaskRecord>> PgTransaction::FindTask(TaskId id) {
  return ReadFirst<TaskRecord>(Query("SELECT " KRABUAN_PG_TASK_COLUMNS " FROM tasks WHERE id = $1", Args(id)),
                               ReadTask);
}

Result<TaskId> PgTransaction::InsertTask(const TaskRecord& t) {
  return InsertedId(
      Change("INSERT INTO tasks (instance_id, token_id, process_id, node_id, name, role, assignee, state, outcome, "
             "created_at, due_at, completed_at, completed_by, item, escalated_to, acting_for) "
             "SELECT $1::bigint, $2::bigint, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, "
             "$10::timestamptz, $11::timestamptz, $12::timestamptz, $13::text, $14::text, $15::text, $16::text "
             "WHERE EXISTS (SELECT 1 FROM instances WHERE id = $1::bigint) RETURNING id",
             Args(t.instance_id, t.token_id, t.process_id, t.node_id, t.name, t.role, t.assignee,
                  TaskStateName(t.state), t.outcome, t.created_at, t.due_at, t.completed_at, t.completed_by, t.item,
                  t.escalated_to, t.acting_for)),
      [&] { return NoInstance(t.instance_id); });
}

Status PgTransaction::UpdateTask(const TaskRecord& t) {
  return Change("UPDATE tasks SET assignee = $1, state = $2, outcome = $3, due_at = $4, completed_at = $5, "
                "completed_by = $6, escalated_to = $7, acting_for = $8 WHERE id = $9",
                Args(t.assignee, TaskStateName(t.state), t.outcome, t.due_at, t.completed_at, t.completed_by,
                     t.escalated_to, t.acting_for, t.id))
      .status();
}

// Tasks without a due come first when ordered by due (SQLite sorts NULL first).
Result<std::vector<TaskRecord>> PgTransaction::ListTasks(const TaskQuery& q) {
  PgParams params;
  TaskSql sql(q, params);
  std::string order = q.by_due ? " ORDER BY due_at NULLS FIRST, id" : " ORDER BY id";
  std::string where = q.all ? sql.filter : "id IN (" + sql.ids + ")";
  return ReadAll<TaskRecord>(QueryDynamic("SELECT " KRABUAN_PG_TASK_COLUMNS " FROM tasks WHERE " + where + order, params),
                             ReadTask);
}

Result<std::vector<TaskRecord>> PgTransaction::TasksOfInstance(InstanceId instance) {
  return ReadAll<TaskRecord>(
      Query("SELECT " KRABUAN_PG_TASK_COLUMNS " FROM tasks WHERE instance_id = $1 ORDER BY id", Args(instance)),
      ReadTask);
}

// The instance's columns come with each row, and the total with every row, so a page is
// one statement: no query per row, none for the count. A user's tasks come from several
// indexed halves, whose ids are collected once, for the rows and for the count.
Result<Page<ListedTask>> PgTransaction::PageTasks(const TaskQuery& q, int limit) {
  PgParams params;
  TaskSql sql(q, params);
  std::string lim = params.Add(ParamOf(PageLimit(limit)));
  std::string columns = "SELECT " KRABUAN_PG_TASK_COLUMNS_T ", i.definition_id, i.business_key, ";
  std::string from = " FROM tasks t JOIN instances i ON i.id = t.instance_id WHERE ";
  std::string order = q.by_due ? " ORDER BY t.due_at NULLS FIRST, t.id" : " ORDER BY t.id";
  std::string text =
      q.all ? columns + "(SELECT COUNT(*) FROM tasks WHERE " + sql.filter + ")" + from + sql.filter_t + order +
                  " LIMIT " + lim
            : "WITH ids AS MATERIALIZED (" + sql.ids + ") " + columns + "(SELECT COUNT(*) FROM ids)" + from +
                  "t.id IN (SELECT id FROM ids)" + order + " LIMIT " + lim;
  Result<PgResult> r = QueryDynamic(text, params);
  if (!r.ok()) return r.status();
  return Guard([&]() -> Result<Page<ListedTask>> {
    Page<ListedTask> out;
    for (int i = 0; i < r->rows(); ++i) {
      PgRow row = r->row(i);
      out.rows.push_back(ListedTask{ReadTask(row), row.Int64(17), row.Text(18)});
      out.total = row.Int64(19);
    }
    return out;
  });
}

}  // namespace krabuan::pg
