// What every actor of one run shares: the scenario, the platform's hosts and mailboxes, the
// request pool, the router state, the metrics, and the few operations that more than one role
// performs (dispatching a request to a node, answering a client, ending a request). Exactly one
// World exists per process, like SimGrid's engine.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <simgrid/s4u.hpp>

#include "analysis/run_metrics.hpp"
#include "models/proof/proof_cost.hpp"
#include "sim/engine/request.hpp"
#include "sim/engine/router_core.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::engine {

namespace sg4 = simgrid::s4u;

class InferenceNode;

struct Hosts {
  std::vector<sg4::Host*> clients;
  sg4::Host* router = nullptr;   // gateway placement only
  std::vector<sg4::Host*> inference;
};

class World {
public:
  World(const Scenario& scenario, Hosts hosts, std::vector<std::uint32_t> node_slots);

  const Scenario& scenario;
  Hosts hosts;
  RequestPool pool;
  analysis::RunMetrics metrics;
  RouterCore router;
  sg4::Mailbox* router_mailbox = nullptr;
  std::vector<sg4::Mailbox*> client_mailboxes;
  std::vector<sg4::Mailbox*> node_mailboxes;
  std::vector<InferenceNode*> nodes;            // owned by their actors
  std::uint64_t events = 0;                     // actor activations: messages and timers handled
  double router_busy_s = 0;                     // time the gateway spent deciding
  const proof::ProofConfig& proof = scenario.proof;  // proof and attestation costs
  std::uint64_t double_ends = 0;                // requests ended twice (must stay 0)

  double prompt_bytes(const Request& r) const;
  double result_bytes(const Request& r) const;
  double control_bytes() const;                 // a rejection or a pull: headers only

  // Routes r to `node`: counts it at the router and sends its prompt over the network.
  void dispatch(Request* r, std::uint32_t node);
  // Sends r back to its client with `outcome` (Completed carries the output tokens).
  void respond(Request* r, analysis::Outcome outcome);
  // Ends r in its terminal state (end <= now) and frees its slot.
  void end_request(Request* r, analysis::Outcome outcome, double end);
  // A request that cannot be served now: rejected, or timed out when its deadline passed.
  bool expire_if_late(Request* r, double now);
};

}  // namespace opgsim::engine
