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

// One destination. Implementations live in adapters/sinks/. An instance is used by one
// thread at a time (the dispatcher gives each sink its own thread), so it needs no lock.
class AlertSink {
 public:
  virtual ~AlertSink() = default;
  // The name the config gives it; delivery state is kept per (alert, name).
  virtual const std::string& name() const = 0;
  // Delivers `alert`, giving up within the sink's own timeout. Ok: delivered.
  // Refused: the receiver rejected this alert for good (retrying will not help; the
  // delivery is marked failed at once). Any other error: transient, retried later.
  virtual Status Deliver(const AlertRecord& alert) = 0;
};

// The message every sink sends: one JSON object with the alert's id, when it was
// raised (UTC ISO-8601), its kind, case, task, the Thai text, and the payload's fields
// (process, step, responsible role and assignee, due, late_seconds).
std::string AlertMessageJson(const AlertRecord& alert);

}  // namespace krabuan
