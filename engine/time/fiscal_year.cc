#include "engine/time/fiscal_year.h"

namespace krabuan {

namespace {
// The fiscal year starts in October, so October..December belong to the next one.
constexpr unsigned kFirstFiscalMonth = 10;
}  // namespace

FiscalYear FiscalYearOf(Date d) {
  int ce = static_cast<int>(d.year());
  if (static_cast<unsigned>(d.month()) >= kFirstFiscalMonth) ++ce;
  return FiscalYear{ce + kBuddhistEraOffset};
}

Date FiscalYearStart(FiscalYear fy) {
  return Date{std::chrono::year{fy.be - kBuddhistEraOffset - 1}, std::chrono::October,
              std::chrono::day{1}};
}

Date FiscalYearEnd(FiscalYear fy) {
  return Date{std::chrono::year{fy.be - kBuddhistEraOffset}, std::chrono::September,
              std::chrono::day{30}};
}

bool IsPlausibleFiscalYear(int be) { return be >= 2400 && be <= 2700; }

}  // namespace krabuan
