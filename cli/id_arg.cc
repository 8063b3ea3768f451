#include "cli/id_arg.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <string>

namespace krabuan::cli {

Result<std::int64_t> ParseId(std::string_view text, std::string_view what) {
  auto refuse = [&](std::string_view expected) {
    return Status::Invalid("'" + std::string(text) + "' is not " + std::string(what) + " id (" +
                           std::string(expected) + ")");
  };
  // Digits only: from_chars alone would take a leading '-'.
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return refuse("a positive number");
  }
  std::int64_t id = 0;
  if (std::from_chars(text.data(), text.data() + text.size(), id).ec == std::errc::result_out_of_range) {
    return refuse("a positive number up to " + std::to_string(std::numeric_limits<std::int64_t>::max()));
  }
  if (id == 0) return refuse("a positive number");
  return id;
}

}  // namespace krabuan::cli
