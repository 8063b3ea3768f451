#include "engine/alerts/dispatcher.h"

#include <algorithm>
#include <exception>
#include <random>
#include <thread>

namespace krabuan {
namespace {

struct Job {
  DeliveryRecord delivery;   // as it was before this round claimed it
  AlertRecord alert;
};

struct Outcome {
  enum Kind { kDelivered, kFailed, kRefused, kDeferred } kind = kDeferred;
  std::string error;
};

double DefaultRandom() {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(gen);
}

// Delivers a sink's jobs in order; after the first transient failure the rest wait (a
// receiver that is down would fail each of them after the same timeout). A refusal is
// about one alert: the receiver is up, so the rest go on.
std::vector<Outcome> DeliverAll(AlertSink& sink, const std::vector<Job>& jobs, std::string broken) {
  std::vector<Outcome> out;
  for (const Job& job : jobs) {
    if (!broken.empty()) {
      out.push_back({Outcome::kDeferred, "not tried: the sink failed shortly before: " + broken});
      continue;
    }
    Status s;
    try {
      s = sink.Deliver(job.alert);
    } catch (const std::exception& e) {
      s = Status::Internal(std::string("the sink failed: ") + e.what());
    }
    if (s.ok()) {
      out.push_back({Outcome::kDelivered, ""});
    } else if (s.kind() == ErrorKind::kRefused) {
      out.push_back({Outcome::kRefused, s.message()});
    } else {
      out.push_back({Outcome::kFailed, s.message()});
      broken = s.message();
    }
  }
  return out;
}

}  // namespace

std::chrono::seconds RetryPolicy::DelayAfter(int failures, double random) const {
  std::chrono::seconds base = initial_delay;
  for (int i = 1; i < failures && base < max_delay; ++i) base *= 2;
  base = std::min(base, max_delay);
  double factor = 1.0 - std::clamp(jitter, 0.0, 1.0) * std::clamp(random, 0.0, 1.0);
  auto delay = std::chrono::seconds(static_cast<std::int64_t>(static_cast<double>(base.count()) * factor));
  return std::max(delay, std::chrono::seconds(1));
}

AlertDispatcher::AlertDispatcher(Store& store, const Clock& clock, std::vector<std::unique_ptr<AlertSink>> sinks,
                                 RetryPolicy policy)
    : store_(store), clock_(clock), sinks_(std::move(sinks)), policy_(policy), random_(DefaultRandom) {
  for (const auto& s : sinks_) names_.push_back(s->name());
}

Result<DispatchResult> AlertDispatcher::DeliverDue(int limit) {
  DispatchResult result;
  if (sinks_.empty()) return result;
  Instant now = clock_.Now();

  // 0. Idle rounds (the resident daemon's every second) only read: no new alert and
  //    nothing due means no write lock is taken.
  {
    auto txn = store_.BeginRead();
    if (!txn.ok()) return txn.status();
    bool work = false;
    for (const std::string& name : names_) {
      Result<bool> more = (*txn)->HasUnqueuedAlerts(name);
      if (!more.ok()) return more.status();
      work = work || *more;
    }
    if (!work) {
      Result<std::optional<Instant>> next = (*txn)->NextDeliveryDue(names_);
      if (!next.ok()) return next.status();
      if (!*next || **next > now) {
        result.next_attempt = *next;
        return result;
      }
    }
  }

  // 1. Claim: queue new alerts and lease the due rows, in one short transaction.
  std::vector<std::vector<Job>> jobs(sinks_.size());
  {
    auto txn = store_.BeginWrite();
    if (!txn.ok()) return txn.status();
    for (const std::string& name : names_) KRABUAN_RETURN_IF_ERROR((*txn)->EnqueueDeliveries(name, now));
    Result<std::vector<DeliveryRecord>> due = (*txn)->DueDeliveries(names_, now, limit);
    if (!due.ok()) return due.status();
    for (const DeliveryRecord& d : *due) {
      Result<std::optional<AlertRecord>> alert = (*txn)->FindAlert(d.alert_id);
      if (!alert.ok()) return alert.status();
      DeliveryRecord leased = d;
      if (!alert->has_value()) {   // the outbox row is gone: nothing to deliver, but say so
        leased.state = DeliveryState::kFailed;
        leased.last_error = "the alert is no longer in the outbox";
      } else {
        leased.next_attempt_at = now + policy_.lease;
      }
      KRABUAN_RETURN_IF_ERROR((*txn)->UpdateDelivery(leased));
      if (!alert->has_value()) continue;
      auto at = std::find(names_.begin(), names_.end(), d.sink) - names_.begin();
      jobs[static_cast<std::size_t>(at)].push_back(Job{d, std::move(**alert)});
    }
    KRABUAN_RETURN_IF_ERROR((*txn)->Commit());
  }

  // 2. Deliver with no transaction open, each sink on its own thread.
  std::vector<std::vector<Outcome>> outcomes(sinks_.size());
  {
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < sinks_.size(); ++i) {
      if (jobs[i].empty()) continue;
      // A sink that failed in an earlier round and is not due again is not tried: its
      // alerts wait with the one that failed.
      std::string broken;
      if (auto down = down_.find(names_[i]); down != down_.end() && down->second.until > now) broken = down->second.error;
      threads.emplace_back([&, i, broken] { outcomes[i] = DeliverAll(*sinks_[i], jobs[i], broken); });
    }
    for (std::thread& t : threads) t.join();
  }

  // 3. Record the outcomes in a second short transaction.
  Instant done = clock_.Now();
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  for (std::size_t i = 0; i < sinks_.size(); ++i) {
    std::optional<Instant> sink_retry;   // when this sink's failed alert is tried again
    if (auto down = down_.find(names_[i]); down != down_.end() && down->second.until > now) sink_retry = down->second.until;
    for (std::size_t j = 0; j < jobs[i].size(); ++j) {
      DeliveryRecord d = jobs[i][j].delivery;
      const Outcome& o = outcomes[i][j];
      switch (o.kind) {
        case Outcome::kDelivered:
          d.state = DeliveryState::kDelivered;
          d.attempts += 1;
          d.last_error.clear();
          d.delivered_at = done;
          down_.erase(names_[i]);
          d.next_attempt_at.reset();
          ++result.delivered;
          break;
        case Outcome::kFailed:
        case Outcome::kRefused:
          d.attempts += 1;
          d.last_error = o.error;
          if (o.kind == Outcome::kRefused || d.attempts >= policy_.max_attempts) {
            d.state = DeliveryState::kFailed;
            d.next_attempt_at.reset();
            ++result.given_up;
          } else {
            d.state = DeliveryState::kPending;
            d.next_attempt_at = done + policy_.DelayAfter(d.attempts, random_());
            sink_retry = d.next_attempt_at;
            down_[names_[i]] = Down{*d.next_attempt_at, o.error};
            ++result.retrying;
          }
          break;
        case Outcome::kDeferred:
          d.state = DeliveryState::kPending;
          d.next_attempt_at = sink_retry.value_or(done);
          d.last_error = o.error;
          ++result.deferred;
          break;
      }
      KRABUAN_RETURN_IF_ERROR((*txn)->UpdateDelivery(d));
    }
  }
  Result<std::optional<Instant>> next = (*txn)->NextDeliveryDue(names_);
  if (!next.ok()) return next.status();
  result.next_attempt = *next;
  KRABUAN_RETURN_IF_ERROR((*txn)->Commit());
  return result;
}

}  // namespace krabuan
