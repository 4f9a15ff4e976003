#pragma once
// The ranks of an MPI job as Processes (processes.hpp): built only with EMILE_WITH_MPI, and linked only into
// programs that start MPI themselves (the command-line tool), never into the Python module.
//
// Sharing out items: rank 0 hands out indices in increasing order to whichever thread of whichever rank asks
// next (its own threads take them directly); results travel to rank 0 as messages. Only one thread of each rank
// calls MPI at a time (MPI_THREAD_SERIALIZED): while items run, the thread that called hand_out() does all the
// messaging, polling with short sleeps so that it takes no core from the items. A rank that dies is the launcher's
// to notice: mpirun and srun end the whole job.
#include "emile/sim/processes.hpp"

#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace emile::sim {

class MpiProcesses final : public Processes {
 public:
  /// Whether this process was started by an MPI launcher (mpirun, mpiexec or srun): its environment says so.
  static bool launched();

  /// Initialises MPI. Throws std::runtime_error when MPI cannot give MPI_THREAD_SERIALIZED.
  MpiProcesses(int& argc, char**& argv);
  /// Finalises MPI: to be reached by every rank, after the same sequence of hand_out() and broadcast().
  ~MpiProcesses() override;
  MpiProcesses(const MpiProcesses&) = delete;
  MpiProcesses& operator=(const MpiProcesses&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void hand_out(std::size_t count, const Executor& executor, const std::function<std::vector<std::byte>(std::size_t)>& run,
                const std::function<void(std::size_t, std::vector<std::byte>, int)>& arrived) const override;
  void broadcast(std::vector<std::vector<std::byte>>& items) const override;
  std::vector<double> sum(std::vector<double> values) const override;
  std::vector<std::size_t> items_run() const override;

  /// Called often while items are shared out; when it throws, the sharing ends at once on this rank with its
  /// exception — the ranks are then out of step, and the caller must end the job (abort()). For a signal that
  /// asks the job to end: a rank waiting for a rank that is gone would otherwise wait for ever.
  void watch(std::function<void()> interruption) { interruption_ = std::move(interruption); }

  /// What kind of failure an exception is, as the program counts them (its exit code, say): carried with the
  /// message of an item that failed on one rank to every other (SharingFailed::kind). Without it, 0.
  void classify(std::function<int(const std::exception_ptr&)> kind_of) { kind_of_ = std::move(kind_of); }

  /// Ends every rank of the job at once with `code` (MPI_Abort): for a failure some ranks may not share, where
  /// waiting for the others to reach the end could wait forever.
  [[noreturn]] void abort(int code) const;

 private:
  void lead(std::size_t count, const Executor& executor, const std::function<std::vector<std::byte>(std::size_t)>& run,
            const std::function<void(std::size_t, std::vector<std::byte>, int)>& arrived) const;
  void follow(std::size_t count, const Executor& executor, const std::function<std::vector<std::byte>(std::size_t)>& run) const;
  /// A failure as it travels between ranks: its kind (classify) and message.
  struct Failure {
    std::int32_t kind = 0;
    std::string message;
    std::vector<std::byte> bytes() const;
    static Failure read(const std::vector<std::byte>& bytes);
  };
  Failure failure_of(const std::exception_ptr& error) const;
  /// Every rank learns the leader's verdict on the sharing just ended: none when it succeeded, else the failure.
  std::optional<Failure> agree(std::optional<Failure> failure) const;

  std::function<void()> interruption_;
  std::function<int(const std::exception_ptr&)> kind_of_;
  int rank_ = 0;
  int size_ = 1;
  mutable std::mutex items_mutex_;
  mutable std::vector<std::size_t> items_;  ///< on the leader: items run by each rank
};

}  // namespace emile::sim
