#include "cli/migrate_command.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/migrate/sqlite_to_postgres.h"
#include "cli/app.h"
#include "cli/audit_command.h"
#include "engine/engine.h"
#include "engine/time/clock.h"

namespace krabuan::cli {

int CmdMigrate(const GlobalOptions& g, const MigrateArgs& args, Io io) {
  if (g.served) return Fail(Status::Invalid("migrate reads the database file itself: run it without --server"), io.err);
  PostgresOptions target;
  target.conninfo = args.to;
  target.office = args.office;
  Result<MigrationReport> report = MigrateSqliteToPostgres(g.db, target);
  if (!report.ok()) return Fail(report.status().WithPrefix("migrate: "), io.err);
  if (g.json) {
    io.out << nlohmann::json{{"office", args.office}, {"rows", report->rows}}.dump(2) << "\n";
  } else {
    io.out << "copied '" << g.db << "' into office '" << args.office << "':";
    for (const auto& [table, rows] : report->rows) io.out << " " << table << " " << rows << ",";
    io.out << " in one transaction\n";
  }
  // What was copied is checked where it now lives, as `audit verify` checks a file.
  target.mode = PostgresOptions::Mode::kReadOnly;
  Result<std::unique_ptr<Store>> store = OpenPostgresStore(target);
  if (!store.ok()) return Fail(store.status(), io.err);
  SystemClock clock;
  Engine engine(**store, clock);
  Result<AuditReport> audit = engine.VerifyAudit(nullptr, "");
  if (!audit.ok()) return Fail(audit.status(), io.err);
  return g.json ? (audit->holds ? kExitOk : kExitRefused) : PrintAuditReport(g, *audit, io);
}

}  // namespace krabuan::cli
