#include "emile/models/agents/household.hpp"

#include "emile/models/foundations/purposes.hpp"
#include "emile/sim/distributions.hpp"

#include <algorithm>

namespace emile::models {

HouseholdProfile draw_profile(const HouseholdSettings& settings, sim::StreamSeed seed, std::uint32_t id) {
  sim::RandomStream stream(seed, purpose::household_profile, id, 0);
  HouseholdProfile p;
  p.adults = static_cast<std::uint8_t>(1 + sim::categorical(stream, settings.adults_weights));
  p.children = static_cast<std::uint8_t>(sim::categorical(stream, settings.children_weights));
  p.skill = static_cast<Sector>(sim::categorical(stream, settings.sector_weights));
  p.qualification = static_cast<std::uint8_t>(sim::categorical(stream, settings.qualification_weights));
  p.licence = sim::bernoulli(stream, settings.licence_share);
  p.car = p.licence && sim::bernoulli(stream, settings.car_share_with_licence);
  p.situation = static_cast<HousingSituation>(sim::categorical(stream, settings.situation_weights));
  // Triangular spread around the mean: the mean of two uniforms, centred, scaled by the spread, shifted to the
  // requested mean and clamped.
  const auto around = [&](double mean, double spread) {
    const double offset = (stream.uniform() + stream.uniform()) / 2 - 0.5;
    return static_cast<float>(std::clamp(mean + spread * offset, 0.0, 1.0));
  };
  p.motivation = around(settings.motivation_mean, settings.motivation_spread);
  p.rural_preference = around(settings.rural_preference_mean, settings.rural_preference_spread);
  return p;
}

}  // namespace emile::models
