#include "adapters/config/config.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "adapters/config/http_url.h"

namespace krabuan {
namespace {

using nlohmann::json;

// Reads one JSON object's members, collecting a problem for each bad or unknown one.
class ObjectReader {
 public:
  ObjectReader(const json& j, std::string path, std::vector<std::string>& problems, const std::string& file)
      : j_(j), path_(std::move(path)), problems_(problems), file_(file) {}

  bool IsObject() {
    if (j_.is_object()) return true;
    Problem(path_, "expected an object");
    return false;
  }

  std::string Where(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  void Problem(const std::string& where, const std::string& message) {
    problems_.push_back(file_ + ": " + (where.empty() ? "" : where + ": ") + message);
  }

  const json* Get(const std::string& key) {
    seen_.insert(key);
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }

  void String(const std::string& key, std::string& out, bool required = false) {
    const json* v = Get(key);
    if (v == nullptr) {
      if (required) Problem(Where(key), "required");
      return;
    }
    if (!v->is_string()) return Problem(Where(key), "expected a string");
    out = v->get<std::string>();
    if (required && out.empty()) Problem(Where(key), "must not be empty");
  }

  void Int(const std::string& key, int& out, int min, int max) {
    const json* v = Get(key);
    if (v == nullptr) return;
    if (!v->is_number_integer() || v->get<std::int64_t>() < min || v->get<std::int64_t>() > max) {
      return Problem(Where(key), "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    out = v->get<int>();
  }

  // Seconds, fractions allowed, into a duration.
  template <typename Duration>
  void Seconds(const std::string& key, Duration& out, double min, double max) {
    const json* v = Get(key);
    if (v == nullptr) return;
    if (!v->is_number() || v->get<double>() < min || v->get<double>() > max) {
      std::ostringstream range;
      range << "expected a number of seconds from " << min << " to " << max;
      return Problem(Where(key), range.str());
    }
    out = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(v->get<double>()));
  }

  // Call after reading every known key.
  void RejectUnknown() {
    if (!j_.is_object()) return;
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (!seen_.count(it.key())) Problem(path_, "unknown key '" + it.key() + "'");
    }
  }

 private:
  const json& j_;
  std::string path_;
  std::vector<std::string>& problems_;
  const std::string& file_;
  std::set<std::string> seen_;
};

// line:column (1-based, columns in bytes) of a byte offset.
std::string LineColumn(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

void ReadSink(const json& j, const std::string& path, Config& config, std::vector<std::string>& problems,
              const std::string& file) {
  ObjectReader r(j, path, problems, file);
  if (!r.IsObject()) return;
  SinkConfig s;
  std::string type;
  r.String("type", type, true);
  r.String("name", s.name, true);
  if (type == "log") {
    s.type = SinkConfig::Type::kLog;
  } else if (type == "webhook") {
    s.type = SinkConfig::Type::kWebhook;
    r.String("url", s.url, true);
    if (!s.url.empty()) {
      Result<HttpUrl> url = ParseHttpUrl(s.url);
      if (!url.ok()) r.Problem(r.Where("url"), url.status().message());
    }
    if (const json* h = r.Get("headers")) {
      if (!h->is_object()) {
        r.Problem(r.Where("headers"), "expected an object of header names to strings");
      } else {
        for (auto it = h->begin(); it != h->end(); ++it) {
          bool bad_name = it.key().empty() || it.key().find_first_of(" :\r\n") != std::string::npos;
          if (!it->is_string() || bad_name || it->get<std::string>().find_first_of("\r\n") != std::string::npos) {
            r.Problem(r.Where("headers") + "." + it.key(), "expected a header name and a one-line string");
          } else {
            s.headers[it.key()] = it->get<std::string>();
          }
        }
      }
    }
    r.Seconds("timeout_seconds", s.timeout, 0.01, 600);
  } else if (type == "command") {
    s.type = SinkConfig::Type::kCommand;
    r.String("program", s.program, true);
    if (const json* a = r.Get("args")) {
      if (!a->is_array()) {
        r.Problem(r.Where("args"), "expected an array of strings");
      } else {
        for (const json& arg : *a) {
          if (!arg.is_string()) {
            r.Problem(r.Where("args"), "expected an array of strings");
            break;
          }
          s.args.push_back(arg.get<std::string>());
        }
      }
    }
    r.Seconds("timeout_seconds", s.timeout, 0.01, 3600);
  } else if (!type.empty()) {
    r.Problem(r.Where("type"), "'" + type + "' is not a sink type (log, webhook, command)");
  }
  r.RejectUnknown();
  config.sinks.push_back(std::move(s));
}

}  // namespace

Result<Config> ParseConfig(const std::string& text, const std::string& file) {
  json root;
  try {
    root = json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/false);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while parsing ..."
    std::size_t colon = what.find(": ", what.find("parse error"));
    std::string message = colon == std::string::npos ? what : what.substr(colon + 2);
    std::size_t at = e.byte == 0 ? 0 : e.byte - 1;
    return Status::Invalid(file + ":" + LineColumn(text, at) + ": " + message);
  }

