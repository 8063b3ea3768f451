// The CLI as the service's client (`--server` / KRABUAN_SERVER): the command line goes to
// the service's /v1/run endpoint with the files it reads; the service's output, files and
// exit code come back and are printed and written here, as the command would have run
// in this process.
#pragma once

#include <string>
#include <vector>

#include "cli/commands.h"

namespace krabuan::cli {

struct RemoteCommand {
  std::string server;                 // unix:PATH or tcp:HOST:PORT
  std::vector<std::string> args;      // the command line, without the program
  std::string as;                     // --as / KRABUAN_USER
  std::string now;                    // --now / KRABUAN_NOW
  std::vector<std::string> uploads;   // local files the command reads (deploy, validate)
  std::string out;                    // where it may write: a file, or the manual's folder
};

int RunRemote(const RemoteCommand& command, Io io);

// The command line without the options the client settles itself (--server, --db, --as,
// --now, written `--x V` or `--x=V`).
std::vector<std::string> ForwardedArgs(const std::vector<std::string>& args);

}  // namespace krabuan::cli
