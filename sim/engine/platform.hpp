// Builds the SimGrid platform of a scenario: one zone per region, every host with its own
// split-duplex link to its region, and a backbone link between every pair of regions.
// A message between two hosts of one region sees the region's latency_s (half on each host
// link) and each host link's bandwidth; between regions it also crosses the backbone
// (inter_region_latency_s, inter_region_bandwidth_Bps), shared by every flow between those two
// regions, so payloads contend for bandwidth.
#pragma once

#include "sim/engine/world.hpp"

namespace opgsim::engine {

// Creates the zones, hosts and links (the engine must exist; call before creating actors).
Hosts build_platform(const Scenario& scenario);

}  // namespace opgsim::engine
