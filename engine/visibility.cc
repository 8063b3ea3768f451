#include "engine/visibility.h"

#include <algorithm>
#include <set>

namespace krabuan {

bool ReadsOwnWorkOnly(const Org& org, const User& user) {
  const std::vector<School>& schools = org.schools();
  return std::any_of(schools.begin(), schools.end(), [&](const School& s) { return s.login == user.login; });
}

bool OwnsTask(const User& user, const TaskRecord& task) {
  return (!task.item.empty() && task.item == user.login) || (!task.assignee.empty() && task.assignee == user.login);
}

Status NarrowToOwnWork(InstanceView& view, const User& user, const std::vector<TaskRecord>& tasks) {
  std::set<TaskId> own;
  for (const TaskRecord& t : tasks) {
    if (OwnsTask(user, t)) own.insert(t.id);
  }
  if (own.empty()) {
    return Status::Refused("'" + user.login + "' reads only the cases it takes part in; instance " +
                           std::to_string(view.instance.id) + " is not one of them");
  }
  std::erase_if(view.open_tasks, [&](const TaskView& t) { return !own.count(t.task.id); });
  std::vector<Waiting> waiting;
  for (Waiting& w : view.waiting) {
    std::erase_if(w.tasks, [&](TaskId t) { return !own.count(t); });
    if (w.tasks.empty()) continue;   // another's step: not the school's to see
    if (w.kind == Waiting::Kind::kItems) std::erase_if(w.missing, [&](const std::string& m) { return m != user.login; });
    waiting.push_back(std::move(w));
  }
  view.waiting = std::move(waiting);
  // Its own items' values only: <step>.<login>.<field>.
  const std::string infix = "." + user.login + ".";
  for (auto it = view.variables.begin(); it != view.variables.end();) {
    it = it->first.find(infix) == std::string::npos ? view.variables.erase(it) : std::next(it);
  }
  std::erase_if(view.history, [&](const HistoryRecord& h) { return !own.count(h.task_id); });
  return Status::Ok();
}

}  // namespace krabuan
