#include "engine/plan/plan.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "engine/model/choice_options.h"
#include "engine/time/step_timing.h"

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

// Where the plan stands when a node is reached: the time, the rule 5.4 chain and the time
// boxes fixed on the way, and whether the way is the main line.
struct Point {
  Instant time{};
  std::optional<Date> window_start;
  std::map<std::string, Instant> boxes;
  bool main_line = true;
  std::string options;   // the choices that lead here, when a choice over an enumerated variable does
};

// A token arriving at `node` by one more way. The main line is kept over a way off it. Ways
// into a join all come (parallel branches): it goes on at the latest, with every box fixed
// on any of them (the earliest deadline where two fixed the same). Other ways in are
// alternatives: the latest is kept.
void Arrive(std::map<std::string, Point>& reached, const Node* node, Point p) {
  if (node == nullptr) return;
  auto [it, inserted] = reached.emplace(node->id, p);
  if (inserted) return;
  Point& was = it->second;
  // Reached whichever way an enumerated choice went: the step is not only for some options.
  if (was.options != p.options) {
    was.options.clear();
    p.options.clear();
  }
  if (was.main_line != p.main_line) {
    if (p.main_line) was = std::move(p);
    return;
  }
  if (node->kind == NodeKind::kJoin) {
    for (const auto& [box, due] : was.boxes) {
      auto [b, fresh] = p.boxes.emplace(box, due);
      if (!fresh && due < b->second) b->second = due;
    }
    if (p.time < was.time) {
      p.time = was.time;
      p.window_start = was.window_start;
    }
    was = std::move(p);
  } else if (p.time > was.time) {
    was = std::move(p);
  }
}

// Work that runs through the fiscal year (ตลอดปีงบประมาณ, ตลอดปี, weekly through the year).
bool RunsThroughTheYear(const TimeSpec& t) {
  return t.kind == TimeSpec::Kind::kFiscalYearEnd ||
         (t.kind == TimeSpec::Kind::kRecurrence && t.recurrence.kind == Recurrence::Kind::kWeekly &&
          t.recurrence.within_fiscal_year);
}

// The task the main line comes to next after task `n`, through choices (their first
// branch that goes forward) and joins; none past a fork, a wait or an end.
const Node* NextTaskOnLine(const ProcessDefinition& def, const std::set<std::pair<std::string, std::string>>& back,
                           const Node& n) {
  const Node* at = &n;
  for (std::size_t hops = 0; hops <= def.nodes().size(); ++hops) {
    const Node* next = nullptr;
    for (const std::string& to : at->to) {
      if (back.count({at->id, to})) continue;
      next = def.FindNode(to);
      break;
    }
    if (next == nullptr || next->kind == NodeKind::kTask) return next;
    if (next->kind != NodeKind::kChoice && next->kind != NodeKind::kInclusive && next->kind != NodeKind::kJoin) {
      return nullptr;
    }
    at = next;
  }
  return nullptr;
}

// When the plan takes task `n` to be finished (see plan.h).
Instant AssumedDone(const Node& n, const Timebox* box, const Node* next, const StepTiming& t) {
  Instant done = t.opens;
  if (t.due && *t.due > t.opens) {
    bool by_box = box != nullptr && t.timebox_due == t.due;
    bool box_goes_on = by_box && next != nullptr && next->timebox == box->id;
    if (!RunsThroughTheYear(by_box ? box->due : n.due) && !box_goes_on) done = *t.due;
  }
  if (t.cutoff && *t.cutoff < done) done = std::max(*t.cutoff, t.opens);
  return done;
}

}  // namespace

