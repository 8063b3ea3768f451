// The SQLite store's audit log and checkpoints, and the whole-database reads that
// `audit verify` walks.
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <string>
#include <vector>

#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sqlite/sqlite_support.h"
#include "adapters/sqlite/sqlite_transaction.h"
#include "engine/runtime/hex.h"

namespace krabuan::sqlite {
namespace {

Blob BlobOf(const std::string& bytes) { return Blob{bytes.data(), static_cast<int>(bytes.size())}; }

std::string HexOf(const SQLite::Column& c) { return HashHex(c); }

// Keys and signatures are not 32 bytes, so not HashBytes.
Result<std::string> BytesOfHex(const std::string& hex) {
  std::optional<std::string> bytes = FromHex(hex);
  if (!bytes) return Status::Internal("not hex: '" + hex + "'");
  return *bytes;
}

}  // namespace

Result<AuditEntry> SqliteTransaction::LastAuditEntry() {
  if (audit_tip_) return *audit_tip_;
  return Guard([&]() -> Result<AuditEntry> {
    auto& q = Stmt("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    AuditEntry e;
    if (q.executeStep()) {
      e.seq = q.getColumn(0).getInt64();
      e.hash = HexOf(q.getColumn(1));
    }
    return e;
  });
}

Status SqliteTransaction::AppendAuditEntry(const AuditEntry& e) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  Result<std::string> digest = HashBytes(e.digest);
  if (!digest.ok()) return digest.status();
  Result<std::string> hash = HashBytes(e.hash);
  if (!hash.ok()) return hash.status();
  return Guard([&]() -> Status {
    auto& q = Stmt("INSERT INTO audit_log (seq, at, user, kind, subject, digest, hash) VALUES (?, ?, ?, ?, ?, ?, ?)");
    Bind(q, e.seq, e.at, e.user, e.kind, e.subject, BlobOf(*digest), BlobOf(*hash)).exec();
    audit_tip_ = AuditEntry{};
    audit_tip_->seq = e.seq;
    audit_tip_->hash = e.hash;
    return Status::Ok();
  });
}

Result<std::vector<AuditEntry>> SqliteTransaction::AuditEntries(std::int64_t after, int limit) {
  return Guard([&]() -> Result<std::vector<AuditEntry>> {
    std::vector<AuditEntry> out;
    std::string prev;
    {
      auto& q = Stmt("SELECT hash FROM audit_log WHERE seq <= ? ORDER BY seq DESC LIMIT 1");
      if (Bind(q, after).executeStep()) prev = HexOf(q.getColumn(0));
    }
    auto& q = Stmt("SELECT seq, at, user, kind, subject, digest, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?");
    Bind(q, after, limit);
    while (q.executeStep()) {
      AuditEntry e;
      e.seq = q.getColumn(0).getInt64();
      e.at = TimeOf(q.getColumn(1));
      e.user = q.getColumn(2).getString();
      e.kind = q.getColumn(3).getString();
      e.subject = q.getColumn(4).getString();
      e.digest = HexOf(q.getColumn(5));
      e.hash = HexOf(q.getColumn(6));
      e.prev_hash = prev;
      prev = e.hash;
      out.push_back(std::move(e));
    }
    return out;
  });
}

Status SqliteTransaction::AppendCheckpoint(const AuditCheckpoint& c) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  Result<std::string> hash = HashBytes(c.hash);
  Result<std::string> key = BytesOfHex(c.public_key);
  Result<std::string> signature = BytesOfHex(c.signature);
  for (const Status& s : {hash.status(), key.status(), signature.status()}) KRABUAN_RETURN_IF_ERROR(s);
  return Guard([&]() -> Status {
    auto& q = Stmt("INSERT INTO audit_checkpoints (seq, hash, at, public_key, signature) VALUES (?, ?, ?, ?, ?)");
    Bind(q, c.seq, BlobOf(*hash), c.at, BlobOf(*key), BlobOf(*signature)).exec();
    return Status::Ok();
  });
}

Result<std::vector<AuditCheckpoint>> SqliteTransaction::Checkpoints() {
  return Guard([&]() -> Result<std::vector<AuditCheckpoint>> {
    auto& q = Stmt("SELECT seq, hash, at, public_key, signature FROM audit_checkpoints ORDER BY seq, at, id");
    std::vector<AuditCheckpoint> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getInt64(), HexOf(q.getColumn(1)), TimeOf(q.getColumn(2)), HexOf(q.getColumn(3)),
                     HexOf(q.getColumn(4))});
    }
    return out;
  });
}

Result<std::vector<HistoryRecord>> SqliteTransaction::HistoryAfter(std::int64_t after, int limit) {
  return Guard([&]() -> Result<std::vector<HistoryRecord>> {
    auto& q = Stmt("SELECT " KRABUAN_HISTORY_COLUMNS " FROM history WHERE id > ? ORDER BY id LIMIT ?");
    Bind(q, after, limit);
    std::vector<HistoryRecord> out;
    while (q.executeStep()) out.push_back(ReadHistory(q));
    return out;
  });
}

Result<AuditGenesis> SqliteTransaction::AuditGenesisOf() {
  return Guard([&]() -> Result<AuditGenesis> {
    auto& q = Stmt("SELECT history, definitions, documents, absences, tokens, alerts FROM audit_genesis");
    AuditGenesis g;
    if (q.executeStep()) {
      g = {q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64(), q.getColumn(3).getInt64(),
           q.getColumn(4).getInt64(), q.getColumn(5).getInt64()};
    }
    return g;
  });
}

}  // namespace krabuan::sqlite
