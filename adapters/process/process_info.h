// Processes on this machine through /proc (Linux): who a process is, so that a pid in
// another PID namespace, on another machine or reused after a reboot or an exit is never
// mistaken for it; whether it is still there; whether it is stopped; stopping it for good.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/status.h"

namespace krabuan {

// A process, identified across machines, boots and PID namespaces.
struct ProcessIdentity {
  std::string boot_id;             // /proc/sys/kernel/random/boot_id: this boot of this machine
  std::uint64_t pid_ns = 0;        // the inode of /proc/self/ns/pid: its PID namespace
  std::int64_t pid = 0;            // in that namespace
  std::uint64_t start_ticks = 0;   // /proc/PID/stat field 22: when it started (clock ticks after boot)
};

// This process.
const ProcessIdentity& SelfIdentity();

// What /proc says of a pid (in this process's namespace).
struct ProcessState {
  char state = '?';                // R, S, D, T (stopped), t (traced), Z (zombie) ...
  std::uint64_t start_ticks = 0;
  std::string comm;                // the program's name, as the kernel keeps it
};
std::optional<ProcessState> ReadProcess(std::int64_t pid);   // nullopt: no such process

inline bool IsStopped(char state) { return state == 'T' || state == 't'; }

enum class Liveness {
  kAlive,     // the very process (same boot, namespace, pid and start time) still runs
  kGone,      // it ended (or is a zombie): nothing of it is left but maybe its exit status
  kUnknown,   // another machine, boot or PID namespace (or no identity recorded): cannot tell
};
Liveness LivenessOf(const ProcessIdentity& who);

// Sends SIGKILL (which a stopped process cannot ignore either) and waits up to `wait` for
// it to be gone, its locks released. Refused when we may not signal it.
Status KillAndWait(std::int64_t pid, std::chrono::milliseconds wait);

}  // namespace krabuan
