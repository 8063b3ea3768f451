#include "engine/exec/alerts.h"

#include <nlohmann/json.hpp>

#include "engine/exec/audit_append.h"
#include "engine/exec/detail.h"
#include "engine/text/flat_json.h"

namespace krabuan {

using nlohmann::json;

Status RaiseOverdue(CommandContext& ctx, const TaskRecord& task) {
  const InstanceRecord& inst = ctx.instance();
  std::string responsible;
  if (!task.assignee.empty()) {
    const User* u = ctx.org().FindUser(task.assignee);
    const Position* p = u != nullptr ? ctx.org().FindPosition(u->position) : nullptr;
    responsible = task.assignee + (p != nullptr ? " (ตำแหน่งเลขที่ " + p->number + ")" : u != nullptr ? " (" + u->name + ")" : "");
  } else {
    const Role* r = ctx.org().FindRole(task.role);
    responsible = r != nullptr ? r->name + " (" + task.role + ")" : task.role;
  }
  auto late = std::chrono::duration_cast<std::chrono::seconds>(ctx.now() - *task.due_at);
  std::string text = "งานเกินกำหนด: " + ctx.def().name() + " — ขั้นตอน \"" + task.name + "\" กรณีที่ " +
                     std::to_string(inst.id) + (inst.business_key.empty() ? "" : " (" + inst.business_key + ")") +
                     " อยู่กับ " + responsible + "; กำหนด " + FormatThaiDateTime(*task.due_at) + "; เกินกำหนด " +
                     DescribeLateness(late);
  // Built as text, not as a tree: catch-up writes one of these per overdue task.
  std::string payload = FlatJson()
                            .Add("kind", "overdue")
                            .Add("process", inst.process_id)
                            .Add("process_name", ctx.def().name())
                            .Add("instance", inst.id)
                            .Add("key", inst.business_key)
                            .Add("task", task.id)
                            .Add("step", task.node_id)
                            .Add("step_name", task.name)
                            .Add("role", task.role)
                            .Add("assignee", task.assignee)
                            .Add("item", task.item)
                            .Add("due", FormatInstantUtc(*task.due_at))
                            .Add("late_seconds", static_cast<std::int64_t>(late.count()))
                            .Text();
  AlertRecord alert{0, ctx.now(), "overdue", inst.id, task.id, text, std::move(payload)};
  Result<std::int64_t> id = ctx.txn().InsertAlert(alert);
  if (!id.ok()) return id.status();
  alert.id = *id;
  KRABUAN_RETURN_IF_ERROR(AppendAudit(ctx.txn(), alert.created_at, "", audit_kind::kAlert,
                                      "alert " + std::to_string(alert.id), AlertDigest(alert)));
  return ctx.RecordAbout("overdue-alerted", task.node_id, task.id,
                         FlatJson()
                             .Add("alert", *id)
                             .Add("due", FormatInstantUtc(*task.due_at))
                             .Add("late_seconds", static_cast<std::int64_t>(late.count()))
                             .Text());
}

}  // namespace krabuan
