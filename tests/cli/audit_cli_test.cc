// `krabuan audit verify` against edits made with SQL outside the engine: each edit of the
// tamper suite (history rows, whole cases, the state tables, deployed files, the org,
// absences, tokens, the log itself and its checkpoints) must be found, named, and answered
// with exit 1; the untouched database holds with exit 0.
#include <fstream>
#include <functional>

#include "adapters/sqlite/sqlite_store.h"
#include "engine/exec/audit_append.h"
#include "engine/runtime/audit_chain.h"
#include "engine/runtime/history_chain.h"
#include "tests/cli/cli_fixture.h"
#include "tests/support/test_service.h"

namespace krabuan::clitest {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<StoreTransaction> ReadStore(const fs::path& db, std::unique_ptr<Store>& store) {
  SqliteOptions options;
  options.path = db.string();
  options.mode = SqliteOptions::Mode::kReadOnly;
  store = std::move(OpenSqliteStore(options).value());
  return std::move(store->BeginRead().value());
}

std::vector<HistoryRecord> CaseHistory(const fs::path& db, InstanceId id) {
  std::unique_ptr<Store> store;
  return ReadStore(db, store)->HistoryOf(id).value();
}

std::vector<AuditEntry> AuditLog(const fs::path& db) {
  std::unique_ptr<Store> store;
  return ReadStore(db, store)->AuditEntries(0, 1000000).value();
}

std::string Blob(const std::string& hex) { return "X'" + hex + "'"; }

// A forger who also re-seals: sets the last seal of `subject` to the case's state as it is
// now, re-hashes the log from there and removes the checkpoints that would show it.
void Reseal(const fs::path& db, InstanceId id) {
  std::unique_ptr<Store> store;
  std::string digest = CaseStateNow(*ReadStore(db, store), id).value();
  store.reset();
  std::vector<AuditEntry> log = AuditLog(db);
  std::size_t at = log.size();
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (log[i].kind == "case-state" && log[i].subject == "case " + std::to_string(id)) at = i;
  }
  log[at].digest = digest;
  for (std::size_t i = at; i < log.size(); ++i) {
    log[i].prev_hash = i == 0 ? "" : log[i - 1].hash;
    log[i].hash = AuditHash(log[i]);
    ExecuteSql(db, "UPDATE audit_log SET digest = " + Blob(log[i].digest) + ", hash = " + Blob(log[i].hash) +
                       " WHERE seq = " + std::to_string(log[i].seq));
  }
  ExecuteSql(db, "DELETE FROM audit_checkpoints");
}

// Rewrites rows from `from` on so that each case's chain holds again: what a forger who
// knows the (unkeyed) hash does.
void Rehash(const fs::path& db, std::vector<HistoryRecord> rows, std::size_t from) {
  for (std::size_t i = from; i < rows.size(); ++i) {
    rows[i].prev_hash = i == 0 ? "" : rows[i - 1].hash;
    rows[i].hash = HistoryHash(rows[i]);
    ExecuteSql(db, "UPDATE history SET user = '" + rows[i].user + "', hash = " + Blob(rows[i].hash) +
                       " WHERE id = " + std::to_string(rows[i].id));
  }
}

struct Tamper {
  std::string name;
  std::function<void(const fs::path&)> edit;
  std::string named;   // what verify's first problem must mention
  bool first = true;   // false: any problem may (the edit breaks more than one thing)
};

class CliAudit : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    // Two cases with some history, an absence, a token, and a signed head.
    first_ = StartBudget("p33", "operating");
    Complete("p33", first_, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
    SchoolRequests(first_, {"school-01", "school-02"}, "p38", {"--set", "requested_amount=50000"});
    second_ = StartBudget("p33", "investment");
    Must(As("admin", {"absent", "p34", "--from", "2025-08-04", "--to", "2025-08-05", "--reason", "ลาพักผ่อน"}));
    Must(As("admin", {"token", "create", "p33"}));
    // After the fiscal year's end: the announce steps are overdue, and alerts are raised.
    Must(cli_.RunWithEnv({"daemon", "--once"}, {{"KRABUAN_NOW", "2025-10-02T09:00+07:00"}}));
    Must(As("admin", {"audit", "checkpoint"}));
  }

  CliResult Verify() const { return As("admin", {"audit", "verify", "--json"}); }

  std::int64_t first_ = 0, second_ = 0;
};

