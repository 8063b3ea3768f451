#include "adapters/daemon/daemon_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "adapters/daemon/lease_holder.h"
#include "engine/time/instant.h"

namespace krabuan {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// SIGTERM and SIGINT set this flag in the handler itself, so the round after the batch
// in hand sees it whatever else the event loop has queued; a byte on the pipe wakes a
// sleeping loop.
std::atomic<int> g_stop_signal{0};
int g_wake_fd = -1;

extern "C" void OnStopSignal(int signo) {
  g_stop_signal.store(signo);
  if (g_wake_fd >= 0) {
    char c = 1;
    ssize_t ignored = write(g_wake_fd, &c, 1);
    (void)ignored;
  }
}

// Installs the handlers for the loop's lifetime and restores the old ones after.
class StopSignals {
 public:
  StopSignals() {
    if (pipe2(fds_, O_CLOEXEC | O_NONBLOCK) != 0) fds_[0] = fds_[1] = -1;
    g_stop_signal.store(0);
    g_wake_fd = fds_[1];
    struct sigaction sa{};
    sa.sa_handler = OnStopSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, &old_term_);
    sigaction(SIGINT, &sa, &old_int_);
  }
  ~StopSignals() {
    sigaction(SIGTERM, &old_term_, nullptr);
    sigaction(SIGINT, &old_int_, nullptr);
    g_wake_fd = -1;
    if (fds_[1] >= 0) close(fds_[1]);   // the read end belongs to the loop's descriptor
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  int read_fd() const { return fds_[0]; }

 private:
  int fds_[2] = {-1, -1};
  struct sigaction old_term_{}, old_int_{};
};

// A batch that took longer than this makes the next ones smaller: the write lock is held
// only briefly (other writers wait at most their busy timeout) and the heartbeat, which
// comes between batches, is never late.
milliseconds BatchBudget(seconds ttl) {
  return std::clamp<milliseconds>(std::chrono::duration_cast<milliseconds>(ttl) / 4, milliseconds(50),
                                  milliseconds(1000));
}

}  // namespace

struct DaemonRunner::Loop {
  Loop(Engine& e, const Clock& c, DaemonSettings s, std::shared_ptr<spdlog::logger> l)
      : engine(e), clock(c), settings(s), log(std::move(l)), timer(io), wake(io),
        claim(ClaimForThisProcess(settings.lease_ttl)), batch(std::max(1, settings.batch)),
        budget(BatchBudget(settings.lease_ttl)) {
    if (stop_signals.read_fd() >= 0) wake.assign(stop_signals.read_fd());
  }

  Engine& engine;
  const Clock& clock;
  DaemonSettings settings;
  std::shared_ptr<spdlog::logger> log;
  DaemonTotals totals;
  boost::asio::io_context io;
  boost::asio::steady_timer timer;
  StopSignals stop_signals;
  boost::asio::posix::stream_descriptor wake;
  char wake_byte = 0;
  SystemClock real_clock;
  LeaseClaim claim;
  int batch;                 // this round's batch: settings.batch, smaller after a slow one
  milliseconds budget;
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
      if (holder.ok() && *holder && HolderGone(**holder)) {
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
      if (settings.once) totals.error = held.status();
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

  void WaitForSignal() {
    if (stop_signals.read_fd() < 0) return;
    wake.async_read_some(boost::asio::buffer(&wake_byte, 1), [this](const boost::system::error_code& ec, std::size_t) {
      if (ec) return;
      NoticeSignal();
      timer.cancel();   // wakes a sleeping round, which finishes
    });
  }

  // True once a stop signal came (logged once).
  bool NoticeSignal() {
    int signo = g_stop_signal.load();
    if (signo != 0 && !stopping) {
      log->info("signal {} received; stopping after the batch in hand", signo);
      stopping = true;
    }
    return stopping;
  }

  void Round() {
    if (NoticeSignal()) return Finish();
    if (!HoldLease()) {
      if (settings.once) return LeaveToHolder();
      return Schedule(std::min<milliseconds>(settings.poll, HeartbeatEvery()));
    }
    claim.real_now = real_clock.Now();
    auto started = std::chrono::steady_clock::now();
    const int asked = batch;
    Result<FireResult> fired = engine.FireDueTimers(asked, &claim);
    AdjustBatch(std::chrono::steady_clock::now() - started, fired.ok() ? fired->fired + fired->failed : 0);
    if (!fired.ok()) {
      if (settings.once) {
        totals.error = fired.status();
        return Finish();
      }
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
    Add(*fired);
    if (fired->fired + fired->failed >= asked) return Next();   // more due: the next batch, after any signal
    Instant now = clock.Now();
    if (settings.once) {
      // A firing may have set a timer that is already due (a repeating task timer
      // catching up): go on until nothing is.
      bool more_due = fired->fired + fired->failed > 0 && fired->next_due && *fired->next_due <= now;
      return more_due ? Next() : Finish();
    }
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

  void Add(const FireResult& r) {
    totals.fired.fired += r.fired;
    totals.fired.failed += r.failed;
    totals.fired.next_due = r.next_due;
    totals.fired.lag = std::max(totals.fired.lag, r.lag);
  }

  // Once, with the lease held by another daemon: the timers are its to fire.
  void LeaveToHolder() {
    if (totals.error.ok()) {
      Result<std::optional<DaemonRecord>> holder = engine.LeaseHolder();
      if (holder.ok()) {
        totals.left_to = *holder;
      } else {
        totals.error = holder.status();
      }
    }
    Finish();
  }

  // Halves the batch after one that took longer than the budget; doubles it back (up
  // to --batch) after quick full ones.
  void AdjustBatch(std::chrono::steady_clock::duration took, int done) {
    if (took > budget && batch > 1) {
      int before = batch;
      batch = std::max(1, batch / 2);
      log->debug("a batch of {} took {} ms (budget {} ms); next batches: {}", before,
                 std::chrono::duration_cast<milliseconds>(took).count(), budget.count(), batch);
    } else if (done >= batch && took < budget / 4 && batch < settings.batch) {
      batch = std::min(settings.batch, batch * 2);
    }
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
    boost::system::error_code ignored;
    wake.cancel(ignored);
    timer.cancel();
    io.stop();
  }
};

DaemonRunner::DaemonRunner(Engine& engine, const Clock& engine_clock, DaemonSettings settings,
                           std::shared_ptr<spdlog::logger> log)
    : loop_(std::make_unique<Loop>(engine, engine_clock, settings, std::move(log))) {}

DaemonRunner::~DaemonRunner() = default;

const DaemonTotals& DaemonRunner::totals() const { return loop_->totals; }

const std::string& DaemonRunner::holder() const { return loop_->claim.holder; }

int DaemonRunner::Run() {
  Loop& l = *loop_;
  l.WaitForSignal();
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
