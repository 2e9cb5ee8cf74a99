// Which nodes may serve each request class, when inference nodes come in pools serving different
// models (roles.inference.pools; a class names the model it needs, workload.classes[].model).
// The router keeps one candidate set per distinct need, built once at start: a class that names
// a model gets the nodes serving it, a class that names none gets every node. Without pools
// every class names none, so there is exactly one set, every node in index order: the router
// decides as it always did. Pure: no SimGrid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace opgsim::policy {

struct ModelGroups {
  std::vector<std::vector<std::uint32_t>> members;  // per group: its nodes, in index order
  std::vector<std::uint32_t> class_group;           // per class: its group
};

// node_model[i]: the model node i serves ("" for a node without pools); class_model[c]: the
// model class c needs ("" = any node). Groups are numbered in the order classes first need
// them. Throws std::invalid_argument for a class whose model no node serves (the scenario
// rules refuse it earlier, with the file and path).
ModelGroups group_nodes_by_model(const std::vector<std::string>& node_model,
                                 const std::vector<std::string>& class_model);

}  // namespace opgsim::policy
