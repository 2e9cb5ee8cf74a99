// What a scenario says about the data nodes (roles.data); declared in data_schema.cpp. No SimGrid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/data/oracle_feed.hpp"

namespace opgsim {

// Data nodes: bring outside data to requests of classes with needs_data.
struct DataRoleSpec {
  std::uint32_t count = 0;              // 0: no data node (then no class may need data)
  std::vector<std::string> regions;
  enum class Mode { Pull, Push };
  Mode mode = Mode::Pull;
  std::uint32_t concurrency = 64;       // fetches served at once per node (FIFO beyond)
  data::PullConfig pull;                // pull: fetch latency distribution
  data::PushConfig push;                // push: the feed (heartbeat, deviation, landing delay)
  double push_read_s = 0.05;            // push: reading the landed value from chain state
};

}  // namespace opgsim
