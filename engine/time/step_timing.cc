#include "engine/time/step_timing.h"

namespace krabuan {
namespace {

Result<Resolved> ResolveAt(const TimeSpec& spec, Instant at, const StepBefore& before, std::optional<Date> chain) {
  TimeContext tc;
  tc.start = at;
  tc.fiscal_year = before.fiscal_year;
  tc.previous_window_start = chain;
  tc.holidays = before.holidays;
  Result<Resolved> r = Resolve(spec, tc);
  if (!r.ok()) return Status::Invalid("time '" + spec.source + "': " + r.status().message());
  return r;
}

// A resolved window start moves the chain; a step without one leaves it.
std::optional<Date> Chained(std::optional<Date> chain, const Resolved& r) {
  return r.window_start ? r.window_start : chain;
}

}  // namespace

Result<StepTiming> ResolveStep(const StepTimes& times, const StepBefore& before) {
  StepTiming t;
  Result<Resolved> own = ResolveAt(*times.due, before.arrival, before, before.window_start);
  if (!own.ok()) return own.status();
  std::optional<Date> chain = Chained(before.window_start, *own);
  t.opens = before.arrival;
  if (own->not_before && *own->not_before > before.arrival) {
    t.waits_for_window = true;
    t.chain_while_waiting = chain;
    t.opens = *own->not_before;
    own = ResolveAt(*times.due, t.opens, before, chain);
    if (!own.ok()) return own.status();
    chain = Chained(chain, *own);
  }
  t.own = std::move(own.value());
  t.due = t.own.due;

  if (times.timebox != nullptr) {
    t.timebox_due = before.timebox_due;
    if (!t.timebox_due) {
      Result<Resolved> box = ResolveAt(*times.timebox, t.opens, before, chain);
      if (!box.ok()) return box.status();
      chain = Chained(chain, *box);
      t.timebox_due = box->due;
      t.fixes_timebox = box->due.has_value();
    }
    if (t.timebox_due && (!t.due || *t.timebox_due < *t.due)) t.due = t.timebox_due;
  }

  if (times.cutoff != nullptr && times.cutoff->kind != TimeSpec::Kind::kNone) {
    Result<Resolved> cutoff = ResolveAt(*times.cutoff, t.opens, before, chain);
    if (!cutoff.ok()) return cutoff.status();
    t.cutoff = cutoff->due ? cutoff->due : cutoff->not_before;
  }
  t.window_start = chain;
  return t;
}

Result<WaitTiming> ResolveWait(const TimeSpec& wait, std::optional<Instant> at, const StepBefore& before) {
  if (at) return WaitTiming{*at, before.window_start};
  Result<Resolved> r = ResolveAt(wait, before.arrival, before, before.window_start);
  if (!r.ok()) return r.status();
  // `until` a window or day waits for it to open; `for` a span waits for its end.
  std::optional<Instant> until = r->not_before ? r->not_before : r->due;
  if (!until) return Status::Invalid("'" + wait.source + "' names no moment");
  return WaitTiming{*until, Chained(before.window_start, *r)};
}

}  // namespace krabuan
