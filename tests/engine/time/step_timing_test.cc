// ResolveStep and ResolveWait: a step's dates from what came before it.
#include "engine/time/step_timing.h"

#include <gtest/gtest.h>

namespace krabuan {
namespace {

TimeSpec Time(const char* text) {
  Result<TimeSpec> t = ParseTime(text);
  EXPECT_TRUE(t.ok()) << text << ": " << (t.ok() ? "" : t.status().message());
  return t.ok() ? *t : TimeSpec{};
}

Instant At(const char* iso) { return *ParseInstant(iso); }
std::string Utc(std::optional<Instant> t) { return t ? FormatInstantUtc(*t) : "-"; }
std::string Iso(std::optional<Date> d) { return d ? FormatIsoDate(*d) : "-"; }

Date Day(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }

StepBefore Before(const char* arrival, std::optional<Date> chain = std::nullopt) {
  static const HolidayCalendar holidays;
  return StepBefore{At(arrival), FiscalYear{2568}, chain, std::nullopt, &holidays};
}

// Each kind of step on arrival: when its tasks open, its due, and the chain after it.
TEST(ResolveStep, OpensAndFallsDueByItsOwnTimeAndItsBox) {
  struct Case {
    const char* due;
    const char* box;   // "" for none
    const char* arrival;
    std::optional<Date> chain_before;
    bool waits;
    const char* opens;
    const char* step_due;
    const char* chain;
  };
  const Case cases[] = {
      // A duration runs from the arrival; no window, the chain stays.
      {"15 วัน", "", "2024-10-01T09:00:00+07:00", std::nullopt, false, "2024-10-01T02:00:00Z", "2024-10-16T02:00:00Z", "-"},
      // A window not yet open: the step waits for it and is due at its end.
      {"สิงหาคม", "", "2024-10-01T09:00:00+07:00", std::nullopt, true, "2025-07-31T17:00:00Z", "2025-08-31T16:59:59Z",
       "2025-08-01"},
      // An open window: at once.
      {"ตุลาคม-พฤศจิกายน", "", "2024-10-10T09:00:00+07:00", std::nullopt, false, "2024-10-10T02:00:00Z", "2024-11-30T16:59:59Z",
       "2024-10-01"},
      // A duration inside a window it waited for counts from the window's first day.
      {"2 วัน (พฤษภาคม ของทุกปี)", "", "2025-04-20T09:00:00+07:00", std::nullopt, true, "2025-04-30T17:00:00Z",
       "2025-05-02T16:59:59Z", "2025-05-01"},
      // No due of its own: its box's, resolved as it opens.
      {"", "2 เดือน", "2024-12-16T00:00:00+07:00", std::nullopt, false, "2024-12-15T17:00:00Z", "2025-02-15T17:00:00Z", "-"},
      // After a March step: the earlier of its own and its box's; a box written as a window
      // chains after the step.
      {"กันยายน - ตุลาคม", "กันยายน", "2025-04-10T09:00:00+07:00", Day(2025, 3, 1), true, "2025-08-31T17:00:00Z",
       "2025-09-30T16:59:59Z", "2025-09-01"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.due) + " / " + c.box + " at " + c.arrival);
    TimeSpec due = Time(c.due), box = Time(c.box);
    Result<StepTiming> t = ResolveStep({&due, *c.box ? &box : nullptr, nullptr}, Before(c.arrival, c.chain_before));
    ASSERT_TRUE(t.ok()) << t.status().message();
    EXPECT_EQ(t->waits_for_window, c.waits);
    EXPECT_EQ(Utc(t->opens), c.opens);
    EXPECT_EQ(Utc(t->due), c.step_due);
    EXPECT_EQ(Iso(t->window_start), c.chain);
    EXPECT_EQ(t->fixes_timebox, *c.box != '\0');
  }
}

// The engine resolves a waiting step again when its window opens, with the chain it kept
// while waiting: the dates must be those the first call gave (and `plan` prints).
TEST(ResolveStep, ResolvingAgainWhenTheWindowOpensGivesTheSameDates) {
  const char* dues[] = {"สิงหาคม", "กันยายน-ตุลาคม", "2 วัน (พฤษภาคม ของทุกปี)", "ไม่ก่อน 1 กันยายน",
                        "ตุลาคม - กุมภาพันธ์ มีนาคม - กันยายน", "พฤศจิกายน ทุก 6 เดือน"};
  TimeSpec box = Time("15 วัน");
  for (const char* text : dues) {
    SCOPED_TRACE(text);
    TimeSpec due = Time(text);
    StepBefore before = Before("2024-09-20T09:00:00+07:00", Day(2024, 10, 1));
    Result<StepTiming> first = ResolveStep({&due, &box, nullptr}, before);
    ASSERT_TRUE(first.ok()) << first.status().message();
    ASSERT_TRUE(first->waits_for_window);
    StepBefore later = before;
    later.arrival = first->opens;
    later.window_start = first->chain_while_waiting;
    Result<StepTiming> again = ResolveStep({&due, &box, nullptr}, later);
    ASSERT_TRUE(again.ok()) << again.status().message();
    EXPECT_FALSE(again->waits_for_window);
    EXPECT_EQ(Utc(again->opens), Utc(first->opens));
    EXPECT_EQ(Utc(again->due), Utc(first->due));
    EXPECT_EQ(Utc(again->timebox_due), Utc(first->timebox_due));
    EXPECT_EQ(Iso(again->window_start), Iso(first->window_start));
  }
}

// A box an earlier step fixed is not resolved again; a cut-off reads the chain, moves nothing.
TEST(ResolveStep, AFixedBoxStandsAndACutOffMovesNoChain) {
  TimeSpec due = Time("ตลอดปีงบประมาณ"), box = Time("1 เดือน"), cutoff = Time("ภายในเดือนธันวาคม ของทุกปี");
  StepBefore before = Before("2024-11-20T09:00:00+07:00");
  before.timebox_due = At("2024-12-01T09:00:00+07:00");
  Result<StepTiming> t = ResolveStep({&due, &box, &cutoff}, before);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_FALSE(t->fixes_timebox);
  EXPECT_EQ(Utc(t->due), "2024-12-01T02:00:00Z");
  EXPECT_EQ(Utc(t->cutoff), "2024-12-31T16:59:59Z");
  EXPECT_EQ(Iso(t->window_start), "-");
}

TEST(ResolveStep, AnExpressionThatCannotResolveIsNamed) {
  TimeSpec due = Time("15 วันทำการ");
  StepBefore before = Before("2024-10-01T09:00:00+07:00");
  before.holidays = nullptr;
  Result<StepTiming> t = ResolveStep({&due, nullptr, nullptr}, before);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("time '15 วันทำการ'"), std::string::npos) << t.status().message();
}

