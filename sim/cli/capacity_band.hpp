// The variants `opgsim capacity --band` searches (analysis/sweep/capacity_band.hpp) for a scenario
// whose inference nodes are gpu: the scenario as given, every shipped calibration profile of its
// GPU and model (models/gpu/profiles/, each with the scheduler and step-time model it was fitted
// under), and the measured step-time model where a kernel table exists for the GPU and model.
#pragma once

#include <vector>

#include "analysis/sweep/capacity_band.hpp"
#include "models/service/service_model.hpp"

namespace opgsim::cli {

// Throws InputError when the service is not gpu (a band needs model variants to span).
std::vector<analysis::BandVariant> gpu_band_variants(const service::ServiceSpec& spec);

}  // namespace opgsim::cli
