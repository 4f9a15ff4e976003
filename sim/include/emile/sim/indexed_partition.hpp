#pragma once
// Ids in [0, capacity) sorted into a few classes (e.g. dwellings: occupied, vacant, reserved…), each id in at
// most one class, with O(1) move between classes and O(1) uniform pick within a class: drawing "k random
// occupied dwellings" costs k, not the size of the stock.
//
// Memory: 4 bytes per id of capacity (its class and position, packed) plus 4 bytes per member. At most
// max_classes classes and max_members members per class.
//
// Speed: a move costs a few cache misses on a large partition; move_member() moves a member picked by its
// position with a single dependent load (the pick itself), the other accesses being stores.
#include "emile/sim/archive.hpp"

#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace emile::sim {

class IndexedPartition {
 public:
  static constexpr std::size_t max_classes = 8;
  static constexpr std::uint32_t max_members = (std::uint32_t{1} << 29) - 1;

  IndexedPartition() = default;
  /// Room for ids in [0, capacity) and `classes` (≤ max_classes) classes; every id starts in no class.
  IndexedPartition(std::size_t capacity, std::size_t classes) : slot_(capacity, absent), members_(classes) {
    if (classes > max_classes) throw std::invalid_argument("IndexedPartition: at most 8 classes");
  }

  /// Every id i in [0, class_of.size()) in class class_of[i] (< classes), members in id order: the bulk
  /// equivalent of assigning them one by one, without growing the member lists step by step. Each list gets
  /// an eighth of slack, so that the first moves into a large class do not copy it.
  IndexedPartition(std::span<const std::uint8_t> class_of, std::size_t classes) : IndexedPartition(class_of.size(), classes) {
    std::vector<std::size_t> counts(classes, 0);
    for (const std::uint8_t cls : class_of) {
      if (cls >= classes) throw std::out_of_range("IndexedPartition: no class " + std::to_string(cls));
      ++counts[cls];
    }
    for (std::size_t cls = 0; cls < classes; ++cls) {
      if (counts[cls] > max_members) throw std::length_error("IndexedPartition: class " + std::to_string(cls) + " is full");
      members_[cls].reserve(with_slack(counts[cls]));
    }
    for (std::uint32_t id = 0; id < class_of.size(); ++id) append(id, class_of[id]);
  }
  /// A copy keeps each class's spare room, so that its first moves into a large class do not copy the class.
  IndexedPartition(const IndexedPartition& other) : slot_(other.slot_), members_(other.members_.size()) {
    for (std::size_t cls = 0; cls < members_.size(); ++cls) {
      members_[cls].reserve(other.members_[cls].capacity());
      members_[cls].assign(other.members_[cls].begin(), other.members_[cls].end());
    }
  }
  IndexedPartition& operator=(const IndexedPartition& other) {
    if (this != &other) *this = IndexedPartition(other);
    return *this;
  }
  IndexedPartition(IndexedPartition&&) noexcept = default;
  IndexedPartition& operator=(IndexedPartition&&) noexcept = default;
  ~IndexedPartition() = default;

  std::size_t classes() const { return members_.size(); }
  std::size_t capacity() const { return slot_.size(); }
  std::size_t size(std::size_t cls) const { return members_.at(cls).size(); }
  bool contains(std::uint32_t id) const { return id < slot_.size() && slot_[id] != absent; }

  /// Puts `id` into class `cls`, taking it out of its current class if any. Throws std::out_of_range on a bad
  /// id or class, std::length_error when the class is full.
  void assign(std::uint32_t id, std::size_t cls) {
    if (id >= slot_.size()) throw std::out_of_range("IndexedPartition: id " + std::to_string(id) + " beyond capacity");
    if (cls >= members_.size()) throw std::out_of_range("IndexedPartition: no class " + std::to_string(cls));
    remove(id);
    append(id, cls);
  }

  /// Moves the member at `index` of class `from` (0 ≤ index < size(from)) to class `to` and returns its id.
  /// With a uniform index, this is a uniform pick and move.
  std::uint32_t move_member(std::size_t from, std::size_t index, std::size_t to) {
    auto& members = members_.at(from);
    if (to >= members_.size()) throw std::out_of_range("IndexedPartition: no class " + std::to_string(to));
    const std::uint32_t id = members.at(index);
    take_out(members, from, static_cast<std::uint32_t>(index));
    append(id, to);
    return id;
  }

