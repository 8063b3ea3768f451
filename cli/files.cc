#include "cli/files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/session.h"

namespace krabuan::cli {

namespace {

class Local : public Files {
 public:
  Result<std::string> Read(const std::string& path) override {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Invalid(path + ": cannot read the file");
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) return Status::Invalid(path + ": cannot read the file");
    return buf.str();
  }

  Status Write(const std::string& path, const std::string& text) override {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) return Status::Invalid("cannot write '" + path + "'");
    f << text;
    f.close();
    if (!f) return Status::Invalid("cannot write '" + path + "'");
    return Status::Ok();
  }

  Status MakeFolder(const std::string& path) override {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return Status::Invalid("cannot create the folder '" + path + "': " + ec.message());
    return Status::Ok();
  }
};

}  // namespace

Files& LocalFiles() {
  static Local local;
  return local;
}

Result<std::string> ExchangedFiles::Read(const std::string& path) {
  auto it = sent_.find(path);
  if (it == sent_.end()) return Status::Invalid(path + ": cannot read the file");   // as when run by hand
  return it->second;
}

Status ExchangedFiles::Write(const std::string& path, const std::string& text) {
  written_[path] = text;
  return Status::Ok();
}

Status ExchangedFiles::MakeFolder(const std::string&) { return Status::Ok(); }

Files& FilesOf(const GlobalOptions& g) { return g.files ? *g.files : LocalFiles(); }

}  // namespace krabuan::cli
