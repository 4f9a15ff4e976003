#include "emile/models/results/tables.hpp"

namespace emile::models::tables {
namespace {

constexpr auto int64 = sim::ColumnType::int64;
constexpr auto uint8 = sim::ColumnType::uint8;
constexpr auto float64 = sim::ColumnType::float64;
constexpr auto string = sim::ColumnType::string;

// Column order is the order the writers add them in and the order of each table's `columns` attribute.

sim::FurtherColumns outcomes(std::size_t position, std::string meaning) {
  return {"<outcome>", float64, "", std::move(meaning), position};
}

// The columns of a paired estimate (analyses/comparison.hpp), as add_estimate_columns writes them; the ratio and
// percent columns appeared in `ratio_since`.
std::vector<sim::ColumnSpec> estimate_columns(std::string_view unit, std::int64_t ratio_since) {
  const std::string u(unit);
  return {{"base_mean", float64, u, "mean over replications, base scenario"},
          {"variant_mean", float64, u, "mean over replications, variant scenario"},
          {"difference", float64, u, "variant − base, mean of the paired differences"},
          {"ci_low", float64, u, "95 % t interval of the paired difference, lower bound"},
          {"ci_high", float64, u, "95 % t interval of the paired difference, upper bound"},
          {"ratio", float64, "ratio", "variant_mean ÷ base_mean (NaN unless both are positive)", ratio_since},
          {"ratio_low", float64, "ratio",
           "95 % interval of the ratio by the delta method on its log, paired by replication: lower bound", ratio_since},
          {"ratio_high", float64, "ratio", "upper bound", ratio_since},
          {"percent", float64, "percent", "the change in percent, 100 (ratio − 1)", ratio_since},
          {"percent_low", float64, "percent", "its 95 % interval, lower bound", ratio_since},
          {"percent_high", float64, "percent", "upper bound", ratio_since}};
}

// `columns` followed by `more`.
std::vector<sim::ColumnSpec> joined(std::vector<sim::ColumnSpec> columns, std::vector<sim::ColumnSpec> more) {
  columns.insert(columns.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  return columns;
}

}  // namespace

const sim::TableSchema& territories() {
  static const sim::TableSchema table{
      "/territories",
      "one territory: the origins first (row 0 the first, Île-de-France in the shipped scenarios), then the host "
      "territories, each in scenario order",
      {{"row", int64, "", "territory row: every `territory` column of a run's tables is one"},
       {"code", string, "", "the territory's code (the département's INSEE code for a host)"},
       {"name", string, "", "its name"},
       {"role", string, "", "`origin` or `host`"},
       {"cohort", string, "", "the host's cohort label (empty for an origin)"},
       {"join_date", string, "date",
        "the day the territory joins the programme, `YYYY-MM-DD` (for an origin, its join date or the run's start, "
        "the later)"},
       {"leave_date", string, "date",
        "a host's `leave_date`, the first day it takes no proposal (2199-12-31: it never leaves); empty for an origin",
        12},
       {"main_residences", int64, "dwellings", "main residences (0 for an origin)"},
       {"vacant_dwellings", int64, "dwellings", "vacant dwellings at the start"},
       {"active", int64, "persons", "active population"},
       {"unemployed", int64, "persons", "unemployed persons"},
       {"jobs", int64, "jobs", "jobs located in the territory"}}};
  return table;
}

const sim::TableSchema& communes() {
  static const sim::TableSchema table{
      "/communes",
      "one commune of a host territory's graph, territory by territory: the geography the run was built on",
      {{"row", int64, "", "commune index used by `/households/dwelling_commune`"},
       {"territory", int64, "", "territory row, see `/territories`"},
       {"code", string, "", "INSEE code, or `<département>-<rank>` for a synthetic commune"},
       {"name", string, "", "its name"},
       {"latitude", float64, "degrees", "WGS84 latitude"},
       {"longitude", float64, "degrees", "WGS84 longitude"},
       {"population", int64, "inhabitants", "its population"},
       {"hub", uint8, "", "1 for a service town with public transport"},
       {"synthetic", uint8, "", "1: synthesised from the territory's figures; 0: read from `geography.communes_file`"}},
      std::nullopt,
      2};
  return table;
}

const sim::TableSchema& stages() {
  static const sim::TableSchema table{"/stages",
                                      "one stage of the pathway",
                                      {{"code", int64, "", "stage code used by `/events` and `/households`"},
                                       {"name", string, "", "its name"}}};
  return table;
}

const sim::TableSchema& sectors() {
  static const sim::TableSchema table{"/sectors",
                                      "one sector of activity",
                                      {{"code", int64, "", "sector code used by `/households/skill`"},
                                       {"name", string, "", "its name"}}};
  return table;
}

const sim::TableSchema& events() {
  static const sim::TableSchema table{
      "/events",
      "one stage change of one household, in order",
      {{"replication", int64, "", "replication index"},
       {"step", int64, "step", "the step it happened in"},
       {"household", int64, "", "household index in the replication's pool"},
       {"from", uint8, "", "stage code before, see `/stages`"},
       {"to", uint8, "", "stage code after, see `/stages`"},
       {"territory", int64, "", "territory row it is attributed to: the host from the proposal on, its origin before"},
       {"queued_step", int64, "step",
        "the step it joined, in `from`, the queue for the resource it waited for there (`referred`: an Île-de-France "
        "caseworker slot; `enrolled`: a territory able to take it; `proposed`: an immersion slot; `committed`: a "
        "match; `matched`: a territory caseworker); −1 if it left `from` without queueing. `step` − `queued_step` "
        "is its queueing time, the rest of its time in `from` a fixed duration", 5}}};
  return table;
}

const sim::TableSchema& households() {
  static const sim::TableSchema table{
      "/households",
      "one household of the pool, per replication",
      {{"replication", int64, "", "replication index"},
       {"household", int64, "", "household index in the replication's pool"},
       {"origin", int64, "", "territory row of its origin, see `/territories`", 12},
       {"adults", uint8, "persons", "adults"},
       {"children", uint8, "persons", "children"},
       {"persons", uint8, "persons", "adults and children"},
       {"skill", uint8, "", "sector code of its skill, see `/sectors`"},
       {"qualification", uint8, "", "0 none, 1 CAP/BEP, 2 bac, 3 higher education"},
       {"licence", uint8, "", "1: holds a driving licence at the end of the run (the mobility aid may have given it)"},
       {"car", uint8, "", "1: has a car at the end of the run"},
       {"situation", uint8, "", "housing situation: 0 hotel, 1 shelter, 2 hosted, 3 overcrowded"},
       {"motivation", float64, "share", "motivation, 0–1"},
       {"rural_preference", float64, "share", "preference for rural territories, 0–1"},
       {"territory", int64, "", "host territory row proposed; 0 if none was"},
       {"visited", uint8, "", "1: made an immersion visit"},
       {"licence_aid", uint8, "", "1: the programme paid it a driving course (`licence` says whether it passed)", 5},
       {"car_aid", uint8, "", "1: the programme helped it to a car", 5},
       {"final_stage", uint8, "", "stage code at the end of the run, see `/stages`"},
       {"dwelling_commune", int64, "", "`/communes` row of the dwelling it moved into (kept after a return); −1 if it never moved", 2}}};
  return table;
}

const sim::TableSchema& jobs() {
  static const sim::TableSchema table{
      "/jobs",
      "one job spell after a move, per replication",
      {{"replication", int64, "", "replication index"},
       {"household", int64, "", "household index"},
       {"territory", int64, "", "territory row"},
       {"employer", int64, "", "employer index within the territory"},
       {"contract", string, "", "contract type"},
       {"start_step", int64, "step", "step the spell started"},
       {"end_step", int64, "step", "step it ended; −1 while ongoing at the end of the run"},
       {"end_reason", string, "", "`ongoing`, `contract_end`, `job_loss` or `returned`"}}};
  return table;
}

const sim::TableSchema& outcomes() {
  static const sim::TableSchema table{
      "/outcomes",
      "what became of the households that moved to one territory, at one mark, per replication (see docs/ODD.md, "
      "*Outcomes*): observed (employed + housed + returned) + censored = moved",
      {{"replication", int64, "", "replication index"},
       {"territory", int64, "", "territory row the households moved to, see `/territories`"},
       {"mark", string, "", "`follow_up_end` (the end of follow-up) or `month_12` (12 months after the move)"},
       {"moved", int64, "households", "households that moved there during the run"},
       {"employed", int64, "households", "employed at the mark"},
       {"housed", int64, "households", "housed in the territory, not employed, at the mark"},
       {"returned", int64, "households", "returned to their origin by the mark"},
       {"censored", int64, "households", "the run ends before the mark, with no return by then"}},
      std::nullopt,
      4};
  return table;
}

const sim::TableSchema& origin_host_flows() {
  static const sim::TableSchema table{
      "/origin_host_flows",
      "the households of one origin entering a stage in one host territory over the run, per replication: one row "
      "per replication, origin and host, the origins and the hosts in scenario order",
      {{"replication", int64, "", "replication index"},
       {"origin", string, "", "the origin's code"},
       {"host", string, "", "the host territory's code"},
       {"moved_households", int64, "households", "moves into the host"},
       {"settled_households", int64, "households", "entries into `settled` there (in work at the end of follow-up, or again after a job lost)"},
       {"housed_households", int64, "households", "entries into `housed` there (no longer in work)"},
       {"returned_households", int64, "households", "returns from the host to the origin"}},
      std::nullopt,
      12};
  return table;
}

const sim::TableSchema& origin_costs() {
  static const sim::TableSchema table{
      "/origin_costs",
      "what each origin's part of the programme cost in one replication (recording/cost.hpp): its caseworkers, and "
      "its households' enrolments, visits, moves, mobility aid and avoided emergency nights; one row per "
      "replication and origin, then a row `hosts` for the host territories' caseworkers, who follow the households "
      "of every origin. Per replication the rows add up to the `/summary` costs",
      {{"replication", int64, "", "replication index"},
       {"origin", string, "", "the origin's code; `hosts` for the host territories' caseworkers"},
       {"caseworkers_eur", float64, "€", "its caseworkers in post over the run, at their yearly cost"},
       {"stages_eur", float64, "€", "its households' enrolments, visits and moves at their prices (0 for `hosts`)"},
       {"mobility_aid_eur", float64, "€", "driving courses and car aid paid to its households (0 for `hosts`)"},
       {"gross_eur", float64, "€", "caseworkers + stages + mobility aid"},
       {"avoided_eur", float64, "€",
        "emergency nights its moved households no longer spend, at the origin's night prices (0 for `hosts`)"},
       {"net_eur", float64, "€", "gross − avoided"},
       {"moved_households", int64, "households", "its households' moves (0 for `hosts`)"},
       {"settled_households", int64, "households", "its households settled at the end of their follow-up"},
       {"gross_per_moved_eur", float64, "€/household", "gross ÷ moved households; NaN when none moved"},
       {"net_per_moved_eur", float64, "€/household", "net ÷ moved households; NaN when none moved"},
       {"gross_per_settled_eur", float64, "€/household", "gross ÷ settled households; NaN when none settled"},
       {"net_per_settled_eur", float64, "€/household", "net ÷ settled households; NaN when none settled"}},
      std::nullopt,
      12};
  return table;
}

const sim::TableSchema& summary() {
  static const sim::TableSchema table{
      "/summary",
      "the headline outcomes of one replication",
      {{"replication", int64, "", "replication index"},
       {"first_visit_date", string, "date", "date of the first immersion visit, `YYYY-MM-DD`; empty if none"}},
      outcomes(1, "one column per headline outcome (`emile info` lists them): `<flow>_households`, `<flow>_persons` "
                  "(totals over the run), `visited_share_of_moved`, `<mark>_<outcome>_households` and "
                  "`<mark>_<outcome>_share` (the `/outcomes` totals; shares of the observed households, NaN when none "
                  "is), `cost_*_eur` (NaN when nobody moved or settled)")};
  return table;
}

const sim::TableSchema& comparison() {
  static const sim::TableSchema table{
      "/comparison",
      "one headline outcome, base against variant, paired by replication (common random numbers)",
      joined({{"outcome", string, "", "the headline outcome"}}, estimate_columns("outcome", 10))};
  return table;
}

const sim::TableSchema& comparison_by_territory() {
  static const sim::TableSchema table{
      "/comparison_by_territory",
      "one flow of one territory (or of the programme, `all`) over one period, base against variant, paired by "
      "replication: the whole window first, then each calendar period in it (`--by`); in each period and flow the "
      "territory rows sum to the `all` row. A step counts, whole, in the period holding its first day",
      joined({{"period", string, "", "the window first: `run` (the whole run) or the `--period` given (`FROM:TO` or a "
                                     "calendar label); then each calendar period, `2021`, `2021-Q3` or `2021-07`"},
              {"first_day", string, "date", "the period's first day, `YYYY-MM-DD`"},
              {"last_day", string, "date", "its last day"},
              {"territory", string, "", "the territory's code; `all` for the programme"},
              {"name", string, "", "its name"},
              {"outcome", string, "", "the flow, `<flow>_households` or `<flow>_persons`"}},
             estimate_columns("households or persons", 10)),
      std::nullopt,
      10};
  return table;
}

const sim::TableSchema& comparison_by_origin_host() {
  static const sim::TableSchema table{
      "/comparison_by_origin_host",
      "one flow of one origin's households into one host over the whole run, base against variant, paired by "
      "replication (the `/origin_host_flows` of each side): flow by flow, the origins in order (the base's, then the "
      "variant's it lacks) and within each the hosts alike; an origin or host absent on one side has none there. "
      "Summed over the origins, the moves into a host are its `moved_households` of `/comparison_by_territory`",
      joined({{"origin", string, "", "the origin's code"},
              {"host", string, "", "the host territory's code"},
              {"outcome", string, "",
               "the flow: `moved_households`, `settled_households`, `housed_households` or `returned_households`"}},
             estimate_columns("households", 12)),
      std::nullopt,
      12};
  return table;
}

const sim::TableSchema& paired_differences() {
  static const sim::TableSchema table{"/paired_differences",
                                      "one replication's variant − base difference of every headline outcome",
                                      {{"replication", int64, "", "replication index"}},
                                      outcomes(1, "one column per headline outcome: variant − base")};
  return table;
}

const sim::TableSchema& sweep_points() {
  static const sim::TableSchema table{
      "/sweep/points",
      "one point of the grid; the last varied key varies fastest",
      {{"point", int64, "", "grid point index"}},
      sim::FurtherColumns{"<key>", string, "", "one column per varied key: its value at the point, in TOML syntax", 1}};
  return table;
}

const sim::TableSchema& sweep_summary() {
  static const sim::TableSchema table{"/sweep/summary",
                                      "the headline outcomes of one replication at one grid point",
                                      {{"point", int64, "", "grid point, see `/sweep/points`"},
                                       {"replication", int64, "", "replication index"}},
                                      outcomes(2, "one column per headline outcome")};
  return table;
}

const sim::TableSchema& sweep_means() {
  static const sim::TableSchema table{"/sweep/means",
                                      "the headline outcomes of one grid point, mean over replications",
                                      {{"point", int64, "", "grid point, see `/sweep/points`"}},
                                      outcomes(1, "one column per headline outcome: mean over replications")};
  return table;
}

const sim::TableSchema& sweep_quantiles() {
  static const sim::TableSchema table{
      "/sweep/quantiles",
      "one headline outcome at one grid point: its spread over replications (quantiles over the replications where "
      "it is defined: a share or cost is NaN where nobody was observed, moved or settled)",
      {{"point", int64, "", "grid point, see `/sweep/points`"},
       {"outcome", string, "", "the headline outcome"},
       {"mean", float64, "outcome", "mean over replications (as `/sweep/means`)"},
       {"q05", float64, "outcome", "5 % quantile over replications (linear interpolation, as numpy's default)"},
       {"q50", float64, "outcome", "median over replications"},
       {"q95", float64, "outcome", "95 % quantile over replications"}},
      std::nullopt,
      10};
  return table;
}

const sim::TableSchema& capacity_relocations() {
  static const sim::TableSchema table{
      "/capacity/relocations",
      "steady-state relocations of the programme (first row, `all`), of each origin's households when there are "
      "several (from schema 12), and of each host territory open during the window (from schema 10, territories "
      "closed over the whole window are left out: see `/capacity` `closed_territories`)",
      {{"territory", string, "", "host territory or origin code; `all` for the programme"},
       {"name", string, "", "its name"},
       {"per_year", float64, "households/year", "relocations (moved households) per year over the window, mean over replications", 1,
        sim::Rename{3, "mean"}},
       {"ci_low", float64, "households/year",
        "95 % percentile-bootstrap interval of the mean (from schema 10; a t interval before), lower bound: never below 0"},
       {"ci_high", float64, "households/year", "upper bound"}}};
  return table;
}

const sim::TableSchema& capacity_resources() {
  static const sim::TableSchema table{
      "/capacity/resources",
      "one resource and where it is: its wait, and what one more unit of it adds",
      {{"resource", string, "", "the resource (`origin_caseworker`, `territory_caseworker`, `immersion_slot`, "
                                "`reserved_dwelling`, `vacancies`, `referrals`)"},
       {"territory", string, "", "territory code, the origin's code, or `all`"},
       {"unit", string, "", "what one more unit adds"},
       {"mean_wait_weeks", float64, "weeks",
        "mean time in the stage that waits for the resource in the base run, fixed durations included (NaN: none "
        "waited)"},
       {"mean_queue_weeks", float64, "weeks",
        "mean time in the resource's queue in the base run, from joining it to leaving it (NaN: none queued; "
        "referrals)", 5},
       {"gain_per_year", float64, "households/year", "relocations per year gained, mean paired difference"},
       {"ci_low", float64, "households/year", "95 % t interval, lower bound"},
       {"ci_high", float64, "households/year", "95 % t interval, upper bound"},
       {"p_value", float64, "", "two-sided paired t test of the gain against 0 (NaN with one replication)", 10},
       {"holm_p_value", float64, "",
        "the p-value corrected for every resource tested together (Holm); below 0.05 the gain is told apart from 0", 10},
       {"cost_eur_per_year", float64, "€/year",
        "what one more unit costs a year, from `[cost]`: a caseworker's yearly cost, an immersion slot used every month "
        "(12 visits); NaN where no cost is declared", 10},
       {"gain_per_100k_eur", float64, "households/year per 100 000 €/year",
        "gain_per_year per 100 000 € a year of that cost (its interval scales alike); NaN without a cost", 10},
       {"key", string, "", "the scenario parameter changed"},
       {"base_value", float64, "parameter", "its steady-state value"},
       {"value", float64, "parameter", "its value in the variant"}}};
  return table;
}

const sim::TableSchema& sensitivity_effects() {
  static const sim::TableSchema table{
      "/sensitivity/effects",
      "the elementary effects of one lever on one headline outcome (Morris)",
      {{"lever", string, "", "the lever's dotted key"},
       {"outcome", string, "", "the outcome: total over the run, mean over replications"},
       {"mu", float64, "outcome", "mean elementary effect, per normalised lever range"},
       {"mu_star", float64, "outcome", "mean absolute elementary effect"},
       {"sigma", float64, "outcome", "standard deviation of the elementary effects (n − 1)"},
       {"mu_star_low", float64, "outcome", "95 % bootstrap interval of mu_star over the trajectories, lower end", 9},
       {"mu_star_high", float64, "outcome", "upper end", 9},
       {"sigma_low", float64, "outcome", "95 % bootstrap interval of sigma, lower end", 9},
       {"sigma_high", float64, "outcome", "upper end", 9}}};
  return table;
}

const sim::TableSchema& sensitivity_design() {
  static const sim::TableSchema table{
      "/sensitivity/design",
      "one point of a Morris trajectory: the levers' levels and the outcomes there",
      {{"trajectory", int64, "", "trajectory index"},
       {"point", int64, "", "position in the trajectory"},
       {"changed", string, "", "lever changed from the previous point; empty for a trajectory's first point"},
       {"direction", int64, "", "+1 or −1; 0 for a first point"}},
      sim::FurtherColumns{"<lever>…", float64, "",
                          "for each lever, `x:<lever>` (its normalised level in [0, 1]) and `<lever>` (the value "
                          "applied); then each headline outcome (total over the run, mean over replications)",
                          4}};
  return table;
}

const sim::TableSchema& sobol_indices() {
  static const sim::TableSchema table{
      "/sobol/indices",
      "one uncertain parameter's share of one headline outcome's variance (Sobol' indices)",
      {{"parameter", string, "", "the parameter's dotted key"},
       {"outcome", string, "", "the outcome: total over the run, mean over replications"},
       {"first", float64, "share", "first-order index: the share of the outcome's variance the parameter explains alone"},
       {"first_low", float64, "share", "its 95 % bootstrap interval, lower end"},
       {"first_high", float64, "share", "upper end"},
       {"total", float64, "share", "total index: the share it has a hand in, interactions included"},
       {"total_low", float64, "share", "its 95 % bootstrap interval, lower end"},
       {"total_high", float64, "share", "upper end"}},
      {},
      9};
  return table;
}

const sim::TableSchema& sobol_design() {
  static const sim::TableSchema table{
      "/sobol/design",
      "one point of the Saltelli design: the parameters' values and the outcomes there",
      {{"point", int64, "", "the point: rows of A, then of B, then of A with each parameter's column from B"}},
      sim::FurtherColumns{"<parameter>…", float64, "",
                          "each parameter's value (column named by its key), then each headline outcome (total over "
                          "the run, mean over replications)",
                          1},
      9};
  return table;
}

const sim::TableSchema& calibration_parameters() {
  static const sim::TableSchema table{
      "/calibration/parameters",
      "one uncertain parameter: its prior, and its posterior (the last generation's weighted particles)",
      {{"key", string, "", "the parameter's dotted key"},
       {"prior", string, "", "the prior's family: `uniform`, `log_uniform`, `normal` or `beta`"},
       {"low", float64, "parameter", "the prior's lowest value"},
       {"high", float64, "parameter", "the prior's highest value"},
       {"integer", uint8, "", "1 when the parameter is an integer (values rounded to the nearest)"},
       {"prior_mean", float64, "parameter", "mean of generation 0 (drawn from the prior)"},
       {"prior_sd", float64, "parameter", "standard deviation of generation 0"},
       {"posterior_mean", float64, "parameter", "weighted mean of the last generation"},
       {"posterior_sd", float64, "parameter", "weighted standard deviation of the last generation"},
       {"q05", float64, "parameter", "weighted 5 % quantile of the last generation: the 90 % credible interval's lower end"},
       {"q50", float64, "parameter", "weighted median of the last generation"},
       {"q95", float64, "parameter", "weighted 95 % quantile of the last generation: the interval's upper end"}},
      {},
      7};
  return table;
}

const sim::TableSchema& calibration_generations() {
  static const sim::TableSchema table{
      "/calibration/generations",
      "one generation of ABC-SMC",
      {{"generation", int64, "", "0 for the prior's"},
       {"tolerance", float64, "distance", "the largest distance accepted (infinite in generation 0)"},
       {"proposals", int64, "", "proposals simulated to fill the generation"},
       {"accepted", int64, "", "particles kept"},
       {"acceptance", float64, "share", "accepted ÷ proposals"},
       {"ess", float64, "particles", "effective sample size, 1 ÷ Σ w² of the normalised weights"}},
      {},
      7};
  return table;
}

const sim::TableSchema& calibration_particles() {
  static const sim::TableSchema table{
      "/calibration/particles",
      "one particle of one generation: its parameter values, weight, distance and fit",
      {{"generation", int64, "", "see `/calibration/generations`"},
       {"particle", int64, "", "its position in the generation"},
       {"proposal", int64, "", "the proposal it was (its random streams are keyed by generation and proposal)"},
       {"weight", float64, "", "normalised importance weight"},
       {"distance", float64, "distance", "to the targets"}},
      sim::FurtherColumns{"<key>…,fit:<target>…", float64, "",
                          "each uncertain parameter's value (column named by its key), then each target's simulated "
                          "value (`fit:<name>`, mean over replicates, in the target's unit; `first`: days from the "
                          "run's start)",
                          5},
      7};
  return table;
}

const sim::TableSchema& calibration_targets() {
  static const sim::TableSchema table{
      "/calibration/targets",
      "one target: the observation, and the posterior's simulated value (the last generation's weighted particles)",
      {{"name", string, "", "the target's name"},
       {"statistic", string, "", "`count`, `first`, `median_days` or `share`"},
       {"flow", string, "", "the stage entered"},
       {"unit", string, "", "`households` or `persons` (count, share)"},
       {"territory", string, "", "a host territory's code; empty: all"},
       {"date", string, "", "the observation's date, YYYY-MM-DD (`first`: the observed first date)"},
       {"observed", float64, "target", "the observed value (`first`: days from the run's start to `date`)"},
       {"tolerance", float64, "target", "the target's tolerance"},
       {"q05", float64, "target", "weighted 5 % quantile of the particles' simulated values"},
       {"q50", float64, "target", "weighted median"},
       {"q95", float64, "target", "weighted 95 % quantile"},
       {"source", string, "", "where the figure was read"}},
      {},
      7};
  return table;
}

}  // namespace emile::models::tables
