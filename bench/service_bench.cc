// Service benchmark: the command line through the service against embedded mode, many
// clients while the daemon catches up, and what the audit log costs.
//
// Phases, each on its own database file (a one-task process: each case has one open task,
// whose id is the case's):
//   roundtrip  R sequential `krabuan complete ID` runs (default 200), embedded (the CLI
//              opens the file) and through a serve-only service on a Unix socket: p50
//              and p99 of the whole process, as a person at a terminal waits for it.
//   clients    for 1, 8 and 32 concurrent clients: T overdue cases (default 20,000) and
//              the resident daemon with --listen started on them, so it catches up T
//              timers while the clients complete K tasks each (default 50) through its
//              socket: completions per second, commands that failed busy (exit 3) or
//              otherwise, and how many timers the daemon fired meanwhile.
//   audit      N finished cases (default 100,000, --cases): the cost of one signed
//              checkpoint, and `audit verify` over the whole file.
//
// Usage: service_bench [--only roundtrip|clients|audit] [--runs R] [--timers T] [--per-client K] [--cases N]
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <spdlog/sinks/null_sink.h>
#include <string>
#include <thread>
#include <vector>

#include "adapters/audit/key_file_signer.h"
#include "adapters/process/subprocess.h"
#include "adapters/server/http_server.h"
#include "adapters/sqlite/sqlite_store.h"
#include "engine/engine.h"
#include "bench/bench_support.h"
#include "engine/time/clock.h"

