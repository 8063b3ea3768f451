// From the config file to working parts: the logger the config's "log" asks for, and one
// AlertSink per configured sink.
//
//   Result<Config> config = LoadConfig(path);
//   auto logger = MakeLogger(config->log);
//   auto sinks = MakeSinks(*config, *logger);
//   AlertDispatcher dispatcher(store, clock, std::move(*sinks), config->retry);
#pragma once

#include <memory>
#include <vector>

#include <spdlog/logger.h>

#include "adapters/config/config.h"
#include "engine/alerts/alert_sink.h"

namespace krabuan {

// A logger named "krabuan" writing to stderr, the file (created with its folder if
// missing) or syslog (ident "krabuan"). Invalid when the file cannot be opened.
Result<std::shared_ptr<spdlog::logger>> MakeLogger(const LogConfig& log);

// The sinks in the config's order; log sinks write to `logger`.
Result<std::vector<std::unique_ptr<AlertSink>>> MakeSinks(const Config& config,
                                                          std::shared_ptr<spdlog::logger> logger);

}  // namespace krabuan
