#include <emile/models/foundations/commune_graph.hpp>
#include <emile/sim/input_file.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/property_map.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>
#include <numbers>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace emile::models {
namespace {

// Mean Earth radius (IUGG), km.
constexpr double earth_radius_km = 6371.0088;
constexpr double km_per_degree = earth_radius_km * std::numbers::pi / 180.0;
constexpr float infinite_minutes = std::numeric_limits<float>::infinity();

double radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

// Great-circle distance in km.
double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  const double dlat = radians(lat2 - lat1);
  const double dlon = radians(lon2 - lon1);
  const double s = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(radians(lat1)) * std::cos(radians(lat2)) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * earth_radius_km * std::asin(std::min(1.0, std::sqrt(s)));
}

double haversine_km(const Commune& a, const Commune& b) {
  return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude);
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;  // physical line where the record starts, from 1
};

// Splits a whole file into records. Quoted fields may hold commas, doubled quotes and line breaks.
class CsvReader {
 public:
  CsvReader(std::string text, std::string file) : text_(std::move(text)), file_(std::move(file)) {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // UTF-8 byte-order mark
  }

  // The next record, skipping empty lines; false at the end of the file.
  bool next(CsvRecord& record) {
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
      ++line_;
    }
    if (pos_ >= text_.size()) return false;
    record.fields.clear();
    record.line = line_;
    while (true) {
      record.fields.push_back(field(record.line));
      if (pos_ >= text_.size()) return true;
      const char c = text_[pos_];
      if (c == ',') {
        ++pos_;
        continue;
      }
      // End of record: LF, CRLF or a lone CR.
      ++pos_;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return true;
    }
  }

  [[noreturn]] void fail(std::size_t line, const std::string& what) const {
    throw std::runtime_error(file_ + ":" + std::to_string(line) + ": " + what);
  }

  const std::string& file() const { return file_; }

 private:
  std::string field(std::size_t record_line) {
    std::string value;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      const std::size_t opening_line = line_;
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) fail(opening_line, "unterminated quoted field");
        const char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            value.push_back('"');
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        if (c == '\n') ++line_;
        value.push_back(c);
        ++pos_;
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        fail(line_, "unexpected character after a closing quote (a quote inside a quoted field must be doubled)");
      }
      return value;
    }
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ',' || c == '\n' || c == '\r') break;
      if (c == '"') fail(record_line, "quote inside an unquoted field (enclose the field in quotes and double it)");
      value.push_back(c);
      ++pos_;
    }
    return value;
  }

  std::string text_;
  std::string file_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

