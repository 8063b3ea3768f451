// The resident timer daemon: one Boost.Asio io_context on one thread. It holds the lease
// (one active daemon per database), fires due timers in batches, sleeps until the next
// one is due, notices timers other processes add within `poll`, and stops cleanly on
// SIGTERM or SIGINT once the batch in hand is committed.
//
//   DaemonRunner runner(engine, clock, settings, logger);
//   runner.OnRound([&] { dispatcher.DeliverDue(100); });   // after each round of firing
//   return runner.Run();
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>

#include "engine/clock.h"
#include "engine/engine.h"

namespace krabuan {

struct DaemonSettings {
  int batch = 100;                              // timers per transaction
  std::chrono::milliseconds poll{1000};         // timers added by others are noticed this soon
  std::chrono::seconds lease_ttl{15};           // a dead daemon's lease lapses after this
  std::optional<Instant> until;                 // stop once the engine clock reaches it
  double speed = 1.0;                           // engine-clock seconds per real second
  SteppedClock* stepped = nullptr;              // step mode: jump this clock to each next due time
};

class DaemonRunner {
 public:
  DaemonRunner(Engine& engine, const Clock& engine_clock, DaemonSettings settings,
               std::shared_ptr<spdlog::logger> log);
  ~DaemonRunner();
  DaemonRunner(const DaemonRunner&) = delete;
  DaemonRunner& operator=(const DaemonRunner&) = delete;

  // Called after every round of firing (alert delivery goes here); must not throw.
  void OnRound(std::function<void()> hook);
  // Runs until a signal, or `until`. Returns the process exit code (0 after a clean stop).
  int Run();

  const std::string& holder() const;

 private:
  struct Loop;
  std::unique_ptr<Loop> loop_;
};

}  // namespace krabuan
