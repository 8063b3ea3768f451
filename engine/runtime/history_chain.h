// The audit history's hash chain: each row's hash covers its content and the previous
// row's hash (per instance), so a row edited or removed outside the engine is detected.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/records.h"

namespace krabuan {

// SHA-256 (hex) of h's content and h.prev_hash. h.hash and h.id are not covered.
std::string HistoryHash(const HistoryRecord& h);

// Index of the first row whose chain is broken, or nullopt when the chain holds.
std::optional<std::size_t> FirstBrokenLink(const std::vector<HistoryRecord>& rows);

// SHA-256 of arbitrary bytes, hex (content versioning of deployed files).
std::string Sha256Hex(std::string_view bytes);

}  // namespace krabuan
