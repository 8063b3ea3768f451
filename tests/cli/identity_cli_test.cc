// Who acts, with real OS accounts: the binary takes the login from the account it runs
// as (mapped by os-user= in the org file), never from $USER, and honours --as only for an
// administrator's account or on a database file the caller owns alone. The accounts and
// the office's staff group are created here (root only, as CI runs; skipped otherwise)
// and left in place: every test creates them if missing, so tests may run side by side.
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/cli/cli_fixture.h"
#include "tests/support/os_accounts.h"

namespace krabuan::clitest {
namespace {

namespace fs = std::filesystem;

constexpr const char* kP33 = kP33Account;
constexpr const char* kAdmin = kAdminAccount;
constexpr const char* kOutsider = kOutsiderAccount;

class CliIdentity : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root: the test creates OS accounts";
    std::string why;
    ASSERT_TRUE(EnsureTestAccounts(why)) << why;
    // The bundled processes with an org file that maps two logins to accounts.
    CopyProcessesWithAccounts(processes_);
    // The office's database: root's file, readable and writable by the staff group, in a
    // folder only the group may enter (the -wal and -shm files are made there).
    ::chmod(dir_.path().c_str(), 0755);
    fs::create_directories(office_);
    CliRunner root(db_);
    CliResult init = root.As("admin", {"init", "--processes", processes_.string()});
    ASSERT_EQ(init.exit_code, 0) << init;
    for (const fs::path& p : {office_, db_}) {
      ASSERT_EQ(::chown(p.c_str(), 0, GroupId(kStaffGroup)), 0) << p;
    }
    ::chmod(office_.c_str(), 02770);
    ::chmod(db_.c_str(), 0660);
  }

  // Runs the binary as `account` (its own uid and groups) on `db`, with `env` on top.
  CliResult AsAccount(const char* account, const std::vector<std::string>& args,
                      std::map<std::string, std::optional<std::string>> env = {}, const fs::path& db = {}) const {
    env.emplace("KRABUAN_DB", (db.empty() ? db_ : db).string());
    env.emplace("KRABUAN_NOW", kDefaultNow);
    return RunAsAccount(account, args, std::move(env));
  }

  std::int64_t StartAs(const char* account, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"start", "budget-request", "--set", "fiscal_year=2568",
                                     "--set", "budget_category=operating", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    CliResult r = AsAccount(account, args);
    if (r.exit_code != 0) ADD_FAILURE() << r;
    return r.exit_code == 0 ? r.Json().at("instance").get<std::int64_t>() : 0;
  }

  json Show(std::int64_t id) const {
    CliResult r = AsAccount(kAdmin, {"show", std::to_string(id), "--json"});
    EXPECT_EQ(r.exit_code, 0) << r;
    return r.Json();
  }

  TempDir dir_;
  fs::path processes_ = dir_.path() / "processes";
  fs::path office_ = dir_.path() / "office";
  fs::path db_ = office_ / "krabuan.db";
};

TEST_F(CliIdentity, AnAccountActsAsItsOwnUserWhateverUserSays) {
  std::int64_t id = StartAs(kP33);
  ASSERT_NE(id, 0);
  json started = Show(id);
  EXPECT_EQ(started.at("started_by"), "p33");
  EXPECT_EQ(started.at("history").at(0).at("user"), "p33");
  std::string before = DumpDatabase(db_);
  CliResult cancel = AsAccount(kP33, {"cancel", std::to_string(id), "--reason", "x"});
  EXPECT_EQ(cancel.exit_code, 1) << cancel;
  EXPECT_NE(cancel.err.find("only an administrator may"), std::string::npos) << cancel;
  EXPECT_NE(cancel.err.find("'p33'"), std::string::npos) << cancel;
  EXPECT_EQ(DumpDatabase(db_), before);
}

TEST_F(CliIdentity, StaffMayNotChooseAnotherLogin) {
  std::int64_t id = StartAs(kP33);
  ASSERT_NE(id, 0);
  std::string before = DumpDatabase(db_);
  for (const auto& [args, env] : std::vector<std::pair<std::vector<std::string>, std::map<std::string, std::optional<std::string>>>>{
           {{"--as", "admin", "cancel", std::to_string(id), "--reason", "x"}, {}},
           {{"cancel", std::to_string(id), "--reason", "x"}, {{"KRABUAN_USER", "admin"}}}}) {
    CliResult r = AsAccount(kP33, args, env);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_NE(r.err.find("--as admin: only an administrator may act for another user"), std::string::npos) << r;
    EXPECT_NE(r.err.find(std::string("OS account '") + kP33 + "' acts as 'p33', who is not an administrator"),
              std::string::npos)
        << r;
  }
  EXPECT_EQ(DumpDatabase(db_), before);
  EXPECT_EQ(Show(id).at("state"), "running");
}

