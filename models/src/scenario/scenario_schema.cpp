// The declaration of every scenario parameter, assembled from its parts (programme_schema.cpp, world_schema.cpp)
// with the dated events, the levers and the uncertain parameters: reading, validation of single values, the resolved TOML and
// docs/scenario-reference.md all come from it.
#include "emile/models/scenario/scenario.hpp"

#include "schema_parts.hpp"

namespace emile::models {
namespace {

using namespace schema;

// Why a lever changes no run (Schema::inert).
const std::string lever_read_by_analyses = "a lever is an axis of `emile sensitivity`; a run ignores it";

Schema<EventSettings> event_schema() {
  Schema<EventSettings> s;
  s.date("date", &EventSettings::date, std::nullopt, "When the change takes effect (from the step containing it)")
      .raises("moved_households", "2019-09-02", "2020-03-17", {},
              "a later lockdown holds back the moves of fewer of the run's weeks")
      .choice("kind", &EventSettings::kind, std::nullopt, event_kind_names, "What happens")
      .inert("none of its own: a `set` event acts as the parameter it sets, a `lockdown` as its factors below")
      .text("key", &EventSettings::key, "", any_value(), "For `set`: the dotted key of the parameter that changes")
      .inert("none of its own: the event acts as the parameter it names")
      .number("value", &EventSettings::value, 0, "", any_value(), "For `set`: the new value (booleans as 0 or 1)")
      .inert("none of its own: raising it does what raising the parameter `key` does")
      .number("weeks", &EventSettings::weeks, 8, "weeks", in_range(0, 520), "For `lockdown`: how long it lasts")
      .lowers("moved_households", "2", "30", {{"event[0].matching_factor", "0.0"}})
      .number("hiring_factor", &EventSettings::hiring_factor, 0.2, "factor", in_range(0, 1),
              "For `lockdown`: multiplier on vacancy openings while it lasts")
      .raises("moved_households", "0", "1", {{"event[0].weeks", "30.0"}})
      .number("matching_factor", &EventSettings::matching_factor, 1, "probability", in_range(0, 1),
              "For `lockdown`: while it lasts, each match found goes ahead with this probability; the others wait "
              "for a later step (employers and landlords put off hiring and letting). Matched households still move")
      .raises("matched_households", "0", "1", {{"event[0].weeks", "40.0"}, {"event[0].date", "2019-09-02"}})
      .number("visit_weeks", &EventSettings::visit_weeks, 8, "weeks", in_range(0, 520),
              "For `lockdown`: how long, from its date, immersion visits are restricted (the visits planned meanwhile "
              "wait); 8 as the default `weeks`")
      .lowers("immersed_households", "0", "40")
      .number("visit_factor", &EventSettings::visit_factor, 0, "factor", in_range(0, 1),
              "For `lockdown`: multiplier on each territory's monthly immersion slots while visits are restricted "
              "(0: none takes place)")
      .raises("immersed_households", "0", "1")
      .all_fixed("the events are the run's timeline: an event cannot change another");
  return s;
}

Schema<LeverSettings> lever_schema() {
  Schema<LeverSettings> s;
  s.text("key", &LeverSettings::key, std::nullopt, any_value(), "Dotted key of a numeric or boolean parameter")
      .inert(lever_read_by_analyses)
      .number("min", &LeverSettings::min, std::nullopt, "", any_value(), "Lowest value explored")
      .inert(lever_read_by_analyses)
      .number("max", &LeverSettings::max, std::nullopt, "", any_value(), "Highest value explored")
      .inert(lever_read_by_analyses)
      .all_fixed("levers describe analyses of the run, not the run");
  return s;
}

// Why an uncertain parameter's prior changes no run (Schema::inert).
const std::string prior_read_by_calibration = "a prior is read by `emile calibrate`; a run ignores it";

Schema<UncertainSettings> uncertain_schema() {
  Schema<UncertainSettings> s;
  s.text("key", &UncertainSettings::key, std::nullopt, any_value(),
         "Dotted key of a numeric parameter whose value is uncertain (`origin.referrals_per_year`, "
         "`territory.15.reserved_dwellings`)")
      .inert(prior_read_by_calibration)
      .choice("prior", &UncertainSettings::prior, sim::Prior::Kind::uniform, sim::prior_kind_names,
              "Prior family: `uniform` or `log_uniform` on [low, high]; `normal` (mean, sd) or `beta` (alpha, beta) "
              "on [low, high]")
      .inert(prior_read_by_calibration)
      .number("low", &UncertainSettings::low, std::nullopt, "parameter", any_value(),
              "Lowest value: the interval's start, or where the normal or beta is truncated; inside the parameter's rule")
      .inert(prior_read_by_calibration)
      .number("high", &UncertainSettings::high, std::nullopt, "parameter", any_value(),
              "Highest value, as `low`")
      .inert(prior_read_by_calibration)
      .number("mean", &UncertainSettings::mean, 0, "parameter", any_value(), "For `normal`: its mean, inside [low, high]")
      .inert(prior_read_by_calibration)
      .number("sd", &UncertainSettings::sd, 0, "parameter", any_value(), "For `normal`: its standard deviation (> 0)")
      .inert(prior_read_by_calibration)
      .number("alpha", &UncertainSettings::alpha, 1, "", any_value(), "For `beta`: its first shape (> 0)")
      .inert(prior_read_by_calibration)
      .number("beta", &UncertainSettings::beta, 1, "", any_value(), "For `beta`: its second shape (> 0)")
      .inert(prior_read_by_calibration)
      .text("source", &UncertainSettings::source, "", any_value(), "Why this prior: the figures or the reasoning behind it")
      .inert(prior_read_by_calibration)
      .all_fixed("priors describe a calibration of the run, not the run");
  return s;
}

Schema<Scenario> build_schema() {
  Schema<Scenario> s;
  s.section("run", &Scenario::run, run_schema(), "Dates, step, seed and replications")
      .section("households", &Scenario::households, household_schema(), "Distributions of the eligible pool")
      .section("pathway", &Scenario::pathway, pathway_schema(), "Durations and shares along the pathway")
      .section("after_move", &Scenario::after_move, after_move_schema(), "Jobs and returns after the move")
      .section("matching", &Scenario::matching, matching_schema(), "Matching mechanism and feasibility")
      .section("housing", &Scenario::housing, housing_schema(), "Housing market dynamics")
      .section("labour", &Scenario::labour, labour_schema(), "Labour market dynamics")
      .section("geography", &Scenario::geography, geography_schema(), "Commune graphs")
      .section("mobility_aid", &Scenario::mobility_aid, mobility_aid_schema(),
               "The programme's mobility aid: driving courses and help to a car")
      .section("cost", &Scenario::cost, cost_schema(), "Costs per stage and resource; emergency accommodation avoided")
      .one_or_more("origin", &Scenario::origins, origin_schema(),
                   "Where households come from — one `[origin]` table, or `[[origin]]` tables: pool, referrals, "
                   "caseworkers")
      .list("territory", &Scenario::territories, territory_schema(), "Host territories")
      .list("event", &Scenario::events, event_schema(), "Dated changes")
      .list("lever", &Scenario::levers, lever_schema(), "Levers and their ranges, for `emile sensitivity`")
      .list("uncertain", &Scenario::uncertain, uncertain_schema(),
            "Uncertain parameters and their priors, for `emile calibrate`");
  return s;
}

}  // namespace

const sim::Schema<Scenario>& scenario_schema() {
  static const sim::Schema<Scenario> schema = build_schema();
  return schema;
}

}  // namespace emile::models
