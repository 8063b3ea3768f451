// The daemon lease as seen from this machine: a claim that names this process fully
// (host, pid, boot, PID namespace, start time), and whether a recorded holder is known
// to be gone, so that its lease need not be waited out.
#pragma once

#include <chrono>

#include "engine/engine.h"
#include "engine/runtime/daemon_record.h"

namespace krabuan {

// A claim for this process, unique to it ("host:pid:nonce").
LeaseClaim ClaimForThisProcess(std::chrono::seconds ttl);

// True only when the holder was recorded on this machine, this boot and this PID
// namespace and that very process (pid and start time) is no longer there. A holder
// elsewhere, or recorded without an identity, is never taken for gone.
bool HolderGone(const DaemonRecord& holder);

// Engine::Health at real time, with `running` false and `gone` set for a holder that
// is gone (its lease has not lapsed yet, but nobody renews it).
Result<DaemonHealth> HealthNow(Engine& engine);

}  // namespace krabuan