std::string read_whole_file(const std::filesystem::path& file) {
  try {
    return sim::InputFile(file).read_all();
  } catch (const sim::InputFileError& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

std::int64_t parse_population(const CsvReader& reader, std::size_t line, std::string_view value) {
  std::int64_t result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (value.empty() || error != std::errc{} || end != value.data() + value.size()) {
    reader.fail(line, "population = " + in_quotes(value) + ": not a whole number");
  }
  if (result < 0) reader.fail(line, "population = " + in_quotes(value) + ": negative");
  return result;
}

double parse_coordinate(const CsvReader& reader, std::size_t line, std::string_view column, std::string_view value,
                        double limit) {
  double result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (value.empty() || error != std::errc{} || end != value.data() + value.size() || !std::isfinite(result)) {
    reader.fail(line, std::string(column) + " = " + in_quotes(value) + ": not a number");
  }
  if (result < -limit || result > limit) {
    reader.fail(line, std::string(column) + " = " + in_quotes(value) + ": outside [-" +
                          std::to_string(static_cast<int>(limit)) + ", " + std::to_string(static_cast<int>(limit)) +
                          "] degrees");
  }
  return result;
}

// FNV-1a: a stable 64-bit key for a département code (the random-stream entity).
std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

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

void require(bool condition, const std::string& field, const std::string& value, const std::string& rule) {
  if (!condition) throw std::invalid_argument(field + " = " + value + ": " + rule);
}

std::string to_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
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

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                    boost::property<boost::edge_weight_t, double>>;

using Link = std::pair<std::size_t, std::size_t>;  // first < second

// Links from each point to its k nearest others (ties by index), symmetrised, sorted.
std::vector<Link> nearest_neighbour_links(const std::vector<double>& km, std::size_t n, std::size_t k) {
  std::vector<Link> links;
  std::vector<std::size_t> others;
  for (std::size_t i = 0; i < n; ++i) {
    others.clear();
    for (std::size_t j = 0; j < n; ++j) {
      if (j != i) others.push_back(j);
    }
    const std::size_t count = std::min(k, others.size());
    std::partial_sort(others.begin(), others.begin() + static_cast<std::ptrdiff_t>(count), others.end(),
                      [&](std::size_t a, std::size_t b) {
                        const double da = km[i * n + a];
                        const double db = km[i * n + b];
                        return da < db || (da == db && a < b);
                      });
    for (std::size_t m = 0; m < count; ++m) links.emplace_back(std::min(i, others[m]), std::max(i, others[m]));
  }
  std::sort(links.begin(), links.end());
  links.erase(std::unique(links.begin(), links.end()), links.end());
  return links;
}

// The edges of a minimum spanning tree of the complete graph (Prim, dense O(n²)).
std::vector<Link> spanning_tree_links(const std::vector<double>& km, std::size_t n) {
  std::vector<Link> links;
  if (n < 2) return links;
  std::vector<bool> in_tree(n, false);
  std::vector<double> best(n, std::numeric_limits<double>::infinity());
  std::vector<std::size_t> parent(n, 0);
  best[0] = 0;
  for (std::size_t step = 0; step < n; ++step) {
    std::size_t next = n;
    for (std::size_t v = 0; v < n; ++v) {
      if (!in_tree[v] && (next == n || best[v] < best[next])) next = v;
    }
    in_tree[next] = true;
    if (step > 0) links.emplace_back(std::min(next, parent[next]), std::max(next, parent[next]));
    for (std::size_t v = 0; v < n; ++v) {
      if (!in_tree[v] && km[next * n + v] < best[v]) {
        best[v] = km[next * n + v];
        parent[v] = next;
      }
    }
  }
  return links;
}

// All-pairs shortest paths, one Dijkstra per source in parallel; each source writes its own row, so the
// result does not depend on scheduling. Unreachable pairs are +infinity.
std::vector<float> all_pairs_minutes(const Graph& graph, const sim::Executor& executor) {
  const std::size_t n = boost::num_vertices(graph);
  std::vector<float> minutes(n * n, infinite_minutes);
  executor.for_ranges(n, 1, [&](std::size_t first, std::size_t last) {
    std::vector<double> distances(n);
    for (std::size_t source = first; source != last; ++source) {
      boost::dijkstra_shortest_paths(
          graph, boost::vertex(source, graph),
          boost::distance_map(boost::make_iterator_property_map(distances.begin(),
                                                                boost::get(boost::vertex_index, graph))));
      for (std::size_t target = 0; target < n; ++target) {
        const double d = distances[target];
        minutes[source * n + target] =
            d < std::numeric_limits<double>::max() ? static_cast<float>(d) : infinite_minutes;
      }
    }
  });
  // The two directions sum the same edges in opposite orders and may differ in the last bit.
  for (std::size_t i = 0; i < n; ++i) {
    minutes[i * n + i] = 0;
    for (std::size_t j = i + 1; j < n; ++j) {
      const float d = std::min(minutes[i * n + j], minutes[j * n + i]);
      minutes[i * n + j] = d;
      minutes[j * n + i] = d;
    }
  }
  return minutes;
}

Graph make_graph(std::size_t n, const std::vector<Link>& links, const std::vector<double>& weights) {
  Graph graph(n);
  for (std::size_t e = 0; e < links.size(); ++e) {
    boost::add_edge(links[e].first, links[e].second, weights[e], graph);
  }
  return graph;
}

void check_parameters(const RoadParameters& p) {
  require(p.nearest_neighbours >= 1, "road.nearest_neighbours", std::to_string(p.nearest_neighbours), "must be ≥ 1");
  require(p.road_detour_factor >= 1 && std::isfinite(p.road_detour_factor), "road.road_detour_factor",
          to_text(p.road_detour_factor), "must be a finite number ≥ 1");
  require(p.car_speed_kmh > 0 && std::isfinite(p.car_speed_kmh), "road.car_speed_kmh", to_text(p.car_speed_kmh),
          "must be a finite number > 0");
  require(p.public_transport_speed_kmh > 0 && std::isfinite(p.public_transport_speed_kmh),
          "road.public_transport_speed_kmh", to_text(p.public_transport_speed_kmh), "must be a finite number > 0");
  require(p.transit_wait_minutes >= 0 && std::isfinite(p.transit_wait_minutes), "road.transit_wait_minutes",
          to_text(p.transit_wait_minutes), "must be a finite number ≥ 0");
  require(p.transit_links_per_hub >= 0, "road.transit_links_per_hub", std::to_string(p.transit_links_per_hub),
          "must be ≥ 0");
  require(p.walk_bike_speed_kmh > 0 && std::isfinite(p.walk_bike_speed_kmh), "road.walk_bike_speed_kmh",
          to_text(p.walk_bike_speed_kmh), "must be a finite number > 0");
}

}  // namespace

void mark_hubs(std::vector<Commune>& communes, const HubRule& rule) {
  require(rule.min_population >= 0, "hubs.min_population", std::to_string(rule.min_population), "must be ≥ 0");
  require(rule.min_count >= 1, "hubs.min_count", std::to_string(rule.min_count), "must be ≥ 1");
  std::vector<std::size_t> order(communes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return communes[a].population > communes[b].population; });
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    Commune& commune = communes[order[rank]];
    commune.hub = commune.population >= rule.min_population || rank < static_cast<std::size_t>(rule.min_count);
  }
}

