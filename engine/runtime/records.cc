#include "engine/runtime/records.h"

#include <utility>

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

namespace {

constexpr std::pair<ActingCapacity, std::string_view> kCapacityNames[] = {
    {ActingCapacity::kNone, ""},           {ActingCapacity::kMember, "member"}, {ActingCapacity::kRecorder, "recorder"},
    {ActingCapacity::kAssignee, "assignee"}, {ActingCapacity::kAdmin, "admin"},   {ActingCapacity::kSystem, "system"},
    {ActingCapacity::kEscalated, "escalated"}, {ActingCapacity::kActing, "acting"},
};

constexpr std::pair<TimerKind, std::string_view> kTimerKindNames[] = {
    {TimerKind::kWait, "wait"},         {TimerKind::kWindow, "window"},     {TimerKind::kCutoff, "cutoff"},
    {TimerKind::kOverdue, "overdue"},   {TimerKind::kReminder, "reminder"}, {TimerKind::kEscalate, "escalate"},
    {TimerKind::kRecur, "recur"},       {TimerKind::kBoundary, "boundary"}, {TimerKind::kScope, "scope"},
};

template <typename Enum, std::size_t N>
std::string_view NameIn(const std::pair<Enum, std::string_view> (&names)[N], Enum e) {
  for (const auto& [value, name] : names) {
    if (value == e) return name;
  }
  return "?";
}

template <typename Enum, std::size_t N>
std::optional<Enum> ValueIn(const std::pair<Enum, std::string_view> (&names)[N], std::string_view name) {
  for (const auto& [value, n] : names) {
    if (n == name) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ActingCapacityName(ActingCapacity c) { return NameIn(kCapacityNames, c); }
std::optional<ActingCapacity> ActingCapacityFromName(std::string_view name) { return ValueIn(kCapacityNames, name); }
std::string_view TimerKindName(TimerKind k) { return NameIn(kTimerKindNames, k); }
std::optional<TimerKind> TimerKindFromName(std::string_view name) { return ValueIn(kTimerKindNames, name); }

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
