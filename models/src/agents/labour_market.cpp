#include "emile/models/agents/labour_market.hpp"

#include "emile/models/foundations/purposes.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace emile::models {
namespace {

bool is_summer_sector(Sector sector) { return sector == Sector::agriculture || sector == Sector::hospitality; }

// A vacancy opened at `employer` in `step`: its requirements and contract drawn from `labour`.
Vacancy draw_vacancy(std::uint32_t employer, Sector sector, const LabourSettings& labour, sim::Step step,
                     sim::RandomStream& stream) {
  Vacancy v;
  v.employer = employer;
  v.sector = sector;
  v.qualification = static_cast<std::uint8_t>(sim::categorical(stream, labour.qualification_weights));
  v.contract = static_cast<Contract>(sim::categorical(stream, labour.contract_weights));
  v.licence_required = sim::bernoulli(stream, labour.licence_required_share);
  v.opened = step;
  return v;
}

std::vector<Employer> draw_employers(const TerritorySettings& territory, const LabourSettings& labour,
                                     std::span<const double> commune_population, sim::StreamSeed seed,
                                     std::uint32_t territory_index) {
  sim::RandomStream stream(seed, purpose::employers, territory_index, 0);
  const sim::AliasTable communes(commune_population);
  const auto count = static_cast<std::size_t>(std::max<double>(1, std::round(territory.jobs / labour.employer_mean_size)));
  std::vector<Employer> employers(count);
  for (auto& e : employers) {
    e.commune = static_cast<std::uint16_t>(communes.draw(stream));
    e.sector = static_cast<Sector>(sim::categorical(stream, sector_job_shares(territory, labour)));
    e.partner = sim::bernoulli(stream, labour.partner_share);
    // Sizes are geometric with the requested mean: many small employers, a few large ones.
    e.size = static_cast<std::uint32_t>(sim::geometric_trials(stream, 1.0 / labour.employer_mean_size));
  }
  return employers;
}

// The hazard (1/year) of a vacancy being filled by a local job seeker, from the territory's unemployment rate.
double local_fill_per_year(const TerritorySettings& territory, const LabourSettings& labour) {
  return labour.local_fill_per_year * unemployment_rate(territory) / labour.reference_unemployment_rate;
}

// When a vacancy closes. It stays open min(vacancy_weeks, filling time) weeks — the filling time exponential at
// rate `local_fill`, infinite if hard to fill — and closes 1 + k steps after the step it opened in by the
// event-timing rule: k ≥ 1 for the times in (k Δ, (k + 1) Δ], 0 for those up to Δ, and the last k for the full
// vacancy_weeks. Returns P(k) for k = 0 … last.
std::vector<double> closing_shares(double local_fill, const LabourSettings& labour, const sim::Clock& clock) {
  const double step_weeks = clock.step_days() / sim::days_per_week;
  const auto last = static_cast<std::size_t>(clock.steps_after_days(labour.vacancy_weeks * sim::days_per_week) - 1);
  std::vector<double> shares(last + 1, 0.0);
  const auto survives = [&](double weeks) { return local_fill > 0 ? std::exp(-local_fill * weeks / sim::weeks_per_year) : 1.0; };
  for (std::size_t k = 0; k < last; ++k) {
    const double from = k == 0 ? 0.0 : k * step_weeks;
    shares[k] = (1 - labour.hard_to_fill_share) * (survives(from) - survives((k + 1) * step_weeks));
  }
  shares[last] = labour.hard_to_fill_share + (1 - labour.hard_to_fill_share) * survives(last * step_weeks);
  return shares;
}

// The expected vacancies of `sector` opening in `step` (visible or not): the sector's jobs × the hiring rate,
// scaled by the month's seasonality and by `hiring_factor`.
double expected_openings(Sector sector, const TerritorySettings& territory, const LabourSettings& labour,
                         const sim::Clock& clock, double hiring_factor, sim::Step step) {
  const std::vector<double>& shares = sector_job_shares(territory, labour);
  double share_total = 0;
  for (double w : shares) share_total += w;
  const auto s = static_cast<std::size_t>(sector);
  const double season = is_summer_sector(sector) ? labour.summer_seasonality[clock.first_day(step).month() - 1] : 1.0;
  const double jobs = territory.jobs * shares[s] / share_total;
  return jobs * labour.hires_per_job_per_year * clock.step_years() * season * hiring_factor;
}

}  // namespace

