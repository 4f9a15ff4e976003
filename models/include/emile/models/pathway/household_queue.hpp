#pragma once
// Households waiting for something, first come, first served: referred households for an Île-de-France
// caseworker slot, enrolled ones for a territory that can take them, proposed ones for an immersion-visit slot,
// matched ones for a territory caseworker to move.
//
// A household waits in the queue's stage with its `queued` flag set. One that stops waiting meanwhile (it
// withdrew: its stage changed, which clears the flag) is not searched for: its entry goes stale and is dropped
// when reached. So an operation costs the entries it passes, and a household served has left the queue's stage:
// it is never served again.
//
// Example (enrolment: serve referred households while a caseworker slot is free):
//   origin_queue.serve_while(households, [&] { return used < capacity; }, [&](std::uint32_t id) { enrol(id); });
#include "emile/models/agents/household.hpp"
#include "emile/models/foundations/stage.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

namespace emile::models {

class HouseholdQueue {
 public:
  /// A queue of households waiting in `stage`, holding `entries` (front first; stale ones allowed).
  explicit HouseholdQueue(Stage stage, const std::vector<std::uint32_t>& entries = {})
      : stage_(stage), ids_(entries.begin(), entries.end()) {}

  /// The stage its households wait in.
  Stage stage() const { return stage_; }

  /// Household `id` joins at the back and is flagged as queued.
  void join(std::uint32_t id, Household& household) {
    ids_.push_back(id);
    household.queued = true;
  }

  /// Whether `household` still waits in this queue (an entry of it is not stale).
  bool waiting(const Household& household) const { return household.stage == stage_ && household.queued; }

  /// Serves the waiting households, front first, while `has_room()` holds: each leaves the queue and is passed to
  /// `serve(id)`, which must take it out of the queue's stage. Stale entries are dropped on the way.
  template <class HasRoom, class Serve>
  void serve_while(std::span<const Household> households, HasRoom&& has_room, Serve&& serve) {
    while (has_room() && !ids_.empty()) {
      const std::uint32_t id = ids_.front();
      ids_.pop_front();
      if (waiting(households[id])) serve(id);
    }
  }

  /// Offers every household waiting now, front first, once to `try_serve(id)`; those it does not serve (it returns
  /// false) keep waiting, in the same order. Stale entries are dropped.
  template <class TryServe>
  void offer_each(std::span<const Household> households, TryServe&& try_serve) {
    const std::size_t entries = ids_.size();
    for (std::size_t k = 0; k < entries; ++k) {
      const std::uint32_t id = ids_.front();
      ids_.pop_front();
      if (waiting(households[id]) && !try_serve(id)) ids_.push_back(id);
    }
  }

  /// The households still waiting (stale entries left out).
  std::int64_t count_waiting(std::span<const Household> households) const {
    return std::count_if(ids_.begin(), ids_.end(), [&](std::uint32_t id) { return waiting(households[id]); });
  }

  /// Every entry, front first, stale ones included: what save() writes and a restored queue is built from.
  std::vector<std::uint32_t> entries() const { return {ids_.begin(), ids_.end()}; }

 private:
  Stage stage_;
  std::deque<std::uint32_t> ids_;
};

}  // namespace emile::models
