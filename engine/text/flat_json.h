// A flat JSON object (strings and whole numbers) written straight to text, for the
// history details and alert payloads the daemon writes by the thousand. The text is the
// same as nlohmann::json's dump of the same object, as DetailText writes it (keys in
// sorted order, no blanks, UTF-8 kept, invalid UTF-8 replaced by U+FFFD), without
// building a tree of nodes first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace krabuan {

class FlatJson {
 public:
  // REQUIRES: each key is added once.
  FlatJson& Add(std::string_view key, std::string_view text);
  FlatJson& Add(std::string_view key, const char* text) { return Add(key, std::string_view(text)); }
  FlatJson& Add(std::string_view key, std::int64_t number);

  std::string Text() const;

 private:
  std::vector<std::pair<std::string, std::string>> members_;   // key, its value's JSON
};

// `text` as a JSON string literal, quotes included.
std::string JsonString(std::string_view text);

}  // namespace krabuan
