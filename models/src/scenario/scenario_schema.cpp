// The declaration of every scenario parameter: its key, default, unit, rule, meaning and source. Reading,
// validation of single values, the resolved TOML and docs/scenario-reference.md all come from it.
#include "emile/models/scenario/scenario.hpp"

#include "emile/models/foundations/commune_graph.hpp"
#include "emile/models/foundations/commune_synthesis.hpp"
#include "emile/models/foundations/matching.hpp"
#include "emile/models/foundations/sector.hpp"

namespace emile::models {
namespace {

using sim::any_value;
using sim::at_least;
using sim::in_range;
using sim::numbers_in;
using sim::one_of;
using sim::Schema;

constexpr double any_share = 1.0;
constexpr double large = 1e9;

// Why parameters read only before or after the run cannot change during it (Schema::fixed).
// A territory's own jobs by sector: none, or one weight per sector.
const sim::Rule sector_weights_or_none{
    "empty, or " + std::to_string(sector_count) + " numbers in [0, 1000000000]", [](const sim::Value& value) -> std::optional<std::string> {
      const auto& weights = std::get<std::vector<double>>(value);
      if (weights.empty()) return std::nullopt;
      return sim::numbers_in(sector_count, 0, 1e9).check(value);
    }};
const std::string drawn_pool = "the eligible pool is drawn, profiles included, when the run starts";
const std::string drawn_stock = "each dwelling is drawn, with its tenure and rent, when the stock is built";
const std::string drawn_employers = "the employers are drawn when the run starts";
const std::string built_geography = "the commune graphs are built once, before the run, and shared by its replications";

Schema<RunSettings> run_schema() {
  Schema<RunSettings> s;
  s.text("name", &RunSettings::name, std::nullopt, any_value(), "Scenario name, recorded with the results")
      .date("start_date", &RunSettings::start_date, std::nullopt, "First day of the run (first day of step 0)")
      .date("end_date", &RunSettings::end_date, std::nullopt, "Last day to simulate; the run covers it with whole steps")
      .integer("step_days", &RunSettings::step_days, 7, "days", in_range(1, 31), "Length of a step")
      .integer("seed", &RunSettings::seed, 1, "", at_least(0), "Seed of every random stream; `--seed` overrides it")
      .integer("replications", &RunSettings::replications, 1, "", in_range(1, 100000),
               "Replications (independent random worlds); `-r` overrides it")
      .all_fixed("the run's dates, step, seed and replications hold for the whole run");
  return s;
}

Schema<OriginSettings> origin_schema() {
  Schema<OriginSettings> s;
  s.text("code", &OriginSettings::code, "IDF", any_value(), "Code of the origin region")
      .text("name", &OriginSettings::name, "Île-de-France", any_value(), "Name of the origin region")
      .integer("eligible_households", &OriginSettings::eligible_households, 5000, "households", in_range(0, 1e7),
               "Size of the synthetic eligible pool (assumption)")
      .fixed(drawn_pool)
      .integer("initial_referred", &OriginSettings::initial_referred, 0, "households", in_range(0, 1e7),
               "Households already referred at launch (backlog)")
      .fixed("households referred at the launch, in the first step")
      .number("referrals_per_year", &OriginSettings::referrals_per_year, 300, "households/year", in_range(0, 1e7),
              "Rate at which social workers refer households from the pool")
      .integer("caseworkers", &OriginSettings::caseworkers, 20, "caseworkers", in_range(0, 1e6),
               "Île-de-France caseworkers (operators' social workers)")
      .integer("caseload", &OriginSettings::caseload, 12, "households/caseworker", in_range(1, 1000),
               "Households one Île-de-France caseworker follows at once");
  return s;
}

Schema<HouseholdSettings> household_schema() {
  Schema<HouseholdSettings> s;
  s.numbers("adults_weights", &HouseholdSettings::adults_weights, std::vector<double>{0.75, 0.25}, "weight",
            numbers_in(2, 0, large), "Relative frequency of 1 and 2 adults")
      .numbers("children_weights", &HouseholdSettings::children_weights, std::vector<double>{0.72, 0.14, 0.08, 0.04, 0.02},
               "weight", numbers_in(5, 0, large), "Relative frequency of 0 to 4 children")
      .numbers("sector_weights", &HouseholdSettings::sector_weights,
               std::vector<double>{0.16, 0.06, 0.16, 0.16, 0.08, 0.12, 0.12, 0.14}, "weight",
               numbers_in(sector_count, 0, large),
               "Main skill's sector: construction, agriculture, care, hospitality, industry, logistics, retail, services")
      .numbers("qualification_weights", &HouseholdSettings::qualification_weights, std::vector<double>{0.35, 0.35, 0.2, 0.1},
               "weight", numbers_in(4, 0, large), "Qualification level 0 (none), 1 (CAP/BEP), 2 (bac), 3 (higher)")
      .numbers("situation_weights", &HouseholdSettings::situation_weights, std::vector<double>{0.28, 0.22, 0.25, 0.25},
               "weight", numbers_in(4, 0, large),
               "Housing situation when referred: emergency hotel, shelter, hosted by third parties, overcrowded. "
               "A moved household's emergency accommodation is priced as avoided by hotel or shelter")
      .source("hotel : shelter as the 40,056 people in hotels a night to the 30,819 generalist shelter places in "
              "Île-de-France (2019; inspection report on the Île-de-France SIAO, DRIHL data); hosted and overcrowded "
              "households half the pool, equally (assumption)")
      .number("licence_share", &HouseholdSettings::licence_share, 0.35, "share", in_range(0, any_share),
              "Share of households with a driving licence")
      .number("car_share_with_licence", &HouseholdSettings::car_share_with_licence, 0.4, "share", in_range(0, any_share),
              "Share of licence holders with a car")
      .number("motivation_mean", &HouseholdSettings::motivation_mean, 0.6, "0–1", in_range(0, 1),
              "Mean motivation; lowers withdrawal and return hazards")
      .number("motivation_spread", &HouseholdSettings::motivation_spread, 1, "0–1", in_range(0, 2),
              "Width of the spread around the mean: motivation = mean + spread × ((U₁ + U₂)/2 − ½), clamped to [0, 1]")
      .number("rural_preference_mean", &HouseholdSettings::rural_preference_mean, 0.4, "0–1", in_range(0, 1),
              "Mean preference for rural territories")
      .number("rural_preference_spread", &HouseholdSettings::rural_preference_spread, 1, "0–1", in_range(0, 2),
              "Width of the spread around the mean, as `motivation_spread`")
      .all_fixed(drawn_pool);
  return s;
}

Schema<PathwaySettings> pathway_schema() {
  Schema<PathwaySettings> s;
  s.number("intake_min_weeks", &PathwaySettings::intake_min_weeks, 0, "weeks", in_range(0, 520),
           "Shortest time from a free caseworker slot to enrolment (the coordinator's first call)")
      .number("intake_mean_weeks", &PathwaySettings::intake_mean_weeks, 2, "weeks", in_range(0, 520),
              "Mean extra time (exponential) from a free slot to enrolment")
      .number("diagnosis_min_weeks", &PathwaySettings::diagnosis_min_weeks, 3, "weeks", in_range(0, 520),
              "Shortest diagnosis and preparation before a territory is proposed")
      .number("diagnosis_mean_weeks", &PathwaySettings::diagnosis_mean_weeks, 8, "weeks", in_range(0, 520),
              "Mean extra diagnosis time (exponential); the programme says up to 6 months")
      .source("programme documents: diagnosis and preparation up to 6 months")
      .number("ineligible_share", &PathwaySettings::ineligible_share, 0.1, "share", in_range(0, 1),
              "Share of enrolled households found ineligible at the end of diagnosis")
      .number("immersion_min_weeks", &PathwaySettings::immersion_min_weeks, 1, "weeks", in_range(0, 520),
              "Shortest time to organise an immersion visit after the proposal")
      .flag("immersion_visits", &PathwaySettings::immersion_visits, true,
            "Whether households make an immersion visit before committing (lever: no immersion)")
      .number("decision_weeks", &PathwaySettings::decision_weeks, 2, "weeks", in_range(0, 520),
              "Time from the visit to the household's decision")
      .number("commit_share", &PathwaySettings::commit_share, 0.8, "share", in_range(0, 1),
              "Share of households committing after a visit (or after a proposal without visit)")
      .number("move_min_weeks", &PathwaySettings::move_min_weeks, 2, "weeks", in_range(0, 520),
              "Shortest time from a match to the move")
      .number("move_mean_weeks", &PathwaySettings::move_mean_weeks, 2, "weeks", in_range(0, 520),
              "Mean extra time (exponential) from a match to the move")
      .number("follow_up_weeks", &PathwaySettings::follow_up_weeks, 26, "weeks", in_range(1, 520),
              "Follow-up by a territory caseworker after the move (the programme says up to 6 months)")
      .source("programme documents: follow-up for up to 6 months")
      .number("withdrawal_per_year", &PathwaySettings::withdrawal_per_year, 0.8, "1/year", in_range(0, 1000),
              "Withdrawal hazard of a motivated-on-average household at every stage before the move")
      .number("withdrawal_motivation_offset", &PathwaySettings::withdrawal_motivation_offset, 1.5, "0–1", in_range(1, 100),
              "Withdrawal hazards are multiplied by (this − motivation): 1.5 makes the least motivated three times "
              "as likely to withdraw as the most")
      .number("committed_patience_weeks", &PathwaySettings::committed_patience_weeks, 12, "weeks", in_range(0, 520),
              "Waiting for a match longer than this raises the withdrawal hazard")
      .number("impatient_withdrawal_per_year", &PathwaySettings::impatient_withdrawal_per_year, 2.5, "1/year",
              in_range(0, 1000), "Withdrawal hazard after the patience has run out")
      .flag("direct_referral", &PathwaySettings::direct_referral, false,
            "The coordinator diagnoses candidates itself and refers matching profiles directly to a territory")
      .number("direct_referral_diagnosis_factor", &PathwaySettings::direct_referral_diagnosis_factor, 0.5, "factor",
              in_range(0, 1), "Diagnosis time multiplier under direct referral")
      .number("direct_referral_noise_factor", &PathwaySettings::direct_referral_noise_factor, 0.5, "factor",
              in_range(0, 1), "Multiplier on `fit_noise` under direct referral: the coordinator's profile matching")
      .number("fit_noise", &PathwaySettings::fit_noise, 0.5, "score", in_range(0, 100),
              "Scale of the household's idiosyncratic taste (Gumbel) when ranking territories")
      .number("territory_demand_weight", &PathwaySettings::territory_demand_weight, 0, "score", in_range(0, 1000),
              "Territory utility per unit of demand share: the smoothed share of the programme's vacancies that are "
              "in the household's sector. 0 by default: the public data used give no sector mix per département, so "
              "with one national mix (`labour.sector_job_shares`) the share differs between territories by chance "
              "only; a scenario that gives its territories their own `sector_job_shares` can weigh it")
      .number("territory_demand_prior", &PathwaySettings::territory_demand_prior, 1, "vacancies", in_range(0.001, 1e6),
              "Pseudo-vacancies per sector smoothing the demand share: (in sector + this) ÷ (all + this × 8 sectors)")
      .number("territory_dwelling_weight", &PathwaySettings::territory_dwelling_weight, 0.5, "score",
              in_range(0, 1000), "Territory utility of a free reserved dwelling of the household's size")
      .number("territory_rurality_weight", &PathwaySettings::territory_rurality_weight, 1, "score", in_range(0, 1000),
              "Territory utility of a perfect rural/urban fit: × (preference × rurality + (1 − preference) × "
              "(1 − rurality))")
      .number("territory_minutes_per_point", &PathwaySettings::territory_minutes_per_point, 600, "minutes",
              in_range(1, 1e6), "Travel time to Paris that costs one point of territory utility");
  return s;
}

Schema<AfterMoveSettings> after_move_schema() {
  Schema<AfterMoveSettings> s;
  s.number("return_per_year", &AfterMoveSettings::return_per_year, 0.15, "1/year", in_range(0, 1000),
           "Base hazard of returning to Île-de-France after the move")
      .number("return_motivation_offset", &AfterMoveSettings::return_motivation_offset, 1.5, "0–1", in_range(1, 100),
              "The return hazard is multiplied by (this − motivation), as `pathway.withdrawal_motivation_offset`")
      .number("return_factor_unemployed", &AfterMoveSettings::return_factor_unemployed, 4, "factor", in_range(0, 1000),
              "Return hazard multiplier while unemployed")
      .number("return_factor_no_car", &AfterMoveSettings::return_factor_no_car, 1.5, "factor", in_range(0, 1000),
              "Return hazard multiplier without a car")
      .number("return_factor_no_visit", &AfterMoveSettings::return_factor_no_visit, 2, "factor", in_range(0, 1000),
              "Return hazard multiplier for households that made no immersion visit")
      .number("return_isolation_per_hour", &AfterMoveSettings::return_isolation_per_hour, 0.1, "1/hour",
              in_range(0, 100),
              "Isolation: the return hazard is multiplied by 1 + this × the territory's travel time to Paris in hours "
              "(family and friends left behind; assumption)")
      .number("job_loss_per_year", &AfterMoveSettings::job_loss_per_year, 0.2, "1/year", in_range(0, 1000),
              "Hazard of a job breaking before its contract ends")
      .number("searches_per_year", &AfterMoveSettings::searches_per_year, 52, "1/year", in_range(0, 1000),
              "Job searches of an unemployed resident (a Poisson process): each looks at the step's local openings "
              "(assumption: about weekly)")
      .number("search_share", &AfterMoveSettings::search_share, 0.025, "share", in_range(0, 1),
              "Share of the step's local openings in its sector a search finds out about (assumption: 0.025 gives "
              "expansion-2021 about 3 jobs found per year of unemployment, the former constant hazard's rate)")
      .number("local_applicants_per_vacancy", &AfterMoveSettings::local_applicants_per_vacancy, 3, "applicants",
              in_range(0, 1000),
              "Local job seekers applying to a vacancy at the reference unemployment rate, scaled by the territory's "
              "unemployment rate ÷ `labour.reference_unemployment_rate`; the household gets a vacancy with "
              "probability (1 − e^(−m)) / m against m of them (assumption)")
      .number("follow_up_job_loss_factor", &AfterMoveSettings::follow_up_job_loss_factor, 0.75, "factor",
              in_range(0, 1000),
              "Job-loss hazard multiplier while the territory caseworker follows the household (assumption: the "
              "caseworker mediates with the employer)")
      .number("follow_up_search_factor", &AfterMoveSettings::follow_up_search_factor, 1.5, "factor",
              in_range(0, 1000),
              "Multiplier of `search_share` while followed, at most 1 in all (assumption: the caseworker's help "
              "with the search)")
      .number("follow_up_return_factor", &AfterMoveSettings::follow_up_return_factor, 0.5, "factor", in_range(0, 1000),
              "Return hazard multiplier while followed (assumption: support through the first months)");
  return s;
}

Schema<MatchingSettings> matching_schema() {
  Schema<MatchingSettings> s;
  s.choice("mechanism", &MatchingSettings::mechanism, MatchingMechanism::greedy, matching_mechanism_names,
           "How committed households are matched to vacancies and dwellings")
      .number("car_commute_minutes", &MatchingSettings::car_commute_minutes, 45, "minutes", in_range(0, 600),
              "Longest commute by car")
      .number("local_commute_minutes", &MatchingSettings::local_commute_minutes, 15, "minutes", in_range(0, 600),
              "Longest commute without a car (walking, cycling, local bus)")
      .number("transit_commute_minutes", &MatchingSettings::transit_commute_minutes, 60, "minutes", in_range(0, 600),
              "Longest public-transport commute between service hubs")
      .number("rent_budget_base_eur", &MatchingSettings::rent_budget_base_eur, 350, "€/month", in_range(0, 1e5),
              "Affordable rent for a one-person household")
      .number("rent_budget_per_person_eur", &MatchingSettings::rent_budget_per_person_eur, 110, "€/month",
              in_range(0, 1e5), "Extra affordable rent per additional person")
      .number("qualification_tolerance", &MatchingSettings::qualification_tolerance, 1, "levels", in_range(0, 3),
              "How many levels below a vacancy's requirement a household may be (training on the job)")
      .integer("max_extra_rooms", &MatchingSettings::max_extra_rooms, 2, "rooms", in_range(0, 10),
               "Rooms a dwelling may have beyond those the household needs")
      .numbers("contract_values", &MatchingSettings::contract_values, std::vector<double>{1, 0.6, 0.3, 0.8}, "score",
               numbers_in(contract_count, -100, 100),
               "Household's score of a vacancy by contract: permanent, fixed-term, seasonal, training")
      .number("employer_score_base", &MatchingSettings::employer_score_base, 0.5, "score", in_range(-100, 100),
              "Employer's score of a household: this + `employer_score_per_motivation` × motivation + "
              "`employer_score_per_qualification_level` × (qualification − required)")
      .number("employer_score_per_motivation", &MatchingSettings::employer_score_per_motivation, 0.5, "score",
              in_range(-100, 100), "Employer's score per unit of motivation (0–1)")
      .number("employer_score_per_qualification_level", &MatchingSettings::employer_score_per_qualification_level,
              0.1, "score", in_range(-100, 100), "Employer's score per qualification level above the requirement")
      .number("dwelling_score_base", &MatchingSettings::dwelling_score_base, 2, "score", in_range(-100, 100),
              "Household's score of a dwelling: this − `dwelling_score_per_commute` × min(1, car minutes to the "
              "employer ÷ `car_commute_minutes`)")
      .number("dwelling_score_per_commute", &MatchingSettings::dwelling_score_per_commute, 1, "score",
              in_range(-100, 100), "Household's score lost per unit of commute relative to the car limit")
      .number("landlord_score_base", &MatchingSettings::landlord_score_base, 1, "score", in_range(-100, 100),
              "Landlord's score of a household: this − `landlord_score_per_extra_room` × (rooms − rooms needed)")
      .number("landlord_score_per_extra_room", &MatchingSettings::landlord_score_per_extra_room, 0.2, "score",
              in_range(-100, 100), "Landlord's score lost per room beyond the household's need");
  return s;
}

Schema<HousingSettings> housing_schema() {
  Schema<HousingSettings> s;
  s.number("social_turnover_per_year", &HousingSettings::social_turnover_per_year, 0.25, "1/year", in_range(0, 100),
           "Rate at which an occupied social dwelling falls vacant (every 4 years in Aurillac)")
      .source("social housing frees up every 4 years in Aurillac (\"Des clés dans la poche\", 2018)")
      .number("private_turnover_per_year", &HousingSettings::private_turnover_per_year, 0.12, "1/year",
              in_range(0, 100), "Rate at which an occupied private dwelling falls vacant")
      .number("social_rent_per_room_eur", &HousingSettings::social_rent_per_room_eur, 95, "€/month", in_range(0, 1e4),
              "Mean social rent per room (private dwellings carry no rent: the programme's dwellings are social)")
      .fixed(drawn_stock)
      .number("rent_draw_low", &HousingSettings::rent_draw_low, 0.8, "factor", in_range(0, 10),
              "A social dwelling's rent is rooms × `social_rent_per_room_eur` × (this + `rent_draw_width` × U), U uniform "
              "on [0, 1)")
      .fixed(drawn_stock)
      .number("rent_draw_width", &HousingSettings::rent_draw_width, 0.4, "factor", in_range(0, 10),
              "Width of the rent factor's uniform spread (0.8 + 0.4 U: rent per room ± 20 %)")
      .fixed(drawn_stock)
      .numbers("rooms_weights", &HousingSettings::rooms_weights, std::vector<double>{0.06, 0.12, 0.22, 0.27, 0.19, 0.14},
               "weight", numbers_in(6, 0, large), "Relative frequency of dwellings with 1 to 6 rooms")
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
      .number("programme_visible_share", &LabourSettings::programme_visible_share, 0.02, "share", in_range(0, 1),
              "Share of partner employers' vacancies offered to programme participants")
      .number("vacancy_weeks", &LabourSettings::vacancy_weeks, 10, "weeks", in_range(0.1, 520),
              "Time after which an unfilled vacancy expires")
      .number("local_fill_per_year", &LabourSettings::local_fill_per_year, 6, "1/year", in_range(0, 1000),
              "Hazard of a vacancy being filled by a local job seeker at the reference unemployment rate")
      .number("reference_unemployment_rate", &LabourSettings::reference_unemployment_rate, 0.1, "share",
              in_range(0.001, 1), "Unemployment rate at which local filling runs at its reference hazard")
      .number("hard_to_fill_share", &LabourSettings::hard_to_fill_share, 0.5, "share", in_range(0, 1),
              "Share of hiring projects employers expect to be hard to fill (locally never filled)")
      .numbers("sector_job_shares", &LabourSettings::sector_job_shares,
               std::vector<double>{0.07, 0.04, 0.17, 0.05, 0.13, 0.06, 0.12, 0.36}, "weight",
               numbers_in(sector_count, 0, large), "Jobs by sector, same order as households.sector_weights")
      .numbers("contract_weights", &LabourSettings::contract_weights, std::vector<double>{0.35, 0.4, 0.15, 0.1}, "weight",
               numbers_in(contract_count, 0, large), "Contract types: permanent, fixed-term, seasonal, training")
      .numbers("qualification_weights", &LabourSettings::qualification_weights, std::vector<double>{0.4, 0.35, 0.18, 0.07},
               "weight", numbers_in(4, 0, large), "Qualification a vacancy requires, levels 0 … 3")
      .number("fixed_term_weeks", &LabourSettings::fixed_term_weeks, 26, "weeks", in_range(1, 520),
              "Length of a fixed-term contract")
      .number("seasonal_weeks", &LabourSettings::seasonal_weeks, 16, "weeks", in_range(1, 520),
              "Length of a seasonal contract")
      .number("training_weeks", &LabourSettings::training_weeks, 40, "weeks", in_range(1, 520),
              "Length of a training or apprenticeship contract")
      .numbers("summer_seasonality", &LabourSettings::summer_seasonality,
               std::vector<double>{0.6, 0.6, 0.8, 1.0, 1.3, 1.6, 1.7, 1.5, 1.1, 0.8, 0.6, 0.6}, "factor",
               numbers_in(12, 0, 100), "Monthly hiring multipliers (Jan … Dec) for agriculture and hospitality")
      .number("employer_mean_size", &LabourSettings::employer_mean_size, 12, "jobs", in_range(1, 1e5),
              "Mean jobs per employer")
      .fixed(drawn_employers)
      .number("partner_share", &LabourSettings::partner_share, 0.2, "share", in_range(0, 1),
              "Share of employers that are partners of the programme")
      .fixed(drawn_employers)
      .number("licence_required_share", &LabourSettings::licence_required_share, 0.2, "share", in_range(0, 1),
              "Share of vacancies that require a driving licence: deliveries, home care, building sites, farm work; "
              "only licence holders may take them, with a car or without one (assumption: no public figure at hand)");
  return s;
}

Schema<SynthesisSettings> synthesis_schema() {
  const SynthesisParameters tuned;  // the defaults, tuned to the pilots' real communes (commune_synthesis.hpp)
  const std::string tuning = "tuned to the real communes of the six 2019 pilot départements (tests/models/foundations/test_commune_graph.cpp)";
  Schema<SynthesisSettings> s;
  s.number("rank_size_exponent", &SynthesisSettings::rank_size_exponent, tuned.rank_size_exponent, "exponent",
           in_range(0, 10), "Rank-size rule: the commune of rank r has a population ∝ r^−exponent before noise")
      .source("Zipf's law (≈ 1); " + tuning)
      .number("population_noise", &SynthesisSettings::population_noise, tuned.population_noise, "log sd", in_range(0, 10),
              "Standard deviation of the log-normal noise on each rank-size weight")
      .source(tuning)
      .integer("main_towns", &SynthesisSettings::main_towns, tuned.main_towns, "communes", in_range(1, 1000),
               "The most populous communes, placed first and apart from each other")
      .source(tuning)
      .number("largest_town_offset", &SynthesisSettings::largest_town_offset, tuned.largest_town_offset, "radii",
              in_range(0, 1), "Distance of the largest town from the centre (radius: that of a disc of the area)")
      .source("pilot préfectures lie 0.04–1.4 radii from their communes' centroid; " + tuning)
      .number("main_town_spacing", &SynthesisSettings::main_town_spacing, tuned.main_town_spacing, "radii",
              in_range(0, 2), "Least distance between two main towns")
      .source("pilot main towns lie 0.4–1.8 radii apart; " + tuning)
      .number("satellite_share", &SynthesisSettings::satellite_share, tuned.satellite_share, "share", in_range(0, 1),
              "Probability that another commune sits next to a main town (suburbs, commuter belts)")
      .source(tuning)
      .number("elongation", &SynthesisSettings::elongation, tuned.elongation, "ratio", in_range(1, 10),
              "Major over minor axis of the ellipse the communes fill")
      .source(tuning)
      .number("position_jitter", &SynthesisSettings::position_jitter, tuned.position_jitter, "spacing",
              in_range(0, 2), "Jitter of each position, as a fraction of the mean spacing between communes")
      .source(tuning)
      .integer("seed", &SynthesisSettings::seed, 0, "", at_least(0),
               "Seed of the synthetic communes: the same geography whatever the run's seed")
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
      .text("commune_housing_file", &GeographySettings::commune_housing_file, "", any_value(),
            "CSV of each commune's main residences and vacant dwellings (INSEE layout), where a territory's occupied "
            "and vacant dwellings are placed; needs `communes_file`. Empty: dwellings placed in proportion to the "
            "communes' populations. Relative paths resolve like `communes_file`")
      .integer("nearest_neighbours", &GeographySettings::nearest_neighbours, roads.nearest_neighbours, "links",
               in_range(1, 50), "Road links from each commune to its nearest neighbours")
      .number("road_detour_factor", &GeographySettings::road_detour_factor, roads.road_detour_factor, "factor",
              in_range(1, 5), "Road distance over straight-line distance")
      .source("the usual ratio for French rural roads (assumption)")
      .number("car_speed_kmh", &GeographySettings::car_speed_kmh, roads.car_speed_kmh, "km/h", in_range(1, 200),
              "Mean road speed")
      .number("public_transport_speed_kmh", &GeographySettings::public_transport_speed_kmh,
              roads.public_transport_speed_kmh, "km/h", in_range(1, 300), "Mean public-transport speed between hubs")
      .number("transit_wait_minutes", &GeographySettings::transit_wait_minutes, roads.transit_wait_minutes, "minutes",
              in_range(0, 600), "Minutes added to every public-transport link: walking to the stop, waiting, boarding")
      .integer("transit_links_per_hub", &GeographySettings::transit_links_per_hub, roads.transit_links_per_hub,
               "links", in_range(0, 50), "Public-transport links from each hub to its nearest hubs")
      .number("walk_bike_speed_kmh", &GeographySettings::walk_bike_speed_kmh, roads.walk_bike_speed_kmh, "km/h",
              in_range(1, 50), "Speed of walking and cycling along the roads, for households without a car")
      .source("cycling ≈ 15 km/h, walking ≈ 5 km/h (assumption)")
      .integer("hub_min_population", &GeographySettings::hub_min_population, hubs.min_population, "inhabitants",
               in_range(0, 1e8), "Communes at least this large are service hubs with public transport")
      .integer("hub_min_count", &GeographySettings::hub_min_count, hubs.min_count, "communes", in_range(1, 1000),
               "The largest communes of each territory that are hubs whatever their size (Lozère keeps its "
               "préfecture and sous-préfectures)")
      .all_fixed(built_geography)
      .section("synthesis", &GeographySettings::synthesis, synthesis_schema(),
               "How communes are synthesised from a territory's figures when no communes file is given");
  return s;
}

Schema<MobilityAidSettings> mobility_aid_schema() {
  Schema<MobilityAidSettings> s;
  s.choice("offered_at", &MobilityAidSettings::offered_at, AidOffer::none, aid_offer_names,
           "When the programme offers mobility aid: `none`; `enrolment` (the diagnosis lasts until the licence, which "
           "then counts in the match); `match` (the move waits for the licence; it counts only after the move)")
      .number("licence_take_up", &MobilityAidSettings::licence_take_up, 0.7, "share", in_range(0, 1),
              "Share of offered households without a licence who start a driving course (assumption)")
      .number("licence_pass_share", &MobilityAidSettings::licence_pass_share, 0.6, "share", in_range(0, 1),
              "Share of the courses that end with the licence (assumption: first-attempt pass rates of the practical "
              "test are close to 60 %)")
      .number("licence_weeks", &MobilityAidSettings::licence_weeks, 16, "weeks", in_range(0, 260),
              "From the start of the course to the licence; the household waits (assumption: about four months "
              "of lessons)")
      .number("car_take_up", &MobilityAidSettings::car_take_up, 0.5, "share", in_range(0, 1),
              "Share of offered licence holders without a car who take the help to a car (assumption)")
      .number("car_rental_months", &MobilityAidSettings::car_rental_months, 0, "months", in_range(0, 120),
              "Months of car rental the aid pays after the move for each car it helps to (priced by "
              "`cost.car_rental_eur_per_month`)")
      .fixed("the rental is priced after the run, like the other costs");
  return s;
}

Schema<CostSettings> cost_schema() {
  Schema<CostSettings> s;
  s.number("origin_caseworker_eur_per_year", &CostSettings::origin_caseworker_eur_per_year, 45000, "€/year",
           in_range(0, 1e7), "Full cost of one Île-de-France caseworker (assumption)")
      .number("territory_caseworker_eur_per_year", &CostSettings::territory_caseworker_eur_per_year, 45000, "€/year",
              in_range(0, 1e7), "Full cost of one territory caseworker (assumption)")
      .number("enrolment_eur", &CostSettings::enrolment_eur, 300, "€/household", in_range(0, 1e7),
              "Diagnosis and skills assessment per enrolled household, beyond caseworker time (assumption)")
      .number("immersion_visit_eur", &CostSettings::immersion_visit_eur, 700, "€/visit", in_range(0, 1e7),
              "Travel and a week's stay for an immersion visit (assumption)")
      .number("move_eur", &CostSettings::move_eur, 1500, "€/household", in_range(0, 1e7),
              "Moving costs reimbursed per household (assumption)")
      .number("hotel_night_eur", &CostSettings::hotel_night_eur, 19.5, "€/person/night", in_range(0, 1e4),
              "Emergency hotel night in Île-de-France: about 21 € in Paris, 18 € elsewhere (press, Jan 2021)")
      .source("press, January 2021: about 21 € a night in Paris, 18 € elsewhere in Île-de-France")
      .number("shelter_night_eur", &CostSettings::shelter_night_eur, 17.5, "€/person/night", in_range(0, 1e4),
              "Shelter night avoided by a move: a CHRS place's yearly cost ÷ 365")
      .source("Senate report (November 2020), cited by Brief.me (10/02/2021): a CHRS shelter place costs 6,400 € a "
              "year, a hotel place nearly 7,000 €")
      .number("licence_course_eur", &CostSettings::licence_course_eur, 1800, "€/course", in_range(0, 1e6),
              "A driving course paid by the mobility aid, passed or not (assumption: a usual driving-school price)")
      .number("car_aid_eur", &CostSettings::car_aid_eur, 3000, "€/car", in_range(0, 1e6),
              "Help to a car: purchase aid or micro-credit subsidy per car (assumption)")
      .number("car_rental_eur_per_month", &CostSettings::car_rental_eur_per_month, 300, "€/month", in_range(0, 1e5),
              "A month of car rental paid by the mobility aid (assumption)")
      .all_fixed("prices apply to the whole run: the cost is computed after it");
  return s;
}

Schema<TerritorySettings> territory_schema() {
  Schema<TerritorySettings> s;
  s.text("code", &TerritorySettings::code, std::nullopt, any_value(), "Département code (INSEE)")
      .text("name", &TerritorySettings::name, std::nullopt, any_value(), "Département name")
      .text("cohort", &TerritorySettings::cohort, "pilot-2019", any_value(), "Cohort the territory belongs to")
      .date("join_date", &TerritorySettings::join_date, std::nullopt, "Date the territory starts hosting")
      .number("travel_minutes_to_paris", &TerritorySettings::travel_minutes_to_paris, std::nullopt, "minutes",
              in_range(0, 2000), "Travel time to Paris from the main town")
      .integer("communes", &TerritorySettings::communes, std::nullopt, "communes", in_range(1, 5000),
               "Number of communes (INSEE)")
      .source("INSEE, recensement de la population 2021")
      .fixed(built_geography)
      .integer("population", &TerritorySettings::population, std::nullopt, "inhabitants", in_range(1, 1e8),
               "Population (INSEE)")
      .source("INSEE, recensement de la population 2021")
      .fixed(built_geography)
      .number("area_km2", &TerritorySettings::area_km2, std::nullopt, "km²", in_range(1, 1e6), "Area")
      .source("INSEE, areas of the communes")
      .fixed(built_geography)
      .number("centre_latitude", &TerritorySettings::centre_latitude, 46.5, "degrees", in_range(41, 52),
              "Latitude of the territory's centre")
      .fixed(built_geography)
      .number("centre_longitude", &TerritorySettings::centre_longitude, 2.5, "degrees", in_range(-6, 10),
              "Longitude of the territory's centre")
      .fixed(built_geography)
      .integer("main_residences", &TerritorySettings::main_residences, std::nullopt, "dwellings", in_range(0, 1e8),
               "Occupied main residences (INSEE); every one is simulated")
      .source("INSEE, recensement de la population 2021")
      .fixed(drawn_stock)
      .integer("vacant_dwellings", &TerritorySettings::vacant_dwellings, std::nullopt, "dwellings", in_range(0, 1e8),
               "Vacant dwellings (INSEE); every one is simulated")
      .source("INSEE, recensement de la population 2021")
      .fixed(drawn_stock)
      .number("social_share", &TerritorySettings::social_share, 0.12, "share", in_range(0, 1),
              "Share of the stock that is social housing")
      .fixed(drawn_stock)
      .number("frictional_vacancy_rate", &TerritorySettings::frictional_vacancy_rate, 0.06, "share",
              in_range(0, 1),
              "Vacancy the housing market needs to turn over (dwellings between two tenants), as a share of all "
              "dwellings. Vacant dwellings beyond it are structurally vacant — never let locally: a share "
              "max(0, 1 − this × dwellings ÷ vacant) of the vacant ones")
      .source("assumption: a vacancy rate of about 6 % is commonly taken as that of a fluid market; the public "
              "data used have no count of long-term vacancy")
      .fixed(drawn_stock)
      .integer("active", &TerritorySettings::active, std::nullopt, "persons", in_range(0, 1e8),
               "Active population aged 15–64 (INSEE)")
      .source("INSEE, recensement de la population 2021")
      .integer("unemployed", &TerritorySettings::unemployed, std::nullopt, "persons", in_range(0, 1e8),
               "Unemployed aged 15–64 (INSEE census definition)")
      .source("INSEE, recensement de la population 2021")
      .integer("jobs", &TerritorySettings::jobs, std::nullopt, "jobs", in_range(0, 1e8), "Jobs at place of work (INSEE)")
      .source("INSEE, recensement de la population 2018 (jobs at place of work)")
      .numbers("sector_job_shares", &TerritorySettings::sector_job_shares, std::vector<double>{}, "weight",
               sector_weights_or_none, "The territory's jobs by sector, in the order of `labour.sector_job_shares`; "
               "empty: that national mix")
      .integer("caseworkers", &TerritorySettings::caseworkers, 2, "caseworkers", in_range(0, 1e5),
               "Host-territory caseworkers following moved households")
      .integer("caseload", &TerritorySettings::caseload, 10, "households/caseworker", in_range(1, 1000),
               "Households one territory caseworker follows at once")
      .integer("immersion_slots_per_month", &TerritorySettings::immersion_slots_per_month, 4, "visits/month",
               in_range(0, 1e5), "Immersion visits the territory can host per calendar month")
      .integer("reserved_dwellings", &TerritorySettings::reserved_dwellings, 10, "dwellings", in_range(0, 1e6),
               "Social dwellings reserved for the programme (replenished from vacant social dwellings)")
      .integer("pipeline_capacity", &TerritorySettings::pipeline_capacity, 30, "households", in_range(0, 1e6),
               "Households the territory accepts at once between proposal and move")
      .number("rurality", &TerritorySettings::rurality, 0.5, "0–1", in_range(0, 1),
              "How rural the territory is (for households' preferences)");
  return s;
}

Schema<EventSettings> event_schema() {
  Schema<EventSettings> s;
  s.date("date", &EventSettings::date, std::nullopt, "When the change takes effect (from the step containing it)")
      .choice("kind", &EventSettings::kind, std::nullopt, event_kind_names, "What happens")
      .text("key", &EventSettings::key, "", any_value(), "For `set`: the dotted key of the parameter that changes")
      .number("value", &EventSettings::value, 0, "", any_value(), "For `set`: the new value (booleans as 0 or 1)")
      .number("weeks", &EventSettings::weeks, 8, "weeks", in_range(0, 520), "For `lockdown`: how long it lasts")
      .number("hiring_factor", &EventSettings::hiring_factor, 0.2, "factor", in_range(0, 1),
              "For `lockdown`: multiplier on vacancy openings while it lasts")
      .number("matching_factor", &EventSettings::matching_factor, 1, "probability", in_range(0, 1),
              "For `lockdown`: while it lasts, each match found goes ahead with this probability; the others wait "
              "for a later step (employers and landlords put off hiring and letting). Matched households still move")
      .number("visit_weeks", &EventSettings::visit_weeks, 8, "weeks", in_range(0, 520),
              "For `lockdown`: how long, from its date, immersion visits are restricted (the visits planned meanwhile "
              "wait); 8 as the default `weeks`")
      .number("visit_factor", &EventSettings::visit_factor, 0, "factor", in_range(0, 1),
              "For `lockdown`: multiplier on each territory's monthly immersion slots while visits are restricted "
              "(0: none takes place)")
      .all_fixed("the events are the run's timeline: an event cannot change another");
  return s;
}

Schema<LeverSettings> lever_schema() {
  Schema<LeverSettings> s;
  s.text("key", &LeverSettings::key, std::nullopt, any_value(), "Dotted key of a numeric or boolean parameter")
      .number("min", &LeverSettings::min, std::nullopt, "", any_value(), "Lowest value explored")
      .number("max", &LeverSettings::max, std::nullopt, "", any_value(), "Highest value explored")
      .all_fixed("levers describe analyses of the run, not the run");
  return s;
}

Schema<Scenario> build_schema() {
  Schema<Scenario> s;
  s.section("run", &Scenario::run, run_schema(), "Dates, step, seed and replications")
      .section("origin", &Scenario::origin, origin_schema(), "Île-de-France: pool, referrals, caseworkers")
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
      .list("territory", &Scenario::territories, territory_schema(), "Host territories")
      .list("event", &Scenario::events, event_schema(), "Dated changes")
      .list("lever", &Scenario::levers, lever_schema(), "Levers and their ranges, for `emile sensitivity`");
  return s;
}

}  // namespace

const sim::Schema<Scenario>& scenario_schema() {
  static const sim::Schema<Scenario> schema = build_schema();
  return schema;
}

}  // namespace emile::models
