#include "adapters/process/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace krabuan {
namespace {

void CloseFd(int& fd) {
  if (fd >= 0) {
    ::close(fd);
    fd = -1;
  }
}

// Blocks SIGPIPE in this thread while it writes to a child that may exit early, so a
// closed pipe is an EPIPE error and not the end of the program; a SIGPIPE raised in
// the meantime is consumed before the old mask comes back.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeBlock() {
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) && !sigismember(&old_, SIGPIPE)) {
      timespec zero{0, 0};
      while (sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t pipe_, old_;
};

std::vector<std::string> ChildEnvironment(const SubprocessOptions& o) {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    if (!o.drop_env_prefix.empty() && name.rfind(o.drop_env_prefix, 0) == 0) continue;
    if (o.env.count(name)) continue;
    out.push_back(std::move(entry));
  }
  for (const auto& [name, value] : o.env) {
    if (value) out.push_back(name + "=" + *value);
  }
  return out;
}

}  // namespace

std::string FirstLine(const std::string& text) {
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return "";
  std::size_t end = text.find_first_of("\r\n", start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string SubprocessResult::Describe() const {
  if (timed_out) return "did not finish within the time limit and was killed";
  if (signal != 0) return "killed by signal " + std::to_string(signal);
  std::string why = FirstLine(err);
  return "exit " + std::to_string(exit_code) + (why.empty() ? "" : ": " + why);
}

Result<SubprocessResult> RunSubprocess(const SubprocessOptions& o) {
  int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    std::string why = std::strerror(errno);
    for (int* fd : {&in_pipe[0], &in_pipe[1], &out_pipe[0], &out_pipe[1], &err_pipe[0], &err_pipe[1]}) CloseFd(*fd);
    return Status::Internal("cannot run '" + o.program + "': pipe: " + why);
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  // The child starts in its own process group, with no blocked signals and SIGPIPE at
  // its default.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, pipe_only;
  sigemptyset(&none);
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &pipe_only);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<std::string> arg_strings = {o.program};
  arg_strings.insert(arg_strings.end(), o.args.begin(), o.args.end());
  std::vector<char*> argv;
  for (std::string& a : arg_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = ChildEnvironment(o);
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = -1;
  bool search = o.program.find('/') == std::string::npos;
  int rc = search ? ::posix_spawnp(&pid, o.program.c_str(), &actions, &attr, argv.data(), envp.data())
                  : ::posix_spawn(&pid, o.program.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  CloseFd(in_pipe[0]);
  CloseFd(out_pipe[1]);
  CloseFd(err_pipe[1]);
  if (rc != 0) {
    CloseFd(in_pipe[1]);
    CloseFd(out_pipe[0]);
    CloseFd(err_pipe[0]);
    std::string why = std::strerror(rc);
    if (rc == ENOENT || rc == EACCES || rc == ENOEXEC) return Status::NotFound("cannot run '" + o.program + "': " + why);
    return Status::Internal("cannot run '" + o.program + "': " + why);
  }
  ::fcntl(in_pipe[1], F_SETFL, ::fcntl(in_pipe[1], F_GETFL) | O_NONBLOCK);

  // Feed stdin and drain stdout and stderr together, so no pipe fills up and stalls it.
  SubprocessResult result;
  std::size_t written = 0;
  if (o.input.empty()) CloseFd(in_pipe[1]);
  auto deadline = std::chrono::steady_clock::now() + o.timeout;
  {
    SigpipeBlock block;
    char buf[65536];
    while (in_pipe[1] >= 0 || out_pipe[0] >= 0 || err_pipe[0] >= 0) {
      pollfd fds[3];
      nfds_t n = 0;
      if (in_pipe[1] >= 0) fds[n++] = {in_pipe[1], POLLOUT, 0};
      if (out_pipe[0] >= 0) fds[n++] = {out_pipe[0], POLLIN, 0};
      if (err_pipe[0] >= 0) fds[n++] = {err_pipe[0], POLLIN, 0};
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        result.timed_out = true;
        break;
      }
      int ready = ::poll(fds, n, static_cast<int>(left.count()));
      if (ready < 0) {
        if (errno == EINTR) continue;
        result.timed_out = true;   // cannot wait any more: treat as a failure to finish
        break;
      }
      for (nfds_t i = 0; i < n; ++i) {
        if (fds[i].revents == 0) continue;
        if (fds[i].fd == in_pipe[1]) {
          ssize_t put = ::write(in_pipe[1], o.input.data() + written, o.input.size() - written);
          if (put > 0) {
            written += static_cast<std::size_t>(put);
            if (written == o.input.size()) CloseFd(in_pipe[1]);
          } else if (put < 0 && errno != EAGAIN && errno != EINTR) {
            CloseFd(in_pipe[1]);   // the child stopped reading; it says why, or its exit does
          }
          continue;
        }
        int& fd = fds[i].fd == out_pipe[0] ? out_pipe[0] : err_pipe[0];
        std::string& sink = fds[i].fd == out_pipe[0] ? result.out : result.err;
        ssize_t got = ::read(fd, buf, sizeof buf);
        if (got > 0) {
          sink.append(buf, static_cast<std::size_t>(got));
        } else if (got == 0 || errno != EINTR) {
          CloseFd(fd);
        }
      }
    }
  }
  if (result.timed_out) {
    ::kill(-pid, SIGKILL);   // the group: a script's children hold the pipes open too
    ::kill(pid, SIGKILL);
  }
  CloseFd(in_pipe[1]);
  CloseFd(out_pipe[0]);
  CloseFd(err_pipe[0]);

  // A child may close its pipes and go on running: the time limit holds for the wait too.
  int status = 0;
  while (true) {
    pid_t got = ::waitpid(pid, &status, result.timed_out ? 0 : WNOHANG);
    if (got == pid) break;
    if (got < 0 && errno != EINTR) {
      return Status::Internal("'" + o.program + "': waitpid: " + std::string(std::strerror(errno)));
    }
    if (got == 0) {
      if (std::chrono::steady_clock::now() >= deadline) {
        result.timed_out = true;
        ::kill(-pid, SIGKILL);
        ::kill(pid, SIGKILL);
      } else {
        ::usleep(5000);
      }
    }
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace krabuan
