#pragma once
// The scenario: a validated, copyable description of one EMILE configuration (pure data).
//
// Every parameter is declared once, in scenario_schema.cpp and its parts (programme_schema.cpp, world_schema.cpp),
// with its default, unit, rule, meaning and what raising it does; that declaration drives reading, validation, the
// resolved TOML stored with results, and docs/scenario-reference.md.
// Units: durations in weeks, rates per year, money in euros, travel in minutes.
#include "emile/models/foundations/matching.hpp"
#include "emile/sim/abc_smc.hpp"
#include "emile/sim/calendar.hpp"
#include "emile/sim/parameters.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

/// Where a run's world — every dwelling's fixed attributes and initial state, the employers and the vacancies
/// open at the start (StartingMarkets) — is drawn from: once, from streams keyed by the seed alone, and shared by
/// every replication; or afresh for each replication, from streams keyed by the seed and the replication.
enum class WorldDraw : std::uint8_t { shared, per_replication };
inline constexpr std::array<std::string_view, 2> world_draw_names{"shared", "per_replication"};

struct RunSettings {
  std::string name;
  sim::Date start_date;
  sim::Date end_date;
  std::int64_t step_days = 7;
  std::int64_t seed = 1;
  std::int64_t replications = 1;
  WorldDraw world = WorldDraw::shared;
};

/// How the travel time from an origin to a host is had: the host's declared journey to Paris (an origin around
/// Paris), or the rule from the two centres (origin_travel.hpp).
enum class TravelFrom : std::uint8_t { paris, centre };
inline constexpr std::array<std::string_view, 2> travel_from_names{"paris", "centre"};

/// An origin's join date when it refers from the run's start: the first day a scenario may use.
inline const sim::Date from_the_start = sim::Date::from_ymd(1900, 1, 1);

/// A region households come from (Île-de-France, by default the only one).
struct OriginSettings {
  std::string code;
  std::string name;
  sim::Date join_date;                   ///< it refers from the step holding it (or the run's first)
  std::int64_t eligible_households = 0;  ///< size of the synthetic eligible pool
  std::int64_t initial_referred = 0;     ///< households already referred when it joins (backlog)
  double referrals_per_year = 0;         ///< households referred per year
  std::int64_t caseworkers = 0;
  std::int64_t caseload = 0;             ///< households per caseworker
  std::string hosts;                     ///< codes of the hosts it sends households to, space-separated; empty: all
  TravelFrom travel_minutes_from = TravelFrom::paris;
  double centre_latitude = 0;            ///< degrees: where travel is measured from (travel_minutes_from = centre)
  double centre_longitude = 0;
  double hotel_night_eur = 0;            ///< emergency accommodation a moved household no longer needs, a night
  double shelter_night_eur = 0;          ///< per person
};

/// Distributions the eligible pool is drawn from.
struct HouseholdSettings {
  std::vector<double> adults_weights;        ///< weights of 1, 2 adults
  std::vector<double> children_weights;      ///< weights of 0, 1, 2, 3, 4 children
  std::vector<double> sector_weights;        ///< weights of the 8 sectors of a household's main skill
  std::vector<double> qualification_weights; ///< weights of levels 0 (none) … 3 (higher education)
  std::vector<double> situation_weights;     ///< weights of the housing situations (HousingSituation order)
  double licence_share = 0;
  double car_share_with_licence = 0;
  double motivation_mean = 0;
  double motivation_spread = 0;        ///< width of the triangular spread around the mean (0–2)
  double rural_preference_mean = 0;
  double rural_preference_spread = 0;  ///< as motivation_spread
};

struct PathwaySettings {
  double intake_min_weeks = 0;
  double intake_mean_weeks = 0;
  double diagnosis_min_weeks = 0;
  double diagnosis_mean_weeks = 0;
  double ineligible_share = 0;
  double immersion_min_weeks = 0;
  bool immersion_visits = true;
  double decision_weeks = 0;
  double commit_share = 0;
  double move_min_weeks = 0;
  double move_mean_weeks = 0;
  double follow_up_weeks = 0;
  double withdrawal_per_year = 0;
  double withdrawal_motivation_offset = 0;  ///< withdrawal hazards scale with (offset − motivation)
  double committed_patience_weeks = 0;
  double impatient_withdrawal_per_year = 0;
  bool direct_referral = false;
  double direct_referral_diagnosis_factor = 0;
  double direct_referral_noise_factor = 0;
  double fit_noise = 0;
  // The territory proposal's random utility (score points).
  double territory_demand_weight = 0;
  double territory_demand_prior = 0;  ///< pseudo-vacancies per sector smoothing the demand share
  double territory_dwelling_weight = 0;
  double territory_rurality_weight = 0;
  double territory_minutes_per_point = 0;  ///< minutes of travel from the origin that cost one score point
};

