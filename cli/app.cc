#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/absence_command.h"
#include "cli/commands.h"
#include "cli/daemon_command.h"
#include "cli/describe_command.h"
#include "cli/convert_command.h"
#include "cli/manual_command.h"
#include "cli/plan_command.h"
#include "cli/render_command.h"
#include "engine/text/escape.h"

namespace krabuan::cli {

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"krabuan: the Policy and Planning Group's procedures as running processes"};
  app.require_subcommand(0, 1);
  app.fallthrough();  // global options may follow the subcommand: `krabuan tasks --json`
  app.set_help_all_flag("--help-all", "Help for every command");

  GlobalOptions g;
  g.db = DefaultDatabasePath();
  app.add_option("--db", g.db, "Database file")->envname("KRABUAN_DB");
  app.add_option("--as", g.as, "Act as this login (administrators; anyone on a database file they own alone)")
      ->envname("KRABUAN_USER");
  app.add_flag("--json", g.json, "Machine-readable output");
  app.add_option("--now", g.now, "Fixed clock, ISO-8601 (e.g. 2025-08-01T09:00+07:00)")->envname("KRABUAN_NOW");
  Io io{out, err};
  int code = kExitOk;

  std::string processes_dir;
  auto* init = app.add_subcommand("init", "Create the database; deploy processes/ and the org file");
  init->add_option("--processes", processes_dir, "Folder with org.xml and the process files")->envname("KRABUAN_PROCESSES");
  init->callback([&] { code = CmdInit(g, processes_dir, io); });

  app.add_subcommand("org", "Positions, users, roles and the acting order")->callback([&] { code = CmdOrg(g, io); });

  std::vector<std::string> files;
  auto* deploy = app.add_subcommand("deploy", "Deploy process files (administrators)");
  deploy->add_option("files", files, "Process files")->required();
  bool force = false;
  deploy->add_flag("--force", force, "Deploy even when the structure or soundness checks fail (recorded)");
  deploy->callback([&] { code = CmdDeploy(g, files, force, io); });

  auto* validate = app.add_subcommand("validate", "Check process files without deploying");
  validate->add_option("files", files, "Process files")->required();
  validate->callback([&] { code = CmdValidate(g, files, io); });

  // Every listing shows a page: at most --limit rows, then how many more there are.
  int limit = kDefaultLimit;
  auto add_limit = [&limit](CLI::App* listing) {
    listing->add_option("--limit", limit, "Show at most N rows (default " + std::to_string(kDefaultLimit) + ")")
        ->check(CLI::Range(1, 1000000000));
  };

  auto* processes = app.add_subcommand("processes", "Deployed processes");
  add_limit(processes);
  processes->callback([&] { code = CmdProcesses(g, limit, io); });

  std::string process, key, comment, task, outcome, user, instance, state, reason, role;
  std::vector<std::string> sets;
  auto* start = app.add_subcommand("start", "Start a process; prints the new instance id");
  start->add_option("process", process, "Process id")->required();
  start->add_option("--set", sets, "Input NAME=VALUE (repeatable)")->allow_extra_args(false);
  start->add_option("--key", key, "Business key, unique among running instances of the process");
  start->add_option("--comment", comment, "Comment for the history");
  start->callback([&] { code = CmdStart(g, process, sets, key, comment, io); });

  bool all = false;
  auto* tasks = app.add_subcommand("tasks", "Open tasks you may act on");
  auto* all_flag = tasks->add_flag("--all", all, "Every open task (administrators, group director)");
  tasks->add_option("--role", role, "Only tasks of this role")->excludes(all_flag);
  tasks->add_option("--instance", instance, "Only this instance's tasks");
  bool overdue_only = false;
  tasks->add_flag("--overdue", overdue_only, "Only tasks past their due time");
  add_limit(tasks);
  tasks->callback([&] { code = CmdTasks(g, all, role, instance, overdue_only, limit, io); });

  auto* overdue = app.add_subcommand("overdue", "Late work: every open task past its due, how late, and with whom");
  add_limit(overdue);
  overdue->callback([&] { code = CmdOverdue(g, limit, io); });
  std::string retry_alert, retry_sink;
  auto* alerts = app.add_subcommand("alerts", "The alert outbox (overdue alerts raised by the daemon), per sink");
  alerts->add_option("--retry", retry_alert, "Re-queue this alert's failed deliveries (administrators)");
  alerts->add_option("--sink", retry_sink, "With --retry: only this sink's delivery");
  alerts->callback([&] { code = retry_alert.empty() ? CmdAlerts(g, io) : CmdRetryAlert(g, retry_alert, retry_sink, io); });

  bool failed_timers = false;
  std::string rearm_timer;
  auto* timers = app.add_subcommand("timers", "Failed timers (kept, marked with the error), and re-arming one");
  auto* failed_flag = timers->add_flag("--failed", failed_timers, "List the timers whose effect failed");
  timers->add_option("--retry", rearm_timer, "Re-arm this failed timer (administrators)")->excludes(failed_flag);
  timers->callback([&] {
    if (rearm_timer.empty() && !failed_timers) {
      err << "krabuan: timers: give --failed or --retry ID\n";
      code = kExitUsage;
    } else {
      code = rearm_timer.empty() ? CmdFailedTimers(g, io) : CmdRearmTimer(g, rearm_timer, io);
    }
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
  absent->callback([&] { code = CmdAbsent(g, absent_args, io); });

  auto* claim = app.add_subcommand("claim", "Take a task so that only you work on it");
  claim->add_option("task", task, "Task id")->required();
  claim->callback([&] { code = CmdClaim(g, task, io); });

  auto* complete = app.add_subcommand("complete", "Complete a task");
  complete->add_option("task", task, "Task id")->required();
  complete->add_option("--outcome", outcome, "Outcome value or its Thai label");
  complete->add_option("--set", sets, "Field NAME=VALUE (repeatable)")->allow_extra_args(false);
  complete->add_option("--comment", comment, "Comment for the history");
  complete->callback([&] { code = CmdComplete(g, task, outcome, sets, comment, io); });

  auto* reassign = app.add_subcommand("reassign", "Give a task to another user (administrators)");
  reassign->add_option("task", task, "Task id")->required();
  reassign->add_option("user", user, "Login")->required();
  reassign->add_option("--comment", comment, "Comment for the history");
  reassign->callback([&] { code = CmdReassign(g, task, user, comment, io); });

  auto* show = app.add_subcommand("show", "An instance: state, open tasks, variables, history");
  show->add_option("instance", instance, "Instance id")->required();
  show->callback([&] { code = CmdShow(g, instance, io); });

  auto* describe = app.add_subcommand("describe", "What a process asks for: inputs, who starts it, its steps");
  describe->add_option("process", process, "Process id")->required();
  describe->callback([&] { code = CmdDescribe(g, process, io); });

  auto* task_cmd = app.add_subcommand("task", "One task: its fields, outcomes, deadlines and case");
  task_cmd->add_option("id", task, "Task id")->required();
  task_cmd->callback([&] { code = CmdTask(g, task, io); });

  auto* instances = app.add_subcommand("instances", "Instances, optionally filtered");
  instances->add_option("--process", process, "Process id");
  instances->add_option("--state", state, "running, completed or cancelled")
      ->check(CLI::IsMember({"running", "completed", "cancelled"}));
  add_limit(instances);
  instances->callback([&] { code = CmdInstances(g, process, state, limit, io); });

  auto* cancel = app.add_subcommand("cancel", "Cancel a running instance (administrators)");
  cancel->add_option("instance", instance, "Instance id")->required();
  cancel->add_option("--reason", reason, "Why")->required();
  cancel->callback([&] { code = CmdCancel(g, instance, reason, io); });

  PlanArgs plan_args;
  auto* plan = app.add_subcommand("plan", "The timing table of a procedure for a fiscal year");
  plan->add_option("process", plan_args.process, "Process id")->required();
  plan->add_option("--fiscal-year", plan_args.fiscal_year, "Buddhist-Era fiscal year, e.g. 2568")->required();
  plan->add_option("--start", plan_args.start, "When the procedure starts (default: 1 October of the fiscal year)");
  plan->add_option("--format", plan_args.format, "table (default), csv (UTF-8 with BOM) or svg (Gantt chart)")
      ->check(CLI::IsMember({"table", "csv", "svg"}));
  plan->add_option("--out", plan_args.out, "Write to this file instead of stdout");
  plan->callback([&] { code = CmdPlan(g, plan_args, io); });

  ManualArgs manual_args;
  auto* manual = app.add_subcommand("manual", "The operations manual regenerated from the deployed processes");
  manual->add_option("--format", manual_args.format, "html (default, one page with flowcharts) or md")
      ->check(CLI::IsMember({"html", "md"}));
  manual->add_option("--fiscal-year", manual_args.fiscal_year, "Fiscal year of the timing tables (default: now's)");
  manual->add_option("--out", manual_args.out, "Folder to write manual.html or manual.md (and flowcharts) into");
  manual->callback([&] { code = CmdManual(g, manual_args, io); });

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
  daemon->callback([&] {
    if (once && daemon_status) {
      err << "krabuan: give --once or --status, not both\n";
      code = kExitUsage;
    } else if (once) {
      code = CmdFireDue(g, config_file, io);
    } else if (daemon_status) {
      code = CmdDaemonStatus(g, io);
    } else {
      daemon_args.config = config_file;
      code = CmdDaemon(g, daemon_args, io);
    }
  });

  RenderOptions render_opts;
  auto* render = app.add_subcommand("render", "A process's flowchart as Graphviz DOT or SVG");
  render->add_option("process", render_opts.process, "Process id")->required();
  render->add_option("--instance", render_opts.instance, "Draw this instance's path and open tasks over it");
  render->add_option("--format", render_opts.format, "dot (default) or svg (needs Graphviz)")
      ->check(CLI::IsMember({"dot", "svg"}));
  render->add_option("--out", render_opts.out, "Write to this file instead of stdout");
  render->callback([&] { code = CmdRender(g, render_opts, io); });

  ConvertArgs convert_args;
  auto* convert = app.add_subcommand("convert", "A BPMN 2.0 file as a native process file");
  convert->add_option("file", convert_args.file, "The .bpmn file")->required();
  convert->add_option("-o,--out", convert_args.out, "Write to this file instead of stdout");
  convert->add_option("--role-map", convert_args.role_map, "candidateGroups GROUP=ROLE (repeatable)");
  convert->add_option("--default-role", convert_args.default_role, "Role of tasks that name no group (pp-officer)");
  convert->add_flag("--no-automatic-tasks", convert_args.no_automatic_tasks, "Refuse serviceTask and scriptTask");
  convert->add_option("--process", convert_args.process, "Which process, when the file has several");
  convert->callback([&] { code = CmdConvert(g, convert_args, io); });

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
  if (app.get_subcommands().empty()) {
    err << "krabuan: a command is required (krabuan --help lists the commands)\n";
    return kExitUsage;
  }
  return code;
}

}  // namespace krabuan::cli
