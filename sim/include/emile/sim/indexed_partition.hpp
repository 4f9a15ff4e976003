#pragma once
// Ids in [0, capacity) sorted into a few classes (e.g. dwellings: occupied, vacant, reserved…), each id in at
// most one class, with O(1) move between classes and O(1) uniform pick within a class: drawing "k random
// occupied dwellings" costs k, not the size of the stock.
//
// Memory: 5 bytes per id of capacity (its position and class) plus 4 bytes per member.
#include "emile/sim/archive.hpp"

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace emile::sim {

class IndexedPartition {
 public:
  static constexpr std::uint32_t absent = std::numeric_limits<std::uint32_t>::max();

  IndexedPartition() = default;
  /// Room for ids in [0, capacity) and `classes` classes; every id starts in no class.
  IndexedPartition(std::size_t capacity, std::size_t classes)
      : position_(capacity, absent), class_of_(capacity, 0), members_(classes) {}

  std::size_t classes() const { return members_.size(); }
  std::size_t capacity() const { return position_.size(); }
  std::size_t size(std::size_t cls) const { return members_.at(cls).size(); }
  bool contains(std::uint32_t id) const { return id < position_.size() && position_[id] != absent; }

  /// Puts `id` into class `cls`, taking it out of its current class if any. Throws std::out_of_range on a bad
  /// id or class.
  void assign(std::uint32_t id, std::size_t cls) {
    if (id >= position_.size()) throw std::out_of_range("IndexedPartition: id " + std::to_string(id) + " beyond capacity");
    remove(id);
    auto& members = members_.at(cls);
    position_[id] = static_cast<std::uint32_t>(members.size());
    members.push_back(id);
    class_of_[id] = static_cast<std::uint8_t>(cls);
  }

  /// Takes `id` out of its class (no effect if it is in none). The last member takes its place.
  void remove(std::uint32_t id) {
    if (!contains(id)) return;
    auto& members = members_[class_of_[id]];
    const std::uint32_t at = position_[id];
    const std::uint32_t last = members.back();
    members[at] = last;
    position_[last] = at;
    members.pop_back();
    position_[id] = absent;
  }

  /// The class of a member id; throws std::out_of_range if the id is in no class.
  std::size_t class_of(std::uint32_t id) const {
    if (!contains(id)) throw std::out_of_range("IndexedPartition: id " + std::to_string(id) + " is in no class");
    return class_of_[id];
  }

  /// The member at `index` of class `cls` (0 ≤ index < size(cls)); a uniform index gives a uniform pick.
  std::uint32_t at(std::size_t cls, std::size_t index) const { return members_.at(cls).at(index); }
  const std::vector<std::uint32_t>& members(std::size_t cls) const { return members_.at(cls); }

  /// Grows the capacity; ids keep their classes.
  void grow(std::size_t capacity) {
    if (capacity > position_.size()) {
      position_.resize(capacity, absent);
      class_of_.resize(capacity, 0);
    }
  }

  /// Saves the classes' members in order (a uniform pick depends on it).
  void save(ArchiveWriter& out) const {
    out.value<std::uint64_t>(position_.size());
    out.value<std::uint64_t>(members_.size());
    for (const auto& m : members_) out.values(m);
  }
  /// Restores a partition saved by save(); throws ArchiveError if an id is out of range or in two classes.
  static IndexedPartition restore(ArchiveReader& in) {
    const auto capacity = in.value<std::uint64_t>();
    const auto classes = in.value<std::uint64_t>();
    in.require(capacity <= absent && classes <= 256, "an id partition of absurd size");
    IndexedPartition p(static_cast<std::size_t>(capacity), static_cast<std::size_t>(classes));
    for (std::size_t cls = 0; cls < p.members_.size(); ++cls) {
      auto& members = p.members_[cls] = in.values<std::uint32_t>(capacity);
      for (std::size_t at = 0; at < members.size(); ++at) {
        const std::uint32_t id = members[at];
        in.require(id < capacity && p.position_[id] == absent, "an id partition with a bad or repeated id");
        p.position_[id] = static_cast<std::uint32_t>(at);
        p.class_of_[id] = static_cast<std::uint8_t>(cls);
      }
    }
    return p;
  }

  /// Heap bytes held.
  std::size_t bytes() const {
    std::size_t total = position_.capacity() * sizeof(std::uint32_t) + class_of_.capacity();
    for (const auto& m : members_) total += m.capacity() * sizeof(std::uint32_t);
    return total;
  }

 private:
  std::vector<std::uint32_t> position_;
  std::vector<std::uint8_t> class_of_;
  std::vector<std::vector<std::uint32_t>> members_;
};

}  // namespace emile::sim
