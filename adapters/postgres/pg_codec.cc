#include "adapters/postgres/pg_codec.h"

#include <chrono>

#include "engine/runtime/hex.h"

namespace krabuan::pg {
namespace {

// PostgreSQL counts time from 2000-01-01 00:00:00 UTC.
constexpr std::chrono::sys_days kPgEpoch{std::chrono::year{2000} / std::chrono::January / 1};
constexpr std::int64_t kMicrosPerSecond = 1'000'000;

}  // namespace

// An array literal, {"a","b \"c"}: each element quoted, so that no value (empty, with
// a comma, a brace or the word NULL) reads as anything but itself.
std::optional<std::string> ParamOf(const TextArray& a) {
  std::string out = "{";
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    out += i ? ",\"" : "\"";
    for (char c : a.values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

Instant TimeOf(const PgRow& row, int col) {
  std::int64_t micros = row.TimestampMicros(col);
  if (micros % kMicrosPerSecond != 0) {
    // Also catches infinity, which PostgreSQL keeps as the extreme int64 values.
    throw std::runtime_error("a stored time is not a whole second (" + std::to_string(micros) + " µs)");
  }
  return Instant{std::chrono::duration_cast<std::chrono::seconds>(kPgEpoch.time_since_epoch()) +
                 std::chrono::seconds{micros / kMicrosPerSecond}};
}

std::optional<Instant> OptTimeOf(const PgRow& row, int col) {
  if (row.IsNull(col)) return std::nullopt;
  return TimeOf(row, col);
}

Date DateOf(const PgRow& row, int col) { return Date{kPgEpoch + std::chrono::days{row.DateDays(col)}}; }

std::string HexOf(const PgRow& row, int col) { return ToHex(row.Bytes(col)); }

Status CheckSha256Hex(const std::string& hex) {
  std::optional<std::string> bytes = FromHex(hex);
  if (!bytes) return Status::Internal("a hash is not hex: '" + hex + "'");
  if (bytes->size() != 32) return Status::Internal("a hash is not SHA-256: '" + hex + "'");
  return Status::Ok();
}

Result<std::int64_t> ReadInt(const Result<PgResult>& r) {
  if (!r.ok()) return r.status();
  return Guard([&]() -> Result<std::int64_t> {
    if (r->empty()) return Status::Internal("a query that returns a number returned no row");
    return r->row(0).Int64(0);
  });
}

HistoryRecord ReadHistory(const PgRow& row) {
  HistoryRecord h;
  h.id = row.Int64(0);
  h.instance_id = row.Int64(1);
  h.at = TimeOf(row, 2);
  h.user = row.Text(3);
  h.role = row.Text(4);
  h.capacity = NameOf(row, 5, &ActingCapacityFromName, "capacity");
  h.action = row.Text(6);
  h.node_id = row.Text(7);
  h.task_id = row.Int64(8);
  h.detail = row.Text(9);
  h.comment = row.Text(10);
  h.hash = HexOf(row, 11);
  return h;
}

}  // namespace krabuan::pg
