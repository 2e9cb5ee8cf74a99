// What every actor of one run shares: the scenario, the platform's hosts and mailboxes, the
// request pool, the directory of published node views (sim/engine/directory.hpp), the router
// state, the metrics, and message posting: the operations that more than one role performs
// (dispatching a request to a node, answering a client, moving a request through its background
// stages as the lifecycle says, holding work no node can take yet, ending a request, sending
// across the network with region cuts). It holds no pointer to a node's object: nodes publish
// to the directory and receive messages. Exactly one World exists per process, like SimGrid's
// engine.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

#include "analysis/run_metrics.hpp"
#include "models/common/rng.hpp"
#include "models/data/oracle_feed.hpp"
#include "models/faults/fault_schedule.hpp"
#include "models/lifecycle/stage_plan.hpp"
#include "models/proof/proof_cost.hpp"
#include "sim/engine/request.hpp"
#include "sim/engine/directory.hpp"
#include "sim/engine/router_core.hpp"
#include "sim/roles/verifier/verifier_assignment.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::engine {

namespace sg4 = simgrid::s4u;

class SettlementChain;
class Economy;

// The hosts of one node role, and the region index (in scenario.platform.regions) of each.
struct RoleHosts {
  std::vector<sg4::Host*> hosts;
  std::vector<int> regions;
};

// The number of node roles (sim/roles/role_registry.hpp): faults::Role's first values.
inline constexpr std::size_t kNodeRoleCount = 6;

struct Hosts {
  std::vector<sg4::Host*> clients;
  std::vector<int> client_region;  // region index of each client host
  sg4::Host* router = nullptr;     // gateway placement only
  int router_region = 0;
  std::array<RoleHosts, kNodeRoleCount> roles;  // by faults::Role
  RoleHosts& role(faults::Role r) { return roles[static_cast<std::size_t>(r)]; }
  const RoleHosts& role(faults::Role r) const { return roles[static_cast<std::size_t>(r)]; }
  std::vector<sg4::Host*> region_hosts;  // one host per region (sends made on a region's behalf)
};

class World {
public:
  World(const Scenario& scenario, Hosts hosts, std::vector<std::uint32_t> node_slots);

  const Scenario& scenario;
  Hosts hosts;
  RequestPool pool;
  analysis::RunMetrics metrics;
  // The published views of the nodes (each node writes only its own entry) and what was sent
  // to each: the routing and assignment decisions read them.
  InferenceDirectory inference;
  RoleDirectory verifier, data, storage, prover;
  RouterCore router;                            // declared after `inference`: it listens to it
  sg4::Mailbox* router_mailbox = nullptr;
  std::vector<sg4::Mailbox*> client_mailboxes;
  std::vector<sg4::Mailbox*> node_mailboxes;
  SettlementChain* chain = nullptr;             // the validators (nullptr: no settlement)
  sg4::Mailbox* chain_mailbox = nullptr;
  Economy* economy = nullptr;                   // the token economy (nullptr: none)
  std::optional<data::PushFeed> feed;           // push mode: the on-chain data feed
  std::uint64_t events = 0;                     // actor activations: messages and timers handled
  double router_busy_s = 0;                     // time the gateway spent deciding
  const proof::ProofConfig& proof = scenario.proof;  // proof and attestation costs
  std::uint64_t double_ends = 0;                // requests ended twice (must stay 0)
  std::uint64_t verification_checked = 0;       // proofs and attestations checked
  std::uint64_t verification_caught = 0;        // of which rejected

  double prompt_bytes(const Request& r) const;
  double result_bytes(const Request& r) const;
  double control_bytes() const;                 // a rejection or a pull: headers only

  double model_bytes = 0;                       // weights an inference node loads on a cold start

  // Sends m to `to` (a host in region to_region, -1: reachable from everywhere) from a host in
  // from_region. While a region is cut off, messages between it and the rest wait and leave
  // when the cut heals (TCP keeps retransmitting): nothing is lost, clients see their timeouts.
  void post(sg4::Mailbox* to, int to_region, int from_region, Message* m, double bytes);
  bool region_cut(int region) const { return region >= 0 && cut_[static_cast<std::size_t>(region)] != 0; }
  // A region is cut off / reachable again (called by the fault injector): its nodes leave or
  // rejoin routing and assignment, and held messages leave.
  void cut(int region);
  void restore(int region);
  // Some node's availability changed: routing, verifier views, the chain, held work.
  void reachability_changed(double now);

