// libFuzzer target for the scenario reader: any bytes, read as a scenario's TOML text by models::read_scenario
// (toml++'s parser, the declared schema, the cross-parameter validation).
//
// The contract checked: reading either succeeds or throws sim::ScenarioError, the one error the reader
// documents. Any other exception escapes and aborts, and so does a crash, a hang or a sanitizer report: each is a
// finding. A scenario that reads must also read back from its resolved TOML (models::to_toml, the text stored
// with every result and re-read by the analyses) and resolve to the same text again.
//
// No file is ever read. The text is read from memory, where a top-level `base = "other.toml"` is refused (a
// ScenarioError) instead of being resolved, so the fuzzer cannot make the reader open other scenarios. The
// scenario is named as if it lay in /dev/null/, a folder that cannot exist: a relative `geography.communes_file`
// then never exists, whatever the current folder. Validation only checks that a communes file exists (an
// absolute path is looked up, never opened); reading communes is not part of the scenario reader.
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/parameters.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace emile;

constexpr const char* name = "/dev/null/scenario.toml";

[[noreturn]] void finding(const std::string& what, const std::string& resolved) {
  std::fprintf(stderr, "scenario_reader_fuzzer: %s\n--- resolved TOML ---\n%s\n", what.c_str(), resolved.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string resolved;
  try {
    resolved = models::to_toml(models::read_scenario(text, name));
  } catch (const sim::ScenarioError&) {
    return 0;
  }
  try {
    const std::string again = models::to_toml(models::read_scenario(resolved, name));
    if (again != resolved) finding("the resolved TOML resolves to a different text", resolved);
  } catch (const sim::ScenarioError& error) {
    finding(std::string("the resolved TOML does not read back: ") + error.what(), resolved);
  }
  return 0;
}
