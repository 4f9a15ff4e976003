#include "emile/models/agents/dwelling_stock.hpp"

#include "emile/models/foundations/purposes.hpp"
#include "emile/sim/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

namespace emile::models {
namespace {

// Moves `count` dwellings drawn uniformly from state `from` to state `to` (fewer if `from` runs out). The k-th
// move picks a position uniformly among the size − k members left, so the positions can be drawn first (the
// same draws, in the same order, as one by one) and each member fetched from memory a few moves ahead.
void move_random(sim::IndexedPartition& states, DwellingState from, DwellingState to, std::uint64_t count,
                 sim::RandomStream& stream) {
  constexpr std::size_t ahead = 8;
  const auto source = static_cast<std::size_t>(from);
  const std::size_t size = states.size(source);
  std::vector<std::size_t> positions(static_cast<std::size_t>(std::min<std::uint64_t>(count, size)));
  for (std::size_t k = 0; k < positions.size(); ++k) positions[k] = sim::uniform_index(stream, size - k);
  for (std::size_t k = 0; k < positions.size(); ++k) {
    if (k + ahead < positions.size()) states.prefetch_member(source, positions[k + ahead]);
    states.move_member(source, positions[k], static_cast<std::size_t>(to));
  }
}

double per_step(double rate_per_year, double step_years) { return -std::expm1(-rate_per_year * step_years); }

// The letting rate at which a step's expected lettings of `vacant` dwellings equal its expected turnover of
// `occupied` ones (see DwellingStock::local_demand_per_year).
double stationary_demand(std::size_t occupied, std::size_t vacant, double turnover_per_year, double step_years) {
  const double turnover = per_step(turnover_per_year, step_years);
  if (occupied == 0 || turnover == 0) return 0;
  const double letting = vacant == 0 ? 1.0 : turnover * static_cast<double>(occupied) / static_cast<double>(vacant);
  return letting >= 1 ? std::numeric_limits<double>::infinity() : -std::log1p(-letting) / step_years;
}

}  // namespace

double structural_vacancy_share(const TerritorySettings& territory) {
  if (territory.vacant_dwellings <= 0) return 0;
  const double dwellings = static_cast<double>(territory.main_residences + territory.vacant_dwellings);
  return std::max(0.0, 1 - territory.frictional_vacancy_rate * dwellings / static_cast<double>(territory.vacant_dwellings));
}

DwellingStock::DwellingStock(const TerritorySettings& territory, const HousingSettings& housing,
                             std::span<const double> occupied_by_commune, std::span<const double> vacant_by_commune,
                             double step_years, sim::StreamSeed seed, std::uint32_t territory_index)
    : territory_index_(territory_index) {
  const auto occupied = static_cast<std::size_t>(territory.main_residences);
  const auto vacant = static_cast<std::size_t>(territory.vacant_dwellings);
  const std::size_t total = occupied + vacant;
  if (total > std::numeric_limits<std::uint32_t>::max() - 1) throw std::length_error("too many dwellings in one territory");
  std::vector<Dwelling> dwellings(total);
  std::vector<std::uint8_t> states(total);

  // Built only for the kinds there are, so that a territory without vacant (or occupied) dwellings needs no weights.
  std::optional<sim::AliasTable> occupied_communes, vacant_communes;
  if (occupied > 0) occupied_communes.emplace(occupied_by_commune);
  if (vacant > 0) vacant_communes.emplace(vacant_by_commune);
  const sim::AliasTable rooms(housing.rooms_weights);
  const double structural_share = structural_vacancy_share(territory);
  sim::RandomStream stream(seed, purpose::dwelling_stock, territory_index, 0);
  for (std::size_t i = 0; i < total; ++i) {
    Dwelling& d = dwellings[i];
    d.commune = static_cast<std::uint16_t>((i < vacant ? *vacant_communes : *occupied_communes).draw(stream));
    d.rooms = static_cast<std::uint8_t>(1 + rooms.draw(stream));
    d.social = sim::bernoulli(stream, territory.social_share);
    const double rent_factor = housing.rent_draw_low + housing.rent_draw_width * stream.uniform();  // drawn for every dwelling, so that tenure shifts no later draw
    if (d.social) d.rent_eur = static_cast<std::uint16_t>(std::min(65535.0, std::round(d.rooms * housing.social_rent_per_room_eur * rent_factor)));
    // Attributes are i.i.d., so making the first `vacant` dwellings the vacant ones is a uniform choice.
    DwellingState state;
    if (i < vacant) {
      d.structural = sim::bernoulli(stream, structural_share);
      state = d.structural ? (d.social ? DwellingState::structural_social : DwellingState::structural_private)
                           : (d.social ? DwellingState::vacant_social : DwellingState::vacant_private);
    } else {
      state = d.social ? DwellingState::occupied_social : DwellingState::occupied_private;
    }
    states[i] = static_cast<std::uint8_t>(state);
  }
  dwellings_ = std::make_shared<const std::vector<Dwelling>>(std::move(dwellings));
  states_ = sim::IndexedPartition(states, dwelling_state_count);
  top_up_reservation(territory.reserved_dwellings, stream);
  local_demand_per_year_ = {
      stationary_demand(count(DwellingState::occupied_private), count(DwellingState::vacant_private),
                        housing.private_turnover_per_year, step_years),
      stationary_demand(count(DwellingState::occupied_social), count(DwellingState::vacant_social),
                        housing.social_turnover_per_year, step_years)};
}

void DwellingStock::step(const TerritorySettings& territory, const HousingSettings& housing, double step_years,
                         sim::Step step, sim::StreamSeed seed) {
  sim::RandomStream stream(seed, purpose::housing_market, territory_index_, static_cast<std::uint64_t>(step));
  const auto draw = [&](DwellingState from, double rate) {
    return sim::binomial(stream, count(from), per_step(rate, step_years));
  };
  // Draw every count before moving anything, so each count sees the stock as the step found it.
  const auto social_turnover = draw(DwellingState::occupied_social, housing.social_turnover_per_year);
  const auto private_turnover = draw(DwellingState::occupied_private, housing.private_turnover_per_year);
  const auto social_lettings = draw(DwellingState::vacant_social, local_demand_per_year(true));
  const auto private_lettings = draw(DwellingState::vacant_private, local_demand_per_year(false));

  move_random(states_, DwellingState::vacant_social, DwellingState::occupied_social, social_lettings, stream);
  move_random(states_, DwellingState::vacant_private, DwellingState::occupied_private, private_lettings, stream);
  move_random(states_, DwellingState::occupied_social, DwellingState::vacant_social, social_turnover, stream);
  move_random(states_, DwellingState::occupied_private, DwellingState::vacant_private, private_turnover, stream);
  top_up_reservation(territory.reserved_dwellings, stream);
}

void DwellingStock::top_up_reservation(std::int64_t target, sim::RandomStream& stream) {
  while (static_cast<std::int64_t>(count(DwellingState::reserved)) < target) {
    const std::size_t before = count(DwellingState::reserved);
    // Freshly vacated social dwellings first, then hard-to-let ones.
    move_random(states_, count(DwellingState::vacant_social) ? DwellingState::vacant_social : DwellingState::structural_social,
                DwellingState::reserved, 1, stream);
    if (count(DwellingState::reserved) == before) return;  // no vacant social dwelling left
  }
  // A lowered target hands the surplus back to the local market.
  while (static_cast<std::int64_t>(count(DwellingState::reserved)) > target) {
    set_state(reserved().back(), DwellingState::vacant_social);
  }
}

std::size_t DwellingStock::vacant() const {
  return count(DwellingState::vacant_social) + count(DwellingState::vacant_private) +
         count(DwellingState::structural_social) + count(DwellingState::structural_private) +
         count(DwellingState::reserved);
}

void DwellingStock::take(std::uint32_t id) {
  if (state(id) != DwellingState::reserved) throw std::logic_error("dwelling " + std::to_string(id) + " is not reserved");
  set_state(id, DwellingState::programme);
}

void DwellingStock::release(std::uint32_t id, const TerritorySettings& territory) {
  if (state(id) != DwellingState::programme) throw std::logic_error("dwelling " + std::to_string(id) + " is not held");
  const bool room = static_cast<std::int64_t>(count(DwellingState::reserved)) < territory.reserved_dwellings;
  set_state(id, room ? DwellingState::reserved : DwellingState::vacant_social);
}

void DwellingStock::save(sim::ArchiveWriter& out) const {
  out.tag("dwelling stock");
  out.value(territory_index_);
  states_.save(out);
}

DwellingStock DwellingStock::restore(sim::ArchiveReader& in, const DwellingStock& starting) {
  in.expect("dwelling stock");
  DwellingStock stock = starting;
  in.require(in.value<std::uint32_t>() == stock.territory_index_, "a dwelling stock of another territory");
  stock.states_ = sim::IndexedPartition::restore(in);
  in.require(stock.states_.capacity() == stock.dwellings_->size() && stock.states_.classes() == dwelling_state_count,
             "a dwelling stock whose states do not match its dwellings");
  return stock;
}

}  // namespace emile::models
