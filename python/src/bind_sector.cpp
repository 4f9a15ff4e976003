// Sector and Contract: the sectors of skills and jobs, and the contract types of vacancies and job spells.
#include "bindings.hpp"

#include "emile/models/foundations/sector.hpp"

namespace emile::python {

void bind_sector(py::module_& m) {
  py::enum_<models::Sector> sector(m, "Sector",
                                   "Economic sector of a household's main skill and of an employer. Values are the "
                                   "sector codes used in results files (/sectors).");
  for (std::size_t i = 0; i < models::sector_count; ++i) {
    const auto s = static_cast<models::Sector>(i);
    sector.value(std::string(models::name(s)).c_str(), s);
  }

  py::enum_<models::Contract> contract(m, "Contract", "Contract type of a vacancy and of the job spell it becomes.");
  for (std::size_t i = 0; i < models::contract_count; ++i) {
    const auto c = static_cast<models::Contract>(i);
    contract.value(std::string(models::name(c)).c_str(), c);
  }
}

}  // namespace emile::python
