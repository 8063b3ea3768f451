#include "cli/audit_file.h"

namespace krabuan::cli {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "krabuan-audit-export-1";

Instant TimeOf(const json& j) {
  Result<Instant> t = ParseInstant(j.get<std::string>());
  if (!t.ok()) throw json::other_error::create(501, "not a time: " + j.get<std::string>(), nullptr);
  return *t;
}

}  // namespace

json AuditExportJson(const AuditExport& file) {
  json entries = json::array(), checkpoints = json::array(), history = json::array(), definitions = json::array(),
       documents = json::array();
  for (const AuditEntry& e : file.entries) {
    entries.push_back({{"seq", e.seq}, {"at", FormatInstantUtc(e.at)}, {"user", e.user}, {"kind", e.kind},
                       {"subject", e.subject}, {"digest", e.digest}, {"hash", e.hash}});
  }
  for (const AuditCheckpoint& c : file.checkpoints) {
    checkpoints.push_back({{"seq", c.seq}, {"hash", c.hash}, {"at", FormatInstantUtc(c.at)},
                           {"public_key", c.public_key}, {"signature", c.signature}});
  }
  for (const HistoryRecord& h : file.history) {
    history.push_back({{"id", h.id}, {"instance", h.instance_id}, {"at", FormatInstantUtc(h.at)}, {"user", h.user},
                       {"role", h.role}, {"capacity", std::string(ActingCapacityName(h.capacity))}, {"action", h.action},
                       {"node", h.node_id}, {"task", h.task_id}, {"detail", h.detail}, {"comment", h.comment},
                       {"prev_hash", h.prev_hash}, {"hash", h.hash}});
  }
  for (const DefinitionRecord& d : file.definitions) {
    definitions.push_back({{"id", d.id}, {"process", d.process_id}, {"version", d.version}, {"hash", d.hash},
                           {"file", d.file}, {"source", d.source}});
  }
  for (const DocumentRecord& d : file.documents) {
    documents.push_back({{"id", d.id}, {"kind", d.kind == DocumentKind::kOrg ? "org" : "holidays"}, {"hash", d.hash},
                         {"file", d.file}, {"source", d.source}});
  }
  return {{"format", kFormat},          {"public_key", file.public_key}, {"first_prev_hash", file.first_prev_hash},
          {"entries", entries},         {"checkpoints", checkpoints},    {"history", history},
          {"definitions", definitions}, {"documents", documents}};
}

Result<AuditExport> AuditExportFromJson(const json& j) {
  if (!j.is_object() || j.value("format", "") != kFormat) {
    return Status::Invalid(std::string("not an audit export (its \"format\" is not \"") + kFormat + "\")");
  }
  try {
    AuditExport file;
    file.public_key = j.at("public_key").get<std::string>();
    file.first_prev_hash = j.at("first_prev_hash").get<std::string>();
    for (const json& e : j.at("entries")) {
      AuditEntry entry;
      entry.seq = e.at("seq").get<std::int64_t>();
      entry.at = TimeOf(e.at("at"));
      entry.user = e.at("user").get<std::string>();
      entry.kind = e.at("kind").get<std::string>();
      entry.subject = e.at("subject").get<std::string>();
      entry.digest = e.at("digest").get<std::string>();
      entry.hash = e.at("hash").get<std::string>();
      file.entries.push_back(std::move(entry));
    }
    for (const json& c : j.at("checkpoints")) {
      file.checkpoints.push_back({c.at("seq").get<std::int64_t>(), c.at("hash").get<std::string>(), TimeOf(c.at("at")),
                                  c.at("public_key").get<std::string>(), c.at("signature").get<std::string>()});
    }
    for (const json& h : j.at("history")) {
      HistoryRecord row;
      row.id = h.at("id").get<std::int64_t>();
      row.instance_id = h.at("instance").get<std::int64_t>();
      row.at = TimeOf(h.at("at"));
      row.user = h.at("user").get<std::string>();
      row.role = h.at("role").get<std::string>();
      std::optional<ActingCapacity> capacity = ActingCapacityFromName(h.at("capacity").get<std::string>());
      if (!capacity) return Status::Invalid("history row " + std::to_string(row.id) + ": an unknown capacity");
      row.capacity = *capacity;
      row.action = h.at("action").get<std::string>();
      row.node_id = h.at("node").get<std::string>();
      row.task_id = h.at("task").get<std::int64_t>();
      row.detail = h.at("detail").get<std::string>();
      row.comment = h.at("comment").get<std::string>();
      row.prev_hash = h.at("prev_hash").get<std::string>();
      row.hash = h.at("hash").get<std::string>();
      file.history.push_back(std::move(row));
    }
    for (const json& d : j.at("definitions")) {
      DefinitionRecord def;
      def.id = d.at("id").get<std::int64_t>();
      def.process_id = d.at("process").get<std::string>();
      def.version = d.at("version").get<int>();
      def.hash = d.at("hash").get<std::string>();
      def.file = d.at("file").get<std::string>();
      def.source = d.at("source").get<std::string>();
      file.definitions.push_back(std::move(def));
    }
    for (const json& d : j.at("documents")) {
      DocumentRecord doc;
      doc.id = d.at("id").get<std::int64_t>();
      doc.kind = d.at("kind").get<std::string>() == "org" ? DocumentKind::kOrg : DocumentKind::kHolidays;
      doc.hash = d.at("hash").get<std::string>();
      doc.file = d.at("file").get<std::string>();
      doc.source = d.at("source").get<std::string>();
      file.documents.push_back(std::move(doc));
    }
    return file;
  } catch (const json::exception& e) {
    return Status::Invalid(std::string("the audit export is malformed: ") + e.what());
  }
}

}  // namespace krabuan::cli
