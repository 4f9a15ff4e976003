// Several origins: each refers from its own pool to its own caseworkers, its households count at its row until a
// territory is proposed and go only to the hosts it sends to; a second origin leaves the first's records as they
// were; dated changes of one origin act on it alone; the travel rule; bad origin tables refused.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/pathway/origin_travel.hpp"
#include "emile/models/pathway/simulation.hpp"
#include "emile/models/recording/cost.hpp"
#include "emile/models/recording/recorder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>

namespace {

using namespace emile;
using models::Stage;

const std::filesystem::path pilot_path = std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml";

// The pilot with a second origin, around Lyon: a pool of `pool` households referred at 200 a year, its own
// caseworkers, travel measured from its centre, sending households to `hosts` (empty: every host).
models::Scenario two_origins(std::int64_t pool = 3000, const std::string& hosts = "") {
  auto scenario = models::load_scenario(pilot_path);
  auto lyon = models::scenario_schema().defaults().origins.front();
  lyon.code = "69M";
  lyon.name = "Métropole de Lyon";
  lyon.eligible_households = pool;
  lyon.referrals_per_year = 200;
  lyon.caseworkers = 6;
  lyon.hosts = hosts;
  lyon.travel_minutes_from = models::TravelFrom::centre;
  lyon.centre_latitude = 45.764;
  lyon.centre_longitude = 4.836;
  scenario.origins.push_back(lyon);
  scenario.uncertain.clear();  // the pilot's priors name the only origin's keys without its code
  models::validate(scenario);
  return scenario;
}

models::RunOptions options(int threads = 2, std::int64_t replications = 2) {
  models::RunOptions run;
  run.seed = 7;
  run.replications = replications;
  run.threads = threads;
  return run;
}

// Households that moved, by origin row, over every replication.
std::map<std::int16_t, int> moves_by_origin(const models::EnsembleResult& result) {
  std::map<std::int16_t, int> moved;
  for (const auto& run : result.runs) {
    for (const auto& t : run.transitions) {
      if (t.to == Stage::moved) ++moved[run.households[t.household].origin_row];
    }
  }
  return moved;
}

std::string error_of(const std::string& text) {
  try {
    models::read_scenario(text, "origins.toml");
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

// A scenario text with two origins (`origins`, written out) and one host, Lozère.
std::string with_origins(const std::string& origins, const std::string& host_extra = "") {
  return "[run]\nname = \"o\"\nstart_date = 2019-06-14\nend_date = 2019-09-30\n\n" + origins +
         "\n[[territory]]\ncode = \"48\"\nname = \"Lozère\"\njoin_date = 2019-06-14\ntravel_minutes_to_paris = 360\n"
         "communes = 152\npopulation = 76519\narea_km2 = 5167\nmain_residences = 36028\nvacant_dwellings = 6045\n"
         "active = 33531\nunemployed = 2722\njobs = 31660\n" + host_extra;
}

}  // namespace

// Every household of each origin stands in exactly one stage each step: counted at its origin's row while no
// territory is proposed to it, at a host's row after; ids of each origin's pool follow each other.
TEST(Origins, count_each_households_stage_at_its_origins_row_until_a_territory_is_proposed) {
  const auto scenario = two_origins();
  const sim::Executor executor(2);
  auto geography = std::make_shared<const models::Geography>(models::build_geography(scenario, executor));
  models::Simulation simulation(scenario, geography, 3, 0, executor);
  const std::size_t origins = scenario.origins.size();
  ASSERT_EQ(simulation.territory_rows(), origins + scenario.territories.size());
  bool referred_in_both = false;
  while (!simulation.done()) {
    simulation.step();
    std::vector<std::array<std::int64_t, models::stage_count>> at_origin(origins), at_hosts(origins);
    for (const auto& h : simulation.households()) {
      auto& counts = h.territory == models::no_territory ? at_origin : at_hosts;
      ++counts[static_cast<std::size_t>(h.origin)][static_cast<std::size_t>(h.stage)];
    }
    for (std::size_t k = 0; k < origins; ++k) {
      for (const Stage s : models::all_stages) {
        ASSERT_EQ(simulation.in_stage(k, s).households, at_origin[k][static_cast<std::size_t>(s)])
            << "origin " << k << " stage " << models::name(s) << " step " << simulation.next_step() - 1;
      }
    }
    std::int64_t at_host_rows = 0, proposed = 0;
    for (std::size_t row = origins; row < simulation.territory_rows(); ++row) {
      for (const Stage s : models::all_stages) at_host_rows += simulation.in_stage(row, s).households;
    }
    for (std::size_t k = 0; k < origins; ++k) {
      for (const auto n : at_hosts[k]) proposed += n;
    }
    ASSERT_EQ(at_host_rows, proposed);
    referred_in_both = referred_in_both || (at_hosts[0][static_cast<std::size_t>(Stage::moved)] > 0 &&
                                            at_hosts[1][static_cast<std::size_t>(Stage::moved)] > 0);
  }
  EXPECT_TRUE(referred_in_both);
  const auto households = simulation.households();
  const auto pilot_pool = scenario.origins[0].eligible_households + scenario.origins[0].initial_referred;
  for (std::size_t id = 0; id < households.size(); ++id) {
    EXPECT_EQ(households[id].origin, static_cast<std::int64_t>(id) < pilot_pool ? 0 : 1) << id;
  }
}

TEST(Origins, two_origins_run_identically_at_one_and_two_threads) {
  const auto scenario = two_origins();
  const auto one = models::run_ensemble(scenario, options(1));
  const auto two = models::run_ensemble(scenario, options(2));
  ASSERT_EQ(one.runs.size(), two.runs.size());
  for (std::size_t r = 0; r < one.runs.size(); ++r) {
    EXPECT_EQ(one.runs[r].values, two.runs[r].values);
    ASSERT_EQ(one.runs[r].transitions.size(), two.runs[r].transitions.size());
    for (std::size_t i = 0; i < one.runs[r].transitions.size(); ++i) {
      const auto& a = one.runs[r].transitions[i];
      const auto& b = two.runs[r].transitions[i];
      ASSERT_EQ(std::tie(a.step, a.household, a.from, a.to, a.territory_row),
                std::tie(b.step, b.household, b.from, b.to, b.territory_row));
    }
  }
}

// A second origin with nothing to refer shifts no id or random key of the first: the records are the one-origin
// run's, the second origin's row aside and the hosts' rows one further on.
TEST(Origins, a_second_origin_with_an_empty_pool_leaves_the_first_origins_records_as_they_were) {
  const auto alone = models::run_ensemble(models::load_scenario(pilot_path), options());
  const auto paired = models::run_ensemble(two_origins(0), options());
  for (std::size_t r = 0; r < alone.runs.size(); ++r) {
    const auto& a = alone.runs[r];
    const auto& b = paired.runs[r];
    ASSERT_EQ(b.rows, a.rows + 1);
    const auto b_row = [](std::size_t row) { return row == 0 ? 0 : row + 1; };
    for (std::size_t m = 0; m < models::metric_names().size(); ++m) {
      for (sim::Step s = 0; s < a.steps; ++s) {
        for (std::size_t row = 0; row < a.rows; ++row) {
          ASSERT_EQ(a.value(m, s, row), b.value(m, s, b_row(row))) << models::metric_names()[m] << " step " << s;
        }
        if (models::metric_names()[m] != "caseworkers" && models::metric_names()[m] != "caseworker_capacity") {
          ASSERT_EQ(b.value(m, s, 1), 0) << models::metric_names()[m];
        }
      }
    }
    ASSERT_EQ(a.transitions.size(), b.transitions.size());
    for (std::size_t i = 0; i < a.transitions.size(); ++i) {
      const auto& x = a.transitions[i];
      const auto& y = b.transitions[i];
      ASSERT_EQ(std::tie(x.step, x.household, x.from, x.to, x.queued_step),
                std::tie(y.step, y.household, y.from, y.to, y.queued_step));
      ASSERT_EQ(b_row(static_cast<std::size_t>(x.territory_row)), static_cast<std::size_t>(y.territory_row));
    }
    ASSERT_EQ(a.households.size(), b.households.size());
    ASSERT_EQ(a.jobs.size(), b.jobs.size());
  }
}

TEST(Origins, a_dated_change_of_one_origins_caseworkers_acts_on_that_origin_only) {
  auto scenario = two_origins();
  const auto date = sim::Date::parse("2019-10-01");
  scenario.events.insert(scenario.events.begin(), models::EventSettings{date, models::EventKind::set,
                                                                        "origin.69M.caseworkers", 15, 0, 0});
  models::validate(scenario);
  const auto result = models::run_ensemble(scenario, options(2, 1));
  const sim::Clock clock(scenario.run.start_date, 7);
  const auto caseworkers = models::metric_index("caseworkers");
  const auto& run = result.runs[0];
  for (sim::Step s = 0; s < run.steps; ++s) {
    EXPECT_EQ(run.value(caseworkers, s, 0), scenario.origins[0].caseworkers) << s;
    EXPECT_EQ(run.value(caseworkers, s, 1), s < clock.step_of(date) ? 6 : 15) << s;
  }
  // A bare key names the only origin, and is refused among several, naming their codes.
  try {
    models::set_parameter(scenario, "origin.caseworkers", 3);
    FAIL() << "a bare origin key was accepted with two origins";
  } catch (const sim::ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("there are 2 [[origin]] (IDF, 69M): name one by its code"), std::string::npos)
        << e.what();
  }
}

// Each origin's part of the cost prices its own caseworkers and households; with the hosts' caseworkers the parts
// add up to the programme's cost, replication by replication.
TEST(Origins, each_origins_part_of_the_cost_and_the_hosts_caseworkers_add_up_to_the_programmes) {
  auto scenario = two_origins();
  scenario.origins[1].hotel_night_eur = 2 * scenario.origins[0].hotel_night_eur;
  const auto result = models::run_ensemble(scenario, options(2, 2));
  const auto moved = moves_by_origin(result);
  ASSERT_GT(moved.at(0), 0);
  ASSERT_GT(moved.at(1), 0);
  std::map<std::int16_t, double> moved_priced;
  for (const auto& run : result.runs) {
    const auto whole = models::cost(run, scenario);
    const auto idf = models::origin_cost(run, scenario, 0);
    const auto lyon = models::origin_cost(run, scenario, 1);
    const double hosts = models::host_caseworkers_eur(run, scenario);
    EXPECT_GT(hosts, 0.0);
    const auto close = [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::abs(b); };
    EXPECT_TRUE(close(idf.caseworkers_eur + lyon.caseworkers_eur + hosts, whole.caseworkers_eur));
    EXPECT_TRUE(close(idf.stages_eur + lyon.stages_eur, whole.stages_eur));
    EXPECT_TRUE(close(idf.mobility_aid_eur + lyon.mobility_aid_eur, whole.mobility_aid_eur));
    EXPECT_TRUE(close(idf.avoided_eur + lyon.avoided_eur, whole.avoided_eur));
    EXPECT_TRUE(close(idf.gross_eur + lyon.gross_eur + hosts, whole.gross_eur));
    EXPECT_EQ(idf.moved_households + lyon.moved_households, whole.moved_households);
    EXPECT_EQ(idf.settled_households + lyon.settled_households, whole.settled_households);
    EXPECT_DOUBLE_EQ(lyon.gross_per_moved_eur * lyon.moved_households, lyon.gross_eur);
    // Lyon's six caseworkers in post every day of the run, at their yearly price.
    const double days = static_cast<double>(run.steps * scenario.run.step_days);
    EXPECT_NEAR(lyon.caseworkers_eur, 6 * scenario.cost.origin_caseworker_eur_per_year * days / sim::days_per_year, 1e-6);
    moved_priced[0] += idf.moved_households;
    moved_priced[1] += lyon.moved_households;
  }
  EXPECT_EQ(moved_priced[0], moved.at(0));
  EXPECT_EQ(moved_priced[1], moved.at(1));
}

// An origin sends households only to its hosts; sending to fewer lowers its moves (the claim of origin.hosts).
TEST(Origins, an_origin_sends_households_only_to_its_hosts_and_fewer_hosts_move_fewer) {
  const auto everywhere = models::run_ensemble(two_origins(3000, ""), options(2, 4));
  const auto to_cantal = models::run_ensemble(two_origins(3000, "15"), options(2, 4));
  const auto& scenario = to_cantal.scenario;
  const auto cantal = models::host_row(scenario, 0);
  ASSERT_EQ(scenario.territories[0].code, "15");
  for (const auto& run : to_cantal.runs) {
    for (const auto& t : run.transitions) {
      if (t.to == Stage::proposed && run.households[t.household].origin_row == 1) {
        // The row is the one the household stood at: its origin's, before the proposal.
        EXPECT_EQ(run.households[t.household].territory_row, static_cast<std::int16_t>(cantal));
      }
    }
  }
  EXPECT_LT(moves_by_origin(to_cantal)[1], moves_by_origin(everywhere)[1]);
  EXPECT_GT(moves_by_origin(to_cantal)[1], 0);
}

TEST(Origins, measure_travel_from_paris_as_declared_or_from_their_centre_by_the_rule) {
  const auto scenario = two_origins();
  const models::OriginReach reach(scenario);
  for (std::size_t i = 0; i < scenario.territories.size(); ++i) {
    const auto& host = scenario.territories[i];
    EXPECT_EQ(reach.minutes(0, i), host.travel_minutes_to_paris);
    // Great-circle km × 1.3 (road detour) ÷ 105 km/h, in minutes.
    const double km = reach.minutes(1, i) / 60 * scenario.geography.long_distance_speed_kmh /
                      scenario.geography.road_detour_factor;
    EXPECT_GT(km, 50) << host.code;
    EXPECT_LT(km, 700) << host.code;
  }
  // Lyon (45.764 N, 4.836 E) to Cantal's centre (45.046 N, 2.649 E): 188.4 km on the sphere of radius 6371 km.
  EXPECT_NEAR(models::travel_minutes(scenario, 1, 0), 188.4 * 1.3 / 105 * 60, 0.1);
  const auto narrow = two_origins(3000, "15");
  const models::OriginReach reach_narrow(narrow);
  EXPECT_TRUE(std::isfinite(reach_narrow.minutes(1, 0)));
  EXPECT_TRUE(std::isinf(reach_narrow.minutes(1, 1)));
}

TEST(Origins, refuses_bad_origin_tables_naming_file_line_and_key) {
  const std::string idf = "[[origin]]\ncode = \"IDF\"\n";
  const std::string lyon = "[[origin]]\ncode = \"69M\"\nname = \"Lyon\"\n";
  EXPECT_EQ(error_of(with_origins(idf + "[[origin]]\ncode = \"IDF\"\n")),
            "origins.toml:9:8: origin[1].code = \"IDF\": duplicate code: origins and territories share one list of codes");
  EXPECT_EQ(error_of(with_origins(idf + "[[origin]]\ncode = \"48\"\n")),
            "origins.toml:12:8: territory[0].code = \"48\": duplicate code: origins and territories share one list of "
            "codes");
  EXPECT_EQ(error_of(with_origins(idf + lyon + "hosts = \"15\"\n")),
            "origins.toml:11:9: origin[1].hosts = \"15\": no host territory has code 15 (the hosts: 48)");
  EXPECT_EQ(error_of(with_origins(idf + "hosts = \"48\"\n" + lyon + "hosts = \"48\"\n",
                                  "\n[[territory]]\ncode = \"15\"\nname = \"Cantal\"\njoin_date = 2019-06-14\n"
                                  "travel_minutes_to_paris = 360\ncommunes = 246\npopulation = 144765\narea_km2 = 5726\n"
                                  "main_residences = 66000\nvacant_dwellings = 8000\nactive = 60000\nunemployed = 4000\n"
                                  "jobs = 58000\n")),
            "origins.toml:29:8: territory[1].code = \"15\": no origin sends households to this host: name it in some "
            "origin's `hosts`, or leave that empty");
  EXPECT_EQ(error_of(with_origins(idf + lyon + "join_date = 2020-01-01\n")),
            "origins.toml:11:13: origin[1].join_date = 2020-01-01: is after run.end_date (2019-09-30)");
}