std::vector<Commune> read_communes_csv(const std::filesystem::path& file, std::string_view department_code,
                                       const HubRule& hubs) {
  CsvReader reader(read_whole_file(file), file.string());
  CsvRecord record;
  if (!reader.next(record)) reader.fail(1, "empty file: a header line is required");

  constexpr std::string_view required[] = {"insee_code", "name",     "department_code",
                                           "population", "latitude", "longitude"};
  std::size_t column[std::size(required)];
  for (std::size_t c = 0; c < std::size(required); ++c) {
    const auto it = std::find(record.fields.begin(), record.fields.end(), required[c]);
    if (it == record.fields.end()) {
      reader.fail(record.line, "header: missing column " + in_quotes(required[c]));
    }
    column[c] = static_cast<std::size_t>(it - record.fields.begin());
  }
  const std::size_t width = record.fields.size();

  std::vector<Commune> communes;
  std::vector<std::pair<std::string, std::size_t>> codes;  // code, line: to report repeats
  while (reader.next(record)) {
    if (record.fields.size() != width) {
      reader.fail(record.line, std::to_string(record.fields.size()) + " fields, but the header has " +
                                   std::to_string(width));
    }
    Commune commune;
    commune.code = record.fields[column[0]];
    commune.name = record.fields[column[1]];
    const std::string& department = record.fields[column[2]];
    if (commune.code.empty()) reader.fail(record.line, "insee_code is empty");
    commune.population = parse_population(reader, record.line, record.fields[column[3]]);
    commune.latitude = parse_coordinate(reader, record.line, "latitude", record.fields[column[4]], 90);
    commune.longitude = parse_coordinate(reader, record.line, "longitude", record.fields[column[5]], 180);
    if (department == department_code) {
      codes.emplace_back(commune.code, record.line);
      communes.push_back(std::move(commune));
    }
  }
  if (communes.empty()) {
    throw std::runtime_error(reader.file() + ": no commune of département " + in_quotes(department_code));
  }
  std::stable_sort(codes.begin(), codes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t k = 1; k < codes.size(); ++k) {
    if (codes[k].first == codes[k - 1].first) {
      reader.fail(codes[k].second, "insee_code = " + in_quotes(codes[k].first) + ": repeats line " +
                                       std::to_string(codes[k - 1].second));
    }
  }
  mark_hubs(communes, hubs);
  return communes;
}

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
  const std::uint64_t entity = stable_hash(geography.code);
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

