#include "emile/models/ensemble.hpp"

#include "emile/models/geography.hpp"
#include "emile/models/simulation.hpp"
#include "emile/sim/executor.hpp"

namespace emile::models {

EnsembleResult run_ensemble(const Scenario& scenario, const RunOptions& options) {
  auto geography = std::make_shared<const Geography>(build_geography(scenario, sim::Executor(options.threads)));
  return run_ensemble(scenario, options, std::move(geography));
}

EnsembleResult run_ensemble(const Scenario& scenario, const RunOptions& options, std::shared_ptr<const Geography> geography) {
  const sim::Executor executor(options.threads);
  EnsembleResult result;
  result.scenario = scenario;
  result.seed = options.seed;
  const sim::Clock clock(scenario.run.start_date, static_cast<int>(scenario.run.step_days));
  const sim::Step steps = clock.steps_until(scenario.run.end_date);
  for (sim::Step s = 0; s < steps; ++s) result.dates.push_back(clock.last_day(s).iso());

  const auto replications = static_cast<std::size_t>(options.replications);
  result.runs.resize(replications);
  std::atomic<std::int64_t> done_steps{0};
  const double total_steps = static_cast<double>(steps) * static_cast<double>(replications);
  executor.for_each(replications, [&](std::size_t r) {
    Simulation simulation(scenario, geography, options.seed, static_cast<std::uint32_t>(r), executor);
    Recorder recorder(simulation);
    while (!simulation.done()) {
      if (options.cancel && options.cancel->load()) throw Cancelled();
      simulation.step();
      recorder.observe(simulation);
      const auto done = ++done_steps;
      if (options.progress) options.progress(static_cast<double>(done) / total_steps);
    }
    result.runs[r] = recorder.finish(simulation);
  });
  return result;
}

}  // namespace emile::models
