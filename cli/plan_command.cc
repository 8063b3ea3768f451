#include "cli/plan_command.h"

#include <sstream>

#include "cli/app.h"
#include "cli/files.h"
#include "cli/render.h"
#include "cli/table.h"
#include "engine/plan/plan.h"
#include "engine/render/gantt.h"
#include "engine/text/utf8.h"

namespace krabuan::cli {
namespace {

using nlohmann::json;

std::string ThaiDay(const std::optional<Instant>& t) { return t ? FormatThaiDate(OfficeDate(*t)) : "-"; }

// RFC 4180: quote every field, double the quotes inside.
std::string CsvField(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string PlanCsv(const Plan& plan) {
  std::ostringstream out;
  out << "\xEF\xBB\xBF";   // a byte-order mark, so spreadsheet programs read the Thai as UTF-8
  out << "ลำดับ,ขั้นตอน,ผู้รับผิดชอบ,เวลาดำเนินการ,ช่วงเวลา,เริ่มได้,กำหนดเสร็จ,กำหนดเสร็จ (UTC)\r\n";
  for (const PlannedStep& s : plan.steps) {
    out << s.number << "," << CsvField(s.name) << "," << CsvField(s.actor + (s.per_school ? " (ทุกสถานศึกษา)" : ""))
        << "," << CsvField(s.timing) << "," << CsvField(s.when) << ","
        << CsvField(FormatThaiDate(OfficeDate(s.begins))) << "," << CsvField(ThaiDay(s.due)) << ","
        << CsvField(s.due ? FormatInstantUtc(*s.due) : "") << "\r\n";
  }
  return out.str();
}

json PlanJson(const Plan& plan) {
  json steps = json::array();
  for (const PlannedStep& s : plan.steps) {
    steps.push_back({{"number", s.number},
                     {"node", s.node_id},
                     {"name", s.name},
                     {"role", s.role},
                     {"actor", s.actor},
                     {"per_school", s.per_school},
                     {"timing", s.timing},
                     {"when", s.when},
                     {"ready", FormatInstantUtc(s.ready)},
                     {"opens", s.opens ? json(FormatInstantUtc(*s.opens)) : json(nullptr)},
                     {"begins", FormatInstantUtc(s.begins)},
                     {"due", s.due ? json(FormatInstantUtc(*s.due)) : json(nullptr)},
                     {"done", FormatInstantUtc(s.done)},
                     {"main_line", s.main_line},
                     {"due_display", ThaiDay(s.due)},
                     {"infeasible", s.infeasible},
                     {"options", s.options.empty() ? json(nullptr) : json(s.options)}});
  }
  return json{{"process", plan.process_id},
              {"name", plan.name},
              {"fiscal_year", plan.fiscal_year.be},
              {"start", FormatInstantUtc(plan.start)},
              {"steps", steps}};
}

std::string PlanTable(const Plan& plan) {
  std::ostringstream out;
  out << plan.name << " (" << plan.process_id << ")\nปีงบประมาณ " << plan.fiscal_year.be << " ("
      << FormatThaiDate(FiscalYearStart(plan.fiscal_year)) << " – " << FormatThaiDate(FiscalYearEnd(plan.fiscal_year))
      << ")\n\n";
  Table t({"#", "ขั้นตอน", "ผู้รับผิดชอบ", "เวลาดำเนินการ", "ช่วงเวลา", "กำหนดเสร็จ"});
  for (const PlannedStep& s : plan.steps) {
    t.AddRow({std::to_string(s.number), TruncateToWidth(s.name, 50),
              TruncateToWidth(s.actor, 30) + (s.per_school ? " (ทุกสถานศึกษา)" : ""), s.timing, s.when, ThaiDay(s.due)});
  }
  out << t.Render();
  // Steps that only some cases take, by the choice of an enumerated input or field.
  for (const PlannedStep& s : plan.steps) {
    if (!s.options.empty()) out << "ขั้นตอนที่ " << s.number << " เฉพาะกรณี " << s.options << "\n";
  }
  return out.str();
}

}  // namespace

int CmdPlan(const GlobalOptions& g, const PlanArgs& args, Io io) {
  if (!IsPlausibleFiscalYear(args.fiscal_year)) {
    return Fail(Status::Invalid("--fiscal-year " + std::to_string(args.fiscal_year) +
                                " is not a Buddhist-Era fiscal year (e.g. 2568)"),
                io.err);
  }
  FiscalYear fy{args.fiscal_year};
  Instant start = OfficeStartOfDay(FiscalYearStart(fy));
  if (!args.start.empty()) {
    Result<Instant> s = ParseWrittenInstant(args.start);
    if (!s.ok()) return Fail(Status::Invalid("--start: " + s.status().message()), io.err);
    start = *s;
  }
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kRead);
  if (!session.ok()) return Fail(session.status(), io.err);
  Engine& e = (*session)->engine();
  Result<std::shared_ptr<const ProcessDefinition>> def = e.Definition(args.process);
  if (!def.ok()) return Fail(def.status(), io.err);
  Result<std::shared_ptr<const Org>> org = e.GetOrg();
  if (!org.ok()) return Fail(org.status(), io.err);
  Result<std::shared_ptr<const HolidayCalendar>> holidays = e.Holidays();
  if (!holidays.ok()) return Fail(holidays.status(), io.err);
  Result<Plan> plan = PlanProcess(**def, org->get(), **holidays, fy, start);
  if (!plan.ok()) return Fail(plan.status(), io.err);

  std::string text;
  if (g.json) {
    text = PlanJson(*plan).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  } else if (args.format == "csv") {
    text = PlanCsv(*plan);
  } else if (args.format == "svg") {
    text = PlanGanttSvg(*plan);
  } else {
    text = PlanTable(*plan);
  }
  if (args.out.empty()) {
    io.out << text;
    return kExitOk;
  }
  Status written = FilesOf(g).Write(args.out, text);
  if (!written.ok()) return Fail(written, io.err);
  return kExitOk;
}

}  // namespace krabuan::cli
