// The router policy registry: one line per policy (name, one-line doc, parameters, factory).
// The factory is defined in models/policy/<name>.cpp; to add a policy, write that file, name its
// factory in the declaration below and add its line to the table.
#include "models/policy/router_policy.hpp"

namespace opgsim::policy {

using Factory = std::unique_ptr<RouterPolicy>(const ParamValues&);
Factory make_random, make_round_robin, make_least_outstanding, make_power_of_two, make_central_queue,
    make_stake_weighted, make_power_of_d;

namespace {
using K = ParamDecl::Kind;
}  // namespace

const Registry<RouterPolicy>& router_policies() {
  static const Registry<RouterPolicy> registry{
      {"random", "Uniform among up nodes.", {}, make_random},
      {"round_robin", "Cycles through the nodes in index order, skipping down nodes.", {}, make_round_robin},
      {"least_outstanding", "Fewest outstanding requests; ties rotate so equal nodes share load.", {}, make_least_outstanding},
      {"power_of_two", "Two distinct random up nodes; the one with fewer outstanding (tie: the first drawn).", {}, make_power_of_two},
      {"central_queue", "One FIFO at the router; nodes with a free slot take the oldest request (needs placement gateway).", {}, make_central_queue},
      {"stake_weighted", "An up node with probability proportional to its operator's stake.", {}, make_stake_weighted},
      {"power_of_d", "d distinct random up nodes; the one with fewest outstanding (tie: the first drawn).",
       {{"d", K::Integer, 2, "Nodes sampled per decision (1: random; 2: exactly power_of_two; at least the node count: least outstanding, ties at random).", "", 1, false, 1e6}},
       make_power_of_d},
  };
  return registry;
}

std::unique_ptr<RouterPolicy> make_router_policy(const RouterPolicySpec& spec) {
  return make_from(router_policies(), spec, "router policy");
}

}  // namespace opgsim::policy
