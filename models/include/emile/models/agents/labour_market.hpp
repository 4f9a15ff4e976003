#pragma once
// A territory's employers and the vacancies they open.
//
// Employers are located in communes (in proportion to population) with a sector, a size and whether they are
// partners of the programme. Vacancies open as Poisson arrivals per sector (rate from jobs and the hiring
// rate, with summer seasonality for agriculture and hospitality), each at an employer drawn in proportion to
// its size. Partner employers offer a share of their vacancies to programme participants ("visible"
// vacancies). At opening, a vacancy's fate is drawn: hard-to-fill ones are never filled locally; the others are
// filled by a local job seeker after an exponential time whose rate grows with local unemployment; unfilled
// vacancies expire. Closing is an event at a known step.
//
// Cost: only visible vacancies are agents (the programme takes, holds and fills them). The others matter only
// by their number — until a resident programme household looking for work finds one of a step's local openings,
// which then becomes an agent (draw_local_opening) — so they are counted: the arrivals are split by Poisson thinning (visible arrivals at an
// employer's rate × partner × visible share, the rest local), and the local arrivals of a step are spread over
// their closing steps by one multinomial draw over the ≈ vacancy_weeks possible steps. A step costs the
// visible vacancies that open and close plus a few dozen draws, however many jobs the territory has.
//
// Settings: the market keeps none. Like DwellingStock, every call that needs them takes the territory's settings
// and the scenario's labour settings in force at that call, so a dated event that changes them acts from the next
// call on.
#include "emile/models/scenario/scenario.hpp"
#include "emile/models/foundations/sector.hpp"
#include "emile/sim/calendar.hpp"
#include "emile/sim/distributions.hpp"
#include "emile/sim/event_queue.hpp"
#include "emile/sim/indexed_partition.hpp"
#include "emile/sim/random_stream.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace emile::models {

struct Employer {
  std::uint16_t commune = 0;  ///< index in the territory's commune graph
  Sector sector = Sector::services;
  bool partner = false;
  std::uint32_t size = 1;  ///< jobs
};

struct Vacancy {
  std::uint32_t employer = 0;
  Sector sector = Sector::services;
  std::uint8_t qualification = 0;  ///< required level 0 … 3
  Contract contract = Contract::permanent;
  bool licence_required = false;  ///< only a driving-licence holder may take it
  sim::Step opened = 0;
  sim::Step closes = 0;  ///< step at which it is filled locally or expires, unless the programme fills it first
};

class LabourMarket {
 public:
  /// Generates the employers (about jobs / employer_mean_size), placed in communes in proportion to
  /// `commune_population`, and the vacancies open at the start of a run of `steps` steps of `clock`, at rest:
  /// drawn from the distribution the market would have reached had it run at the start's rates (month by month
  /// seasonality, no lockdown) — for each earlier step, its arrivals still open in step 0: a Poisson count of the
  /// local ones for each later closing step, the visible ones as agents. No warm-up is run.
  LabourMarket(const TerritorySettings& territory, const LabourSettings& labour, std::span<const double> commune_population,
               const sim::Clock& clock, sim::StreamSeed seed, std::uint32_t territory_index, sim::Step steps);

  /// Closes the vacancies due at `step`, then opens this step's arrivals: the month of the step's first day
  /// selects the seasonality; `hiring_factor` scales openings (1 normally; lower during a lockdown). A vacancy
  /// open for w weeks closes `clock.steps_after_days(7 w)` steps after the step it opened in.
  void step(const TerritorySettings& territory, const LabourSettings& labour, const sim::Clock& clock,
            double hiring_factor, sim::Step step, sim::StreamSeed seed);

  const Employer& employer(std::uint32_t id) const { return employers_.at(id); }
  std::size_t employers() const { return employers_.size(); }
  const Vacancy& vacancy(std::uint32_t id) const { return vacancies_.at(id); }
  /// Vacancy ids in use or free for reuse: every valid id is below this.
  std::size_t vacancy_ids() const { return vacancies_.size(); }
  /// Open vacancies offered to the programme (each is an agent with an id).
  const std::vector<std::uint32_t>& visible() const { return open_.members(visible_class); }
  /// Open vacancies, visible or not (those the programme holds are no longer open).
  std::size_t open_count() const { return open_.size(visible_class) + static_cast<std::size_t>(local_open_); }

