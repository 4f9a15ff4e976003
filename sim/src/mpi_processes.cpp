#include "emile/sim/mpi_processes.hpp"

#include <mpi.h>

#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <thread>
#include <utility>

namespace emile::sim {
namespace {

// The messages of a sharing. Between a follower and the leader only: the leader answers every request with one
// `work` message, an index or `no_more`.
enum Tag : int {
  request = 1,  ///< follower → leader, empty: one of my threads is free
  work = 2,     ///< leader → follower: the index to run, or no_more
  result = 3,   ///< follower → leader: an index (8 bytes) then its result's bytes
  failed = 4,   ///< follower → leader: why an item failed
  finished = 5, ///< follower → leader, empty: my threads are done and every answer is in
};
constexpr std::uint64_t no_more = UINT64_MAX;
constexpr int leader = 0;
// The messaging thread sleeps when nothing happened, from the shortest pause up to the longest, doubling while
// nothing happens: it shares a core with an item's thread (mpirun binds a rank to one), which each wake-up
// disturbs. Followers ask for work ahead of their threads while many items remain (see follow()), so a pause
// seldom delays an item.
class Pause {
 public:
  void after(bool busy) {
    if (busy) {
      length_ = shortest;
      return;
    }
    std::this_thread::sleep_for(length_);
    length_ = std::min(longest, 2 * length_);
  }

 private:
  static constexpr std::chrono::microseconds shortest{50}, longest{2000};
  std::chrono::microseconds length_ = shortest;
};
// Broadcasts go in pieces of at most this many bytes (MPI counts in `int`).
constexpr std::size_t largest_message = std::size_t{1} << 30;

void check(int code, const char* call) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(std::string(call) + ": " + std::string(text, static_cast<std::size_t>(length)));
}

int message_size(std::size_t bytes) {
  if (bytes > static_cast<std::size_t>(INT_MAX)) {
    throw std::runtime_error("a result of " + std::to_string(bytes) + " bytes is too large for one MPI message");
  }
  return static_cast<int>(bytes);
}

void send(const void* data, std::size_t bytes, int to, Tag tag) {
  check(MPI_Send(data, message_size(bytes), MPI_BYTE, to, tag, MPI_COMM_WORLD), "MPI_Send");
}

// Waits for a non-blocking operation to complete, sleeping between tests: a rank waiting for another (the leader
// writing a file, say) leaves the processor to it, where MPI's blocking calls would spin. `interruption`, when
// given, is called between tests (MpiProcesses::watch): an operation that needs a rank that died never completes.
void wait_for(MPI_Request& request, const char* call, const std::function<void()>& interruption = {}) {
  for (Pause pause;; pause.after(false)) {
    int done = 0;
    check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), call);
    if (done) return;
    if (interruption) interruption();
  }
}

// The message `status` announced, received. The transfer has begun, and needs this rank's attention to go on (no
// pauses), but a message from a rank that died never completes: `interruption` (MpiProcesses::watch) is called
// between tests.
std::vector<std::byte> receive(const MPI_Status& status, const std::function<void()>& interruption) {
  int bytes = 0;
  check(MPI_Get_count(&status, MPI_BYTE, &bytes), "MPI_Get_count");
  std::vector<std::byte> message(static_cast<std::size_t>(bytes));
  MPI_Request request;
  check(MPI_Irecv(message.data(), bytes, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, &request), "MPI_Irecv");
  for (int done = 0;;) {
    check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Irecv");
    if (done) return message;
    if (interruption) interruption();
  }
}

// `bytes` from the leader to every rank (each knows how many), waiting as wait_for() does.
void broadcast_bytes(void* data, std::size_t bytes, const std::function<void()>& interruption) {
  for (std::size_t from = 0; from < bytes; from += largest_message) {
    const std::size_t piece = std::min(largest_message, bytes - from);
    MPI_Request request;
    check(MPI_Ibcast(static_cast<char*>(data) + from, static_cast<int>(piece), MPI_BYTE, leader, MPI_COMM_WORLD, &request),
          "MPI_Ibcast");
    wait_for(request, "MPI_Ibcast", interruption);
  }
}

