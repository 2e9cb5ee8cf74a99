// One simulation run (see run.hpp).
#include "sim/engine/run.hpp"

#include <chrono>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include <simgrid/s4u.hpp>

#include "analysis/output/json_writer.hpp"
#include "analysis/output/summary_fields.hpp"
#include "models/faults/fault_timeline.hpp"
#include "sim/engine/client.hpp"
#include "sim/engine/economy.hpp"
#include "sim/engine/economy_world_host.hpp"
#include "sim/engine/engine_setup.hpp"
#include "sim/engine/fault_injector.hpp"
#include "sim/engine/actor_guard.hpp"
#include "sim/engine/gateway_router.hpp"
#include "sim/engine/interrupt.hpp"
#include "sim/engine/outbox.hpp"
#include "sim/engine/platform.hpp"
#include "sim/engine/probe.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

namespace {

using analysis::Outcome;

workload::RequestMix request_mix(const Scenario& s) {
  workload::RequestMix mix{s.workload.prompt_tokens, s.workload.output_tokens, {}};
  for (const auto& c : s.workload.classes) mix.class_weights.push_back(c.weight);
  return mix;
}

// One client actor per client host, each with its share of the load.
void start_clients(World& world, const Scenario& s, const Hosts& hosts, const workload::Trace* trace) {
  const auto clients = static_cast<std::uint32_t>(hosts.clients.size());
  const ArrivalSpec& a = s.workload.arrivals;
  for (std::uint32_t k = 0; k < clients; ++k) {
    std::shared_ptr<Client> client;
    if (a.type == ArrivalSpec::Type::Users) {
      client = std::make_shared<Client>(world, k, std::make_unique<workload::DynamicPoisson>(
                                                      request_mix(s), s.duration_s, Rng::stream(s.seed, "client.arrivals", k)));
    } else if (a.type == ArrivalSpec::Type::Closed) {
      workload::ClosedLoopSpec spec;
      spec.users = a.users / clients + (k < a.users % clients ? 1 : 0);
      spec.think_time_s = a.think_time_s;
      spec.exponential_think = a.exponential_think;
      spec.start_spread_s = a.start_spread_s;
      spec.retry_delay_s = a.retry_delay_s;
      spec.end_s = s.duration_s;
      client = std::make_shared<Client>(world, k, std::make_unique<workload::ClosedLoop>(
                                                      spec, request_mix(s), Rng::stream(s.seed, "client.users", k)));
    } else if (trace != nullptr) {
      client = std::make_shared<Client>(world, k, workload::make_trace_process(*trace, k, clients, s.duration_s));
    } else {
      client = std::make_shared<Client>(world, k,
                                        workload::make_rate_process(a.pieces, 1.0 / clients, s.duration_s,
                                                                    request_mix(s),
                                                                    Rng::stream(s.seed, "client.arrivals", k)));
    }
    const std::string name = "client-" + std::to_string(k);
    sg4::Actor::create(name, hosts.clients[k], guarded(name, [client] { (*client)(); }))->daemonize();
  }
}

// Requests still in flight when the run stops: timed out if their client had given up by then,
// unfinished otherwise (also those delivered in time whose background work was not over).
// Either way every request ends in exactly one state.
void end_remaining(World& world, double end) {
  std::vector<Request*> live;
  world.pool.for_each_live([&](Request& r) { live.push_back(&r); });
  for (Request* r : live) world.end_request(r, r->state.at_run_end(end));
}

nlohmann::json invariants(const World& world) {
  const auto& m = world.metrics;
  std::uint64_t ended = 0;
  for (int o = 0; o < analysis::kOutcomeCount; ++o) ended += m.count(static_cast<Outcome>(o));
  const bool every_terminal = ended == m.submitted() && world.pool.in_use() == 0;
  analysis::output::JsonWriter j(analysis::output::summary_fields(), "invariants");
  j.set("every_request_terminal.ok", every_terminal);
  j.set("every_request_terminal.submitted", m.submitted());
  j.set("every_request_terminal.terminal", ended);
  j.set("every_request_terminal.still_in_pool", world.pool.in_use());
  j.set("no_request_ended_twice.ok", world.double_ends == 0);
  j.set("no_request_ended_twice.ended_twice", world.double_ends);
  return j.take();
}

}  // namespace

