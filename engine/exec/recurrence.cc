#include "engine/exec/recurrence.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "engine/exec/detail.h"
#include "engine/exec/instance_start.h"
#include "engine/time/month_names.h"

namespace krabuan {
namespace {

using nlohmann::json;

// The calendar's acts are recorded under the engine's own name.
const ActingAs kCalendar{"krabuan", "", ActingCapacity::kSystem};

// The first fiscal-year input: the instance's fiscal year, the one an occurrence sets.
const VariableDecl* FiscalYearInput(const ProcessDefinition& def) {
  for (const VariableDecl& d : def.inputs()) {
    if (d.type == ValueType::kFiscalYear) return &d;
  }
  return nullptr;
}

// A required input an occurrence cannot give a value: null when every one can.
const VariableDecl* UnderivableInput(const ProcessDefinition& def) {
  const VariableDecl* fy = FiscalYearInput(def);
  for (const VariableDecl& d : def.inputs()) {
    if (&d != fy && d.required && !d.default_value) return &d;
  }
  return nullptr;
}

std::string UnderivableMessage(const ProcessDefinition& def, const VariableDecl& input) {
  return "process '" + def.id() + "' cannot start itself (recurs=\"" + def.recurrence()->source + "\"): input '" +
         input.name + "' (" + std::string(ValueTypeName(input.type)) +
         ") is required and has no default; give it a default, make it optional, or drop recurs=";
}

// One occurrence: a new instance, unless a running one already has its key; recorded once.
Status StartOccurrence(StoreTransaction& txn, const Org& org, const HolidayCalendar& holidays,
                       const DefinitionRecord& record, const ProcessDefinition& def, Instant occurrence, Instant now) {
  Result<bool> done = txn.OccurrenceRecorded(def.id(), occurrence);
  if (!done.ok()) return done.status();
  if (*done) return Status::Ok();   // started before (a timer is never meant to double, but)
  std::string key = OccurrenceKey(def.recurrence()->recurrence, occurrence);
  auto failed = [&](const Status& s) {
    return Status::Invalid("process '" + def.id() + "' could not start itself for " + key + " (" +
                           FormatThaiDate(OfficeDate(occurrence)) + "): " + s.message());
  };
  Result<VariableMap> inputs = OccurrenceInputs(def, occurrence);
  if (!inputs.ok()) return failed(inputs.status());
  Result<bool> taken = txn.RunningKeyExists(def.id(), key);
  if (!taken.ok()) return taken.status();
  if (*taken) return txn.RecordOccurrence(def.id(), occurrence, 0);   // someone started this period by hand

  json detail = {{"by", "calendar"}, {"recurs", def.recurrence()->source}, {"occurrence", FormatInstantUtc(occurrence)}};
  long long late = std::chrono::duration_cast<std::chrono::seconds>(now - occurrence).count();
  if (late > 0) detail["late_seconds"] = late;
  Result<InstanceId> id = StartInstanceIn(
      txn, org, holidays, {record, def, kCalendar, std::move(*inputs), key, "เริ่มโดยปฏิทิน (" + def.recurrence()->source + ")"},
      detail, now);
  if (!id.ok()) return failed(id.status());
  return txn.RecordOccurrence(def.id(), occurrence, *id);
}

}  // namespace

std::string OccurrenceKey(const Recurrence& r, Instant occurrence) {
  Date d = OfficeDate(occurrence);
  unsigned month = static_cast<unsigned>(d.month());
  int be = static_cast<int>(d.year()) + kBuddhistEraOffset;
  std::string key = "ปีงบประมาณ " + std::to_string(FiscalYearOf(d).be);
  std::string month_be = std::string(ThaiMonthName(month)) + " " + std::to_string(be);
  switch (r.kind) {
    case Recurrence::Kind::kMonths:
      if (r.period_months == 12) return key;   // one a fiscal year
      if (r.period_months == 3) return key + " ไตรมาส " + std::to_string((FiscalMonthOfCalendar(month) - 1) / 3 + 1);
      return key + " เดือน" + month_be;
    case Recurrence::Kind::kFiscalCheckpoints:
      return key + " เดือน" + month_be;
    case Recurrence::Kind::kWeekly:
      return key + " สัปดาห์ " + FormatThaiDate(d);
    case Recurrence::Kind::kInterval:
      break;
  }
  return key + " รอบ " + FormatThaiDateTime(occurrence);
}

Result<VariableMap> OccurrenceInputs(const ProcessDefinition& def, Instant occurrence) {
  if (const VariableDecl* missing = UnderivableInput(def)) {
    return Status::Invalid(UnderivableMessage(def, *missing));
  }
  VariableMap inputs;
  const VariableDecl* fy = FiscalYearInput(def);
  for (const VariableDecl& d : def.inputs()) {
    if (&d == fy) {
      inputs.insert_or_assign(d.name, Value::OfFiscalYear(FiscalYearOf(OfficeDate(occurrence))));
    } else if (d.default_value) {
      inputs.insert_or_assign(d.name, *d.default_value);
    }
  }
  return inputs;
}

std::vector<Finding> CheckRecurringStart(const ProcessDefinition& def) {
  if (!def.recurrence()) return {};
  const VariableDecl* missing = UnderivableInput(def);
  if (missing == nullptr) return {};
  return {Finding{Finding::Severity::kError, missing->where, "input", missing->name, UnderivableMessage(def, *missing)}};
}

Status ScheduleRecurringStart(StoreTransaction& txn, const ProcessDefinition& def, Instant now) {
  Instant after = now;
  Result<std::vector<TimerRecord>> timers = txn.RecurTimers();
  if (!timers.ok()) return timers.status();
  for (const TimerRecord& t : *timers) {
    if (t.process_id == def.id() && t.due_at <= now) after = t.due_at - std::chrono::seconds(1);   // still owed
  }
  KRABUAN_RETURN_IF_ERROR(txn.DeleteRecurTimer(def.id()));
  if (!def.recurrence()) return Status::Ok();
  std::optional<Instant> next = NextOccurrence(*def.recurrence(), after);
  if (!next) return Status::Ok();   // a counted series that has run out
  TimerRecord timer;
  timer.due_at = *next;
  timer.kind = TimerKind::kRecur;
  timer.process_id = def.id();
  Result<std::int64_t> id = txn.InsertTimer(timer);
  return id.ok() ? Status::Ok() : id.status();
}

Status EnsureRecurringStart(StoreTransaction& txn, const ProcessDefinition& def, Instant now) {
  if (!def.recurrence()) return Status::Ok();
  Result<std::vector<TimerRecord>> timers = txn.RecurTimers();
  if (!timers.ok()) return timers.status();
  for (const TimerRecord& t : *timers) {
    if (t.process_id == def.id()) return Status::Ok();
  }
  return ScheduleRecurringStart(txn, def, now);
}

Status FireRecurringStart(Deployed& deployed, StoreTransaction& txn, const TimerRecord& timer, Instant now) {
  KRABUAN_RETURN_IF_ERROR(txn.DeleteTimer(timer.id));
  Result<std::optional<DefinitionRecord>> latest = txn.LatestDefinition(timer.process_id);
  if (!latest.ok()) return latest.status();
  if (!latest.value()) return Status::Internal("recur timer " + std::to_string(timer.id) + " names unknown process '" + timer.process_id + "'");
  Result<std::shared_ptr<const ProcessDefinition>> def = deployed.definition((*latest)->id);
  if (!def.ok()) return def.status();
  const std::optional<TimeSpec>& spec = (*def)->recurrence();
  if (!spec) return Status::Ok();   // the latest version no longer recurs
  Result<std::shared_ptr<const Org>> org = deployed.org();
  if (!org.ok()) return org.status();
  Result<std::shared_ptr<const HolidayCalendar>> holidays = deployed.holidays();
  if (!holidays.ok()) return holidays.status();

  std::optional<Instant> occurrence = timer.due_at;
  for (int n = 0; occurrence && *occurrence <= now && n < kCatchUpPerRun; ++n) {
    KRABUAN_RETURN_IF_ERROR(StartOccurrence(txn, **org, **holidays, **latest, **def, *occurrence, now));
    occurrence = NextOccurrence(*spec, *occurrence);
  }
  if (!occurrence) return Status::Ok();
  TimerRecord next;
  next.due_at = *occurrence;
  next.kind = TimerKind::kRecur;
  next.process_id = timer.process_id;
  Result<std::int64_t> id = txn.InsertTimer(next);
  return id.ok() ? Status::Ok() : id.status();
}

}  // namespace krabuan
