#include "cli/daemon_command.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/spdlog.h>
#include <syslog.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/daemon/daemon_runner.h"
#include "cli/app.h"
#include "cli/render.h"

namespace krabuan::cli {
namespace {

using nlohmann::json;

Result<std::shared_ptr<spdlog::logger>> MakeLogger(const DaemonArgs& args) {
  spdlog::level::level_enum level = spdlog::level::from_str(args.log_level);
  if (level == spdlog::level::off && args.log_level != "off") {
    return Status::Invalid("--log-level: '" + args.log_level + "' is not one of trace, debug, info, warn, error, off");
  }
  std::shared_ptr<spdlog::logger> log;
  try {
    if (args.log == "console") {
      log = std::make_shared<spdlog::logger>("krabuan", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    } else if (args.log == "syslog") {
      log = std::make_shared<spdlog::logger>(
          "krabuan", std::make_shared<spdlog::sinks::syslog_sink_mt>("krabuan", LOG_PID, LOG_DAEMON, false));
    } else {
      log = std::make_shared<spdlog::logger>("krabuan", std::make_shared<spdlog::sinks::basic_file_sink_mt>(args.log));
    }
  } catch (const spdlog::spdlog_ex& e) {
    return Status::Invalid("--log " + args.log + ": " + e.what());
  }
  if (args.log != "syslog") log->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  log->set_level(level);
  log->flush_on(spdlog::level::info);
  return log;
}

Result<Instant> Start(const GlobalOptions& g) {
  if (g.now.empty()) return SystemClock().Now();
  Result<Instant> t = ParseInstant(g.now);
  if (!t.ok()) return Status::Invalid("--now / KRABUAN_NOW: " + t.status().message());
  return t;
}

void PrintJsonOut(std::ostream& out, const json& j) {
  out << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

std::string Ago(Instant then, Instant now) {
  long long s = std::chrono::duration_cast<std::chrono::seconds>(now - then).count();
  if (s < 120) return std::to_string(s) + " s ago";
  if (s < 7200) return std::to_string(s / 60) + " min ago";
  return When(then);
}

}  // namespace

int CmdDaemon(const GlobalOptions& g, const DaemonArgs& args, Io io) {
  if (args.batch < 1 || args.poll_ms < 10 || args.lease_ttl < 1) {
    io.err << "krabuan: --batch must be at least 1, --poll-ms at least 10, --lease-ttl at least 1\n";
    return kExitUsage;
  }
  if (args.step && args.until.empty()) {
    io.err << "krabuan: --step needs --until (where the jumping clock stops)\n";
    return kExitUsage;
  }
  if (args.step && args.speed > 0) {
    io.err << "krabuan: --step and --speed are two different clocks; give one\n";
    return kExitUsage;
  }
  DaemonSettings settings;
  settings.batch = args.batch;
  settings.poll = std::chrono::milliseconds(args.poll_ms);
  settings.lease_ttl = std::chrono::seconds(args.lease_ttl);
  if (!args.until.empty()) {
    Result<Instant> until = ParseInstant(args.until);
    if (!until.ok()) return Fail(Status::Invalid("--until: " + until.status().message()), io.err);
    settings.until = *until;
  }
  Result<std::shared_ptr<spdlog::logger>> log = MakeLogger(args);
  if (!log.ok()) return Fail(log.status(), io.err);

  std::unique_ptr<Clock> clock;
  SteppedClock* stepped = nullptr;
  if (args.step || args.speed > 0) {
    Result<Instant> start = Start(g);
    if (!start.ok()) return Fail(start.status(), io.err);
    if (args.step) {
      auto c = std::make_unique<SteppedClock>(*start);
      stepped = c.get();
      clock = std::move(c);
    } else {
      clock = std::make_unique<ScaledClock>(*start, args.speed);
      settings.speed = args.speed;
    }
  }
  settings.stepped = stepped;
  Result<std::unique_ptr<Session>> session = Session::Open(g, false, std::move(clock));
  if (!session.ok()) return Fail(session.status(), io.err);
  DaemonRunner runner((*session)->engine(), (*session)->clock(), settings, *log);
  return runner.Run();
}

int CmdDaemonStatus(const GlobalOptions& g, Io io) {
  Result<std::unique_ptr<Session>> session = Session::Open(g, false);
  if (!session.ok()) return Fail(session.status(), io.err);
  Instant real_now = SystemClock().Now();
  Result<DaemonHealth> h = (*session)->engine().Health(real_now);
  if (!h.ok()) return Fail(h.status(), io.err);
  const std::optional<DaemonRecord>& d = h->daemon;
  auto time_or_null = [](const std::optional<Instant>& t) { return t ? json(FormatInstantUtc(*t)) : json(nullptr); };
  if (g.json) {
    json j = {{"running", h->running},
              {"timers", {{"pending", h->timers.pending}, {"failed", h->timers.failed}, {"next_due", time_or_null(h->next_due)}}},
              {"alerts", h->alerts}};
    if (d) {
      bool batched = d->last_batch_at != Instant{};
      j["daemon"] = {{"holder", d->holder},
                     {"host", d->host},
                     {"pid", d->pid},
                     {"started_at", FormatInstantUtc(d->started_at)},
                     {"heartbeat_at", FormatInstantUtc(d->heartbeat_at)},
                     {"expires_at", FormatInstantUtc(d->expires_at)},
                     {"stopped", d->stopped},
                     {"last_batch_at", batched ? json(FormatInstantUtc(d->last_batch_at)) : json(nullptr)},
                     {"last_batch_fired", d->last_batch_fired},
                     {"lag_seconds", d->last_lag_seconds},
                     {"fired_total", d->fired_total},
                     {"clock_now", FormatInstantUtc(d->clock_now)}};
    } else {
      j["daemon"] = nullptr;
    }
    PrintJsonOut(io.out, j);
    return h->running ? kExitOk : kExitRefused;
  }
  if (!d) {
    io.out << "daemon: never ran on this database\n";
  } else if (h->running) {
    io.out << "daemon: running on " << d->host << ", pid " << d->pid << ", since " << When(d->started_at)
           << "; heartbeat " << Ago(d->heartbeat_at, real_now) << "\n";
  } else {
    io.out << "daemon: not running (last: " << d->host << ", pid " << d->pid << ", "
           << (d->stopped ? "stopped " : "lease lapsed ") << When(d->expires_at) << ")\n";
  }
  if (d && d->last_batch_at != Instant{}) {
    io.out << "last batch: " << When(d->last_batch_at) << ", fired " << d->last_batch_fired << ", lag "
           << d->last_lag_seconds << " s; fired since it took the lease: " << d->fired_total << "\n";
    auto skew = std::chrono::abs(d->clock_now - d->last_batch_at);
    if (skew > std::chrono::minutes(1)) io.out << "its clock at that batch: " << When(d->clock_now) << "\n";
  }
  io.out << "timers: " << h->timers.pending << " pending, next due " << When(h->next_due);
  if (h->timers.failed > 0) io.out << "; " << h->timers.failed << " failed (kept, marked with the error)";
  io.out << "\nalerts in the outbox: " << h->alerts << "\n";
  return h->running ? kExitOk : kExitRefused;
}

}  // namespace krabuan::cli
