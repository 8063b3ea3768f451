#include "engine/plan/plan.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "engine/model/choice_options.h"

namespace krabuan {
namespace {

// Where a token can go from `n`: its flows, then its timers' flows.
std::vector<std::string> Successors(const Node& n) {
  std::vector<std::string> out = n.to;
  for (const TimerBoundary& b : n.boundaries) out.push_back(b.to);
  return out;
}

// Flows that go back to a node already on the walk's path (revise-and-resubmit loops).
std::set<std::pair<std::string, std::string>> BackEdges(const ProcessDefinition& def) {
  std::set<std::pair<std::string, std::string>> back;
  std::set<std::string> done, on_path;
  std::function<void(const Node&)> visit = [&](const Node& n) {
    on_path.insert(n.id);
    for (const std::string& to : Successors(n)) {
      if (on_path.count(to)) {
        back.emplace(n.id, to);
      } else if (!done.count(to)) {
        if (const Node* next = def.FindNode(to)) visit(*next);
      }
    }
    on_path.erase(n.id);
    done.insert(n.id);
  };
  visit(def.start());
  return back;
}

// The nodes in an order where every forward flow goes from earlier to later; among
// nodes ready at once, the one written first in the file comes first.
std::vector<const Node*> FlowOrder(const ProcessDefinition& def,
                                   const std::set<std::pair<std::string, std::string>>& back) {
  std::map<std::string, int> pending;   // forward flows not yet seen, per node
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < def.nodes().size(); ++i) position[def.nodes()[i].id] = i;
  for (const Node& n : def.nodes()) {
    for (const std::string& to : Successors(n)) {
      if (!back.count({n.id, to})) ++pending[to];
    }
  }
  auto by_position = [&](const Node* a, const Node* b) { return position[a->id] > position[b->id]; };
  std::vector<const Node*> ready{&def.start()}, order;
  std::set<std::string> placed;
  while (!ready.empty()) {
    std::sort(ready.begin(), ready.end(), by_position);
    const Node* n = ready.back();
    ready.pop_back();
    if (!placed.insert(n->id).second) continue;
    order.push_back(n);
    std::vector<std::string> successors = Successors(*n);
    std::set<std::string> targets(successors.begin(), successors.end());
    for (const std::string& to : targets) {
      if (back.count({n->id, to})) continue;
      int count = 0;
      for (const std::string& t : successors) count += (t == to);
      if ((pending[to] -= count) <= 0) {
        if (const Node* next = def.FindNode(to)) ready.push_back(next);
      }
    }
  }
  return order;
}

// Where the plan stands when a node is reached: the time and the rule 5.4 chain.
struct Point {
  Instant time{};
  std::optional<Date> window_start;
  std::string options;   // the choices that lead here, when a choice over an enumerated variable does
};

bool IsSpan(const TimeSpec& t) {
  return t.kind == TimeSpec::Kind::kDuration || t.kind == TimeSpec::Kind::kDurationWithin;
}

}  // namespace