  /// A programme participant takes a visible vacancy. Throws std::logic_error if it is not open and visible.
  void take(std::uint32_t id);
  /// The participant holding the vacancy starts the job: the vacancy is filled and closes.
  void fill(std::uint32_t id);
  /// A participant gives back a vacancy it held (withdrawal before the move): it reopens if still before its
  /// closing step.
  void release(std::uint32_t id, sim::Step now);
  /// Local vacancies (not offered to the programme) opened in `sector` in the last step and not taken since.
  std::uint64_t local_openings(Sector sector) const {
    const auto s = static_cast<std::size_t>(sector);
    return employers_by_sector_[s] ? local_opened_[s] : 0;  // none to draw where the territory has no employer of the sector
  }
  /// One of the local vacancies opened in `sector` in the last step, `step`, made an agent when a job seeker finds
  /// it: an employer of the sector drawn in proportion to its size, a qualification and a contract drawn as for any
  /// vacancy. Requires local_openings(sector) > 0 (else std::logic_error). The vacancy stays counted until taken.
  Vacancy draw_local_opening(Sector sector, const LabourSettings& labour, sim::Step step, sim::RandomStream& stream) const;
  /// A programme household takes one of those vacancies: it leaves the open count, and its closing — one of the
  /// closings drawn for the step's local openings, in proportion to their number — is dropped.
  void take_local_opening(Sector sector, sim::Step step, sim::RandomStream& stream);

  std::size_t bytes() const;

  /// Saves what changes during a run: vacancies, the open ones in pick order, and the pending closings. The
  /// employers are the world's, rebuilt on restore.
  void save(sim::ArchiveWriter& out) const;
  /// Restores a market saved by save() from `starting`, the same territory's market as the run started (its
  /// employers), for a run of `steps` steps. Throws sim::ArchiveError when the archive does not hold a state of it.
  static LabourMarket restore(sim::ArchiveReader& in, sim::Step steps, const LabourMarket& starting);

 private:
  LabourMarket(std::uint32_t territory_index, std::vector<Employer> employers, sim::Step steps);
  static constexpr std::size_t visible_class = 0;
  static constexpr std::size_t taken_class = 1;

  std::uint32_t allocate(const Vacancy& vacancy);
  /// The share of a sector's openings offered to the programme: its partners' share of its jobs × the visible share.
  double visible_share(std::size_t sector, const LabourSettings& labour) const;
  /// Opens a visible vacancy of `sector` opened in `step` (before the start when negative): a partner employer
  /// drawn by size, its requirements and closing step drawn; one closed before step 1 is dropped.
  void open_visible(Sector sector, const LabourSettings& labour, const sim::Clock& clock, double local_fill,
                    sim::Step step, sim::RandomStream& stream);
  /// Draws the vacancies open at the start (see the constructor), from the stream keyed by the territory.
  void start_at_rest(const TerritorySettings& territory, const LabourSettings& labour, const sim::Clock& clock,
                     sim::StreamSeed seed);

  /// Some employers (those of one sector, say), each drawn in proportion to its size.
  class EmployersBySize {
   public:
    /// `ids` and their `sizes`, in the same order; at least one, of positive total size.
    EmployersBySize(std::vector<std::uint32_t> ids, std::span<const double> sizes) : ids_(std::move(ids)), sizes_(sizes) {}
    std::uint32_t draw(sim::RandomStream& stream) const { return ids_[sizes_.draw(stream)]; }

   private:
    std::vector<std::uint32_t> ids_;
    sim::AliasTable sizes_;
  };

  std::uint32_t territory_index_;
  std::vector<Employer> employers_;
  std::array<double, sector_count> partner_job_share_{};  ///< partners' share of the sector's jobs
  /// By sector: its partner employers, and all its employers (none where the sector has no employer, or no partner).
  std::array<std::optional<EmployersBySize>, sector_count> partners_by_sector_, employers_by_sector_;
  std::vector<Vacancy> vacancies_;
  std::vector<std::uint32_t> free_ids_;
  sim::IndexedPartition open_;  ///< visible vacancies: open or taken by a programme household
  sim::EventQueue closing_;      ///< closing steps of visible vacancies
  std::int64_t local_open_ = 0;              ///< open vacancies not offered to the programme
  std::vector<std::int64_t> local_closing_;  ///< how many of them close at each step
  std::array<std::uint64_t, sector_count> local_opened_{};  ///< the last step's local openings not taken, by sector
  std::vector<std::int64_t> last_closings_;  ///< of the last step's local openings, how many close 1 + k steps on
};

}  // namespace emile::models
