#include "cli/day_arg.h"

namespace krabuan::cli {

Result<Date> ParseDay(const std::string& text, const char* option) {
  if (text.empty()) return Status::Invalid(std::string(option) + " DATE is required (e.g. 2025-08-01)");
  Result<Instant> t = ParseWrittenInstant(text);
  if (t.ok()) return OfficeDate(*t);
  if (ParseInstant(text).ok()) return Status::Invalid(std::string(option) + " " + t.status().message());
  return Status::Invalid(std::string(option) + " '" + text + "' is not a date (expected e.g. 2025-08-01)");
}

}  // namespace krabuan::cli
