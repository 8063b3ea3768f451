#include "adapters/process/process_info.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace krabuan {
namespace {

std::string FirstLine(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

std::optional<ProcessState> ReadProcess(std::int64_t pid) {
  if (pid <= 0) return std::nullopt;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!in || !std::getline(in, text)) return std::nullopt;
  // "pid (comm) state ppid ..." where comm may hold spaces and parentheses: it ends at
  // the last ')'.
  std::size_t open = text.find('('), close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return std::nullopt;
  ProcessState s;
  s.comm = text.substr(open + 1, close - open - 1);
  std::istringstream rest(text.substr(close + 1));
  std::string field;
  rest >> s.state;
  // Fields 4 to 21, then the start time (field 22).
  for (int i = 4; i <= 21 && rest >> field; ++i) {
  }
  rest >> s.start_ticks;
  if (!rest) return std::nullopt;
  return s;
}

const ProcessIdentity& SelfIdentity() {
  static const ProcessIdentity self = [] {
    ProcessIdentity id;
    id.boot_id = FirstLine("/proc/sys/kernel/random/boot_id");
    struct stat st{};
    if (stat("/proc/self/ns/pid", &st) == 0) id.pid_ns = static_cast<std::uint64_t>(st.st_ino);
    id.pid = getpid();
    if (std::optional<ProcessState> s = ReadProcess(id.pid)) id.start_ticks = s->start_ticks;
    return id;
  }();
  return self;
}

Liveness LivenessOf(const ProcessIdentity& who) {
  const ProcessIdentity& self = SelfIdentity();
  if (who.boot_id.empty() || who.pid_ns == 0 || who.start_ticks == 0 || self.boot_id.empty() || self.pid_ns == 0 ||
      who.boot_id != self.boot_id || who.pid_ns != self.pid_ns) {
    return Liveness::kUnknown;
  }
  std::optional<ProcessState> s = ReadProcess(who.pid);
  if (!s || s->start_ticks != who.start_ticks || s->state == 'Z' || s->state == 'X') return Liveness::kGone;
  return Liveness::kAlive;
}

Status KillAndWait(std::int64_t pid, std::chrono::milliseconds wait) {
  std::optional<ProcessState> before = ReadProcess(pid);
  if (!before) return Status::Ok();
  if (kill(static_cast<pid_t>(pid), SIGKILL) != 0) {
    if (errno == ESRCH) return Status::Ok();
    return Status::Refused("cannot stop pid " + std::to_string(pid) + ": " + std::strerror(errno));
  }
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    std::optional<ProcessState> s = ReadProcess(pid);
    // Gone, a zombie (its locks are released before it becomes one), or the pid reused.
    if (!s || s->state == 'Z' || s->state == 'X' || s->start_ticks != before->start_ticks) return Status::Ok();
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::Internal("pid " + std::to_string(pid) + " was sent SIGKILL but is still there (state " +
                              std::string(1, s->state) + ": waiting on a disk?)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace krabuan
