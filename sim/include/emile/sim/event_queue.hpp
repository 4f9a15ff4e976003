#pragma once
// A calendar queue of events keyed by step: scheduling and taking are O(1) per event, so a step costs what
// happens in it, not the number of entities.
#include "emile/sim/archive.hpp"
#include "emile/sim/calendar.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace emile::sim {

/// An event for entity `id`, valid only while the entity's version still equals `version`: rescheduling an
/// entity bumps its version, which cancels its older events without searching for them.
struct ScheduledEvent {
  std::uint32_t id = 0;
  std::uint32_t version = 0;
  friend bool operator==(const ScheduledEvent&, const ScheduledEvent&) = default;
};

class EventQueue {
 public:
  /// A queue for steps [0, steps). Events scheduled at or beyond `steps` are dropped (they fall after the run).
  explicit EventQueue(Step steps) : buckets_(static_cast<std::size_t>(std::max<Step>(steps, 0))) {}

  Step steps() const { return static_cast<Step>(buckets_.size()); }

  /// Schedules an event at `step`; throws std::out_of_range for a negative step.
  void schedule(Step step, ScheduledEvent event) {
    if (step < 0) throw std::out_of_range("cannot schedule an event at step " + std::to_string(step));
    if (static_cast<std::size_t>(step) < buckets_.size()) buckets_[static_cast<std::size_t>(step)].push_back(event);
  }

  /// Removes and returns the events of `step`, ordered by (id, version) so that processing order never depends
  /// on the order in which they were scheduled.
  std::vector<ScheduledEvent> take(Step step) {
    if (step < 0 || static_cast<std::size_t>(step) >= buckets_.size()) return {};
    std::vector<ScheduledEvent> events;
    events.swap(buckets_[static_cast<std::size_t>(step)]);
    std::sort(events.begin(), events.end(), [](const ScheduledEvent& a, const ScheduledEvent& b) {
      return a.id != b.id ? a.id < b.id : a.version < b.version;
    });
    return events;
  }

  /// Number of events waiting at `step`.
  std::size_t pending(Step step) const {
    return step >= 0 && static_cast<std::size_t>(step) < buckets_.size() ? buckets_[static_cast<std::size_t>(step)].size() : 0;
  }

 /// Saves the waiting events.
  void save(ArchiveWriter& out) const {
    out.value<std::uint64_t>(buckets_.size());
    for (const auto& bucket : buckets_) out.values(bucket);
  }
  /// Restores a queue saved by save(); throws ArchiveError unless it covers `steps` steps and every id is below
  /// `id_bound`.
  static EventQueue restore(ArchiveReader& in, Step steps, std::uint32_t id_bound) {
    in.require(in.value<std::uint64_t>() == static_cast<std::uint64_t>(std::max<Step>(steps, 0)), "an event queue for another run length");
    EventQueue queue(steps);
    for (auto& bucket : queue.buckets_) {
      bucket = in.values<ScheduledEvent>();
      for (const auto& event : bucket) in.require(event.id < id_bound, "an event for an id out of range");
    }
    return queue;
  }

 private:
  std::vector<std::vector<ScheduledEvent>> buckets_;
};

}  // namespace emile::sim
