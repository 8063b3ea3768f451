#include "adapters/sinks/make_sinks.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/syslog_sink.h>

#include <filesystem>

#include "adapters/sinks/command_sink.h"
#include "adapters/sinks/escaping_log_sink.h"
#include "adapters/sinks/log_sink.h"
#include "adapters/sinks/webhook_sink.h"

namespace krabuan {

Result<std::shared_ptr<spdlog::logger>> MakeLogger(const LogConfig& log) {
  spdlog::sink_ptr sink;
  try {
    switch (log.target) {
      case LogConfig::Target::kConsole:
        sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
        break;
      case LogConfig::Target::kFile: {
        std::error_code ec;
        std::filesystem::path p(log.file);
        if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
        sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(log.file);
        break;
      }
      case LogConfig::Target::kSyslog:
        sink = std::make_shared<spdlog::sinks::syslog_sink_mt>("krabuan", LOG_PID, LOG_DAEMON, false);
        break;
    }
  } catch (const std::exception& e) {
    return Status::Invalid("log: cannot open '" + log.file + "': " + e.what());
  }
  // Every line escaped: alert texts and messages carry text from users.
  auto logger = std::make_shared<spdlog::logger>("krabuan", std::make_shared<EscapingLogSink>(std::move(sink)));
  // syslog stamps its own time; elsewhere a line says when and how grave.
  if (log.target != LogConfig::Target::kSyslog) logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");
  logger->set_level(spdlog::level::from_str(log.level));
  logger->flush_on(spdlog::level::info);   // a tail -f or a crash sees every line up to here
  return logger;
}

Result<std::vector<std::unique_ptr<AlertSink>>> MakeSinks(const Config& config,
                                                          std::shared_ptr<spdlog::logger> logger) {
  std::vector<std::unique_ptr<AlertSink>> out;
  for (const SinkConfig& s : config.sinks) {
    switch (s.type) {
      case SinkConfig::Type::kLog:
        out.push_back(std::make_unique<LogSink>(s.name, logger));
        break;
      case SinkConfig::Type::kWebhook: {
        Result<HttpUrl> url = ParseHttpUrl(s.url);
        if (!url.ok()) return Status::Invalid(config.file + ": sink '" + s.name + "': " + url.status().message());
        out.push_back(std::make_unique<WebhookSink>(s.name, *url, s.headers, s.timeout));
        break;
      }
      case SinkConfig::Type::kCommand:
        out.push_back(std::make_unique<CommandSink>(s.name, s.program, s.args, s.timeout));
        break;
    }
  }
  return out;
}

}  // namespace krabuan
