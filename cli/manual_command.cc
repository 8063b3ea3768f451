#include "cli/manual_command.h"

#include <filesystem>

#include "adapters/graphviz/graphviz.h"
#include "cli/app.h"
#include "cli/files.h"
#include "engine/render/flowchart.h"
#include "engine/render/manual.h"

namespace krabuan::cli {

int CmdManual(const GlobalOptions& g, const ManualArgs& args, Io io) {
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kRead);
  if (!session.ok()) return Fail(session.status(), io.err);
  Engine& e = (*session)->engine();
  FiscalYear fy = args.fiscal_year != 0 ? FiscalYear{args.fiscal_year} : FiscalYearOf(OfficeDate((*session)->now()));
  if (!IsPlausibleFiscalYear(fy.be)) {
    return Fail(Status::Invalid("--fiscal-year " + std::to_string(fy.be) + " is not a Buddhist-Era fiscal year (e.g. 2568)"),
                io.err);
  }
  Result<std::shared_ptr<const Org>> org = e.GetOrg();
  if (!org.ok()) return Fail(org.status(), io.err);
  Result<std::shared_ptr<const HolidayCalendar>> holidays = e.Holidays();
  if (!holidays.ok()) return Fail(holidays.status(), io.err);
  Result<std::vector<ProcessSummary>> processes = e.Processes();
  if (!processes.ok()) return Fail(processes.status(), io.err);

  bool graphviz = FindDotProgram().has_value();
  std::vector<std::shared_ptr<const ProcessDefinition>> keep;   // the chapters point into these
  std::vector<ManualChapter> chapters;
  for (const ProcessSummary& p : *processes) {
    Result<std::shared_ptr<const ProcessDefinition>> def = e.Definition(p.definition.process_id);
    if (!def.ok()) return Fail(def.status(), io.err);
    Result<Plan> plan = PlanProcess(**def, org->get(), **holidays, fy, OfficeStartOfDay(FiscalYearStart(fy)));
    if (!plan.ok()) return Fail(Status::Invalid(p.definition.process_id + ": " + plan.status().message()), io.err);
    ManualChapter c;
    c.definition = def->get();
    c.version = p.definition.version;
    c.plan = std::move(plan.value());
    if (graphviz && (args.format == "html" || !args.out.empty())) {
      Result<std::string> svg = DotToSvg(FlowchartDot(**def, org->get(), nullptr));
      if (!svg.ok()) return Fail(svg.status(), io.err);
      c.flowchart_svg = std::move(svg.value());
      c.flowchart_file = p.definition.process_id + ".svg";
    }
    keep.push_back(*def);
    chapters.push_back(std::move(c));
  }
  ManualOptions options;
  options.fiscal_year = fy;
  options.generated = FormatThaiDateTime((*session)->now());
  std::string text = args.format == "md" ? ManualMarkdown(**org, chapters, options) : ManualHtml(**org, chapters, options);
  if (!graphviz) io.err << "krabuan: note: Graphviz 'dot' is not installed; the manual has no flowcharts\n";

  if (args.out.empty()) {
    io.out << text;
    return kExitOk;
  }
  Files& files = FilesOf(g);
  Status s = files.MakeFolder(args.out);
  if (!s.ok()) return Fail(s, io.err);
  std::filesystem::path dir(args.out);
  s = files.Write((dir / (args.format == "md" ? "manual.md" : "manual.html")).string(), text);
  if (!s.ok()) return Fail(s, io.err);
  if (args.format == "md") {
    for (const ManualChapter& c : chapters) {
      if (!c.flowchart_svg) continue;
      s = files.Write((dir / c.flowchart_file).string(), *c.flowchart_svg);
      if (!s.ok()) return Fail(s, io.err);
    }
  }
  if (!g.json) io.out << "wrote the manual (" << chapters.size() << " procedures) to " << args.out << "\n";
  return kExitOk;
}

}  // namespace krabuan::cli
