#include "emile/models/agents/labour_market.hpp"

#include "emile/models/foundations/purposes.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace emile::models {
namespace {

bool is_summer_sector(Sector sector) { return sector == Sector::agriculture || sector == Sector::hospitality; }

std::vector<Employer> draw_employers(const TerritorySettings& territory, const LabourSettings& labour,
                                     std::span<const double> commune_population, sim::StreamSeed seed,
                                     std::uint32_t territory_index) {
  sim::RandomStream stream(seed, purpose::employers, territory_index, 0);
  const sim::AliasTable communes(commune_population);
  const auto count = static_cast<std::size_t>(std::max<double>(1, std::round(territory.jobs / labour.employer_mean_size)));
  std::vector<Employer> employers(count);
  for (auto& e : employers) {
    e.commune = static_cast<std::uint16_t>(communes.draw(stream));
    e.sector = static_cast<Sector>(sim::categorical(stream, labour.sector_job_shares));
    e.partner = sim::bernoulli(stream, labour.partner_share);
    // Sizes are geometric with the requested mean: many small employers, a few large ones.
    e.size = static_cast<std::uint32_t>(sim::geometric_trials(stream, 1.0 / labour.employer_mean_size));
  }
  return employers;
}

}  // namespace

LabourMarket::LabourMarket(const TerritorySettings& territory, const LabourSettings& labour,
                           std::span<const double> commune_population, sim::StreamSeed seed,
                           std::uint32_t territory_index, sim::Step steps)
    : LabourMarket(territory_index, draw_employers(territory, labour, commune_population, seed, territory_index), steps) {}

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
  const double unemployment = territory.active > 0 ? static_cast<double>(territory.unemployed) / territory.active : 0.0;
  const double local_fill = labour.local_fill_per_year * unemployment / labour.reference_unemployment_rate;
  const double step_years = clock.step_years();
  const double step_weeks = clock.step_days() / sim::days_per_week;
  const unsigned month = clock.first_day(step).month();
  // A vacancy stays open min(vacancy_weeks, filling time) weeks — the filling time exponential at rate
  // local_fill, infinite if hard to fill — and closes 1 + `bucket` steps after it opened by the event-timing
  // rule: bucket k ≥ 1 holds the times in (k Δ, (k + 1) Δ], bucket 0 those up to Δ, and bucket `last` the full
  // vacancy_weeks. closing_share[k] = P(bucket = k).
  const auto closes_at = [&](double weeks_open) { return step + clock.steps_after_days(weeks_open * sim::days_per_week); };
  const auto last = static_cast<std::size_t>(closes_at(labour.vacancy_weeks) - step - 1);
  std::vector<double> closing_share(last + 1, 0.0);
  const auto survives = [&](double weeks) { return local_fill > 0 ? std::exp(-local_fill * weeks / sim::weeks_per_year) : 1.0; };
  for (std::size_t k = 0; k < last; ++k) {
    const double from = k == 0 ? 0.0 : k * step_weeks;
    closing_share[k] = (1 - labour.hard_to_fill_share) * (survives(from) - survives((k + 1) * step_weeks));
  }
  closing_share[last] = labour.hard_to_fill_share + (1 - labour.hard_to_fill_share) * survives(last * step_weeks);

  double share_total = 0;
  for (double w : labour.sector_job_shares) share_total += w;
  last_closings_.assign(last + 1, 0);
  for (std::size_t s = 0; s < sector_count; ++s) {
    const auto sector = static_cast<Sector>(s);
    const double season = is_summer_sector(sector) ? labour.summer_seasonality[month - 1] : 1.0;
    const double jobs = territory.jobs * labour.sector_job_shares[s] / share_total;
    const double mean = jobs * labour.hires_per_job_per_year * step_years * season * hiring_factor;
    const double visible_share = partners_by_sector_[s] ? partner_job_share_[s] * labour.programme_visible_share : 0.0;

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
    for (std::uint64_t k = 0; k < visible; ++k) {
      Vacancy v;
      v.employer = partners_by_sector_[s]->draw(stream);
      v.sector = sector;
      v.qualification = static_cast<std::uint8_t>(sim::categorical(stream, labour.qualification_weights));
      v.contract = static_cast<Contract>(sim::categorical(stream, labour.contract_weights));
      v.opened = step;
      double weeks_open = labour.vacancy_weeks;
      if (!sim::bernoulli(stream, labour.hard_to_fill_share) && local_fill > 0) {
        weeks_open = std::min(weeks_open, sim::exponential(stream, local_fill) * sim::weeks_per_year);
      }
      v.closes = closes_at(weeks_open);
      const std::uint32_t id = allocate(v);
      open_.assign(id, visible_class);
      closing_.schedule(v.closes, {id, 0});
    }
  }
}

Vacancy LabourMarket::draw_local_opening(Sector sector, const LabourSettings& labour, sim::Step step,
                                         sim::RandomStream& stream) const {
  const auto s = static_cast<std::size_t>(sector);
  if (local_openings(sector) == 0) throw std::logic_error("no local opening to draw in this sector");
  Vacancy v;
  v.employer = employers_by_sector_[s]->draw(stream);
  v.sector = sector;
  v.qualification = static_cast<std::uint8_t>(sim::categorical(stream, labour.qualification_weights));
  v.contract = static_cast<Contract>(sim::categorical(stream, labour.contract_weights));
  v.opened = step;
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
  out.values(employers_);
  out.values(vacancies_);
  out.values(free_ids_);
  open_.save(out);
  closing_.save(out);
  out.value(local_open_);
  out.values(local_closing_);
  out.value(local_opened_);
  out.values(last_closings_);
}

LabourMarket LabourMarket::restore(sim::ArchiveReader& in, sim::Step steps) {
  in.expect("labour market");
  const auto territory_index = in.value<std::uint32_t>();
  auto employers = in.values<Employer>();
  in.require(!employers.empty(), "a labour market without employers");
  for (const auto& e : employers) {
    in.require_flags({&e.partner}, "an employer with a bad partner flag");
    in.require(static_cast<std::size_t>(e.sector) < sector_count && e.size > 0, "an employer with a bad sector or size");
  }
  LabourMarket market(territory_index, std::move(employers), steps);
  market.vacancies_ = in.values<Vacancy>();
  for (const auto& v : market.vacancies_) in.require(v.employer < market.employers_.size(), "a vacancy at an unknown employer");
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