// The next message for this rank from `from` (MPI_ANY_SOURCE for any), if one has come.
std::optional<MPI_Status> incoming(int from) {
  int flag = 0;
  MPI_Status status;
  check(MPI_Iprobe(from, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
  return flag ? std::optional(status) : std::nullopt;
}

// Runs items on an executor's threads from a thread of its own, while the caller's thread does the messaging.
class Workers {
 public:
  Workers(const Executor& executor, std::function<std::optional<std::size_t>()> take, std::function<void(std::size_t)> body)
      : thread_([this, &executor, take = std::move(take), body = std::move(body)] {
          try {
            executor.for_each_taken(take, body);
          } catch (...) {
            error_ = std::current_exception();
          }
          done_ = true;
        }) {}
  ~Workers() { join(); }
  bool done() const { return done_; }
  void join() {
    if (thread_.joinable()) thread_.join();
  }
  /// After join(): what an item threw, if one did.
  std::exception_ptr error() const { return error_; }

 private:
  std::exception_ptr error_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

std::vector<std::byte> MpiProcesses::Failure::bytes() const {
  std::vector<std::byte> out(sizeof kind + message.size());
  std::memcpy(out.data(), &kind, sizeof kind);
  std::memcpy(out.data() + sizeof kind, message.data(), message.size());
  return out;
}

MpiProcesses::Failure MpiProcesses::Failure::read(const std::vector<std::byte>& bytes) {
  Failure failure;
  if (bytes.size() < sizeof failure.kind) throw std::logic_error("a failure message without its kind");
  std::memcpy(&failure.kind, bytes.data(), sizeof failure.kind);
  failure.message.assign(reinterpret_cast<const char*>(bytes.data()) + sizeof failure.kind, bytes.size() - sizeof failure.kind);
  return failure;
}

MpiProcesses::Failure MpiProcesses::failure_of(const std::exception_ptr& error) const {
  Failure failure;
  failure.kind = kind_of_ ? kind_of_(error) : 0;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    failure.message = e.what();
  } catch (...) {
    failure.message = "an unknown error";
  }
  return failure;
}

bool MpiProcesses::launched() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(variable)) return true;
  }
  return false;
}

MpiProcesses::MpiProcesses(int& argc, char**& argv) {
  int provided = MPI_THREAD_SINGLE;
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
  if (provided < MPI_THREAD_SERIALIZED) {
    MPI_Finalize();
    throw std::runtime_error("this MPI library cannot be called from more than one thread (MPI_THREAD_SERIALIZED)");
  }
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  items_.assign(static_cast<std::size_t>(size_), 0);
}

MpiProcesses::~MpiProcesses() {
  // Every rank waits here for the others, the leader writing its files meanwhile, without spinning.
  MPI_Request request;
  if (MPI_Ibarrier(MPI_COMM_WORLD, &request) == MPI_SUCCESS) {
    try {
      wait_for(request, "MPI_Ibarrier");
    } catch (const std::runtime_error&) {
      // MPI_Finalize says what went wrong, if anything still can be said.
    }
  }
  MPI_Finalize();
}

void MpiProcesses::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

std::vector<std::size_t> MpiProcesses::items_run() const {
  if (!leads()) return {};
  const std::lock_guard lock(items_mutex_);
  return items_;
}

void MpiProcesses::hand_out(std::size_t count, const Executor& executor,
                            const std::function<std::vector<std::byte>(std::size_t)>& run,
                            const std::function<void(std::size_t, std::vector<std::byte>, int)>& arrived) const {
  if (leads()) {
    lead(count, executor, run, arrived);
  } else {
    follow(count, executor, run);
  }
}

