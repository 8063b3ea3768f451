#include "tests/support/http_test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace krabuan::testing {
namespace {

[[noreturn]] void Fatal(const std::string& what) { throw std::runtime_error(what + ": " + std::strerror(errno)); }

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

HttpTestServer::HttpTestServer() { Start(); }

HttpTestServer::~HttpTestServer() { Stop(); }

std::string HttpTestServer::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void HttpTestServer::Start() {
  if (thread_.joinable()) return;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) Fatal("socket");
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port_));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Fatal("bind 127.0.0.1:" + std::to_string(port_));
  if (::listen(fd, 16) != 0) Fatal("listen");
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  if (::pipe2(wake_, O_CLOEXEC) != 0) Fatal("pipe2");
  listener_ = fd;
  thread_ = std::thread([this, fd] { Serve(fd); });
}

void HttpTestServer::Stop() {
  if (!thread_.joinable()) return;
  char c = 'x';
  (void)!::write(wake_[1], &c, 1);
  thread_.join();
  ::close(listener_);
  ::close(wake_[0]);
  ::close(wake_[1]);
  listener_ = wake_[0] = wake_[1] = -1;
}

std::vector<RecordedRequest> HttpTestServer::Requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

std::size_t HttpTestServer::RequestCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_.size();
}

void HttpTestServer::Serve(int listener) {
  std::vector<int> hung;   // connections held open without an answer
  while (true) {
    pollfd fds[2] = {{listener, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents != 0) break;
    if (fds[0].revents == 0) continue;
    int conn = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0) continue;
    Handle(conn);
    if (hang_) {
      hung.push_back(conn);
    } else {
      ::close(conn);
    }
  }
  for (int fd : hung) ::close(fd);
}

// Reads one request (headers, then Content-Length bytes of body), records it, answers.
void HttpTestServer::Handle(int conn) {
  std::string data;
  char buf[4096];
  std::size_t header_end = std::string::npos;
  std::size_t need = 0;
  while (true) {
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string lower = Lower(data.substr(0, header_end));
        std::size_t cl = lower.find("content-length:");
        need = header_end + 4 + (cl == std::string::npos ? 0 : std::stoul(lower.substr(cl + 15)));
      }
    }
    if (header_end != std::string::npos && data.size() >= need) break;
    pollfd p{conn, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return;   // a client that sends nothing: drop it
    ssize_t got = ::read(conn, buf, sizeof buf);
    if (got <= 0) return;
    data.append(buf, static_cast<std::size_t>(got));
  }
  RecordedRequest r;
  std::string head = data.substr(0, header_end);
  std::size_t line_end = head.find("\r\n");
  std::string request_line = head.substr(0, line_end);
  std::size_t sp1 = request_line.find(' '), sp2 = request_line.rfind(' ');
  r.method = request_line.substr(0, sp1);
  r.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  for (std::size_t at = line_end; at != std::string::npos && at < head.size();) {
    std::size_t next = head.find("\r\n", at + 2);
    std::string line = head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2);
    std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::size_t v = line.find_first_not_of(' ', colon + 1);
      r.headers[Lower(line.substr(0, colon))] = v == std::string::npos ? "" : line.substr(v);
    }
    at = next;
  }
  r.body = data.substr(header_end + 4);
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(std::move(r));
  }
  if (hang_) return;
  if (int delay = delay_ms_; delay > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay));
  int status = status_;
  std::string body = status < 300 ? "ok" : "try later";
  std::string answer = "HTTP/1.1 " + std::to_string(status) + (status < 300 ? " OK" : " Error") +
                       "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\nConnection: close\r\n\r\n" + body;
  (void)!::send(conn, answer.data(), answer.size(), MSG_NOSIGNAL);
}

}  // namespace krabuan::testing
