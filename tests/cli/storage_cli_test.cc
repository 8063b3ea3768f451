// What the database file goes through: only `init` makes a schema; a missing or empty file
// and another program's database are refused without a byte changed; a database the user
// can only read still serves every command that only reads; and the exit code tells a
// refusal (1) from a database or program failure (3).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

namespace fs = std::filesystem;

// The names in a folder, to see that nothing (a -wal, a -shm, a journal) was left behind.
std::set<std::string> Names(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

// Builds an SQLite file as another program would, with `sql`.
void MakeSqliteFile(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* msg = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg);
  std::string error = msg ? msg : "";
  sqlite3_free(msg);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << error;
}

// Commands that open an existing database, each as someone who could run it.
const std::vector<std::pair<std::string, std::vector<std::string>>>& EveryCommand() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> commands = {
      {"p33", {"tasks"}},
      {"p33", {"show", "1"}},
      {"p33", {"org"}},
      {"p33", {"processes"}},
      {"p33", {"instances"}},
      {"p33", {"overdue"}},
      {"p33", {"alerts"}},
      {"p33", {"absent", "--list"}},
      {"p33", {"start", "budget-request", "--set", "fiscal_year=2568", "--set", "budget_category=operating"}},
      {"p33", {"claim", "1"}},
      {"p33", {"complete", "1"}},
      {"admin", {"cancel", "1", "--reason", "x"}},
      {"admin", {"reassign", "1", "p34"}},
      {"p33", {"absent", "--from", "2025-08-04", "--to", "2025-08-05"}},
      {"admin", {"deploy", (ProcessesDir() / "budget-request.xml").string()}},
      {"admin", {"validate", (ProcessesDir() / "budget-request.xml").string()}},
      {"admin", {"daemon", "--once"}},
      {"admin", {"daemon", "--status"}},
      {"admin", {"render", "budget-request"}},
      {"admin", {"manual", "--format", "md"}},
  };
  return commands;
}

CliResult MustRun(CliResult r) {
  EXPECT_EQ(r.exit_code, 0) << r;
  return r;
}

std::string Describe(const std::vector<std::string>& args) {
  std::string s;
  for (const std::string& a : args) s += (s.empty() ? "" : " ") + a;
  return s;
}

// ---- not a Krabuan database (item: only init creates a schema) ---------------------

struct ForeignFile {
  std::string name;
  std::string sql;                // how another program made it; "" for raw `bytes`
  std::string bytes;
  std::string needle;             // on stderr
};

void PrintTo(const ForeignFile& f, std::ostream* os) { *os << f.name; }

class CliForeignFile : public ::testing::TestWithParam<ForeignFile> {
 protected:
  void SetUp() override {
    const ForeignFile& f = GetParam();
    if (f.sql.empty()) {
      dir_.WriteFile("file.db", f.bytes);
    } else {
      MakeSqliteFile(db_, f.sql);
    }
  }

  TempDir dir_;
  fs::path db_ = dir_.path() / "file.db";
};

