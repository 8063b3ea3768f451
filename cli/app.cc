#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <ostream>

#include "cli/absence_command.h"
#include "cli/audit_command.h"
#include "cli/migrate_command.h"
#include "cli/commands.h"
#include "cli/daemon_command.h"
#include "cli/describe_command.h"
#include "cli/convert_command.h"
#include "cli/manual_command.h"
#include "cli/plan_command.h"
#include "cli/remote.h"
#include "cli/render_command.h"
#include "cli/token_command.h"
#include "engine/text/escape.h"

namespace krabuan::cli {
namespace {

// An installed service's socket (deploy/krabuan.service).
bool InstalledServiceListens() {
  std::error_code ec;
  return std::filesystem::is_socket(kInstalledSocket, ec);
}

}  // namespace

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err, const ServedCommand* served) {
  CLI::App app{"krabuan: the Policy and Planning Group's procedures as running processes"};
  app.require_subcommand(0, 1);
  app.fallthrough();  // global options may follow the subcommand: `krabuan tasks --json`
  app.set_help_all_flag("--help-all", "Help for every command");

  // The service runs a client's command with the client's settings, never its own
  // environment's.
  auto env = [served](const char* name) { return served ? std::string() : std::string(name); };
  GlobalOptions g;
  g.db = DefaultDatabasePath();
  auto* db_option = app.add_option("--db", g.db, "Database file")->envname(env("KRABUAN_DB"));
  app.add_option("--as", g.as, "Act as this login (administrators; anyone on a database file they own alone)")
      ->envname(env("KRABUAN_USER"));
  app.add_flag("--json", g.json, "Machine-readable output");
  app.add_option("--now", g.now, "Fixed clock, ISO-8601 (e.g. 2025-08-01T09:00+07:00)")->envname(env("KRABUAN_NOW"));
  auto* server_option =
      app.add_option("--server", g.server, "Send the command to the service listening here (unix:PATH or tcp:HOST:PORT)")
          ->envname(env("KRABUAN_SERVER"));
  if (served) {
    g.as = served->as;
    g.now = served->now;
  }
  Io io{out, err};
  // Each command's callback leaves what it would run here; it runs once the whole line
  // parsed, in this process or, with --server, in the service.
  std::function<int()> action;
  bool local_only = false;

  std::string processes_dir;
  auto* init = app.add_subcommand("init", "Create the database; deploy processes/ and the org file");
  init->add_option("--processes", processes_dir, "Folder with org.xml and the process files")->envname("KRABUAN_PROCESSES");
  init->callback([&] {
    local_only = true;
    action = [&] { return CmdInit(g, processes_dir, io); };
  });

  app.add_subcommand("org", "Positions, users, roles and the acting order")->callback([&] { action = [&] { return CmdOrg(g, io); }; });

  std::vector<std::string> files;
  auto* deploy = app.add_subcommand("deploy", "Deploy process files (administrators)");
  deploy->add_option("files", files, "Process files")->required();
  bool force = false;
  deploy->add_flag("--force", force, "Deploy even when the structure or soundness checks fail (recorded)");
  deploy->callback([&] { action = [&] { return CmdDeploy(g, files, force, io); }; });

  auto* validate = app.add_subcommand("validate", "Check process files without deploying");
  validate->add_option("files", files, "Process files")->required();
  validate->callback([&] { action = [&] { return CmdValidate(g, files, io); }; });

  // Every listing shows a page: at most --limit rows, then how many more there are.
  int limit = kDefaultLimit;
  auto add_limit = [&limit](CLI::App* listing) {
    listing->add_option("--limit", limit, "Show at most N rows (default " + std::to_string(kDefaultLimit) + ")")
        ->check(CLI::Range(1, 1000000000));
  };

  auto* processes = app.add_subcommand("processes", "Deployed processes");
  add_limit(processes);
  processes->callback([&] { action = [&] { return CmdProcesses(g, limit, io); }; });

  std::string process, key, comment, task, outcome, user, instance, state, reason, role;
  std::vector<std::string> sets;
  auto* start = app.add_subcommand("start", "Start a process; prints the new instance id");
  start->add_option("process", process, "Process id")->required();
  start->add_option("--set", sets, "Input NAME=VALUE (repeatable)")->allow_extra_args(false);
  start->add_option("--key", key, "Business key, unique among running instances of the process");
  start->add_option("--comment", comment, "Comment for the history");
  start->callback([&] { action = [&] { return CmdStart(g, process, sets, key, comment, io); }; });

  bool all = false;
  auto* tasks = app.add_subcommand("tasks", "Open tasks you may act on");
  auto* all_flag = tasks->add_flag("--all", all, "Every open task (administrators, group director)");
  tasks->add_option("--role", role, "Only tasks of this role")->excludes(all_flag);
  tasks->add_option("--instance", instance, "Only this instance's tasks");
  bool overdue_only = false;
  tasks->add_flag("--overdue", overdue_only, "Only tasks past their due time");
  add_limit(tasks);
  tasks->callback([&] { action = [&] { return CmdTasks(g, all, role, instance, overdue_only, limit, io); }; });

  auto* overdue = app.add_subcommand("overdue", "Late work: every open task past its due, how late, and with whom");
  add_limit(overdue);
  overdue->callback([&] { action = [&] { return CmdOverdue(g, limit, io); }; });
  std::string retry_alert, retry_sink;
  auto* alerts = app.add_subcommand("alerts", "The alert outbox (overdue alerts raised by the daemon), per sink");
  alerts->add_option("--retry", retry_alert, "Re-queue this alert's failed deliveries (administrators)");
  alerts->add_option("--sink", retry_sink, "With --retry: only this sink's delivery");
  alerts->callback([&] { action = [&] { return retry_alert.empty() ? CmdAlerts(g, io) : CmdRetryAlert(g, retry_alert, retry_sink, io); }; });

  bool failed_timers = false;
  std::string rearm_timer;
  auto* timers = app.add_subcommand("timers", "Failed timers (kept, marked with the error), and re-arming one");
  auto* failed_flag = timers->add_flag("--failed", failed_timers, "List the timers whose effect failed");
  timers->add_option("--retry", rearm_timer, "Re-arm this failed timer (administrators)")->excludes(failed_flag);
  timers->callback([&] {
    action = [&] {
      if (rearm_timer.empty() && !failed_timers) {
        err << "krabuan: timers: give --failed or --retry ID\n";
        return kExitUsage;
      }
      return rearm_timer.empty() ? CmdFailedTimers(g, io) : CmdRearmTimer(g, rearm_timer, io);
    };
  });

  AbsentArgs absent_args;
  auto* absent = app.add_subcommand("absent", "Record who is away (acting officers stand in), list or cancel absences");
  absent->add_option("user", absent_args.user, "Login (default: --as)");
  auto* absent_list = absent->add_flag("--list", absent_args.list, "Absences today and ahead");
  auto* absent_cancel = absent->add_option("--cancel", absent_args.cancel, "Cancel this absence (its id)");
  absent->add_option("--from", absent_args.from, "First day away, e.g. 2025-08-01")->excludes(absent_list, absent_cancel);
  absent->add_option("--to", absent_args.to, "Last day away")->excludes(absent_list, absent_cancel);
  absent->add_option("--reason", absent_args.reason, "Why (for the record)");
  absent_list->excludes(absent_cancel);
  absent->callback([&] { action = [&] { return CmdAbsent(g, absent_args, io); }; });

  auto* claim = app.add_subcommand("claim", "Take a task so that only you work on it");
  claim->add_option("task", task, "Task id")->required();
  claim->callback([&] { action = [&] { return CmdClaim(g, task, io); }; });

  auto* complete = app.add_subcommand("complete", "Complete a task");
  complete->add_option("task", task, "Task id")->required();
  complete->add_option("--outcome", outcome, "Outcome value or its Thai label");
  complete->add_option("--set", sets, "Field NAME=VALUE (repeatable)")->allow_extra_args(false);
  complete->add_option("--comment", comment, "Comment for the history");
  complete->callback([&] { action = [&] { return CmdComplete(g, task, outcome, sets, comment, io); }; });

  auto* reassign = app.add_subcommand("reassign", "Give a task to another user (administrators)");
  reassign->add_option("task", task, "Task id")->required();
  reassign->add_option("user", user, "Login")->required();
  reassign->add_option("--comment", comment, "Comment for the history");
  reassign->callback([&] { action = [&] { return CmdReassign(g, task, user, comment, io); }; });

  auto* show = app.add_subcommand("show", "An instance: state, open tasks, variables, history");
  show->add_option("instance", instance, "Instance id")->required();
  show->callback([&] { action = [&] { return CmdShow(g, instance, io); }; });

  auto* describe = app.add_subcommand("describe", "What a process asks for: inputs, who starts it, its steps");
  describe->add_option("process", process, "Process id")->required();
  describe->callback([&] { action = [&] { return CmdDescribe(g, process, io); }; });

  auto* task_cmd = app.add_subcommand("task", "One task: its fields, outcomes, deadlines and case");
  task_cmd->add_option("id", task, "Task id")->required();
  task_cmd->callback([&] { action = [&] { return CmdTask(g, task, io); }; });

  auto* instances = app.add_subcommand("instances", "Instances, optionally filtered");
  instances->add_option("--process", process, "Process id");
  instances->add_option("--state", state, "running, completed or cancelled")
      ->check(CLI::IsMember({"running", "completed", "cancelled"}));
  add_limit(instances);
  instances->callback([&] { action = [&] { return CmdInstances(g, process, state, limit, io); }; });

  auto* cancel = app.add_subcommand("cancel", "Cancel a running instance (administrators)");
  cancel->add_option("instance", instance, "Instance id")->required();
  cancel->add_option("--reason", reason, "Why")->required();
  cancel->callback([&] { action = [&] { return CmdCancel(g, instance, reason, io); }; });

  PlanArgs plan_args;
  auto* plan = app.add_subcommand("plan", "The timing table of a procedure for a fiscal year");
  plan->add_option("process", plan_args.process, "Process id")->required();
  plan->add_option("--fiscal-year", plan_args.fiscal_year, "Buddhist-Era fiscal year, e.g. 2568")->required();
  plan->add_option("--start", plan_args.start, "When the procedure starts (default: 1 October of the fiscal year)");
  plan->add_option("--format", plan_args.format, "table (default), csv (UTF-8 with BOM) or svg (Gantt chart)")
      ->check(CLI::IsMember({"table", "csv", "svg"}));
  plan->add_option("--out", plan_args.out, "Write to this file instead of stdout");
  plan->callback([&] { action = [&] { return CmdPlan(g, plan_args, io); }; });

  ManualArgs manual_args;
  auto* manual = app.add_subcommand("manual", "The operations manual regenerated from the deployed processes");
  manual->add_option("--format", manual_args.format, "html (default, one page with flowcharts) or md")
      ->check(CLI::IsMember({"html", "md"}));
  manual->add_option("--fiscal-year", manual_args.fiscal_year, "Fiscal year of the timing tables (default: now's)");
  manual->add_option("--out", manual_args.out, "Folder to write manual.html or manual.md (and flowcharts) into");
  manual->callback([&] { action = [&] { return CmdManual(g, manual_args, io); }; });

  bool once = false;
  bool daemon_status = false;
  DaemonArgs daemon_args;
  auto* daemon = app.add_subcommand("daemon", "The timer daemon: fires due timers, raises alerts; runs until SIGTERM");
  daemon->add_flag("--once", once, "Fire everything due now and exit (for cron and tests)");
  daemon->add_flag("--status", daemon_status, "The daemon's health: lease holder, last batch, lag, pending timers");
  daemon->add_option("--batch", daemon_args.batch, "Timers fired per transaction (default 100)");
  daemon->add_option("--poll-ms", daemon_args.poll_ms, "Timers others add are noticed within this (default 1000)");
  daemon->add_option("--lease-ttl", daemon_args.lease_ttl,
                     "Seconds after its last heartbeat that a silent daemon's lease lapses (default 15)");
  daemon->add_option("--speed", daemon_args.speed, "Run the clock this many times real time, from --now (demos)");
  daemon->add_flag("--step", daemon_args.step, "Jump the clock from --now to each next due timer (needs --until)");
  daemon->add_option("--until", daemon_args.until, "Stop once the clock reaches this (ISO-8601)");
  daemon->add_option("--log", daemon_args.log, "console (default, stderr), syslog, or a file path");
  daemon->add_option("--log-level", daemon_args.log_level, "trace, debug, info (default), warn, error");
  std::string config_file;
  daemon->add_option("--config", config_file, "Config file: alert sinks, retries (see the README)")->envname("KRABUAN_CONFIG");
  daemon->add_option("--listen", daemon_args.listen,
                     "Serve every command here too: unix:PATH or tcp:HOST:PORT (repeatable; see the README's API)");
  daemon->add_flag("--serve-only", daemon_args.serve_only, "With --listen: serve, and leave the timers to another daemon");
  daemon->add_option("--socket-group", daemon_args.socket_group, "With unix: the group that may connect (the office's staff)");
  daemon->add_option("--checkpoint-every", daemon_args.checkpoint_every,
                     "Seconds between signed audit checkpoints (default 60; 0: none)");
  daemon->add_flag("--client-clock", daemon_args.client_clock,
                   "Let clients set the clock with --now (tests and demos; needs the daemon's own --now)");
  daemon->callback([&] {
    action = [&] {
      if (once && daemon_status) {
        err << "krabuan: give --once or --status, not both\n";
        return kExitUsage;
      }
      if (once) return CmdFireDue(g, config_file, io);
      if (daemon_status) return CmdDaemonStatus(g, io);
      daemon_args.config = config_file;
      return CmdDaemon(g, daemon_args, io);
    };
    // The commands that work on the database file itself, run where it is.
    local_only = !daemon_status;
  });

  TokenArgs token_args;
  auto* token = app.add_subcommand("token", "API tokens for clients over TCP (administrators)");
  token->require_subcommand(1, 1);
  auto* token_create = token->add_subcommand("create", "Make a token that acts as LOGIN; it is shown once");
  token_create->add_option("login", token_args.login, "The login it acts as")->required();
  token_create->add_option("--expires", token_args.expires, "The last day it works (default: until revoked)");
  token_create->callback([&] { token_args.action = "create"; });
  token->add_subcommand("list", "Every token: who, made when and by whom, until when, revoked")->callback([&] {
    token_args.action = "list";
  });
  auto* token_revoke = token->add_subcommand("revoke", "Revoke a token: it stops working at once");
  token_revoke->add_option("id", token_args.id, "Token id")->required();
  token_revoke->callback([&] { token_args.action = "revoke"; });
  token->callback([&] { action = [&] { return CmdToken(g, token_args, io); }; });

  AuditArgs audit_args;
  auto* audit = app.add_subcommand("audit", "The audit log: its key, signed checkpoints, and verifying the database");
  audit->require_subcommand(1, 1);
  audit->add_subcommand("key", "Print the public key the audit checkpoints are signed with (made when missing)")
      ->callback([&] { audit_args.action = "key"; });
  audit->add_subcommand("checkpoint", "Sign the audit log's head now (the daemon does it every minute)")->callback([&] {
    audit_args.action = "checkpoint";
  });
  auto* audit_verify = audit->add_subcommand("verify", "Check the whole database against the audit log (administrators)");
  audit_verify->add_option("--key", audit_args.key, "The public key checkpoints must be signed with (hex)");
  audit_verify->add_option("--file", audit_args.file, "Check an audit export instead (needs no database)");
  audit_verify->callback([&] {
    audit_args.action = "verify";
    local_only = !audit_args.file.empty();   // an export is checked where it is
  });
  auto* audit_export = audit->add_subcommand("export", "Write the audit log (or a period of it) to a self-contained file");
  audit_export->add_option("--out", audit_args.out, "The file to write")->required();
  audit_export->add_option("--from", audit_args.from, "First office day (default: the beginning)");
  audit_export->add_option("--to", audit_args.to, "Last office day (default: now)");
  audit_export->callback([&] { audit_args.action = "export"; });
  audit->callback([&] { action = [&] { return CmdAudit(g, audit_args, io); }; });

  MigrateArgs migrate_args;
  auto* migrate = app.add_subcommand(
      "migrate", "Copy the database file (--db) into an office of a PostgreSQL database, all or nothing, and verify it");
  migrate->add_option("--to", migrate_args.to, "A PostgreSQL connection string or postgresql:// URI")->required();
  migrate->add_option("--office", migrate_args.office, "The office to copy into, new or empty (default main)");
  migrate->callback([&] {
    local_only = true;   // it reads the file itself
    action = [&] { return CmdMigrate(g, migrate_args, io); };
  });

  RenderOptions render_opts;
  auto* render = app.add_subcommand("render", "A process's flowchart as Graphviz DOT or SVG");
  render->add_option("process", render_opts.process, "Process id")->required();
  render->add_option("--instance", render_opts.instance, "Draw this instance's path and open tasks over it");
  render->add_option("--format", render_opts.format, "dot (default) or svg (needs Graphviz)")
      ->check(CLI::IsMember({"dot", "svg"}));
  render->add_option("--out", render_opts.out, "Write to this file instead of stdout");
  render->callback([&] { action = [&] { return CmdRender(g, render_opts, io); }; });

  ConvertArgs convert_args;
  auto* convert = app.add_subcommand("convert", "A BPMN 2.0 file as a native process file");
  convert->add_option("file", convert_args.file, "The .bpmn file")->required();
  convert->add_option("-o,--out", convert_args.out, "Write to this file instead of stdout");
  convert->add_option("--role-map", convert_args.role_map, "candidateGroups GROUP=ROLE (repeatable)");
  convert->add_option("--default-role", convert_args.default_role, "Role of tasks that name no group (pp-officer)");
  convert->add_flag("--no-automatic-tasks", convert_args.no_automatic_tasks, "Refuse serviceTask and scriptTask");
  convert->add_option("--process", convert_args.process, "Which process, when the file has several");
  convert->callback([&] {
    local_only = true;
    action = [&] { return CmdConvert(g, convert_args, io); };
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e, out, err);   // --help
    bool no_command = app.get_subcommands().empty();
    if (no_command && dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr && argc > 1) {
      // The first word that is not an option is what the user meant as a command.
      std::string word;
      for (const std::string& r : app.remaining()) {
        if (!r.starts_with("-")) {
          word = r;
          break;
        }
      }
      err << "krabuan: unknown command '" << EscapeControls(word) << "' (krabuan --help lists the commands)\n";
    } else {
      err << "krabuan: " << EscapeControls(e.what()) << " (krabuan " << (no_command ? "" : app.get_subcommands().front()->get_name() + " ")
          << "--help)\n";
    }
    return kExitUsage;
  } catch (const std::exception& e) {
    err << "krabuan: internal error: " << EscapeControls(e.what()) << "\n";
    return kExitInternal;
  }
  if (app.get_subcommands().empty() || !action) {
    err << "krabuan: a command is required (krabuan --help lists the commands)\n";
    return kExitUsage;
  }
  const std::string command = app.get_subcommands().front()->get_name();
  if (served) {
    if (db_option->count() > 0 || server_option->count() > 0) {
      err << "krabuan: the service works on its own database; a client gives neither --db nor --server\n";
      return kExitUsage;
    }
    if (local_only) {
      err << "krabuan: '" << command << "' works on the database file itself: run it on the service's machine, "
          << "as the service's account, without --server\n";
      return kExitUsage;
    }
    g.db = served->db;
    g.served = served->sessions;
    g.files = served->files;
  } else if (g.server.empty() && !local_only && db_option->count() == 0 && InstalledServiceListens()) {
    g.server = "unix:" + std::string(kInstalledSocket);   // the office's service, when this machine runs one
  }
  if (!served && !g.server.empty() && !local_only) {
    if (db_option->count() > 0) {
      err << "krabuan: give --db or --server, not both: with --server the service's database is used\n";
      return kExitUsage;
    }
    RemoteCommand remote{g.server, {}, g.as, g.now, {}, ""};
    for (int i = 1; i < argc; ++i) remote.args.emplace_back(argv[i]);
    if (command == "deploy" || command == "validate") remote.uploads = files;
    if (command == "render") remote.out = render_opts.out;
    if (command == "plan") remote.out = plan_args.out;
    if (command == "manual") remote.out = manual_args.out;
    if (command == "audit") remote.out = audit_args.out;
    return RunRemote(remote, io);
  }
  try {
    return action();
  } catch (const std::exception& e) {
    err << "krabuan: internal error: " << EscapeControls(e.what()) << "\n";
    return kExitInternal;
  }
}

}  // namespace krabuan::cli