LabourMarket::LabourMarket(const TerritorySettings& territory, const LabourSettings& labour,
                           std::span<const double> commune_population, const sim::Clock& clock, sim::StreamSeed seed,
                           std::uint32_t territory_index, sim::Step steps)
    : LabourMarket(territory_index, draw_employers(territory, labour, commune_population, seed, territory_index), steps) {
  start_at_rest(territory, labour, clock, seed);
}

LabourMarket::LabourMarket(std::uint32_t territory_index, std::vector<Employer> employers, sim::Step steps)
    : territory_index_(territory_index),
      employers_(std::move(employers)),
      open_(0, 2),
      closing_(steps),
      local_closing_(static_cast<std::size_t>(std::max<sim::Step>(steps, 0)), 0) {
  std::array<double, sector_count> jobs{};
  std::array<std::vector<std::uint32_t>, sector_count> partner_ids, ids;
  std::array<std::vector<double>, sector_count> partner_sizes, sizes;
  for (std::uint32_t i = 0; i < employers_.size(); ++i) {
    const auto s = static_cast<std::size_t>(employers_[i].sector);
    jobs[s] += employers_[i].size;
    ids[s].push_back(i);
    sizes[s].push_back(employers_[i].size);
    if (!employers_[i].partner) continue;
    partner_ids[s].push_back(i);
    partner_sizes[s].push_back(employers_[i].size);
    partner_job_share_[s] += employers_[i].size;
  }
  for (std::size_t s = 0; s < sector_count; ++s) {
    if (jobs[s] == 0) continue;
    employers_by_sector_[s].emplace(std::move(ids[s]), sizes[s]);
    partner_job_share_[s] /= jobs[s];
    if (!partner_ids[s].empty()) partners_by_sector_[s].emplace(std::move(partner_ids[s]), partner_sizes[s]);
  }
}

std::uint32_t LabourMarket::allocate(const Vacancy& vacancy) {
  std::uint32_t id;
  if (!free_ids_.empty()) {
    id = free_ids_.back();
    free_ids_.pop_back();
    vacancies_[id] = vacancy;
  } else {
    id = static_cast<std::uint32_t>(vacancies_.size());
    vacancies_.push_back(vacancy);
    if (open_.capacity() <= id) open_.grow(std::max<std::size_t>(1024, 2 * open_.capacity()));
  }
  return id;
}

double LabourMarket::visible_share(std::size_t sector, const LabourSettings& labour) const {
  return partners_by_sector_[sector] ? partner_job_share_[sector] * labour.programme_visible_share : 0.0;
}

void LabourMarket::open_visible(Sector sector, const LabourSettings& labour, const sim::Clock& clock, double local_fill,
                                sim::Step step, sim::RandomStream& stream) {
  Vacancy v = draw_vacancy(partners_by_sector_[static_cast<std::size_t>(sector)]->draw(stream), sector, labour, step,
                          stream);
  double weeks_open = labour.vacancy_weeks;
  if (!sim::bernoulli(stream, labour.hard_to_fill_share) && local_fill > 0) {
    weeks_open = std::min(weeks_open, sim::exponential(stream, local_fill) * sim::weeks_per_year);
  }
  v.closes = step + clock.steps_after_days(weeks_open * sim::days_per_week);
  if (v.closes < 1) return;  // opened before the start and closed by then
  const std::uint32_t id = allocate(v);
  open_.assign(id, visible_class);
  closing_.schedule(v.closes, {id, 0});
}

