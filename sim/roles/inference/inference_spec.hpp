// What a scenario says about the inference nodes (roles.inference); declared, with its
// validation, defaults and docs, in inference_schema.cpp. No SimGrid.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/service/service_model.hpp"

namespace opgsim {

// One pool of inference nodes (roles.inference.pools[]): the single-node form's node spec (its
// service, regions) plus a name, a count and the model it serves. Nodes are numbered pool after
// pool in the order written (pool 0's nodes first).
struct InferencePoolSpec {
  std::string name;
  std::uint32_t count = 1;
  std::vector<std::string> regions;     // the pool's nodes, round-robin over these (default: all)
  service::ServiceSpec service;
  std::string model;                    // what it serves (filled from a gpu service's model)
  // USD per node-hour its operators pay; nullopt: economy.operators.gpu_cost_usd_per_hour x the
  // pool's GPUs per node (one unit for a node that is not a gpu node).
  std::optional<double> cost_usd_per_hour;
};

struct InferenceRoleSpec {
  std::uint32_t count = 1;
  std::vector<std::string> regions;     // nodes are placed round-robin over these (default: all)
  service::ServiceSpec service;
  std::optional<std::uint32_t> queue_limit;  // waiting requests per node; nullopt = unlimited
  // Cold start: a node starts without the model and loads it from a storage node (at t = 0 and
  // after every recovery); the router does not choose it until the load is done. Needs storage.
  bool cold_start = false;
  double model_bytes = 0;               // size of the weights to load; 0 = from the gpu catalog
  // Pools of nodes with their own hardware and model; empty: the single-node form above (count,
  // regions, service), every node alike. With pools, count and regions are derived from them
  // (the rules fill them: one region entry per node).
  std::vector<InferencePoolSpec> pools;
};

// The pool of each node (index by node; empty without pools) and the service spec each node runs.
std::vector<std::uint32_t> pool_of_nodes(const InferenceRoleSpec& spec);
const service::ServiceSpec& node_service(const InferenceRoleSpec& spec, const std::vector<std::uint32_t>& pool_of,
                                         std::uint32_t node);

}  // namespace opgsim
