#include "adapters/server/endpoint.h"

#include <charconv>

namespace krabuan {

namespace {

Status Malformed(const std::string& text, const std::string& why) {
  return Status::Invalid("endpoint '" + text + "': " + why +
                         " (give unix:PATH, tcp:PORT or tcp:HOST:PORT, e.g. unix:/run/krabuan/krabuan.sock)");
}

}  // namespace

std::string Endpoint::ToString() const {
  if (kind == Kind::kUnix) return "unix:" + path;
  bool v6 = host.find(':') != std::string::npos;
  return "tcp:" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<Endpoint> ParseEndpoint(const std::string& text) {
  Endpoint e;
  if (text.starts_with("unix:")) {
    e.kind = Endpoint::Kind::kUnix;
    e.path = text.substr(5);
    if (e.path.empty()) return Malformed(text, "the socket path is missing");
    // sun_path holds 108 bytes with its terminating NUL.
    if (e.path.size() > 107) return Malformed(text, "the socket path is longer than 107 bytes");
    return e;
  }
  if (!text.starts_with("tcp:")) return Malformed(text, "it names no transport");
  e.kind = Endpoint::Kind::kTcp;
  std::string rest = text.substr(4);
  std::string port_text;
  if (rest.starts_with("[")) {
    std::size_t close = rest.find(']');
    if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      return Malformed(text, "an IPv6 address needs [ADDRESS]:PORT");
    }
    e.host = rest.substr(1, close - 1);
    port_text = rest.substr(close + 2);
  } else if (std::size_t colon = rest.rfind(':'); colon != std::string::npos) {
    e.host = rest.substr(0, colon);
    port_text = rest.substr(colon + 1);
  } else {
    e.host = "127.0.0.1";
    port_text = rest;
  }
  if (e.host.empty()) return Malformed(text, "the host is missing");
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535 || port_text.empty()) {
    return Malformed(text, "the port is not a number from 0 to 65535");
  }
  e.port = static_cast<unsigned short>(port);
  return e;
}

}  // namespace krabuan
