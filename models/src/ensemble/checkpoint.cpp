#include "emile/models/ensemble/checkpoint.hpp"

#include "emile/models/scenario/saved_scenario.hpp"
#include "emile/sim/archive.hpp"

namespace emile::models {
namespace {

constexpr std::string_view kind = "checkpoint";
constexpr std::size_t max_replications = 1u << 24;

}  // namespace

sim::Step Checkpoint::common_step(const std::filesystem::path& path) const {
  for (const auto& r : replications) {
    if (r.status != ReplicationCheckpoint::Status::paused || r.step != replications.front().step) {
      throw sim::ScenarioError({path.string(), 0, 0}, "checkpoint", path.string(),
                               "a branch needs every replication paused at the same date (save the checkpoint with --until)");
    }
  }
  return replications.empty() ? 0 : replications.front().step;
}

void save_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint) {
  sim::ArchiveWriter out;
  out.tag("ensemble");
  save_scenario(out, checkpoint.world);
  save_scenario(out, checkpoint.scenario);
  out.value(checkpoint.seed);
  out.text(checkpoint.output.string());
  out.value(checkpoint.every);
  out.value<std::uint8_t>(checkpoint.pause ? 1 : 0);
  out.value<std::uint64_t>(checkpoint.replications.size());
  for (const auto& r : checkpoint.replications) {
    out.value(r.status);
    out.value(r.step);
    out.values(r.state);
  }
  sim::write_archive_file(path, kind, std::move(out).bytes());
}

Checkpoint load_checkpoint(const std::filesystem::path& path) {
  const std::vector<std::byte> bytes = sim::read_archive_file(path, kind);
  sim::ArchiveReader in(bytes, path.string());
  in.expect("ensemble");
  Checkpoint c;
  c.file = path;
  c.world = restore_scenario(in);
  c.scenario = restore_scenario(in);
  c.seed = in.value<std::uint64_t>();
  c.output = in.text();
  c.every = in.value<sim::Step>();
  c.pause = in.value<std::uint8_t>() != 0;
  const auto count = in.value<std::uint64_t>();
  in.require(count > 0 && count <= max_replications, "an absurd number of replications");
  c.replications.resize(static_cast<std::size_t>(count));
  for (auto& r : c.replications) {
    r.status = in.value<ReplicationCheckpoint::Status>();
    in.require(r.status <= ReplicationCheckpoint::Status::done, "a replication of unknown status");
    r.step = in.value<sim::Step>();
    r.state = in.values<std::byte>();
  }
  in.finish();
  return c;
}

}  // namespace emile::models