Result<Plan> PlanProcess(const ProcessDefinition& def, const Org* org, const HolidayCalendar& holidays,
                         FiscalYear fy, Instant start) {
  Plan plan{def.id(), def.name(), fy, start, {}};
  std::set<std::pair<std::string, std::string>> back = BackEdges(def);
  std::map<std::string, Point> reached;   // the latest arrival at each node
  reached[def.start().id] = Point{start, std::nullopt};
  std::map<std::string, Instant> box_due;

  auto resolve = [&](const TimeSpec& spec, const Point& at) -> Result<Resolved> {
    TimeContext tc;
    tc.start = at.time;
    tc.fiscal_year = fy;
    tc.previous_window_start = at.window_start;
    tc.holidays = &holidays;
    Result<Resolved> r = Resolve(spec, tc);
    if (!r.ok()) return Status::Invalid("'" + spec.source + "': " + r.status().message());
    return r;
  };

  for (const Node* n : FlowOrder(def, back)) {
    auto it = reached.find(n->id);
    if (it == reached.end()) continue;   // not reachable going forward
    Point here = it->second;
    Point leave = here;
    if (n->kind == NodeKind::kTask) {
      Result<Resolved> r = resolve(n->due, here);
      if (!r.ok()) return Status::Invalid("step '" + n->id + "': " + r.status().message());
      PlannedStep s;
      s.number = static_cast<int>(plan.steps.size()) + 1;
      s.node_id = n->id;
      s.name = n->name;
      s.role = n->role.empty() ? n->assignee : n->role;
      const Role* role = org != nullptr ? org->FindRole(n->role) : nullptr;
      s.actor = role != nullptr ? role->name : s.role;
      s.per_school = !n->for_each.empty();
      s.timing = n->due.source;
      s.ready = here.time;
      s.opens = r->not_before;
      s.due = r->due;
      s.infeasible = r->infeasible;
      s.options = here.options;
      if (!n->timebox.empty()) {
        // A shared time box: its deadline is fixed by its first step.
        if (const Timebox* box = def.FindTimebox(n->timebox)) {
          if (!box_due.count(box->id)) {
            Result<Resolved> b = resolve(box->due, here);
            if (!b.ok()) return Status::Invalid("time box '" + box->id + "': " + b.status().message());
            if (b->due) box_due[box->id] = *b->due;
          }
          if (box_due.count(box->id) && (!s.due || box_due[box->id] < *s.due)) s.due = box_due[box->id];
          if (s.timing.empty()) s.timing = box->due.source;
        }
      }
      s.when = DescribeResolved(n->due, *r);
      if (n->due.kind == TimeSpec::Kind::kNone && s.due) s.when = "ภายใน " + FormatThaiDate(OfficeDate(*s.due));
      if (r->window_start) leave.window_start = r->window_start;
      Instant begins = s.opens && *s.opens > here.time ? *s.opens : here.time;
      leave.time = IsSpan(n->due) && s.due ? *s.due : begins;
      plan.steps.push_back(std::move(s));
      // A step a timer leads to is reached when the timer first fires.
      for (const TimerBoundary& b : n->boundaries) {
        if (back.count({n->id, b.to})) continue;
        Result<std::optional<Instant>> fires = b.FirstFiring(
            begins, [&](const TimeSpec& spec) { return resolve(spec, Point{begins, here.window_start}); });
        if (!fires.ok()) return Status::Invalid("step '" + n->id + "', timer '" + b.id + "': " + fires.status().message());
        Point at{fires->value_or(begins), here.window_start};
        auto [pos, inserted] = reached.emplace(b.to, at);
        if (!inserted && at.time > pos->second.time) pos->second = at;
      }
    } else if (n->kind == NodeKind::kWait && n->wait_at) {
      if (*n->wait_at > leave.time) leave.time = *n->wait_at;
    } else if (n->kind == NodeKind::kWait) {
      Result<Resolved> r = resolve(n->wait, here);
      if (!r.ok()) return Status::Invalid("wait '" + n->id + "': " + r.status().message());
      std::optional<Instant> until = r->not_before ? r->not_before : r->due;
      if (until && *until > leave.time) leave.time = *until;
      if (r->window_start) leave.window_start = r->window_start;
    }
    std::optional<ChoiceOptions> choice = AnalyseChoiceOptions(def, *n);
    for (std::size_t k = 0; k < n->to.size(); ++k) {
      const std::string& to = n->to[k];
      if (back.count({n->id, to})) continue;
      Point next = leave;
      if (choice) {
        const VariableDecl& v = *choice->variable;
        next.options = (v.label.empty() ? v.name : v.label) + ": " +
                       OptionLabels(k < choice->branches.size() ? choice->branches[k] : choice->unhandled);
      }
      auto [pos, inserted] = reached.emplace(to, next);
      if (inserted) continue;
      bool same_options = pos->second.options == next.options;
      if (next.time > pos->second.time) pos->second = next;   // a join waits for the latest
      if (!same_options) pos->second.options.clear();          // reached whichever way the choice went
    }
  }
  return plan;
}

}  // namespace krabuan