CommuneGraph::CommuneGraph(std::vector<Commune> communes, const RoadParameters& parameters, const sim::Executor& executor)
    : communes_(std::move(communes)), parameters_(parameters) {
  check_parameters(parameters_);
  if (communes_.empty()) throw std::invalid_argument("CommuneGraph: no commune given");
  const std::size_t n = communes_.size();

  for (std::size_t i = 0; i < n; ++i) {
    const Commune& c = communes_[i];
    const std::string field = "commune " + in_quotes(c.code) + " (index " + std::to_string(i) + ")";
    require(c.population >= 0, field + " population", std::to_string(c.population), "must be ≥ 0");
    require(std::abs(c.latitude) <= 90, field + " latitude", to_text(c.latitude), "must be within [-90, 90]");
    require(std::abs(c.longitude) <= 180, field + " longitude", to_text(c.longitude), "must be within [-180, 180]");
  }
  by_code_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) by_code_.emplace_back(communes_[i].code, i);
  std::sort(by_code_.begin(), by_code_.end());
  for (std::size_t k = 1; k < n; ++k) {
    if (by_code_[k].first == by_code_[k - 1].first) {
      throw std::invalid_argument("CommuneGraph: commune code " + in_quotes(by_code_[k].first) +
                                  " appears twice (indices " + std::to_string(by_code_[k - 1].second) + " and " +
                                  std::to_string(by_code_[k].second) + ")");
    }
  }

  // Great-circle distances; the task of row i alone writes both cells of every pair (i, j > i).
  std::vector<double> km(n * n, 0.0);
  executor.for_ranges(n, 1, [&](std::size_t first, std::size_t last) {
    for (std::size_t i = first; i != last; ++i) {
      for (std::size_t j = i + 1; j < n; ++j) {
        km[i * n + j] = km[j * n + i] = haversine_km(communes_[i], communes_[j]);
      }
    }
  });

  // Roads: k nearest neighbours plus a spanning tree, so that every commune is reachable.
  auto roads = nearest_neighbour_links(km, n, static_cast<std::size_t>(parameters_.nearest_neighbours));
  const auto tree = spanning_tree_links(km, n);
  roads.insert(roads.end(), tree.begin(), tree.end());
  std::sort(roads.begin(), roads.end());
  roads.erase(std::unique(roads.begin(), roads.end()), roads.end());
  road_links_ = roads.size();
  const double car_minutes_per_km = parameters_.road_detour_factor / parameters_.car_speed_kmh * 60.0;
  std::vector<double> road_minutes(roads.size());
  for (std::size_t e = 0; e < roads.size(); ++e) {
    road_minutes[e] = km[roads[e].first * n + roads[e].second] * car_minutes_per_km;
  }
  car_minutes_ = all_pairs_minutes(make_graph(n, roads, road_minutes), executor);

  // Public transport: each hub to its nearest hubs.
  std::vector<std::size_t> hubs;
  hub_index_.assign(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    if (communes_[i].hub) {
      hub_index_[i] = static_cast<std::int32_t>(hubs.size());
      hubs.push_back(i);
    }
  }
  const std::size_t h = hubs.size();
  hubs_ = h;
  std::vector<double> hub_km(h * h);
  for (std::size_t a = 0; a < h; ++a) {
    for (std::size_t b = 0; b < h; ++b) hub_km[a * h + b] = km[hubs[a] * n + hubs[b]];
  }
  const auto lines = nearest_neighbour_links(hub_km, h, static_cast<std::size_t>(parameters_.transit_links_per_hub));
  transit_links_ = lines.size();
  const double transit_minutes_per_km = parameters_.road_detour_factor / parameters_.public_transport_speed_kmh * 60.0;
  std::vector<double> line_minutes(lines.size());
  for (std::size_t e = 0; e < lines.size(); ++e) {
    line_minutes[e] = hub_km[lines[e].first * h + lines[e].second] * transit_minutes_per_km +
                      parameters_.transit_wait_minutes;
  }
  transit_minutes_ = all_pairs_minutes(make_graph(h, lines, line_minutes), executor);
}

void CommuneGraph::check_index(std::size_t index, const char* argument) const {
  if (index >= communes_.size()) {
    throw std::out_of_range(std::string("CommuneGraph: ") + argument + " = " + std::to_string(index) +
                            ": not a commune index (the graph has " + std::to_string(communes_.size()) +
                            " communes)");
  }
}

const Commune& CommuneGraph::commune(std::size_t index) const {
  check_index(index, "index");
  return communes_[index];
}

std::optional<std::size_t> CommuneGraph::find(std::string_view code) const {
  const auto it = std::lower_bound(by_code_.begin(), by_code_.end(), code,
                                   [](const auto& entry, std::string_view c) { return entry.first < c; });
  if (it == by_code_.end() || it->first != code) return std::nullopt;
  return it->second;
}

