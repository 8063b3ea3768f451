#include "adapters/server/http_server.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <cstring>
#include <list>
#include <mutex>
#include <thread>

namespace krabuan {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using local = asio::local::stream_protocol;
using tcp = asio::ip::tcp;

std::string HttpRequest::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

HttpRequest FromBeast(const http::request<http::string_body>& r) {
  HttpRequest out;
  out.method = std::string(r.method_string());
  out.target = std::string(r.target());
  for (const auto& field : r) out.headers[Lower(std::string(field.name_string()))] = std::string(field.value());
  out.body = r.body();
  return out;
}

http::response<http::string_body> ToBeast(const HttpResponse& r, unsigned version, bool keep_alive) {
  http::response<http::string_body> out{static_cast<http::status>(r.status), version};
  out.set(http::field::server, "krabuan");
  out.set(http::field::content_type, r.content_type);
  for (const auto& [name, value] : r.headers) out.set(name, value);
  out.body() = r.body;
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

HttpResponse Plain(int status, const std::string& message) {
  return HttpResponse{status, "application/json", "{\"error\":{\"message\":\"" + message + "\"}}\n", {}};
}

// Serves one connection: requests one after another until the client closes, a deadline
// passes or the server stops. `Stream` is a beast::basic_stream over either protocol.
template <typename Stream>
void ServeConnection(Stream& stream, const Peer& peer, const HttpHandler& handler, const ListenOptions& options,
                     asio::io_context& io) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(options.body_limit);
    parser.header_limit(64 * 1024);
    beast::error_code read_error;
    stream.expires_after(options.idle_timeout);
    http::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) { read_error = ec; });
    io.restart();
    io.run();
    if (read_error == http::error::end_of_stream || read_error == beast::error::timeout ||
        read_error == asio::error::connection_reset || read_error == asio::error::eof ||
        read_error == asio::error::operation_aborted) {
      return;
    }
    const http::request<http::string_body>& req = parser.get();
    HttpResponse answer;
    bool keep_alive = false;
    if (read_error == http::error::body_limit) {
      answer = Plain(413, "the request is larger than the service accepts");
    } else if (read_error) {
      answer = Plain(400, "malformed HTTP request");
    } else {
      keep_alive = req.keep_alive();
      try {
        answer = handler(FromBeast(req), peer);
      } catch (const std::exception& e) {
        answer = Plain(500, "internal error");
      }
    }
    auto response = ToBeast(answer, req.version() ? req.version() : 11, keep_alive);
    beast::error_code write_error;
    stream.expires_after(options.idle_timeout);
    http::async_write(stream, response, [&](beast::error_code ec, std::size_t) { write_error = ec; });
    io.restart();
    io.run();
    if (write_error || !keep_alive) return;
  }
}

bool SocketAnswers(const std::string& path) {
  asio::io_context io;
  local::socket probe(io);
  beast::error_code ec;
  probe.connect(local::endpoint(path), ec);
  return !ec;
}

}  // namespace

struct HttpServer::Impl {
  Endpoint endpoint;
  ListenOptions options;
  HttpHandler handler;
  asio::io_context accept_io;
  std::optional<local::acceptor> unix_acceptor;
  std::optional<tcp::acceptor> tcp_acceptor;
  std::thread accept_thread;
  ino_t socket_inode = 0;
  std::atomic<bool> stopped{false};

  struct Connection {
    std::thread thread;
    int fd = -1;
    std::atomic<bool> done{false};
  };
  std::mutex connections_mutex;
  std::list<Connection> connections;

  // Joins the threads of connections that have ended.
  void Reap() {
    std::lock_guard lock(connections_mutex);
    for (auto it = connections.begin(); it != connections.end();) {
      if (it->done.load()) {
        it->thread.join();
        it = connections.erase(it);
      } else {
        ++it;
      }
    }
  }

