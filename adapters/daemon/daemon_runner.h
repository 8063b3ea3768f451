// The timer daemon's one firing loop: one Boost.Asio io_context on one thread. It holds
// the lease (one active daemon per database), fires due timers in batches (smaller after
// a slow one), and stops cleanly on SIGTERM or SIGINT once the batch in hand is committed.
// Resident, it sleeps until the next timer is due and notices timers other processes add
// within `poll`; with `once` (`daemon --once`), it stops when nothing more is due, and
// leaves the timers to a daemon that holds the lease.
//
//   DaemonRunner runner(engine, clock, settings, logger);
//   return runner.Run();
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>

#include "engine/time/clock.h"
#include "engine/engine.h"

namespace krabuan {

struct DaemonSettings {
  int batch = 100;                              // timers per transaction
  std::chrono::milliseconds poll{1000};         // timers added by others are noticed this soon
  std::chrono::seconds lease_ttl{15};           // a dead daemon's lease lapses after this
  std::optional<Instant> until;                 // stop once the engine clock reaches it
  double speed = 1.0;                           // engine-clock seconds per real second
  SteppedClock* stepped = nullptr;              // step mode: jump this clock to each next due time
  bool once = false;                            // fire what is due, then stop
};

// What a run did, summed over its batches.
struct DaemonTotals {
  FireResult fired;                       // next_due: after the last batch
  std::optional<DaemonRecord> left_to;    // once: another daemon holds the lease; nothing fired
  Status error = Status::Ok();            // once: why the run stopped early (resident runs log and go on)
};

class DaemonRunner {
 public:
  DaemonRunner(Engine& engine, const Clock& engine_clock, DaemonSettings settings,
               std::shared_ptr<spdlog::logger> log);
  ~DaemonRunner();
  DaemonRunner(const DaemonRunner&) = delete;
  DaemonRunner& operator=(const DaemonRunner&) = delete;

  // Runs until a signal, `until`, or (once) nothing more is due. Returns the process
  // exit code (0 after a clean stop).
  int Run();
  const DaemonTotals& totals() const;

  const std::string& holder() const;

 private:
  struct Loop;
  std::unique_ptr<Loop> loop_;
};

}  // namespace krabuan
