// http://host[:port][/path] split into its parts (the webhook sink's only scheme).
#pragma once

#include <string>

#include "engine/status.h"

namespace krabuan {

struct HttpUrl {
  std::string host;
  std::string port = "80";
  std::string target = "/";   // path and query
};

// Invalid for anything else, naming what is wrong (https is refused with a hint).
Result<HttpUrl> ParseHttpUrl(const std::string& url);

}  // namespace krabuan
