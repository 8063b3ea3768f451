// All time comes through a Clock, so tests and demos can fix "now".
#pragma once

#include <chrono>

#include "engine/time/instant.h"

namespace krabuan {

// Thread-safe: implementations are immutable or read the system clock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant Now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock that always answers the same instant (--now, KRABUAN_NOW, tests).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant now) : now_(now) {}
  Instant Now() const override { return now_; }

 private:
  Instant now_;
};

}  // namespace krabuan
