// `krabuan audit key`, `audit checkpoint`, `audit verify [--key HEX] [--file F]`,
// `audit export --out F [--from D --to D]`: the audit log's signing key, a signed
// checkpoint of its head, the whole database (or an export) checked against it, and a
// self-contained export for an inspector.
#pragma once

#include <string>

#include "cli/commands.h"
#include "engine/audit.h"

namespace krabuan::cli {

struct AuditArgs {
  std::string action;   // key, checkpoint or verify
  std::string key;      // verify: the public key checkpoints must be signed with (hex)
  std::string file;     // verify: an export to check instead of the database
  std::string out;      // export: the file to write
  std::string from, to; // export: the period (office days, both included)
};

int CmdAudit(const GlobalOptions& g, const AuditArgs& args, Io io);

// A verification's outcome as `audit verify` prints it (text or --json); exit 1 when the
// log does not hold.
int PrintAuditReport(const GlobalOptions& g, const AuditReport& r, Io io);

}  // namespace krabuan::cli