TEST_P(CliForeignFile, EveryCommandRefusesItAndLeavesItByteIdentical) {
  const ForeignFile& f = GetParam();
  std::string before = ReadTextFile(db_);
  std::set<std::string> names = Names(dir_.path());
  CliRunner cli(db_);
  auto commands = EveryCommand();
  commands.push_back({"admin", {"init", "--processes", ProcessesDir().string()}});
  for (const auto& [login, args] : commands) {
    if (f.bytes.empty() && f.sql.empty() && args[0] == "init") continue;   // an empty file is init's to fill
    SCOPED_TRACE(Describe(args));
    CliResult r = cli.As(login, args);
    EXPECT_EQ(r.exit_code, 3) << r;
    EXPECT_EQ(r.out, "") << r;
    ASSERT_EQ(r.ErrLines().size(), 1u) << r;
    EXPECT_EQ(r.ErrLines()[0].rfind("krabuan: ", 0), 0u) << r;
    EXPECT_NE(r.err.find(db_.string()), std::string::npos) << r;
    EXPECT_NE(r.err.find(f.needle), std::string::npos) << r;
    EXPECT_EQ(ReadTextFile(db_), before) << "the file changed\n" << r;
    EXPECT_EQ(Names(dir_.path()), names) << r;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cli, CliForeignFile,
    ::testing::ValuesIn(std::vector<ForeignFile>{
        {"empty_file", "", "", "is empty, not a Krabuan database; run 'krabuan init'"},
        {"another_programs_database", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1, 'x');",
         "", "is not a Krabuan database"},
        {"another_programs_wal_database",
         "PRAGMA journal_mode=WAL; CREATE TABLE notes (id INTEGER PRIMARY KEY); INSERT INTO notes VALUES (1);", "",
         "is not a Krabuan database"},
        // Our table names are common ones: a schema_version table alone does not make it ours.
        {"another_programs_schema_version",
         "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);", "",
         "is not a Krabuan database"},
        {"another_application_id", "PRAGMA application_id = 1234; CREATE TABLE t (x);", "", "is not a Krabuan database"},
        {"text_file", "", "not a database, just some text\n", "not a Krabuan database"},
    }),
    [](const ::testing::TestParamInfo<ForeignFile>& info) { return info.param.name; });

TEST(CliDatabaseFile, AMissingDatabaseIsRefusedByEveryCommandButInitAndNotCreated) {
  TempDir dir;
  CliRunner cli(dir.path() / "missing.db");
  for (const auto& [login, args] : EveryCommand()) {
    if (args[0] == "validate") continue;   // checks the files alone when there is no database
    SCOPED_TRACE(Describe(args));
    CliResult r = cli.As(login, args);
    EXPECT_EQ(r.exit_code, 3) << r;
    ASSERT_EQ(r.ErrLines().size(), 1u) << r;
    EXPECT_NE(r.err.find("no database at '" + (dir.path() / "missing.db").string() + "'; run 'krabuan init' first"),
              std::string::npos)
        << r;
    EXPECT_TRUE(Names(dir.path()).empty()) << r;
  }
}

TEST(CliDatabaseFile, InitFillsAnEmptyFileAndMarksItAsKrabuans) {
  TempDir dir;
  fs::path db = dir.WriteFile("empty.db", "");
  CliRunner cli(db);
  MustRun(cli.Run({"init", "--processes", ProcessesDir().string()}));
  EXPECT_EQ(QueryDatabase(db, "PRAGMA application_id"), (std::vector<std::vector<std::string>>{{"1263682126"}}));
  EXPECT_EQ(json(MustRun(cli.As("p33", {"tasks", "--json"})).Json()).at("tasks"), json::array());
}

// A database made before the application_id mark is still ours, and gets the mark the
// next time it is written; one that only reads leaves it as it is.
TEST(CliDatabaseFile, ADatabaseWithoutTheMarkIsStillOurs) {
  TempDir dir;
  CliRunner cli(dir.path() / "old.db");
  MustRun(cli.Run({"init", "--processes", ProcessesDir().string()}));
  ExecuteSql(cli.db(), "PRAGMA application_id = 0");
  std::string before = ReadTextFile(cli.db());
  MustRun(cli.As("p33", {"tasks"}));
  EXPECT_EQ(ReadTextFile(cli.db()), before);
  MustRun(cli.As("p33", {"start", "budget-request", "--set", "fiscal_year=2568", "--set", "budget_category=operating"}));
  EXPECT_EQ(QueryDatabase(cli.db(), "PRAGMA application_id"), (std::vector<std::vector<std::string>>{{"1263682126"}}));
}

TEST(CliDatabaseFile, AFolderGivenAsTheDatabaseIsAStorageFailure) {
  TempDir dir;
  CliRunner cli(dir.path());
  CliResult r = cli.As("p33", {"tasks"});
  EXPECT_EQ(r.exit_code, 3) << r;
  ASSERT_EQ(r.ErrLines().size(), 1u) << r;
  EXPECT_NE(r.err.find("it is a folder"), std::string::npos) << r;
  r = cli.As("admin", {"init", "--processes", ProcessesDir().string()});
  EXPECT_EQ(r.exit_code, 3) << r;
}

