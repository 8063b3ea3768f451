#include "engine/text/flat_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/text/utf8.h"

namespace krabuan {

std::string JsonString(std::string_view text) {
  if (!IsValidUtf8(text)) {
    // Rare (typed text); the library's own replacement keeps the text identical.
    return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out.push_back(kHex[u >> 4]);
          out.push_back(kHex[u & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

FlatJson& FlatJson::Add(std::string_view key, std::string_view text) {
  members_.emplace_back(std::string(key), JsonString(text));
  return *this;
}

FlatJson& FlatJson::Add(std::string_view key, std::int64_t number) {
  members_.emplace_back(std::string(key), std::to_string(number));
  return *this;
}

std::string FlatJson::Text() const {
  std::vector<const std::pair<std::string, std::string>*> sorted;
  sorted.reserve(members_.size());
  for (const auto& m : members_) sorted.push_back(&m);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  std::string out = "{";
  for (const auto* m : sorted) {
    if (out.size() > 1) out.push_back(',');
    out += JsonString(m->first);
    out.push_back(':');
    out += m->second;
  }
  out.push_back('}');
  return out;
}

}  // namespace krabuan
