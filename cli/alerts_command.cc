#include "cli/alerts_command.h"

#include <ostream>

#include "cli/app.h"
#include "cli/commands.h"
#include "cli/id_arg.h"

namespace krabuan::cli {

using nlohmann::json;

std::string DeliveriesText(const std::vector<DeliveryRecord>& deliveries) {
  std::string out;
  for (const DeliveryRecord& d : deliveries) {
    if (!out.empty()) out += " · ";
    out += d.sink;
    switch (d.state) {
      case DeliveryState::kDelivered: out += " ✓"; break;
      case DeliveryState::kPending:
        out += d.attempts == 0 ? ": รอส่ง" : ": รอส่งใหม่ (" + std::to_string(d.attempts) + ")";
        break;
      case DeliveryState::kFailed: out += ": ส่งไม่สำเร็จ (" + std::to_string(d.attempts) + ")"; break;
    }
  }
  return out.empty() ? "-" : out;
}

json DeliveriesJson(const std::vector<DeliveryRecord>& deliveries) {
  json arr = json::array();
  for (const DeliveryRecord& d : deliveries) {
    arr.push_back({{"sink", d.sink},
                   {"state", DeliveryStateName(d.state)},
                   {"attempts", d.attempts},
                   {"next_attempt", d.next_attempt_at ? json(FormatInstantUtc(*d.next_attempt_at)) : json(nullptr)},
                   {"last_error", d.last_error},
                   {"delivered", d.delivered_at ? json(FormatInstantUtc(*d.delivered_at)) : json(nullptr)}});
  }
  return arr;
}

int CmdRetryAlert(const GlobalOptions& g, const std::string& alert, const std::string& sink, Io io) {
  Result<std::int64_t> parsed = ParseId(alert, "an alert");
  if (!parsed.ok()) return Fail(parsed.status(), io.err);
  const std::int64_t id = *parsed;
  Result<std::unique_ptr<Session>> session = Session::Open(g, Access::kWrite);
  if (!session.ok()) return Fail(session.status(), io.err);
  Result<Actor> acting = (*session)->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  Result<int> n = (*session)->engine().RetryAlertDelivery(*acting, id, sink);
  if (!n.ok()) return Fail(n.status(), io.err);
  if (g.json) {
    io.out << json{{"alert", id}, {"requeued", *n}}.dump(2) << "\n";
  } else {
    io.out << "alert " << id << ": " << *n << " deliver" << (*n == 1 ? "y" : "ies")
           << " re-queued (sent on the next 'daemon' round)\n";
  }
  return kExitOk;
}

}  // namespace krabuan::cli
