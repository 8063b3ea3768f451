// An alert sink that POSTs the alert's JSON message to a URL (HTTP/1.1 with Boost.Beast).
//
// http:// only: run a relay on the same host if the receiver needs TLS. One connection
// per alert, closed after the answer. The whole exchange (resolve, connect, send, answer)
// has one time limit, so a receiver that hangs costs at most the timeout.
//
// 2xx is delivered. 408, 429 and 5xx, no answer, a refused connection or the timeout
// are transient (retried); any other status (a 404, a 400, a redirect) is the receiver
// refusing: the delivery is kept as failed at once, to be re-queued after a fix.
// The request carries the alert id in the body and as `Idempotency-Key: krabuan-alert-N`.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "adapters/config/http_url.h"
#include "engine/alerts/alert_sink.h"

namespace krabuan {

class WebhookSink final : public AlertSink {
 public:
  // `url` must have passed ParseHttpUrl (the config loader checks it).
  WebhookSink(std::string name, HttpUrl url, std::map<std::string, std::string> headers,
              std::chrono::milliseconds timeout);
  const std::string& name() const override { return name_; }
  SinkAnswer Deliver(const AlertRecord& alert) override;

 private:
  std::string name_;
  HttpUrl url_;
  std::map<std::string, std::string> headers_;
  std::chrono::milliseconds timeout_;
};

}  // namespace krabuan
