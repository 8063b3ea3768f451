// The `krabuan` command: argv in, one engine call, text or JSON out.
#pragma once

#include <iosfwd>
#include <string>

namespace krabuan::cli {

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;   // refused, invalid input, not found
inline constexpr int kExitUsage = 2;     // bad command line
inline constexpr int kExitInternal = 3;  // database or program failure

// Where an installed service listens (deploy/krabuan.service): with neither --db nor
// --server, a command goes there when the socket is present.
inline constexpr const char* kInstalledSocket = "/run/krabuan/krabuan.sock";

class Files;
class ServedSessions;

// What the service gives a command it runs for a client.
struct ServedCommand {
  ServedSessions* sessions = nullptr;   // sessions on the service's warm engine, as the client
  Files* files = nullptr;               // the files the client sent; what the command writes
  std::string db;                       // the service's database
  std::string as;                       // the client's --as / KRABUAN_USER
  std::string now;                      // the client's --now / KRABUAN_NOW
};

// Runs one command; writes results to `out` and one line per problem to `err`. With
// `served`, the service runs it for a client (cli/service.h): on the service's database and
// engine, as the client's account, with the client's files, and without the service's
// own environment.
int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
        const ServedCommand* served = nullptr);

}  // namespace krabuan::cli
