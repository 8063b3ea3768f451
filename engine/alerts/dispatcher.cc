#include "engine/alerts/dispatcher.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <random>
#include <thread>

namespace krabuan {
namespace {

struct Job {
  DeliveryRecord delivery;   // as it was before this round claimed it
  AlertRecord alert;
};

// One job's answer on its way from its sink's thread to the recording thread.
struct Answer {
  std::size_t sink = 0;
  std::size_t job = 0;
  bool skipped = false;   // not tried: the sink was unreachable earlier in the round
  SinkAnswer answer;
};

double DefaultRandom() {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(gen);
}

// Between the sink threads and the one thread that records (the store is not
// thread-safe). A sink waits for room before each send, so it never runs more than
// kUnrecordedPerSink deliveries ahead of what is committed.
class Mailbox {
 public:
  Mailbox(std::size_t sinks, int running) : unrecorded_(sinks, 0), running_(running) {}

  // False when the round was abandoned (the store failed): send nothing more.
  bool WaitForRoom(std::size_t sink) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return abandoned_ || unrecorded_[sink] < AlertDispatcher::kUnrecordedPerSink; });
    return !abandoned_;
  }
  void Post(Answer a) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!a.skipped) ++unrecorded_[a.sink];
    ready_.push_back(std::move(a));
    cv_.notify_all();
  }
  void SinkDone() {
    std::lock_guard<std::mutex> lock(mu_);
    --running_;
    cv_.notify_all();
  }
  // The recorder: the answers that arrived, waiting for one; empty once every sink is done.
  std::vector<Answer> Take() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !ready_.empty() || running_ == 0; });
    std::vector<Answer> out;
    out.swap(ready_);
    return out;
  }
  void Recorded(const std::vector<Answer>& answers) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const Answer& a : answers) {
      if (!a.skipped) --unrecorded_[a.sink];
    }
    cv_.notify_all();
  }
  void Abandon() {
    std::lock_guard<std::mutex> lock(mu_);
    abandoned_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Answer> ready_;
  std::vector<int> unrecorded_;
  int running_;
  bool abandoned_ = false;
};

// Delivers a sink's jobs in order. Once the receiver is unreachable, the rest are not
// tried in this round (each would wait out the same timeout); a failure or a refusal
// is about one alert, so the rest go on. Returns whether the sink was unreachable.
bool DeliverJobs(AlertSink& sink, std::size_t index, const std::vector<Job>& jobs, Mailbox& box) {
  std::string unreachable;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (!unreachable.empty()) {
      box.Post({index, j, true, SinkAnswer::Unreachable("not tried: the sink was unreachable: " + unreachable)});
      continue;
    }
    if (!box.WaitForRoom(index)) break;
    SinkAnswer a;
    try {
      a = sink.Deliver(jobs[j].alert);
    } catch (const std::exception& e) {
      a = SinkAnswer::Failed(std::string("the sink failed: ") + e.what());
    }
    if (a.kind == SinkAnswer::Kind::kUnreachable) unreachable = a.error.empty() ? "unreachable" : a.error;
    box.Post({index, j, false, std::move(a)});
  }
  box.SinkDone();
  return !unreachable.empty();
}

