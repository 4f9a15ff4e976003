#include "emile/models/foundations/commune_synthesis.hpp"

#include "emile/sim/fingerprint.hpp"

#include "argument_checks.hpp"
#include "earth.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

namespace emile::models {
namespace {

// Steps of the synthesis, each with its own stream counter so that changing one step's draws leaves the
// others' numbers unchanged.
enum SynthesisStep : std::uint64_t { populations_step = 0, positions_step = 1, assignment_step = 2 };

double standard_normal(sim::RandomStream& stream) {
  // Box–Muller; uniform() is never 0, so the logarithm is finite.
  const double u1 = stream.uniform();
  const double u2 = stream.uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// An index uniform in [0, count).
std::size_t uniform_index(sim::RandomStream& stream, std::size_t count) {
  const auto index = static_cast<std::size_t>(stream.uniform() * static_cast<double>(count));
  return std::min(index, count - 1);
}

std::vector<std::int64_t> synthesise_populations(const DepartmentGeography& geography, sim::StreamSeed seed,
                                                 const SynthesisParameters& parameters, std::uint64_t entity) {
  const auto n = static_cast<std::size_t>(geography.communes);
  sim::RandomStream stream(seed, purpose::commune_synthesis, entity, populations_step);
  std::vector<double> weights(n);
  for (std::size_t r = 0; r < n; ++r) {
    weights[r] = std::pow(static_cast<double>(r + 1), -parameters.rank_size_exponent) *
                 std::exp(parameters.population_noise * standard_normal(stream));
  }
  std::sort(weights.begin(), weights.end(), std::greater<>());
  const double total_weight = std::accumulate(weights.begin(), weights.end(), 0.0);

  // Everyone gets one inhabitant; the rest is shared in proportion to the weights, by largest remainder.
  const auto spare = static_cast<double>(geography.population - static_cast<std::int64_t>(n));
  std::vector<std::int64_t> populations(n);
  std::vector<double> remainders(n);
  std::int64_t assigned = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const double share = spare * weights[r] / total_weight;
    const double whole = std::floor(share);
    populations[r] = 1 + static_cast<std::int64_t>(whole);
    remainders[r] = share - whole;
    assigned += populations[r];
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t k = 0; assigned < geography.population; k = (k + 1) % n) {
    ++populations[order[k]];
    ++assigned;
  }
  // Floating-point rounding of the shares could, in principle, overshoot by an inhabitant or two.
  for (std::size_t k = n; assigned > geography.population; k = k == 0 ? n : k) {
    --k;
    if (populations[order[k]] > 1) {
      --populations[order[k]];
      --assigned;
    }
  }
  // Rounding may swap two neighbours that differed by less than one inhabitant.
  std::stable_sort(populations.begin(), populations.end(), std::greater<>());
  return populations;
}

struct Point {
  double x = 0;  // km east of the centre
  double y = 0;  // km north of the centre
};

double distance(Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

// n evenly spread positions in an ellipse of the same area as the disc of radius `radius` (a jittered
// sunflower spiral in the disc, stretched by `elongation` along a random direction).
std::vector<Point> synthesise_positions(std::size_t n, double radius, double jitter_km, double elongation,
                                        sim::StreamSeed seed, std::uint64_t entity) {
  sim::RandomStream stream(seed, purpose::commune_synthesis, entity, positions_step);
  const double golden_angle = std::numbers::pi * (3.0 - std::sqrt(5.0));
  const double orientation = std::numbers::pi * stream.uniform();
  const double stretch = std::sqrt(elongation);
  const double c = std::cos(orientation);
  const double s = std::sin(orientation);
  std::vector<Point> points(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double r = radius * std::sqrt((static_cast<double>(k) + 0.5) / static_cast<double>(n));
    const double theta = golden_angle * static_cast<double>(k);
    const double jitter_r = jitter_km * std::sqrt(stream.uniform());
    const double jitter_theta = 2.0 * std::numbers::pi * stream.uniform();
    Point p{r * std::cos(theta) + jitter_r * std::cos(jitter_theta),
            r * std::sin(theta) + jitter_r * std::sin(jitter_theta)};
    const double from_centre = std::hypot(p.x, p.y);
    if (from_centre > radius) {
      p.x *= radius / from_centre;
      p.y *= radius / from_centre;
    }
    // Stretching x and shrinking y by the same factor keeps the area.
    const double u = p.x * stretch;
    const double v = p.y / stretch;
    points[k] = Point{u * c - v * s, u * s + v * c};
  }
  return points;
}

// For each commune (largest first), the index of its position.
std::vector<std::size_t> assign_positions(const std::vector<std::int64_t>& populations,
                                          const std::vector<Point>& points, double radius,
                                          const SynthesisParameters& parameters, sim::StreamSeed seed,
                                          std::uint64_t entity) {
  const std::size_t n = populations.size();
  sim::RandomStream stream(seed, purpose::commune_synthesis, entity, assignment_step);
  std::vector<std::size_t> slot_of(n);
  std::vector<bool> taken(n, false);
  const std::size_t mains = std::min(n, static_cast<std::size_t>(parameters.main_towns));

  // The largest town at the free position nearest a point `largest_town_offset` × radius from the centre,
  // in a random direction.
  const double angle = 2.0 * std::numbers::pi * stream.uniform();
  const Point target{parameters.largest_town_offset * radius * std::cos(angle),
                     parameters.largest_town_offset * radius * std::sin(angle)};
  std::size_t first_slot = 0;
  for (std::size_t s = 1; s < n; ++s) {
    if (distance(points[s], target) < distance(points[first_slot], target)) first_slot = s;
  }
  slot_of[0] = first_slot;
  taken[first_slot] = true;

  // The other main towns: uniformly among the free positions at least `spacing` from every main town
  // already placed, or else the free position farthest from them.
  const double spacing = parameters.main_town_spacing * radius;
  for (std::size_t town = 1; town < mains; ++town) {
    std::vector<std::size_t> candidates;
    std::size_t farthest = n;
    double farthest_distance = -1;
    for (std::size_t s = 0; s < n; ++s) {
      if (taken[s]) continue;
      double nearest = std::numeric_limits<double>::infinity();
      for (std::size_t placed = 0; placed < town; ++placed) {
        nearest = std::min(nearest, distance(points[s], points[slot_of[placed]]));
      }
      if (nearest >= spacing) candidates.push_back(s);
      if (nearest > farthest_distance) {
        farthest_distance = nearest;
        farthest = s;
      }
    }
    const std::size_t slot = candidates.empty() ? farthest : candidates[uniform_index(stream, candidates.size())];
    slot_of[town] = slot;
    taken[slot] = true;
  }

  // Positions by distance from each main town, for satellites; cursors skip the taken ones.
  std::vector<std::vector<std::size_t>> nearest_slots(mains);
  std::vector<std::size_t> cursor(mains, 0);
  double main_population = 0;
  for (std::size_t town = 0; town < mains; ++town) {
    auto& order = nearest_slots[town];
    order.resize(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    const Point centre = points[slot_of[town]];
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return distance(points[a], centre) < distance(points[b], centre);
    });
    main_population += static_cast<double>(populations[town]);
  }

  std::vector<std::size_t> free_slots;
  for (std::size_t s = 0; s < n; ++s) {
    if (!taken[s]) free_slots.push_back(s);
  }
  auto take = [&](std::size_t slot) {
    taken[slot] = true;
    const auto it = std::find(free_slots.begin(), free_slots.end(), slot);
    *it = free_slots.back();
    free_slots.pop_back();
  };

  for (std::size_t town = mains; town < n; ++town) {
    std::size_t slot = n;
    const bool satellite = stream.uniform() < parameters.satellite_share;
    if (satellite && mains > 0) {
      // Which main town: in proportion to the main towns' populations.
      double draw = stream.uniform() * main_population;
      std::size_t main = 0;
      while (main + 1 < mains && draw >= static_cast<double>(populations[main])) {
        draw -= static_cast<double>(populations[main]);
        ++main;
      }
      auto& k = cursor[main];
      while (taken[nearest_slots[main][k]]) ++k;
      slot = nearest_slots[main][k];
    } else {
      slot = free_slots[uniform_index(stream, free_slots.size())];
    }
    slot_of[town] = slot;
    take(slot);
  }
  return slot_of;
}

}  // namespace

std::vector<Commune> synthesise_communes(const DepartmentGeography& geography, sim::StreamSeed seed,
                                         const SynthesisParameters& parameters) {
  require(geography.communes >= 1, "geography.communes", std::to_string(geography.communes), "must be ≥ 1");
  require(geography.population >= geography.communes, "geography.population", std::to_string(geography.population),
          "must be ≥ geography.communes (every commune has an inhabitant)");
  require(geography.area_km2 > 0 && std::isfinite(geography.area_km2), "geography.area_km2",
          to_text(geography.area_km2), "must be a finite number > 0");
  require(std::abs(geography.centre_latitude) < 89, "geography.centre_latitude", to_text(geography.centre_latitude),
          "must be within (-89, 89) degrees");
  require(std::abs(geography.centre_longitude) <= 180, "geography.centre_longitude",
          to_text(geography.centre_longitude), "must be within [-180, 180] degrees");
  require(parameters.rank_size_exponent >= 0 && std::isfinite(parameters.rank_size_exponent),
          "synthesis.rank_size_exponent", to_text(parameters.rank_size_exponent), "must be a finite number ≥ 0");
  require(parameters.population_noise >= 0 && std::isfinite(parameters.population_noise),
          "synthesis.population_noise", to_text(parameters.population_noise), "must be a finite number ≥ 0");
  require(parameters.main_towns >= 1, "synthesis.main_towns", std::to_string(parameters.main_towns), "must be ≥ 1");
  require(parameters.largest_town_offset >= 0 && parameters.largest_town_offset <= 1,
          "synthesis.largest_town_offset", to_text(parameters.largest_town_offset), "must be within [0, 1]");
  require(parameters.main_town_spacing >= 0 && parameters.main_town_spacing <= 2, "synthesis.main_town_spacing",
          to_text(parameters.main_town_spacing), "must be within [0, 2]");
  require(parameters.satellite_share >= 0 && parameters.satellite_share <= 1, "synthesis.satellite_share",
          to_text(parameters.satellite_share), "must be within [0, 1]");
  require(parameters.position_jitter >= 0 && parameters.position_jitter <= 2, "synthesis.position_jitter",
          to_text(parameters.position_jitter), "must be within [0, 2]");

  const auto n = static_cast<std::size_t>(geography.communes);
  const std::uint64_t entity = sim::Fingerprint::of(geography.code);  // a stable key for the département
  const double radius = std::sqrt(geography.area_km2 / std::numbers::pi);
  const double spacing = std::sqrt(geography.area_km2 / static_cast<double>(n));

  const auto populations = synthesise_populations(geography, seed, parameters, entity);
  const auto points =
      synthesise_positions(n, radius, parameters.position_jitter * spacing, parameters.elongation, seed, entity);
  const auto slot_of = assign_positions(populations, points, radius, parameters, seed, entity);

  const double km_per_degree_longitude = km_per_degree * std::cos(radians(geography.centre_latitude));
  std::vector<Commune> communes(n);
  for (std::size_t rank = 0; rank < n; ++rank) {
    std::string number = std::to_string(rank + 1);
    if (number.size() < 4) number.insert(0, 4 - number.size(), '0');
    Commune& commune = communes[rank];
    commune.code = geography.code + "-" + number;
    commune.name = "Commune " + std::to_string(rank + 1);
    commune.population = populations[rank];
    const Point p = points[slot_of[rank]];
    commune.latitude = geography.centre_latitude + p.y / km_per_degree;
    commune.longitude = geography.centre_longitude + p.x / km_per_degree_longitude;
  }
  mark_hubs(communes, parameters.hubs);
  return communes;
}

}  // namespace emile::models
