// The daemon's audit checkpoints: every `interval`, and once more when it stops, the log's
// head is signed with the service's key (adapters/audit), on a connection of its own.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include <spdlog/logger.h>

#include "adapters/audit/key_file_signer.h"
#include "cli/session.h"

namespace krabuan::cli {

class CheckpointThread {
 public:
  // Opens the key (made when missing) and the connection, then starts.
  static Result<std::unique_ptr<CheckpointThread>> Start(const GlobalOptions& g, std::chrono::seconds interval,
                                                          std::shared_ptr<spdlog::logger> log);
  ~CheckpointThread();   // signs the head once more, then stops

 private:
  CheckpointThread() = default;
  void SignNow();
  void Loop();

  std::unique_ptr<Session> session_;
  std::unique_ptr<KeyFileSigner> signer_;
  std::chrono::seconds interval_{60};
  std::shared_ptr<spdlog::logger> log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace krabuan::cli
