// The webhook sink against a real HTTP server on 127.0.0.1, through the dispatcher.
#include <nlohmann/json.hpp>

#include "tests/adapters/sinks/sink_fixture.h"
#include "tests/support/http_test_server.h"

namespace krabuan::testing {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class WebhookSinkTest : public SinkTest {
 protected:
  HttpTestServer server_;
};

TEST_F(WebhookSinkTest, PostsTheAlertAsJsonOnceAndRecordsItDelivered) {
  std::int64_t id = AddAlert();
  auto d = Dispatcher(ExactPolicy(), Webhook("hook", server_.Url("/alerts?office=1")));
  Result<DispatchResult> r = d->DeliverDue();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->delivered, 1);
  EXPECT_EQ(r->retrying, 0);
  EXPECT_FALSE(r->next_attempt.has_value());

  std::vector<RecordedRequest> got = server_.Requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].target, "/alerts?office=1");
  EXPECT_EQ(got[0].headers["content-type"], "application/json; charset=utf-8");
  EXPECT_EQ(got[0].headers["x-token"], "s3cret");
  EXPECT_EQ(got[0].headers["idempotency-key"], "krabuan-alert-" + std::to_string(id));
  json body = json::parse(got[0].body);
  EXPECT_EQ(body.at("id"), id);
  EXPECT_EQ(body.at("kind"), "overdue");
  EXPECT_EQ(body.at("step"), "check");
  EXPECT_EQ(body.at("late_seconds"), 90);
  EXPECT_NE(body.at("text").get<std::string>().find("งานเกินกำหนด"), std::string::npos);

  DeliveryRecord row = Delivery(id, "hook");
  EXPECT_EQ(row.state, DeliveryState::kDelivered);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.delivered_at, clock_.Now());

  // Delivered once: later rounds send nothing more.
  clock_.Set(clock_.Now() + seconds(3600));
  r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->delivered, 0);
  EXPECT_EQ(server_.Requests().size(), 1u);
}

TEST_F(WebhookSinkTest, ServerDownIsRetriedWithBackoffAndDeliveredOnceItIsUp) {
  server_.Stop();   // the port refuses connections
  std::int64_t id = AddAlert();
  auto d = Dispatcher(ExactPolicy(), Webhook("hook", server_.Url("/hook")));
  Instant t0 = clock_.Now();

  Result<DispatchResult> r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->retrying, 1);
  EXPECT_EQ(r->next_attempt, t0 + seconds(30));
  DeliveryRecord row = Delivery(id, "hook");
  EXPECT_EQ(row.state, DeliveryState::kPending);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_NE(row.last_error.find("cannot connect"), std::string::npos) << row.last_error;

  clock_.Set(t0 + seconds(29));   // not due yet: nothing is tried
  r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->retrying + r->delivered, 0);
  EXPECT_EQ(Delivery(id, "hook").attempts, 1);

  clock_.Set(t0 + seconds(30));   // due, still down: the delay doubles
  r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->retrying, 1);
  EXPECT_EQ(r->next_attempt, t0 + seconds(30 + 60));

  server_.Start();
  clock_.Set(t0 + seconds(90));
  r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->delivered, 1);
  row = Delivery(id, "hook");
  EXPECT_EQ(row.state, DeliveryState::kDelivered);
  EXPECT_EQ(row.attempts, 3);
  EXPECT_EQ(row.last_error, "");
  ASSERT_EQ(server_.Requests().size(), 1u);
  EXPECT_EQ(json::parse(server_.Requests()[0].body).at("id"), id);
}