TEST_F(CliAudit, AnUntouchedDatabaseHoldsAndEveryCommandIsInTheLog) {
  CliResult r = Verify();
  ASSERT_EQ(r.exit_code, 0) << r;
  json report = r.Json();
  EXPECT_EQ(report.at("holds"), true);
  EXPECT_EQ(report.at("checkpoints_verified"), 1);
  EXPECT_EQ(std::to_string(report.at("cases").get<int>()), QueryDatabase(cli_.db(), "SELECT COUNT(*) FROM instances")[0][0]);
  EXPECT_EQ(std::to_string(report.at("history_rows").get<int>()),
            QueryDatabase(cli_.db(), "SELECT COUNT(*) FROM history")[0][0]);
  // Every kind of record is vouched for by an entry.
  for (const char* kind : {"history", "case-state", "definition", "org", "holidays", "absence", "token", "alert"}) {
    EXPECT_NE(QueryDatabase(cli_.db(), std::string("SELECT COUNT(*) FROM audit_log WHERE kind = '") + kind + "'")[0][0],
              "0")
        << kind;
  }
  std::string key = Must(As("admin", {"audit", "key"})).out;
  key.pop_back();
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(As("admin", {"audit", "verify", "--key", key}).exit_code, 0);
  CliResult other_key = As("admin", {"audit", "verify", "--key", std::string(64, 'a')});
  EXPECT_EQ(other_key.exit_code, 1) << other_key;
  EXPECT_NE(other_key.err.find("not the service's key"), std::string::npos) << other_key;
  // On the file, whoever can read it (as they could read every row); through the
  // service, administrators only.
  EXPECT_EQ(As("p33", {"audit", "verify"}).exit_code, ServedMode() ? 1 : 0);
}

void PrintTo(const Tamper& t, std::ostream* os) { *os << t.name; }

class CliTamper : public CliAudit, public ::testing::WithParamInterface<Tamper> {
 protected:
  CliTamper() { tampered_ = true; }
};

TEST_P(CliTamper, AuditVerifyNamesTheEditAndExits1) {
  GetParam().edit(cli_.db());
  CliResult r = Verify();
  EXPECT_EQ(r.exit_code, 1) << r;
  json report = r.Json();
  ASSERT_TRUE(report.is_object()) << r;
  EXPECT_EQ(report.at("holds"), false) << r;
  ASSERT_TRUE(report.at("first_problem").is_string()) << r;
  bool named = false;
  for (const json& p : GetParam().first ? json::array({report.at("first_problem")}) : report.at("problems")) {
    named = named || p.get<std::string>().find(GetParam().named) != std::string::npos;
  }
  EXPECT_TRUE(named) << "expected " << (GetParam().first ? "the first problem" : "a problem") << " to name '"
                     << GetParam().named << "':\n" << r;
}

std::string Middle(const fs::path& db, InstanceId id) {
  std::vector<HistoryRecord> rows = CaseHistory(db, id);
  return std::to_string(rows[rows.size() / 2].id);
}