struct AfterMoveSettings {
  double return_per_year = 0;
  double return_motivation_offset = 0;  ///< the return hazard scales with (offset − motivation)
  double return_factor_unemployed = 0;
  double return_factor_no_car = 0;
  double return_factor_no_visit = 0;
  double return_isolation_per_hour = 0;  ///< the return hazard × (1 + this × hours from the territory to the origin)
  double job_loss_per_year = 0;
  double searches_per_year = 0;            ///< an unemployed resident's job searches (local_job_search.hpp)
  double search_share = 0;                 ///< share of the step's local openings in its sector a search finds
  double local_applicants_per_vacancy = 0; ///< local applicants per vacancy at the reference unemployment rate
  // While follow-up lasts: the job-loss and return hazards and the search share are multiplied by these.
  double follow_up_job_loss_factor = 0;
  double follow_up_search_factor = 0;
  double follow_up_return_factor = 0;
};

struct MatchingSettings {
  MatchingMechanism mechanism = MatchingMechanism::greedy;
  double car_commute_minutes = 0;
  double local_commute_minutes = 0;
  double transit_commute_minutes = 0;
  double rent_budget_base_eur = 0;
  double rent_budget_per_person_eur = 0;
  double qualification_tolerance = 0;
  std::int64_t max_extra_rooms = 0;    ///< a dwelling may have this many rooms more than the household needs
  std::vector<double> contract_values;  ///< the household's score of a vacancy, by contract (sector.hpp order)
  double employer_score_base = 0;
  double employer_score_per_motivation = 0;
  double employer_score_per_qualification_level = 0;  ///< per level above (below) the requirement
  double dwelling_score_base = 0;
  double dwelling_score_per_commute = 0;  ///< per unit of car commute ÷ car commute limit (at most 1)
  double landlord_score_base = 0;
  double landlord_score_per_extra_room = 0;
};

struct HousingSettings {
  double social_turnover_per_year = 0;
  double private_turnover_per_year = 0;
  double social_rent_per_room_eur = 0;
  double rent_draw_low = 0;    ///< a social dwelling's rent is rooms × rent per room × (low + width · U[0, 1))
  double rent_draw_width = 0;
  std::vector<double> rooms_weights;  ///< weights of 1 … 6 rooms
};

struct LabourSettings {
  double hires_per_job_per_year = 0;
  double programme_visible_share = 0;
  double vacancy_weeks = 0;
  double local_fill_per_year = 0;
  double reference_unemployment_rate = 0;
  double hard_to_fill_share = 0;
  std::vector<double> sector_job_shares;
  std::vector<double> contract_weights;
  std::vector<double> qualification_weights;
  double fixed_term_weeks = 0;
  double seasonal_weeks = 0;
  double training_weeks = 0;
  std::vector<double> summer_seasonality;  ///< monthly multipliers (Jan … Dec) for agriculture and hospitality
  double employer_mean_size = 0;
  double partner_share = 0;
  double licence_required_share = 0;  ///< share of vacancies that require a driving licence
};

/// How communes are synthesised from a territory's figures (see SynthesisParameters in commune_synthesis.hpp).
struct SynthesisSettings {
  double rank_size_exponent = 0;
  double population_noise = 0;
  std::int64_t main_towns = 0;
  double largest_town_offset = 0;  ///< radii
  double main_town_spacing = 0;    ///< radii
  double satellite_share = 0;
  double elongation = 0;
  double position_jitter = 0;      ///< fraction of the mean spacing
  std::int64_t seed = 0;           ///< the geography's own seed: the same communes for every run seed
};

struct GeographySettings {
  std::string communes_file;
  std::string commune_housing_file;
  std::int64_t nearest_neighbours = 0;
  double road_detour_factor = 0;
  double car_speed_kmh = 0;
  double public_transport_speed_kmh = 0;
  double transit_wait_minutes = 0;
  std::int64_t transit_links_per_hub = 0;
  double walk_bike_speed_kmh = 0;
  std::int64_t hub_min_population = 0;
  std::int64_t hub_min_count = 0;
  double long_distance_speed_kmh = 0;  ///< door-to-door speed of a journey between regions (origin_travel.hpp)
  SynthesisSettings synthesis;
};

