// The timing table of a procedure, regenerated from its process file for one fiscal
// year: each step, who does it, its window and its due date, as the manual's
// ระยะเวลา/ปฏิทินการปฏิบัติงาน table shows them.
//
//   Result<Plan> plan = PlanProcess(def, &org, holidays, FiscalYear{2568}, start);
//   for (const PlannedStep& s : plan->steps) std::cout << s.name << " " << s.when << "\n";
//
// Steps are the process's tasks in flow order (a depth-first walk from the start that
// ignores flows back to earlier steps, i.e. the path without revisions). A step is ready
// when every step before it on that path is: at once for a step with a window or a
// fiscal-year deadline (it may run alongside), at its due for a step with a duration (the
// manual's "15 วัน" then "2 เดือน" follow one another). Month windows chain by rule 5.4.
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
  Instant ready{};                // when the step can start on this plan
  std::optional<Instant> opens;   // its window opens (none: when ready)
  std::optional<Instant> due;     // none: no deadline
  bool infeasible = false;        // a duration that cannot fit before its deadline
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
