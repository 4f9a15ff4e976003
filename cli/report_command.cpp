// `emile report RESULTS.h5 [-o report.html] [--pdf report.pdf] [--lang fr|en]`: the planner's page. The page is
// drawn by the Python package (python/emile/_report.py: matplotlib SVG in one HTML file, Chromium for the PDF), run
// with /usr/bin/python3 from the package folder the build made; this command finds it and hands over its arguments.
#include "arguments.hpp"
#include "commands.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

extern char** environ;

namespace emile::cli {

namespace {

namespace fs = std::filesystem;

// The interpreter that sees Debian's Python packages (matplotlib, h5py, pandas).
constexpr const char* python = "/usr/bin/python3";

// The folder holding the `emile` package: EMILE_PYTHONPATH when set, else the one this build made.
fs::path package_folder() {
  if (const char* given = std::getenv("EMILE_PYTHONPATH"); given && *given) return given;
  return EMILE_PYTHON_PACKAGE_DIR;
}

// Runs `arguments` with PYTHONPATH starting with `folder`; returns its exit code.
int run_python(const std::vector<std::string>& arguments, const fs::path& folder) {
  std::vector<std::string> variables;
  const char* previous = std::getenv("PYTHONPATH");
  variables.push_back("PYTHONPATH=" + folder.string() + (previous && *previous ? ":" + std::string(previous) : ""));
  for (char** variable = environ; *variable; ++variable) {
    if (std::string_view(*variable).starts_with("PYTHONPATH=")) continue;
    variables.emplace_back(*variable);
  }
  std::vector<char*> argv, envp;
  for (const auto& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& v : variables) envp.push_back(const_cast<char*>(v.c_str()));
  envp.push_back(nullptr);
  pid_t child = 0;
  if (posix_spawn(&child, python, nullptr, nullptr, argv.data(), envp.data()) != 0) {
    throw std::runtime_error(std::string("cannot start ") + python + " for the report");
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace

Command add_report_command(CLI::App& app) {
  struct Arguments {
    std::string results;
    std::string output;
    std::string pdf;
    std::string language = "en";
  };
  auto args = std::make_shared<Arguments>();
  auto* command = app.add_subcommand(
      "report", "Write a results file of any kind as one self-contained HTML page (and a PDF), in English or French");
  add_examples(*command, {"emile report pilot.h5", "emile report mobility-aid.h5 -o comite.html --pdf comite.pdf --lang fr"});
  command->add_option("results", args->results, "Results file (HDF5)")->required()->check(CLI::ExistingFile);
  command->add_option("-o,--output", args->output, "The page (default: the results file's name ending in .html)");
  command->add_option("--pdf", args->pdf, "Also print the page to this PDF (headless Chromium)");
  command->add_option("--lang", args->language, "Language of the page")->check(CLI::IsMember({"en", "fr"}))->capture_default_str();
  return {command, [args] {
            const fs::path folder = package_folder();
            if (!fs::exists(folder / "emile" / "_report.py")) {
              throw BadInput("report: the emile Python package is not at " + folder.string() +
                             " (build it with scripts/build.sh, or set EMILE_PYTHONPATH to the folder holding emile/)");
            }
            if (access(python, X_OK) != 0) throw BadInput(std::string("report: needs ") + python + " (scripts/setup.sh)");
            std::vector<std::string> arguments = {python, "-m", "emile", "report", args->results, "--lang", args->language};
            if (!args->output.empty()) arguments.insert(arguments.end(), {"-o", args->output});
            if (!args->pdf.empty()) arguments.insert(arguments.end(), {"--pdf", args->pdf});
            return run_python(arguments, folder);
          }};
}

}  // namespace emile::cli
