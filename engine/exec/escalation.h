// Reminders before a task's due time, escalation after it, and acting officers who stand
// in for an absent holder of a role with an acting order (the group director, คนที่ ๑–๕).
//
// What escalation grants: the person a late task reached sees it in their `tasks` list
// and may claim, complete or reassign it, as a supervisor does; the task also stays with
// its holder, who may still finish it. An acting officer, for the days the director is
// absent, sees the director's open tasks and may act on them as the director would; the
// history names whom they acted for.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/exec/command_context.h"
#include "engine/model/process_definition.h"
#include "engine/org/org.h"
#include "engine/runtime/records.h"
#include "engine/status.h"
#include "engine/store/store.h"

namespace krabuan {

// A task's reminder lead and escalation grace: its own, else its process's, else the
// engine's defaults ("3 วันทำการ" and "2 วันทำการ"). Kind kNone: switched off.
TimeSpec ReminderLead(const Node& node);
TimeSpec EscalationGrace(const Node& node);

// Moves `due` back (sign -1) or forward (+1) by a span of days, working days (counted
// with `holidays`, keeping the time of day) or hours and minutes.
Instant ShiftBySpan(Instant due, const Duration& span, int sign, const HolidayCalendar& holidays);

// The reminder and escalation timers of a task that was just opened with a due time; a
// reminder whose moment has already passed is not set. REQUIRES: task.id and task.due_at.
Status SetReminderAndEscalation(CommandContext& ctx, const Node& node, const TaskRecord& task);

// Fires a "reminder" or "escalate" timer: nothing when its task is no longer open. A
// reminder whose task is already late raises nothing (the overdue alert speaks for it).
Status FireTaskTimer(CommandContext& ctx, const TimerRecord& timer);

// The holder of an acting order's role (the group director), or nullptr.
const User* Principal(const Org& org, const ActingOrder& order);

struct StandIn {
  std::string login;
  int rank = 0;   // 1..5 in the acting order
};

// The first acting officer of `order` present on `day` other than `exclude`; nullopt when
// every one is absent (or excluded).
Result<std::optional<StandIn>> FirstPresentOfficer(StoreTransaction& txn, const Org& org, const ActingOrder& order,
                                                   Date day, std::string_view exclude);

// A new task for an absent principal goes to the first present acting officer instead:
// sets task.assignee and task.acting_for. Unchanged when nobody can stand in.
Status RouteAroundAbsence(StoreTransaction& txn, const Org& org, Instant now, TaskRecord& task);

// Adds to `q` the open tasks `login` may act on beyond their own roles: those escalated
// to them, and the absent principal's while they are the acting officer.
Status AddDelegatedTasks(StoreTransaction& txn, const Org& org, const std::string& login, Instant now, TaskQuery& q);

// How `user` may act on `task` as the one it was escalated to ("escalated") or as the
// acting officer of its absent holder ("acting", with acting_for); nullopt when neither.
Result<std::optional<ActingAs>> StandInCapacity(StoreTransaction& txn, const Org& org, const User& user,
                                                const TaskRecord& task, Instant now);

}  // namespace krabuan
