#include "cli/checkpoint_thread.h"

namespace krabuan::cli {

Result<std::unique_ptr<CheckpointThread>> CheckpointThread::Start(const GlobalOptions& g, std::chrono::seconds interval,
                                                                   std::shared_ptr<spdlog::logger> log) {
  std::unique_ptr<CheckpointThread> t(new CheckpointThread());
  Result<std::unique_ptr<KeyFileSigner>> signer = OpenAuditKeyToSign(g.db);
  if (!signer.ok()) return signer.status();
  t->signer_ = std::move(signer.value());
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kWrite);
  if (!session.ok()) return session.status();
  t->session_ = std::move(session.value());
  t->interval_ = interval;
  t->log_ = std::move(log);
  t->log_->info("audit checkpoints every {} s, key {}", interval.count(), t->signer_->PublicKeyHex());
  t->thread_ = std::thread([raw = t.get()] { raw->Loop(); });
  return t;
}

CheckpointThread::~CheckpointThread() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  SignNow();
}

void CheckpointThread::SignNow() {
  Result<std::optional<AuditCheckpoint>> signed_head = session_->engine().SignAuditHead(*signer_);
  if (!signed_head.ok()) {
    log_->warn("audit checkpoint failed: {}", signed_head.status().message());
  } else if (signed_head->has_value()) {
    log_->debug("audit checkpoint: entry {} signed", (*signed_head)->seq);
  }
}

void CheckpointThread::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) break;
    lock.unlock();
    SignNow();
    lock.lock();
  }
}

}  // namespace krabuan::cli
