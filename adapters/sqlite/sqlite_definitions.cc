// The SQLite store's definitions and documents (the org file, the holidays calendar).
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sqlite/sqlite_support.h"
#include "adapters/sqlite/sqlite_transaction.h"

namespace krabuan::sqlite {
namespace {

// The latest version of each process, its running instances counted from
// instances_by_process and its recurring start from timers_recur, with the total. The
// definition's columns are ReadDefinition's, with an empty source: a listing needs none,
// and the XML is the bulk of the row.
constexpr const char* kProcessPageSql =
    "SELECT d.id, d.process_id, d.version, d.name, d.hash, '', d.file, d.deployed_at, d.deployed_by, d.forced, "
    "d.findings, (SELECT COUNT(*) FROM instances n WHERE n.process_id = d.process_id AND n.state = 'running'), "
    "r.id, r.due_at, r.error, (SELECT COUNT(DISTINCT process_id) FROM definitions) "
    "FROM definitions d LEFT JOIN timers r ON r.kind = 'recur' AND r.process_id = d.process_id "
    "WHERE d.version = (SELECT MAX(e.version) FROM definitions e WHERE e.process_id = d.process_id) "
    "ORDER BY d.process_id LIMIT :limit";

DefinitionRecord ReadDefinition(SQLite::Statement& q) {
  DefinitionRecord d;
  d.id = q.getColumn(0).getInt64();
  d.process_id = q.getColumn(1).getString();
  d.version = q.getColumn(2).getInt();
  d.name = q.getColumn(3).getString();
  d.hash = q.getColumn(4).getString();
  d.source = q.getColumn(5).getString();
  d.file = q.getColumn(6).getString();
  d.deployed_at = TimeOf(q.getColumn(7));
  d.deployed_by = q.getColumn(8).getString();
  d.forced = q.getColumn(9).getInt() != 0;
  d.findings = q.getColumn(10).getString();
  return d;
}

}  // namespace

Result<std::optional<DefinitionRecord>> SqliteTransaction::LatestDefinition(const std::string& process_id) {
  return Guard([&]() -> Result<std::optional<DefinitionRecord>> {
    auto& q = Stmt("SELECT id, process_id, version, name, hash, source, file, deployed_at, deployed_by, forced, findings "
                   "FROM definitions WHERE process_id = ? ORDER BY version DESC LIMIT 1");
    if (!Bind(q, process_id).executeStep()) return std::optional<DefinitionRecord>();
    return std::optional<DefinitionRecord>(ReadDefinition(q));
  });
}

Result<DefinitionRecord> SqliteTransaction::DefinitionById(DefinitionId id) {
  return Guard([&]() -> Result<DefinitionRecord> {
    auto& q = Stmt("SELECT id, process_id, version, name, hash, source, file, deployed_at, deployed_by, forced, findings "
                   "FROM definitions WHERE id = ?");
    if (!Bind(q, id).executeStep()) return Status::NotFound("no process definition " + std::to_string(id));
    return ReadDefinition(q);
  });
}

Result<std::vector<DefinitionRecord>> SqliteTransaction::LatestDefinitions() {
  return Guard([&]() -> Result<std::vector<DefinitionRecord>> {
    auto& q = Stmt("SELECT d.id, d.process_id, d.version, d.name, d.hash, d.source, d.file, d.deployed_at, "
                   "d.deployed_by, d.forced, d.findings FROM definitions d WHERE d.version = "
                   "(SELECT MAX(version) FROM definitions e WHERE e.process_id = d.process_id) "
                   "ORDER BY d.process_id");
    std::vector<DefinitionRecord> out;
    while (q.executeStep()) out.push_back(ReadDefinition(q));
    return out;
  });
}

Result<DefinitionId> SqliteTransaction::InsertDefinition(const DefinitionRecord& d) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<DefinitionId> {
    auto& q = Stmt("INSERT INTO definitions (process_id, version, name, hash, source, file, deployed_at, "
                   "deployed_by, forced, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Bind(q, d.process_id, d.version, d.name, d.hash, d.source, d.file, d.deployed_at, d.deployed_by, d.forced,
         d.findings).exec();
    return static_cast<DefinitionId>(db().getLastInsertRowid());
  });
}

