#pragma once
// The processes a computation runs on: this process alone, or the ranks of an MPI job (mpi_processes.hpp).
//
// Every process runs the same program on the same inputs (single program, multiple data). Where the program
// has many independent items — replications, design points, proposals — it shares them out: each item runs once,
// on some thread of some process, handed out in increasing index order as threads free up; its result goes to
// the leader (rank 0), which alone writes files and speaks to the user, and, where later decisions depend on it,
// back to every process. An item's result depends on its index alone (its own random streams), never on where it
// ran, so the results are the same at any number of processes and threads.
//
// A failure anywhere ends the sharing everywhere: no further item starts, the items under way finish, and every
// process throws — the leader the first exception raised on it, or a SharingFailed naming the process whose item
// failed; the others a SharingFailed saying which process failed and why.
#include "emile/sim/archive.hpp"
#include "emile/sim/executor.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace emile::sim {

/// Thrown by every process when an item failed on another one (the message names it and says why).
class SharingFailed : public std::runtime_error {
 public:
  explicit SharingFailed(const std::string& message, int kind = 0) : std::runtime_error(message), kind_(kind) {}
  /// The kind of the original failure, as the failing process classified it (MpiProcesses::classify); 0: none.
  int kind() const { return kind_; }

 private:
  int kind_;
};

/// How a value travels between processes: saved to an archive on one, restored on another. By default a type's
/// own `void save(ArchiveWriter&) const` and `static T restore(ArchiveReader&)`.
template <class T>
struct Encoding {
  static void save(ArchiveWriter& out, const T& value) { value.save(out); }
  static T restore(ArchiveReader& in) { return T::restore(in); }
};

template <>
struct Encoding<std::vector<double>> {
  static void save(ArchiveWriter& out, const std::vector<double>& values) { out.values(values); }
  static std::vector<double> restore(ArchiveReader& in) { return in.values<double>(); }
};

class Processes {
 public:
  virtual ~Processes() = default;

  /// This process's rank, 0 to size() − 1; rank 0 leads.
  virtual int rank() const = 0;
  virtual int size() const = 0;
  bool leads() const { return rank() == 0; }
  bool alone() const { return size() == 1; }

  /// The core of sharing, on every process at once: runs `run(i)` once for every i in [0, count), on the
  /// threads of `executor` of some process. On the leader `run(i)` keeps its result itself and returns nothing;
  /// elsewhere it returns the result's bytes, which reach the leader as `arrived(i, bytes, rank)`, called from
  /// one thread while the leader's own items run (so what both touch must be thread-safe). Returns when every item
  /// is done everywhere; throws as the file comment says.
  virtual void hand_out(std::size_t count, const Executor& executor,
                        const std::function<std::vector<std::byte>(std::size_t)>& run,
                        const std::function<void(std::size_t, std::vector<std::byte>, int)>& arrived) const = 0;

  /// Gives every process the leader's `items` (their size and bytes); on the leader, leaves them as they are.
  virtual void broadcast(std::vector<std::vector<std::byte>>& items) const = 0;

  /// The element-wise sum of every process's `values` (all of the same length), on every process: counts and
  /// times spent, added up over the processes.
  virtual std::vector<double> sum(std::vector<double> values) const = 0;

  /// How many items each rank has run since the processes started, by rank (on the leader; elsewhere empty).
  virtual std::vector<std::size_t> items_run() const = 0;
};

/// This process alone: items run on the executor's threads in index order (Executor::for_each_in_order).
const Processes& this_process();

/// Shares out `count` items: `compute(i)` runs once for each, anywhere; on the leader `deliver(i, result)` receives
/// every result, from several threads, in about index order (thread-safe). Elsewhere `deliver` is never called.
template <class Result, class Compute, class Deliver>
void share_with_leader(const Processes& processes, const Executor& executor, std::size_t count, Compute&& compute,
                       Deliver&& deliver) {
  const bool leads = processes.leads();
  processes.hand_out(
      count, executor,
      [&](std::size_t i) -> std::vector<std::byte> {
        Result result = compute(i);
        if (leads) {
          deliver(i, std::move(result));
          return {};
        }
        ArchiveWriter out;
        Encoding<Result>::save(out, result);
        return std::move(out).bytes();
      },
      [&](std::size_t i, std::vector<std::byte> bytes, int rank) {
        ArchiveReader in(bytes, "item " + std::to_string(i) + " from process " + std::to_string(rank));
        Result result = Encoding<Result>::restore(in);
        in.finish();
        deliver(i, std::move(result));
      });
}

/// Gives every process the leader's `values`: the others' are replaced by them.
template <class T>
void broadcast_values(const Processes& processes, std::vector<T>& values) {
  if (processes.alone()) return;
  std::vector<std::vector<std::byte>> bytes;
  if (processes.leads()) {
    for (const T& value : values) {
      ArchiveWriter out;
      Encoding<T>::save(out, value);
      bytes.push_back(std::move(out).bytes());
    }
  }
  processes.broadcast(bytes);
  if (processes.leads()) return;
  values.clear();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    ArchiveReader in(bytes[i], "item " + std::to_string(i) + " from the leading process");
    values.push_back(Encoding<T>::restore(in));
    in.finish();
  }
}

/// Shares out `count` items and returns every result, by index, on every process. `done(i)`, when given, is
/// called on the leader as item i's result reaches it (to count progress), from several threads.
template <class Result, class Compute>
std::vector<Result> share_with_everyone(const Processes& processes, const Executor& executor, std::size_t count,
                                        Compute&& compute, const std::function<void(std::size_t)>& done = {}) {
  std::vector<std::optional<Result>> slots(count);
  share_with_leader<Result>(processes, executor, count, compute, [&](std::size_t i, Result result) {
    slots[i].emplace(std::move(result));
    if (done) done(i);
  });
  std::vector<Result> results;
  if (processes.leads()) {
    results.reserve(count);
    for (auto& slot : slots) {
      if (!slot) throw std::logic_error("a shared item's result never reached the leader");
      results.push_back(std::move(*slot));
    }
  }
  broadcast_values(processes, results);
  return results;
}

}  // namespace emile::sim
