// The timer daemon's row: who holds the lease and how its last batch went. One row per
// database; a daemon takes it over when the holder's lease has expired.
#pragma once

#include <cstdint>
#include <string>

#include "engine/time/instant.h"

namespace krabuan {

struct DaemonRecord {
  std::string holder;             // "host:pid:nonce", unique per daemon process
  std::string host;
  std::int64_t pid = 0;
  // Who it is beyond host and pid, so that another machine, boot or PID namespace (two
  // containers with one host name) is never mistaken for it: see adapters/process.
  std::string boot_id;            // empty: recorded by an older version, cannot be told
  std::uint64_t pid_ns = 0;
  std::uint64_t start_ticks = 0;
  Instant started_at{};           // real time, as are the heartbeat and the expiry
  Instant heartbeat_at{};
  Instant expires_at{};           // the lease is free after this
  bool stopped = false;           // released on a clean stop
  Instant last_batch_at{};        // real time of the last batch (epoch: none yet)
  std::int64_t last_batch_fired = 0;
  std::int64_t last_lag_seconds = 0;   // how late the oldest timer of that batch fired
  std::int64_t fired_total = 0;        // by this holder since it took the lease
  Instant clock_now{};            // the daemon's engine clock at the last batch (accelerated runs differ)
};

struct TimerCounts {
  std::int64_t pending = 0;
  std::int64_t failed = 0;
};

}  // namespace krabuan
