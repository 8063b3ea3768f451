#include "adapters/daemon/fire_once.h"

#include <spdlog/sinks/null_sink.h>

#include "adapters/daemon/daemon_runner.h"

namespace krabuan {

Result<OnceResult> FireDueOnce(Engine& engine, const Clock& clock, int batch) {
  DaemonSettings settings;
  settings.batch = batch;
  settings.once = true;
  // The command prints what the run did; the loop's log lines are for a resident daemon.
  auto quiet = std::make_shared<spdlog::logger>("once", std::make_shared<spdlog::sinks::null_sink_mt>());
  DaemonRunner runner(engine, clock, settings, quiet);
  runner.Run();
  const DaemonTotals& totals = runner.totals();
  if (!totals.error.ok()) return totals.error;
  return OnceResult{totals.fired, totals.left_to};
}

}  // namespace krabuan
