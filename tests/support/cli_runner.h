// Runs the real `krabuan` binary for end-to-end tests, and reads its SQLite file.
//
//   TempDir dir;                                   // removed again by its destructor
//   CliRunner cli(dir.path() / "krabuan.db");      // KRABUAN_DB and a fixed KRABUAN_NOW
//   CliResult r = cli.As("p33", {"tasks", "--json"});
//   EXPECT_EQ(r.exit_code, 0) << r;
//   std::string before = DumpDatabase(cli.db());
//
// The binary is started with RunSubprocess (posix_spawn), never through a shell, so Thai text, spaces
// and quotes in arguments arrive byte for byte. Every KRABUAN_* variable of the test's
// own environment is removed from the child's; only what the runner sets is passed.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace krabuan::clitest {

class TestService;

// What one run of a program produced.
struct CliResult {
  std::vector<std::string> args;   // as passed, without the program
  int exit_code = -1;              // the exit status; 128+N when killed by signal N
  std::string out;                 // stdout
  std::string err;                 // stderr

  // stderr split into lines, without the newlines; empty lines dropped.
  std::vector<std::string> ErrLines() const;
  // stdout parsed as JSON; a failed parse is reported through gtest and yields null.
  nlohmann::json Json() const;
};

// For gtest messages: the command, exit code, stdout and stderr.
std::ostream& operator<<(std::ostream& os, const CliResult& r);

// Runs `program` with `args`. `env` overrides the inherited environment: a value sets
// the variable, nullopt removes it. Variables starting with KRABUAN_ are always removed
// first. Gives up (and kills the child) after `timeout_seconds`.
CliResult RunProgram(const std::string& program, const std::vector<std::string>& args,
                     const std::map<std::string, std::optional<std::string>>& env, int timeout_seconds = 60);

// The child environment RunProgram builds: the inherited one minus KRABUAN_* and the
// names in `env`, plus those `env` sets; as "NAME=value" strings.
std::vector<std::string> EnvironmentFor(const std::map<std::string, std::optional<std::string>>& env);

// The built binary and the source tree, from the compile definitions.
std::string KrabuanBinary();
std::filesystem::path SourceDir();
std::filesystem::path ProcessesDir();   // SourceDir()/processes

// The instant every runner uses unless told otherwise: 1 Aug 2025 09:00 Bangkok time,
// in fiscal year 2568.
inline constexpr const char* kDefaultNow = "2025-08-01T09:00+07:00";

// $USER for every runner unless overridden: a login the org file does not know (the
// binary ignores $USER; this makes sure).
inline constexpr const char* kOutsiderLogin = "krabuan-test-outsider";

// Runs krabuan against one database file with a fixed clock; in served mode through a
// service on that file (tests/support/test_service.h).
class CliRunner {
 public:
  explicit CliRunner(std::filesystem::path db, std::string now = kDefaultNow);

  // KRABUAN_DB=db, KRABUAN_NOW=now, no KRABUAN_USER (unless SetEnv gave one),
  // USER=kOutsiderLogin and no LOGNAME.
  CliResult Run(const std::vector<std::string>& args) const;
  // The same with `--as login` before the arguments.
  CliResult As(const std::string& login, const std::vector<std::string>& args) const;

  // Extra environment for every later run; nullopt removes the variable.
  void SetEnv(const std::string& name, std::optional<std::string> value);
  // Runs with these variables on top of the runner's own.
  CliResult RunWithEnv(const std::vector<std::string>& args,
                       const std::map<std::string, std::optional<std::string>>& env) const;

  const std::filesystem::path& db() const { return db_; }

 private:
  std::filesystem::path db_;
  std::string now_;
  std::map<std::string, std::optional<std::string>> env_;
  // Served mode (tests/support/test_service.h): the service, once the database exists.
  mutable std::shared_ptr<TestService> service_;
};

// A fresh directory under the system temp folder, removed with everything in it when
// the object goes away. The name carries the running gtest's test name when there is one.
class TempDir {
 public:
  TempDir();
  // A short name, /tmp/LABEL-XXXXXX (a Unix socket's path has at most 107 bytes).
  explicit TempDir(const std::string& label);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/name and returns the full path.
  std::filesystem::path WriteFile(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// Every table of the SQLite file as text, deterministic for the same content: tables in
// name order, each with its column names and its rows sorted by every column, each value
// tagged with its storage class. Opens the file read-only. Two dumps are equal exactly
// when every table holds the same rows.
std::string DumpDatabase(const std::filesystem::path& db);

// The rows of a read-only query, each value as text (NULL as "NULL").
std::vector<std::vector<std::string>> QueryDatabase(const std::filesystem::path& db, const std::string& sql);
// Runs SQL that changes the file (tests that tamper with it on purpose).
void ExecuteSql(const std::filesystem::path& db, const std::string& sql);

// Reads a whole file.
std::string ReadTextFile(const std::filesystem::path& path);

}  // namespace krabuan::clitest