  template <typename Protocol>
  void Adopt(typename Protocol::socket socket) {
    Reap();
    std::lock_guard lock(connections_mutex);
    if (stopped.load() || static_cast<int>(connections.size()) >= options.max_connections) return;  // closes it
    Peer peer;
    if constexpr (std::is_same_v<Protocol, local>) {
      ucred cred{};
      socklen_t len = sizeof cred;
      if (getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return;
      peer.local = true;
      peer.uid = cred.uid;
      peer.gid = cred.gid;
      peer.pid = cred.pid;
    } else {
      beast::error_code ec;
      auto remote = socket.remote_endpoint(ec);
      peer.address = ec ? "?" : remote.address().to_string() + ":" + std::to_string(remote.port());
    }
    Connection& c = connections.emplace_back();
    c.fd = socket.native_handle();
    c.thread = std::thread([this, &c, peer, s = std::move(socket)]() mutable {
      asio::io_context io;
      beast::basic_stream<Protocol> stream(io);
      typename Protocol::socket moved(io);
      beast::error_code ec;
      moved.assign(s.local_endpoint(ec).protocol(), s.release(ec), ec);
      if (!ec) {
        stream.socket() = std::move(moved);
        ServeConnection(stream, peer, handler, options, io);
        beast::error_code ignored;
        stream.socket().shutdown(Protocol::socket::shutdown_both, ignored);
      }
      c.done.store(true);
    });
  }

  template <typename Acceptor, typename Protocol>
  void AcceptNext(Acceptor& acceptor) {
    acceptor.async_accept([this, &acceptor](beast::error_code ec, typename Protocol::socket socket) {
      if (ec == asio::error::operation_aborted || stopped.load()) return;
      if (!ec) Adopt<Protocol>(std::move(socket));
      AcceptNext<Acceptor, Protocol>(acceptor);
    });
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

const Endpoint& HttpServer::endpoint() const { return impl_->endpoint; }

Result<std::unique_ptr<HttpServer>> HttpServer::Listen(const Endpoint& endpoint, const ListenOptions& options,
                                                       HttpHandler handler) {
  auto impl = std::make_unique<Impl>();
  impl->endpoint = endpoint;
  impl->options = options;
  impl->handler = std::move(handler);
  beast::error_code ec;
  if (endpoint.kind == Endpoint::Kind::kUnix) {
    struct stat st {};
    if (lstat(endpoint.path.c_str(), &st) == 0) {
      if (!S_ISSOCK(st.st_mode)) {
        return Status::Invalid("cannot listen on '" + endpoint.path + "': the path exists and is not a socket");
      }
      if (SocketAnswers(endpoint.path)) {
        return Status::Conflict("cannot listen on '" + endpoint.path + "': a service already answers there");
      }
      ::unlink(endpoint.path.c_str());   // left by a service that is gone
    }
    auto& acceptor = impl->unix_acceptor.emplace(impl->accept_io);
    acceptor.open(local(), ec);
    if (!ec) acceptor.bind(local::endpoint(endpoint.path), ec);
    if (ec) return Status::Storage("cannot listen on '" + endpoint.path + "': " + ec.message());
    // Permissions are set before listen(): until then no client can connect.
    if (::chmod(endpoint.path.c_str(), options.socket_mode) != 0 ||
        (options.socket_group && ::chown(endpoint.path.c_str(), static_cast<uid_t>(-1), *options.socket_group) != 0)) {
      std::string why = std::strerror(errno);
      ::unlink(endpoint.path.c_str());
      return Status::Storage("cannot set the permissions of '" + endpoint.path + "': " + why);
    }
    if (lstat(endpoint.path.c_str(), &st) == 0) impl->socket_inode = st.st_ino;
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return Status::Storage("cannot listen on '" + endpoint.path + "': " + ec.message());
    impl->AcceptNext<local::acceptor, local>(acceptor);
  } else {
    asio::ip::address address = asio::ip::make_address(endpoint.host, ec);
    if (ec) return Status::Invalid("cannot listen on '" + endpoint.ToString() + "': '" + endpoint.host + "' is not an IP address");
    auto& acceptor = impl->tcp_acceptor.emplace(impl->accept_io);
    tcp::endpoint at(address, endpoint.port);
    acceptor.open(at.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(at, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return Status::Storage("cannot listen on '" + endpoint.ToString() + "': " + ec.message());
    impl->endpoint.port = acceptor.local_endpoint(ec).port();
    impl->AcceptNext<tcp::acceptor, tcp>(acceptor);
  }
  Impl* raw = impl.get();
  impl->accept_thread = std::thread([raw] { raw->accept_io.run(); });
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

void HttpServer::Stop() {
  Impl& s = *impl_;
  if (s.stopped.exchange(true)) return;
  asio::post(s.accept_io, [&s] {
    beast::error_code ignored;
    if (s.unix_acceptor) s.unix_acceptor->close(ignored);
    if (s.tcp_acceptor) s.tcp_acceptor->close(ignored);
  });
  if (s.accept_thread.joinable()) s.accept_thread.join();
  {
    // Wakes every connection blocked in a read; its thread then ends.
    std::lock_guard lock(s.connections_mutex);
    for (auto& c : s.connections) {
      if (!c.done.load()) ::shutdown(c.fd, SHUT_RDWR);
    }
  }
  std::lock_guard lock(s.connections_mutex);
  for (auto& c : s.connections) c.thread.join();
  s.connections.clear();
  if (s.endpoint.kind == Endpoint::Kind::kUnix) {
    struct stat st {};
    if (lstat(s.endpoint.path.c_str(), &st) == 0 && st.st_ino == s.socket_inode) ::unlink(s.endpoint.path.c_str());
  }
}

namespace {

template <typename Protocol>
Result<HttpResponse> CallOn(asio::io_context& io, beast::basic_stream<Protocol>& stream,
                            const typename Protocol::endpoint& at, const Endpoint& endpoint, const HttpRequest& request,
                            std::chrono::seconds timeout) {
  beast::error_code error;
  http::request<http::string_body> req{http::string_to_verb(request.method), request.target, 11};
  req.set(http::field::host, endpoint.kind == Endpoint::Kind::kUnix ? "localhost" : endpoint.host);
  req.set(http::field::user_agent, "krabuan");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = request.body;
  req.prepare_payload();
  req.keep_alive(false);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1u << 30);
  stream.expires_after(timeout);
  stream.async_connect(at, [&](beast::error_code ec) {
    if (ec) {
      error = ec;
      return;
    }
    http::async_write(stream, req, [&](beast::error_code ec2, std::size_t) {
      if (ec2) {
        error = ec2;
        return;
      }
      http::async_read(stream, buffer, parser, [&](beast::error_code ec3, std::size_t) { error = ec3; });
    });
  });
  io.run();
  if (error) {
    return Status::Storage("no service answered at '" + endpoint.ToString() + "': " +
                           (error == beast::error::timeout ? std::string("timed out") : error.message()));
  }
  const auto& res = parser.get();
  HttpResponse out;
  out.status = static_cast<int>(res.result_int());
  out.content_type = std::string(res[http::field::content_type]);
  for (const auto& field : res) out.headers.emplace_back(Lower(std::string(field.name_string())), std::string(field.value()));
  out.body = res.body();
  return out;
}

}  // namespace

Result<HttpResponse> HttpCall(const Endpoint& endpoint, const HttpRequest& request, std::chrono::seconds timeout) {
  asio::io_context io;
  if (endpoint.kind == Endpoint::Kind::kUnix) {
    beast::basic_stream<local> stream(io);
    return CallOn<local>(io, stream, local::endpoint(endpoint.path), endpoint, request, timeout);
  }
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(endpoint.host, ec);
  if (ec) return Status::Invalid("'" + endpoint.host + "' is not an IP address (in '" + endpoint.ToString() + "')");
  beast::basic_stream<tcp> stream(io);
  return CallOn<tcp>(io, stream, tcp::endpoint(address, endpoint.port), endpoint, request, timeout);
}

}  // namespace krabuan
