#include "adapters/graphviz/graphviz.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

extern char** environ;

namespace krabuan {
namespace {

constexpr const char* kNotInstalled = "Graphviz 'dot' is not installed; install the package graphviz, or use --format dot";

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

std::string FirstLine(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "";
  text.remove_prefix(start);
  return std::string(text.substr(0, text.find('\n')));
}

}  // namespace

std::optional<std::string> FindDotProgram() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::string_view rest(path);
  while (true) {
    std::size_t colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/dot";
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

Result<std::string> DotToSvg(const std::string& dot, int timeout_seconds) {
  std::optional<std::string> program = FindDotProgram();
  if (!program) return Status::NotFound(kNotInstalled);

  int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    std::string why = std::strerror(errno);
    for (int* fd : {&in_pipe[0], &in_pipe[1], &out_pipe[0], &out_pipe[1], &err_pipe[0], &err_pipe[1]}) CloseFd(*fd);
    return Status::Internal("cannot run Graphviz 'dot': pipe: " + why);
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  // The child starts with no blocked signals and SIGPIPE at its default.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, pipe_only;
  sigemptyset(&none);
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &pipe_only);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> args = {*program, "-Tsvg"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, program->c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  CloseFd(in_pipe[0]);
  CloseFd(out_pipe[1]);
  CloseFd(err_pipe[1]);
  if (rc != 0) {
    CloseFd(in_pipe[1]);
    CloseFd(out_pipe[0]);
    CloseFd(err_pipe[0]);
    return Status::Internal("cannot run Graphviz '" + *program + "': " + std::strerror(rc));
  }
  ::fcntl(in_pipe[1], F_SETFL, ::fcntl(in_pipe[1], F_GETFL) | O_NONBLOCK);

  // Feed stdin and drain stdout and stderr together, so no pipe fills up and stalls dot.
  std::string svg, errors;
  std::size_t written = 0;
  if (dot.empty()) CloseFd(in_pipe[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  bool timed_out = false;
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
        timed_out = true;
        break;
      }
      int ready = ::poll(fds, n, static_cast<int>(left.count()));
      if (ready < 0) {
        if (errno == EINTR) continue;
        timed_out = true;   // cannot wait any more: treat as a failure to finish
        break;
      }
      for (nfds_t i = 0; i < n; ++i) {
        if (fds[i].revents == 0) continue;
        if (fds[i].fd == in_pipe[1]) {
          ssize_t put = ::write(in_pipe[1], dot.data() + written, dot.size() - written);
          if (put > 0) {
            written += static_cast<std::size_t>(put);
            if (written == dot.size()) CloseFd(in_pipe[1]);
          } else if (put < 0 && errno != EAGAIN && errno != EINTR) {
            CloseFd(in_pipe[1]);   // dot stopped reading (it reports why on stderr)
          }
          continue;
        }
        int& fd = fds[i].fd == out_pipe[0] ? out_pipe[0] : err_pipe[0];
        std::string& sink = fds[i].fd == out_pipe[0] ? svg : errors;
        ssize_t got = ::read(fd, buf, sizeof buf);
        if (got > 0) {
          sink.append(buf, static_cast<std::size_t>(got));
        } else if (got == 0 || errno != EINTR) {
          CloseFd(fd);
        }
      }
    }
  }
  if (timed_out) ::kill(pid, SIGKILL);
  CloseFd(in_pipe[1]);
  CloseFd(out_pipe[0]);
  CloseFd(err_pipe[0]);

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::Internal("Graphviz 'dot': waitpid: " + std::string(std::strerror(errno)));
  }
  if (timed_out) return Status::Internal("Graphviz 'dot' did not finish within " + std::to_string(timeout_seconds) + " s");
  if (WIFSIGNALED(status)) return Status::Internal("Graphviz 'dot' was killed by signal " + std::to_string(WTERMSIG(status)));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string why = FirstLine(errors);
    return Status::Internal("Graphviz 'dot' failed (exit " + std::to_string(WEXITSTATUS(status)) + ")" +
                           (why.empty() ? "" : ": " + why));
  }
  if (svg.find("<svg") == std::string::npos) return Status::Internal("Graphviz 'dot' produced no SVG");
  return svg;
}

}  // namespace krabuan
