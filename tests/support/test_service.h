// The CLI tests' second mode. Run with KRABUAN_TEST_SERVED=1 (ctest sets it for the
// "served." copy of every CLI test), a CliRunner sends each command that works through
// the engine to a service of its own: `krabuan daemon --listen unix:... --serve-only
// --client-clock` on the runner's database, started once the database exists. Commands
// that work on the file itself (init, convert, the resident daemon) and commands that name
// their own --db still run embedded. Every assertion then holds in both modes.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace krabuan::clitest {

class BackgroundProcess;

// True in the served copy of the CLI tests.
bool ServedMode();

// True when `args` is a command the service would refuse to run for a client.
bool RunsEmbedded(const std::vector<std::string>& args);

struct TestServiceOptions {
  std::vector<std::string> args;                                // after `daemon --listen unix:SOCKET`
  std::map<std::string, std::optional<std::string>> env;       // besides KRABUAN_DB
  std::filesystem::path socket_dir;                             // default: a new temp folder

  // What a CliRunner's service runs with: serve only, the clients' fixed clocks.
  static TestServiceOptions ForClients(const std::string& now);
};

// A service on one database, for the life of the object.
class TestService {
 public:
  // Starts the service and waits until it answers; throws when it does not.
  TestService(const std::filesystem::path& db, const TestServiceOptions& options);
  ~TestService();
  TestService(const TestService&) = delete;
  TestService& operator=(const TestService&) = delete;

  // unix:PATH, for --server / KRABUAN_SERVER.
  std::string server() const { return "unix:" + socket_.string(); }
  const std::filesystem::path& socket() const { return socket_; }
  // What the service logged.
  std::string Log() const;

 private:
  std::filesystem::path dir_;      // ours to remove, when no socket_dir was given
  std::filesystem::path socket_;
  std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace krabuan::clitest