void LabourMarket::start_at_rest(const TerritorySettings& territory, const LabourSettings& labour, const sim::Clock& clock,
                                 sim::StreamSeed seed) {
  sim::RandomStream stream(seed, purpose::labour_market_start, territory_index_, 0);
  const double local_fill = local_fill_per_year(territory, labour);
  const std::vector<double> shares = closing_shares(local_fill, labour, clock);
  const std::size_t last = shares.size() - 1;
  // A vacancy opened j ≥ 1 steps before the start that closes 1 + k steps after its opening is still open in step 0
  // when k ≥ j; it then closes in step t = 1 + k − j. Local ones: expected[t] sums the arrivals' shares.
  std::vector<double> expected(last + 1, 0.0);
  for (std::size_t s = 0; s < sector_count; ++s) {
    const auto sector = static_cast<Sector>(s);
    const double visible = visible_share(s, labour);
    for (std::size_t j = 1; j <= last; ++j) {
      const double mean = expected_openings(sector, territory, labour, clock, 1.0, -static_cast<sim::Step>(j));
      for (std::size_t t = 1; t + j <= last + 1; ++t) expected[t] += mean * (1 - visible) * shares[t + j - 1];
      const std::uint64_t arrivals = visible > 0 ? sim::poisson(stream, mean * visible) : 0;
      for (std::uint64_t k = 0; k < arrivals; ++k) open_visible(sector, labour, clock, local_fill, -static_cast<sim::Step>(j), stream);
    }
  }
  for (std::size_t t = 1; t <= last && t < local_closing_.size(); ++t) {
    const auto open = static_cast<std::int64_t>(sim::poisson(stream, expected[t]));
    local_closing_[t] += open;
    local_open_ += open;
  }
}

void LabourMarket::step(const TerritorySettings& territory, const LabourSettings& labour, const sim::Clock& clock,
                        double hiring_factor, sim::Step step, sim::StreamSeed seed) {
  // Closing: filled locally or expired. A vacancy the programme took is no longer open and is skipped.
  for (const auto& event : closing_.take(step)) {
    if (!open_.contains(event.id) || vacancies_[event.id].closes != step) continue;
    const bool taken = open_.class_of(event.id) == taken_class;
    if (taken) continue;  // held by a programme household: freed when it moves or gives it back
    open_.remove(event.id);
    free_ids_.push_back(event.id);
  }
  if (step >= 0 && static_cast<std::size_t>(step) < local_closing_.size()) local_open_ -= local_closing_[static_cast<std::size_t>(step)];

  sim::RandomStream stream(seed, purpose::labour_market, territory_index_, static_cast<std::uint64_t>(step));
  const double local_fill = local_fill_per_year(territory, labour);
  const std::vector<double> closing_share = closing_shares(local_fill, labour, clock);
  const std::size_t last = closing_share.size() - 1;
  last_closings_.assign(last + 1, 0);
  for (std::size_t s = 0; s < sector_count; ++s) {
    const auto sector = static_cast<Sector>(s);
    const double mean = expected_openings(sector, territory, labour, clock, hiring_factor, step);
    const double visible_share = this->visible_share(s, labour);

    // Local arrivals, spread over their closing steps (multinomial, as successive binomials).
    std::uint64_t local = sim::poisson(stream, mean * (1 - visible_share));
    local_open_ += static_cast<std::int64_t>(local);
    local_opened_[s] = local;
    double remaining_share = 1.0;
    for (std::size_t k = 0; k <= last && local > 0; ++k) {
      const double p = remaining_share > 0 ? std::clamp(closing_share[k] / remaining_share, 0.0, 1.0) : 1.0;
      const std::uint64_t closing = k == last ? local : sim::binomial(stream, local, p);
      remaining_share -= closing_share[k];
      local -= closing;
      const sim::Step at = step + 1 + static_cast<sim::Step>(k);
      if (static_cast<std::size_t>(at) < local_closing_.size()) local_closing_[static_cast<std::size_t>(at)] += static_cast<std::int64_t>(closing);
      last_closings_[k] += static_cast<std::int64_t>(closing);
    }

    // Visible arrivals: agents, at partner employers drawn by size.
    const std::uint64_t visible = visible_share > 0 ? sim::poisson(stream, mean * visible_share) : 0;
    for (std::uint64_t k = 0; k < visible; ++k) open_visible(sector, labour, clock, local_fill, step, stream);
  }
}

Vacancy LabourMarket::draw_local_opening(Sector sector, const LabourSettings& labour, sim::Step step,
                                         sim::RandomStream& stream) const {
  const auto s = static_cast<std::size_t>(sector);
  if (local_openings(sector) == 0) throw std::logic_error("no local opening to draw in this sector");
  Vacancy v = draw_vacancy(employers_by_sector_[s]->draw(stream), sector, labour, step, stream);
  v.closes = step;
  return v;
}

