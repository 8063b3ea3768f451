// Who may read what (README, "Who sees what"). Administrators and the group's staff read
// every case. A school reads only the cases it takes part in (a task of the case is one of
// its items or is assigned to it) and, of those, the case's header, its own tasks, its own
// items' values (<step>.<school>.<field>) and the history rows of its own tasks: never
// another school's requested amounts.
#pragma once

#include <string>
#include <vector>

#include "engine/org/org.h"
#include "engine/runtime/records.h"
#include "engine/status.h"
#include "engine/views.h"

namespace krabuan {

// True for a school's login: it reads only its own work.
bool ReadsOwnWorkOnly(const Org& org, const User& user);

// The task is the user's own: one of its items, or assigned to it.
bool OwnsTask(const User& user, const TaskRecord& task);

// Narrows `view` to what a school may read of it; `tasks` are every task of the case, in
// any state. Refused, naming the school and the case, when it takes no part in it.
Status NarrowToOwnWork(InstanceView& view, const User& user, const std::vector<TaskRecord>& tasks);

}  // namespace krabuan