TEST_F(CliIdentity, AnAdministratorActsForSomeoneAndTheHistoryNamesBoth) {
  std::int64_t id = StartAs(kAdmin, {"--as", "p33"});
  ASSERT_NE(id, 0);
  json v = Show(id);
  EXPECT_EQ(v.at("started_by"), "p33");
  for (const json& row : v.at("history")) {
    EXPECT_EQ(row.at("user"), "p33") << row.dump();
    EXPECT_EQ(row.at("detail").value("by", ""), "admin") << row.dump();
  }
  // Acting for a login the org file does not know is refused like any unknown user.
  CliResult ghost = AsAccount(kAdmin, {"--as", "ghost", "tasks"});
  EXPECT_EQ(ghost.exit_code, 1) << ghost;
  EXPECT_NE(ghost.err.find("unknown user 'ghost'"), std::string::npos) << ghost;
  CliResult text = AsAccount(kAdmin, {"show", std::to_string(id)});
  EXPECT_EQ(text.exit_code, 0) << text;
  EXPECT_NE(text.out.find("p33, by admin"), std::string::npos) << text;
}

TEST_F(CliIdentity, AnAccountThatIsNoUserIsRefusedAndChangesNothing) {
  std::string before = DumpDatabase(db_);
  CliResult r = AsAccount(kOutsider, {"start", "budget-request", "--set", "fiscal_year=2568", "--set",
                                      "budget_category=operating"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find(std::string("OS account '") + kOutsider + "' is no user in the org file"), std::string::npos) << r;
  EXPECT_EQ(DumpDatabase(db_), before);
}

// A personal database (the account's own file, which no one else may write): --as is
// the account's to use, as the test suites do.
TEST_F(CliIdentity, OnADatabaseItOwnsAloneAnyAccountMayChooseTheLogin) {
  fs::path own = dir_.path() / "mine";
  fs::create_directories(own);
  ASSERT_EQ(::chown(own.c_str(), UserId(kOutsider), GroupId(kStaffGroup)), 0);
  ::chmod(own.c_str(), 0700);
  ::chmod(processes_.c_str(), 0755);
  fs::path db = own / "krabuan.db";
  CliResult init = AsAccount(kOutsider, {"init", "--processes", processes_.string()}, {}, db);
  ASSERT_EQ(init.exit_code, 0) << init;
  CliResult start = AsAccount(kOutsider, {"--as", "p33", "start", "budget-request", "--set", "fiscal_year=2568",
                                          "--set", "budget_category=operating", "--json"},
                              {}, db);
  ASSERT_EQ(start.exit_code, 0) << start;
  CliResult show = AsAccount(kOutsider, {"--as", "admin", "show", std::to_string(start.Json().at("instance").get<int>()),
                                         "--json"},
                             {}, db);
  ASSERT_EQ(show.exit_code, 0) << show;
  EXPECT_EQ(show.Json().at("started_by"), "p33");
  EXPECT_EQ(show.Json().at("history").at(0).at("detail").value("by", ""), "");
}

TEST_F(CliIdentity, OnlyTheDatabasesOwnerMakesTheAuditKeyAndAnyReaderMayVerify) {
  CliResult made = AsAccount(kP33, {"audit", "key"});
  EXPECT_EQ(made.exit_code, 1) << made;
  EXPECT_NE(made.err.find("owns the database file"), std::string::npos) << made;
  EXPECT_FALSE(fs::exists(db_.string() + ".audit-key"));
  CliRunner root(db_);
  CliResult own = root.Run({"audit", "key"});
  ASSERT_EQ(own.exit_code, 0) << own;
  EXPECT_TRUE(fs::exists(db_.string() + ".audit-key"));
  EXPECT_EQ(AsAccount(kP33, {"audit", "checkpoint"}).exit_code, 1);   // cannot read the key
  EXPECT_EQ(root.Run({"audit", "checkpoint"}).exit_code, 0);
  CliResult verified = AsAccount(kP33, {"audit", "verify", "--key", own.out.substr(0, 64), "--json"});
  EXPECT_EQ(verified.exit_code, 0) << verified;
  EXPECT_EQ(verified.Json().at("checkpoints_verified"), 1) << verified;
}

}  // namespace
}  // namespace krabuan::clitest
