// A program left running while the test goes on (a resident daemon), its stdout and
// stderr going to a log file. Killed with SIGKILL and reaped when the object goes away.
//
//   BackgroundProcess d(KrabuanBinary(), {"daemon", "--poll-ms", "100"}, env, dir.path() / "d.log");
//   ...
//   d.Signal(SIGTERM);
//   EXPECT_EQ(d.Wait(std::chrono::seconds(10)), 0) << d.Log();
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace krabuan::clitest {

class BackgroundProcess {
 public:
  BackgroundProcess(const std::string& program, const std::vector<std::string>& args,
                    const std::map<std::string, std::optional<std::string>>& env, std::filesystem::path log);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int signo) const;
  // Waits up to `timeout` for the exit: the exit status (128+N when killed by signal N),
  // or nullopt while it still runs. After an exit the process is reaped.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  bool Running();
  // What it wrote so far.
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path log_;
};

}  // namespace krabuan::clitest
