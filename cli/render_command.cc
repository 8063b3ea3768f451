#include "cli/render_command.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/graphviz/graphviz.h"
#include "cli/app.h"
#include "cli/files.h"
#include "cli/id_arg.h"
#include "engine/render/flowchart.h"
#include "engine/render/overlay.h"

namespace krabuan::cli {

int CmdRender(const GlobalOptions& g, const RenderOptions& options, Io io) {
  std::optional<InstanceId> instance_id;
  if (!options.instance.empty()) {
    Result<InstanceId> id = ParseId(options.instance, "an instance");
    if (!id.ok()) return Fail(id.status(), io.err);
    instance_id = *id;
  }
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kRead);
  if (!session.ok()) return Fail(session.status(), io.err);
  Engine& engine = (*session)->engine();

  Result<std::shared_ptr<const ProcessDefinition>> def = engine.Definition(options.process);
  if (!def.ok()) return Fail(def.status(), io.err);
  // Lanes are named from the org file; without one they show role ids only.
  Result<std::shared_ptr<const Org>> org = engine.GetOrg();

  std::optional<FlowchartOverlay> overlay;
  if (instance_id) {
    Result<Actor> acting = (*session)->actor();
    if (!acting.ok()) return Fail(acting.status(), io.err);
    Result<InstanceView> view = engine.Show(*acting, *instance_id);
    if (!view.ok()) return Fail(view.status(), io.err);
    if (view->instance.process_id != options.process) {
      return Fail(Status::Invalid("instance " + std::to_string(*instance_id) + " is of process '" +
                                  view->instance.process_id + "', not '" + options.process + "'"),
                  io.err);
    }
    // The instance is drawn on the version it runs, which may be older than the latest.
    def = engine.DefinitionOf(*instance_id);
    if (!def.ok()) return Fail(def.status(), io.err);
    overlay = OverlayFromInstance(*view);
  }

  std::string text = FlowchartDot(**def, org.ok() ? org->get() : nullptr, overlay ? &*overlay : nullptr);
  if (options.format == "svg") {
    Result<std::string> svg = DotToSvg(text);
    if (!svg.ok()) return Fail(svg.status(), io.err);   // Graphviz missing: NotFound, exit 1
    text = std::move(svg.value());
  }

  if (options.out.empty()) {
    io.out << text;
    return kExitOk;
  }
  Status written = FilesOf(g).Write(options.out, text);
  if (!written.ok()) return Fail(written, io.err);
  if (g.json) {
    io.out << nlohmann::json{{"file", options.out}, {"format", options.format}, {"process", options.process}}.dump(2)
           << "\n";
  } else {
    io.out << options.format << " flowchart of " << options.process << " written to " << options.out << "\n";
  }
  return kExitOk;
}

}  // namespace krabuan::cli