namespace krabuan::bench {

const char* const kBenchName = "service_bench";

namespace {

using SteadyClock = std::chrono::steady_clock;
namespace fs = std::filesystem;


constexpr char kProcessXml[] = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<process id="deadline" name="Deadline" start-roles="clerk">
  <start id="start" to="work"/>
  <task id="work" name="Do the work" role="clerk" due="P1D" to="end"/>
  <end id="end"/>
</process>
)xml";

constexpr const char* kStart = "2025-08-01T09:00+07:00";   // the cases start here
constexpr const char* kLater = "2025-08-03T09:00+07:00";   // every step is a day overdue


double Ms(SteadyClock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

std::string Binary() { return KRABUAN_CLI_PATH; }

struct Bench {
  fs::path dir;
  std::string db() const { return (dir / "bench.db").string(); }
  std::string socket() const { return (dir / "k.sock").string(); }
};

// A fresh database with `cases` started at kStart, each with its one open task.
void MakeCases(const Bench& b, int cases, bool finish = false) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(b.db() + suffix);
  SqliteOptions o;
  o.path = b.db();
  o.sync = SqliteOptions::Sync::kNormal;
  std::unique_ptr<Store> store = Must(OpenSqliteStore(o), "open");
  FixedClock clock(*ParseWrittenInstant(kStart));
  Engine engine(*store, clock);
  Must(engine.Bootstrap(Actor{"admin"}, SourceFile{"org.xml", kClerkOrgXml}, {SourceFile{"deadline.xml", kProcessXml}}),
       "bootstrap");
  StartRequest request;
  request.process_id = "deadline";
  for (int i = 0; i < cases; ++i) {
    InstanceId id = Must(engine.Start(Actor{"u1"}, request), "start");
    if (finish) Must(engine.Complete(Actor{"u1"}, CompleteRequest{static_cast<TaskId>(id)}), "complete");
  }
}

SubprocessResult Krabuan(const std::vector<std::string>& args, const std::map<std::string, std::optional<std::string>>& env) {
  SubprocessOptions o;
  o.program = Binary();
  o.args = args;
  o.env = env;
  o.drop_env_prefix = "KRABUAN_";
  return Must(RunSubprocess(o), "run krabuan");
}

// A daemon in the background until SIGTERM.
struct Daemon {
  pid_t pid = -1;
  Daemon(const Bench& b, std::vector<std::string> args) {
    pid = fork();
    if (pid == 0) {
      setenv("KRABUAN_DB", b.db().c_str(), 1);
      std::vector<std::string> all = {Binary(), "daemon", "--listen", "unix:" + b.socket(), "--log-level", "warn"};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (std::string& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    Endpoint at{Endpoint::Kind::kUnix, b.socket(), "", 0};
    for (int i = 0; i < 2000; ++i) {
      Result<HttpResponse> r = HttpCall(at, HttpRequest{"GET", "/v1/health", {}, ""}, std::chrono::seconds(2));
      if (r.ok() && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    Die("the daemon did not start");
  }
  ~Daemon() {
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
  }
};

void RoundTrip(const Bench& b, int runs) {
  MakeCases(b, 2 * runs);
  std::map<std::string, std::optional<std::string>> embedded = {{"KRABUAN_DB", b.db()}, {"KRABUAN_NOW", kStart}};
  std::vector<double> local, served;
  for (int i = 1; i <= runs; ++i) {
    auto t0 = SteadyClock::now();
    SubprocessResult r = Krabuan({"--as", "u1", "complete", std::to_string(i)}, embedded);
    if (!r.Succeeded()) Die("embedded complete: " + r.err);
    local.push_back(Ms(SteadyClock::now() - t0));
  }
  {
    Daemon service(b, {"--serve-only", "--client-clock", "--now", kStart, "--checkpoint-every", "0"});
    std::map<std::string, std::optional<std::string>> client = {{"KRABUAN_SERVER", "unix:" + b.socket()},
                                                                {"KRABUAN_NOW", kStart}};
    for (int i = runs + 1; i <= 2 * runs; ++i) {
      auto t0 = SteadyClock::now();
      SubprocessResult r = Krabuan({"--as", "u1", "complete", std::to_string(i)}, client);
      if (!r.Succeeded()) Die("served complete: " + r.err);
      served.push_back(Ms(SteadyClock::now() - t0));
    }
  }
  std::printf("roundtrip: `krabuan complete` x%d, whole process: embedded p50 %.1f ms p99 %.1f ms; "
              "through the service p50 %.1f ms p99 %.1f ms\n",
              runs, Percentile(local, 0.5), Percentile(local, 0.99), Percentile(served, 0.5), Percentile(served, 0.99));
}

void Clients(const Bench& b, int timers, int per_client) {
  for (int clients : {1, 8, 32}) {
    int open = clients * per_client;
    MakeCases(b, open + timers);
    std::atomic<int> next{1}, done{0}, busy{0}, failed{0};
    double seconds = 0;
    long fired = 0;
    {
      Daemon daemon(b, {"--now", kLater, "--checkpoint-every", "0"});
      std::map<std::string, std::optional<std::string>> client = {{"KRABUAN_SERVER", "unix:" + b.socket()}};
      auto t0 = SteadyClock::now();
      std::vector<std::thread> threads;
      for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&] {
          for (int i = next++; i <= open; i = next++) {
            SubprocessResult r = Krabuan({"--as", "u1", "complete", std::to_string(i)}, client);
            if (r.Succeeded()) {
              ++done;
            } else if (r.exit_code == 3) {
              ++busy;
            } else {
              ++failed;
              if (failed == 1) std::fprintf(stderr, "service_bench: a completion failed: %s\n", r.err.c_str());
            }
          }
        });
      }
      for (std::thread& t : threads) t.join();
      seconds = Ms(SteadyClock::now() - t0) / 1000;
      SubprocessResult status = Krabuan({"daemon", "--status", "--json"}, client);
      std::size_t at = status.out.find("\"fired_total\":");
      if (at != std::string::npos) fired = std::atol(status.out.c_str() + at + 14);
    }
    std::printf("clients: %2d concurrent, %d completions in %.2f s: %.0f/s; busy %d, other failures %d; "
                "meanwhile the daemon fired %ld of %d overdue timers\n",
                clients, done.load(), seconds, done / seconds, busy.load(), failed.load(), fired, timers + open);
  }
}

void Audit(const Bench& b, int cases) {
  auto t0 = SteadyClock::now();
  MakeCases(b, cases, /*finish=*/true);
  std::printf("audit: %d finished cases made in %.1f s\n", cases, Ms(SteadyClock::now() - t0) / 1000);
  SqliteOptions o;
  o.path = b.db();
  std::unique_ptr<Store> store = Must(OpenSqliteStore(o), "open");
  FixedClock clock(*ParseWrittenInstant(kLater));
  Engine engine(*store, clock);
  std::unique_ptr<KeyFileSigner> signer = Must(KeyFileSigner::Open(b.db() + ".audit-key", true), "key");
  constexpr int kCheckpoints = 200;
  t0 = SteadyClock::now();
  for (int i = 0; i < kCheckpoints; ++i) {
    StartRequest request;
    request.process_id = "deadline";
    Must(engine.Start(Actor{"u1"}, request), "start");   // a new head to sign
    Must(engine.SignAuditHead(*signer), "sign");
  }
  double with = Ms(SteadyClock::now() - t0);
  t0 = SteadyClock::now();
  for (int i = 0; i < kCheckpoints; ++i) {
    StartRequest request;
    request.process_id = "deadline";
    Must(engine.Start(Actor{"u1"}, request), "start");
  }
  double without = Ms(SteadyClock::now() - t0);
  std::printf("audit: one signed checkpoint (Ed25519, its own write transaction) costs %.2f ms\n",
              (with - without) / kCheckpoints);
  t0 = SteadyClock::now();
  AuditReport report = Must(engine.VerifyAudit(nullptr, signer->PublicKeyHex()), "verify");
  double verify = Ms(SteadyClock::now() - t0) / 1000;
  if (!report.holds) Die("the audit log does not hold: " + report.problems.front());
  std::printf("audit: verify over %lld entries, %lld history rows of %lld cases, %lld checkpoints: %.1f s "
              "(%.0f cases/s); file %.0f MiB\n",
              static_cast<long long>(report.entries), static_cast<long long>(report.history_rows),
              static_cast<long long>(report.cases), static_cast<long long>(report.checkpoints), verify,
              static_cast<double>(report.cases) / verify, static_cast<double>(fs::file_size(b.db())) / (1 << 20));
}

}  // namespace
}  // namespace krabuan::bench

int main(int argc, char** argv) {
  using namespace krabuan::bench;
  std::string only;
  int runs = 200, timers = 20000, per_client = 50, cases = 100000;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--only") only = argv[i + 1];
    else if (a == "--runs") runs = std::atoi(argv[i + 1]);
    else if (a == "--timers") timers = std::atoi(argv[i + 1]);
    else if (a == "--per-client") per_client = std::atoi(argv[i + 1]);
    else if (a == "--cases") cases = std::atoi(argv[i + 1]);
    else Die("unknown option " + a);
  }
  std::string tmpl = (fs::temp_directory_path() / "krabuan-service-bench-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) Die("mkdtemp");
  Bench b{tmpl};
  if (only.empty() || only == "roundtrip") RoundTrip(b, runs);
  if (only.empty() || only == "clients") Clients(b, timers, per_client);
  if (only.empty() || only == "audit") Audit(b, cases);
  fs::remove_all(b.dir);
  return 0;
}
