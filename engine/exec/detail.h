// History details are small JSON objects. Text typed by people may hold invalid UTF-8;
// it is replaced (U+FFFD) rather than allowed to fail a command at the last step.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace krabuan {

inline std::string DetailText(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace krabuan
