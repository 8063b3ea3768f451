#include "adapters/daemon/delivery_thread.h"

#include <chrono>

namespace krabuan {

DeliveryThread::DeliveryThread(std::unique_ptr<AlertDelivery> delivery, std::shared_ptr<spdlog::logger> log)
    : delivery_(std::move(delivery)), log_(std::move(log)), thread_([this] { Loop(); }) {}

DeliveryThread::~DeliveryThread() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DeliveryThread::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    lock.unlock();
    Result<DispatchResult> r = delivery_->DeliverAll();
    if (!r.ok()) {
      log_->error("delivering alerts: {}", r.status().message());
    } else if (r->delivered + r->retrying + r->given_up > 0) {
      log_->info("alerts: {} delivered, {} to retry, {} given up (kept as failed)", r->delivered,
                 r->retrying + r->deferred, r->given_up);
    }
    lock.lock();
    wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; });
  }
}

}  // namespace krabuan
