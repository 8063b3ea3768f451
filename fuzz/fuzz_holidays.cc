// Fuzzes the holidays-file parser (ParseHolidays) and, on what parses, the
// working-day arithmetic deadlines use, from the edges of the declared coverage.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/parse/holidays_parser.h"
#include "engine/time/holiday_calendar.h"

namespace {

void Around(const krabuan::HolidayCalendar& cal, krabuan::Date d) {
  (void)cal.IsHoliday(d);
  (void)cal.HolidayName(d);
  (void)cal.IsWorkingDay(d);
  (void)cal.Covers(d);
  for (int n : {0, 1, 15, 60}) (void)cal.AddWorkingDays(d, n);
  for (int n : {1, 15}) (void)cal.LatestStartFor(d, n);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace krabuan;
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  Result<HolidayCalendar> cal = ParseHolidays(xml, "holidays.xml");
  if (!cal.ok()) {
    (void)cal.status().lines();
    return 0;
  }
  using namespace std::chrono;
  Around(*cal, year{2025} / April / day{11});  // the Friday before Songkran
  if (cal->has_coverage()) {
    Around(*cal, cal->coverage_from());
    Around(*cal, cal->coverage_to());
  }
  return 0;
}
