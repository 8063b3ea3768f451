// Delivers alerts beside the timer loop, on its own thread and its own engine (its own
// database connection), so a slow sink never holds up the timers. Real time, not the
// daemon's (maybe accelerated) clock: retry back-off is about the receivers' time.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include <spdlog/logger.h>

#include "adapters/daemon/alert_delivery.h"

namespace krabuan {

class DeliveryThread {
 public:
  // Starts delivering at once, then every second. `delivery`'s engine must outlive the thread.
  DeliveryThread(std::unique_ptr<AlertDelivery> delivery, std::shared_ptr<spdlog::logger> log);
  // Stops after the round in hand.
  ~DeliveryThread();
  DeliveryThread(const DeliveryThread&) = delete;
  DeliveryThread& operator=(const DeliveryThread&) = delete;

 private:
  void Loop();

  std::unique_ptr<AlertDelivery> delivery_;
  std::shared_ptr<spdlog::logger> log_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;   // last: starts once the rest is ready
};

}  // namespace krabuan