std::vector<Tamper> Edits() {
  return {
      {"history_detail", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE history SET detail = '{\"amount\":\"1\"}' WHERE id = " + Middle(db, 1));
       }, "history row"},
      {"history_comment", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE history SET comment = 'แก้ไข' WHERE id = " + Middle(db, 1));
       }, "history row"},
      {"history_time", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE history SET at = '2025-01-01T00:00:00Z' WHERE id = " + Middle(db, 1));
       }, "history row"},
      {"middle_row_deleted", [](const fs::path& db) {
         ExecuteSql(db, "DELETE FROM history WHERE id = " + Middle(db, 1));
       }, "history row"},
      {"last_rows_deleted", [](const fs::path& db) {
         ExecuteSql(db, "DELETE FROM history WHERE id IN (SELECT id FROM history WHERE instance_id = 1 ORDER BY id DESC "
                        "LIMIT 2)");
       }, "history row"},
      {"all_rows_of_a_case_deleted", [](const fs::path& db) {
         ExecuteSql(db, "DELETE FROM history WHERE instance_id = 2");
       }, "history row"},
      {"row_appended_with_its_hash", [](const fs::path& db) {
         std::vector<HistoryRecord> rows = CaseHistory(db, 1);
         HistoryRecord forged = rows.back();
         forged.id = 0;
         forged.action = "cancelled";
         forged.prev_hash = rows.back().hash;
         forged.hash = HistoryHash(forged);
         ExecuteSql(db, "INSERT INTO history (instance_id, at, user, role, capacity, action, node_id, task_id, detail, "
                        "comment, hash) SELECT instance_id, at, user, role, capacity, 'cancelled', node_id, task_id, "
                        "detail, comment, " + Blob(forged.hash) + " FROM history WHERE id = " +
                            std::to_string(rows.back().id));
       }, "no audit entry"},
      {"user_changed_and_rest_rehashed", [](const fs::path& db) {
         std::vector<HistoryRecord> rows = CaseHistory(db, 1);
         rows[1].user = "admin";
         Rehash(db, rows, 1);
       }, "is not the row audit entry"},
      {"variable_changed", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE variables SET value = 'investment' WHERE instance_id = 1 AND name = 'budget_category'");
       }, "case 1"},
      {"task_state_changed", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE tasks SET state = 'completed' WHERE instance_id = 1 AND state = 'open'");
       }, "case 1"},
      {"assignee_changed", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE tasks SET assignee = 'p38' WHERE id = (SELECT MIN(id) FROM tasks WHERE instance_id = 2)");
       }, "case 2"},
      {"instance_state_changed", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE instances SET state = 'cancelled' WHERE id = 2");
       }, "case 2"},
      {"token_deleted", [](const fs::path& db) {
         ExecuteSql(db, "DELETE FROM tokens WHERE instance_id = 2");
       }, "case 2"},
      {"definition_role_changed", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE definitions SET source = replace(source, 'role=\"budget-analyst\"', 'role=\"school\"') "
                        "WHERE process_id = 'budget-request'");
       }, "budget-request"},
      {"org_gives_p38_admin", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE documents SET source = replace(source, 'roles=\"admin-clerk\"', "
                        "'roles=\"admin-clerk admin\"') WHERE kind = 'org'");
       }, "org document"},
      {"absence_extended", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE absences SET to_date = '2025-12-31'");
       }, "absence 1"},
      {"token_given_to_admin", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE api_tokens SET login = 'admin'");
       }, "token 1"},
      {"alert_text_changed", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE alerts SET text = 'ไม่มีอะไร' WHERE id = 1");
       }, "alert 1"},
      {"state_forged_and_resealed", [](const fs::path& db) {
         // Seals, chain and (gone) checkpoints all agree; the history replayed does not.
         ExecuteSql(db, "UPDATE instances SET state = 'completed', ended_at = '2025-08-01T03:00:00Z' WHERE id = 2");
         Reseal(db, 2);
       }, "its history says it is running"},
      {"task_forged_and_resealed", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE tasks SET state = 'completed', outcome = '', completed_by = 'p33' "
                        "WHERE id = (SELECT MIN(id) FROM tasks WHERE instance_id = 2 AND state = 'open')");
         Reseal(db, 2);
       }, "never completed it"},
      {"variable_forged_and_resealed", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE variables SET value = 'investment' WHERE instance_id = 1 AND name = 'budget_category'");
         Reseal(db, 1);
       }, "but its history set it to 'operating'"},
      {"rows_reordered", [](const fs::path& db) {
         std::vector<HistoryRecord> rows = CaseHistory(db, 1);
         std::string a = std::to_string(rows[1].id), b = std::to_string(rows[2].id);
         ExecuteSql(db, "UPDATE history SET id = -1 WHERE id = " + a + "; UPDATE history SET id = " + a +
                            " WHERE id = " + b + "; UPDATE history SET id = " + b + " WHERE id = -1");
       }, "history row"},
      {"whole_case_deleted", [](const fs::path& db) {
         ExecuteSql(db, "PRAGMA foreign_keys = OFF; DELETE FROM history WHERE instance_id = 2; "
                        "DELETE FROM tasks WHERE instance_id = 2; DELETE FROM tokens WHERE instance_id = 2; "
                        "DELETE FROM variables WHERE instance_id = 2; DELETE FROM timers WHERE instance_id = 2; "
                        "DELETE FROM instances WHERE id = 2");
       }, "history row"},
      {"log_tail_cut", [](const fs::path& db) {
         // The newest entries gone: whatever else they vouched for, the signed head shows it.
         ExecuteSql(db, "DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) - 2 FROM audit_log)");
       }, "cut off its end", false},
      {"log_entry_rewritten_and_rehashed", [](const fs::path& db) {
         std::vector<AuditEntry> log = AuditLog(db);
         std::size_t at = log.size() - 3;
         log[at].user = "someone-else";
         for (std::size_t i = at; i < log.size(); ++i) {
           log[i].prev_hash = log[i - 1].hash;
           log[i].hash = AuditHash(log[i]);
           ExecuteSql(db, "UPDATE audit_log SET user = '" + log[i].user + "', hash = " + Blob(log[i].hash) +
                              " WHERE seq = " + std::to_string(log[i].seq));
         }
       }, "rewritten"},
      {"checkpoint_changed", [](const fs::path& db) {
         ExecuteSql(db, "UPDATE audit_checkpoints SET at = '2030-01-01T00:00:00Z'");
       }, "signature"},
  };
}

