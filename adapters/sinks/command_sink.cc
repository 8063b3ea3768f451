#include "adapters/sinks/command_sink.h"

#include "adapters/process/subprocess.h"

namespace krabuan {

CommandSink::CommandSink(std::string name, std::string program, std::vector<std::string> args,
                         std::chrono::milliseconds timeout)
    : name_(std::move(name)), program_(std::move(program)), args_(std::move(args)), timeout_(timeout) {}

SinkAnswer CommandSink::Deliver(const AlertRecord& alert) {
  SubprocessOptions o;
  o.program = program_;
  o.args = args_;
  o.input = AlertMessageJson(alert) + "\n";
  o.timeout = timeout_;
  o.env["KRABUAN_ALERT_ID"] = std::to_string(alert.id);
  Result<SubprocessResult> run = RunSubprocess(o);
  if (!run.ok()) return SinkAnswer::Unreachable(run.status().message());   // it cannot start
  if (run->timed_out) {
    return SinkAnswer::Unreachable("'" + program_ + "' did not finish within " + std::to_string(timeout_.count()) +
                            " ms and was killed");
  }
  if (!run->Succeeded()) return SinkAnswer::Failed("'" + program_ + "' failed: " + run->Describe());
  return SinkAnswer::Delivered();
}

}  // namespace krabuan
