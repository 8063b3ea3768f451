#include "cli/daemon_command.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <csignal>
#include <ostream>

#include "adapters/config/config.h"
#include "adapters/daemon/alert_delivery.h"
#include "adapters/daemon/daemon_runner.h"
#include "adapters/daemon/delivery_thread.h"
#include "adapters/daemon/fire_once.h"
#include "adapters/daemon/lease_holder.h"
#include "adapters/process/os_account.h"
#include "adapters/sinks/make_sinks.h"
#include "cli/alerts_command.h"
#include "cli/app.h"
#include "cli/checkpoint_thread.h"
#include "cli/id_arg.h"
#include "cli/render.h"
#include "cli/service.h"
#include "cli/table.h"

namespace krabuan::cli {
namespace {

using nlohmann::json;

// The log settings: the command line's where given, else the config file's.
Result<LogConfig> LogSettings(const DaemonArgs& args, const std::optional<Config>& config) {
  LogConfig log = config ? config->log : LogConfig{};
  if (args.log == "console") {
    log.target = LogConfig::Target::kConsole;
  } else if (args.log == "syslog") {
    log.target = LogConfig::Target::kSyslog;
  } else if (!args.log.empty()) {
    log.target = LogConfig::Target::kFile;
    log.file = args.log;
  }
  if (!args.log_level.empty()) {
    if (spdlog::level::from_str(args.log_level) == spdlog::level::off && args.log_level != "off") {
      return Status::Invalid("--log-level: '" + args.log_level + "' is not one of trace, debug, info, warn, error, off");
    }
    log.level = args.log_level;
  }
  return log;
}

Result<Instant> Start(const GlobalOptions& g) {
  if (g.now.empty()) return SystemClock().Now();
  Result<Instant> t = ParseWrittenInstant(g.now);
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

// The service's settings from the command line.
Result<ServiceSettings> ServiceSettingsOf(const DaemonArgs& args) {
  ServiceSettings settings;
  for (const std::string& text : args.listen) {
    Result<Endpoint> at = ParseEndpoint(text);
    if (!at.ok()) return Status::Invalid("--listen: " + at.status().message());
    settings.endpoints.push_back(*at);
  }
  if (!args.socket_group.empty()) {
    std::optional<gid_t> group = GroupNamed(args.socket_group);
    if (!group) return Status::Invalid("--socket-group: there is no group '" + args.socket_group + "'");
    settings.listen.socket_group = group;
  }
  settings.client_clock = args.client_clock;
  return settings;
}

// Serves until SIGTERM or SIGINT, and leaves the timers to another daemon. The signals are
// blocked before the service's threads start, so they inherit the mask and the signal
// comes here.
// The checkpoint thread, unless --checkpoint-every 0.
Result<std::unique_ptr<CheckpointThread>> Checkpoints(const GlobalOptions& g, const DaemonArgs& args,
                                                       std::shared_ptr<spdlog::logger> log) {
  if (args.checkpoint_every <= 0) return std::unique_ptr<CheckpointThread>();
  Result<std::unique_ptr<CheckpointThread>> started =
      CheckpointThread::Start(g, std::chrono::seconds(args.checkpoint_every), std::move(log));
  if (!started.ok()) {
    return Status::Invalid(started.status().message() +
                           " (the daemon signs audit checkpoints with it; KRABUAN_AUDIT_KEY names another file, "
                           "--checkpoint-every 0 runs without)");
  }
  return started;
}

int ServeOnly(const GlobalOptions& g, const DaemonArgs& args, const ServiceSettings& settings,
              std::shared_ptr<spdlog::logger> log, Io io) {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  sigset_t before;
  pthread_sigmask(SIG_BLOCK, &stop, &before);
  int code = kExitOk;
  {
    Result<std::unique_ptr<Service>> service = Service::Start(g, settings, log);
    Result<std::unique_ptr<CheckpointThread>> checkpoints =
        service.ok() ? Checkpoints(g, args, log) : Result<std::unique_ptr<CheckpointThread>>(service.status());
    if (!service.ok()) {
      code = Fail(service.status(), io.err);
    } else if (!checkpoints.ok()) {
      code = Fail(checkpoints.status(), io.err);
    } else {
      int signo = 0;
      sigwait(&stop, &signo);
      log->info("signal {} received; stopping once the commands in hand are answered", signo);
      (*service)->Stop();
    }
  }
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
  return code;
}

}  // namespace

int CmdDaemon(const GlobalOptions& g, const DaemonArgs& args, Io io) {
  if (args.batch < 0 || (args.poll_ms != 0 && args.poll_ms < 10) || args.lease_ttl < 1) {
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
  std::optional<Config> config;
  if (!args.config.empty()) {
    Result<Config> c = LoadConfig(args.config);
    if (!c.ok()) return Fail(c.status(), io.err);
    config = std::move(c.value());
  }
  DaemonSettings settings;
  settings.batch = args.batch > 0 ? args.batch : config ? config->daemon.batch_size : 100;
  settings.poll = args.poll_ms > 0 ? std::chrono::milliseconds(args.poll_ms)
                  : config       ? std::chrono::duration_cast<std::chrono::milliseconds>(config->daemon.poll_interval)
                                 : std::chrono::milliseconds(1000);
  settings.lease_ttl = std::chrono::seconds(args.lease_ttl);
  if (!args.until.empty()) {
    Result<Instant> until = ParseWrittenInstant(args.until);
    if (!until.ok()) return Fail(Status::Invalid("--until: " + until.status().message()), io.err);
    settings.until = *until;
  }
  Result<LogConfig> log_config = LogSettings(args, config);
  if (!log_config.ok()) return Fail(log_config.status(), io.err);
  Result<std::shared_ptr<spdlog::logger>> log = MakeLogger(*log_config);
  if (!log.ok()) return Fail(log.status(), io.err);
  Result<ServiceSettings> service_settings = ServiceSettingsOf(args);
  if (!service_settings.ok()) return Fail(service_settings.status(), io.err);
  if (args.serve_only || args.client_clock || !args.socket_group.empty()) {
    if (args.listen.empty()) {
      io.err << "krabuan: --serve-only, --socket-group and --client-clock go with --listen\n";
      return kExitUsage;
    }
  }
  if (args.checkpoint_every < 0) {
    io.err << "krabuan: --checkpoint-every must be 0 (none) or a number of seconds\n";
    return kExitUsage;
  }
  if (args.serve_only) return ServeOnly(g, args, *service_settings, *log, io);

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
  auto notice = [logger = *log](const std::string& line) { logger->warn("{}", line); };
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kWrite, std::move(clock), notice);
  if (!session.ok()) return Fail(session.status(), io.err);

  // Delivery works on its own connection in real time; declared before the thread, so
  // the thread stops first.
  std::unique_ptr<Session> delivery_session;
  std::unique_ptr<DeliveryThread> delivery;
  if (config && !config->sinks.empty()) {
    GlobalOptions real_time = g;
    real_time.now.clear();
    Result<std::unique_ptr<Session>> own = Session::Open(real_time, Access::kWrite, nullptr, notice);
    if (!own.ok()) return Fail(own.status(), io.err);
    delivery_session = std::move(own.value());
    Result<std::unique_ptr<AlertDelivery>> d = AlertDelivery::Load(delivery_session->engine(), args.config);
    if (!d.ok()) return Fail(d.status(), io.err);
    delivery = std::make_unique<DeliveryThread>(std::move(d.value()), *log);
  }
  // The service answers on its own connection while the runner fires timers; SQLite's
  // single writer and the busy timeout keep the two apart.
  std::unique_ptr<Service> service;
  if (!service_settings->endpoints.empty()) {
    Result<std::unique_ptr<Service>> started = Service::Start(g, *service_settings, *log);
    if (!started.ok()) return Fail(started.status(), io.err);
    service = std::move(started.value());
  }
  Result<std::unique_ptr<CheckpointThread>> checkpoints = Checkpoints(g, args, *log);
  if (!checkpoints.ok()) return Fail(checkpoints.status(), io.err);
  DaemonRunner runner((*session)->engine(), (*session)->clock(), settings, *log);
  return runner.Run();   // then the checkpoints (signing the head once more), the service and the delivery thread stop
}

int CmdFireDue(const GlobalOptions& g, const std::string& config, Io io) {
  Result<std::unique_ptr<Session>> opened = Session::Open(g, Access::kWrite);
  if (!opened.ok()) return Fail(opened.status(), io.err);
  std::unique_ptr<Session> session = std::move(opened.value());
  std::unique_ptr<AlertDelivery> delivery;   // a bad config stops before any timer fires
  if (!config.empty()) {
    Result<std::unique_ptr<AlertDelivery>> d = AlertDelivery::Load(session->engine(), config);
    if (!d.ok()) return Fail(d.status(), io.err);
    delivery = std::move(d.value());
  }
  Result<OnceResult> once = FireDueOnce(session->engine(), session->clock(), /*batch=*/500);
  if (!once.ok()) return Fail(once.status(), io.err);
  const FireResult& total = once->fired;
  std::optional<DispatchResult> sent;
  if (delivery) {
    Result<DispatchResult> r = delivery->DeliverAll();
    if (!r.ok()) return Fail(r.status(), io.err);
    sent = *r;
  }
  if (g.json) {
    json out{{"fired", total.fired},
             {"failed", total.failed},
             {"next_due", total.next_due ? json(FormatInstantUtc(*total.next_due)) : json(nullptr)}};
    if (once->left_to) {
      out["left_to"] = {{"holder", once->left_to->holder}, {"host", once->left_to->host}, {"pid", once->left_to->pid}};
    }
    if (sent) {
      out["alerts"] = {{"delivered", sent->delivered}, {"retrying", sent->retrying + sent->deferred},
                       {"given_up", sent->given_up},
                       {"next_attempt", sent->next_attempt ? json(FormatInstantUtc(*sent->next_attempt)) : json(nullptr)}};
    }
    PrintJsonOut(io.out, out);
  } else {
    if (once->left_to) {
      io.out << "timers: left to the daemon running on " << once->left_to->host << ", pid " << once->left_to->pid
             << " (it holds the lease)\n";
    } else {
      io.out << "fired " << total.fired << " timer(s)";
      if (total.failed > 0) io.out << ", " << total.failed << " failed (kept, marked with the error)";
      io.out << "; next due: " << When(total.next_due) << "\n";
    }
    if (sent) {
      io.out << "delivered " << sent->delivered << " alert(s), " << sent->retrying + sent->deferred << " to retry, "
             << sent->given_up << " given up (kept as failed); next attempt: " << When(sent->next_attempt) << "\n";
    }
  }
  return total.failed > 0 ? kExitRefused : kExitOk;
}

int CmdDaemonStatus(const GlobalOptions& g, Io io) {
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kRead);
  if (!session.ok()) return Fail(session.status(), io.err);
  Instant real_now = SystemClock().Now();
  Result<DaemonHealth> h = HealthNow((*session)->engine());
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
                     {"gone", h->gone},
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
    io.out << "daemon: not running (last: " << d->host << ", pid " << d->pid << ", ";
    if (h->gone) {
      io.out << "gone without giving up its lease, last heartbeat " << When(d->heartbeat_at) << ")\n";
    } else {
      io.out << (d->stopped ? "stopped " : "lease lapsed ") << When(d->expires_at) << ")\n";
    }
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

int CmdFailedTimers(const GlobalOptions& g, Io io) {
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kRead);
  if (!session.ok()) return Fail(session.status(), io.err);
  Result<Actor> acting = (*session)->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Result<std::vector<TimerRecord>> failed = (*session)->engine().FailedTimers(*acting);
  if (!failed.ok()) return Fail(failed.status(), io.err);
  if (g.json) {
    json arr = json::array();
    for (const TimerRecord& t : *failed) {
      arr.push_back({{"id", t.id},
                     {"kind", TimerKindName(t.kind)},
                     {"due", FormatInstantUtc(t.due_at)},
                     {"instance", t.instance_id},
                     {"task", t.task_id},
                     {"node", t.node_id},
                     {"process", t.process_id},
                     {"error", t.error}});
    }
    PrintJsonOut(io.out, arr);
    return kExitOk;
  }
  if (failed->empty()) {
    io.out << "no failed timers\n";
    return kExitOk;
  }
  Table t({"ตัวจับเวลา", "ชนิด", "กรณี", "ขั้นตอน", "กำหนด", "ข้อผิดพลาด"});
  for (const TimerRecord& r : *failed) {
    std::string where = r.instance_id != 0 ? std::to_string(r.instance_id) : r.process_id;
    t.AddRow({std::to_string(r.id), std::string(TimerKindName(r.kind)), where, r.node_id, When(r.due_at), r.error});
  }
  io.out << t.Render() << "re-arm one with: krabuan timers --retry ID (administrators)\n";
  return kExitOk;
}

int CmdRearmTimer(const GlobalOptions& g, const std::string& timer, Io io) {
  Result<std::int64_t> parsed = ParseId(timer, "a timer");
  if (!parsed.ok()) return Fail(parsed.status(), io.err);
  const std::int64_t id = *parsed;
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kWrite);
  if (!session.ok()) return Fail(session.status(), io.err);
  Result<Actor> acting = (*session)->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Status s = (*session)->engine().RearmTimer(*acting, id);
  if (!s.ok()) return Fail(s, io.err);
  if (g.json) {
    PrintJsonOut(io.out, json{{"timer", id}, {"rearmed", true}});
  } else {
    io.out << "timer " << id << " re-armed (fired on the next 'daemon' round)\n";
  }
  return kExitOk;
}

}  // namespace krabuan::cli
