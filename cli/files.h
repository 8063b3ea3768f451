// Where a command's files come from and go to. Run by hand, the caller's own file system.
// Run by the service for a client, the files the client sent with the request, and the
// files it will write on its side: the service never reads or writes its own disk on a
// client's behalf (a client could otherwise read the database's key or any file the
// service's account can).
#pragma once

#include <map>
#include <string>

#include "engine/status.h"

namespace krabuan::cli {

struct GlobalOptions;

class Files {
 public:
  virtual ~Files() = default;
  // The whole file; Invalid naming the path when it cannot be read.
  virtual Result<std::string> Read(const std::string& path) = 0;
  // Writes the whole text; the file is only touched once the text exists.
  virtual Status Write(const std::string& path, const std::string& text) = 0;
  // Creates the folder (and its parents) when missing.
  virtual Status MakeFolder(const std::string& path) = 0;
};

// The file system of the process.
Files& LocalFiles();

// The files of one request to the service: `sent` are those the client read for the
// command, `written` collect what the command writes (the client writes them).
class ExchangedFiles : public Files {
 public:
  explicit ExchangedFiles(std::map<std::string, std::string> sent) : sent_(std::move(sent)) {}
  Result<std::string> Read(const std::string& path) override;
  Status Write(const std::string& path, const std::string& text) override;
  Status MakeFolder(const std::string& path) override;
  const std::map<std::string, std::string>& written() const { return written_; }

 private:
  std::map<std::string, std::string> sent_;
  std::map<std::string, std::string> written_;
};

// The command's files: the service's exchange when it runs the command, else the local ones.
Files& FilesOf(const GlobalOptions& g);

}  // namespace krabuan::cli