void LabourMarket::take_local_opening(Sector sector, sim::Step step, sim::RandomStream& stream) {
  const auto s = static_cast<std::size_t>(sector);
  if (local_openings(sector) == 0) throw std::logic_error("no local opening to take in this sector");
  --local_opened_[s];
  --local_open_;
  std::int64_t closings = 0;
  for (auto count : last_closings_) closings += count;
  auto pick = static_cast<std::int64_t>(sim::uniform_index(stream, static_cast<std::uint64_t>(closings)));
  std::size_t k = 0;
  while (pick >= last_closings_[k]) pick -= last_closings_[k++];
  --last_closings_[k];
  const auto at = static_cast<std::size_t>(step + 1) + k;
  if (at < local_closing_.size()) --local_closing_[at];
}

void LabourMarket::take(std::uint32_t id) {
  if (!open_.contains(id) || open_.class_of(id) != visible_class) {
    throw std::logic_error("vacancy " + std::to_string(id) + " is not open to the programme");
  }
  open_.assign(id, taken_class);
}

void LabourMarket::fill(std::uint32_t id) {
  if (!open_.contains(id) || open_.class_of(id) != taken_class) {
    throw std::logic_error("vacancy " + std::to_string(id) + " is not held by the programme");
  }
  open_.remove(id);
  free_ids_.push_back(id);
}

void LabourMarket::release(std::uint32_t id, sim::Step now) {
  if (!open_.contains(id) || open_.class_of(id) != taken_class) {
    throw std::logic_error("vacancy " + std::to_string(id) + " is not held by the programme");
  }
  if (now < vacancies_[id].closes) {
    open_.assign(id, visible_class);
  } else {
    open_.remove(id);
    free_ids_.push_back(id);
  }
}

std::size_t LabourMarket::bytes() const {
  return employers_.capacity() * sizeof(Employer) + vacancies_.capacity() * sizeof(Vacancy) + open_.bytes() +
         free_ids_.capacity() * sizeof(std::uint32_t) + local_closing_.capacity() * sizeof(std::int64_t);
}

void LabourMarket::save(sim::ArchiveWriter& out) const {
  out.tag("labour market");
  out.value(territory_index_);
  out.values(vacancies_);
  out.values(free_ids_);
  open_.save(out);
  closing_.save(out);
  out.value(local_open_);
  out.values(local_closing_);
  out.value(local_opened_);
  out.values(last_closings_);
}

LabourMarket LabourMarket::restore(sim::ArchiveReader& in, sim::Step steps, const LabourMarket& starting) {
  in.expect("labour market");
  LabourMarket market = starting;
  in.require(in.value<std::uint32_t>() == market.territory_index_, "a labour market of another territory");
  market.vacancies_ = in.values<Vacancy>();
  for (const auto& v : market.vacancies_) {
    in.require(v.employer < market.employers_.size(), "a vacancy at an unknown employer");
    in.require_flags({&v.licence_required}, "a vacancy with a bad flag");
  }
  market.free_ids_ = in.values<std::uint32_t>();
  for (auto id : market.free_ids_) in.require(id < market.vacancies_.size(), "a free vacancy id out of range");
  market.open_ = sim::IndexedPartition::restore(in);
  in.require(market.open_.classes() == 2 && market.open_.capacity() >= market.vacancies_.size(),
             "open vacancies that do not match the vacancies");
  for (std::size_t cls = 0; cls < 2; ++cls) {
    for (auto id : market.open_.members(cls)) in.require(id < market.vacancies_.size(), "an open vacancy id out of range");
  }
  market.closing_ = sim::EventQueue::restore(in, steps, static_cast<std::uint32_t>(market.vacancies_.size()));
  market.local_open_ = in.value<std::int64_t>();
  market.local_closing_ = in.values<std::int64_t>();
  market.local_opened_ = in.value<std::array<std::uint64_t, sector_count>>();
  market.last_closings_ = in.values<std::int64_t>();
  std::int64_t last_opened = 0, last_closing = 0;
  for (auto count : market.local_opened_) last_opened += static_cast<std::int64_t>(count);
  for (auto count : market.last_closings_) last_closing += count;
  in.require(last_opened == last_closing && last_opened <= market.local_open_,
             "local openings that do not match their closings");
  in.require(market.local_open_ >= 0 && market.local_closing_.size() == static_cast<std::size_t>(std::max<sim::Step>(steps, 0)),
             "local vacancies that do not match the run");
  return market;
}

}  // namespace emile::models