TEST_F(WebhookSinkTest, AServerErrorDelaysOnlyThatAlert) {
  server_.SetStatus(503);
  std::int64_t a = AddAlert(), b = AddAlert();
  auto d = Dispatcher(ExactPolicy(), Webhook("hook", server_.Url("/hook")));
  Instant t0 = clock_.Now();
  Result<DispatchResult> r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  // The receiver answers, so each alert is tried and gets its own back-off.
  EXPECT_EQ(r->retrying, 2);
  EXPECT_EQ(r->deferred, 0);
  EXPECT_EQ(server_.Requests().size(), 2u);
  EXPECT_NE(Delivery(a, "hook").last_error.find("HTTP 503"), std::string::npos) << Delivery(a, "hook").last_error;
  EXPECT_EQ(Delivery(b, "hook").attempts, 1);

  // A new alert is not held behind the ones that failed: it goes at once, while they
  // wait for their own retry.
  server_.SetStatus(200);
  clock_.Set(t0 + seconds(1));
  std::int64_t c = AddAlert();
  r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->delivered, 1);
  EXPECT_EQ(Delivery(c, "hook").state, DeliveryState::kDelivered);
  EXPECT_EQ(Delivery(a, "hook").state, DeliveryState::kPending);
  EXPECT_EQ(Delivery(a, "hook").next_attempt_at, t0 + seconds(30));
  EXPECT_EQ(server_.Requests().size(), 3u);

  clock_.Set(t0 + seconds(30));
  r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->delivered, 2);
  EXPECT_EQ(Delivery(a, "hook").state, DeliveryState::kDelivered);
  EXPECT_EQ(Delivery(b, "hook").attempts, 2);
}

TEST_F(WebhookSinkTest, AnUnreachableReceiverIsTriedOncePerRoundAndTheOtherAlertsKeepTheirSchedule) {
  server_.SetHang(true);   // takes the request, never answers: each try costs the whole timeout
  std::int64_t a = AddAlert(), b = AddAlert(), c = AddAlert();
  auto d = Dispatcher(ExactPolicy(), Webhook("hook", server_.Url("/hook"), std::chrono::milliseconds(300)));
  Instant t0 = clock_.Now();
  Result<DispatchResult> r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->retrying, 1);
  EXPECT_EQ(r->deferred, 2);
  EXPECT_EQ(server_.Requests().size(), 1u);   // one timeout for the round, not three
  EXPECT_NE(Delivery(a, "hook").last_error.find("timed out"), std::string::npos) << Delivery(a, "hook").last_error;
  EXPECT_EQ(Delivery(a, "hook").next_attempt_at, t0 + seconds(30));
  for (std::int64_t untried : {b, c}) {   // as they were: due, no attempt, no error
    DeliveryRecord row = Delivery(untried, "hook");
    EXPECT_EQ(row.attempts, 0);
    EXPECT_EQ(row.next_attempt_at, t0);
    EXPECT_EQ(row.last_error, "");
  }

  // The next round tries the next alert due (a waits for its own retry).
  r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(server_.Requests().size(), 2u);
  EXPECT_EQ(Delivery(b, "hook").attempts, 1);
  EXPECT_EQ(Delivery(c, "hook").attempts, 0);

  // Up again: what is due goes at once; each failed alert at its own retry.
  server_.Stop();
  server_.SetHang(false);
  server_.Start();
  r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->delivered, 1);
  EXPECT_EQ(Delivery(c, "hook").state, DeliveryState::kDelivered);
  EXPECT_EQ(Delivery(c, "hook").attempts, 1);
  clock_.Set(t0 + seconds(30));
  EXPECT_EQ(d->DeliverDue()->delivered, 2);
  for (std::int64_t id : {a, b}) EXPECT_EQ(Delivery(id, "hook").state, DeliveryState::kDelivered);
}