/// What the programme costs and what it saves, in euros.
/// When the programme offers mobility aid (a driving course, help to a car): never, to every household at its
/// enrolment (the diagnosis lasts until the licence), or to every matched household (the move waits for it).
enum class AidOffer : std::uint8_t { none, enrolment, match };
inline constexpr std::array<std::string_view, 3> aid_offer_names{"none", "enrolment", "match"};

/// The programme's mobility aid (mobility_aid.hpp).
struct MobilityAidSettings {
  AidOffer offered_at = AidOffer::none;
  double licence_take_up = 0;    ///< share of offered households without a licence who start a driving course
  double licence_pass_share = 0; ///< share of those who obtain the licence
  double licence_weeks = 0;      ///< from the start of the course to the licence
  double car_take_up = 0;        ///< share of offered licence holders without a car who take the help to a car
  double car_rental_months = 0;  ///< months of car rental the aid pays after the move, for each car it helps to
};

struct CostSettings {
  double origin_caseworker_eur_per_year = 0;
  double territory_caseworker_eur_per_year = 0;
  double enrolment_eur = 0;
  double immersion_visit_eur = 0;
  double move_eur = 0;
  double licence_course_eur = 0;
  double car_aid_eur = 0;
  double car_rental_eur_per_month = 0;
};

/// A host's leave date when it never leaves: the last day a scenario may use.
inline const sim::Date never_leaves = sim::Date::from_ymd(2199, 12, 31);

/// A host territory (a département).
struct TerritorySettings {
  std::string code;
  std::string name;
  std::string cohort;
  sim::Date join_date;
  sim::Date leave_date;  ///< the first day it takes no proposal; never_leaves when it stays
  double travel_minutes_to_paris = 0;
  std::int64_t communes = 0;
  std::int64_t population = 0;
  double area_km2 = 0;
  double centre_latitude = 0;
  double centre_longitude = 0;
  std::int64_t main_residences = 0;
  std::int64_t vacant_dwellings = 0;
  double social_share = 0;
  double frictional_vacancy_rate = 0;  ///< share of all dwellings; the vacant beyond it are structural
  std::int64_t active = 0;
  std::int64_t unemployed = 0;
  std::int64_t jobs = 0;
  std::vector<double> sector_job_shares;  ///< jobs by sector; empty: the scenario's labour.sector_job_shares
  std::int64_t caseworkers = 0;
  std::int64_t caseload = 0;
  std::int64_t immersion_slots_per_month = 0;
  std::int64_t reserved_dwellings = 0;
  std::int64_t pipeline_capacity = 0;
  double rurality = 0;
};

/// What a dated event does: `set` changes a lever (any numeric or boolean parameter, by its dotted key) from
/// the step containing its date; `lockdown` scales hiring and matching for its `weeks` and immersion visits for
/// its `visit_weeks`.
enum class EventKind { set, lockdown };

/// The event kinds' scenario names, in the order of the enumerators.
inline constexpr std::array<std::string_view, 2> event_kind_names{"set", "lockdown"};

/// A dated change (see EventKind).
struct EventSettings {
  sim::Date date;
  EventKind kind = EventKind::set;
  std::string key;
  double value = 0;
  double weeks = 0;
  double hiring_factor = 0;
  double matching_factor = 0;
  double visit_weeks = 0;
  double visit_factor = 0;
};

/// A lever declared with a range, for sensitivity analysis: any numeric or boolean parameter by dotted key.
struct LeverSettings {
  std::string key;
  double min = 0;
  double max = 0;
};

/// A parameter whose value the public record leaves uncertain, with its prior, for `emile calibrate`: any numeric
/// parameter by dotted key. Integer parameters are rounded to the nearest integer after every draw.
struct UncertainSettings {
  std::string key;
  sim::Prior::Kind prior = sim::Prior::Kind::uniform;
  double low = 0;    ///< uniform, log_uniform: the interval; normal, beta: the support (truncation)
  double high = 0;
  double mean = 0;   ///< normal
  double sd = 0;     ///< normal
  double alpha = 1;  ///< beta, on [low, high]
  double beta = 1;
  std::string source;  ///< why this prior
};

struct Scenario {
  RunSettings run;
  /// The origins, at least one (`[origin]` or `[[origin]]` tables): their codes are unique among origins and hosts.
  std::vector<OriginSettings> origins;
  HouseholdSettings households;
  PathwaySettings pathway;
  AfterMoveSettings after_move;
  MatchingSettings matching;
  HousingSettings housing;
  LabourSettings labour;
  GeographySettings geography;
  MobilityAidSettings mobility_aid;
  CostSettings cost;
  std::vector<TerritorySettings> territories;
  std::vector<EventSettings> events;
  std::vector<LeverSettings> levers;
  std::vector<UncertainSettings> uncertain;

