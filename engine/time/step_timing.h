// The dates of one task step given what came before it: the one rule by which the engine
// sets a task's window and due and by which `plan` prints them, so the two cannot differ.
//
//   StepBefore before{now, fiscal_year, chain, box_fixed, &holidays};
//   Result<StepTiming> t = ResolveStep({&node.due, &box->due, &node.cutoff}, before);
//   if (t->waits_for_window) { /* a window timer at t->opens; call again then */ }
//   else { /* open the tasks with t->due; keep t->window_start and a newly fixed box */ }
//
// How the parts combine (README "Time expressions"):
// - The step's own time is resolved when the token arrives, with the rule 5.4 chain so
//   far. A window that has not opened makes the step wait for it; its tasks open then, and
//   the own time is resolved again at that moment with the chain the step itself moved
//   (which leaves a window where it was, and counts a duration inside a window from the
//   window's first day).
// - A time box's deadline is fixed by the first of its steps to open, resolved as that step
//   opens and after its own time (so a box written as a window chains after the step's).
//   The step's due is the earlier of its own and its box's.
// - Work per item's cut-off is resolved as the tasks open; it reads the chain and does not
//   move it. Timers of the task read the chain after the step, too.
// Calling again at `opens` with the chain kept while waiting gives the same dates: the
// engine does that when the window timer fires, and `plan` calls once.
#pragma once

#include <optional>

#include "engine/status.h"
#include "engine/time/schedule.h"

namespace krabuan {

// The time expressions of one task step. Not owned; `due` is required.
struct StepTimes {
  const TimeSpec* due = nullptr;       // the step's own
  const TimeSpec* timebox = nullptr;   // its time box's deadline; null: in no box
  const TimeSpec* cutoff = nullptr;    // work per item: when to stop waiting; null or kNone: none
};

// What came before the step.
struct StepBefore {
  Instant arrival{};                           // its token arrives (the previous step finished)
  FiscalYear fiscal_year;                      // the instance's fiscal year
  std::optional<Date> window_start;            // rule 5.4: the chain so far
  std::optional<Instant> timebox_due;          // its box's deadline, if an earlier step fixed it
  const HolidayCalendar* holidays = nullptr;   // required for working days; not owned
};

struct StepTiming {
  Resolved own;                           // the step's own time, as its tasks open
  bool waits_for_window = false;          // its window opens after the arrival
  Instant opens{};                        // its tasks open: at the arrival, or when the window opens
  std::optional<Date> chain_while_waiting;  // the rule 5.4 chain to keep while it waits
  std::optional<Instant> due;             // the earlier of its own deadline and its box's
  std::optional<Instant> timebox_due;     // its box's deadline, as given or fixed by this step
  bool fixes_timebox = false;             // this step is its box's first: keep timebox_due
  std::optional<Instant> cutoff;          // work per item: the cut-off moment
  std::optional<Date> window_start;       // the chain after the step (next steps, its timers)
};

// Errors (Invalid), naming the expression: "time '15 วันทำการ': working days …".
Result<StepTiming> ResolveStep(const StepTimes& times, const StepBefore& before);

struct WaitTiming {
  Instant until{};                     // the token goes on (already passed: at once)
  std::optional<Date> window_start;    // the chain after the wait
};

// A wait step: until a fixed instant `at`, else until `wait` opens (a window, a day) or
// ends (a span from the arrival). Invalid when `wait` names no moment.
Result<WaitTiming> ResolveWait(const TimeSpec& wait, std::optional<Instant> at, const StepBefore& before);

}  // namespace krabuan
