// The Thai government fiscal year (ปีงบประมาณ): 1 October to 30 September, named by the
// Buddhist-Era year in which it ends. FY 2568 = 2024-10-01 .. 2025-09-30.
#pragma once

#include "engine/time/instant.h"

namespace krabuan {

inline constexpr int kBuddhistEraOffset = 543;

struct FiscalYear {
  int be = 0;  // e.g. 2568

  friend auto operator<=>(const FiscalYear&, const FiscalYear&) = default;
};

// The fiscal year containing d.
FiscalYear FiscalYearOf(Date d);
Date FiscalYearStart(FiscalYear fy);   // 1 October of CE year be-544
Date FiscalYearEnd(FiscalYear fy);     // 30 September of CE year be-543

// Plausible range of a fiscal year typed by a person (BE 2400..2700); outside it is
// almost surely a CE year typed by mistake.
bool IsPlausibleFiscalYear(int be);

}  // namespace krabuan
