#pragma once
// Shared pieces of the Python bindings: the date conversion, NumPy/pandas helpers, and the per-concept
// registration functions that module.cpp calls. Bindings add no behaviour: they convert and forward.
#include "emile/sim/results_file.hpp"
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/ensemble/posterior.hpp"
#include "emile/sim/calendar.hpp"

// Every binding file includes this header, so type conversions are the same in every translation unit.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pybind11::detail {

/// sim::Date ↔ datetime.date. Accepts a datetime.date (a datetime.datetime gives its date) or an ISO text
/// `YYYY-MM-DD`; a malformed text raises ValueError naming it.
template <>
struct type_caster<emile::sim::Date> {
  PYBIND11_TYPE_CASTER(emile::sim::Date, const_name("datetime.date"));

  bool load(handle source, bool) {
    if (isinstance<str>(source)) {
      value = emile::sim::Date::parse(source.cast<std::string>());
      return true;
    }
    const object date_type = module_::import("datetime").attr("date");
    if (!isinstance(source, date_type)) return false;
    value = emile::sim::Date::from_ymd(source.attr("year").cast<int>(), source.attr("month").cast<unsigned>(),
                                       source.attr("day").cast<unsigned>());
    return true;
  }

  static handle cast(emile::sim::Date date, return_value_policy, handle) {
    return module_::import("datetime").attr("date")(date.year(), date.month(), date.day()).release();
  }
};

}  // namespace pybind11::detail

namespace emile::python {

/// A file path argument: a str or any os.PathLike (pathlib.Path…), as the standard caster accepts, under a name
/// that says so in signatures and stubs.
struct PathArgument {
  std::filesystem::path path;
};

}  // namespace emile::python

namespace pybind11::detail {

template <>
struct type_caster<emile::python::PathArgument> {
  PYBIND11_TYPE_CASTER(emile::python::PathArgument, const_name("Union[str, os.PathLike]"));

  bool load(handle source, bool convert) {
    make_caster<std::filesystem::path> path;
    if (!path.load(source, convert)) return false;
    value.path = cast_op<std::filesystem::path&&>(std::move(path));
    return true;
  }
};

}  // namespace pybind11::detail

namespace emile::python {

namespace py = pybind11;

/// A pandas DataFrame handed to Python: a plain object, typed only so that signatures and stubs name it.
class DataFrame : public py::object {
 public:
  explicit DataFrame(py::object frame) : py::object(std::move(frame)) {}
};

/// A NumPy array holding a copy of `values`.
template <class T>
py::array_t<T> to_array(const std::vector<T>& values) {
  py::array_t<T> array(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), array.mutable_data());
  return array;
}

/// A pandas Categorical from integer codes (−1 = missing) and category names.
py::object categorical(const std::vector<std::int64_t>& codes, const std::vector<std::string>& categories);

/// A pandas DataFrame from an ordered dict of columns; `index` names a column to use as the index (or none).
DataFrame data_frame(const py::dict& columns, std::string_view index = {});
/// A pandas DataFrame holding a results table (see models/results/tables.hpp) column for column, as the file
/// holds it: numbers as NumPy arrays of their stored type, strings as str.
DataFrame data_frame(const sim::Table& table, std::string_view index = {});

/// A Python value (bool, int, float, str, datetime.date or a list of those) as TOML text, as overrides take it;
/// raises TypeError naming `key` for another type.
std::string toml_literal(py::handle value, const std::string& key);

/// The most threads a run may ask for, as `--threads` on the command line.
inline constexpr int max_threads = 1024;

/// Raises ValueError unless 0 ≤ threads ≤ max_threads.
void check_threads(int threads);

/// Applies `seed` and `replications`, when given, to the scenario's run settings (as `--seed` and `-r` do),
/// checks `threads`, then validates the scenario (models::validate: ScenarioError); raises ValueError for a
/// negative seed or a thread count out of range.
void apply_run_settings(models::Scenario& scenario, std::optional<std::int64_t> seed,
                        std::optional<std::int64_t> replications, int threads);

/// Calls `work` on a worker thread with `options` (its progress and cancel set here) while the GIL is released.
/// The calling thread waits in 100 ms slices, between which it lets Python handle pending signals (Ctrl-C) and
/// calls `progress` with the fraction done. An exception there cancels the work, waits for the worker and
/// propagates; an exception from `work` propagates after the worker has stopped.
void run_cancellable(models::RunOptions options, const std::function<void(const models::RunOptions&)>& work,
                     const std::optional<std::function<void(double)>>& progress);

/// Run options for `scenario` (its seed and replications) on `threads`, drawing from `posterior` when given: what
/// run_cancellable starts the analyses with.
models::RunOptions run_options(const models::Scenario& scenario, int threads,
                               const std::optional<models::Posterior>& posterior = std::nullopt);

/// The posterior of the calibration file `file` (the `posterior=` of run and the analyses), or none.
std::optional<models::Posterior> posterior_from(const std::optional<PathArgument>& file);

void bind_errors(py::module_& m);
void bind_stage(py::module_& m);
void bind_sector(py::module_& m);
void bind_matching(py::module_& m);
void bind_scenario(py::module_& m);
void bind_simulation(py::module_& m);
void bind_ensemble(py::module_& m);
void bind_analyses(py::module_& m);
void bind_calibration(py::module_& m);

}  // namespace emile::python

template <>
struct pybind11::detail::handle_type_name<emile::python::DataFrame> {
  static constexpr auto name = const_name("pandas.DataFrame");
};