TEST_F(WebhookSinkTest, ARejectedAlertIsKeptAsFailedAndCanBeRequeued) {
  server_.SetStatus(404);
  std::int64_t id = AddAlert();
  std::int64_t other = AddAlert();
  auto d = Dispatcher(ExactPolicy(), Webhook("hook", server_.Url("/wrong")));
  Result<DispatchResult> r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  // A refusal is about one alert; the receiver is up, so the next one is tried too.
  EXPECT_EQ(r->given_up, 2);
  EXPECT_EQ(r->deferred, 0);
  EXPECT_EQ(server_.Requests().size(), 2u);
  EXPECT_EQ(Delivery(other, "hook").state, DeliveryState::kFailed);
  DeliveryRecord row = Delivery(id, "hook");
  EXPECT_EQ(row.state, DeliveryState::kFailed);
  EXPECT_NE(row.last_error.find("HTTP 404"), std::string::npos) << row.last_error;

  // Only an administrator may re-queue.
  Result<int> refused = engine_->RetryAlertDelivery(Actor{"clerk"}, id, "");
  EXPECT_EQ(refused.status().kind(), ErrorKind::kRefused);
  EXPECT_EQ(engine_->RetryAlertDelivery(Actor{"admin"}, id, "nope").status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(engine_->RetryAlertDelivery(Actor{"admin"}, id + 100, "").status().kind(), ErrorKind::kNotFound);
  server_.SetStatus(200);
  Result<int> n = engine_->RetryAlertDelivery(Actor{"admin"}, id, "hook");
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(*n, 1);
  r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->delivered, 1);
  EXPECT_EQ(Delivery(id, "hook").state, DeliveryState::kDelivered);
}

TEST_F(WebhookSinkTest, AfterTheLastAttemptTheDeliveryIsKeptAsFailed) {
  server_.SetStatus(500);
  std::int64_t id = AddAlert();
  auto d = Dispatcher(ExactPolicy(/*max_attempts=*/2), Webhook("hook", server_.Url("/hook")));
  ASSERT_EQ(d->DeliverDue()->retrying, 1);
  clock_.Set(clock_.Now() + seconds(30));
  Result<DispatchResult> r = d->DeliverDue();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->given_up, 1);
  EXPECT_FALSE(r->next_attempt.has_value());
  DeliveryRecord row = Delivery(id, "hook");
  EXPECT_EQ(row.state, DeliveryState::kFailed);
  EXPECT_EQ(row.attempts, 2);
  clock_.Set(clock_.Now() + seconds(86400));
  EXPECT_EQ(d->DeliverDue()->given_up + d->DeliverDue()->retrying, 0);   // not tried again by itself
  EXPECT_EQ(server_.Requests().size(), 2u);
}

TEST_F(WebhookSinkTest, AHungReceiverTimesOutWithoutHoldingUpTheOtherSinks) {
  server_.SetHang(true);
  std::filesystem::path out = dir_ / "delivered.jsonl";
  std::int64_t id = AddAlert();
  auto d = Dispatcher(ExactPolicy(), Webhook("hook", server_.Url("/hook"), std::chrono::milliseconds(400)),
                      Shell("script", "cat >> '" + out.string() + "'"));
  auto started = std::chrono::steady_clock::now();
  Result<DispatchResult> r = d->DeliverDue();
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->delivered, 1);
  EXPECT_EQ(r->retrying, 1);
  EXPECT_LT(took, std::chrono::seconds(3));
  EXPECT_EQ(Delivery(id, "script").state, DeliveryState::kDelivered);
  DeliveryRecord hook = Delivery(id, "hook");
  EXPECT_EQ(hook.state, DeliveryState::kPending);
  EXPECT_NE(hook.last_error.find("timed out"), std::string::npos) << hook.last_error;
  EXPECT_EQ(server_.Requests().size(), 1u);   // it did arrive; the answer never came
}

TEST(HttpUrlTest, SplitsHttpUrlsAndRefusesTheRest) {
  Result<HttpUrl> u = ParseHttpUrl("http://hooks.example.org:8080/a/b?c=1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "hooks.example.org");
  EXPECT_EQ(u->port, "8080");
  EXPECT_EQ(u->target, "/a/b?c=1");
  u = ParseHttpUrl("http://127.0.0.1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->port, "80");
  EXPECT_EQ(u->target, "/");
  for (const char* bad : {"https://x/", "ftp://x/", "http://", "http://x:0/", "http://x:99999/", "http://u:p@x/",
                          "http://x/a b"}) {
    EXPECT_FALSE(ParseHttpUrl(bad).ok()) << bad;
  }
  EXPECT_NE(ParseHttpUrl("https://x/").status().message().find("https is not supported"), std::string::npos);
}

}  // namespace
}  // namespace krabuan::testing
