// The config file (`--config FILE`): where alerts go, how deliveries are retried, and the
// daemon's own settings. JSON; the README's "Alert sinks and the config file" has a full
// example.
//
//   Result<Config> c = LoadConfig("/etc/krabuan/krabuan.json");
//   if (!c.ok()) return c.status();   // every problem, one line each
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "engine/alerts/dispatcher.h"
#include "engine/status.h"

namespace krabuan {

struct SinkConfig {
  enum class Type { kLog, kWebhook, kCommand };
  Type type = Type::kLog;
  std::string name;
  std::string url;                               // webhook: http://host[:port]/path
  std::map<std::string, std::string> headers;    // webhook: extra request headers
  std::string program;                           // command: a path, or a name on $PATH
  std::vector<std::string> args;                 // command
  std::chrono::milliseconds timeout{10000};      // webhook: connect, send and answer; command: the run
};

struct LogConfig {
  enum class Target { kConsole, kFile, kSyslog };
  Target target = Target::kConsole;   // console is stderr
  std::string file;                   // for target file
  std::string level = "info";         // trace, debug, info, warn, error
};

// The resident daemon's settings.
struct DaemonConfig {
  int batch_size = 100;                         // timers fired / deliveries tried per round
  std::chrono::seconds poll_interval{1};        // the longest sleep: timers others add are noticed this soon
};

struct Config {
  std::string file;
  std::vector<SinkConfig> sinks;
  RetryPolicy retry;
  LogConfig log;
  DaemonConfig daemon;
};

// Reads and checks a config file. Invalid, with every problem as one line: a syntax
// error as `file:line:column: message`, the rest as `file: sinks[1].url: message`
// (unknown keys, wrong types, missing or duplicate sink names, a URL that is not http://).
Result<Config> LoadConfig(const std::string& path);
// The same for text already read; `file` names it in messages.
Result<Config> ParseConfig(const std::string& text, const std::string& file);

}  // namespace krabuan
