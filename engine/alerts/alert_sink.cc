#include "engine/alerts/alert_sink.h"

#include <nlohmann/json.hpp>

namespace krabuan {

std::string AlertMessageJson(const AlertRecord& alert) {
  using nlohmann::json;
  json payload = json::parse(alert.payload, nullptr, /*allow_exceptions=*/false);
  json msg = json::object();
  if (payload.is_object()) msg = payload;   // the payload's fields first; ours win on a clash
  msg["id"] = alert.id;
  msg["created"] = FormatInstantUtc(alert.created_at);
  msg["kind"] = alert.kind;
  msg["instance"] = alert.instance_id;
  msg["task"] = alert.task_id;
  msg["text"] = alert.text;
  return msg.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace krabuan
