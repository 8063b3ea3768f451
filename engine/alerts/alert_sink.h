// Where alerts go once they are in the outbox: the log, a webhook, a command.
//
// A sink delivers one alert at a time. Delivery is at least once: a sink may see the
// same alert again (after a crash between delivering and recording it, or after an
// administrator re-queues it), so the message carries the alert's id for receivers to
// de-duplicate by.
#pragma once

#include <string>

#include "engine/runtime/records.h"
#include "engine/status.h"

namespace krabuan {

// What a sink made of one alert.
struct SinkAnswer {
  enum class Kind {
    kDelivered,     // the receiver took it
    kFailed,        // the receiver answered but failed (HTTP 5xx, a command's exit 1): retry this alert later
    kUnreachable,   // no receiver: no connection, no answer within the timeout, a program that cannot start
    kRefused,       // the receiver rejected this alert for good: retrying will not help
  };
  Kind kind = Kind::kDelivered;
  std::string error;   // why, when not delivered

  static SinkAnswer Delivered() { return {}; }
  static SinkAnswer Failed(std::string why) { return {Kind::kFailed, std::move(why)}; }
  static SinkAnswer Unreachable(std::string why) { return {Kind::kUnreachable, std::move(why)}; }
  static SinkAnswer Refused(std::string why) { return {Kind::kRefused, std::move(why)}; }
};

// One destination. Implementations live in adapters/sinks/. An instance is used by one
// thread at a time (the dispatcher gives each sink its own thread), so it needs no lock.
class AlertSink {
 public:
  virtual ~AlertSink() = default;
  // The name the config gives it; delivery state is kept per (alert, name).
  virtual const std::string& name() const = 0;
  // Delivers `alert`, giving up within the sink's own timeout. The answer's kind decides
  // what the dispatcher does (engine/alerts/dispatcher.h): an unreachable receiver is
  // not asked again in the same round.
  virtual SinkAnswer Deliver(const AlertRecord& alert) = 0;
};

// The message every sink sends: one JSON object with the alert's id, when it was
// raised (UTC ISO-8601), its kind, case, task, the Thai text, and the payload's fields
// (process, step, responsible role and assignee, due, late_seconds).
std::string AlertMessageJson(const AlertRecord& alert);

}  // namespace krabuan
