#include "emile/models/ensemble/checkpoint.hpp"

#include "emile/models/scenario/saved_scenario.hpp"
#include "emile/sim/archive.hpp"
#include "emile/sim/fingerprint.hpp"

#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace emile::models {
namespace {

constexpr std::string_view kind = "checkpoint";
constexpr std::size_t max_replications = 1u << 24;

// The data files the geography of `world` reads, with what names them in messages.
std::vector<std::pair<std::string, std::filesystem::path>> data_files(const Scenario& world) {
  std::vector<std::pair<std::string, std::filesystem::path>> files;
  if (const auto communes = communes_file_path(world); !communes.empty()) files.emplace_back("geography.communes_file", communes);
  if (const auto housing = commune_housing_file_path(world); !housing.empty()) {
    files.emplace_back("geography.commune_housing_file", housing);
  }
  return files;
}

}  // namespace

std::uint64_t world_identity(const Scenario& world, std::uint64_t seed) {
  sim::Fingerprint fingerprint;
  fingerprint.add(to_toml(world));
  fingerprint.add(std::string_view(reinterpret_cast<const char*>(&seed), sizeof seed));
  for (const auto& [key, path] : data_files(world)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw sim::ScenarioError({world.source.string(), 0, 0}, key, path.string(), "cannot be read");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    fingerprint.add(bytes);
  }
  return fingerprint.value();
}

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
  out.value(checkpoint.world_identity);
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
  c.world_identity = in.value<std::uint64_t>();
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
  std::uint64_t identity = 0;
  try {
    identity = world_identity(c.world, c.seed);
  } catch (const sim::ScenarioError& e) {
    throw sim::ArchiveError(path.string() + ": its world cannot be rebuilt: " + e.what());
  }
  if (identity != c.world_identity) {
    std::string files;
    for (const auto& [key, file] : data_files(c.world)) files += (files.empty() ? "" : ", ") + key + " = " + file.string();
    throw sim::ArchiveError(path.string() + ": its world cannot be rebuilt as it was saved: the data files it was built from "
                            "changed since (" + (files.empty() ? std::string("none") : files) +
                            "), or another emile version saved it");
  }
  return c;
}

}  // namespace emile::models
