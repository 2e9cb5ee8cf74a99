// What every actor of one run shares: the scenario, the platform's hosts and mailboxes, the
// request pool, the directory of published node views (sim/engine/directory.hpp), the router
// state, the metrics, and message posting: the operations that more than one role performs
// (dispatching a request to a node, answering a client, moving a request through its background
// stages as the lifecycle says, ending a request, sending across the network with region cuts).
// It names no role: the directories are a table by role id, and work for another role goes
// through a table of service senders (sim/engine/service_sender.hpp) that the roles' folders
// define and register; they pick the node and hold work no node can take yet. It holds no pointer
// to a node's object: nodes publish to the directory and receive messages; an actor that keeps
// its own view of reachability registers a listener. Exactly one World exists per process, like
// SimGrid's engine.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
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
#include "sim/engine/pool_tally.hpp"
#include "sim/engine/router_core.hpp"
#include "sim/engine/service.hpp"
#include "sim/engine/service_sender.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::engine {

namespace sg4 = simgrid::s4u;

class Economy;

// The hosts of one node role, and the region index (in scenario.platform.regions) of each.
struct RoleHosts {
  std::vector<sg4::Host*> hosts;
  std::vector<int> regions;
};

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
  // node_slots: each routed node's slots; token_metrics: they report TTFT and TPOT.
  World(const Scenario& scenario, Hosts hosts, std::vector<std::uint32_t> node_slots, bool token_metrics);

  const Scenario& scenario;
  Hosts hosts;
  RequestPool pool;
  analysis::RunMetrics metrics;
  // The published views of the nodes (each node writes only its own entry) and what was sent
  // to each: the routing and assignment decisions read them.
  InferenceDirectory nodes;                     // the routed nodes
  RoleDirectory& directory(faults::Role r) { return directories_[static_cast<std::size_t>(r)]; }
  const RoleDirectory& directory(faults::Role r) const { return directories_[static_cast<std::size_t>(r)]; }
  RouterCore router;                            // declared after `nodes`: it listens to it
  PoolTally pools;                              // per pool of routed nodes (off without pools)
  sg4::Mailbox* router_mailbox = nullptr;
  std::vector<sg4::Mailbox*> client_mailboxes;
  std::vector<sg4::Mailbox*> node_mailboxes;
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

  double model_bytes = 0;                       // weights a routed node loads on a cold start

  // Sends m to `to` (a host in region to_region, -1: reachable from everywhere) from a host in
  // from_region. While a region is cut off, messages between it and the rest wait and leave
  // when the cut heals (TCP keeps retransmitting): nothing is lost, clients see their timeouts.
  void post(sg4::Mailbox* to, int to_region, int from_region, Message* m, double bytes);
  bool region_cut(int region) const { return region >= 0 && cut_[static_cast<std::size_t>(region)] != 0; }
  // A region is cut off / reachable again (called by the fault injector): its nodes leave or
  // rejoin routing and assignment, and held messages leave.
  void cut(int region);
  void restore(int region);
  // Some node's availability changed: routing, the services' views (in service order), the
  // reachability listeners (in the order they listened), then each service's held work.
  void reachability_changed(double now);
  // An actor that keeps its own view of reachability (the chain's voting set) hears of each
  // change at the instant it happens, and updates its own state itself.
  class ReachabilityListener {
  public:
    virtual ~ReachabilityListener() = default;
    virtual void on_reachability_changed(double now) = 0;
  };
  void listen(ReachabilityListener* listener) { reachability_listeners_.push_back(listener); }

  // Routes r to `node` from a host in from_region: counts it at the router and sends its prompt.
  void dispatch(Request* r, std::uint32_t node, int from_region);
  // Sends r back to its client with `outcome` (Completed carries the output tokens).
  void respond(Request* r, analysis::Outcome outcome, int from_region);
  // The node failed r (crash, no data node): releases it at the router and answers `failed`.
  void fail_at_node(Request* r, int from_region);
  // The region index of routed node `node`.
  int node_region(std::uint32_t node) const { return routed_hosts_.regions[node]; }
  // A routed node's routability: available as it published (up, operated, model loaded)
  // and its region reachable. refresh_routable tells the router after either changed.
  bool routable(std::uint32_t node) const;
  void refresh_routable(std::uint32_t node);

  // The stage plan of r's class (models/lifecycle), computed once per class.
  const lifecycle::StagePlan& plan(const Request& r) const { return plans_[r.class_index]; }
  // r's proof is ready at its node and its result has left for the client: r starts its
  // background path (as its plan says; each background stage is a service) if it has one. From
  // then on r travels on two paths at once; its result travels in its own envelope
  // (Request::result).
  void proof_ready(Request* r, int from_region);
  // Background stage `done` of r finished at `now`: the lifecycle sends r on to its next stage
  // (its service holds it while no node can take it), or ends it.
  void stage_done(Request* r, lifecycle::Stage done, double now, int from_region);
  // The client received r's answer at `now`: the lifecycle ends r unless its background runs.
  void answer_received(Request* r, double now);
  // The services (sim/engine/service.hpp): the serving role registers its sender at start.
  void provide(Service s, ServiceSender* sender) { senders_[index_of(s)] = sender; }
  ServiceSender& sender(Service s) const { return *senders_[index_of(s)]; }
  // Sends m for service s now; false (nothing sent) if no node can take it.
  bool try_send(Service s, Message* m, int from_region) { return sender(s).try_send(m, from_region); }
  // Sends m for service s, or holds it until a node can take it.
  void send(Service s, Message* m, int from_region) { sender(s).send_or_hold(m, from_region); }
  // Work held for service s leaves while a node can take it (a node of its role recovered).
  void release_held(Service s) { sender(s).release(); }
  // Every service's held work, in service order (after reachability changed).
  void release_held(double now);

  // The available node of a role (up, its region reachable) with the least load, or -1
  // (RoleDirectory::choose: the tie-break cursor moves past the choice).
  std::int64_t choose(RoleDirectory& role);
  // Posts m to node k of the role as `kind`, counted as sent to it (its load until it reports done).
  void send_to_node(RoleDirectory& role, std::uint32_t k, Message* m, MessageKind kind, double bytes, int from_region);
  // Ends r in the terminal state the lifecycle decided (its end <= now) and frees its slot.
  void end_request(Request* r, lifecycle::Terminal t);

  std::uint64_t held_messages() const { return held_messages_.size(); }

  // An operator's decision on its way to a node (economy_world_host.cpp). The World owns it: its
  // receiver frees it, and one still on the network when the run ends goes with the World, not
  // leaked (LeakSanitizer reported it: bash setup.sh sanitize).
  ControlMessage* make_control(ControlMessage::Op op, std::uint32_t node = 0);
  void free_control(ControlMessage* c);

private:
  void send_to_stage(Request* r, lifecycle::Stage stage, int from_region);
  std::vector<lifecycle::StagePlan> plans_;     // per request class

  struct Held {
    sg4::Mailbox* to;
    int to_region, from_region;
    Message* message;
    double bytes;
  };
  const RoleHosts& routed_hosts_;               // the routed nodes' hosts and regions
  std::vector<std::uint8_t> cut_;               // per region
  int cuts_active_ = 0;
  std::vector<Held> held_messages_;
  std::unordered_map<const ControlMessage*, std::unique_ptr<ControlMessage>> controls_;  // in flight
  std::array<RoleDirectory, kNodeRoleCount> directories_;  // by faults::Role (the routed nodes': `nodes`)
  std::array<ServiceSender*, kServiceCount> senders_{};    // by Service, owned by the roles' runs
  std::vector<ReachabilityListener*> reachability_listeners_;
};

}  // namespace opgsim::engine
