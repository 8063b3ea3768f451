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

// A clock that starts at `start` and runs `factor` times as fast as real time: a demo can
// drive a fiscal year through the daemon in seconds (`daemon --now … --speed 1000000`).
class ScaledClock final : public Clock {
 public:
  ScaledClock(Instant start, double factor)
      : start_(start), factor_(factor), origin_(std::chrono::steady_clock::now()) {}
  Instant Now() const override {
    std::chrono::duration<double> real = std::chrono::steady_clock::now() - origin_;
    return start_ + std::chrono::duration_cast<std::chrono::seconds>(real * factor_);
  }
  double factor() const { return factor_; }

 private:
  Instant start_;
  double factor_;
  std::chrono::steady_clock::time_point origin_;
};

// A clock its owner moves forward by hand: the daemon's step mode jumps it from one due
// timer to the next. Not thread-safe; one thread owns it.
class SteppedClock final : public Clock {
 public:
  explicit SteppedClock(Instant start) : now_(start) {}
  Instant Now() const override { return now_; }
  void AdvanceTo(Instant t) {
    if (t > now_) now_ = t;
  }

 private:
  Instant now_;
};

}  // namespace krabuan
