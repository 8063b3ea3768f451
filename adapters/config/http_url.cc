#include "adapters/config/http_url.h"

#include <algorithm>

namespace krabuan {

Result<HttpUrl> ParseHttpUrl(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind("https://", 0) == 0) {
    return Status::Invalid("'" + url + "': https is not supported; use http:// (to a relay on the same host if the "
                           "receiver needs TLS)");
  }
  if (url.rfind(kScheme, 0) != 0) return Status::Invalid("'" + url + "': expected a URL starting with http://");
  std::string rest = url.substr(kScheme.size());
  HttpUrl out;
  std::size_t slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) out.target = rest[slash] == '/' ? rest.substr(slash) : "/" + rest.substr(slash);
  if (authority.find('@') != std::string::npos) {
    return Status::Invalid("'" + url + "': user names in URLs are not supported; send credentials as a header");
  }
  std::size_t colon = authority.rfind(':');
  if (!authority.empty() && authority.front() == '[') {   // [::1]:8080
    std::size_t close = authority.find(']');
    if (close == std::string::npos) return Status::Invalid("'" + url + "': unclosed '[' in the host");
    out.host = authority.substr(1, close - 1);
    colon = authority.size() > close + 1 && authority[close + 1] == ':' ? close + 1 : std::string::npos;
  } else {
    out.host = authority.substr(0, colon);
  }
  if (colon != std::string::npos) {
    out.port = authority.substr(colon + 1);
    bool digits = !out.port.empty() && out.port.size() <= 5 &&
                  std::all_of(out.port.begin(), out.port.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stoi(out.port) == 0 || std::stoi(out.port) > 65535) {
      return Status::Invalid("'" + url + "': the port must be a number from 1 to 65535");
    }
  }
  if (out.host.empty()) return Status::Invalid("'" + url + "': no host");
  if (out.target.find_first_of(" \r\n") != std::string::npos) {
    return Status::Invalid("'" + url + "': spaces and line breaks must be percent-encoded");
  }
  return out;
}

}  // namespace krabuan
