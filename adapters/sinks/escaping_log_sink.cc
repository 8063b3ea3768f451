#include "adapters/sinks/escaping_log_sink.h"

#include <spdlog/details/log_msg.h>

#include <string_view>

#include "engine/text/escape.h"

namespace krabuan {

EscapingLogSink::EscapingLogSink(spdlog::sink_ptr inner) : inner_(std::move(inner)) {}

void EscapingLogSink::log(const spdlog::details::log_msg& msg) {
  std::string escaped = EscapeControls(std::string_view(msg.payload.data(), msg.payload.size()));
  spdlog::details::log_msg copy = msg;
  copy.payload = spdlog::string_view_t(escaped.data(), escaped.size());
  inner_->log(copy);
}

void EscapingLogSink::flush() { inner_->flush(); }

void EscapingLogSink::set_pattern(const std::string& pattern) { inner_->set_pattern(pattern); }

void EscapingLogSink::set_formatter(std::unique_ptr<spdlog::formatter> formatter) {
  inner_->set_formatter(std::move(formatter));
}

}  // namespace krabuan