void MpiProcesses::lead(std::size_t count, const Executor& executor,
                        const std::function<std::vector<std::byte>(std::size_t)>& run,
                        const std::function<void(std::size_t, std::vector<std::byte>, int)>& arrived) const {
  std::mutex mutex;  // guards next, the failures and `abandoned`
  std::size_t next = 0;
  std::exception_ptr own_failure;  // raised here: by an item or by receiving one
  std::optional<Failure> other_failure;  // reported by a follower
  bool abandoned = false;          // the messaging below ended with an exception
  const auto failing = [&] { return own_failure || other_failure; };
  const auto take = [&]() -> std::optional<std::size_t> {
    const std::lock_guard lock(mutex);
    if (failing() || abandoned || next >= count) return std::nullopt;
    return next++;
  };
  const auto count_item = [this](int rank) {
    const std::lock_guard lock(items_mutex_);
    ++items_[static_cast<std::size_t>(rank)];
  };
  Workers workers(executor, take, [&](std::size_t i) {
    try {
      run(i);
    } catch (...) {
      const std::lock_guard lock(mutex);  // no item is handed out any more, here or to a follower
      if (!failing()) own_failure = std::current_exception();
      throw;
    }
    count_item(leader);
  });
  // However the messaging ends, no item starts after it: the items under way finish and the workers are joined.
  struct Abandon {
    std::mutex& mutex;
    bool& abandoned;
    ~Abandon() {
      const std::lock_guard lock(mutex);
      abandoned = true;
    }
  } const on_exit{mutex, abandoned};

  int followers_finished = 0;
  for (Pause pause; followers_finished < size_ - 1;) {
    if (interruption_) interruption_();
    const auto status = incoming(MPI_ANY_SOURCE);
    pause.after(status.has_value());
    if (!status) continue;
    auto message = receive(*status, interruption_);
    const int from = status->MPI_SOURCE;
    switch (status->MPI_TAG) {
      case request: {
        const std::uint64_t index = take().value_or(no_more);
        send(&index, sizeof index, from, work);
        break;
      }
      case result: {
        if (message.size() < sizeof(std::uint64_t)) throw std::logic_error("a result message without its index");
        std::uint64_t index = 0;
        std::memcpy(&index, message.data(), sizeof index);
        message.erase(message.begin(), message.begin() + sizeof index);
        count_item(from);
        {
          const std::lock_guard lock(mutex);
          if (failing()) break;  // what arrives after a failure is dropped
        }
        try {
          arrived(static_cast<std::size_t>(index), std::move(message), from);
        } catch (...) {
          const std::lock_guard lock(mutex);
          if (!failing()) own_failure = std::current_exception();
        }
        break;
      }
      case failed: {
        auto failure = Failure::read(message);
        failure.message = "process " + std::to_string(from) + " of " + std::to_string(size_) + " failed: " + failure.message;
        const std::lock_guard lock(mutex);
        if (!failing()) other_failure = std::move(failure);
        break;
      }
      case finished:
        ++followers_finished;
        break;
      default:
        throw std::logic_error("an MPI message with the unknown tag " + std::to_string(status->MPI_TAG));
    }
  }
  workers.join();
  const auto verdict = own_failure ? std::optional(failure_of(own_failure)) : other_failure;
  agree(verdict);
  if (own_failure) std::rethrow_exception(own_failure);
  if (other_failure) throw SharingFailed(other_failure->message, other_failure->kind);
}

