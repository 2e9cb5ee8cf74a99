// How a run starts the validator role (its registry line, sim/roles/role_runtime.hpp): one actor
// holds every validator (the chain's consensus), with one fault timeline for all of them.
#include "sim/engine/actor_guard.hpp"
#include "sim/roles/role_runtime.hpp"
#include "sim/roles/validator/settle_sender.hpp"
#include "sim/roles/validator/settlement_chain.hpp"

namespace opgsim::engine {

RoleSampler validator_signals(const SettlementChain* chain);  // validator_signals.cpp

namespace {

RoleRun start_validator(RoleStart& start) {
  World& world = start.world;
  if (world.scenario.roles.validator.count == 0) return {nullptr, validator_signals(nullptr), nullptr, {}};
  sg4::Mailbox* mailbox = sg4::Mailbox::by_name("chain");
  auto chain =
      std::make_shared<SettlementChain>(world, mailbox, faults::role_timeline(start.schedule, faults::Role::Validator));
  auto sender = std::make_shared<SettleSender>(world, mailbox);
  world.provide(Service::Settle, sender.get());
  world.listen(chain.get());  // it keeps its validator set from region reachability itself
  SettlementChain* c = chain.get();
  sg4::Actor::create("chain", world.hosts.role(faults::Role::Validator).hosts[0], guarded("chain", [c] { (*c)(); }))->daemonize();
  return {chain, validator_signals(c), sender, [c](nlohmann::json& summary) { summary["chain"] = c->summary(); }};
}

}  // namespace

// The runtime entry of the validator role (sim/roles/role_runtime.hpp).
// The fee share goes to the proposer of the block that settled the request, if it was settled.
// A validator's operator leaving or joining is the chain's business: it holds every validator.
RoleRuntime validator_role_runtime() {
  return {.id = faults::Role::Validator,
          .start = &start_validator,
          .start_order = 5,
          .fee_earner = [](const Request& r) -> std::int64_t {
            return r.times.settled >= 0 ? static_cast<std::int64_t>(r.proposer) : -1;  // not the unsigned -1
          },
          .control_target = [](World&, std::uint32_t) -> ControlTarget {
            return {sg4::Mailbox::by_name("chain"), -1};  // as settlements: the chain is reachable from everywhere
          }};
}

}  // namespace opgsim::engine
