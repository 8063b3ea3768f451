// Recurring starts: a process with recurs="ทุกปี พฤษภาคม" starts itself at each occurrence.
//
// Deploying a version schedules the process's one "recur" timer at its next occurrence
// (a version without recurs= removes it). Firing it starts an instance of the latest
// version as the engine (user krabuan, "started by the calendar"), with the occurrence's
// fiscal year as the first fiscal-year input and a business key naming the period
// ("ปีงบประมาณ 2568", "ปีงบประมาณ 2568 ไตรมาส 2"), records the occurrence (process,
// occurrence) once, and schedules the next occurrence — all in the timer's savepoint.
//
// Catch-up: after downtime every missed occurrence starts, oldest first, each with its
// own key and its lateness in the "started" row; at most kCatchUpPerRun per process per
// run, the rest on the next run. Each occurrence is its own period's case (another fiscal
// year, another quarter), so skipping one would silently drop an obligation; one started
// late is visible and can be cancelled with a reason.
#pragma once

#include <string>
#include <vector>

#include "engine/exec/deployed.h"
#include "engine/model/process_definition.h"
#include "engine/store/store.h"
#include "engine/validate/structure.h"

namespace krabuan {

inline constexpr int kCatchUpPerRun = 12;

// The business key of the instance started for `occurrence`: unique per occurrence of
// `recurrence`, in Thai with BE years.
std::string OccurrenceKey(const Recurrence& recurrence, Instant occurrence);

// The inputs of the instance started for `occurrence`: the first fiscal-year input is the
// occurrence's fiscal year, the others take their defaults. Invalid when a required input
// is neither (the process cannot start itself).
Result<VariableMap> OccurrenceInputs(const ProcessDefinition& def, Instant occurrence);

// Errors for a process with recurs= whose required inputs cannot be derived.
std::vector<Finding> CheckRecurringStart(const ProcessDefinition& def);

// On deploy of `def`: replaces the process's recur timer. An occurrence the previous
// timer still owes (due, not yet fired, or failed) stays owed.
Status ScheduleRecurringStart(StoreTransaction& txn, const ProcessDefinition& def, Instant now);

// On a deploy that leaves `def` unchanged: schedules its recur timer only if it has none
// (a database from before recurring starts, or one whose timer was lost).
Status EnsureRecurringStart(StoreTransaction& txn, const ProcessDefinition& def, Instant now);

// Fires a "recur" timer inside the caller's savepoint (see above).
Status FireRecurringStart(Deployed& deployed, StoreTransaction& txn, const TimerRecord& timer, Instant now);

}  // namespace krabuan