void MpiProcesses::follow(std::size_t count, const Executor& executor,
                          const std::function<std::vector<std::byte>(std::size_t)>& run) const {
  // Shared by the item threads and the messaging thread (this one).
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::size_t> queued;                                // indices received, not yet taken
  std::deque<std::vector<std::byte>> results;                    // index and bytes, not yet sent
  std::size_t waiting = 0;                                       // item threads waiting in take()
  bool no_more_work = false;
  bool stopping = false;                                         // an item failed, or this rank stops
  const auto give_up = [&] {
    {
      const std::lock_guard lock(mutex);
      stopping = true;
    }
    changed.notify_all();
  };
  Workers workers(
      executor,
      [&]() -> std::optional<std::size_t> {
        std::unique_lock lock(mutex);
        ++waiting;
        changed.wait(lock, [&] { return !queued.empty() || no_more_work || stopping; });
        --waiting;
        if (stopping || queued.empty()) return std::nullopt;
        const std::size_t i = queued.front();
        queued.pop_front();
        return i;
      },
      [&](std::size_t i) {
        const std::uint64_t index = i;
        std::vector<std::byte> message(sizeof index);
        std::memcpy(message.data(), &index, sizeof index);
        std::vector<std::byte> bytes;
        try {
          bytes = run(i);
        } catch (...) {
          give_up();  // threads waiting for work give up now, not when work comes
          throw;
        }
        message.insert(message.end(), bytes.begin(), bytes.end());
        message_size(message.size());  // one too large to send fails as its item, here
        const std::lock_guard lock(mutex);
        results.push_back(std::move(message));
      });
  // However this ends, threads waiting for work give up first, so that the workers can be joined.
  struct GiveUp {
    const decltype(give_up)& now;
    ~GiveUp() { now(); }
  } const on_exit{give_up};

  std::size_t requested = 0;   // requests not yet answered
  std::size_t handed_out = 0;  // items the leader has handed out to someone, as far as this rank knows
  const auto threads = static_cast<std::size_t>(executor.threads());
  bool failure_checked = false;
  for (Pause pause;;) {
    if (interruption_) interruption_();
    // Read before the results are taken: workers that are done have left every result they will leave.
    const bool done = workers.done();
    bool busy = false;
    std::deque<std::vector<std::byte>> outgoing;
    std::size_t wanted = 0;
    {
      const std::lock_guard lock(mutex);
      outgoing.swap(results);
      // Enough for the threads waiting, and one more while many items remain (more than every rank's threads,
      // all alike), so that a thread seldom waits for a message; near the end, none more, so that no rank holds
      // back an item another rank's idle thread could run.
      const std::size_t spare = count - handed_out > static_cast<std::size_t>(size_) * threads ? 1 : 0;
      const std::size_t ahead = waiting + spare;
      wanted = ahead > queued.size() ? ahead - queued.size() : 0;
    }
    for (const auto& message : outgoing) send(message.data(), message.size(), leader, result);
    busy = !outgoing.empty();
    if (done && !failure_checked) {
      workers.join();
      if (const auto error = workers.error()) {
        const auto message = failure_of(error).bytes();
        send(message.data(), message.size(), leader, failed);
      }
      failure_checked = true;
    }
    bool ask = false;
    {
      const std::lock_guard lock(mutex);
      ask = !no_more_work && !stopping;
    }
    for (; ask && requested < wanted; ++requested) send(nullptr, 0, leader, request);
    if (const auto status = incoming(leader)) {
      busy = true;
      const auto message = receive(*status, interruption_);
      std::uint64_t index = no_more;
      std::memcpy(&index, message.data(), std::min(message.size(), sizeof index));
      --requested;
      {
        const std::lock_guard lock(mutex);
        if (index == no_more) {
          no_more_work = true;
        } else {
          handed_out = std::max(handed_out, static_cast<std::size_t>(index) + 1);  // indices go out in order
          if (!stopping) queued.push_back(static_cast<std::size_t>(index));
        }
      }
      changed.notify_all();
    }
    if (done && requested == 0) break;
    pause.after(busy);
  }
  send(nullptr, 0, leader, finished);
  if (const auto verdict = agree({})) throw SharingFailed(verdict->message, verdict->kind);
}

std::optional<MpiProcesses::Failure> MpiProcesses::agree(std::optional<Failure> failure) const {
  std::uint64_t length = failure ? failure->bytes().size() : 0;  // 0: no failure (a failure is never empty)
  broadcast_bytes(&length, sizeof length, interruption_);
  if (length == 0) return std::nullopt;
  auto bytes = failure ? failure->bytes() : std::vector<std::byte>(static_cast<std::size_t>(length));
  broadcast_bytes(bytes.data(), bytes.size(), interruption_);
  return Failure::read(bytes);
}

void MpiProcesses::broadcast(std::vector<std::vector<std::byte>>& items) const {
  std::uint64_t count = items.size();
  broadcast_bytes(&count, sizeof count, interruption_);
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(count));
  std::vector<std::byte> all;  // every item, one after the other: one broadcast, not one per item
  if (leads()) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      sizes[i] = items[i].size();
      all.insert(all.end(), items[i].begin(), items[i].end());
    }
  }
  broadcast_bytes(sizes.data(), sizes.size() * sizeof(std::uint64_t), interruption_);
  if (!leads()) {
    std::uint64_t total = 0;
    for (const auto size : sizes) total += size;
    all.resize(static_cast<std::size_t>(total));
  }
  broadcast_bytes(all.data(), all.size(), interruption_);
  if (leads()) return;
  items.assign(sizes.size(), {});
  std::size_t from = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const auto size = static_cast<std::size_t>(sizes[i]);
    items[i].assign(all.begin() + static_cast<std::ptrdiff_t>(from), all.begin() + static_cast<std::ptrdiff_t>(from + size));
    from += size;
  }
}

std::vector<double> MpiProcesses::sum(std::vector<double> values) const {
  std::vector<double> total(values.size());
  MPI_Request request;
  check(MPI_Iallreduce(values.data(), total.data(), message_size(values.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD, &request),
        "MPI_Iallreduce");
  wait_for(request, "MPI_Iallreduce", interruption_);
  return total;
}

}  // namespace emile::sim
