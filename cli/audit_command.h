// `krabuan audit key`, `audit checkpoint`, `audit verify [--key HEX]`: the audit log's
// signing key, a signed checkpoint of its head, and the whole database checked against it.
#pragma once

#include <string>

#include "cli/commands.h"

namespace krabuan::cli {

struct AuditArgs {
  std::string action;   // key, checkpoint or verify
  std::string key;      // verify: the public key checkpoints must be signed with (hex)
};

int CmdAudit(const GlobalOptions& g, const AuditArgs& args, Io io);

}  // namespace krabuan::cli
