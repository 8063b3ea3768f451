// The timing table of a procedure, regenerated from its process file for one fiscal
// year: each step, who does it, its window and its due date, as the manual's
// ระยะเวลา/ปฏิทินการปฏิบัติงาน table shows them.
//
//   Result<Plan> plan = PlanProcess(def, &org, holidays, FiscalYear{2568}, start);
//   for (const PlannedStep& s : plan->steps) std::cout << s.name << " " << s.when << "\n";
//
// Steps are the process's tasks in flow order (a walk from the start that ignores flows
// back to earlier steps, i.e. the path without revisions). Each step is dated by the rule
// the engine dates its tasks by (ResolveStep: its window by rule 5.4, its time box fixed
// when the box's first step opens, its cut-off), from when the step before it finishes;
// a wait by ResolveWait. The plan assumes that each step finishes at its due, so the next
// one starts when the time it was given is spent ("15 วัน", then "2 เดือน", then a time
// box's "2 เดือน" follow one another), with these exceptions: a step with no due, or one
// whose due is the fiscal year's end because it runs through the year (ตลอดปีงบประมาณ,
// ตลอดปี, weekly), finishes as it opens (the next steps run alongside it); a step due by its
// time box whose next step on the line is in the same box finishes as it opens too, so the
// box's steps share its time and the last spends it; work per item finishes at its cut-off
// when that comes first. Parallel branches start together and a
// join goes on after the last. At a choice the main line takes the first branch that goes
// forward (an approval); the other branches are planned from the choice, off the main line,
// and a step both reach keeps the main line's dates. Timers' flows are off the main line,
// from when the timer first fires. A case driven along the main line, each task completed
// at its `done`, gets exactly the plan's windows and dues (tests/processes/plan_agrees_test).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/model/process_definition.h"
#include "engine/org/org.h"
#include "engine/status.h"
#include "engine/time/schedule.h"

namespace krabuan {

struct PlannedStep {
  int number = 0;                 // 1-based, in plan order
  std::string node_id;
  std::string name;
  std::string role;               // role id, or the assignee for an assigned task
  std::string actor;              // the role's Thai name (or the role id when unknown)
  bool per_school = false;        // work per item (for-each)
  std::string timing;             // the due expression as written
  std::string when;               // for people: "1 ส.ค. 2568 – 31 ส.ค. 2568", "ภายใน 30 ก.ย. 2568"
  Instant ready{};                // when the step can start on this plan (the one before is done)
  std::optional<Instant> opens;   // its window opens (none: when ready)
  Instant begins{};               // its tasks open: when ready, or later when its window opens
  std::optional<Instant> due;     // none: no deadline
  Instant done{};                 // when this plan takes it to be finished (see above)
  bool infeasible = false;        // a duration that cannot fit before its deadline
  bool main_line = true;          // on the main line (false: a branch off it, a timer's flow)
  // The step runs only for some choices of an enumerated input or field: "ประเภทงบประมาณ:
  // งบลงทุน" (the variable's label or name, then the choices' labels). Empty: always.
  std::string options;
};

struct Plan {
  std::string process_id;
  std::string name;
  FiscalYear fiscal_year;
  Instant start{};
  std::vector<PlannedStep> steps;
};

// Plans `def` for fiscal year `fy` from `start`. `org` names the actors (may be null).
// Invalid when a time expression cannot be resolved (e.g. working days past the calendar).
Result<Plan> PlanProcess(const ProcessDefinition& def, const Org* org, const HolidayCalendar& holidays,
                         FiscalYear fy, Instant start);

}  // namespace krabuan
