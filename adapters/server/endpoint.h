// Where the service listens and where a client finds it: `unix:PATH` or `tcp:HOST:PORT`.
#pragma once

#include <string>

#include "engine/status.h"

namespace krabuan {

struct Endpoint {
  enum class Kind { kUnix, kTcp };
  Kind kind = Kind::kUnix;
  std::string path;         // unix: the socket file
  std::string host;         // tcp: an address (loopback unless the administrator says otherwise)
  unsigned short port = 0;  // tcp

  std::string ToString() const;
};

// Parses `unix:PATH` or `tcp:HOST:PORT` (`tcp:PORT` means 127.0.0.1:PORT; an IPv6 host is
// written in brackets, `tcp:[::1]:8080`). Invalid, naming the form, otherwise.
Result<Endpoint> ParseEndpoint(const std::string& text);

}  // namespace krabuan
