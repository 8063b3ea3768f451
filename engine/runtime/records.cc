#include "engine/runtime/records.h"

namespace krabuan {

std::string_view InstanceStateName(InstanceState s) {
  switch (s) {
    case InstanceState::kRunning: return "running";
    case InstanceState::kCompleted: return "completed";
    case InstanceState::kCancelled: return "cancelled";
  }
  return "?";
}

std::optional<InstanceState> InstanceStateFromName(std::string_view name) {
  if (name == "running") return InstanceState::kRunning;
  if (name == "completed") return InstanceState::kCompleted;
  if (name == "cancelled") return InstanceState::kCancelled;
  return std::nullopt;
}

std::string_view DocumentKindName(DocumentKind k) {
  return k == DocumentKind::kOrg ? "org" : "holidays";
}

std::string_view TaskStateName(TaskState s) {
  switch (s) {
    case TaskState::kOpen: return "open";
    case TaskState::kCompleted: return "completed";
    case TaskState::kCancelled: return "cancelled";
    case TaskState::kExpired: return "expired";
  }
  return "?";
}

std::optional<TaskState> TaskStateFromName(std::string_view name) {
  if (name == "open") return TaskState::kOpen;
  if (name == "completed") return TaskState::kCompleted;
  if (name == "cancelled") return TaskState::kCancelled;
  if (name == "expired") return TaskState::kExpired;
  return std::nullopt;
}

std::string_view DeliveryStateName(DeliveryState s) {
  switch (s) {
    case DeliveryState::kPending: return "pending";
    case DeliveryState::kDelivered: return "delivered";
    case DeliveryState::kFailed: return "failed";
  }
  return "pending";
}

std::optional<DeliveryState> DeliveryStateFromName(std::string_view name) {
  if (name == "pending") return DeliveryState::kPending;
  if (name == "delivered") return DeliveryState::kDelivered;
  if (name == "failed") return DeliveryState::kFailed;
  return std::nullopt;
}

}  // namespace krabuan
