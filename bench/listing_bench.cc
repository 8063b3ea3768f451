// Listing benchmark: whole-process times of the command line's listings on a database of
// a million finished cases and 10,000 open tasks.
//
// The database is built once (and kept; --rebuild builds it again): `krabuan init` deploys
// the bundled processes, then SQL writes N finished budget-request cases (each with its
// completed first task) and M running ones, each with its open first task (unclaimed, role
// budget-analyst: p33's), due in fiscal year 2569. The rows are shaped as the engine
// writes them; no ANALYZE is run, as none is on a real database.
//
// Then each listing runs as its own process (fork/exec of the krabuan binary, output to
// /dev/null), R times; the median, the fastest and the slowest wall time are printed, the
// median CPU time (user + system, from wait4: what the process itself cost, whatever else
// the machine runs), and the last line the listing printed (the paging line).
//
// Usage: listing_bench [--db PATH] [--cases N] [--open M] [--repeat R] [--rebuild]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using SteadyClock = std::chrono::steady_clock;

struct Options {
  std::string db = "/tmp/krabuan-listing-bench.db";
  long cases = 1'000'000;
  long open = 10'000;
  int repeat = 11;
  bool rebuild = false;
};

// Runs the krabuan binary with `args`; returns its exit status. `out` receives stdout when
// given; `cpu_ms` the child's user + system CPU time.
int RunCli(const std::vector<std::string>& args, std::string* out, double* cpu_ms = nullptr) {
  int pipefd[2] = {-1, -1};
  if (out != nullptr && pipe(pipefd) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(out != nullptr ? pipefd[1] : null, 1);
    dup2(null, 2);
    std::vector<char*> argv;
    std::string bin = KRABUAN_CLI_PATH;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  if (out != nullptr) {
    close(pipefd[1]);
    char buf[65536];
    ssize_t n;
    while ((n = read(pipefd[0], buf, sizeof buf)) > 0) out->append(buf, static_cast<std::size_t>(n));
    close(pipefd[0]);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  if (cpu_ms != nullptr) {
    *cpu_ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void Build(const Options& o) {
  std::filesystem::remove(o.db);
  std::filesystem::remove(o.db + "-wal");
  std::filesystem::remove(o.db + "-shm");
  auto t0 = SteadyClock::now();
  if (RunCli({"--db", o.db, "--as", "admin", "--now", "2024-10-01T09:00+07:00", "init"}, nullptr) != 0) {
    std::fprintf(stderr, "krabuan init failed\n");
    std::exit(3);
  }
  SQLite::Database db(o.db, SQLite::OPEN_READWRITE);
  db.exec("PRAGMA synchronous=OFF");
  std::string def_id, version;
  {
    SQLite::Statement def(db, "SELECT id, version FROM definitions WHERE process_id = 'budget-request' "
                              "ORDER BY version DESC LIMIT 1");
    if (!def.executeStep()) {
      std::fprintf(stderr, "budget-request is not deployed\n");
      std::exit(3);
    }
    def_id = def.getColumn(0).getString();
    version = def.getColumn(1).getString();
  }
  const std::string name =
      "สำนักงานเขตพื้นที่การศึกษา แจ้งนโยบายและแผนพัฒนามาตรฐานการศึกษาขั้นพื้นฐานหลักเกณฑ์ "
      "และวิธีการจัดตั้งงบประมาณให้สถานศึกษาดำเนินการ";
  db.exec("BEGIN");
  // Finished cases, each with its first task completed.
  SQLite::Statement done(db,
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
                         "INSERT INTO instances (definition_id, process_id, version, business_key, state, started_at, "
                         "started_by, ended_at) SELECT ?2, 'budget-request', ?3, 'ปีงบประมาณ 2568 ชุดที่ ' || i, "
                         "'completed', '2024-10-01T02:00:00Z', 'p32', '2025-09-30T09:00:00Z' FROM n");
  done.bind(1, static_cast<std::int64_t>(o.cases));
  done.bind(2, def_id);
  done.bind(3, version);
  done.exec();
  SQLite::Statement done_tasks(db,
                               "INSERT INTO tasks (instance_id, token_id, process_id, node_id, name, role, assignee, "
                               "state, outcome, created_at, due_at, completed_at, completed_by) "
                               "SELECT id, 0, 'budget-request', 'announce', ?1, 'budget-analyst', 'p33', 'completed', "
                               "'', started_at, '2025-09-30T16:59:59Z', ended_at, 'p33' FROM instances");
  done_tasks.bind(1, name);
  done_tasks.exec();
  // Running cases, each resting at its first task: open, unclaimed, due in FY 2569.
  SQLite::Statement running(db,
                            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
                            "INSERT INTO instances (definition_id, process_id, version, business_key, state, "
                            "started_at, started_by) SELECT ?2, 'budget-request', ?3, 'ปีงบประมาณ 2569 ชุดที่ ' || i, "
                            "'running', '2025-10-01T02:00:00Z', 'p32' FROM n");
  running.bind(1, static_cast<std::int64_t>(o.open));
  running.bind(2, def_id);
  running.bind(3, version);
  running.exec();
  db.exec("INSERT INTO tokens (instance_id, node_id, arrived_from) "
          "SELECT id, 'announce', 'start' FROM instances WHERE state = 'running'");
  SQLite::Statement open_tasks(db,
                               "INSERT INTO tasks (instance_id, token_id, process_id, node_id, name, role, assignee, "
                               "state, created_at, due_at) "
                               "SELECT k.instance_id, k.id, 'budget-request', 'announce', ?1, 'budget-analyst', '', "
                               "'open', '2025-10-01T02:00:00Z', strftime('%Y-%m-%dT%H:%M:%SZ', '2026-09-30T16:59:59', "
                               "'-' || (k.id % 300) || ' days') FROM tokens k");
  open_tasks.bind(1, name);
  open_tasks.exec();
  db.exec("COMMIT");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  double s = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  std::printf("built %s: %ld finished cases, %ld open tasks, %.1f MiB, in %.1f s\n", o.db.c_str(), o.cases, o.open,
              static_cast<double>(std::filesystem::file_size(o.db)) / (1 << 20), s);
}

struct Listing {
  std::string label;
  std::vector<std::string> args;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--db") {
      o.db = next();
    } else if (a == "--cases") {
      o.cases = std::stol(next());
    } else if (a == "--open") {
      o.open = std::stol(next());
    } else if (a == "--repeat") {
      o.repeat = std::stoi(next());
    } else if (a == "--rebuild") {
      o.rebuild = true;
    } else {
      std::fprintf(stderr, "usage: listing_bench [--db PATH] [--cases N] [--open M] [--repeat R] [--rebuild]\n");
      return 2;
    }
  }
  if (o.rebuild || !std::filesystem::exists(o.db)) Build(o);

  // Nothing is late on 1 Oct 2568 (every open task is due in 2569); all of it is late a
  // year on.
  const std::string early = "2025-10-01T09:00+07:00", late = "2026-10-01T09:00+07:00";
  std::vector<Listing> listings = {
      {"--help (process start, no database)", {"--help"}},
      {"tasks (p33: 10,000 tasks)", {"--as", "p33", "--now", early, "tasks"}},
      {"tasks --all", {"--as", "admin", "--now", early, "tasks", "--all"}},
      {"tasks --overdue (none late)", {"--as", "p33", "--now", early, "tasks", "--overdue"}},
      {"tasks --overdue (all late)", {"--as", "p33", "--now", late, "tasks", "--overdue"}},
      {"overdue (none late)", {"--as", "p33", "--now", early, "overdue"}},
      {"overdue (all late)", {"--as", "p33", "--now", late, "overdue"}},
      {"instances --state running", {"--as", "p33", "--now", early, "instances", "--state", "running"}},
      {"instances --state cancelled (none)", {"--as", "p33", "--now", early, "instances", "--state", "cancelled"}},
      {"processes", {"--as", "p33", "--now", early, "processes"}},
      {"tasks --json", {"--as", "p33", "--now", early, "tasks", "--json"}},
  };
  std::printf("%-38s %9s %9s %9s %9s  %s\n", "listing (whole process)", "median ms", "min ms", "max ms", "CPU ms",
              "last line");
  for (const Listing& l : listings) {
    std::vector<std::string> args = {"--db", o.db};
    args.insert(args.end(), l.args.begin(), l.args.end());
    std::string out;
    int code = RunCli(args, &out);
    if (code != 0) {
      std::fprintf(stderr, "%s: exit %d\n", l.label.c_str(), code);
      return 3;
    }
    while (!out.empty() && out.back() == '\n') out.pop_back();
    std::string last = out.substr(out.find_last_of('\n') == std::string::npos ? 0 : out.find_last_of('\n') + 1);
    if (last.size() > 60) last = last.substr(0, 60) + "…";
    std::vector<double> ms, cpu;
    for (int r = 0; r < o.repeat; ++r) {
      auto t0 = SteadyClock::now();
      double c = 0;
      RunCli(args, nullptr, &c);
      ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count());
      cpu.push_back(c);
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf("%-38s %9.1f %9.1f %9.1f %9.1f  %s\n", l.label.c_str(), ms[ms.size() / 2], ms.front(), ms.back(),
                cpu[cpu.size() / 2], last.c_str());
  }
  return 0;
}
