#include "adapters/sinks/webhook_sink.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <optional>

#include "adapters/process/subprocess.h"

namespace krabuan {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// One POST and its answer, driven by callbacks on a private io_context.
class Exchange {
 public:
  Exchange(const HttpUrl& url, http::request<http::string_body> request, std::chrono::steady_clock::time_point deadline)
      : url_(url), request_(std::move(request)), deadline_(deadline), resolver_(ioc_), timer_(ioc_), stream_(ioc_) {
    parser_.body_limit(64 * 1024);
  }

  // The error of the step that failed (and which step), or the answer.
  SinkAnswer Run() {
    // The resolver has no timeout of its own: a timer cancels it.
    timer_.expires_at(deadline_);
    timer_.async_wait([this](beast::error_code ec) {
      if (!ec) resolver_.cancel();
    });
    resolver_.async_resolve(url_.host, url_.port, [this](beast::error_code ec, tcp::resolver::results_type results) {
      timer_.cancel();
      if (ec) return Fail("cannot resolve '" + url_.host + "'", ec);
      stream_.expires_at(deadline_);
      stream_.async_connect(results, [this](beast::error_code ec, const tcp::endpoint&) {
        if (ec) return Fail("cannot connect to " + url_.host + ":" + url_.port, ec);
        stream_.expires_at(deadline_);
        http::async_write(stream_, request_, [this](beast::error_code ec, std::size_t) {
          if (ec) return Fail("cannot send the alert", ec);
          stream_.expires_at(deadline_);
          http::async_read(stream_, buffer_, parser_, [this](beast::error_code ec, std::size_t) {
            if (ec) return Fail("no answer", ec);
            beast::error_code ignored;
            stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
            answered_ = true;
          });
        });
      });
    });
    ioc_.run();
    if (!answered_) return SinkAnswer::Unreachable(error_);
    const auto& res = parser_.get();
    unsigned code = res.result_int();
    if (code >= 200 && code < 300) return SinkAnswer::Delivered();
    std::string why = "HTTP " + std::to_string(code) + " " + std::string(res.reason().data(), res.reason().size());
    std::string body = FirstLine(res.body());
    if (body.size() > 200) body.resize(200);
    if (!body.empty()) why += ": " + body;
    if (code == 408 || code == 429 || code >= 500) return SinkAnswer::Failed(why);
    return SinkAnswer::Refused(why);
  }

 private:
  void Fail(const std::string& what, beast::error_code ec) {
    bool timed_out = ec == beast::error::timeout ||
                     (ec == asio::error::operation_aborted && std::chrono::steady_clock::now() >= deadline_);
    error_ = what + ": " + (timed_out ? std::string("timed out") : ec.message());
  }

  const HttpUrl& url_;
  http::request<http::string_body> request_;
  std::chrono::steady_clock::time_point deadline_;
  asio::io_context ioc_;
  tcp::resolver resolver_;
  asio::steady_timer timer_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  bool answered_ = false;
  std::string error_ = "not sent";
};

}  // namespace

WebhookSink::WebhookSink(std::string name, HttpUrl url, std::map<std::string, std::string> headers,
                         std::chrono::milliseconds timeout)
    : name_(std::move(name)), url_(std::move(url)), headers_(std::move(headers)), timeout_(timeout) {}

SinkAnswer WebhookSink::Deliver(const AlertRecord& alert) {
  http::request<http::string_body> req{http::verb::post, url_.target, 11};
  req.set(http::field::host, url_.port == "80" ? url_.host : url_.host + ":" + url_.port);
  req.set(http::field::user_agent, "krabuan");
  req.set(http::field::content_type, "application/json; charset=utf-8");
  req.set("Idempotency-Key", "krabuan-alert-" + std::to_string(alert.id));
  for (const auto& [name, value] : headers_) req.set(name, value);
  req.keep_alive(false);
  req.body() = AlertMessageJson(alert);
  req.prepare_payload();
  try {
    Exchange exchange(url_, std::move(req), std::chrono::steady_clock::now() + timeout_);
    return exchange.Run();
  } catch (const std::exception& e) {
    return SinkAnswer::Unreachable(std::string("webhook: ") + e.what());
  }
}

}  // namespace krabuan
