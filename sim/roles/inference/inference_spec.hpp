// What a scenario says about the inference nodes (roles.inference); declared, with its
// validation, defaults and docs, in inference_schema.cpp. No SimGrid.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/service/service_model.hpp"

namespace opgsim {

struct InferenceRoleSpec {
  std::uint32_t count = 1;
  std::vector<std::string> regions;     // nodes are placed round-robin over these (default: all)
  service::ServiceSpec service;
  std::optional<std::uint32_t> queue_limit;  // waiting requests per node; nullopt = unlimited
  // Cold start: a node starts without the model and loads it from a storage node (at t = 0 and
  // after every recovery); the router does not choose it until the load is done. Needs storage.
  bool cold_start = false;
  double model_bytes = 0;               // size of the weights to load; 0 = from the gpu catalog
};

}  // namespace opgsim
