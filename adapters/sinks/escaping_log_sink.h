// A spdlog sink in front of another that escapes control characters in every message
// (engine/text/escape.h), so that text from users inside a log line (a business key, a
// comment, an alert's text) can never end the line early and forge one of its own, nor
// act on a terminal that shows the log. Thread-safe as the sink it wraps.
#pragma once

#include <memory>
#include <string>

#include <spdlog/sinks/sink.h>

namespace krabuan {

class EscapingLogSink final : public spdlog::sinks::sink {
 public:
  explicit EscapingLogSink(spdlog::sink_ptr inner);

  void log(const spdlog::details::log_msg& msg) override;
  void flush() override;
  void set_pattern(const std::string& pattern) override;
  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override;

 private:
  spdlog::sink_ptr inner_;
};

}  // namespace krabuan
