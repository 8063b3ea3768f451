#include "cli/audit_command.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/audit/key_file_signer.h"
#include "cli/app.h"
#include "cli/audit_file.h"
#include "cli/day_arg.h"
#include "cli/files.h"
#include "engine/text/escape.h"

namespace krabuan::cli {
namespace {

using nlohmann::json;

// The service's public key when this account can read its key file; "" otherwise.
std::string ReadablePublicKey(const GlobalOptions& g) {
  Result<std::unique_ptr<KeyFileSigner>> own = KeyFileSigner::Open(AuditKeyPathFor(g.db), /*create=*/false);
  return own.ok() ? (*own)->PublicKeyHex() : std::string();
}

// Who reads the whole log: through the service, the caller (the engine then requires an
// administrator); on the file itself nobody in particular (nullopt): whoever can read the
// file can read every row anyway, and no org is needed, so a tampered org cannot stop it.
Result<std::optional<Actor>> WholeLogReader(const GlobalOptions& g, Session& session) {
  if (!g.served) return std::optional<Actor>();
  Result<Actor> who = session.actor();
  if (!who.ok()) return who.status();
  return std::optional<Actor>(*who);
}

int Key(const GlobalOptions& g, Io io) {
  Result<std::unique_ptr<KeyFileSigner>> signer = OpenAuditKeyToSign(g.db);
  if (!signer.ok()) return Fail(signer.status(), io.err);
  if (g.json) {
    io.out << json{{"public_key", (*signer)->PublicKeyHex()}, {"algorithm", "ed25519"}}.dump(2) << "\n";
  } else {
    io.out << (*signer)->PublicKeyHex() << "\n";
  }
  return kExitOk;
}

int Checkpoint(const GlobalOptions& g, Io io) {
  Result<std::unique_ptr<KeyFileSigner>> signer = OpenAuditKeyToSign(g.db);
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

int VerifyFile(const GlobalOptions& g, const AuditArgs& args, Io io) {
  Result<std::string> text = LocalFiles().Read(args.file);
  if (!text.ok()) return Fail(text.status(), io.err);
  json parsed = json::parse(*text, nullptr, false);
  Result<AuditExport> file = AuditExportFromJson(parsed);
  if (!file.ok()) return Fail(Status::Invalid(args.file + ": " + file.status().message()), io.err);
  return PrintAuditReport(g, VerifyAuditExport(*file, args.key), io);
}

int Export(const GlobalOptions& g, const AuditArgs& args, Io io) {
  if (args.out.empty()) return Fail(Status::Invalid("audit export: give --out FILE"), io.err);
  std::optional<Instant> from, to;
  if (!args.from.empty()) {
    Result<Date> day = ParseDay(args.from, "--from");
    if (!day.ok()) return Fail(day.status(), io.err);
    from = OfficeStartOfDay(*day);
  }
  if (!args.to.empty()) {
    Result<Date> day = ParseDay(args.to, "--to");
    if (!day.ok()) return Fail(day.status(), io.err);
    to = OfficeEndOfDay(*day) + std::chrono::seconds(1);
  }
  std::string public_key = ReadablePublicKey(g);
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kRead);
  if (!session.ok()) return Fail(session.status(), io.err);
  Result<std::optional<Actor>> actor = WholeLogReader(g, **session);
  if (!actor.ok()) return Fail(actor.status(), io.err);
  Result<AuditExport> file = (*session)->engine().ExportAudit(*actor ? &**actor : nullptr, from, to, public_key);
  if (!file.ok()) return Fail(file.status(), io.err);
  Status written = FilesOf(g).Write(args.out, AuditExportJson(*file).dump(1, ' ', false, json::error_handler_t::strict) + "\n");
  if (!written.ok()) return Fail(written, io.err);
  if (g.json) {
    io.out << json{{"out", args.out}, {"entries", file->entries.size()}, {"checkpoints", file->checkpoints.size()}}.dump(2)
           << "\n";
  } else {
    io.out << "wrote " << file->entries.size() << " audit entries, " << file->history.size() << " history rows and "
           << file->checkpoints.size() << " checkpoints to " << args.out
           << (public_key.empty() ? " (no public key: this account cannot read the service's key)" : "") << "\n";
  }
  return kExitOk;
}

int Verify(const GlobalOptions& g, const AuditArgs& args, Io io) {
  if (!args.file.empty()) return VerifyFile(g, args, io);
  // The key checkpoints must be signed with: the one given, else the service's own when
  // this account can read it.
  std::string trusted = args.key.empty() ? ReadablePublicKey(g) : args.key;
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kRead);
  if (!session.ok()) return Fail(session.status(), io.err);
  Result<std::optional<Actor>> actor = WholeLogReader(g, **session);
  if (!actor.ok()) return Fail(actor.status(), io.err);
  Result<AuditReport> report = (*session)->engine().VerifyAudit(*actor ? &**actor : nullptr, trusted);
  if (!report.ok()) return Fail(report.status(), io.err);
  return PrintAuditReport(g, *report, io);
}

}  // namespace

int PrintAuditReport(const GlobalOptions& g, const AuditReport& r, Io io) {
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

int CmdAudit(const GlobalOptions& g, const AuditArgs& args, Io io) {
  if (args.action == "key") return Key(g, io);
  if (args.action == "checkpoint") return Checkpoint(g, io);
  if (args.action == "export") return Export(g, args, io);
  return Verify(g, args, io);
}

}  // namespace krabuan::cli
