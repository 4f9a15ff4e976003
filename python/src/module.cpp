// The compiled core of the `emile` Python package: scenarios, simulations and ensemble runs, bound from C++.
// The package (python/emile/__init__.py) re-exports it; docs/python.md describes the API.
#include "bindings.hpp"

#include "emile/sim/archive.hpp"
#include "emile/sim/atomic_file.hpp"

#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/results/file_kinds.hpp"
#include "emile/models/results/record_level.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/sim/parameters.hpp"
#include "emile/sim/results_file.hpp"


namespace emile::python {

py::object categorical(const std::vector<std::int64_t>& codes, const std::vector<std::string>& categories) {
  const py::module_ pandas = py::module_::import("pandas");
  return pandas.attr("Categorical").attr("from_codes")(to_array(codes), py::cast(categories));
}

DataFrame data_frame(const py::dict& columns, std::string_view index) {
  py::object frame = py::module_::import("pandas").attr("DataFrame")(columns);
  if (!index.empty()) frame = frame.attr("set_index")(py::str(index.data(), index.size()));
  return DataFrame(std::move(frame));
}

DataFrame data_frame(const sim::Table& table, std::string_view index) {
  py::dict columns;
  for (const auto& column : table.columns()) {
    std::visit(
        [&](const auto& values) {
          using T = typename std::decay_t<decltype(values)>::value_type;
          if constexpr (std::is_same_v<T, std::string>) {
            columns[py::str(column.name)] = values;
          } else {
            columns[py::str(column.name)] = to_array(values);
          }
        },
        column.values);
  }
  return data_frame(columns, index);
}

py::list results_kinds() {
  py::list kinds;
  for (const auto& kind : models::file_kinds()) {
    py::list tables;
    for (const sim::TableSchema* table : kind.tables) {
      py::list columns;
      for (const sim::ColumnSpec& c : table->columns) {
        columns.append(py::dict(py::arg("name") = c.name, py::arg("type") = std::string(sim::name(c.type)),
                                py::arg("unit") = c.unit, py::arg("meaning") = c.meaning, py::arg("since") = c.since,
                                py::arg("renamed_in") = c.renamed ? py::object(py::int_(c.renamed->in_version)) : py::none(),
                                py::arg("renamed_from") = c.renamed ? py::object(py::str(c.renamed->from)) : py::none()));
      }
      py::object further = py::none();
      if (table->further) {
        const sim::FurtherColumns& f = *table->further;
        further = py::dict(py::arg("label") = f.label, py::arg("type") = std::string(sim::name(f.type)),
                           py::arg("unit") = f.unit, py::arg("meaning") = f.meaning, py::arg("position") = f.position);
      }
      tables.append(py::dict(py::arg("path") = table->path, py::arg("meaning") = table->meaning,
                             py::arg("since") = table->since, py::arg("columns") = columns, py::arg("further") = further,
                             py::arg("recorded_from") = std::string(models::name(models::recorded_from(*table)))));
    }
    kinds.append(py::dict(py::arg("analysis") = kind.analysis, py::arg("meaning") = kind.meaning,
                          py::arg("texts") = kind.texts, py::arg("tables") = tables));
  }
  return kinds;
}

void bind_errors(py::module_& m) {
  // A scenario error is a ValueError carrying where it comes from; str() reads `FILE:LINE:COLUMN: key = value:
  // problem`.
  static py::exception<sim::ScenarioError> scenario_error(m, "ScenarioError", PyExc_ValueError);
  scenario_error.doc() =
      "A scenario that cannot be used (a ValueError). str() reads 'FILE:LINE:COLUMN: key = value: problem'; "
      "the attributes file, line, column (0 when unknown), key and problem give the parts.";
  // A results file that cannot be written or read is an OSError, like other file failures.
  static py::exception<sim::ResultsFileError> results_error(m, "ResultsFileError", PyExc_OSError);
  results_error.doc() =
      "A results file that cannot be written or read, or that is not an emile results file (an OSError). "
      "The message names the file and the object.";

  // A checkpoint that cannot be read, or a file (checkpoint) that cannot be written: OSErrors too.
  static py::exception<sim::ArchiveError> checkpoint_error(m, "CheckpointError", PyExc_OSError);
  checkpoint_error.doc() =
      "A checkpoint that cannot be read: missing, truncated, damaged or not an emile checkpoint (an OSError). "
      "The message names the file.";

  py::register_exception_translator([](std::exception_ptr failure) {
    try {
      if (failure) std::rethrow_exception(failure);
    } catch (const sim::ScenarioError& e) {
      py::object error = py::handle(scenario_error.ptr())(e.what());
      error.attr("file") = e.where().file;
      error.attr("line") = e.where().line;
      error.attr("column") = e.where().column;
      error.attr("key") = e.key();
      error.attr("problem") = e.problem();
      PyErr_SetObject(scenario_error.ptr(), error.ptr());
    } catch (const sim::ResultsFileError& e) {
      results_error(e.what());
    } catch (const sim::ArchiveError& e) {
      checkpoint_error(e.what());
    } catch (const sim::AtomicFileError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const models::Cancelled& e) {
      PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    }
  });
}

}  // namespace emile::python

PYBIND11_MODULE(_core, m) {
  using namespace emile::python;
  m.doc() =
      "emile's compiled core: scenarios (Scenario), step-by-step simulations (Simulation), ensemble runs (run) "
      "and the pathway's vocabularies (Stage, Sector, Contract, MatchingMechanism). Use it through the "
      "`emile` package.";
  m.attr("version") = EMILE_VERSION;
  m.attr("results_schema_version") = emile::models::results_schema_version;
  bind_errors(m);
  m.def(
      "check_results_file",
      [](const std::filesystem::path& path) {
        emile::sim::ResultsReader in(path);
        return emile::models::check_results_layout(in).analysis;
      },
      py::arg("path"),
      "Checks that `path` is a complete results file of any kind (`run`, `compare`, `sweep`, `capacity`, "
      "`sensitivity`) in the layout of docs/output-format.md and returns its kind. Raises ResultsFileError naming "
      "the file and the first object missing or malformed (as `emile info` reports it).");
  m.def("results_kinds", &results_kinds,
        "Every kind of results file and its declared tables: a list of dicts (analysis, meaning, texts, tables: "
        "[{path, meaning, since, columns: [{name, type, unit, meaning, since, renamed_in, renamed_from}], further: "
        "{label, type, unit, meaning, position} or None, recorded_from: the record level from which a run file holds "
        "it}]), the declarations the files are written and read by.");
  m.attr("record_levels") = py::cast(std::vector<std::string>(emile::models::record_level_names.begin(), emile::models::record_level_names.end()));
  bind_stage(m);
  bind_sector(m);
  bind_matching(m);
  bind_scenario(m);
  bind_simulation(m);
  bind_ensemble(m);
  bind_analyses(m);
  bind_calibration(m);
}
