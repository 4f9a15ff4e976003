// The declaration of the programme's parameters — the run, the origins, the households, their pathway and life
// after the move, matching, the mobility aid and the prices: key, default, unit, rule, meaning, source and what
// raising each does (scenario_schema.cpp assembles the whole schema).
#include "schema_parts.hpp"

#include "emile/models/foundations/matching.hpp"
#include "emile/models/foundations/sector.hpp"

namespace emile::models::schema {
namespace {

// Why parameters read only before the run cannot change during it (Schema::fixed).
const std::string drawn_pool = "the eligible pool is drawn, profiles included, when the run starts";
// Why a score's base changes greedy and deferred-acceptance matches by no more than noise (Schema::within_noise),
// and what it does under optimal.
const std::string ranking_only =
    "greedy and deferred acceptance follow the order of the scores, which a constant added to every pair's score "
    "leaves unchanged but for rounding among near-ties";
const std::string optimal_drops_pairs = "`optimal` never takes a pair whose combined score is 0 or below";
// Why a score weight changes how many households match by no more than noise (Schema::within_noise).
const std::string reorders_contested =
    "it decides which of the households that fit a contested vacancy or dwelling gets it, not how many are matched";
// The setting in which the demand-for-skills term of territory choice counts: every household and every job of
// Cantal (15) in one sector, the other territories on the national mix.
const Schema<PathwaySettings>::Setting sector_specialised_territory_unweighted{
    {"households.sector_weights", "[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]"},
    {"territory.15.sector_job_shares", "[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]"}};
Schema<PathwaySettings>::Setting with_demand_weight(Schema<PathwaySettings>::Setting setting) {
  setting.emplace_back("pathway.territory_demand_weight", "3.0");
  return setting;
}
const Schema<PathwaySettings>::Setting sector_specialised_territory =
    with_demand_weight(sector_specialised_territory_unweighted);

}  // namespace

Schema<RunSettings> run_schema() {
  Schema<RunSettings> s;
  s.text("name", &RunSettings::name, std::nullopt, any_value(), "Scenario name, recorded with the results")
      .inert("a label")
      .date("start_date", &RunSettings::start_date, std::nullopt, "First day of the run (first day of step 0)")
      .lowers("moved_households", "2019-06-14", "2019-10-01")
      .date("end_date", &RunSettings::end_date, std::nullopt, "Last day to simulate; the run covers it with whole steps")
      .raises("moved_households", "2020-03-31", "2020-06-30")
      .integer("step_days", &RunSettings::step_days, 7, "days", in_range(1, 31), "Length of a step")
      .lowers("moved_households", "7", "14", {}, "each wait ends in the step that holds its end, so longer steps lengthen "
              "the pathway: step_days is the model's time resolution, not a behavioural parameter")
      .integer("seed", &RunSettings::seed, 1, "", at_least(0), "Seed of every random stream; `--seed` overrides it")
      .inert("it chooses the random draws: outcomes change by noise only, which replications average out")
      .integer("replications", &RunSettings::replications, 1, "", in_range(1, 100000),
               "Replications (independent random worlds); `-r` overrides it")
      .inert("each replication's outcomes are the same whatever their number; more of them narrow the intervals")
      .choice("world", &RunSettings::world, WorldDraw::shared, world_draw_names,
              "Whether the replications share one world — dwellings, employers and the vacancies open at the start, "
              "drawn from the seed (`shared`) — or each draws its own (`per_replication`). Shared, a replication "
              "costs a fraction of a run and the bands show the dynamics' spread for that world; per replication, "
              "they include the spread between worlds too (docs/ODD.md, \"Worlds\")")
      .within_noise("moved_households", "either way the world is drawn from the same distributions",
                    "\"per_replication\"", "\"shared\"")
      .all_fixed("the run's dates, step, seed, replications and world hold for the whole run");
  return s;
}

Schema<OriginSettings> origin_schema() {
  Schema<OriginSettings> s;
  s.text("code", &OriginSettings::code, "IDF", any_value(),
         "Code of the origin region: unique among the origins and the territories (its row in the results)")
      .inert("a label")
      .text("name", &OriginSettings::name, "Île-de-France", any_value(), "Name of the origin region")
      .inert("a label")
      .date("join_date", &OriginSettings::join_date, from_the_start,
            "First day it refers households (its backlog, `initial_referred`, in that step); 1900-01-01, the "
            "default, or any day up to the run's start: from the start")
      .fixed("an origin's dates are the run's timeline")
      .lowers("referred_households", "2019-06-14", "2019-10-01")
      .integer("eligible_households", &OriginSettings::eligible_households, 5000, "households", in_range(0, 1e7),
               "Size of the origin's synthetic eligible pool (assumption)")
      .fixed(drawn_pool)
      .inert("the pool outlasts the shipped scenarios' referrals, which draw from it in order", "6000", "9000")
      .raises("referred_households", "50", "500")
      .integer("initial_referred", &OriginSettings::initial_referred, 0, "households", in_range(0, 1e7),
               "Households already referred when it joins (backlog)")
      .fixed("households referred when the origin joins, in that step")
      .raises("referred_households", "0", "200")
      .number("referrals_per_year", &OriginSettings::referrals_per_year, 300, "households/year", in_range(0, 1e7),
              "Rate at which social workers refer households from the pool")
      .raises("referred_households", "100", "600")
      .integer("caseworkers", &OriginSettings::caseworkers, 20, "caseworkers", in_range(0, 1e6),
               "The origin's caseworkers (operators' social workers)")
      .raises("enrolled_households", "1", "20")
      .integer("caseload", &OriginSettings::caseload, 12, "households/caseworker", in_range(1, 1000),
               "Households one of its caseworkers follows at once")
      .raises("enrolled_households", "1", "12")
      .text("hosts", &OriginSettings::hosts, "", any_value(),
            "Codes of the host territories it sends households to, separated by spaces; empty, the default: every "
            "host. Every host must be one some origin sends to")
      .fixed("the territories an origin works with are part of the scenario's layout")
      .lowers("moved_households of the origin", "", "", {},
              "sending to fewer hosts; every host must keep an origin, so it is checked with two origins in "
              "tests/models/pathway/test_origins.cpp")
      .choice("travel_minutes_from", &OriginSettings::travel_minutes_from, TravelFrom::paris, travel_from_names,
              "How its travel time to each host is had: `paris`, each host's declared `travel_minutes_to_paris` (an "
              "origin around Paris); `centre`, the great-circle distance from this origin's centre to the host's × "
              "geography.road_detour_factor ÷ geography.long_distance_speed_kmh (the rule of "
              "scenarios/tools/make_national.py). The time weighs the proposal of a territory and the return hazard")
      .fixed("an origin's travel rule is part of the scenario's layout")
      .within_noise("moved_households",
                    "the rule reproduces the pilot hosts' declared journeys to Paris within about 45 minutes: it moves "
                    "proposals between territories, not their number", "\"paris\"", "\"centre\"")
      .number("centre_latitude", &OriginSettings::centre_latitude, 48.8566, "degrees", in_range(-90, 90),
              "Latitude of the origin's centre, where travel is measured from with travel_minutes_from = `centre` "
              "(default: central Paris)")
      .inert("the shipped origins take the declared journeys to Paris (travel_minutes_from = \"paris\"); with "
             "\"centre\", moving the origin lengthens or shortens every journey from it", "45.0", "49.0")
      .number("centre_longitude", &OriginSettings::centre_longitude, 2.3522, "degrees", in_range(-180, 180),
              "Longitude of the origin's centre, as centre_latitude")
      .inert("as centre_latitude", "2.0", "5.0")
      .number("hotel_night_eur", &OriginSettings::hotel_night_eur, 19.5, "€/person/night", in_range(0, 1e4),
              "Emergency hotel night in the origin, avoided by a move: in Île-de-France about 21 € in Paris, 18 € "
              "elsewhere (press, Jan 2021)")
      .source("press, January 2021: about 21 € a night in Paris, 18 € elsewhere in Île-de-France")
      .fixed("prices apply to the whole run: the cost is computed after it")
      .raises("cost_avoided_eur", "0", "40")
      .number("shelter_night_eur", &OriginSettings::shelter_night_eur, 17.5, "€/person/night", in_range(0, 1e4),
              "Shelter night in the origin, avoided by a move: a CHRS place's yearly cost ÷ 365")
      .source("Senate report (November 2020), cited by Brief.me (10/02/2021): a CHRS shelter place costs 6,400 € a "
              "year, a hotel place nearly 7,000 €")
      .fixed("prices apply to the whole run: the cost is computed after it")
      .raises("cost_avoided_eur", "0", "40");
  return s;
}

Schema<HouseholdSettings> household_schema() {
  Schema<HouseholdSettings> s;
  s.numbers("adults_weights", &HouseholdSettings::adults_weights, std::vector<double>{0.75, 0.25}, "weight",
            numbers_in(2, 0, large), "Relative frequency of 1 and 2 adults")
      .raises("enrolled_persons", "[1.0, 0.0]", "[0.0, 1.0]")
      .numbers("children_weights", &HouseholdSettings::children_weights, std::vector<double>{0.72, 0.14, 0.08, 0.04, 0.02},
               "weight", numbers_in(5, 0, large), "Relative frequency of 0 to 4 children")
      .raises("enrolled_persons", "[1.0, 0.0, 0.0, 0.0, 0.0]", "[0.0, 0.0, 0.0, 0.0, 1.0]")
      .numbers("sector_weights", &HouseholdSettings::sector_weights,
               std::vector<double>{0.16, 0.06, 0.16, 0.16, 0.08, 0.12, 0.12, 0.14}, "weight",
               numbers_in(sector_count, 0, large),
               "Main skill's sector: construction, agriculture, care, hospitality, industry, logistics, retail, services")
      .lowers("moved_households", "[0.07, 0.04, 0.17, 0.05, 0.13, 0.06, 0.12, 0.36]",
              "[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]")  // from the jobs' own mix to the sector with fewest jobs
      .numbers("qualification_weights", &HouseholdSettings::qualification_weights, std::vector<double>{0.35, 0.35, 0.2, 0.1},
               "weight", numbers_in(4, 0, large), "Qualification level 0 (none), 1 (CAP/BEP), 2 (bac), 3 (higher)")
      .raises("moved_households", "[1.0, 0.0, 0.0, 0.0]", "[0.0, 0.0, 0.0, 1.0]", {{"matching.qualification_tolerance", "0.0"}})
      .numbers("situation_weights", &HouseholdSettings::situation_weights, std::vector<double>{0.28, 0.22, 0.25, 0.25},
               "weight", numbers_in(4, 0, large),
               "Housing situation when referred: emergency hotel, shelter, hosted by third parties, overcrowded. "
               "A moved household's emergency accommodation is priced as avoided by hotel or shelter")
      .source("hotel : shelter as the 40,056 people in hotels a night to the 30,819 generalist shelter places in "
              "Île-de-France (2019; inspection report on the Île-de-France SIAO, DRIHL data); hosted and overcrowded "
              "households half the pool, equally (assumption)")
      .raises("cost_avoided_eur", "[0.0, 0.0, 1.0, 0.0]", "[1.0, 0.0, 0.0, 0.0]")
      .number("licence_share", &HouseholdSettings::licence_share, 0.35, "share", in_range(0, any_share),
              "Share of households with a driving licence")
      .raises("moved_households", "0", "1")
      .number("car_share_with_licence", &HouseholdSettings::car_share_with_licence, 0.4, "share", in_range(0, any_share),
              "Share of licence holders with a car")
      .raises("moved_households", "0", "1")
      .number("motivation_mean", &HouseholdSettings::motivation_mean, 0.6, "0–1", in_range(0, 1),
              "Mean motivation; lowers withdrawal and return hazards")
      .lowers("withdrawn_households", "0.1", "0.9")
      .number("motivation_spread", &HouseholdSettings::motivation_spread, 1, "0–1", in_range(0, 2),
              "Width of the spread around the mean: motivation = mean + spread × ((U₁ + U₂)/2 − ½), clamped to [0, 1]")
      .within_noise("moved_households",
                    "motivation shifts each household's withdrawal and return hazards up or down about the mean's",
                    "0", "2")
      .number("rural_preference_mean", &HouseholdSettings::rural_preference_mean, 0.4, "0–1", in_range(0, 1),
              "Mean preference for rural territories")
      .raises("moved_households in territory 48", "0", "1")  // Lozère, the pilot's most rural territory
      .number("rural_preference_spread", &HouseholdSettings::rural_preference_spread, 1, "0–1", in_range(0, 2),
              "Width of the spread around the mean, as `motivation_spread`")
      .within_noise("moved_households", "tastes spread about the same mean move households between territories", "0", "2")
      .all_fixed(drawn_pool);
  return s;
}

Schema<PathwaySettings> pathway_schema() {
  Schema<PathwaySettings> s;
  s.number("intake_min_weeks", &PathwaySettings::intake_min_weeks, 0, "weeks", in_range(0, 520),
           "Shortest time from a free caseworker slot to enrolment (the coordinator's first call)")
      .lowers("enrolled_households", "0", "20")
      .number("intake_mean_weeks", &PathwaySettings::intake_mean_weeks, 2, "weeks", in_range(0, 520),
              "Mean extra time (exponential) from a free slot to enrolment")
      .lowers("enrolled_households", "0", "20")
      .number("diagnosis_min_weeks", &PathwaySettings::diagnosis_min_weeks, 3, "weeks", in_range(0, 520),
              "Shortest diagnosis and preparation before a territory is proposed")
      .lowers("proposed_households", "0", "20")
      .number("diagnosis_mean_weeks", &PathwaySettings::diagnosis_mean_weeks, 8, "weeks", in_range(0, 520),
              "Mean extra diagnosis time (exponential); the programme says up to 6 months")
      .source("programme documents: diagnosis and preparation up to 6 months")
      .lowers("proposed_households", "0", "30")
      .number("ineligible_share", &PathwaySettings::ineligible_share, 0.1, "share", in_range(0, 1),
              "Share of enrolled households found ineligible at the end of diagnosis")
      .raises("ineligible_households", "0", "0.5")
      .number("immersion_min_weeks", &PathwaySettings::immersion_min_weeks, 1, "weeks", in_range(0, 520),
              "Shortest time to organise an immersion visit after the proposal")
      .lowers("immersed_households", "0", "20")
      .flag("immersion_visits", &PathwaySettings::immersion_visits, true,
            "Whether households make an immersion visit before committing (lever: no immersion)")
      .raises("immersed_households", "false", "true")
      .number("decision_weeks", &PathwaySettings::decision_weeks, 2, "weeks", in_range(0, 520),
              "Time from the visit to the household's decision")
      .lowers("committed_households", "0", "20")
      .number("commit_share", &PathwaySettings::commit_share, 0.8, "share", in_range(0, 1),
              "Share of households committing after a visit (or after a proposal without visit)")
      .raises("committed_households", "0.3", "1")
      .number("move_min_weeks", &PathwaySettings::move_min_weeks, 2, "weeks", in_range(0, 520),
              "Shortest time from a match to the move")
      .lowers("moved_households", "0", "20")
      .number("move_mean_weeks", &PathwaySettings::move_mean_weeks, 2, "weeks", in_range(0, 520),
              "Mean extra time (exponential) from a match to the move")
      .lowers("moved_households", "0", "20")
      .number("follow_up_weeks", &PathwaySettings::follow_up_weeks, 26, "weeks", in_range(1, 520),
              "Follow-up by a territory caseworker after the move (the programme says up to 6 months)")
      .source("programme documents: follow-up for up to 6 months")
      .lowers("settled_households", "4", "40")
      .number("withdrawal_per_year", &PathwaySettings::withdrawal_per_year, 0.8, "1/year", in_range(0, 1000),
              "Withdrawal hazard of a motivated-on-average household at every stage before the move")
      .raises("withdrawn_households", "0", "3")
      .number("withdrawal_motivation_offset", &PathwaySettings::withdrawal_motivation_offset, 1.5, "0–1", in_range(1, 100),
              "Withdrawal hazards are multiplied by (this − motivation): 1.5 makes the least motivated three times "
              "as likely to withdraw as the most")
      .raises("withdrawn_households", "1", "4")
      .number("committed_patience_weeks", &PathwaySettings::committed_patience_weeks, 12, "weeks", in_range(0, 520),
              "Waiting for a match longer than this raises the withdrawal hazard")
      .lowers("withdrawn_households", "0", "52")
      .number("impatient_withdrawal_per_year", &PathwaySettings::impatient_withdrawal_per_year, 2.5, "1/year",
              in_range(0, 1000), "Withdrawal hazard after the patience has run out")
      .raises("withdrawn_households", "0", "10")
      .flag("direct_referral", &PathwaySettings::direct_referral, false,
            "The coordinator diagnoses candidates itself and refers matching profiles directly to a territory")
      .raises("proposed_households", "false", "true")
      .number("direct_referral_diagnosis_factor", &PathwaySettings::direct_referral_diagnosis_factor, 0.5, "factor",
              in_range(0, 1), "Diagnosis time multiplier under direct referral")
      .inert("it shortens the diagnosis only under direct referral", "0.1", "1")
      .lowers("proposed_households", "0.1", "1", {{"pathway.direct_referral", "true"}})
      .number("direct_referral_noise_factor", &PathwaySettings::direct_referral_noise_factor, 0.5, "factor",
              in_range(0, 1), "Multiplier on `fit_noise` under direct referral: the coordinator's profile matching")
      .inert("it scales the taste's noise only under direct referral", "0", "1")
      .raises("moved_households", "0", "1", {{"pathway.direct_referral", "true"}})
      .number("fit_noise", &PathwaySettings::fit_noise, 0.5, "score", in_range(0, 100),
              "Scale of the household's idiosyncratic taste (Gumbel) when ranking territories")
      .raises("moved_households", "0", "2", {}, "tastes spread households over territories instead of queueing them where "
              "the shared terms point")
      .number("territory_demand_weight", &PathwaySettings::territory_demand_weight, 0, "score", in_range(0, 1000),
              "Territory utility per unit of demand share: the smoothed share of the programme's vacancies that are "
              "in the household's sector. 0 by default: the public data used give no sector mix per département, so "
              "with one national mix (`labour.sector_job_shares`) the share differs between territories by chance "
              "only; a scenario that gives its territories their own `sector_job_shares` can weigh it")
      .within_noise("moved_households", "with one national sector mix, the share differs between territories by chance",
                    "0", "3")
      .raises("proposed_households in territory 15", "0", "3", sector_specialised_territory_unweighted,
              "only that territory's jobs are in the households' sector")
      .number("territory_demand_prior", &PathwaySettings::territory_demand_prior, 1, "vacancies", in_range(0.001, 1e6),
              "Pseudo-vacancies per sector smoothing the demand share: (in sector + this) ÷ (all + this × 8 sectors)")
      .inert("it smooths the demand share, which counts only with `territory_demand_weight` above 0", "0.1", "100")
      .lowers("proposed_households in territory 15", "0.1", "100", sector_specialised_territory,
              "smoothing evens out the territories' demand shares")
      .number("territory_dwelling_weight", &PathwaySettings::territory_dwelling_weight, 0.5, "score",
              in_range(0, 1000), "Territory utility of a free reserved dwelling of the household's size")
      .inert("every pilot territory always has a reserved dwelling of every size", "0", "3")
      .lowers("proposed_households in territory 15", "0", "3", {{"territory.15.reserved_dwellings", "0"}})
      .number("territory_rurality_weight", &PathwaySettings::territory_rurality_weight, 1, "score", in_range(0, 1000),
              "Territory utility of a perfect rural/urban fit: × (preference × rurality + (1 − preference) × "
              "(1 − rurality))")
      .raises("moved_households in territory 48", "0", "3", {{"households.rural_preference_mean", "1.0"}})
      .number("territory_minutes_per_point", &PathwaySettings::territory_minutes_per_point, 600, "minutes",
              in_range(1, 1e6), "Travel time from the household's origin that costs one point of territory utility")
      .raises("moved_households", "60", "6000", {}, "a smaller cost of distance spreads households to far territories");
  return s;
}

Schema<AfterMoveSettings> after_move_schema() {
  Schema<AfterMoveSettings> s;
  s.number("return_per_year", &AfterMoveSettings::return_per_year, 0.15, "1/year", in_range(0, 1000),
           "Base hazard of returning to Île-de-France after the move")
      .raises("returned_households", "0", "1")
      .number("return_motivation_offset", &AfterMoveSettings::return_motivation_offset, 1.5, "0–1", in_range(1, 100),
              "The return hazard is multiplied by (this − motivation), as `pathway.withdrawal_motivation_offset`")
      .raises("returned_households", "1", "4")
      .number("return_factor_unemployed", &AfterMoveSettings::return_factor_unemployed, 4, "factor", in_range(0, 1000),
              "Return hazard multiplier while unemployed")
      .raises("returned_households", "0", "10")
      .number("return_factor_no_car", &AfterMoveSettings::return_factor_no_car, 1.5, "factor", in_range(0, 1000),
              "Return hazard multiplier without a car")
      .raises("returned_households", "0", "10")
      .number("return_factor_no_visit", &AfterMoveSettings::return_factor_no_visit, 2, "factor", in_range(0, 1000),
              "Return hazard multiplier for households that made no immersion visit")
      .inert("with immersion visits every household that moves has visited", "0", "10")
      .raises("returned_households", "0", "10", {{"pathway.immersion_visits", "false"}})
      .number("return_isolation_per_hour", &AfterMoveSettings::return_isolation_per_hour, 0.1, "1/hour",
              in_range(0, 100),
              "Isolation: the return hazard is multiplied by 1 + this × the travel time in hours from the territory "
              "to the household's origin (family and friends left behind; assumption)")
      .raises("returned_households", "0", "2")
      .number("job_loss_per_year", &AfterMoveSettings::job_loss_per_year, 0.2, "1/year", in_range(0, 1000),
              "Hazard of a job breaking before its contract ends")
      .raises("housed_households", "0", "3")
      .number("searches_per_year", &AfterMoveSettings::searches_per_year, 52, "1/year", in_range(0, 1000),
              "Job searches of an unemployed resident (a Poisson process): each looks at the step's local openings "
              "(assumption: about weekly)")
      .raises("settled_households", "0", "52", {{"after_move.job_loss_per_year", "2"}}, "jobs are lost, so that there is something to search for")
      .number("search_share", &AfterMoveSettings::search_share, 0.025, "share", in_range(0, 1),
              "Share of the step's local openings in its sector a search finds out about (assumption: 0.025 gives "
              "expansion-2021 about 3 jobs found per year of unemployment, the former constant hazard's rate)")
      .raises("settled_households", "0", "0.2", {{"after_move.job_loss_per_year", "2"}}, "jobs are lost, so that there is something to search for")
      .number("local_applicants_per_vacancy", &AfterMoveSettings::local_applicants_per_vacancy, 3, "applicants",
              in_range(0, 1000),
              "Local job seekers applying to a vacancy at the reference unemployment rate, scaled by the territory's "
              "unemployment rate ÷ `labour.reference_unemployment_rate`; the household gets a vacancy with "
              "probability (1 − e^(−m)) / m against m of them (assumption)")
      .lowers("settled_households", "0", "20", {{"after_move.job_loss_per_year", "2"}}, "jobs are lost, so that there is something to search for")
      .number("follow_up_job_loss_factor", &AfterMoveSettings::follow_up_job_loss_factor, 0.75, "factor",
              in_range(0, 1000),
              "Job-loss hazard multiplier while the territory caseworker follows the household (assumption: the "
              "caseworker mediates with the employer)")
      .raises("housed_households", "0", "5")
      .number("follow_up_search_factor", &AfterMoveSettings::follow_up_search_factor, 1.5, "factor",
              in_range(0, 1000),
              "Multiplier of `search_share` while followed, at most 1 in all (assumption: the caseworker's help "
              "with the search)")
      .raises("settled_households", "0", "5", {{"after_move.job_loss_per_year", "2"}}, "jobs are lost, so that there is something to search for")
      .number("follow_up_return_factor", &AfterMoveSettings::follow_up_return_factor, 0.5, "factor", in_range(0, 1000),
              "Return hazard multiplier while followed (assumption: support through the first months)")
      .raises("returned_households", "0", "5");
  return s;
}

Schema<MatchingSettings> matching_schema() {
  Schema<MatchingSettings> s;
  s.choice("mechanism", &MatchingSettings::mechanism, MatchingMechanism::greedy, matching_mechanism_names,
           "How committed households are matched to vacancies and dwellings")
      .within_noise("moved_households", "the pilot's weekly pools seldom contest a vacancy or a dwelling, so a better "
                    "assignment matches about as many", "\"greedy\"", "\"optimal\"")
      .number("car_commute_minutes", &MatchingSettings::car_commute_minutes, 45, "minutes", in_range(0, 600),
              "Longest commute by car")
      .raises("moved_households", "10", "90")
      .number("local_commute_minutes", &MatchingSettings::local_commute_minutes, 15, "minutes", in_range(0, 600),
              "Longest commute without a car (walking, cycling, local bus)")
      .raises("moved_households", "0", "60")
      .number("transit_commute_minutes", &MatchingSettings::transit_commute_minutes, 60, "minutes", in_range(0, 600),
              "Longest public-transport commute between service hubs")
      .raises("moved_households", "0", "180")
      .number("rent_budget_base_eur", &MatchingSettings::rent_budget_base_eur, 350, "€/month", in_range(0, 1e5),
              "Affordable rent for a one-person household")
      .raises("moved_households", "100", "800")
      .number("rent_budget_per_person_eur", &MatchingSettings::rent_budget_per_person_eur, 110, "€/month",
              in_range(0, 1e5), "Extra affordable rent per additional person")
      .raises("moved_households", "0", "300")
      .number("qualification_tolerance", &MatchingSettings::qualification_tolerance, 1, "levels", in_range(0, 3),
              "How many levels below a vacancy's requirement a household may be (training on the job)")
      .raises("moved_households", "0", "3", {{"households.qualification_weights", "[1.0, 0.0, 0.0, 0.0]"}},
              "no household is qualified")
      .integer("max_extra_rooms", &MatchingSettings::max_extra_rooms, 2, "rooms", in_range(0, 10),
               "Rooms a dwelling may have beyond those the household needs")
      .raises("moved_households", "0", "5")
      .numbers("contract_values", &MatchingSettings::contract_values, std::vector<double>{1, 0.6, 0.3, 0.8}, "score",
               numbers_in(contract_count, -100, 100),
               "Household's score of a vacancy by contract: permanent, fixed-term, seasonal, training")
      .within_noise("returned_households",
                    "a household ranks the vacancies it fits by contract, but a weekly pool seldom offers it two",
                    "[1.0, 1.0, 1.0, 1.0]", "[1.0, 0.0, 0.0, 0.0]", {{"run.end_date", "2021-06-30"}})
      .number("employer_score_base", &MatchingSettings::employer_score_base, 0.5, "score", in_range(-100, 100),
              "Employer's score of a household: this + `employer_score_per_motivation` × motivation + "
              "`employer_score_per_qualification_level` × (qualification − required)")
      .within_noise("moved_households", ranking_only, "0.1", "3")
      .raises("moved_households", "-5", "0.5", {{"matching.mechanism", "\"optimal\""}}, optimal_drops_pairs)
      .number("employer_score_per_motivation", &MatchingSettings::employer_score_per_motivation, 0.5, "score",
              in_range(-100, 100), "Employer's score per unit of motivation (0–1)")
      .within_noise("moved_households", reorders_contested, "0", "3", {{"labour.programme_visible_share", "0.005"}})
      .number("employer_score_per_qualification_level", &MatchingSettings::employer_score_per_qualification_level,
              0.1, "score", in_range(-100, 100), "Employer's score per qualification level above the requirement")
      .within_noise("moved_households", reorders_contested, "0", "1", {{"labour.programme_visible_share", "0.005"}})
      .number("dwelling_score_base", &MatchingSettings::dwelling_score_base, 2, "score", in_range(-100, 100),
              "Household's score of a dwelling: this − `dwelling_score_per_commute` × min(1, car minutes to the "
              "employer ÷ `car_commute_minutes`)")
      .within_noise("moved_households", ranking_only, "0.5", "5")
      .raises("moved_households", "-5", "2", {{"matching.mechanism", "\"optimal\""}}, optimal_drops_pairs)
      .number("dwelling_score_per_commute", &MatchingSettings::dwelling_score_per_commute, 1, "score",
              in_range(-100, 100), "Household's score lost per unit of commute relative to the car limit")
      .within_noise("moved_households", reorders_contested, "0", "3")
      .number("landlord_score_base", &MatchingSettings::landlord_score_base, 1, "score", in_range(-100, 100),
              "Landlord's score of a household: this − `landlord_score_per_extra_room` × (rooms − rooms needed)")
      .within_noise("moved_households", ranking_only, "0.1", "3")
      .raises("moved_households", "-5", "1", {{"matching.mechanism", "\"optimal\""}}, optimal_drops_pairs)
      .number("landlord_score_per_extra_room", &MatchingSettings::landlord_score_per_extra_room, 0.2, "score",
              in_range(-100, 100), "Landlord's score lost per room beyond the household's need")
      .within_noise("moved_households", reorders_contested, "0", "2")
      .lowers("moved_households", "0", "2", {{"matching.mechanism", "\"optimal\""}}, optimal_drops_pairs);
  return s;
}

Schema<MobilityAidSettings> mobility_aid_schema() {
  Schema<MobilityAidSettings> s;
  s.choice("offered_at", &MobilityAidSettings::offered_at, AidOffer::none, aid_offer_names,
           "When the programme offers mobility aid: `none`; `enrolment` (the diagnosis lasts until the licence, which "
           "then counts in the match); `match` (the move waits for the licence; it counts only after the move)")
      .raises("cost_mobility_aid_eur", "\"none\"", "\"enrolment\"")
      .number("licence_take_up", &MobilityAidSettings::licence_take_up, 0.7, "share", in_range(0, 1),
              "Share of offered households without a licence who start a driving course (assumption)")
      .inert("the aid is not offered (offered_at = \"none\")", "0", "1")
      .raises("cost_mobility_aid_eur", "0", "1", {{"mobility_aid.offered_at", "\"enrolment\""}})
      .number("licence_pass_share", &MobilityAidSettings::licence_pass_share, 0.6, "share", in_range(0, 1),
              "Share of the courses that end with the licence (assumption: first-attempt pass rates of the practical "
              "test are close to 60 %)")
      .raises("cost_mobility_aid_eur", "0", "1", {{"mobility_aid.offered_at", "\"enrolment\""}}, "a licence opens the help to a car")
      .number("licence_weeks", &MobilityAidSettings::licence_weeks, 16, "weeks", in_range(0, 260),
              "From the start of the course to the licence; the household waits (assumption: about four months "
              "of lessons)")
      .lowers("proposed_households", "0", "40", {{"mobility_aid.offered_at", "\"enrolment\""}, {"mobility_aid.licence_take_up", "1"}})
      .number("car_take_up", &MobilityAidSettings::car_take_up, 0.5, "share", in_range(0, 1),
              "Share of offered licence holders without a car who take the help to a car (assumption)")
      .raises("cost_mobility_aid_eur", "0", "1", {{"mobility_aid.offered_at", "\"enrolment\""}})
      .number("car_rental_months", &MobilityAidSettings::car_rental_months, 0, "months", in_range(0, 120),
              "Months of car rental the aid pays after the move for each car it helps to (priced by "
              "`cost.car_rental_eur_per_month`)")
      .fixed("the rental is priced after the run, like the other costs")
      .raises("cost_mobility_aid_eur", "0", "12", {{"mobility_aid.offered_at", "\"enrolment\""}});
  return s;
}

Schema<CostSettings> cost_schema() {
  Schema<CostSettings> s;
  s.number("origin_caseworker_eur_per_year", &CostSettings::origin_caseworker_eur_per_year, 45000, "€/year",
           in_range(0, 1e7), "Full cost of one Île-de-France caseworker (assumption)")
      .raises("cost_gross_eur", "0", "90000")
      .number("territory_caseworker_eur_per_year", &CostSettings::territory_caseworker_eur_per_year, 45000, "€/year",
              in_range(0, 1e7), "Full cost of one territory caseworker (assumption)")
      .raises("cost_gross_eur", "0", "90000")
      .number("enrolment_eur", &CostSettings::enrolment_eur, 300, "€/household", in_range(0, 1e7),
              "Diagnosis and skills assessment per enrolled household, beyond caseworker time (assumption)")
      .raises("cost_gross_eur", "0", "5000")
      .number("immersion_visit_eur", &CostSettings::immersion_visit_eur, 700, "€/visit", in_range(0, 1e7),
              "Travel and a week's stay for an immersion visit (assumption)")
      .raises("cost_gross_eur", "0", "5000")
      .number("move_eur", &CostSettings::move_eur, 1500, "€/household", in_range(0, 1e7),
              "Moving costs reimbursed per household (assumption)")
      .raises("cost_gross_eur", "0", "5000")
      .number("licence_course_eur", &CostSettings::licence_course_eur, 1800, "€/course", in_range(0, 1e6),
              "A driving course paid by the mobility aid, passed or not (assumption: a usual driving-school price)")
      .raises("cost_mobility_aid_eur", "0", "3000", {{"mobility_aid.offered_at", "\"enrolment\""}})
      .number("car_aid_eur", &CostSettings::car_aid_eur, 3000, "€/car", in_range(0, 1e6),
              "Help to a car: purchase aid or micro-credit subsidy per car (assumption)")
      .raises("cost_mobility_aid_eur", "0", "6000", {{"mobility_aid.offered_at", "\"enrolment\""}})
      .number("car_rental_eur_per_month", &CostSettings::car_rental_eur_per_month, 300, "€/month", in_range(0, 1e5),
              "A month of car rental paid by the mobility aid (assumption)")
      .raises("cost_mobility_aid_eur", "0", "600", {{"mobility_aid.offered_at", "\"enrolment\""}, {"mobility_aid.car_rental_months", "6"}})
      .all_fixed("prices apply to the whole run: the cost is computed after it")
      .retired("hotel_night_eur", "each origin's price now: origin.hotel_night_eur")
      .retired("shelter_night_eur", "each origin's price now: origin.shelter_night_eur");
  return s;
}

}  // namespace emile::models::schema