INSTANTIATE_TEST_SUITE_P(Cli, CliTamper, ::testing::ValuesIn(Edits()),
                         [](const ::testing::TestParamInfo<Tamper>& info) { return info.param.name; });

TEST_F(CliAudit, AnExportIsCheckedOnAnotherMachineWithoutTheDatabase) {
  fs::path file = dir_.path() / "audit.json";
  Must(As("admin", {"audit", "export", "--out", file.string()}));
  std::string key = Must(As("admin", {"audit", "key"})).out;
  key.pop_back();
  // The inspector's machine: no database, only the file and the key told out of band.
  TempDir inspector;
  fs::path copy = inspector.path() / "audit.json";
  fs::copy_file(file, copy);
  std::map<std::string, std::optional<std::string>> no_db = {{"KRABUAN_DB", (inspector.path() / "none.db").string()}};
  CliResult ok = RunProgram(KrabuanBinary(), {"audit", "verify", "--file", copy.string(), "--key", key, "--json"}, no_db);
  ASSERT_EQ(ok.exit_code, 0) << ok;
  EXPECT_EQ(ok.Json().at("checkpoints_verified"), 1);
  EXPECT_EQ(ok.Json().at("history_rows").get<int>(), std::stoi(QueryDatabase(cli_.db(), "SELECT COUNT(*) FROM history")[0][0]));
  EXPECT_FALSE(fs::exists(inspector.path() / "none.db"));

  // A period: it begins at the chain's hash before it, and still holds.
  fs::path period = inspector.path() / "period.json";
  Must(As("admin", {"audit", "export", "--out", period.string(), "--from", "2025-08-01", "--to", "2025-08-01"}));
  EXPECT_EQ(RunProgram(KrabuanBinary(), {"audit", "verify", "--file", period.string(), "--key", key}, no_db).exit_code, 0);

  // Any change to the file shows.
  json edited = json::parse(ReadTextFile(copy));
  edited["history"][1]["user"] = "admin";
  std::ofstream(copy, std::ios::trunc) << edited.dump();
  CliResult changed = RunProgram(KrabuanBinary(), {"audit", "verify", "--file", copy.string(), "--key", key}, no_db);
  EXPECT_EQ(changed.exit_code, 1) << changed;
  EXPECT_NE(changed.err.find("history row"), std::string::npos) << changed;
  edited = json::parse(ReadTextFile(file));
  edited["checkpoints"][0]["hash"] = std::string(64, '0');
  std::ofstream(copy, std::ios::trunc) << edited.dump();
  EXPECT_EQ(RunProgram(KrabuanBinary(), {"audit", "verify", "--file", copy.string(), "--key", key}, no_db).exit_code, 1);
  std::ofstream(copy, std::ios::trunc) << "{}";
  CliResult foreign = RunProgram(KrabuanBinary(), {"audit", "verify", "--file", copy.string()}, no_db);
  EXPECT_EQ(foreign.exit_code, 1) << foreign;
  EXPECT_NE(foreign.err.find("not an audit export"), std::string::npos) << foreign;
}

TEST_F(CliAudit, AChangedDefinitionIsNotLoadedAndABrokenCaseTakesNoMoreRows) {
  tampered_ = true;
  ExecuteSql(cli_.db(), "UPDATE history SET comment = 'แก้ไข' WHERE id = " + Middle(cli_.db(), 2));
  std::string before = Dump();
  CliResult cancel = As("admin", {"cancel", std::to_string(second_), "--reason", "x"});
  EXPECT_EQ(cancel.exit_code, 3) << cancel;
  EXPECT_NE(cancel.err.find("audit verify"), std::string::npos) << cancel;
  EXPECT_EQ(Dump(), before);

  ExecuteSql(cli_.db(), "UPDATE definitions SET source = replace(source, 'role=\"budget-analyst\"', 'role=\"school\"') "
                        "WHERE process_id = 'budget-request'");
  CliResult start = As("p33", {"start", "budget-request", "--set", "fiscal_year=2568", "--set", "budget_category=operating"});
  EXPECT_EQ(start.exit_code, 3) << start;
  EXPECT_NE(start.err.find("changed in the database after it was deployed"), std::string::npos) << start;
}

}  // namespace
}  // namespace krabuan::clitest