Result<Plan> PlanProcess(const ProcessDefinition& def, const Org* org, const HolidayCalendar& holidays,
                         FiscalYear fy, Instant start) {
  Plan plan{def.id(), def.name(), fy, start, {}};
  std::set<std::pair<std::string, std::string>> back = BackEdges(def);
  std::map<std::string, Point> reached;   // how each node is reached (Arrive)
  reached[def.start().id].time = start;

  auto before_at = [&](const Point& at) {
    StepBefore b;
    b.arrival = at.time;
    b.fiscal_year = fy;
    b.window_start = at.window_start;
    b.holidays = &holidays;
    return b;
  };

  for (const Node* n : FlowOrder(def, back)) {
    auto it = reached.find(n->id);
    if (it == reached.end()) continue;   // not reachable going forward
    const Point here = it->second;
    Point leave = here;
    if (n->kind == NodeKind::kTask) {
      const Timebox* box = n->timebox.empty() ? nullptr : def.FindTimebox(n->timebox);
      StepBefore before = before_at(here);
      if (box != nullptr) {
        if (auto b = here.boxes.find(box->id); b != here.boxes.end()) before.timebox_due = b->second;
      }
      Result<StepTiming> t = ResolveStep({&n->due, box != nullptr ? &box->due : nullptr, &n->cutoff}, before);
      if (!t.ok()) return Status::Invalid("step '" + n->id + "': " + t.status().message());
      PlannedStep s;
      s.number = static_cast<int>(plan.steps.size()) + 1;
      s.node_id = n->id;
      s.name = n->name;
      s.role = n->role.empty() ? n->assignee : n->role;
      const Role* role = org != nullptr ? org->FindRole(n->role) : nullptr;
      s.actor = role != nullptr ? role->name : s.role;
      s.per_school = !n->for_each.empty();
      s.timing = n->due.source;
      if (s.timing.empty() && box != nullptr) s.timing = box->due.source;
      s.ready = here.time;
      s.opens = t->own.not_before;
      s.begins = t->opens;
      s.due = t->due;
      s.done = AssumedDone(*n, box, NextTaskOnLine(def, back, *n), *t);
      s.infeasible = t->own.infeasible;
      s.main_line = here.main_line;
      s.options = here.options;
      s.when = DescribeResolved(n->due, t->own);
      if (n->due.kind == TimeSpec::Kind::kNone && s.due) s.when = "ภายใน " + FormatThaiDate(OfficeDate(*s.due));
      leave.time = s.done;
      leave.window_start = t->window_start;
      if (t->fixes_timebox) leave.boxes[box->id] = *t->timebox_due;
      // A step a timer leads to is reached, off the main line, when the timer first fires.
      for (const TimerBoundary& b : n->boundaries) {
        if (back.count({n->id, b.to})) continue;
        Result<std::optional<Instant>> fires = b.FirstFiring(s.begins, [&](const TimeSpec& spec) -> Result<Resolved> {
          TimeContext tc;
          tc.start = s.begins;
          tc.fiscal_year = fy;
          tc.previous_window_start = t->window_start;
          tc.holidays = &holidays;
          Result<Resolved> r = Resolve(spec, tc);
          if (!r.ok()) return Status::Invalid("'" + spec.source + "': " + r.status().message());
          return r;
        });
        if (!fires.ok()) return Status::Invalid("step '" + n->id + "', timer '" + b.id + "': " + fires.status().message());
        Point fired = leave;
        fired.time = fires->value_or(s.begins);
        fired.main_line = false;
        Arrive(reached, def.FindNode(b.to), fired);
      }
      plan.steps.push_back(std::move(s));
    } else if (n->kind == NodeKind::kWait) {
      Result<WaitTiming> w = ResolveWait(n->wait, n->wait_at, before_at(here));
      if (!w.ok()) return Status::Invalid("wait '" + n->id + "': " + w.status().message());
      leave.time = std::max(w->until, here.time);
      leave.window_start = w->window_start;
    }
    // The main line goes on along every flow, except at a choice: there along its first
    // branch that goes forward (an inclusive choice: every `when`), the others off it.
    std::optional<ChoiceOptions> choice = AnalyseChoiceOptions(def, *n);
    bool first_forward = true;
    for (std::size_t k = 0; k < n->to.size(); ++k) {
      const std::string& to = n->to[k];
      if (back.count({n->id, to})) continue;
      Point p = leave;
      if (n->kind == NodeKind::kChoice) {
        p.main_line = leave.main_line && first_forward;
        first_forward = false;
      } else if (n->kind == NodeKind::kInclusive && n->otherwise && to == *n->otherwise) {
        p.main_line = false;
      }
      if (choice) {
        const VariableDecl& v = *choice->variable;
        p.options = (v.label.empty() ? v.name : v.label) + ": " +
                    OptionLabels(k < choice->branches.size() ? choice->branches[k] : choice->unhandled);
      }
      Arrive(reached, def.FindNode(to), p);
    }
  }
  return plan;
}

}  // namespace krabuan
