// The PostgreSQL store's audit log and checkpoints, and the whole-database reads that
// `audit verify` walks.
#include <cstdint>
#include <string>
#include <vector>

#include "adapters/postgres/pg_codec.h"
#include "adapters/postgres/pg_transaction.h"
#include "engine/runtime/hex.h"

namespace krabuan::pg {
namespace {

// Keys and signatures are hex of any length (not SHA-256), checked before they are sent.
Status CheckHex(const std::string& hex, const char* what) {
  if (!FromHex(hex)) return Status::Internal(std::string("a ") + what + " is not hex: '" + hex + "'");
  return Status::Ok();
}

}  // namespace

Result<AuditEntry> PgTransaction::LastAuditEntry() {
  Result<std::optional<AuditEntry>> last = ReadFirst<AuditEntry>(
      Query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", {}), [](const PgRow& r) {
        AuditEntry e;
        e.seq = r.Int64(0);
        e.hash = HexOf(r, 1);
        return e;
      });
  if (!last.ok()) return last.status();
  return last->value_or(AuditEntry{});
}

Status PgTransaction::AppendAuditEntry(const AuditEntry& e) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  KRABUAN_RETURN_IF_ERROR(CheckSha256Hex(e.digest));
  KRABUAN_RETURN_IF_ERROR(CheckSha256Hex(e.hash));
  return Written(Change("INSERT INTO audit_log (seq, at, \"user\", kind, subject, digest, hash) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                        Args(e.seq, e.at, e.user, e.kind, e.subject, Bytea{e.digest}, Bytea{e.hash})),
                 [&] { return Status::Conflict("audit log entry " + std::to_string(e.seq) + " is taken"); });
}

Result<std::vector<AuditEntry>> PgTransaction::AuditEntries(std::int64_t after, int limit) {
  Result<std::optional<std::string>> before =
      ReadFirst<std::string>(Query("SELECT hash FROM audit_log WHERE seq <= $1 ORDER BY seq DESC LIMIT 1", Args(after)),
                             [](const PgRow& r) { return HexOf(r, 0); });
  if (!before.ok()) return before.status();
  Result<std::vector<AuditEntry>> rows = ReadAll<AuditEntry>(
      Query("SELECT seq, at, \"user\", kind, subject, digest, hash FROM audit_log WHERE seq > $1 "
            "ORDER BY seq LIMIT $2",
            Args(after, SqlLimit(limit))),
      [](const PgRow& r) {
        AuditEntry e;
        e.seq = r.Int64(0);
        e.at = TimeOf(r, 1);
        e.user = r.Text(2);
        e.kind = r.Text(3);
        e.subject = r.Text(4);
        e.digest = HexOf(r, 5);
        e.hash = HexOf(r, 6);
        return e;
      });
  if (!rows.ok()) return rows;
  std::string prev = before->value_or("");
  for (AuditEntry& e : *rows) {
    e.prev_hash = prev;
    prev = e.hash;
  }
  return rows;
}

Status PgTransaction::AppendCheckpoint(const AuditCheckpoint& c) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  KRABUAN_RETURN_IF_ERROR(CheckSha256Hex(c.hash));
  KRABUAN_RETURN_IF_ERROR(CheckHex(c.public_key, "public key"));
  KRABUAN_RETURN_IF_ERROR(CheckHex(c.signature, "signature"));
  return Change("INSERT INTO audit_checkpoints (seq, hash, at, public_key, signature) VALUES ($1, $2, $3, $4, $5)",
                Args(c.seq, Bytea{c.hash}, c.at, Bytea{c.public_key}, Bytea{c.signature}))
      .status();
}

Result<std::vector<AuditCheckpoint>> PgTransaction::Checkpoints() {
  return ReadAll<AuditCheckpoint>(
      Query("SELECT seq, hash, at, public_key, signature FROM audit_checkpoints ORDER BY seq, at, id", {}),
      [](const PgRow& r) {
        return AuditCheckpoint{r.Int64(0), HexOf(r, 1), TimeOf(r, 2), HexOf(r, 3), HexOf(r, 4)};
      });
}

Result<std::vector<HistoryRecord>> PgTransaction::HistoryAfter(std::int64_t after, int limit) {
  return ReadAll<HistoryRecord>(Query("SELECT " KRABUAN_PG_HISTORY_COLUMNS " FROM history WHERE id > $1 "
                                      "ORDER BY id LIMIT $2",
                                      Args(after, SqlLimit(limit))),
                                ReadHistory);
}

Result<AuditGenesis> PgTransaction::AuditGenesisOf() {
  Result<std::optional<AuditGenesis>> g = ReadFirst<AuditGenesis>(
      Query("SELECT history, definitions, documents, absences, tokens, alerts FROM audit_genesis", {}),
      [](const PgRow& r) {
        return AuditGenesis{r.Int64(0), r.Int64(1), r.Int64(2), r.Int64(3), r.Int64(4), r.Int64(5)};
      });
  if (!g.ok()) return g.status();
  return g->value_or(AuditGenesis{});
}

}  // namespace krabuan::pg
