// Scenario: load a scenario file (with overrides), read and change parameters by their dotted keys, validate,
// and print the resolved TOML. Parameters are never listed here: every key goes through the scenario's schema.
#include "bindings.hpp"

#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/parameters.hpp"


namespace emile::python {

// A Python value as TOML text, for an override: bool, int, float, str, datetime.date and lists of those.
std::string toml_literal(py::handle value, const std::string& key) {
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>() ? "true" : "false";
  if (py::isinstance<py::int_>(value)) return py::str(value).cast<std::string>();
  if (py::isinstance<py::float_>(value)) return py::repr(value).cast<std::string>();
  if (py::isinstance<py::str>(value)) {
    // JSON's string escapes are valid TOML basic-string escapes; non-ASCII text passes through as UTF-8.
    return py::module_::import("json").attr("dumps")(value, py::arg("ensure_ascii") = false).cast<std::string>();
  }
  if (py::isinstance(value, py::module_::import("datetime").attr("date"))) return value.cast<sim::Date>().iso();
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    std::string text = "[";
    for (const py::handle item : value) text += (text.size() > 1 ? ", " : "") + toml_literal(item, key);
    return text + "]";
  }
  throw py::type_error("override " + key + ": cannot use a value of type " +
                       py::type::of(value).attr("__name__").cast<std::string>() +
                       " (use bool, int, float, str, datetime.date or a list)");
}

namespace {

std::vector<sim::Override> to_overrides(const py::dict& overrides) {
  std::vector<sim::Override> out;
  for (const py::handle item : overrides.attr("items")()) {
    const auto pair = item.cast<py::tuple>();
    const auto key = py::str(pair[0]).cast<std::string>();
    out.push_back({key, toml_literal(pair[1], key)});
  }
  return out;
}

py::object to_python(const sim::Value& value) {
  struct Converter {
    py::object operator()(bool v) const { return py::bool_(v); }
    py::object operator()(std::int64_t v) const { return py::int_(v); }
    py::object operator()(double v) const { return py::float_(v); }
    py::object operator()(const std::string& v) const { return py::str(v); }
    py::object operator()(sim::Date v) const { return py::cast(v); }
    py::object operator()(const std::vector<double>& v) const { return py::cast(v); }
  };
  return std::visit(Converter{}, value);
}

}  // namespace

