// The SQLite store's tasks and task listings.
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sqlite/sqlite_support.h"
#include "adapters/sqlite/sqlite_transaction.h"

namespace krabuan::sqlite {
namespace {

#define KRABUAN_TASK_COLUMNS_T                                                                                  \
  "t.id, t.instance_id, t.token_id, t.process_id, t.node_id, t.name, t.role, t.assignee, t.state, t.outcome, "    \
  "t.created_at, t.due_at, t.completed_at, t.completed_by, t.item, t.escalated_to, t.acting_for"

#define KRABUAN_TASK_COLUMNS                                                                          \
  "id, instance_id, token_id, process_id, node_id, name, role, assignee, state, outcome, created_at, " \
  "due_at, completed_at, completed_by, item, escalated_to, acting_for"

std::string NamedList(const std::string& prefix, std::size_t n) {
  std::string list = "(";
  for (std::size_t i = 0; i < n; ++i) list += (i ? ", :" : ":") + prefix + std::to_string(i);
  return list + ")";
}

// The filters every half of a task listing shares; `t` qualifies the columns.
std::string TaskFilter(const TaskQuery& q, const std::string& t) {
  std::string w = q.open_only ? t + "state = 'open'" : "1 = 1";
  if (q.instance) w += " AND " + t + "instance_id = :instance";
  if (!q.role.empty()) w += " AND " + t + "role = :role";
  if (q.due_before) w += " AND " + t + "due_at < :due";
  return w;
}

// The ids of a user's tasks: one SELECT per way a task comes to them, each served by an
// index (tasks_open_by_assignee, tasks_open_by_role, tasks_open_by_escalated_to); UNION
// drops a task that comes more than one way.
std::string TaskIdsSql(const TaskQuery& q) {
  std::vector<std::string> halves = {"assignee = :login"};
  if (!q.roles.empty()) halves.push_back("assignee = '' AND role IN " + NamedList("r", q.roles.size()));
  if (!q.recorded_roles.empty()) {
    // A school's task, which an officer may record for it.
    halves.push_back("item <> '' AND assignee <> :login AND role IN " + NamedList("rr", q.recorded_roles.size()));
  }
  if (!q.escalated_to.empty()) halves.push_back("escalated_to = :escalated");
  for (std::size_t i = 0; i < q.principals.size(); ++i) {
    std::string n = std::to_string(i);
    halves.push_back("item = '' AND assignee = :p" + n);
    halves.push_back("item = '' AND assignee = '' AND role = :pr" + n);
  }
  std::string filter = TaskFilter(q, "");
  std::string sql;
  for (const std::string& h : halves) sql += (sql.empty() ? "" : " UNION ") + ("SELECT id FROM tasks WHERE " + filter + " AND " + h);
  return sql;
}

void BindTaskQuery(SQLite::Statement& st, const TaskQuery& q) {
  if (q.instance) BindNamed(st, ":instance", *q.instance);
  BindNamed(st, ":role", q.role);
  if (q.due_before) BindNamed(st, ":due", TimeText(*q.due_before));
  BindNamed(st, ":login", q.assignee);
  BindNamed(st, ":escalated", q.escalated_to);
  for (std::size_t i = 0; i < q.roles.size(); ++i) BindNamed(st, ":r" + std::to_string(i), q.roles[i]);
  for (std::size_t i = 0; i < q.recorded_roles.size(); ++i) BindNamed(st, ":rr" + std::to_string(i), q.recorded_roles[i]);
  for (std::size_t i = 0; i < q.principals.size(); ++i) {
    BindNamed(st, ":p" + std::to_string(i), q.principals[i].first);
    BindNamed(st, ":pr" + std::to_string(i), q.principals[i].second);
  }
}

TaskRecord ReadTask(SQLite::Statement& q) {
  TaskRecord t;
  t.id = q.getColumn(0).getInt64();
  t.instance_id = q.getColumn(1).getInt64();
  t.token_id = q.getColumn(2).getInt64();
  t.process_id = q.getColumn(3).getString();
  t.node_id = q.getColumn(4).getString();
  t.name = q.getColumn(5).getString();
  t.role = q.getColumn(6).getString();
  t.assignee = q.getColumn(7).getString();
  t.state = NameOf(q.getColumn(8), &TaskStateFromName, "task state");
  t.outcome = q.getColumn(9).getString();
  t.created_at = TimeOf(q.getColumn(10));
  t.due_at = OptTimeOf(q.getColumn(11));
  t.completed_at = OptTimeOf(q.getColumn(12));
  t.completed_by = q.getColumn(13).getString();
  t.item = q.getColumn(14).getString();
  t.escalated_to = q.getColumn(15).getString();
  t.acting_for = q.getColumn(16).getString();
  return t;
}

}  // namespace

Result<std::optional<TaskRecord>> SqliteTransaction::FindTask(TaskId id) {
  return Guard([&]() -> Result<std::optional<TaskRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_TASK_COLUMNS " FROM tasks WHERE id = ?");
    if (!Bind(q, id).executeStep()) return std::optional<TaskRecord>();
    return std::optional<TaskRecord>(ReadTask(q));
  });
}

