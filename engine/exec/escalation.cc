#include "engine/exec/escalation.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/exec/audit_append.h"
#include "engine/exec/alerts.h"
#include "engine/exec/detail.h"

namespace krabuan {
namespace {

using nlohmann::json;

TimeSpec WorkingDays(int n, std::string source) {
  TimeSpec t;
  t.kind = TimeSpec::Kind::kDuration;
  t.duration.working_days = n;
  t.source = std::move(source);
  return t;
}

const ActingOrder* OrderFor(const Org& org, std::string_view role) {
  for (const ActingOrder& o : org.acting_orders()) {
    if (o.role == role) return &o;
  }
  return nullptr;
}

// Whether `task` is the principal's: assigned to them, or unclaimed in their role.
bool IsPrincipalsTask(const ActingOrder& order, const User& principal, const TaskRecord& task) {
  if (!task.item.empty()) return false;
  return task.assignee == principal.login || (task.assignee.empty() && task.role == order.role);
}

// "p34 (ตำแหน่งเลขที่ ๓๔)", "เจ้าหน้าที่ (clerk)": who a task is with, for alert texts.
std::string Describe(const Org& org, const std::string& login) {
  const User* u = org.FindUser(login);
  const Position* p = u != nullptr ? org.FindPosition(u->position) : nullptr;
  return login + (p != nullptr ? " (ตำแหน่งเลขที่ " + p->number + ")" : u != nullptr ? " (" + u->name + ")" : "");
}

std::string Holder(const Org& org, const TaskRecord& task) {
  if (!task.assignee.empty()) return Describe(org, task.assignee);
  const Role* r = org.FindRole(task.role);
  return r != nullptr ? r->name + " (" + task.role + ")" : task.role;
}

// "ขั้นตอน "…" กรณีที่ 3 (2568-07) อยู่กับ …; กำหนด 4 ส.ค. 2568 09:00"
std::string CaseText(CommandContext& ctx, const TaskRecord& task) {
  const InstanceRecord& inst = ctx.instance();
  return ctx.def().name() + " — ขั้นตอน \"" + task.name + "\" กรณีที่ " + std::to_string(inst.id) +
         (inst.business_key.empty() ? "" : " (" + inst.business_key + ")") + " อยู่กับ " + Holder(ctx.org(), task) +
         "; กำหนด " + FormatThaiDateTime(*task.due_at);
}

json Payload(CommandContext& ctx, const TaskRecord& task, std::string_view kind) {
  const InstanceRecord& inst = ctx.instance();
  return json{{"kind", kind},           {"process", inst.process_id}, {"process_name", ctx.def().name()},
              {"instance", inst.id},    {"key", inst.business_key},   {"task", task.id},
              {"step", task.node_id},   {"step_name", task.name},     {"role", task.role},
              {"assignee", task.assignee}, {"due", FormatInstantUtc(*task.due_at)}};
}

Status Alert(CommandContext& ctx, const TaskRecord& task, std::string kind, std::string text, const json& payload,
             json history) {
  AlertRecord alert{0, ctx.now(), kind, ctx.instance().id, task.id, std::move(text), DetailText(payload)};
  Result<std::int64_t> id = ctx.txn().InsertAlert(alert);
  if (!id.ok()) return id.status();
  alert.id = *id;
  KRABUAN_RETURN_IF_ERROR(AppendAudit(ctx.txn(), alert.created_at, "", audit_kind::kAlert,
                                      "alert " + std::to_string(alert.id), AlertDigest(alert)));
  history["alert"] = *id;
  // A reminder changes nothing of the case; an escalation has just updated the task.
  if (kind == "reminder") return ctx.RecordAbout("reminder-alerted", task.node_id, task.id, DetailText(history));
  return ctx.Record("task-escalated", task.node_id, task.id, DetailText(history));
}

Status Remind(CommandContext& ctx, const TaskRecord& task) {
  if (ctx.now() >= *task.due_at) return Status::Ok();   // late already: the overdue alert says so
  auto left = std::chrono::duration_cast<std::chrono::seconds>(*task.due_at - ctx.now());
  std::string text = "เตือนก่อนกำหนด: " + CaseText(ctx, task) + "; เหลือเวลา " + DescribeLateness(left);
  json payload = Payload(ctx, task, "reminder");
  payload["remaining_seconds"] = left.count();
  return Alert(ctx, task, "reminder", std::move(text), payload, json{{"remaining_seconds", left.count()}});
}

Status Escalate(CommandContext& ctx, TaskRecord task) {
  const Org& org = ctx.org();
  // Late work goes to the role the org file says oversees the group (Org::OverseeingRole).
  const Role* overseer = org.OverseeingRole();
  const ActingOrder* order = overseer != nullptr ? OrderFor(org, overseer->id) : nullptr;
  const User* director = order != nullptr ? Principal(org, *order) : nullptr;
  auto late = std::chrono::duration_cast<std::chrono::seconds>(ctx.now() - *task.due_at);
  auto unreached = [&](const std::string& why) {
    return ctx.RecordAbout("escalation-unreached", task.node_id, task.id, DetailText(json{{"reason", why}}));
  };
  if (overseer == nullptr) return unreached("the org file marks no role oversees=\"true\"");
  if (director == nullptr) return unreached("the org file names no holder of role '" + overseer->id + "'");

  Date today = OfficeDate(ctx.now());
  Result<bool> absent = ctx.txn().IsAbsent(director->login, today);
  if (!absent.ok()) return absent.status();
  StandIn target{director->login, 0};
  if (*absent || IsPrincipalsTask(*order, *director, task) || task.acting_for == director->login) {
    // The director cannot take it (away, or it is theirs already): the acting order decides.
    Result<std::optional<StandIn>> officer = FirstPresentOfficer(ctx.txn(), org, *order, today, task.assignee);
    if (!officer.ok()) return officer.status();
    if (!officer->has_value()) {
      return unreached("the group director " + director->login + (*absent ? " is absent" : " holds it") +
                       " and no acting officer is present");
    }
    target = **officer;
  }
  task.escalated_to = target.login;
  KRABUAN_RETURN_IF_ERROR(ctx.txn().UpdateTask(task));

  std::string acting = *absent ? " รักษาราชการแทน " + Describe(org, director->login) : "";
  std::string text = "งานเกินกำหนดส่งต่อถึง " + Describe(org, target.login) + acting + ": " + CaseText(ctx, task) +
                     "; เกินกำหนด " + DescribeLateness(late);
  json payload = Payload(ctx, task, "escalation");
  payload["escalated_to"] = target.login;
  payload["late_seconds"] = late.count();
  json history = {{"to", target.login}, {"late_seconds", late.count()}};
  if (target.rank > 0) history["rank"] = target.rank;
  if (*absent) {
    payload["acting_for"] = director->login;
    history["acting_for"] = director->login;
  }
  return Alert(ctx, task, "escalation", std::move(text), payload, history);
}

}  // namespace

TimeSpec ReminderLead(const Node& node) { return node.remind ? *node.remind : WorkingDays(3, "3 วันทำการ"); }
TimeSpec EscalationGrace(const Node& node) {
  return node.escalate_after ? *node.escalate_after : WorkingDays(2, "2 วันทำการ");
}

Instant ShiftBySpan(Instant due, const Duration& span, int sign, const HolidayCalendar& holidays) {
  if (span.counts_working_days()) {
    Date day = OfficeDate(due);
    auto time_of_day = due - OfficeStartOfDay(day);
    Date moved = sign > 0 ? holidays.AddWorkingDays(day, span.working_days) : holidays.LatestStartFor(day, span.working_days);
    return OfficeStartOfDay(moved) + time_of_day;
  }
  return due + sign * (std::chrono::days(span.days) + std::chrono::seconds(span.seconds));
}

Status SetReminderAndEscalation(CommandContext& ctx, const Node& node, const TaskRecord& task) {
  auto set = [&](TimerKind kind, Instant at) {
    return ctx.txn()
        .InsertTimer(TimerRecord{0, at, kind, ctx.instance().id, task.token_id, node.id, "", task.id})
        .status();
  };
  TimeSpec lead = ReminderLead(node);
  if (lead.kind == TimeSpec::Kind::kDuration && !lead.duration.is_zero()) {
    Instant at = ShiftBySpan(*task.due_at, lead.duration, -1, ctx.holidays());
    if (at > ctx.now()) KRABUAN_RETURN_IF_ERROR(set(TimerKind::kReminder, at));
  }
  TimeSpec grace = EscalationGrace(node);
  if (grace.kind == TimeSpec::Kind::kDuration) {
    KRABUAN_RETURN_IF_ERROR(set(TimerKind::kEscalate, ShiftBySpan(*task.due_at, grace.duration, +1, ctx.holidays())));
  }
  return Status::Ok();
}

Status FireTaskTimer(CommandContext& ctx, const TimerRecord& timer) {
  Result<std::optional<TaskRecord>> task = ctx.txn().FindTask(timer.task_id);
  if (!task.ok()) return task.status();
  if (!task->has_value() || (*task)->state != TaskState::kOpen || !(*task)->due_at) return Status::Ok();
  if (timer.kind == TimerKind::kReminder) return Remind(ctx, **task);
  return Escalate(ctx, **task);
}

const User* Principal(const Org& org, const ActingOrder& order) {
  for (const User& u : org.users()) {
    if (!u.position.empty() && org.HasRole(u, order.role)) return &u;
  }
  return nullptr;
}

Result<std::optional<StandIn>> FirstPresentOfficer(StoreTransaction& txn, const Org& org, const ActingOrder& order,
                                                   Date day, std::string_view exclude) {
  for (std::size_t i = 0; i < order.positions.size(); ++i) {
    const Position* p = org.FindPosition(order.positions[i]);
    if (p == nullptr || p->login.empty() || p->login == exclude) continue;
    Result<bool> absent = txn.IsAbsent(p->login, day);
    if (!absent.ok()) return absent.status();
    if (!*absent) return std::optional<StandIn>(StandIn{p->login, static_cast<int>(i) + 1});
  }
  return std::optional<StandIn>();
}

Status RouteAroundAbsence(StoreTransaction& txn, const Org& org, Instant now, TaskRecord& task) {
  Date today = OfficeDate(now);
  for (const ActingOrder& order : org.acting_orders()) {
    const User* principal = Principal(org, order);
    if (principal == nullptr || !IsPrincipalsTask(order, *principal, task)) continue;
    Result<bool> absent = txn.IsAbsent(principal->login, today);
    if (!absent.ok()) return absent.status();
    if (!*absent) continue;
    Result<std::optional<StandIn>> officer = FirstPresentOfficer(txn, org, order, today, "");
    if (!officer.ok()) return officer.status();
    if (!officer->has_value()) continue;
    task.assignee = (*officer)->login;
    task.acting_for = principal->login;
    return Status::Ok();
  }
  return Status::Ok();
}

namespace {

// The principals `login` stands in for today: absent, with `login` their first present officer.
Result<std::vector<std::pair<const ActingOrder*, const User*>>> StandingInFor(StoreTransaction& txn, const Org& org,
                                                                              const std::string& login, Instant now) {
  std::vector<std::pair<const ActingOrder*, const User*>> out;
  Date today = OfficeDate(now);
  for (const ActingOrder& order : org.acting_orders()) {
    const User* principal = Principal(org, order);
    if (principal == nullptr || principal->login == login) continue;
    Result<bool> absent = txn.IsAbsent(principal->login, today);
    if (!absent.ok()) return absent.status();
    if (!*absent) continue;
    Result<std::optional<StandIn>> officer = FirstPresentOfficer(txn, org, order, today, "");
    if (!officer.ok()) return officer.status();
    if (officer->has_value() && (*officer)->login == login) out.emplace_back(&order, principal);
  }
  return out;
}

}  // namespace

Status AddDelegatedTasks(StoreTransaction& txn, const Org& org, const std::string& login, Instant now, TaskQuery& q) {
  q.escalated_to = login;
  auto standing = StandingInFor(txn, org, login, now);
  if (!standing.ok()) return standing.status();
  // What IsPrincipalsTask accepts, asked of the store.
  for (const auto& [order, principal] : *standing) q.principals.emplace_back(principal->login, order->role);
  return Status::Ok();
}

Result<std::optional<ActingAs>> StandInCapacity(StoreTransaction& txn, const Org& org, const User& user,
                                                const TaskRecord& task, Instant now) {
  auto standing = StandingInFor(txn, org, user.login, now);
  if (!standing.ok()) return standing.status();
  for (const auto& [order, principal] : *standing) {
    if (IsPrincipalsTask(*order, *principal, task)) {
      return std::optional<ActingAs>(ActingAs{user.login, task.role, ActingCapacity::kActing, principal->login});
    }
  }
  if (!task.escalated_to.empty() && task.escalated_to == user.login) {
    return std::optional<ActingAs>(ActingAs{user.login, task.role, ActingCapacity::kEscalated});
  }
  return std::optional<ActingAs>();
}

}  // namespace krabuan
