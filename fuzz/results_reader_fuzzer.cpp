// libFuzzer target for the results reader: any bytes, read as a results file by models::read_results_info
// (sim::ResultsReader on libhdf5, then check_results_layout and every object `emile info` reads).
//
// The contract checked: reading either succeeds or throws sim::ResultsFileError, the one error the reader
// documents; a damaged file ends in "the file is damaged", never in a crash of libhdf5 nor in an allocation of
// gigabytes (see "Damaged files" in sim/results_file.hpp). Any other exception escapes and aborts, and so does a
// crash, a hang or a sanitizer report: each is a finding.
//
// HDF5 reads files, not memory: each input is written over one file per process,
// results_reader_fuzzer-<pid>.h5 in the temporary folder (TMPDIR or /tmp), removed when the process exits normally.
#include "emile/models/results/file_kinds.hpp"
#include "emile/sim/results_file.hpp"
#include "scratch_file.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

using namespace emile;

const fuzz::ScratchFile scratch("results_reader_fuzzer", ".h5");

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(scratch.path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out.flush()) {
      std::fprintf(stderr, "results_reader_fuzzer: cannot write %s\n", scratch.path.c_str());
      std::abort();
    }
  }
  try {
    models::read_results_info(scratch.path);
  } catch (const sim::ResultsFileError&) {
  }
  return 0;
}
