#include "tests/support/test_service.h"

#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "adapters/server/http_server.h"
#include "tests/support/background_process.h"
#include "tests/support/cli_runner.h"

namespace krabuan::clitest {

bool ServedMode() {
  const char* served = std::getenv("KRABUAN_TEST_SERVED");
  return served && std::string(served) == "1";
}

bool RunsEmbedded(const std::vector<std::string>& args) {
  // The global options that take a value, so that the command's name is found after them.
  const std::vector<std::string> valued = {"--db", "--as", "--now", "--server"};
  std::string command;
  bool status = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--db" || a.starts_with("--db=") || a == "--server" || a.starts_with("--server=")) return true;
    if (a == "--status") status = true;
    if (!command.empty()) continue;
    bool takes_value = false;
    for (const std::string& v : valued) takes_value = takes_value || a == v;
    if (takes_value) {
      ++i;
    } else if (!a.starts_with("-")) {
      command = a;
    }
  }
  return command.empty() || command == "init" || command == "convert" || (command == "daemon" && !status);
}

TestServiceOptions TestServiceOptions::ForClients(const std::string& now) {
  return {{"--serve-only", "--client-clock", "--log-level", "warn"}, {{"KRABUAN_NOW", now}}, {}};
}

TestService::TestService(const std::filesystem::path& db, const TestServiceOptions& options) {
  std::filesystem::path folder = options.socket_dir;
  if (folder.empty()) {
    // A short path: a Unix socket's name has at most 107 bytes.
    std::string tmpl = (std::filesystem::temp_directory_path() / "krabuan-svc-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp " + tmpl);
    dir_ = tmpl;
    folder = dir_;
  }
  socket_ = folder / "krabuan.sock";
  std::vector<std::string> args = {"daemon", "--listen", "unix:" + socket_.string()};
  args.insert(args.end(), options.args.begin(), options.args.end());
  std::map<std::string, std::optional<std::string>> env = options.env;
  env["KRABUAN_DB"] = db.string();
  process_ = std::make_unique<BackgroundProcess>(KrabuanBinary(), args, env, folder / "service.log");
  Endpoint at{Endpoint::Kind::kUnix, socket_.string(), "", 0};
  HttpRequest health{"GET", "/v1/health", {}, ""};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(socket_)) {
      Result<HttpResponse> answer = HttpCall(at, health, std::chrono::seconds(5));
      if (answer.ok() && answer->status == 200) return;
    }
    if (!process_->Running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::string log = Log();
  process_.reset();
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
  throw std::runtime_error("the test service did not start:\n" + log);
}

TestService::~TestService() {
  process_->Signal(SIGTERM);
  process_->Wait(std::chrono::seconds(10));
  process_.reset();
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

std::string TestService::Log() const { return process_ ? process_->Log() : std::string(); }

}  // namespace krabuan::clitest