  /// Where the scenario was read from (relative data paths resolve against its folder); empty if built in code.
  std::filesystem::path source;
  /// Where each value was read from, for error messages.
  sim::SourceMap locations;
};

/// The rows of the territory tables: the origins, in the scenario's order (rows 0 … origins − 1), then the hosts
/// (host i at row origins + i).
inline std::size_t territory_rows(const Scenario& scenario) { return scenario.origins.size() + scenario.territories.size(); }
inline std::size_t host_row(const Scenario& scenario, std::size_t host) { return scenario.origins.size() + host; }
inline bool is_origin_row(const Scenario& scenario, std::size_t row) { return row < scenario.origins.size(); }
/// The codes an origin's `hosts` names, in order (none: it sends households to every host).
std::vector<std::string> host_codes(const OriginSettings& origin);

/// The key naming parameter `field` of origin `origin` (an index in scenario.origins): `origin.<field>` while it is
/// the only origin, else `origin.<code>.<field>` (a bare key is refused among several).
std::string origin_key(const Scenario& scenario, std::size_t origin, std::string_view field);

/// The code and the name of a territory row.
const std::string& row_code(const Scenario& scenario, std::size_t row);
const std::string& row_name(const Scenario& scenario, std::size_t row);

/// A territory's unemployment rate: unemployed ÷ active (0 without active people).
inline double unemployment_rate(const TerritorySettings& territory) {
  return territory.active > 0 ? static_cast<double>(territory.unemployed) / static_cast<double>(territory.active) : 0.0;
}

/// A territory's jobs by sector (weights, in Sector order): its own when it declares them, else the scenario's.
inline const std::vector<double>& sector_job_shares(const TerritorySettings& territory, const LabourSettings& labour) {
  return territory.sector_job_shares.empty() ? labour.sector_job_shares : territory.sector_job_shares;
}

/// The scenario's declared parameters.
const sim::Schema<Scenario>& scenario_schema();

/// Reads and validates a scenario file; throws sim::ScenarioError naming file, line and key.
Scenario load_scenario(const std::filesystem::path& path, const std::vector<sim::Override>& overrides = {});

/// Reads and validates a scenario from text that is no file, as load_scenario does, `name` standing for its path
/// (in messages, and as the folder relative data paths resolve against). A `base` is refused, so no other
/// scenario file is read. Throws sim::ScenarioError.
Scenario read_scenario(std::string_view text, const std::string& name, const std::vector<sim::Override>& overrides = {});

/// Checks rules that span several parameters (dates in order and within 1900–2199, unique codes, events inside
/// the run, a simulated world that fits in memory — as written, after each `set` event and at each lever's
/// bounds…; see "Limits" in docs/scenario-reference.md). Throws sim::ScenarioError naming the file and key.
void validate(const Scenario& scenario);

/// The communes file to read, resolved against the scenario's folder; empty when communes are synthesised.
/// Throws sim::ScenarioError when the file does not exist.
std::filesystem::path communes_file_path(const Scenario& scenario);

/// The commune housing file to read, resolved against the scenario's folder; empty when dwellings are placed
/// by commune population. Throws sim::ScenarioError when the file does not exist.
std::filesystem::path commune_housing_file_path(const Scenario& scenario);

/// The prior of `uncertain[i]`: its family and ends, the integer rounding of an integer parameter.
sim::Prior prior_of(const Scenario& scenario, std::size_t i);

/// The fully resolved scenario (every parameter, defaults included) as TOML.
std::string to_toml(const Scenario& scenario);

/// Sets a numeric or boolean parameter by dotted key (`origin.caseworkers`, `territory.15.caseworkers`);
/// throws sim::ScenarioError if the key does not name one.
void set_parameter(Scenario& scenario, std::string_view key, double value);

/// Adds a change from a date, written `DATE:KEY=VALUE` (`2021-01-01:origin.caseworkers=40`), as a dated `set`
/// event placed among the scenario's events in date order (after those of the same date), and validates the
/// scenario again: the key must name a parameter that can change during a run, the date fall inside the run, the
/// value be a number (or true, false). `option` is how the user gave it (`--set-from`), for messages. Throws
/// sim::ScenarioError naming the option, the text and the key.
void add_dated_change(Scenario& scenario, std::string_view text, std::string_view option);

/// `scenario` with each of `keys` set to the value of the same position in `values` (set_parameter).
Scenario with_parameters(const Scenario& scenario, std::span<const std::string> keys, std::span<const double> values);

}  // namespace emile::models