  /// A hint that the member at `index` of class `cls` will soon be read (e.g. by move_member): starts fetching
  /// it from memory. Has no other effect; any index below the class's capacity is allowed.
  void prefetch_member(std::size_t cls, std::size_t index) const { __builtin_prefetch(members_[cls].data() + index); }

  /// Takes `id` out of its class (no effect if it is in none). The last member takes its place.
  void remove(std::uint32_t id) {
    if (!contains(id)) return;
    const std::size_t cls = slot_[id] >> position_bits;
    take_out(members_[cls], cls, slot_[id] & max_members);
    slot_[id] = absent;
  }

  /// The class of a member id; throws std::out_of_range if the id is in no class.
  std::size_t class_of(std::uint32_t id) const {
    if (!contains(id)) throw std::out_of_range("IndexedPartition: id " + std::to_string(id) + " is in no class");
    return slot_[id] >> position_bits;
  }

  /// The member at `index` of class `cls` (0 ≤ index < size(cls)); a uniform index gives a uniform pick.
  std::uint32_t at(std::size_t cls, std::size_t index) const { return members_.at(cls).at(index); }
  const std::vector<std::uint32_t>& members(std::size_t cls) const { return members_.at(cls); }

  /// Grows the capacity; ids keep their classes.
  void grow(std::size_t capacity) {
    if (capacity > slot_.size()) slot_.resize(capacity, absent);
  }

  /// Saves the classes' members in order (a uniform pick depends on it).
  void save(ArchiveWriter& out) const {
    out.value<std::uint64_t>(slot_.size());
    out.value<std::uint64_t>(members_.size());
    for (const auto& m : members_) out.values(m);
  }
  /// Restores a partition saved by save(); throws ArchiveError if an id is out of range or in two classes.
  static IndexedPartition restore(ArchiveReader& in) {
    const auto capacity = in.value<std::uint64_t>();
    const auto classes = in.value<std::uint64_t>();
    in.require(capacity < absent && classes <= max_classes, "an id partition of absurd size");
    IndexedPartition p(static_cast<std::size_t>(capacity), static_cast<std::size_t>(classes));
    for (std::size_t cls = 0; cls < p.members_.size(); ++cls) {
      auto& members = p.members_[cls] = in.values<std::uint32_t>(std::min<std::uint64_t>(capacity, max_members));
      members.reserve(with_slack(members.size()));
      for (std::size_t at = 0; at < members.size(); ++at) {
        const std::uint32_t id = members[at];
        in.require(id < capacity && p.slot_[id] == absent, "an id partition with a bad or repeated id");
        p.slot_[id] = slot(cls, static_cast<std::uint32_t>(at));
      }
    }
    return p;
  }

  /// Heap bytes held.
  std::size_t bytes() const {
    std::size_t total = slot_.capacity() * sizeof(std::uint32_t);
    for (const auto& m : members_) total += m.capacity() * sizeof(std::uint32_t);
    return total;
  }

 private:
  static constexpr int position_bits = 29;
  static constexpr std::uint32_t absent = std::numeric_limits<std::uint32_t>::max();  // class 7, position max_members
  /// Room for a class of `count` members and an eighth more.
  static std::size_t with_slack(std::size_t count) { return count + count / 8 + 16; }
  static std::uint32_t slot(std::size_t cls, std::uint32_t position) {
    return static_cast<std::uint32_t>(cls) << position_bits | position;
  }

  void append(std::uint32_t id, std::size_t cls) {
    auto& members = members_[cls];
    if (members.size() >= max_members) throw std::length_error("IndexedPartition: class " + std::to_string(cls) + " is full");
    slot_[id] = slot(cls, static_cast<std::uint32_t>(members.size()));
    members.push_back(id);
  }
  // Removes the member at `position` of `members` (class `cls`): the last member takes its place.
  void take_out(std::vector<std::uint32_t>& members, std::size_t cls, std::uint32_t position) {
    const std::uint32_t last = members.back();
    members[position] = last;
    slot_[last] = slot(cls, position);
    members.pop_back();
  }

  std::vector<std::uint32_t> slot_;  ///< per id: class << 29 | position, or absent
  std::vector<std::vector<std::uint32_t>> members_;
};

}  // namespace emile::sim
