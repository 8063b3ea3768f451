#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "engine/bpmn/bpmn_import.h"

namespace krabuan::bpmn {

std::function<std::optional<ExternalFile>(std::string_view)> FindInFolderOf(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  return [dir, self = path](std::string_view id) -> std::optional<ExternalFile> {
    std::error_code ec;
    std::vector<std::filesystem::path> candidates;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".bpmn") candidates.push_back(entry.path());
    }
    std::sort(candidates.begin(), candidates.end());   // the same file wins every time
    std::string needle = "\"" + std::string(id) + "\"";
    for (const auto& p : candidates) {
      if (std::filesystem::equivalent(p, self, ec)) continue;
      std::ifstream in(p, std::ios::binary);
      std::ostringstream buf;
      buf << in.rdbuf();
      std::string text = buf.str();
      if (text.find(needle) != std::string::npos) return ExternalFile{std::move(text), p.string()};
    }
    return std::nullopt;
  };
}

}  // namespace krabuan::bpmn
