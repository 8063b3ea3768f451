// The PostgreSQL store's definitions and documents (the org file, the holidays calendar).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/postgres/pg_codec.h"
#include "adapters/postgres/pg_transaction.h"

namespace krabuan::pg {
namespace {

#define KRABUAN_PG_DEFINITION_COLUMNS \
  "id, process_id, version, name, hash, source, file, deployed_at, deployed_by, forced, findings"

DefinitionRecord ReadDefinition(const PgRow& r) {
  DefinitionRecord d;
  d.id = r.Int64(0);
  d.process_id = r.Text(1);
  d.version = r.Int(2);
  d.name = r.Text(3);
  d.hash = r.Text(4);
  d.source = r.Text(5);
  d.file = r.Text(6);
  d.deployed_at = TimeOf(r, 7);
  d.deployed_by = r.Text(8);
  d.forced = r.Bool(9);
  d.findings = r.Text(10);
  return d;
}

DocumentKind KindOf(const PgRow& r, int col) {
  std::string kind = r.Text(col);
  if (kind == "org") return DocumentKind::kOrg;
  if (kind == "holidays") return DocumentKind::kHolidays;
  throw std::runtime_error("unreadable document kind '" + kind + "'");
}

DocumentRecord ReadDocument(const PgRow& r) {
  return DocumentRecord{r.Int64(0), KindOf(r, 1), r.Text(2), r.Text(3), r.Text(4), TimeOf(r, 5), r.Text(6)};
}

}  // namespace

Result<std::optional<DefinitionRecord>> PgTransaction::LatestDefinition(const std::string& process_id) {
  return ReadFirst<DefinitionRecord>(
      Query("SELECT " KRABUAN_PG_DEFINITION_COLUMNS " FROM definitions WHERE process_id = $1 "
            "ORDER BY version DESC LIMIT 1",
            Args(process_id)),
      ReadDefinition);
}

Result<DefinitionRecord> PgTransaction::DefinitionById(DefinitionId id) {
  Result<std::optional<DefinitionRecord>> d = ReadFirst<DefinitionRecord>(
      Query("SELECT " KRABUAN_PG_DEFINITION_COLUMNS " FROM definitions WHERE id = $1", Args(id)), ReadDefinition);
  if (!d.ok()) return d.status();
  if (!d->has_value()) return Status::NotFound("no process definition " + std::to_string(id));
  return std::move(**d);
}

Result<std::vector<DefinitionRecord>> PgTransaction::LatestDefinitions() {
  return ReadAll<DefinitionRecord>(
      Query("SELECT DISTINCT ON (process_id) " KRABUAN_PG_DEFINITION_COLUMNS
            " FROM definitions ORDER BY process_id, version DESC",
            {}),
      ReadDefinition);
}

Result<DefinitionId> PgTransaction::InsertDefinition(const DefinitionRecord& d) {
  return InsertedId(Change("INSERT INTO definitions (process_id, version, name, hash, source, file, deployed_at, "
                           "deployed_by, forced, findings) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                           "ON CONFLICT DO NOTHING RETURNING id",
                           Args(d.process_id, d.version, d.name, d.hash, d.source, d.file, d.deployed_at,
                                d.deployed_by, d.forced, d.findings)),
                    [&] {
                      return Status::Conflict("process '" + d.process_id + "' version " + std::to_string(d.version) +
                                              " is deployed already");
                    });
}

Result<std::vector<DefinitionRecord>> PgTransaction::AllDefinitions() {
  return ReadAll<DefinitionRecord>(
      Query("SELECT " KRABUAN_PG_DEFINITION_COLUMNS " FROM definitions ORDER BY id", {}), ReadDefinition);
}

Result<std::vector<DocumentRecord>> PgTransaction::AllDocuments() {
  return ReadAll<DocumentRecord>(
      Query("SELECT id, kind, hash, source, file, deployed_at, deployed_by FROM documents ORDER BY id", {}),
      ReadDocument);
}

Result<std::optional<DocumentRecord>> PgTransaction::LatestDocument(DocumentKind kind) {
  return ReadFirst<DocumentRecord>(
      Query("SELECT id, kind, hash, source, file, deployed_at, deployed_by FROM documents WHERE kind = $1 "
            "ORDER BY id DESC LIMIT 1",
            Args(DocumentKindName(kind))),
      ReadDocument);
}

Result<std::int64_t> PgTransaction::LatestDocumentId(DocumentKind kind) {
  return ReadInt(Query("SELECT COALESCE(MAX(id), 0) FROM documents WHERE kind = $1", Args(DocumentKindName(kind))));
}

Status PgTransaction::InsertDocument(const DocumentRecord& d) {
  return Change("INSERT INTO documents (kind, hash, source, file, deployed_at, deployed_by) "
                "VALUES ($1, $2, $3, $4, $5, $6)",
                Args(DocumentKindName(d.kind), d.hash, d.source, d.file, d.deployed_at, d.deployed_by))
      .status();
}

// The latest version of each process (DISTINCT ON over the (process_id, version) key),
// its running instances counted from instances_by_process and its recurring start from
// timers_recur, with the total. Without the source: a listing needs none, and the XML is
// the bulk of the row.
Result<Page<ProcessSummary>> PgTransaction::ListProcesses(int limit) {
  Result<PgResult> r = Query(
      "SELECT d.id, d.process_id, d.version, d.name, d.hash, ''::text, d.file, d.deployed_at, d.deployed_by, "
      "d.forced, d.findings, "
      "(SELECT COUNT(*) FROM instances n WHERE n.process_id = d.process_id AND n.state = 'running'), "
      "r.id, r.due_at, r.error, (SELECT COUNT(DISTINCT process_id) FROM definitions) "
      "FROM (SELECT DISTINCT ON (process_id) * FROM definitions ORDER BY process_id, version DESC) d "
      "LEFT JOIN timers r ON r.kind = 'recur' AND r.process_id = d.process_id "
      "ORDER BY d.process_id LIMIT $1",
      Args(PageLimit(limit)));
  if (!r.ok()) return r.status();
  return Guard([&]() -> Result<Page<ProcessSummary>> {
    Page<ProcessSummary> out;
    for (int i = 0; i < r->rows(); ++i) {
      PgRow row = r->row(i);
      ProcessSummary p;
      p.definition = ReadDefinition(row);
      p.running = row.Int(11);
      if (!row.IsNull(12)) {
        TimerRecord t;
        t.id = row.Int64(12);
        t.due_at = TimeOf(row, 13);
        t.kind = TimerKind::kRecur;
        t.error = row.Text(14);
        t.process_id = p.definition.process_id;
        p.next_start = std::move(t);
      }
      out.total = row.Int64(15);
      out.rows.push_back(std::move(p));
    }
    return out;
  });
}

}  // namespace krabuan::pg
