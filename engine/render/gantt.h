// A plan as an SVG Gantt chart: one row per step, a bar from when it can start (or its
// window opens) to its due date, a mark at the due date of steps without a span, and the
// fiscal year's months along the top in Thai.
#pragma once

#include <string>

#include "engine/plan/plan.h"

namespace krabuan {

// Self-contained SVG (UTF-8, no external references). Pure; thread-safe.
std::string PlanGanttSvg(const Plan& plan);

}  // namespace krabuan
