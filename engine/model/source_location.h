// Where an element of a process or org file was written, for error messages.
#pragma once

#include <string>

namespace krabuan {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in characters (code points)

  // "budget-request.xml:12:5"
  std::string ToString() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

}  // namespace krabuan