float CommuneGraph::car_minutes(std::size_t from, std::size_t to) const {
  check_index(from, "from");
  check_index(to, "to");
  return car_minutes_[from * communes_.size() + to];
}

float CommuneGraph::walk_bike_minutes(std::size_t from, std::size_t to) const {
  // All road links share one car speed, so the fastest car route is also the shortest road route.
  return static_cast<float>(static_cast<double>(car_minutes(from, to)) * parameters_.car_speed_kmh /
                            parameters_.walk_bike_speed_kmh);
}

float CommuneGraph::transit_minutes(std::size_t from, std::size_t to) const {
  check_index(from, "from");
  check_index(to, "to");
  const std::int32_t a = hub_index_[from];
  const std::int32_t b = hub_index_[to];
  if (a < 0 || b < 0) return infinite_minutes;
  return transit_minutes_[static_cast<std::size_t>(a) * hubs_ + static_cast<std::size_t>(b)];
}

bool CommuneGraph::reachable(std::size_t home, std::size_t work, CommuteMode mode, const CommuteLimits& limits) const {
  check_index(home, "home");
  check_index(work, "work");
  if (home == work) return true;
  if (mode == CommuteMode::car && static_cast<double>(car_minutes(home, work)) <= limits.car_minutes) return true;
  if (static_cast<double>(walk_bike_minutes(home, work)) <= limits.walk_bike_minutes) return true;
  return static_cast<double>(transit_minutes(home, work)) <= limits.transit_minutes;
}

TravelTimeDistribution car_travel_time_distribution(const CommuneGraph& graph) {
  const std::size_t n = graph.size();
  std::vector<std::pair<float, double>> pairs;
  pairs.reserve(n * (n - 1) / 2);
  for (std::size_t i = 0; i < n; ++i) {
    const auto pi = static_cast<double>(graph.commune(i).population);
    if (pi <= 0) continue;
    for (std::size_t j = i + 1; j < n; ++j) {
      const auto pj = static_cast<double>(graph.commune(j).population);
      if (pj > 0) pairs.emplace_back(graph.car_minutes(i, j), pi * pj);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  TravelTimeDistribution distribution;
  double total = 0;
  for (const auto& [minutes, weight] : pairs) {
    total += weight;
    if (!distribution.minutes.empty() && distribution.minutes.back() == minutes) {
      distribution.cumulative.back() = total;
    } else {
      distribution.minutes.push_back(minutes);
      distribution.cumulative.push_back(total);
    }
  }
  for (double& c : distribution.cumulative) c /= total;
  if (!distribution.cumulative.empty()) distribution.cumulative.back() = 1.0;
  return distribution;
}

double quantile(const TravelTimeDistribution& distribution, double q) {
  if (distribution.minutes.empty()) throw std::invalid_argument("quantile: empty travel-time distribution");
  require(q >= 0 && q <= 1, "quantile: q", to_text(q), "must be within [0, 1]");
  const auto it = std::lower_bound(distribution.cumulative.begin(), distribution.cumulative.end(), q);
  const auto k = std::min(static_cast<std::size_t>(it - distribution.cumulative.begin()),
                          distribution.minutes.size() - 1);
  return distribution.minutes[k];
}

double kolmogorov_smirnov(const TravelTimeDistribution& a, const TravelTimeDistribution& b) {
  if (a.minutes.empty() || b.minutes.empty()) {
    throw std::invalid_argument("kolmogorov_smirnov: empty travel-time distribution");
  }
  std::size_t i = 0;
  std::size_t j = 0;
  double largest = 0;
  while (i < a.minutes.size() || j < b.minutes.size()) {
    float t = std::numeric_limits<float>::infinity();
    if (i < a.minutes.size()) t = a.minutes[i];
    if (j < b.minutes.size()) t = std::min(t, b.minutes[j]);
    while (i < a.minutes.size() && a.minutes[i] <= t) ++i;
    while (j < b.minutes.size() && b.minutes[j] <= t) ++j;
    const double fa = i == 0 ? 0.0 : a.cumulative[i - 1];
    const double fb = j == 0 ? 0.0 : b.cumulative[j - 1];
    largest = std::max(largest, std::abs(fa - fb));
  }
  return largest;
}

}  // namespace emile::models
