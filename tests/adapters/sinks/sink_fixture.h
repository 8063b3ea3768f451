// Alert delivery on a real engine and SQLite file: alerts put in the outbox, a
// dispatcher with real sinks, and the delivery rows read back.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "adapters/sinks/command_sink.h"
#include "adapters/sinks/webhook_sink.h"
#include "engine/alerts/dispatcher.h"
#include "tests/support/engine_fixture.h"

namespace krabuan::testing {

class SinkTest : public EngineTest {
 protected:
  // Exact delays (no jitter): 30 s, 60 s, 120 s ...
  static RetryPolicy ExactPolicy(int max_attempts = 5) {
    RetryPolicy p;
    p.jitter = 0;
    p.max_attempts = max_attempts;
    return p;
  }

  // An overdue alert in the outbox, as the timers write one.
  std::int64_t AddAlert(const std::string& text = "งานเกินกำหนด: ทดสอบ — ขั้นตอน \"ตรวจ\" กรณีที่ 1") {
    auto txn = store_->BeginWrite();
    EXPECT_TRUE(txn.ok());
    AlertRecord a{0, clock_.Now(), "overdue", 1, 2, text, R"({"process":"p","step":"check","late_seconds":90})"};
    Result<std::int64_t> id = (*txn)->InsertAlert(a);
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE((*txn)->Commit().ok());
    return id.ok() ? *id : 0;
  }

  // The delivery row of `alert` to `sink`; fails the test when there is none.
  DeliveryRecord Delivery(std::int64_t alert, const std::string& sink) {
    auto txn = store_->BeginRead();
    Result<std::vector<DeliveryRecord>> rows = (*txn)->DeliveriesOf(alert, alert);
    EXPECT_TRUE(rows.ok());
    for (const DeliveryRecord& d : *rows) {
      if (d.sink == sink) return d;
    }
    ADD_FAILURE() << "no delivery of alert " << alert << " to " << sink;
    return {};
  }

  static std::unique_ptr<AlertSink> Webhook(const std::string& name, const std::string& url,
                                            std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    Result<HttpUrl> u = ParseHttpUrl(url);
    EXPECT_TRUE(u.ok()) << url;
    return std::make_unique<WebhookSink>(name, *u, std::map<std::string, std::string>{{"X-Token", "s3cret"}}, timeout);
  }

  static std::unique_ptr<AlertSink> Shell(const std::string& name, const std::string& script,
                                          std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return std::make_unique<CommandSink>(name, "/bin/sh", std::vector<std::string>{"-c", script}, timeout);
  }

  template <typename... Sinks>
  std::unique_ptr<AlertDispatcher> Dispatcher(RetryPolicy policy, Sinks... sinks) {
    std::vector<std::unique_ptr<AlertSink>> list;
    (list.push_back(std::move(sinks)), ...);
    return std::make_unique<AlertDispatcher>(*store_, clock_, std::move(list), policy);
  }
};

}  // namespace krabuan::testing
