// A small HTTP/1.1 server on 127.0.0.1 for testing the webhook sink: it records each
// request and answers with a status the test chooses, or never answers (a hung
// receiver). Plain sockets and one thread; one request per connection.
//
//   HttpTestServer server;                  // listens on an ephemeral port at once
//   std::string url = server.Url("/hook");  // http://127.0.0.1:PORT/hook
//   server.SetStatus(500);                  // answer 500 from now on
//   server.SetDelay(milliseconds(20));      // a slow receiver: each answer 20 ms late
//   server.Stop();                          // the port refuses connections
//   server.Start();                         // the same port again
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace krabuan::testing {

struct RecordedRequest {
  std::string method, target;
  std::map<std::string, std::string> headers;   // names lower-cased
  std::string body;
};

class HttpTestServer {
 public:
  HttpTestServer();   // Start()s on an ephemeral port
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  // Listens again (on the same port after the first start).
  void Start();
  // Closes the listening socket and every connection; returns when the thread is gone.
  void Stop();

  int port() const { return port_; }
  std::string Url(const std::string& path) const;

  void SetStatus(int status) { status_ = status; }
  // Reads requests but never answers them, until Stop().
  void SetHang(bool hang) { hang_ = hang; }

  // Answers each request this long after reading it (the request is recorded first).
  void SetDelay(std::chrono::milliseconds delay) { delay_ms_ = static_cast<int>(delay.count()); }

  std::vector<RecordedRequest> Requests() const;
  std::size_t RequestCount() const;

 private:
  void Serve(int listener);
  void Handle(int conn);

  int port_ = 0;
  int listener_ = -1;
  int wake_[2] = {-1, -1};   // a pipe that tells the thread to stop
  std::thread thread_;
  std::atomic<int> status_{200};
  std::atomic<bool> hang_{false};
  std::atomic<int> delay_ms_{0};
  mutable std::mutex mu_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace krabuan::testing