RunOutput run_scenario(const Scenario& s, PreparedRun prepared, bool show_progress, const std::vector<std::string>& cfgs) {
  auto engine = make_engine(s, cfgs);
  install_interrupt_handler();  // replaces SimGrid's actor dump on Ctrl-C
  fit_actors(s, actor_count(s), cfgs);  // before the platform: a run that cannot start stops here
  Hosts hosts = build_platform(s);

  std::vector<std::uint32_t> slots;
  for (const auto& model : prepared.models) slots.push_back(model->slots());

  World world(s, hosts, std::move(slots), prepared.token_metrics);
  if (hosts.router != nullptr) world.router_mailbox = sg4::Mailbox::by_name("router");
  for (std::size_t k = 0; k < hosts.clients.size(); ++k)
    world.client_mailboxes.push_back(sg4::Mailbox::by_name("client-" + std::to_string(k)));

  // The economy's state exists before the nodes start (an operator that has not joined yet
  // starts offline); its actor starts after the roles', as it always did.
  std::unique_ptr<Economy> economy;
  WorldEconomyHost economy_host(world);
  if (s.economy.enabled) {
    economy = std::make_unique<Economy>(s, economy_host);
    world.economy = economy.get();
  }
  // Every role from the registry, in start order; each node owns its fault timeline, region
  // events stay with the network (FaultInjector).
  const std::vector<faults::FaultEvent>& schedule = prepared.faults;
  RoleStart start{world, schedule, prepared};
  std::vector<std::shared_ptr<void>> role_nodes;  // own every node for the run
  std::vector<RoleSampler> samplers;
  std::vector<RoleSummary> role_summaries;
  for (const RoleRuntime& role : role_runtimes()) {
    RoleRun run = role.start(start);
    role_nodes.push_back(std::move(run.nodes));
    role_nodes.push_back(std::move(run.senders));
    samplers.push_back(std::move(run.sample));
    if (run.summarize) role_summaries.push_back(std::move(run.summarize));
  }
  if (economy) {
    Economy* e = economy.get();
    WorldEconomyHost* h = &economy_host;
    sg4::Actor::create("economy", hosts.clients[0], guarded("economy", [e, h] { h->run(*e); }))->daemonize();
    if (PaymentService* p = e->payments()) {
      World* w = &world;
      sg4::Actor::create("payment-chain", hosts.clients[0],
                         guarded("payment-chain", [p, e, w, outages = faults::payment_chain_events(schedule)] {
                           p->run(*e, *w, outages);
                         }))
          ->daemonize();
    }
  }
  if (hosts.router != nullptr) {
    auto router = std::make_shared<GatewayRouter>(world);
    sg4::Actor::create("router", hosts.router, guarded("router", [router] { (*router)(); }))->daemonize();
  }
  start_clients(world, s, hosts, prepared.trace ? &*prepared.trace : nullptr);
  if (std::vector<faults::FaultEvent> cuts = faults::region_events(schedule); !cuts.empty()) {
    auto injector = std::make_shared<FaultInjector>(world, std::move(cuts));
    sg4::Actor::create("faults", hosts.clients[0], guarded("faults", [injector] { (*injector)(); }))->daemonize();
  }
  auto probe = std::make_shared<Probe>(world, std::move(samplers), show_progress);
  sg4::Actor::create("probe", hosts.clients[0], guarded("probe", [probe] { (*probe)(); }));

  const auto t0 = std::chrono::steady_clock::now();
  engine->run();
  RunOutput out;
  out.run_wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out.sim_end_s = sg4::Engine::get_clock();
  Outbox::end_of_run();

  end_remaining(world, out.sim_end_s);
  world.metrics.finish(out.sim_end_s);
  out.summary = world.metrics.summary();
  out.summary["invariants"] = invariants(world);
  if (economy) {
    economy->finish(out.sim_end_s);
    out.summary["economy"] = economy->summary();
    out.summary["invariants"]["token_conservation"] = economy->conservation_invariant();
    out.ledger_csv = economy->take_ledger_csv();
    out.accounts_csv = economy->take_accounts_csv();
    out.events_csv = economy->take_events_csv();
  }
  for (const RoleSummary& summarize : role_summaries) summarize(out.summary);  // each role's own block
  out.invariants_ok = true;
  for (const auto& [name, check] : out.summary["invariants"].items()) out.invariants_ok &= check["ok"].get<bool>();
  out.summary["sim_end_s"] = out.sim_end_s;
  analysis::output::summary_fields().require_declared(out.summary);  // every key declared (analysis/output)
  out.timeseries_csv = world.metrics.timeseries_csv();
  out.events = world.events;
  return out;
}

}  // namespace opgsim::engine
