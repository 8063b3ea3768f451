// The service (`krabuan daemon --listen`): one process owns the database and runs every
// command for its clients over HTTP/1.1 + JSON (the README's "Service API"). It keeps one
// engine warm (definitions, org and holidays parsed once), runs one command at a time
// (so no client ever meets "database is busy" from another), and takes who acts from the
// Unix socket's peer credentials, or from an API token over TCP.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "adapters/server/http_server.h"
#include "cli/session.h"

namespace krabuan::cli {

struct ServiceSettings {
  std::vector<Endpoint> endpoints;   // where to listen
  ListenOptions listen;              // the Unix socket's group and mode, limits
  bool client_clock = false;         // clients may fix the clock with --now (tests, demos)
};

class Service {
 public:
  // Opens the database (`g.db`, with `g.now` as the service's clock when given) and listens.
  static Result<std::unique_ptr<Service>> Start(const GlobalOptions& g, const ServiceSettings& settings,
                                                std::shared_ptr<spdlog::logger> log);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Where it listens (a tcp port 0 resolved).
  std::vector<Endpoint> endpoints() const;
  // Stops listening and waits for the commands in hand.
  void Stop();

  struct Impl;

 private:
  explicit Service(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace krabuan::cli
