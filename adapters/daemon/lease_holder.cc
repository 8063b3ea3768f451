#include "adapters/daemon/lease_holder.h"

#include <unistd.h>

#include <cstdio>
#include <random>

#include "adapters/process/process_info.h"

namespace krabuan {
namespace {

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

std::string Nonce() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned> dist(0, 0xFFFFFF);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06x", dist(rd));
  return buf;
}

}  // namespace

LeaseClaim ClaimForThisProcess(std::chrono::seconds ttl) {
  const ProcessIdentity& self = SelfIdentity();
  LeaseClaim claim;
  claim.host = HostName();
  claim.pid = self.pid;
  claim.boot_id = self.boot_id;
  claim.pid_ns = self.pid_ns;
  claim.start_ticks = self.start_ticks;
  claim.holder = claim.host + ":" + std::to_string(claim.pid) + ":" + Nonce();
  claim.ttl = ttl;
  return claim;
}

bool HolderGone(const DaemonRecord& holder) {
  return LivenessOf(ProcessIdentity{holder.boot_id, holder.pid_ns, holder.pid, holder.start_ticks}) == Liveness::kGone;
}

Result<DaemonHealth> HealthNow(Engine& engine) {
  Result<DaemonHealth> h = engine.Health(SystemClock().Now());
  if (!h.ok()) return h;
  if (h->running && h->daemon && HolderGone(*h->daemon)) {
    h->running = false;
    h->gone = true;
  }
  return h;
}

}  // namespace krabuan
