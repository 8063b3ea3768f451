// The service's endpoints (the README's "Service API"): each request becomes the command
// line it stands for, and the command's outcome becomes the HTTP answer.
//
//   POST /v1/run                  the CLI's own transport: any command, its files, its output
//   GET  /v1/health               no command; answers when the service is up
//   GET  /v1/tasks?overdue=1      krabuan tasks --overdue --json   -> 200 and the JSON
//   POST /v1/tasks/7/complete     krabuan complete 7 --outcome ... -> 200, or 4xx with the error
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/server/http_server.h"
#include "engine/status.h"

namespace krabuan::cli {

// One command as the service runs it.
struct CommandInput {
  std::vector<std::string> args;               // without the program's name
  std::string as;                              // act for this login (administrators)
  std::string now;                             // the client's clock (a --client-clock service)
  std::map<std::string, std::string> files;    // path -> content, the files the command reads
};

struct CommandOutcome {
  int exit_code = 0;
  ErrorKind failure = ErrorKind::kOk;          // the first error's kind, when it failed
  std::string out;
  std::string err;
  std::map<std::string, std::string> written;  // path -> content, what it wrote
};

struct Route {
  bool health = false;      // GET /v1/health: no command
  bool transport = false;   // POST /v1/run: answer with the whole outcome
  CommandInput input;
  int success_status = 200; // 201 when it creates a resource
};

// The command a request stands for; NotFound for an unknown path, Invalid for a bad body
// or query (named).
Result<Route> RouteFor(const HttpRequest& request);

// A resource endpoint's answer: the command's JSON on success; on failure the HTTP status
// its error kind calls for, with {"error": {"kind", "message", "messages"}}.
HttpResponse ResourceResponse(const Route& route, const CommandOutcome& outcome);

// {"error": {"kind", "message" (the messages joined), "messages"}}.
nlohmann::json ErrorBody(const std::string& kind, const std::vector<std::string>& messages);
HttpResponse JsonResponse(int status, const nlohmann::json& body);

// The HTTP status for a failed command.
int HttpStatusFor(ErrorKind failure, int exit_code);

}  // namespace krabuan::cli
