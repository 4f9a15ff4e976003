// The declaration of the simulated world's parameters — housing, labour, geography and the host territories: key,
// default, unit, rule, meaning, source and what raising each does (scenario_schema.cpp assembles the whole schema).
#include "schema_parts.hpp"

#include "emile/models/foundations/commune_graph.hpp"
#include "emile/models/foundations/commune_synthesis.hpp"
#include "emile/models/foundations/sector.hpp"

namespace emile::models::schema {
namespace {

// A territory's own jobs by sector: none, or one weight per sector.
const sim::Rule sector_weights_or_none{
    "empty, or " + std::to_string(sector_count) + " numbers in [0, 1000000000]", [](const sim::Value& value) -> std::optional<std::string> {
      const auto& weights = std::get<std::vector<double>>(value);
      if (weights.empty()) return std::nullopt;
      return sim::numbers_in(sector_count, 0, 1e9).check(value);
    }};
// Why parameters read only before the run cannot change during it (Schema::fixed).
const std::string drawn_stock = "each dwelling is drawn, with its tenure and rent, when the stock is built";
const std::string drawn_employers = "the employers are drawn when the run starts";
// Why the synthesis and the figures it reads change nothing in the shipped scenarios (Schema::inert).
const std::string no_synthesis =
    "the shipped scenarios run on the real communes (geography.communes_file): no commune is synthesised";
const std::string figures_for_synthesis =
    "the shipped scenarios run on the real communes (geography.communes_file): the territory's figures only shape "
    "synthetic communes";
const std::string built_geography = "the commune graphs are built once, before the run, and shared by its replications";
// Why the housing market's figures change the programme's moves by no more than noise (Schema::within_noise).
const std::string reservation_topped_up =
    "the reserved dwellings are topped up every week from vacant social dwellings, which the turnover of occupied "
    "ones keeps supplying beyond what the programme takes";
// The setting under which a territory's labour figures can bind: more reserved dwellings than it could ever fill.
const sim::Schema<TerritorySettings>::Setting housing_in_plenty{{"territory.15.reserved_dwellings", "200"}};

}  // namespace

Schema<HousingSettings> housing_schema() {
  Schema<HousingSettings> s;
  s.number("social_turnover_per_year", &HousingSettings::social_turnover_per_year, 0.25, "1/year", in_range(0, 100),
           "Rate at which an occupied social dwelling falls vacant (every 4 years in Aurillac)")
      .source("social housing frees up every 4 years in Aurillac (\"Des clés dans la poche\", 2018)")
      .within_noise("moved_households", reservation_topped_up, "0.1", "1")
      .number("private_turnover_per_year", &HousingSettings::private_turnover_per_year, 0.12, "1/year",
              in_range(0, 100), "Rate at which an occupied private dwelling falls vacant")
      .within_noise("moved_households", "the programme's dwellings are social; private turnover shifts the draws only",
                    "0.05", "1")
      .number("social_rent_per_room_eur", &HousingSettings::social_rent_per_room_eur, 95, "€/month", in_range(0, 1e4),
              "Mean social rent per room (private dwellings carry no rent: the programme's dwellings are social)")
      .fixed(drawn_stock)
      .lowers("moved_households", "50", "300")
      .number("rent_draw_low", &HousingSettings::rent_draw_low, 0.8, "factor", in_range(0, 10),
              "A social dwelling's rent is rooms × `social_rent_per_room_eur` × (this + `rent_draw_width` × U), U uniform "
              "on [0, 1)")
      .fixed(drawn_stock)
      .lowers("moved_households", "0.5", "3")
      .number("rent_draw_width", &HousingSettings::rent_draw_width, 0.4, "factor", in_range(0, 10),
              "Width of the rent factor's uniform spread (0.8 + 0.4 U: rent per room ± 20 %)")
      .fixed(drawn_stock)
      .lowers("moved_households", "0", "2")
      .numbers("rooms_weights", &HousingSettings::rooms_weights, std::vector<double>{0.06, 0.12, 0.22, 0.27, 0.19, 0.14},
               "weight", numbers_in(6, 0, large), "Relative frequency of dwellings with 1 to 6 rooms")
      .lowers("moved_households", "[0.06, 0.12, 0.22, 0.27, 0.19, 0.14]", "[0.0, 0.0, 0.0, 0.0, 0.0, 1.0]")
      .retired("private_rent_per_room_eur",
               "the dwellings reserved for the programme are social, so no private rent reaches a decision: private "
               "dwellings carry no rent")
      .retired("local_demand_per_year",
               "local demand is derived for each territory and tenure so that, under the turnover rates in force at "
               "the start, the expected vacancy stays where it starts (docs/ODD.md, \"Markets\")")
      .retired("structural_vacancy_share",
               "the structural share is derived for each territory from `territory.<code>.frictional_vacancy_rate`: "
               "max(0, 1 − rate × dwellings ÷ vacant dwellings)");
  return s;
}

Schema<LabourSettings> labour_schema() {
  Schema<LabourSettings> s;
  s.number("hires_per_job_per_year", &LabourSettings::hires_per_job_per_year, 0.25, "1/year", in_range(0, 100),
           "Vacancies opened per job per year")
      .raises("moved_households", "0.05", "1")
      .number("programme_visible_share", &LabourSettings::programme_visible_share, 0.02, "share", in_range(0, 1),
              "Share of partner employers' vacancies offered to programme participants")
      .raises("moved_households", "0.01", "0.2")
      .number("vacancy_weeks", &LabourSettings::vacancy_weeks, 10, "weeks", in_range(0.1, 520),
              "Time after which an unfilled vacancy expires")
      .raises("moved_households", "2", "30")
      .number("local_fill_per_year", &LabourSettings::local_fill_per_year, 6, "1/year", in_range(0, 1000),
              "Hazard of a vacancy being filled by a local job seeker at the reference unemployment rate")
      .lowers("moved_households", "0", "100", {{"labour.hard_to_fill_share", "0.0"}}, "local job seekers take the vacancies first")
      .number("reference_unemployment_rate", &LabourSettings::reference_unemployment_rate, 0.1, "share",
              in_range(0.001, 1), "Unemployment rate at which local filling runs at its reference hazard")
      .raises("moved_households", "0.01", "1", {{"labour.hard_to_fill_share", "0.0"}, {"labour.local_fill_per_year", "100.0"}},
              "the same unemployment then fills vacancies locally more slowly")
      .number("hard_to_fill_share", &LabourSettings::hard_to_fill_share, 0.5, "share", in_range(0, 1),
              "Share of hiring projects employers expect to be hard to fill (locally never filled)")
      .raises("moved_households", "0", "1", {{"labour.local_fill_per_year", "100.0"}}, "hard-to-fill vacancies stay open for the programme")
      .numbers("sector_job_shares", &LabourSettings::sector_job_shares,
               std::vector<double>{0.07, 0.04, 0.17, 0.05, 0.13, 0.06, 0.12, 0.36}, "weight",
               numbers_in(sector_count, 0, large), "Jobs by sector, same order as households.sector_weights")
      .lowers("moved_households", "[0.07, 0.04, 0.17, 0.05, 0.13, 0.06, 0.12, 0.36]",
              "[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]")  // all jobs in the sector fewest households have
      .numbers("contract_weights", &LabourSettings::contract_weights, std::vector<double>{0.35, 0.4, 0.15, 0.1}, "weight",
               numbers_in(contract_count, 0, large), "Contract types: permanent, fixed-term, seasonal, training")
      .raises("returned_households", "[1.0, 0.0, 0.0, 0.0]", "[0.0, 0.0, 1.0, 0.0]", {{"run.end_date", "2021-06-30"}},
              "seasonal contracts end after `seasonal_weeks`")
      .numbers("qualification_weights", &LabourSettings::qualification_weights, std::vector<double>{0.4, 0.35, 0.18, 0.07},
               "weight", numbers_in(4, 0, large), "Qualification a vacancy requires, levels 0 … 3")
      .raises("moved_households", "[0.0, 0.0, 0.0, 1.0]", "[1.0, 0.0, 0.0, 0.0]")
      .number("fixed_term_weeks", &LabourSettings::fixed_term_weeks, 26, "weeks", in_range(1, 520),
              "Length of a fixed-term contract")
      .lowers("returned_households", "4", "100", {{"labour.contract_weights", "[0.0, 1.0, 0.0, 0.0]"}})
      .number("seasonal_weeks", &LabourSettings::seasonal_weeks, 16, "weeks", in_range(1, 520),
              "Length of a seasonal contract")
      .lowers("returned_households", "4", "100", {{"labour.contract_weights", "[0.0, 0.0, 1.0, 0.0]"}})
      .number("training_weeks", &LabourSettings::training_weeks, 40, "weeks", in_range(1, 520),
              "Length of a training or apprenticeship contract")
      .lowers("returned_households", "4", "100", {{"labour.contract_weights", "[0.0, 0.0, 0.0, 1.0]"}})
      .numbers("summer_seasonality", &LabourSettings::summer_seasonality,
               std::vector<double>{0.6, 0.6, 0.8, 1.0, 1.3, 1.6, 1.7, 1.5, 1.1, 0.8, 0.6, 0.6}, "factor",
               numbers_in(12, 0, 100), "Monthly hiring multipliers (Jan … Dec) for agriculture and hospitality")
      .raises("moved_households", "[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]",
              "[3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]",
              {{"households.sector_weights", "[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]"}}, "every household works in agriculture")
      .number("employer_mean_size", &LabourSettings::employer_mean_size, 12, "jobs", in_range(1, 1e5),
              "Mean jobs per employer")
      .fixed(drawn_employers)
      .lowers("moved_households", "1", "2000", {}, "fewer, larger employers sit in fewer communes, within reach of fewer dwellings")
      .number("partner_share", &LabourSettings::partner_share, 0.2, "share", in_range(0, 1),
              "Share of employers that are partners of the programme")
      .fixed(drawn_employers)
      .raises("moved_households", "0.05", "0.8")
      .number("licence_required_share", &LabourSettings::licence_required_share, 0.2, "share", in_range(0, 1),
              "Share of vacancies that require a driving licence: deliveries, home care, building sites, farm work; "
              "only licence holders may take them, with a car or without one (assumption: no public figure at hand)")
      .lowers("moved_households", "0", "1");
  return s;
}

Schema<SynthesisSettings> synthesis_schema() {
  const SynthesisParameters tuned;  // the defaults, tuned to the pilots' real communes (commune_synthesis.hpp)
  const std::string tuning = "tuned to the real communes of the six 2019 pilot départements (tests/models/foundations/test_commune_graph.cpp)";
  Schema<SynthesisSettings> s;
  s.number("rank_size_exponent", &SynthesisSettings::rank_size_exponent, tuned.rank_size_exponent, "exponent",
           in_range(0, 10), "Rank-size rule: the commune of rank r has a population ∝ r^−exponent before noise")
      .source("Zipf's law (≈ 1); " + tuning)
      .inert(no_synthesis, "0.5", "2")
      .number("population_noise", &SynthesisSettings::population_noise, tuned.population_noise, "log sd", in_range(0, 10),
              "Standard deviation of the log-normal noise on each rank-size weight")
      .source(tuning)
      .inert(no_synthesis, "0", "2")
      .integer("main_towns", &SynthesisSettings::main_towns, tuned.main_towns, "communes", in_range(1, 1000),
               "The most populous communes, placed first and apart from each other")
      .source(tuning)
      .inert(no_synthesis, "1", "20")
      .number("largest_town_offset", &SynthesisSettings::largest_town_offset, tuned.largest_town_offset, "radii",
              in_range(0, 1), "Distance of the largest town from the centre (radius: that of a disc of the area)")
      .source("pilot préfectures lie 0.04–1.4 radii from their communes' centroid; " + tuning)
      .inert(no_synthesis, "0", "1")
      .number("main_town_spacing", &SynthesisSettings::main_town_spacing, tuned.main_town_spacing, "radii",
              in_range(0, 2), "Least distance between two main towns")
      .source("pilot main towns lie 0.4–1.8 radii apart; " + tuning)
      .inert(no_synthesis, "0.1", "2")
      .number("satellite_share", &SynthesisSettings::satellite_share, tuned.satellite_share, "share", in_range(0, 1),
              "Probability that another commune sits next to a main town (suburbs, commuter belts)")
      .source(tuning)
      .inert(no_synthesis, "0", "1")
      .number("elongation", &SynthesisSettings::elongation, tuned.elongation, "ratio", in_range(1, 10),
              "Major over minor axis of the ellipse the communes fill")
      .source(tuning)
      .inert(no_synthesis, "1", "5")
      .number("position_jitter", &SynthesisSettings::position_jitter, tuned.position_jitter, "spacing",
              in_range(0, 2), "Jitter of each position, as a fraction of the mean spacing between communes")
      .source(tuning)
      .inert(no_synthesis, "0", "2")
      .integer("seed", &SynthesisSettings::seed, 0, "", at_least(0),
               "Seed of the synthetic communes: the same geography whatever the run's seed")
      .inert(no_synthesis, "0", "7")
      .all_fixed(built_geography);
  return s;
}

Schema<GeographySettings> geography_schema() {
  const RoadParameters roads;  // the library's documented defaults (commune_graph.hpp)
  const HubRule hubs;
  Schema<GeographySettings> s;
  s.text("communes_file", &GeographySettings::communes_file, "", any_value(),
         "CSV of real communes (INSEE layout); empty: communes synthesised from each territory's figures. "
         "A relative path resolves against the folder of the file that names it (the scenario's folder for "
         "`--set`); the resolved scenario holds the absolute path")
      .inert("a file: the communes it holds act through the commune graphs")
      .text("commune_housing_file", &GeographySettings::commune_housing_file, "", any_value(),
            "CSV of each commune's main residences and vacant dwellings (INSEE layout), where a territory's occupied "
            "and vacant dwellings are placed; needs `communes_file`. Empty: dwellings placed in proportion to the "
            "communes' populations. Relative paths resolve like `communes_file`")
      .inert("a file: the counts it holds act through where dwellings are")
      .integer("nearest_neighbours", &GeographySettings::nearest_neighbours, roads.nearest_neighbours, "links",
               in_range(1, 50), "Road links from each commune to its nearest neighbours")
      .within_noise("moved_households", "one link to the nearest commune already connects a département's roads; more "
                    "links shorten few of the paths within a commute", "1", "30", {{"households.licence_share", "0.0"}})
      .number("road_detour_factor", &GeographySettings::road_detour_factor, roads.road_detour_factor, "factor",
              in_range(1, 5), "Road distance over straight-line distance")
      .source("the usual ratio for French rural roads (assumption)")
      .lowers("moved_households", "1", "5")
      .number("car_speed_kmh", &GeographySettings::car_speed_kmh, roads.car_speed_kmh, "km/h", in_range(1, 200),
              "Mean road speed")
      .raises("moved_households", "20", "120")
      .number("public_transport_speed_kmh", &GeographySettings::public_transport_speed_kmh,
              roads.public_transport_speed_kmh, "km/h", in_range(1, 300), "Mean public-transport speed between hubs")
      .raises("moved_households", "5", "300")
      .number("transit_wait_minutes", &GeographySettings::transit_wait_minutes, roads.transit_wait_minutes, "minutes",
              in_range(0, 600), "Minutes added to every public-transport link: walking to the stop, waiting, boarding")
      .lowers("moved_households", "0", "300", {{"households.licence_share", "0.0"}}, "no household drives")
      .integer("transit_links_per_hub", &GeographySettings::transit_links_per_hub, roads.transit_links_per_hub,
               "links", in_range(0, 50), "Public-transport links from each hub to its nearest hubs")
      .raises("moved_households", "0", "40", {{"households.licence_share", "0.0"}}, "no household drives")
      .number("walk_bike_speed_kmh", &GeographySettings::walk_bike_speed_kmh, roads.walk_bike_speed_kmh, "km/h",
              in_range(1, 50), "Speed of walking and cycling along the roads, for households without a car")
      .source("cycling ≈ 15 km/h, walking ≈ 5 km/h (assumption)")
      .raises("moved_households", "4", "25", {{"households.licence_share", "0.0"}}, "no household drives")
      .integer("hub_min_population", &GeographySettings::hub_min_population, hubs.min_population, "inhabitants",
               in_range(0, 1e8), "Communes at least this large are service hubs with public transport")
      .lowers("moved_households", "1000", "1000000")
      .integer("hub_min_count", &GeographySettings::hub_min_count, hubs.min_count, "communes", in_range(1, 1000),
               "The largest communes of each territory that are hubs whatever their size (Lozère keeps its "
               "préfecture and sous-préfectures)")
      .raises("moved_households", "1", "30", {{"households.licence_share", "0.0"}}, "no household drives")
      .all_fixed(built_geography)
      .number("long_distance_speed_kmh", &GeographySettings::long_distance_speed_kmh, 105, "km/h", in_range(1, 1000),
              "Mean door-to-door speed of a journey between regions, mostly motorway: the travel time from an origin "
              "whose travel_minutes_from is `centre` to a host (scenarios/tools/make_national.py's rule)")
      .inert("the shipped origins take the declared journeys to Paris (travel_minutes_from = \"paris\"); with "
             "\"centre\", a faster journey shortens every travel time from the origin", "60", "150")
      .section("synthesis", &GeographySettings::synthesis, synthesis_schema(),
               "How communes are synthesised from a territory's figures when no communes file is given");
  return s;
}

Schema<TerritorySettings> territory_schema() {
  Schema<TerritorySettings> s;
  s.text("code", &TerritorySettings::code, std::nullopt, any_value(), "Département code (INSEE)")
      .inert("a label: the territory's key")
      .text("name", &TerritorySettings::name, std::nullopt, any_value(), "Département name")
      .inert("a label")
      .text("cohort", &TerritorySettings::cohort, "pilot-2019", any_value(), "Cohort the territory belongs to")
      .inert("a label, for reports")
      .date("join_date", &TerritorySettings::join_date, std::nullopt, "Date the territory starts hosting")
      .lowers("moved_households in its territory", "2019-06-14", "2020-06-01")
      .date("leave_date", &TerritorySettings::leave_date, never_leaves,
            "First day the territory takes no new household: no proposal from the step holding it on, while the "
            "households already in its pipeline or follow-up carry on (2199-12-31, the default: it never leaves)")
      .raises("moved_households in its territory", "2019-09-02", "2020-03-02")
      .number("travel_minutes_to_paris", &TerritorySettings::travel_minutes_to_paris, std::nullopt, "minutes",
              in_range(0, 2000), "Travel time to Paris from the main town")
      .lowers("moved_households in its territory", "60", "900")
      .integer("communes", &TerritorySettings::communes, std::nullopt, "communes", in_range(1, 5000),
               "Number of communes (INSEE)")
      .source("INSEE, recensement de la population 2021")
      .fixed(built_geography)
      .inert(figures_for_synthesis, "100", "400")
      .integer("population", &TerritorySettings::population, std::nullopt, "inhabitants", in_range(1, 1e8),
               "Population (INSEE)")
      .source("INSEE, recensement de la population 2021")
      .fixed(built_geography)
      .inert(figures_for_synthesis, "50000", "500000")
      .number("area_km2", &TerritorySettings::area_km2, std::nullopt, "km²", in_range(1, 1e6), "Area")
      .source("INSEE, areas of the communes")
      .fixed(built_geography)
      .inert(figures_for_synthesis, "2000", "9000")
      .number("centre_latitude", &TerritorySettings::centre_latitude, 46.5, "degrees", in_range(41, 52),
              "Latitude of the territory's centre")
      .fixed(built_geography)
      .inert(figures_for_synthesis, "44", "46")
      .number("centre_longitude", &TerritorySettings::centre_longitude, 2.5, "degrees", in_range(-6, 10),
              "Longitude of the territory's centre")
      .fixed(built_geography)
      .inert(figures_for_synthesis, "2", "3")
      .integer("main_residences", &TerritorySettings::main_residences, std::nullopt, "dwellings", in_range(0, 1e8),
               "Occupied main residences (INSEE); every one is simulated")
      .source("INSEE, recensement de la population 2021")
      .fixed(drawn_stock)
      .within_noise("moved_households in its territory", reservation_topped_up, "5000", "200000",
                    {{"territory.15.reserved_dwellings", "40"}})
      .integer("vacant_dwellings", &TerritorySettings::vacant_dwellings, std::nullopt, "dwellings", in_range(0, 1e8),
               "Vacant dwellings (INSEE); every one is simulated")
      .source("INSEE, recensement de la population 2021")
      .fixed(drawn_stock)
      .within_noise("moved_households in its territory", reservation_topped_up, "100", "20000",
                    {{"territory.15.reserved_dwellings", "40"}})
      .number("social_share", &TerritorySettings::social_share, 0.12, "share", in_range(0, 1),
              "Share of the stock that is social housing")
      .fixed(drawn_stock)
      .raises("moved_households in its territory", "0", "0.1", {}, "the reserved dwellings are social")
      .number("frictional_vacancy_rate", &TerritorySettings::frictional_vacancy_rate, 0.06, "share",
              in_range(0, 1),
              "Vacancy the housing market needs to turn over (dwellings between two tenants), as a share of all "
              "dwellings. Vacant dwellings beyond it are structurally vacant — never let locally: a share "
              "max(0, 1 − this × dwellings ÷ vacant) of the vacant ones")
      .source("assumption: a vacancy rate of about 6 % is commonly taken as that of a fluid market; the public "
              "data used have no count of long-term vacancy")
      .fixed(drawn_stock)
      .within_noise("moved_households in its territory", reservation_topped_up + ", structurally vacant ones last",
                    "0.001", "0.2", {{"territory.15.reserved_dwellings", "40"}})
      .integer("active", &TerritorySettings::active, std::nullopt, "persons", in_range(0, 1e8),
               "Active population aged 15–64 (INSEE)")
      .source("INSEE, recensement de la population 2021")
      .within_noise("moved_households in its territory", "with the unemployed, it sets how fast local job seekers fill "
                    "vacancies; over this range the territory's rate slows local filling by less than 8 replications "
                    "can tell", "30000", "200000", housing_in_plenty)
      .integer("unemployed", &TerritorySettings::unemployed, std::nullopt, "persons", in_range(0, 1e8),
               "Unemployed aged 15–64 (INSEE census definition)")
      .source("INSEE, recensement de la population 2021")
      .lowers("moved_households in its territory", "500", "20000", housing_in_plenty,
              "local job seekers fill the territory's vacancies faster")
      .integer("jobs", &TerritorySettings::jobs, std::nullopt, "jobs", in_range(0, 1e8), "Jobs at place of work (INSEE)")
      .source("INSEE, recensement de la population 2018 (jobs at place of work)")
      .raises("moved_households in its territory", "20000", "200000")
      .numbers("sector_job_shares", &TerritorySettings::sector_job_shares, std::vector<double>{}, "weight",
               sector_weights_or_none, "The territory's jobs by sector, in the order of `labour.sector_job_shares`; "
               "empty: that national mix")
      .lowers("moved_households in its territory", "[]", "[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]", housing_in_plenty)
      .integer("caseworkers", &TerritorySettings::caseworkers, 2, "caseworkers", in_range(0, 1e5),
               "Host-territory caseworkers following moved households")
      .raises("moved_households", "0", "6")
      .integer("caseload", &TerritorySettings::caseload, 10, "households/caseworker", in_range(1, 1000),
               "Households one territory caseworker follows at once")
      .raises("moved_households in its territory", "1", "30",
              {{"territory.15.caseworkers", "1"}, {"territory.15.reserved_dwellings", "200"}})
      .integer("immersion_slots_per_month", &TerritorySettings::immersion_slots_per_month, 4, "visits/month",
               in_range(0, 1e5), "Immersion visits the territory can host per calendar month")
      .raises("immersed_households", "0", "10")
      .integer("reserved_dwellings", &TerritorySettings::reserved_dwellings, 10, "dwellings", in_range(0, 1e6),
               "Social dwellings reserved for the programme (replenished from vacant social dwellings)")
      .raises("moved_households", "0", "40")
      .integer("pipeline_capacity", &TerritorySettings::pipeline_capacity, 30, "households", in_range(0, 1e6),
               "Households the territory accepts at once between proposal and move")
      .raises("moved_households in its territory", "0", "30")
      .number("rurality", &TerritorySettings::rurality, 0.5, "0–1", in_range(0, 1),
              "How rural the territory is (for households' preferences)")
      .raises("moved_households in its territory", "0", "1",
              {{"households.rural_preference_mean", "1.0"}, {"pathway.territory_rurality_weight", "5.0"}});
  return s;
}

}  // namespace emile::models::schema