Result<TaskId> SqliteTransaction::InsertTask(const TaskRecord& t) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<TaskId> {
    auto& q = Stmt("INSERT INTO tasks (instance_id, token_id, process_id, node_id, name, role, assignee, state, "
                   "outcome, created_at, due_at, completed_at, completed_by, item, escalated_to, acting_for) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Bind(q, t.instance_id, t.token_id, t.process_id, t.node_id, t.name, t.role, t.assignee, TaskStateName(t.state),
         t.outcome, t.created_at, t.due_at, t.completed_at, t.completed_by, t.item, t.escalated_to,
         t.acting_for).exec();
    return static_cast<TaskId>(db().getLastInsertRowid());
  });
}

Status SqliteTransaction::UpdateTask(const TaskRecord& t) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("UPDATE tasks SET assignee = ?, state = ?, outcome = ?, due_at = ?, completed_at = ?, "
                   "completed_by = ?, escalated_to = ?, acting_for = ? WHERE id = ?");
    Bind(q, t.assignee, TaskStateName(t.state), t.outcome, t.due_at, t.completed_at, t.completed_by, t.escalated_to,
         t.acting_for, t.id).exec();
    return Status::Ok();
  });
}

Result<std::vector<TaskRecord>> SqliteTransaction::ListTasks(const TaskQuery& qry) {
  return Guard([&]() -> Result<std::vector<TaskRecord>> {
    SQLite::Statement q(db(), TaskListSql(qry));
    BindTaskQuery(q, qry);
    std::vector<TaskRecord> out;
    while (q.executeStep()) out.push_back(ReadTask(q));
    return out;
  });
}

Result<std::vector<TaskRecord>> SqliteTransaction::TasksOfInstance(InstanceId instance) {
  return Guard([&]() -> Result<std::vector<TaskRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_TASK_COLUMNS " FROM tasks WHERE instance_id = ? ORDER BY id");
    Bind(q, instance);
    std::vector<TaskRecord> out;
    while (q.executeStep()) out.push_back(ReadTask(q));
    return out;
  });
}

Result<Page<ListedTask>> SqliteTransaction::PageTasks(const TaskQuery& qry, int limit) {
  return Guard([&]() -> Result<Page<ListedTask>> {
    SQLite::Statement q(db(), TaskPageSql(qry));
    BindTaskQuery(q, qry);
    BindNamed(q, ":limit", limit > 0 ? limit : -1);
    Page<ListedTask> out;
    while (q.executeStep()) {
      out.rows.push_back(ListedTask{ReadTask(q), q.getColumn(17).getInt64(), q.getColumn(18).getString()});
      out.total = q.getColumn(19).getInt64();
    }
    return out;
  });
}

}  // namespace krabuan::sqlite

namespace krabuan {

std::string TaskListSql(const TaskQuery& q) {
  using sqlite::TaskFilter, sqlite::TaskIdsSql;
  std::string select = "SELECT " KRABUAN_TASK_COLUMNS " FROM tasks WHERE ";
  std::string order = q.by_due ? " ORDER BY due_at, id" : " ORDER BY id";
  if (q.all) return select + TaskFilter(q, "") + order;
  return select + "id IN (" + TaskIdsSql(q) + ")" + order;
}

std::string TaskPageSql(const TaskQuery& q) {
  using sqlite::TaskFilter, sqlite::TaskIdsSql;
  // The instance's columns come with each row, and the total with every row, so a page
  // is one statement: no query per row, none for the count. CROSS JOIN keeps tasks the
  // outer loop, walked in the order shown, so LIMIT stops it early.
  std::string columns = "SELECT " KRABUAN_TASK_COLUMNS_T ", i.definition_id, i.business_key, ";
  std::string from = " FROM tasks t CROSS JOIN instances i ON i.id = t.instance_id WHERE ";
  std::string order = q.by_due ? " ORDER BY t.due_at, t.id" : " ORDER BY t.id";
  if (q.all) {
    return columns + "(SELECT COUNT(*) FROM tasks WHERE " + TaskFilter(q, "") + ")" + from + TaskFilter(q, "t.") +
           order + " LIMIT :limit";
  }
  // A user's tasks come from several indexed halves (assigned to them, unclaimed in their
  // roles, ...), each a range of an index rather than an OR the planner would answer with
  // a scan; their ids are collected once, for the rows and for the count.
  return "WITH ids(id) AS MATERIALIZED (" + TaskIdsSql(q) + ") " + columns + "(SELECT COUNT(*) FROM ids)" + from +
         "t.id IN ids" + order + " LIMIT :limit";
}

}  // namespace krabuan
