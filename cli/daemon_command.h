// `krabuan daemon` (resident) and `krabuan daemon --status`.
#pragma once

#include <string>
#include <vector>

#include "cli/commands.h"

namespace krabuan::cli {

// Options left at 0 or empty take the config file's value, else the default.
struct DaemonArgs {
  int batch = 0;               // default 500
  int poll_ms = 0;             // default 1000
  int lease_ttl = 15;          // seconds
  double speed = 0;            // > 0: the engine clock runs this many times real time
  bool step = false;           // jump the clock from one due timer to the next (needs --until)
  std::string until;           // stop once the engine clock reaches this
  std::string log;             // console (default), syslog, or a file path
  std::string log_level;       // default info
  std::string config;          // the config file: sinks, retries, log, batch and poll
  std::vector<std::string> listen;   // serve every command at these endpoints too (cli/service.h)
  bool serve_only = false;     // serve, and leave the timers to another daemon
  std::string socket_group;    // the group that may connect to a Unix socket
  bool client_clock = false;   // clients may set the clock with --now (needs the daemon's --now)
  int checkpoint_every = 60;   // seconds between signed audit checkpoints; 0: none
};

int CmdDaemon(const GlobalOptions& g, const DaemonArgs& args, Io io);
// The daemon's health: exit 0 when a daemon holds the lease, 1 when none does.
int CmdDaemonStatus(const GlobalOptions& g, Io io);
// `timers --failed`: timers whose effect failed, with the error; `timers --retry ID`
// (administrators): re-arms one, so the daemon fires it again.
int CmdFailedTimers(const GlobalOptions& g, Io io);
int CmdRearmTimer(const GlobalOptions& g, const std::string& timer, Io io);

}  // namespace krabuan::cli
