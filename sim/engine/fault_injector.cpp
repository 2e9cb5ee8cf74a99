// The fault injector actor (see fault_injector.hpp).
#include "sim/engine/fault_injector.hpp"

#include <fmt/format.h>

#include "models/common/input_error.hpp"
#include "sim/engine/data_node.hpp"
#include "sim/engine/inbox.hpp"
#include "sim/engine/inference_node.hpp"
#include "sim/engine/settlement_chain.hpp"
#include "sim/engine/storage_node.hpp"
#include "sim/engine/verifier_node.hpp"
#include "sim/scenario/node_roster.hpp"

namespace opgsim::engine {

using faults::FaultKind;
using faults::Role;

std::vector<faults::FaultEvent> fault_schedule(const Scenario& s) {
  if (s.faults.events.empty() && s.faults.processes.empty()) return {};
  try {
    return faults::build_schedule(s.faults.events, s.faults.processes, node_roster(s), s.duration_s + s.drain_s,
                                  s.seed);
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", s.file, e.what()));
  }
}

namespace {

// The fault kinds every node role handles the same way (crash, recover, slow), on any node type.
template <class Node> void apply_to_node(Node& node, const faults::FaultEvent& e, double now) {
  switch (e.kind) {
    case FaultKind::Crash: node.crash(now); break;
    case FaultKind::Recover: node.recover(); break;
    case FaultKind::SlowStart: node.set_slowdown(e.factor, now); break;
    case FaultKind::SlowEnd: node.set_slowdown(1.0, now); break;
    default: break;  // the schedule's validation admits no other kind for this role
  }
}

// A helper-role node (verifier, data, storage): the fault acts from its host, then wakes it.
template <class Node> void fault_helper_node(Node& node, sg4::Host* host, sg4::Mailbox* mailbox,
                                             const faults::FaultEvent& e, double now) {
  sg4::this_actor::set_host(host);
  apply_to_node(node, e, now);
  send(mailbox, &node.wake_message(), 0);
}

}  // namespace

void FaultInjector::operator()() {
  for (const faults::FaultEvent& e : schedule_) {
    sg4::this_actor::sleep_until(e.time_s);
    ++world_.events;
    const double now = sg4::Engine::get_clock();
    if (e.target.is_region()) {
      int region = 0;
      while (world_.scenario.platform.regions[static_cast<std::size_t>(region)].name != e.target.region) ++region;
      sg4::this_actor::set_host(world_.hosts.region_hosts[static_cast<std::size_t>(region)]);
      if (e.kind == FaultKind::RegionCut) world_.cut(region);
      if (e.kind == FaultKind::RegionRestore) world_.restore(region);
      continue;
    }
    // Act from the node's own host, so that the notices it sends leave from there; then wake
    // the node's actor, whose next timer may have moved.
    const std::uint32_t i = e.target.index;
    switch (e.target.role) {
      case Role::Inference: {
        InferenceNode& node = *world_.nodes[i];
        sg4::this_actor::set_host(world_.hosts.inference[i]);
        if (e.kind == FaultKind::MaliciousStart) node.set_malicious(e.factor);
        else if (e.kind == FaultKind::MaliciousEnd) node.set_malicious(0);
        else apply_to_node(node, e, now);
        send(world_.node_mailboxes[i], &node.wake_message(), 0);
        break;
      }
      case Role::Verifier:
        fault_helper_node(*world_.verifiers[i], world_.hosts.verifier[i], world_.verifier.mailboxes[i], e, now);
        break;
      case Role::Data:
        fault_helper_node(*world_.data_nodes[i], world_.hosts.data[i], world_.data.mailboxes[i], e, now);
        break;
      case Role::Storage:
        fault_helper_node(*world_.storage_nodes[i], world_.hosts.storage[i], world_.storage.mailboxes[i], e, now);
        break;
      case Role::Validator:
        // A slow validator proposes too late: its rounds fail (the consensus model's faulty flag).
        sg4::this_actor::set_host(world_.hosts.validator[i]);
        if (e.kind == FaultKind::Crash || e.kind == FaultKind::Recover)
          world_.chain->set_crashed(i, e.kind == FaultKind::Crash, now);
        if (e.kind == FaultKind::SlowStart || e.kind == FaultKind::SlowEnd)
          world_.chain->set_slow(i, e.kind == FaultKind::SlowStart, now);
        send(world_.chain_mailbox, &world_.chain->wake_message(), 0);
        break;
      case Role::Client:
      case Role::Router: break;  // not in the roster: the schedule never names them
    }
  }
}

}  // namespace opgsim::engine
