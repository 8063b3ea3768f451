// One function per subcommand. Each opens a session, makes one engine call and prints.
#pragma once

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/session.h"

namespace krabuan::cli {

struct Io {
  std::ostream& out;
  std::ostream& err;
};

int CmdInit(const GlobalOptions& g, const std::string& processes_dir, Io io);
int CmdOrg(const GlobalOptions& g, Io io);
int CmdDeploy(const GlobalOptions& g, const std::vector<std::string>& files, bool force, Io io);
int CmdValidate(const GlobalOptions& g, const std::vector<std::string>& files, Io io);
// The listings show at most `limit` rows, then a line saying how many more there are
// (`--json`: "total" and "more" beside the rows).
constexpr int kDefaultLimit = 50;
int CmdProcesses(const GlobalOptions& g, int limit, Io io);
int CmdStart(const GlobalOptions& g, const std::string& process, const std::vector<std::string>& sets,
             const std::string& key, const std::string& comment, Io io);
int CmdTasks(const GlobalOptions& g, bool all, const std::string& role, const std::string& instance, bool overdue,
             int limit, Io io);
// Late work: every open task past its due, with how late and whom it is with.
int CmdOverdue(const GlobalOptions& g, int limit, Io io);
// Late work as a table (Thai headings) and as JSON with late_seconds and escalated_to.
std::string LateTable(const std::vector<TaskView>& late, Instant now);
nlohmann::json LateJson(const std::vector<TaskView>& late, Instant now);
// The alert outbox.
int CmdAlerts(const GlobalOptions& g, Io io);
int CmdClaim(const GlobalOptions& g, const std::string& task, Io io);
int CmdComplete(const GlobalOptions& g, const std::string& task, const std::string& outcome,
                const std::vector<std::string>& sets, const std::string& comment, Io io);
int CmdReassign(const GlobalOptions& g, const std::string& task, const std::string& user,
                const std::string& comment, Io io);
int CmdShow(const GlobalOptions& g, const std::string& instance, Io io);
int CmdInstances(const GlobalOptions& g, const std::string& process, const std::string& state, int limit, Io io);
int CmdCancel(const GlobalOptions& g, const std::string& instance, const std::string& reason, Io io);

// Fires every timer due by now, in batches, then exits (`daemon --once`). With a config
// file (`--config`), then delivers the due alerts to its sinks.
int CmdFireDue(const GlobalOptions& g, const std::string& config, Io io);
// Administrators: re-queues an alert's failed deliveries (`alerts --retry ID [--sink S]`).
int CmdRetryAlert(const GlobalOptions& g, const std::string& alert, const std::string& sink, Io io);

// The folder `init` deploys from when neither --processes nor $KRABUAN_PROCESSES names
// one: the working directory's processes/, else the share folder installed beside the
// program (<prefix>/share/krabuan/processes for <prefix>/bin/krabuan), the first that
// has an org.xml; Invalid naming both places when neither has.
Result<std::string> DefaultProcessesDir();

}  // namespace krabuan::cli
