#include "adapters/sinks/log_sink.h"

#include <exception>

#include "engine/text/escape.h"

namespace krabuan {

LogSink::LogSink(std::string name, std::shared_ptr<spdlog::logger> logger)
    : name_(std::move(name)), logger_(std::move(logger)) {}

SinkAnswer LogSink::Deliver(const AlertRecord& alert) {
  try {
    // The text names the case by its business key, which users type: one line, always.
    logger_->warn("alert {} (case {}, task {}): {}", alert.id, alert.instance_id, alert.task_id,
                  EscapeControls(alert.text));
    logger_->flush();
  } catch (const std::exception& e) {
    return SinkAnswer::Failed(std::string("cannot write the log: ") + e.what());
  }
  return SinkAnswer::Delivered();
}

}  // namespace krabuan