  // Routes r to `node` from a host in from_region: counts it at the router and sends its prompt.
  void dispatch(Request* r, std::uint32_t node, int from_region);
  // Sends r back to its client with `outcome` (Completed carries the output tokens).
  void respond(Request* r, analysis::Outcome outcome, int from_region);
  // The node failed r (crash, no data node): releases it at the router and answers `failed`.
  void fail_at_node(Request* r, int from_region);
  // The region index of inference node `node`.
  int node_region(std::uint32_t node) const { return hosts.role(faults::Role::Inference).regions[node]; }
  // An inference node's routability: available as it published (up, operated, model loaded)
  // and its region reachable. refresh_routable tells the router after either changed.
  bool routable(std::uint32_t node) const;
  void refresh_routable(std::uint32_t node);

  // The stage plan of r's class (models/lifecycle), computed once per class.
  const lifecycle::StagePlan& plan(const Request& r) const { return plans_[r.class_index]; }
  // r's proof is ready at its node and its result has left for the client: r starts its
  // background path (storage -> verify -> settle, as its plan says) if it has one. From then on
  // r travels on two paths at once; its result travels in its own envelope (Request::result).
  void proof_ready(Request* r, int from_region);
  // Background stage `done` of r finished at `now`: the lifecycle sends r on to its next stage
  // (or holds it while no node of that role can take it), or ends it.
  void stage_done(Request* r, lifecycle::Stage done, double now, int from_region);
  // The client received r's answer at `now`: the lifecycle ends r unless its background runs.
  void answer_received(Request* r, double now);
  // Sends r to the least loaded available data node for its outside data; false if none is.
  bool send_to_data(Request* r, int from_region);
  void send_to_storage(Request* r, int from_region);
  void send_to_verifier(Request* r, int from_region);
  // proof.placement "provers": r's proof is made on the least loaded available prover node (held
  // while none is); the prover node delivers r's result and starts its background.
  void send_to_prover(Request* r, int from_region);
  void release_held_proofs();
  // Cold start: a node asks a storage node for its weights with its own load message `m` (held
  // while no storage node is up).
  void request_model_load(LoadMessage& m, int from_region);
  // Work held because no node of the role was available: sent as soon as one is.
  void release_held_storage(double now);
  void release_held_verification(double now);
  // Verifier bookkeeping for assignment: a proof reached verifier v; v's local state changed.
  void verifier_received(std::uint32_t v, const Request& r);
  void sync_verifier_view(std::uint32_t v, std::uint32_t busy_cores, double queued_core_s);
  // Ends r in the terminal state the lifecycle decided (its end <= now) and frees its slot.
  void end_request(Request* r, lifecycle::Terminal t);

  std::uint64_t held_verifications() const { return held_verify_.size(); }
  std::uint64_t held_storage() const { return held_store_.size(); }
  std::uint64_t held_proofs() const { return held_prove_.size(); }
  std::uint64_t held_messages() const { return held_messages_.size(); }

private:
  // The available node of a helper role (up, its region reachable) with the least load, or -1
  // (RoleDirectory::choose: the tie-break cursor moves past the choice).
  std::int64_t choose(RoleDirectory& role);
  // Posts m to node k of the role as `kind`, counted as sent to it (its load until it reports done).
  void send_to_node(RoleDirectory& role, std::uint32_t k, Message* m, MessageKind kind, double bytes, int from_region);
  void send_to_stage(Request* r, lifecycle::Stage stage, int from_region);
  std::vector<lifecycle::StagePlan> plans_;     // per request class

  struct Held {
    sg4::Mailbox* to;
    int to_region, from_region;
    Message* message;
    double bytes;
  };
  std::vector<std::uint8_t> cut_;               // per region
  int cuts_active_ = 0;
  std::vector<Held> held_messages_;
  std::deque<Request*> held_store_, held_verify_, held_prove_;
  std::deque<LoadMessage*> held_loads_;
  VerifierAssignment verifier_assignment_;      // the assignment policy and its views
};

}  // namespace opgsim::engine