void bind_scenario(py::module_& m) {
  py::class_<models::Scenario> scenario(
      m, "Scenario",
      "A validated, copyable description of one EMILE configuration (pure data).\n\n"
      "Load one with Scenario.load(path, overrides={...}); read and change any parameter by its dotted key, "
      "e.g. scenario['origin.caseworkers'] = 40 or scenario['territory.15.reserved_dwellings'] (list elements "
      "by code, or by 0-based position in brackets: 'territory[0].code'). docs/scenario-reference.md lists every key.");

  // A classmethod rather than a staticmethod, so that stub generators see its signature.
  const py::cpp_function load(
      [](const py::object& /*cls*/, const PathArgument& file, const std::optional<py::dict>& overrides) {
        return models::load_scenario(file.path, overrides ? to_overrides(*overrides) : std::vector<sim::Override>{});
      },
      py::name("load"), py::arg("cls"), py::arg("path"), py::arg("overrides") = py::none(),
      "Reads and validates a scenario file (TOML). `overrides` maps dotted keys to values (bool, int, float, str, "
      "datetime.date or lists), applied as `emile run --set KEY=VALUE` would be. Raises ScenarioError (a "
      "ValueError) naming file, line and key.");
  py::object load_method = py::reinterpret_steal<py::object>(PyClassMethod_New(load.ptr()));
  load_method.attr("__doc__") = load.attr("__doc__");
  scenario.attr("load") = load_method;

  scenario.def(
      "__getitem__",
      [](const models::Scenario& s, const std::string& key) {
        return to_python(sim::get_value(*models::scenario_schema().node(), &s, key, {s.source.string(), 0, 0}));
      },
      py::arg("key"),
      "The parameter with dotted key `key` (bool, int, float, str, datetime.date or list of floats). Raises "
      "ScenarioError (a ValueError) listing the valid keys when it names none.");
  scenario.def(
      "__setitem__",
      [](models::Scenario& s, const std::string& key, const py::object& value) {
        if (!py::isinstance<py::bool_>(value) && !py::isinstance<py::int_>(value) && !py::isinstance<py::float_>(value)) {
          throw py::type_error("scenario[" + key + "]: only numeric and boolean parameters can be set; give other values "
                               "to Scenario.load(path, overrides={...})");
        }
        models::set_parameter(s, key, value.cast<double>());
      },
      py::arg("key"), py::arg("value"),
      "Sets a numeric or boolean parameter by dotted key; integers need an integral value, booleans True/False. "
      "The parameter's rule applies; raises ScenarioError (a ValueError) when the key or value is refused. Call "
      "validate() to check rules spanning several parameters.");

  scenario.def("validate", [](const models::Scenario& s) { models::validate(s); },
               "Checks the rules that span several parameters (dates in order, unique codes, events inside the run…); "
               "raises ScenarioError (a ValueError).");
  scenario.def("to_toml", [](const models::Scenario& s) { return models::to_toml(s); },
               "The fully resolved scenario (every parameter, defaults included) as TOML; Scenario.load and `emile "
               "run` accept it back.");
  scenario.def("copy", [](const models::Scenario& s) { return s; }, "An independent copy.");
  scenario.def("__copy__", [](const models::Scenario& s) { return s; });
  scenario.def("__deepcopy__", [](const models::Scenario& s, const py::object&) { return s; }, py::arg("memo"));

  scenario.def_property_readonly("name", [](const models::Scenario& s) { return s.run.name; }, "str: run.name, the scenario's name.");
  scenario.def_property_readonly("start_date", [](const models::Scenario& s) { return s.run.start_date; },
                                 "datetime.date: run.start_date, the first day of step 0.");
  scenario.def_property_readonly("end_date", [](const models::Scenario& s) { return s.run.end_date; },
                                 "datetime.date: run.end_date, the last day simulated (the run's last step contains it).");
  scenario.def_property_readonly("step_days", [](const models::Scenario& s) { return s.run.step_days; },
                                 "int: run.step_days, days per step.");
  scenario.def_property_readonly(
      "steps",
      [](const models::Scenario& s) {
        return sim::Clock(s.run.start_date, static_cast<int>(s.run.step_days)).steps_until(s.run.end_date);
      },
      "int: number of steps a run takes.");
  scenario.def_property_readonly("seed", [](const models::Scenario& s) { return s.run.seed; }, "int: run.seed.");
  scenario.def_property_readonly("replications", [](const models::Scenario& s) { return s.run.replications; },
                                 "int: run.replications.");
  scenario.def_property_readonly(
      "origins",
      [](const models::Scenario& s) {
        std::vector<std::string> codes;
        for (const auto& o : s.origins) codes.push_back(o.code);
        return codes;
      },
      "list[str]: the origins' codes, in the scenario's order: the first territory rows.");
  scenario.def_property_readonly(
      "territories",
      [](const models::Scenario& s) {
        std::vector<std::string> codes;
        for (const auto& t : s.territories) codes.push_back(t.code);
        return codes;
      },
      "List[str]: the host territories' codes, in scenario order (territory rows 1, 2, …).");
  scenario.def_property_readonly(
      "source",
      [](const models::Scenario& s) -> std::optional<std::filesystem::path> {
        if (s.source.empty()) return std::nullopt;
        return s.source;
      },
      "Optional[os.PathLike]: the file the scenario was read from (relative data paths resolve against its "
      "folder).");
  scenario.def("__repr__", [](const models::Scenario& s) {
    return "<Scenario '" + s.run.name + "' " + s.run.start_date.iso() + " to " + s.run.end_date.iso() + ", " +
           std::to_string(s.territories.size()) + " territories>";
  });

  m.def(
      "parameters",
      [] {
        py::dict columns;
        std::vector<std::string> key, type, unit, fallback, rule, meaning, source, fixed, effect;
        for (const auto& row : models::scenario_schema().node()->describe()) {
          key.push_back(row.key);
          type.push_back(row.type);
          unit.push_back(row.unit);
          fallback.push_back(row.default_value);
          rule.push_back(row.rule);
          meaning.push_back(row.meaning);
          source.push_back(row.source);
          fixed.push_back(row.fixed);
          effect.push_back(row.effect);
        }
        columns["key"] = key;
        columns["type"] = type;
        columns["unit"] = unit;
        columns["default"] = fallback;
        columns["rule"] = rule;
        columns["meaning"] = meaning;
        columns["source"] = source;
        columns["fixed"] = fixed;
        columns["effect"] = effect;
        return data_frame(columns);
      },
      "Every scenario parameter as a pandas DataFrame: key, type, unit, default (TOML text or 'required'), rule, "
      "meaning, source (a citation, or 'assumption'), fixed (why a dated `set` event cannot change it; empty when it "
      "can), effect (what raising it does: the outcome it raises or lowers, or 'none: ' and why) — the table of "
      "docs/scenario-reference.md.");
}

}  // namespace emile::python
