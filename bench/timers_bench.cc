// Timers benchmark: what the daemon costs with a million pending timers, how fast it
// catches up after downtime, and how late it fires in steady state.
//
// Phases, each on its own database file:
//   pending   N pending timers (default 1,000,000) due over the next year, inserted in one
//             transaction. Then: the next-due lookup (NextTimerDue in a read transaction,
//             as the daemon does each round) timed over 10,000 calls; an idle round
//             (FireDueTimers with nothing due: BEGIN IMMEDIATE, the due query, commit);
//             and the resident daemon itself (this program re-executed as a child running
//             DaemonRunner on the file for a few seconds) — its peak RSS from /proc.
//   catchup   C cases (default 100,000) whose one step is overdue by a day: FireDueTimers
//             in batches of B (default 500, the daemon's) until none is due; timers fired per second, each raising
//             its overdue alert into the outbox and its history row.
//   lag       the resident daemon (child process, system clock, poll 1 s) while this
//             process starts cases whose step is due 2 s later, for ~10 s; the lag of
//             each alert is the late_seconds the daemon wrote into it (1 s resolution).
//
// Usage: timers_bench [--pending N] [--catchup C] [--batch B] [--sync normal|full] [--only pending|catchup|lag] [--keep]
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <string>
#include <thread>
#include <vector>

#include "adapters/daemon/daemon_runner.h"
#include "adapters/sqlite/sqlite_store.h"
#include "engine/time/clock.h"
#include "engine/engine.h"
#include "bench/bench_support.h"

namespace krabuan::bench {

const char* const kBenchName = "timers_bench";

namespace {

using SteadyClock = std::chrono::steady_clock;


std::string ProcessXml(const std::string& due) {
  return R"xml(<?xml version="1.0" encoding="UTF-8"?>
<process id="deadline" name="Deadline" start-roles="clerk">
  <start id="start" to="work"/>
  <task id="work" name="Do the work" role="clerk" due=")xml" +
         due + R"xml(" to="end"/>
  <end id="end"/>
</process>
)xml";
}


bool g_full_sync = false;   // --sync full: the daemon's default durability

std::unique_ptr<Store> Open(const std::string& path, bool fresh) {
  if (fresh) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  SqliteOptions o;
  o.path = path;
  o.sync = g_full_sync ? SqliteOptions::Sync::kFull : SqliteOptions::Sync::kNormal;
  return Must(OpenSqliteStore(o), "open");
}

void Bootstrap(Engine& engine, const std::string& due) {
  Must(engine.Bootstrap(Actor{"admin"}, SourceFile{"org.xml", kClerkOrgXml}, {SourceFile{"deadline.xml", ProcessXml(due)}}),
       "bootstrap");
}

void StartCases(Engine& engine, int n) {
  StartRequest request;
  request.process_id = "deadline";
  for (int i = 0; i < n; ++i) Must(engine.Start(Actor{"u1"}, request), "start");
}

double Seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

long StatusKb(pid_t pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
  }
  return -1;
}

