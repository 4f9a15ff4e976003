#include "emile/sim/processes.hpp"

#include <atomic>

namespace emile::sim {
namespace {

class ThisProcess final : public Processes {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }

  void hand_out(std::size_t count, const Executor& executor,
                const std::function<std::vector<std::byte>(std::size_t)>& run,
                const std::function<void(std::size_t, std::vector<std::byte>, int)>&) const override {
    executor.for_each_in_order(count, [&](std::size_t i) {
      run(i);
      ++items_;
    });
  }

  void broadcast(std::vector<std::vector<std::byte>>&) const override {}

  std::vector<double> sum(std::vector<double> values) const override { return values; }

  std::vector<std::size_t> items_run() const override { return {items_.load()}; }

 private:
  mutable std::atomic<std::size_t> items_{0};
};

}  // namespace

const Processes& this_process() {
  static const ThisProcess process;
  return process;
}

}  // namespace emile::sim
