// libFuzzer target for the checkpoint reader: any bytes, as the payload of a checkpoint file. The payload is
// wrapped in a valid archive file by sim::write_archive_file (signature, version, kind, size, checksum), so every
// input reaches past the header's checks into models::load_checkpoint (the ensemble's scenarios, seed and
// replications); a checkpoint that loads then has each paused or done replication restored by
// models::resume_ensemble as `emile resume` would (the world built from the saved scenario, the simulation and
// recorder or the run record read back from the saved state), with a cancel flag that is already set so that no
// step is simulated: resuming checks it after restoring, so restoring a paused replication ends in
// models::Cancelled. Each replication is resumed alone, as with one thread the first Cancelled would end the loop
// over the others; replications not started have nothing to restore and are skipped.
//
// The contract checked: loading and restoring either succeed or throw sim::ArchiveError (or sim::ScenarioError,
// from building the world), the errors a checkpoint documents. Any other exception escapes and aborts, and so
// does a crash, a hang or a sanitizer report: each is a finding.
//
// The archive is written over one file per process, checkpoint_reader_fuzzer-<pid>.ckpt in the temporary folder
// (TMPDIR or /tmp), removed when the process exits normally. The seeds name their scenarios /dev/null/…, a folder
// that cannot exist, so a relative `geography.communes_file` never resolves to a file.
#include "emile/models/ensemble/checkpoint.hpp"
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/sim/archive.hpp"
#include "emile/sim/parameters.hpp"
#include "scratch_file.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>

namespace {

using namespace emile;

const fuzz::ScratchFile scratch("checkpoint_reader_fuzzer", ".ckpt");
const std::atomic<bool> cancelled{true};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sim::write_archive_file(scratch.path, "checkpoint", std::as_bytes(std::span(data, size)));
  models::RunOptions options;
  options.threads = 1;
  options.cancel = &cancelled;
  try {
    models::Checkpoint checkpoint = models::load_checkpoint(scratch.path);
    auto replications = std::move(checkpoint.replications);
    for (auto& replication : replications) {
      if (replication.status == models::ReplicationCheckpoint::Status::not_started) continue;
      checkpoint.replications = {std::move(replication)};
      try {
        models::resume_ensemble(checkpoint, options);
      } catch (const models::Cancelled&) {
      }
    }
  } catch (const sim::ArchiveError&) {
  } catch (const sim::ScenarioError&) {
  }
  return 0;
}
