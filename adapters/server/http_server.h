// A small HTTP/1.1 server (Boost.Beast) on a Unix socket or a TCP port. Each connection
// gets its own thread, reads with a deadline (a silent client is dropped, never waited
// on for ever), and may send many requests (keep-alive). The handler runs on the
// connection's thread; what it shares it must guard itself.
//
//   auto server = HttpServer::Listen(endpoint, {}, [](const HttpRequest& r, const Peer& p) {
//     return HttpResponse{200, "application/json", "{}"};
//   });
//   ...
//   (*server)->Stop();   // closes the listener and every connection, joins the threads
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/server/endpoint.h"
#include "engine/status.h"

namespace krabuan {

struct HttpRequest {
  std::string method;                          // GET, POST, DELETE, ...
  std::string target;                          // path and query, as sent
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  // The header's value, or empty.
  std::string Header(const std::string& lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Who is on the other end of a connection.
struct Peer {
  bool local = false;     // a Unix socket: uid, gid and pid come from SO_PEERCRED
  uid_t uid = static_cast<uid_t>(-1);
  gid_t gid = static_cast<gid_t>(-1);
  pid_t pid = 0;
  std::string address;    // tcp: the client's address and port
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&, const Peer&)>;

struct ListenOptions {
  mode_t socket_mode = 0660;                 // unix: who may connect (owner and group)
  std::optional<gid_t> socket_group;         // unix: the group the socket file is given
  std::chrono::seconds idle_timeout{30};     // a request must arrive (whole) within this
  std::size_t body_limit = 64u << 20;        // larger requests are answered 413
  int max_connections = 256;                 // more are closed at once
};

class HttpServer {
 public:
  // Binds and listens. A Unix socket file left by a service that is gone is replaced;
  // one a live service answers on, or a path that is not a socket, is refused.
  static Result<std::unique_ptr<HttpServer>> Listen(const Endpoint& endpoint, const ListenOptions& options,
                                                    HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Where it listens (a tcp port 0 becomes the port the system chose).
  const Endpoint& endpoint() const;
  // Stops accepting, closes every connection and waits for their threads; removes the
  // socket file. Called by the destructor too.
  void Stop();

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One request to a server, on a connection of its own; Unavailable when no server
// answers at `endpoint` (with the reason), within `timeout`.
Result<HttpResponse> HttpCall(const Endpoint& endpoint, const HttpRequest& request,
                              std::chrono::seconds timeout = std::chrono::seconds(600));

}  // namespace krabuan
