// Runs a program to completion: stdin from a string, stdout and stderr captured, a time
// limit, the exit status.
//
//   SubprocessOptions o;
//   o.program = "/usr/bin/dot";
//   o.args = {"-Tsvg"};
//   o.input = dot_text;
//   Result<SubprocessResult> r = RunSubprocess(o);
//   if (r.ok() && r->Succeeded()) use(r->out);
//
// The program is started with posix_spawn, never through a shell, so arguments arrive
// byte for byte. It runs in its own process group; on timeout the whole group is killed
// (a shell script's children too). Thread-safe: each call has its own pipes and child,
// and SIGPIPE is blocked only in the calling thread while it writes.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/status.h"

namespace krabuan {

struct SubprocessOptions {
  std::string program;              // a path; with no '/' it is looked up on $PATH
  std::vector<std::string> args;    // without the program itself
  std::string input;                // written to stdin, which is then closed
  std::chrono::milliseconds timeout{60000};
  // Changes to the inherited environment: a value sets the variable, nullopt removes it.
  std::map<std::string, std::optional<std::string>> env;
  // Removes every inherited variable whose name starts with this (e.g. "KRABUAN_").
  std::string drop_env_prefix;
};

struct SubprocessResult {
  int exit_code = -1;       // when it exited
  int signal = 0;           // when a signal ended it
  bool timed_out = false;   // it was killed at the time limit
  std::string out, err;

  bool Succeeded() const { return !timed_out && signal == 0 && exit_code == 0; }
  // "exit 3: <first line of stderr>", "killed by signal 9", "did not finish within 5 s".
  std::string Describe() const;
};

// Errors: NotFound when the program does not exist or cannot be executed; Internal when
// pipes cannot be made or the child cannot be waited for. A program that runs and fails
// is a result, not an error.
Result<SubprocessResult> RunSubprocess(const SubprocessOptions& options);

// The first non-blank line of `text`.
std::string FirstLine(const std::string& text);

}  // namespace krabuan