// ---- exit codes --------------------------------------------------------------------

class CliStorageFailure : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    instance_ = StartBudget("p33", "operating");
  }
  std::int64_t instance_ = 0;
};

TEST_F(CliStorageFailure, ASchemaNewerThanTheProgramIsExit3AndUntouched) {
  tampered_ = true;   // a schema from the future: this program opens nothing in it
  ExecuteSql(cli_.db(), "UPDATE schema_version SET version = 999");
  std::string before = ReadTextFile(cli_.db());
  for (const auto& [login, args] : EveryCommand()) {
    SCOPED_TRACE(Describe(args));
    CliResult r = cli_.As(login, args);
    EXPECT_EQ(r.exit_code, 3) << r;
    ASSERT_EQ(r.ErrLines().size(), 1u) << r;
    EXPECT_NE(r.err.find("has schema version 999, newer than this program understands"), std::string::npos) << r;
    EXPECT_EQ(ReadTextFile(cli_.db()), before) << r;
  }
}

TEST_F(CliStorageFailure, ABusyDatabaseIsExit3SaysItIsSafeToRetryAndChangesNothing) {
  std::string before = Dump();
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(cli_.db().c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  cli_.SetEnv("KRABUAN_BUSY_TIMEOUT", "0.2");
  CliResult r = As("p33", {"complete", std::to_string(TaskId("p33", instance_, "announce")), "--set",
                           "policy_plan_notified=true", "--set", "criteria_notified=true"});
  CliResult reading = As("p33", {"show", std::to_string(instance_)});   // WAL: readers do not wait for writers
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  EXPECT_EQ(r.exit_code, 3) << r;
  ASSERT_EQ(r.ErrLines().size(), 1u) << r;
  EXPECT_NE(r.err.find("the database is busy"), std::string::npos) << r;
  EXPECT_NE(r.err.find("safe to retry"), std::string::npos) << r;
  EXPECT_EQ(reading.exit_code, 0) << reading;
  EXPECT_EQ(Dump(), before) << FirstDifference(before, Dump());
}

TEST_F(CliStorageFailure, ABadBusyTimeoutIsRefused) {
  cli_.SetEnv("KRABUAN_BUSY_TIMEOUT", "soon");
  CliResult r = As("p33", {"tasks"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("KRABUAN_BUSY_TIMEOUT 'soon'"), std::string::npos) << r;
}

// ---- a database the user can only read ---------------------------------------------

// Runs the binary as a user who may not write `dir`: directly when the suite is not root
// (the folder and file are made read-only), as the unprivileged `nobody` otherwise, since
// root writes whatever the permissions say.
class CliReadOnlyDatabase : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    instance_ = StartBudget("p33", "operating", "2568", {"--key", "K-1", "--comment", "ทดสอบ"});
    Complete("p33", instance_, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
    // A copy made as a backup is: the main file alone, closed cleanly (no -wal, no -shm).
    fs::create_directories(ro_);
    fs::copy_file(cli_.db(), copy_);
    ::chmod(copy_.c_str(), 0444);
    // The reader's own backup: a file it owns alone, so --as chooses whom it reads as.
    if (::geteuid() == 0 && ::chown(copy_.c_str(), 65534, 65534) != 0) FAIL() << "chown " << copy_;
    ::chmod(ro_.c_str(), 0555);
    // The reader must reach the folder and the binary.
    ::chmod(dir_.path().c_str(), 0755);
  }
  void TearDown() override { ::chmod(ro_.c_str(), 0755); }

  CliResult AsReader(const std::string& login, const std::vector<std::string>& args) const {
    std::map<std::string, std::optional<std::string>> env = {
        {"KRABUAN_DB", copy_.string()}, {"KRABUAN_NOW", kDefaultNow}, {"USER", kOutsiderLogin},
        {"LOGNAME", std::nullopt}, {"HOME", ro_.string()}};
    std::vector<std::string> full = {"--as", login};
    full.insert(full.end(), args.begin(), args.end());
    if (::geteuid() != 0) return RunProgram(KrabuanBinary(), full, env);
    std::vector<std::string> wrapped = {"--reuid=65534", "--regid=65534", "--clear-groups", "--", KrabuanBinary()};
    wrapped.insert(wrapped.end(), full.begin(), full.end());
    CliResult r = RunProgram("setpriv", wrapped, env);
    r.args = full;
    return r;
  }

  std::int64_t instance_ = 0;
  fs::path ro_ = dir_.path() / "ro";
  fs::path copy_ = ro_ / "backup.db";
};

TEST_F(CliReadOnlyDatabase, CommandsThatOnlyReadWorkAndShowWhatTheOriginalShows) {
  std::string id = std::to_string(instance_);
  std::string before = ReadTextFile(copy_);
  struct Read {
    std::string login;
    std::vector<std::string> args;
  };
  for (const Read& c : std::vector<Read>{{"admin", {"show", id, "--json"}},
                                         {"admin", {"show", id}},
                                         {"p38", {"tasks", "--json"}},
                                         {"admin", {"tasks", "--all"}},
                                         {"p33", {"instances", "--json"}},
                                         {"p33", {"processes", "--json"}},
                                         {"p33", {"org", "--json"}},
                                         {"p33", {"overdue", "--json"}},
                                         {"p33", {"alerts", "--json"}},
                                         {"p33", {"absent", "--list", "--json"}},
                                         {"p33", {"render", "budget-request", "--instance", id}},
                                         {"p33", {"validate", (ProcessesDir() / "budget-request.xml").string()}}}) {
    SCOPED_TRACE(Describe(c.args));
    CliResult copy = AsReader(c.login, c.args);
    CliResult original = As(c.login, c.args);
    EXPECT_EQ(copy.exit_code, 0) << copy;
    EXPECT_EQ(copy.out, original.out) << copy;
    EXPECT_EQ(copy.err, original.err) << copy;
  }
  // The daemon's health is read as well (exit 1: no daemon runs on the copy).
  CliResult status = AsReader("p33", {"daemon", "--status"});
  EXPECT_EQ(status.exit_code, 1) << status;
  EXPECT_NE(status.out.find("daemon: never ran on this database"), std::string::npos) << status;
  EXPECT_EQ(ReadTextFile(copy_), before);
  EXPECT_EQ(Names(ro_), std::set<std::string>{"backup.db"});
}

TEST_F(CliReadOnlyDatabase, CommandsThatWriteAreExit3AndSayTheDatabaseIsReadOnly) {
  std::string before = ReadTextFile(copy_);
  std::string task = std::to_string(TaskId("school-01", instance_, "school-request"));
  struct Write {
    std::string login;
    std::vector<std::string> args;
  };
  for (const Write& c : std::vector<Write>{
           {"p33", {"start", "budget-request", "--set", "fiscal_year=2568", "--set", "budget_category=operating"}},
           {"school-01", {"complete", task, "--set", "requested_amount=1000"}},
           {"school-01", {"claim", task}},
           {"admin", {"cancel", std::to_string(instance_), "--reason", "x"}},
           {"admin", {"deploy", (ProcessesDir() / "budget-request.xml").string()}},
           {"admin", {"init", "--processes", ProcessesDir().string()}},
           {"admin", {"daemon", "--once"}},
           {"p33", {"absent", "--from", "2025-08-04", "--to", "2025-08-05"}}}) {
    SCOPED_TRACE(Describe(c.args));
    CliResult r = AsReader(c.login, c.args);
    EXPECT_EQ(r.exit_code, 3) << r;
    EXPECT_EQ(r.out, "") << r;
    ASSERT_EQ(r.ErrLines().size(), 1u) << r;
    EXPECT_NE(r.err.find("read-only"), std::string::npos) << r;
    EXPECT_NE(r.err.find(copy_.string()), std::string::npos) << r;
  }
  EXPECT_EQ(ReadTextFile(copy_), before);
  EXPECT_EQ(Names(ro_), std::set<std::string>{"backup.db"});
}

}  // namespace
}  // namespace krabuan::clitest