Result<std::vector<DefinitionRecord>> SqliteTransaction::AllDefinitions() {
  return Guard([&]() -> Result<std::vector<DefinitionRecord>> {
    auto& q = Stmt("SELECT id, process_id, version, name, hash, source, file, deployed_at, deployed_by, forced, findings "
                   "FROM definitions ORDER BY id");
    std::vector<DefinitionRecord> out;
    while (q.executeStep()) out.push_back(ReadDefinition(q));
    return out;
  });
}

Result<std::vector<DocumentRecord>> SqliteTransaction::AllDocuments() {
  return Guard([&]() -> Result<std::vector<DocumentRecord>> {
    auto& q = Stmt("SELECT id, kind, hash, source, file, deployed_at, deployed_by FROM documents ORDER BY id");
    std::vector<DocumentRecord> out;
    while (q.executeStep()) {
      DocumentRecord d;
      d.id = q.getColumn(0).getInt64();
      d.kind = q.getColumn(1).getString() == "holidays" ? DocumentKind::kHolidays : DocumentKind::kOrg;
      d.hash = q.getColumn(2).getString();
      d.source = q.getColumn(3).getString();
      d.file = q.getColumn(4).getString();
      d.deployed_at = TimeOf(q.getColumn(5));
      d.deployed_by = q.getColumn(6).getString();
      out.push_back(std::move(d));
    }
    return out;
  });
}

Result<std::optional<DocumentRecord>> SqliteTransaction::LatestDocument(DocumentKind kind) {
  return Guard([&]() -> Result<std::optional<DocumentRecord>> {
    auto& q = Stmt("SELECT id, hash, source, file, deployed_at, deployed_by FROM documents WHERE kind = ? "
                   "ORDER BY id DESC LIMIT 1");
    if (!Bind(q, DocumentKindName(kind)).executeStep()) return std::optional<DocumentRecord>();
    DocumentRecord d;
    d.id = q.getColumn(0).getInt64();
    d.kind = kind;
    d.hash = q.getColumn(1).getString();
    d.source = q.getColumn(2).getString();
    d.file = q.getColumn(3).getString();
    d.deployed_at = TimeOf(q.getColumn(4));
    d.deployed_by = q.getColumn(5).getString();
    return std::optional<DocumentRecord>(std::move(d));
  });
}

Result<std::int64_t> SqliteTransaction::LatestDocumentId(DocumentKind kind) {
  return Guard([&]() -> Result<std::int64_t> {
    auto& q = Stmt("SELECT COALESCE(MAX(id), 0) FROM documents WHERE kind = ?");
    Bind(q, DocumentKindName(kind)).executeStep();
    return q.getColumn(0).getInt64();
  });
}

Status SqliteTransaction::InsertDocument(const DocumentRecord& d) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("INSERT INTO documents (kind, hash, source, file, deployed_at, deployed_by) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
    Bind(q, DocumentKindName(d.kind), d.hash, d.source, d.file, d.deployed_at, d.deployed_by).exec();
    return Status::Ok();
  });
}

Result<Page<ProcessSummary>> SqliteTransaction::ListProcesses(int limit) {
  return Guard([&]() -> Result<Page<ProcessSummary>> {
    auto& q = Stmt(kProcessPageSql);
    q.bind(":limit", limit > 0 ? limit : -1);
    Page<ProcessSummary> out;
    while (q.executeStep()) {
      ProcessSummary p;
      p.definition = ReadDefinition(q);
      const DefinitionRecord& d = p.definition;
      p.running = q.getColumn(11).getInt();
      if (!q.getColumn(12).isNull()) {
        TimerRecord t;
        t.id = q.getColumn(12).getInt64();
        t.due_at = TimeOf(q.getColumn(13));
        t.kind = TimerKind::kRecur;
        t.error = q.getColumn(14).getString();
        t.process_id = d.process_id;
        p.next_start = std::move(t);
      }
      out.total = q.getColumn(15).getInt64();
      out.rows.push_back(std::move(p));
    }
    return out;
  });
}

}  // namespace krabuan::sqlite

namespace krabuan {

std::string ProcessPageSql() { return sqlite::kProcessPageSql; }

}  // namespace krabuan
