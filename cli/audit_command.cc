#include "cli/audit_command.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/audit/key_file_signer.h"
#include "cli/app.h"
#include "engine/text/escape.h"

namespace krabuan::cli {
namespace {

using nlohmann::json;

int Key(const GlobalOptions& g, Io io) {
  Result<std::unique_ptr<KeyFileSigner>> signer = KeyFileSigner::Open(AuditKeyPathFor(g.db), /*create=*/true);
  if (!signer.ok()) return Fail(signer.status(), io.err);
  if (g.json) {
    io.out << json{{"public_key", (*signer)->PublicKeyHex()}, {"algorithm", "ed25519"}}.dump(2) << "\n";
  } else {
    io.out << (*signer)->PublicKeyHex() << "\n";
  }
  return kExitOk;
}

int Checkpoint(const GlobalOptions& g, Io io) {
  Result<std::unique_ptr<KeyFileSigner>> signer = KeyFileSigner::Open(AuditKeyPathFor(g.db), /*create=*/true);
  if (!signer.ok()) return Fail(signer.status(), io.err);
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kWrite);
  if (!session.ok()) return Fail(session.status(), io.err);
  Result<std::optional<AuditCheckpoint>> signed_head = (*session)->engine().SignAuditHead(**signer);
  if (!signed_head.ok()) return Fail(signed_head.status(), io.err);
  if (g.json) {
    io.out << (signed_head->has_value()
                   ? json{{"seq", (*signed_head)->seq}, {"hash", (*signed_head)->hash}, {"at", FormatInstantUtc((*signed_head)->at)}}
                   : json{{"seq", nullptr}})
                  .dump(2)
           << "\n";
  } else if (signed_head->has_value()) {
    io.out << "signed the audit log's head: entry " << (*signed_head)->seq << ", " << (*signed_head)->hash << "\n";
  } else {
    io.out << "nothing new to sign: the head is signed already (or the log is empty)\n";
  }
  return kExitOk;
}

int Verify(const GlobalOptions& g, const AuditArgs& args, Io io) {
  // The key checkpoints must be signed with: the one given, else the service's own when
  // this account can read it.
  std::string trusted = args.key;
  if (trusted.empty()) {
    Result<std::unique_ptr<KeyFileSigner>> own = KeyFileSigner::Open(AuditKeyPathFor(g.db), /*create=*/false);
    if (own.ok()) trusted = (*own)->PublicKeyHex();
  }
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kRead);
  if (!session.ok()) return Fail(session.status(), io.err);
  // Through the service, an administrator; on the file itself, whoever may read it (and
  // so could read every row anyway), with no org needed.
  std::optional<Actor> actor;
  if (g.served) {
    Result<Actor> who = (*session)->actor();
    if (!who.ok()) return Fail(who.status(), io.err);
    actor = *who;
  }
  Result<AuditReport> report = (*session)->engine().VerifyAudit(actor ? &*actor : nullptr, trusted);
  if (!report.ok()) return Fail(report.status(), io.err);
  const AuditReport& r = *report;
  if (g.json) {
    io.out << json{{"holds", r.holds},
                   {"problems", r.problems},
                   {"first_problem", r.problems.empty() ? json(nullptr) : json(r.problems.front())},
                   {"entries", r.entries},
                   {"head", {{"seq", r.head_seq}, {"hash", r.head_hash}}},
                   {"history_rows", r.history_rows},
                   {"cases", r.cases},
                   {"definitions", r.definitions},
                   {"documents", r.documents},
                   {"checkpoints_verified", r.checkpoints},
                   {"rows_before_log", r.before_log},
                   {"trusted_key", r.trusted_key.empty() ? json(nullptr) : json(r.trusted_key)}}
                  .dump(2, ' ', false, json::error_handler_t::replace)
           << "\n";
  } else {
    io.out << (r.holds ? "the audit log holds" : "the audit log does NOT hold") << ": " << r.entries << " entries (head "
           << r.head_seq << "), " << r.history_rows << " history rows of " << r.cases << " cases, " << r.definitions
           << " definitions, " << r.documents << " documents, " << r.checkpoints << " signed checkpoints verified";
    if (r.before_log > 0) io.out << "; " << r.before_log << " rows older than the log checked by their case chains";
    io.out << "\n";
    if (r.trusted_key.empty()) io.out << "no trusted key: checkpoints checked against the keys they carry (give --key)\n";
    for (const std::string& p : r.problems) io.out << "  " << EscapeControls(p) << "\n";
  }
  if (!r.holds) {
    io.err << "krabuan: audit verify: " << EscapeControls(r.problems.front()) << "\n";
    return kExitRefused;
  }
  return kExitOk;
}

}  // namespace

int CmdAudit(const GlobalOptions& g, const AuditArgs& args, Io io) {
  if (args.action == "key") return Key(g, io);
  if (args.action == "checkpoint") return Checkpoint(g, io);
  return Verify(g, args, io);
}

}  // namespace krabuan::cli