// Commits the answers that arrived, in one short write transaction.
Status RecordAnswers(Store& store, const Clock& clock, const RetryPolicy& policy, const std::function<double()>& random,
                     const std::vector<Answer>& answers, const std::vector<std::vector<Job>>& jobs,
                     DispatchResult& result) {
  Instant done = clock.Now();
  DispatchResult counted;
  auto txn = store.BeginWrite();
  if (!txn.ok()) return txn.status();
  for (const Answer& a : answers) {
    DeliveryRecord d = jobs[a.sink][a.job].delivery;
    if (a.skipped) {
      // Not tried: back as it was before the claim (its schedule, attempts and error).
      ++counted.deferred;
      KRABUAN_RETURN_IF_ERROR((*txn)->UpdateDelivery(d));
      continue;
    }
    d.attempts += 1;
    switch (a.answer.kind) {
      case SinkAnswer::Kind::kDelivered:
        d.state = DeliveryState::kDelivered;
        d.last_error.clear();
        d.delivered_at = done;
        d.next_attempt_at.reset();
        ++counted.delivered;
        break;
      case SinkAnswer::Kind::kFailed:
      case SinkAnswer::Kind::kUnreachable:
      case SinkAnswer::Kind::kRefused:
        d.last_error = a.answer.error;
        if (a.answer.kind == SinkAnswer::Kind::kRefused || d.attempts >= policy.max_attempts) {
          d.state = DeliveryState::kFailed;
          d.next_attempt_at.reset();
          ++counted.given_up;
        } else {
          d.state = DeliveryState::kPending;
          d.next_attempt_at = done + policy.DelayAfter(d.attempts, random());
          ++counted.retrying;
        }
        break;
    }
    KRABUAN_RETURN_IF_ERROR((*txn)->UpdateDelivery(d));
  }
  KRABUAN_RETURN_IF_ERROR((*txn)->Commit());
  result.delivered += counted.delivered;
  result.retrying += counted.retrying;
  result.given_up += counted.given_up;
  result.deferred += counted.deferred;
  return Status::Ok();
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
  limit = std::max(limit, 1);
  // Everything due at the round's start, and nothing that falls due during it: a
  // delivery that fails in this round is not tried again in it.
  const Instant now = clock_.Now();

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

  std::vector<char> unreachable(sinks_.size(), 0);   // for the rest of the round
  bool enqueued = false;
  while (true) {
    std::vector<std::string> reachable;
    for (std::size_t i = 0; i < sinks_.size(); ++i) {
      if (!unreachable[i]) reachable.push_back(names_[i]);
    }
    if (reachable.empty()) break;

    // 1. Claim: queue new alerts (once a round) and lease the due rows, in one short transaction.
    std::vector<std::vector<Job>> jobs(sinks_.size());
    std::size_t claimed = 0;
    {
      auto txn = store_.BeginWrite();
      if (!txn.ok()) return txn.status();
      if (!enqueued) {
        for (const std::string& name : names_) KRABUAN_RETURN_IF_ERROR((*txn)->EnqueueDeliveries(name, now));
        enqueued = true;
      }
      Result<std::vector<DeliveryRecord>> due = (*txn)->DueDeliveries(reachable, now, limit);
      if (!due.ok()) return due.status();
      claimed = due->size();
      Instant leased_at = clock_.Now();
      for (const DeliveryRecord& d : *due) {
        Result<std::optional<AlertRecord>> alert = (*txn)->FindAlert(d.alert_id);
        if (!alert.ok()) return alert.status();
        DeliveryRecord leased = d;
        if (!alert->has_value()) {   // the outbox row is gone: nothing to deliver, but say so
          leased.state = DeliveryState::kFailed;
          leased.last_error = "the alert is no longer in the outbox";
        } else {
          leased.next_attempt_at = leased_at + policy_.lease;
        }
        KRABUAN_RETURN_IF_ERROR((*txn)->UpdateDelivery(leased));
        if (!alert->has_value()) continue;
        auto at = std::find(names_.begin(), names_.end(), d.sink) - names_.begin();
        jobs[static_cast<std::size_t>(at)].push_back(Job{d, std::move(**alert)});
      }
      KRABUAN_RETURN_IF_ERROR((*txn)->Commit());
    }
    if (claimed == 0) break;

    // 2. Deliver with no transaction open, each sink on its own thread; record each
    //    outcome on this thread as soon as it arrives.
    int busy = 0;
    for (const auto& j : jobs) busy += j.empty() ? 0 : 1;
    Mailbox box(sinks_.size(), busy);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < sinks_.size(); ++i) {
      if (jobs[i].empty()) continue;
      threads.emplace_back([&, i] { unreachable[i] = DeliverJobs(*sinks_[i], i, jobs[i], box) ? 1 : 0; });
    }
    Status recorded = Status::Ok();
    while (true) {
      std::vector<Answer> answers = box.Take();
      if (answers.empty()) break;
      recorded = RecordAnswers(store_, clock_, policy_, random_, answers, jobs, result);
      if (!recorded.ok()) {
        box.Abandon();   // the rows left wait out their lease
        break;
      }
      box.Recorded(answers);
    }
    for (std::thread& t : threads) t.join();
    if (!recorded.ok()) return recorded;
    if (claimed < static_cast<std::size_t>(limit)) break;
  }

  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  Result<std::optional<Instant>> next = (*txn)->NextDeliveryDue(names_);
  if (!next.ok()) return next.status();
  result.next_attempt = *next;
  return result;
}

}  // namespace krabuan
