#include "adapters/daemon/daemon_runner.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <random>

#include "engine/time/instant.h"

namespace krabuan {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

std::string Nonce() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned> dist(0, 0xFFFFFF);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06x", dist(rd));
  return buf;
}

// A holder on this host whose process is gone has crashed: its lease need not be waited
// out. (A live pid may be another program by now; then we wait, which is merely slow.)
bool HolderDiedHere(const DaemonRecord& d, const std::string& host) {
  if (d.host != host || d.pid <= 0) return false;
  return kill(static_cast<pid_t>(d.pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

struct DaemonRunner::Loop {
  Loop(Engine& e, const Clock& c, DaemonSettings s, std::shared_ptr<spdlog::logger> l)
      : engine(e), clock(c), settings(s), log(std::move(l)), timer(io), signals(io, SIGINT, SIGTERM) {
    claim.host = HostName();
    claim.pid = getpid();
    claim.holder = claim.host + ":" + std::to_string(claim.pid) + ":" + Nonce();
    claim.ttl = settings.lease_ttl;
  }

  Engine& engine;
  const Clock& clock;
  DaemonSettings settings;
  std::shared_ptr<spdlog::logger> log;
  std::function<void()> on_round;
  boost::asio::io_context io;
  boost::asio::steady_timer timer;
  boost::asio::signal_set signals;
  SystemClock real_clock;
  LeaseClaim claim;
  bool leader = false;
  bool told_waiting = false;
  bool stopping = false;
  int exit_code = 0;
  Instant last_heartbeat{};

  seconds HeartbeatEvery() const { return std::max(seconds(1), settings.lease_ttl / 3); }

  void Schedule(milliseconds delay) {
    timer.expires_after(delay);
    timer.async_wait([this](const boost::system::error_code&) { Round(); });
  }

  void Next() {
    boost::asio::post(io, [this] { Round(); });
  }

  // Takes or renews the lease. False: not ours (yet); the caller waits.
  bool HoldLease() {
    claim.real_now = real_clock.Now();
    if (leader && claim.real_now - last_heartbeat < HeartbeatEvery()) return true;
    Result<bool> held = engine.ClaimLease(claim);
    if (held.ok() && !*held) {
      // Someone else's lease; if its holder died on this host, it need not be waited out.
      Result<std::optional<DaemonRecord>> holder = engine.LeaseHolder();
      if (holder.ok() && *holder && HolderDiedHere(**holder, claim.host)) {
        log->warn("the daemon holding the lease ({}) is gone; taking over", (*holder)->holder);
        claim.take_over = (*holder)->holder;
        held = engine.ClaimLease(claim);
        claim.take_over.clear();
      } else if (!told_waiting && holder.ok() && *holder) {
        log->info("another daemon holds the lease ({}, pid {}); waiting to take over", (*holder)->host, (*holder)->pid);
        told_waiting = true;
      }
    }
    if (!held.ok()) {
      log->error("lease: {}", held.status().message());
      return false;
    }
    if (*held && !leader) log->info("holding the lease as {} (lapses {} s after the last heartbeat)", claim.holder,
                                    settings.lease_ttl.count());
    if (!*held && leader) log->warn("lost the lease; no longer firing timers");
    leader = *held;
    if (leader) {
      last_heartbeat = claim.real_now;
      told_waiting = false;
    }
    return leader;
  }

  void Round() {
    if (stopping) return Finish();
    if (!HoldLease()) return Schedule(std::min<milliseconds>(settings.poll, HeartbeatEvery()));
    claim.real_now = real_clock.Now();
    Result<FireResult> fired = engine.FireDueTimers(settings.batch, &claim);
    if (!fired.ok()) {
      if (fired.status().kind() == ErrorKind::kConflict) {
        log->warn("{}; stepping back", fired.status().message());
        leader = false;
      } else {
        log->error("firing timers: {}", fired.status().message());
      }
      return Schedule(settings.poll);
    }
    if (fired->fired + fired->failed > 0) {
      log->info("fired {} timer(s){}; oldest {} late", fired->fired,
                fired->failed > 0 ? ", " + std::to_string(fired->failed) + " failed" : std::string(),
                FormatLag(fired->lag));
    }
    if (on_round) on_round();
    if (fired->fired + fired->failed >= settings.batch) return Next();   // more due: the next batch, after any signal
    Instant now = clock.Now();
    if (settings.until && now >= *settings.until) {
      log->info("reached {}; stopping", FormatInstantUtc(*settings.until));
      return Finish();
    }
    if (settings.stepped != nullptr) {
      // Step mode: nothing more is due now; jump to the next due timer (or the end).
      Instant to = settings.until ? *settings.until : now;
      if (fired->next_due && *fired->next_due < to) to = *fired->next_due;
      settings.stepped->AdvanceTo(to);
      return Next();
    }
    milliseconds delay = settings.poll;
    if (fired->next_due) {
      auto engine_wait = std::chrono::duration<double>(*fired->next_due - now) / settings.speed;
      delay = std::min(delay, std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(engine_wait)));
    }
    if (settings.until) {
      auto to_end = std::chrono::duration<double>(*settings.until - now) / settings.speed;
      delay = std::min(delay, std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(to_end)));
    }
    Schedule(delay);
  }

  static std::string FormatLag(seconds lag) {
    if (lag.count() < 60) return std::to_string(lag.count()) + " s";
    if (lag.count() < 86400) return std::to_string(lag.count() / 60) + " min";
    return std::to_string(lag.count() / 86400) + " d";
  }

  void Finish() {
    if (leader) {
      claim.real_now = real_clock.Now();
      Status s = engine.ReleaseLease(claim);
      if (!s.ok()) log->error("releasing the lease: {}", s.message());
      leader = false;
    }
    log->info("stopped");
    signals.cancel();
    timer.cancel();
    io.stop();
  }
};

DaemonRunner::DaemonRunner(Engine& engine, const Clock& engine_clock, DaemonSettings settings,
                           std::shared_ptr<spdlog::logger> log)
    : loop_(std::make_unique<Loop>(engine, engine_clock, settings, std::move(log))) {}

DaemonRunner::~DaemonRunner() = default;

void DaemonRunner::OnRound(std::function<void()> hook) { loop_->on_round = std::move(hook); }

const std::string& DaemonRunner::holder() const { return loop_->claim.holder; }

int DaemonRunner::Run() {
  Loop& l = *loop_;
  l.signals.async_wait([&l](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    l.log->info("signal {} received; stopping after the batch in hand", signo);
    l.stopping = true;
    l.timer.cancel();   // wakes a sleeping round, which finishes
  });
  l.log->info("daemon started (pid {}, batch {}, poll {} ms)", l.claim.pid, l.settings.batch, l.settings.poll.count());
  l.Next();
  try {
    l.io.run();
  } catch (const std::exception& e) {
    l.log->critical("daemon loop failed: {}", e.what());
    return 3;
  }
  return l.exit_code;
}

}  // namespace krabuan