TEST(ResolveWait, UntilAMomentOrForASpan) {
  struct Case {
    const char* wait;
    const char* until;
    const char* chain;
  };
  const Case cases[] = {
      {"ไม่ก่อน 1 พฤษภาคม", "2025-04-30T17:00:00Z", "2025-05-01"},   // opens: the token goes on then
      {"15 วัน", "2024-11-04T02:00:00Z", "-"},                          // a span from the arrival
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.wait);
    Result<WaitTiming> w = ResolveWait(Time(c.wait), std::nullopt, Before("2024-10-20T09:00:00+07:00"));
    ASSERT_TRUE(w.ok()) << w.status().message();
    EXPECT_EQ(Utc(w->until), c.until);
    EXPECT_EQ(Iso(w->window_start), c.chain);
  }
  Result<WaitTiming> fixed =
      ResolveWait(TimeSpec{}, At("2025-10-01T09:00:00+07:00"), Before("2024-10-20T09:00:00+07:00"));
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(Utc(fixed->until), "2025-10-01T02:00:00Z");
  Result<WaitTiming> none = ResolveWait(Time("ตลอดเวลา"), std::nullopt, Before("2024-10-20T09:00:00+07:00"));
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("names no moment"), std::string::npos);
}

}  // namespace
}  // namespace krabuan
