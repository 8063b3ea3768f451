// `daemon --once`: fire every timer that is due and exit, as a daemon for the length of
// the run. It takes the lease like the resident daemon (so the two never fire side by
// side, and `daemon --status` shows the run), or leaves the timers to a resident daemon
// that holds it.
#pragma once

#include <optional>

#include "engine/time/clock.h"
#include "engine/engine.h"

namespace krabuan {

struct OnceResult {
  FireResult fired;                       // summed over the batches
  std::optional<DaemonRecord> left_to;    // set: another daemon holds the lease; nothing fired
};

// Fires in batches of `batch` until nothing is due by `clock`, then gives the lease up:
// the daemon loop (daemon_runner.h) in its `once` mode.
Result<OnceResult> FireDueOnce(Engine& engine, const Clock& clock, int batch);

}  // namespace krabuan