  Config config;
  config.file = file;
  std::vector<std::string> problems;
  ObjectReader top(root, "", problems, file);
  if (!top.IsObject()) return Status::InvalidMany(problems);

  if (const json* sinks = top.Get("sinks")) {
    if (!sinks->is_array()) {
      top.Problem("sinks", "expected an array of sinks");
    } else {
      for (std::size_t i = 0; i < sinks->size(); ++i) {
        ReadSink((*sinks)[i], "sinks[" + std::to_string(i) + "]", config, problems, file);
      }
    }
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < config.sinks.size(); ++i) {
    const std::string& name = config.sinks[i].name;
    if (!name.empty() && !names.insert(name).second) {
      top.Problem("sinks[" + std::to_string(i) + "].name", "'" + name + "' names another sink too; names must be unique");
    }
  }

  if (const json* retry = top.Get("retry")) {
    ObjectReader r(*retry, "retry", problems, file);
    if (r.IsObject()) {
      r.Seconds("initial_delay_seconds", config.retry.initial_delay, 1, 86400);
      r.Seconds("max_delay_seconds", config.retry.max_delay, 1, 7 * 86400);
      r.Int("max_attempts", config.retry.max_attempts, 1, 1000);
      if (const json* j = r.Get("jitter")) {
        if (!j->is_number() || j->get<double>() < 0 || j->get<double>() > 1) {
          r.Problem("retry.jitter", "expected a fraction from 0 to 1");
        } else {
          config.retry.jitter = j->get<double>();
        }
      }
      r.Seconds("lease_seconds", config.retry.lease, 1, 86400);
      r.RejectUnknown();
      if (config.retry.max_delay < config.retry.initial_delay) {
        r.Problem("retry.max_delay_seconds", "must not be less than initial_delay_seconds");
      }
    }
  }

  if (const json* log = top.Get("log")) {
    ObjectReader r(*log, "log", problems, file);
    if (r.IsObject()) {
      std::string target = "console";
      r.String("target", target);
      r.String("file", config.log.file);
      r.String("level", config.log.level);
      r.RejectUnknown();
      if (target == "console") {
        config.log.target = LogConfig::Target::kConsole;
      } else if (target == "file") {
        config.log.target = LogConfig::Target::kFile;
        if (config.log.file.empty()) r.Problem("log.file", "required when the target is 'file'");
      } else if (target == "syslog") {
        config.log.target = LogConfig::Target::kSyslog;
      } else {
        r.Problem("log.target", "'" + target + "' is not a log target (console, file, syslog)");
      }
      static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
      if (!kLevels.count(config.log.level)) {
        r.Problem("log.level", "'" + config.log.level + "' is not a level (trace, debug, info, warn, error)");
      }
    }
  }

  if (const json* daemon = top.Get("daemon")) {
    ObjectReader r(*daemon, "daemon", problems, file);
    if (r.IsObject()) {
      r.Int("batch_size", config.daemon.batch_size, 1, 100000);
      r.Seconds("poll_interval_seconds", config.daemon.poll_interval, 1, 86400);
      r.RejectUnknown();
    }
  }
  top.RejectUnknown();

  if (!problems.empty()) return Status::InvalidMany(problems);
  return config;
}

Result<Config> LoadConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid(path + ": cannot read the config file");
  std::ostringstream buf;
  buf << in.rdbuf();
  return ParseConfig(buf.str(), path);
}

}  // namespace krabuan
