#include "adapters/graphviz/graphviz.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string_view>

#include "adapters/process/subprocess.h"

namespace krabuan {
namespace {

constexpr const char* kNotInstalled = "Graphviz 'dot' is not installed; install the package graphviz, or use --format dot";

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
  SubprocessOptions o;
  o.program = *program;
  o.args = {"-Tsvg"};
  o.input = dot;
  o.timeout = std::chrono::seconds(timeout_seconds);
  Result<SubprocessResult> run = RunSubprocess(o);
  if (!run.ok()) return Status::Internal("Graphviz: " + run.status().message());
  if (run->timed_out) return Status::Internal("Graphviz 'dot' did not finish within " + std::to_string(timeout_seconds) + " s");
  if (run->signal != 0) return Status::Internal("Graphviz 'dot' was killed by signal " + std::to_string(run->signal));
  if (run->exit_code != 0) {
    std::string why = FirstLine(run->err);
    return Status::Internal("Graphviz 'dot' failed (exit " + std::to_string(run->exit_code) + ")" +
                           (why.empty() ? "" : ": " + why));
  }
  if (run->out.find("<svg") == std::string::npos) return Status::Internal("Graphviz 'dot' produced no SVG");
  return std::move(run->out);
}

}  // namespace krabuan
