#include "engine/render/gantt.h"

#include <algorithm>
#include <sstream>

#include "engine/render/markup.h"
#include "engine/text/utf8.h"
#include "engine/time/month_names.h"

namespace krabuan {
namespace {

// At most `bytes` bytes of UTF-8 text, cut at a character boundary, with "…" when cut.
std::string Shorten(const std::string& s, std::size_t bytes) {
  if (s.size() <= bytes) return s;
  return std::string(TruncateToBytes(s, bytes)) + "…";
}

long long DayNumber(Date d) { return std::chrono::sys_days(d).time_since_epoch().count(); }

constexpr int kLabelWidth = 460;
constexpr int kDayWidth = 3;
constexpr int kRowHeight = 28;
constexpr int kTop = 56;

}  // namespace

std::string PlanGanttSvg(const Plan& plan) {
  // The chart spans the fiscal year, widened to every date the plan names.
  Date first = FiscalYearStart(plan.fiscal_year), last = FiscalYearEnd(plan.fiscal_year);
  for (const PlannedStep& s : plan.steps) {
    Date begin = OfficeDate(s.begins);
    if (DayNumber(begin) < DayNumber(first)) first = begin;
    if (s.due && DayNumber(OfficeDate(*s.due)) > DayNumber(last)) last = OfficeDate(*s.due);
  }
  // Whole months only, so the month labels line up.
  first = std::chrono::year_month_day{first.year(), first.month(), std::chrono::day{1}};
  auto x_of = [&](Date d) { return kLabelWidth + static_cast<int>(DayNumber(d) - DayNumber(first)) * kDayWidth; };
  Date end_month = std::chrono::year_month_day{std::chrono::year_month_day_last{last.year(), std::chrono::month_day_last{last.month()}}};
  int width = x_of(end_month) + kDayWidth + 20;
  int height = kTop + static_cast<int>(plan.steps.size()) * kRowHeight + 24;

  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" font-family=\"Noto Sans Thai, Loma, Garuda, sans-serif\" font-size=\"12\">\n";
  svg << "<title>" << EscapeMarkup(plan.name) << " — ปีงบประมาณ " << plan.fiscal_year.be << "</title>\n";
  svg << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg << "<text x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">" << EscapeMarkup(plan.name) << "</text>\n";
  svg << "<text x=\"8\" y=\"38\">ปีงบประมาณ " << plan.fiscal_year.be << " (" << plan.process_id << ")</text>\n";

  // Month columns.
  for (std::chrono::year_month ym{first.year(), first.month()};
       DayNumber(std::chrono::year_month_day{ym / std::chrono::day{1}}) <= DayNumber(last);
       ym += std::chrono::months{1}) {
    Date d{ym / std::chrono::day{1}};
    int x = x_of(d);
    unsigned m = static_cast<unsigned>(ym.month());
    int be = static_cast<int>(ym.year()) + kBuddhistEraOffset;
    svg << "<line x1=\"" << x << "\" y1=\"" << kTop - 14 << "\" x2=\"" << x << "\" y2=\"" << height - 20
        << "\" stroke=\"#dddddd\"/>\n";
    svg << "<text x=\"" << x + 4 << "\" y=\"" << kTop - 4 << "\" fill=\"#555555\">" << ThaiMonthAbbrev(m) << " "
        << (be % 100) << "</text>\n";
  }

  int y = kTop;
  for (const PlannedStep& s : plan.steps) {
    std::string label = std::to_string(s.number) + ". " + s.name;
    svg << "<g class=\"step\" data-node=\"" << EscapeMarkup(s.node_id) << "\">\n";
    svg << "<text x=\"8\" y=\"" << y + 17 << "\"><title>" << EscapeMarkup(s.name) << " — " << EscapeMarkup(s.actor) << "</title>"
        << EscapeMarkup(Shorten(label, 150)) << "</text>\n";
    Date begin = OfficeDate(s.begins);
    if (s.due) {
      Date end = OfficeDate(*s.due);
      int x1 = x_of(begin), x2 = std::max(x_of(end) + kDayWidth, x1 + kDayWidth);
      svg << "<rect x=\"" << x1 << "\" y=\"" << y + 6 << "\" width=\"" << x2 - x1 << "\" height=\"" << kRowHeight - 12
          << "\" rx=\"3\" fill=\"" << (s.infeasible ? "#d9534f" : "#4a7fb5") << "\"><title>" << EscapeMarkup(s.when)
          << "</title></rect>\n";
    } else {
      int x1 = x_of(begin);
      svg << "<text x=\"" << x1 << "\" y=\"" << y + 17 << "\" fill=\"#888888\">" << EscapeMarkup(s.when) << "</text>\n";
    }
    svg << "</g>\n";
    y += kRowHeight;
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace krabuan