// This program again, as a resident daemon on `db` (see ChildMain).
pid_t SpawnDaemon(const std::string& db, const char* clock) {
  pid_t pid = fork();
  if (pid < 0) Die("fork");
  if (pid == 0) {
    execl("/proc/self/exe", "timers_bench", "--daemon-child", db.c_str(), clock, static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int ChildMain(const std::string& db, const std::string& clock_mode) {
  auto store = Open(db, false);
  std::unique_ptr<Clock> clock;
  if (clock_mode == "system") {
    clock = std::make_unique<SystemClock>();
  } else {
    clock = std::make_unique<FixedClock>(Must(ParseInstant(clock_mode), "clock"));
  }
  Engine engine(*store, *clock);
  auto log = std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
  DaemonRunner runner(engine, *clock, DaemonSettings{}, log);
  return runner.Run();
}

void StopDaemon(pid_t pid) {
  kill(pid, SIGTERM);
  int st = 0;
  waitpid(pid, &st, 0);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) Die("the daemon child did not stop cleanly");
}

void PendingPhase(const std::string& db, int n) {
  const Instant now = Must(ParseInstant("2025-08-01T09:00+07:00"), "now");
  {
    auto store = Open(db, true);
    FixedClock clock(now);
    Engine engine(*store, clock);
    Bootstrap(engine, "P1D");
    auto t0 = SteadyClock::now();
    auto txn = Must(store->BeginWrite(), "begin");
    for (int i = 0; i < n; ++i) {
      // Spread over the coming year, a few seconds apart; wait timers of no instance
      // (they never come due during the bench).
      TimerRecord t;
      t.due_at = now + std::chrono::hours(1) + std::chrono::seconds(31 * (i + 1));
      t.kind = TimerKind::kWait;
      Must(txn->InsertTimer(t), "insert timer");
    }
    Must(txn->Commit(), "commit");
    std::printf("pending: inserted %d timers in %.1f s\n", n, Seconds(SteadyClock::now() - t0));
  }
  // A fresh connection, as the daemon has.
  auto store = Open(db, false);
  FixedClock clock(now);
  Engine engine(*store, clock);
  constexpr int kLookups = 10000;
  std::vector<double> us;
  us.reserve(kLookups);
  for (int i = 0; i < kLookups; ++i) {
    auto t0 = SteadyClock::now();
    auto txn = Must(store->BeginRead(), "read");
    auto next = Must(txn->NextTimerDue(), "next due");
    if (!next) Die("no next due");
    us.push_back(Seconds(SteadyClock::now() - t0) * 1e6);
  }
  std::sort(us.begin(), us.end());
  std::printf("pending: next-due lookup (read transaction included): median %.1f us, p99 %.1f us, max %.1f us\n",
              us[kLookups / 2], us[kLookups * 99 / 100], us.back());
  constexpr int kRounds = 1000;
  auto t0 = SteadyClock::now();
  for (int i = 0; i < kRounds; ++i) {
    FireResult r = Must(engine.FireDueTimers(500), "fire");
    if (r.fired != 0) Die("a timer fired in the idle rounds");
  }
  std::printf("pending: idle daemon round (BEGIN IMMEDIATE, due query, next due, commit): %.1f us\n",
              Seconds(SteadyClock::now() - t0) * 1e6 / kRounds);
  pid_t child = SpawnDaemon(db, "2025-08-01T09:00+07:00");
  long rss_max = 0;
  for (int i = 0; i < 50; ++i) {   // 5 s of the daemon sleeping and polling
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    rss_max = std::max(rss_max, StatusKb(child, "VmRSS:"));
  }
  long hwm = StatusKb(child, "VmHWM:");
  StopDaemon(child);
  std::printf("pending: resident daemon over 5 s with %d pending timers: RSS max %.1f MiB, peak (VmHWM) %.1f MiB\n", n,
              rss_max / 1024.0, hwm / 1024.0);
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return sec(u.ru_utime) + sec(u.ru_stime);
}

void CatchupPhase(const std::string& db, int n, int batch) {
  bool full = g_full_sync;
  g_full_sync = false;
  auto store = Open(db, true);
  const Instant start = Must(ParseInstant("2025-08-01T09:00+07:00"), "now");
  auto t0 = SteadyClock::now();
  {
    FixedClock at_start(start);
    Engine starter(*store, at_start);
    Bootstrap(starter, "P1D");
    StartCases(starter, n);
  }
  std::printf("catchup: started %d cases in %.1f s\n", n, Seconds(SteadyClock::now() - t0));
  g_full_sync = full;

  FixedClock later(start + std::chrono::hours(48));   // every step a day late
  store.reset();
  store = Open(db, false);   // with the sync the run asked for (the cases were started fast)
  Engine engine(*store, later);
  std::int64_t fired = 0;
  double cpu0 = CpuSeconds();
  t0 = SteadyClock::now();
  while (true) {
    FireResult r = Must(engine.FireDueTimers(batch), "fire");
    fired += r.fired;
    if (r.failed > 0) Die("timers failed");
    if (r.fired < batch) break;
  }
  double s = Seconds(SteadyClock::now() - t0);
  double cpu = CpuSeconds() - cpu0;
  auto txn = Must(store->BeginRead(), "read");
  std::int64_t alerts = Must(txn->CountAlerts(), "alerts");
  if (alerts != n || fired != n) Die("expected one alert per case");
  std::printf("catchup: fired %lld overdue timers (alert + history each), batches of %d, synchronous=%s, in %.2f s: %.0f timers/s\n",
              static_cast<long long>(fired), batch, g_full_sync ? "FULL" : "NORMAL", s, fired / s);
  // CPU time is what another job on the machine disturbs least: compare builds by it.
  std::printf("catchup: %.1f µs of CPU per timer (user + system): %.0f timers per CPU second\n", 1e6 * cpu / fired,
              fired / cpu);
}

void LagPhase(const std::string& db) {
  {
    auto store = Open(db, true);
    SystemClock clock;
    Engine engine(*store, clock);
    Bootstrap(engine, "PT2S");
  }
  pid_t child = SpawnDaemon(db, "system");
  auto store = Open(db, false);
  SystemClock clock;
  Engine engine(*store, clock);
  constexpr int kCases = 100;
  for (int i = 0; i < kCases; ++i) {   // one every 100 ms
    StartCases(engine, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::seconds(4));
  StopDaemon(child);
  auto txn = Must(store->BeginRead(), "read");
  auto alerts = Must(txn->ListAlerts(kCases + 10), "alerts");
  if (alerts.size() != kCases) Die("expected " + std::to_string(kCases) + " alerts, found " + std::to_string(alerts.size()));
  std::vector<long long> lag;
  for (const AlertRecord& a : alerts) {
    auto p = nlohmann::json::parse(a.payload);
    lag.push_back(p.value("late_seconds", 0LL));
  }
  std::sort(lag.begin(), lag.end());
  double mean = 0;
  for (long long l : lag) mean += l;
  std::printf("lag: %d steps due 2 s after their start, system clock, poll 1 s: lag median %lld s, max %lld s, mean %.2f s "
              "(whole seconds)\n",
              kCases, lag[lag.size() / 2], lag.back(), mean / lag.size());
}

}  // namespace
}  // namespace krabuan::bench

int main(int argc, char** argv) {
  using namespace krabuan::bench;
  if (argc == 4 && std::string(argv[1]) == "--daemon-child") return ChildMain(argv[2], argv[3]);
  int pending = 1000000;
  int catchup = 100000;
  int batch = 500;
  std::string only;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--pending") {
      pending = std::stoi(value());
    } else if (a == "--catchup") {
      catchup = std::stoi(value());
    } else if (a == "--batch") {
      batch = std::stoi(value());
    } else if (a == "--sync") {
      std::string v = value();
      if (v != "full" && v != "normal") Die("--sync full|normal");
      g_full_sync = v == "full";
    } else if (a == "--only") {
      only = value();
    } else if (a == "--keep") {
      keep = true;
    } else {
      Die("unknown option " + a + " (--pending N, --catchup C, --batch B, --sync full|normal, --only pending|catchup|lag, --keep)");
    }
  }
  char tmpl[] = "/tmp/krabuan-timers-bench-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) Die("mkdtemp");
  std::string dir = tmpl;
  if (only.empty() || only == "pending") PendingPhase(dir + "/pending.db", pending);
  if (only.empty() || only == "catchup") CatchupPhase(dir + "/catchup.db", catchup, batch);
  if (only.empty() || only == "lag") LagPhase(dir + "/lag.db");
  if (!keep) std::filesystem::remove_all(dir);
  return 0;
}
