// World: the operations that several roles share (see world.hpp).
#include "sim/engine/world.hpp"

#include "sim/engine/actor_guard.hpp"

#include "sim/engine/economy.hpp"
#include "sim/engine/inbox.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim::engine {

using analysis::Outcome;

namespace {
analysis::MetricsConfig metrics_config(const Scenario& s, bool token_metrics) {
  analysis::MetricsConfig c;
  c.warmup_s = s.warmup_s;
  c.duration_s = s.duration_s;
  c.horizon_s = s.duration_s + s.drain_s;
  c.window_s = s.output.window_s;
  c.slow_latency_s = s.output.slow_latency_s.value_or(0);
  c.token_metrics = token_metrics;
  c.has_router = s.router.placement == RouterSpec::Placement::Gateway;
  c.roles = role_signals();  // the registry's order: node_roles()[k] declares role_signals()[k]
  for (const NodeRole& role : node_roles()) c.role_has_nodes.push_back(role.count(s) > 0);
  c.has_data = service_offered(s, Service::Fetch);
  c.has_settlement = service_offered(s, Service::Settle);
  return c;
}

// The router's candidate set per class: the nodes of the pools serving its model (one set of
// every node without pools).
policy::ModelGroups model_groups(const Scenario& s) {
  std::vector<std::string> node_model, class_model;
  for (const InferencePoolSpec& pool : s.roles.inference.pools) node_model.insert(node_model.end(), pool.count, pool.model);
  if (node_model.empty()) node_model.assign(s.roles.inference.count, std::string());
  for (const RequestClassSpec& c : s.workload.classes) class_model.push_back(c.model);
  return policy::group_nodes_by_model(node_model, class_model);
}
}  // namespace

World::World(const Scenario& s, Hosts h, std::vector<std::uint32_t> node_slots, bool token_metrics)
    : scenario(s),
      hosts(std::move(h)),
      metrics(metrics_config(s, token_metrics)),
      nodes(node_slots.size()),
      router(s.router.policy, s.router.view, std::move(node_slots), Rng::stream(s.seed, "router"), s.router.queue_limit,
             model_groups(s)),
      routed_hosts_(hosts.role(routed_role().id)),
      cut_(s.platform.regions.size(), 0) {
  nodes.listen(&router);
  if (!s.roles.inference.pools.empty())
    pools = PoolTally(pool_of_nodes(s.roles.inference), s.roles.inference.pools.size(), s.workload.classes.size(),
                      s.warmup_s, s.duration_s);
  for (const RequestClassSpec& c : s.workload.classes)
    plans_.push_back(lifecycle::StagePlan::make({.needs_data = c.needs_data,
                                                 .verified = c.verification != proof::VerificationMode::Vanilla,
                                                 .storage = service_offered(s, Service::Store),
                                                 .settlement = service_offered(s, Service::Settle)}));
}

double World::prompt_bytes(const Request& r) const {
  return r.prompt_tokens * scenario.workload.bytes_per_token + scenario.workload.payload_overhead_bytes;
}
double World::result_bytes(const Request& r) const {
  return r.output_tokens * scenario.workload.bytes_per_token + scenario.workload.payload_overhead_bytes;
}
double World::control_bytes() const { return scenario.workload.payload_overhead_bytes; }

void World::post(sg4::Mailbox* to, int to_region, int from_region, Message* m, double bytes) {
  if (cuts_active_ > 0 && to_region != from_region && (region_cut(to_region) || region_cut(from_region))) {
    held_messages_.push_back({to, to_region, from_region, m, bytes});
    return;
  }
  engine::send(to, m, bytes);  // the network (inbox.hpp), not a service
}

ControlMessage* World::make_control(ControlMessage::Op op, std::uint32_t node) {
  auto c = std::make_unique<ControlMessage>(op, node);
  ControlMessage* raw = c.get();
  controls_.emplace(raw, std::move(c));
  return raw;
}

void World::free_control(ControlMessage* c) { controls_.erase(c); }

void World::cut(int region) {
  if (region_cut(region)) return;
  cut_[static_cast<std::size_t>(region)] = 1;
  ++cuts_active_;
  reachability_changed(sg4::Engine::get_clock());
}

void World::restore(int region) {
  if (!region_cut(region)) return;
  cut_[static_cast<std::size_t>(region)] = 0;
  --cuts_active_;
  // Messages that waited at the cut leave now, each from a host of the region that sent it.
  std::vector<Held> still_held;
  std::vector<Held> ready;
  for (const Held& h : held_messages_) {
    if (region_cut(h.to_region) || region_cut(h.from_region))
      still_held.push_back(h);
    else
      ready.push_back(h);
  }
  held_messages_ = std::move(still_held);
  // Each message leaves from a host of the region that sent it: one relay actor per sending
  // region, started there now, sends that region's messages in the order they were held.
  std::vector<std::vector<Held>> by_region(hosts.region_hosts.size());
  for (const Held& h : ready) {
    if (h.from_region >= 0)
      by_region[static_cast<std::size_t>(h.from_region)].push_back(h);
    else
      engine::send(h.to, h.message, h.bytes);
  }
  for (std::size_t k = 0; k < by_region.size(); ++k) {
    if (by_region[k].empty()) continue;
    const std::string name = "relay-" + std::to_string(k);
    sg4::Actor::create(name, hosts.region_hosts[k], guarded(name, [held = std::move(by_region[k])] {
                         for (const Held& h : held) engine::send(h.to, h.message, h.bytes);
                       }));  // not a daemon: it ends once sent (daemonizing another actor in SimGrid 3.32 killed a client)
  }
  reachability_changed(sg4::Engine::get_clock());
}

void World::reachability_changed(double now) {
  for (std::uint32_t i = 0; i < nodes.size(); ++i) refresh_routable(i);
  for (ServiceSender* s : senders_)
    if (s != nullptr) s->reachability_changed(now);
  for (ReachabilityListener* l : reachability_listeners_) l->on_reachability_changed(now);
  release_held(now);
}

void World::release_held(double /*now*/) {
  for (ServiceSender* s : senders_)
    if (s != nullptr) s->release();
}

bool World::routable(std::uint32_t node) const {
  return nodes.available(node) && !region_cut(node_region(node));
}

void World::refresh_routable(std::uint32_t node) {
  router.set_up(node, routable(node));
}

void World::dispatch(Request* r, std::uint32_t node, int from_region) {
  router.on_routed(node);
  if (pools.on()) pools.on_routed(node, r->class_index);
  r->node = node;
  r->kind = MessageKind::Dispatch;
  post(node_mailboxes[node], node_region(node), from_region, r, prompt_bytes(*r));
}

void World::respond(Request* r, Outcome outcome, int from_region) {
  r->answer = outcome;
  r->result.kind = MessageKind::Result;
  r->result.request = r;
  post(client_mailboxes[r->client], hosts.client_region[r->client], from_region, &r->result,
       outcome == Outcome::Completed ? result_bytes(*r) : control_bytes());
}

void World::fail_at_node(Request* r, int from_region) {
  nodes.publish_released(r->node);
  respond(r, Outcome::Failed, from_region);
}

// --- background stages -------------------------------------------------------------------

void World::proof_ready(Request* r, int from_region) {
  if (const auto first = r->state.proof_ready(plan(*r))) send_to_stage(r, *first, from_region);
}

void World::stage_done(Request* r, lifecycle::Stage done, double now, int from_region) {
  const lifecycle::Next next = r->state.background_stage_done(plan(*r), done, now);
  if (next.stage) send_to_stage(r, *next.stage, from_region);
  if (next.ended) end_request(r, *next.ended);
}

void World::answer_received(Request* r, double now) {
  if (const auto ended = r->state.answer_received(r->answer, now)) end_request(r, *ended);
}

// Each background stage is carried by one service (sim/engine/service.hpp); foreground stages
// are not sent: the node and the client drive them.
void World::send_to_stage(Request* r, lifecycle::Stage stage, int from_region) {
  if (const auto service = service_for(stage)) send(*service, r, from_region);
}

std::int64_t World::choose(RoleDirectory& role) {
  return role.choose([this](int region) { return region_cut(region); });
}

void World::send_to_node(RoleDirectory& role, std::uint32_t k, Message* m, MessageKind kind, double bytes,
                         int from_region) {
  role.on_sent(k);
  m->kind = kind;
  post(role.mailbox(k), role.region(k), from_region, m, bytes);
}

// --- terminal states -----------------------------------------------------------------------

void World::end_request(Request* r, lifecycle::Terminal t) {
  if (!r->state.claim_end()) {  // cannot happen by construction; the invariant check reports it
    ++double_ends;
    return;
  }
  if (r->state.undetected_invalid(t.outcome)) metrics.on_undetected_invalid();
  if (economy != nullptr) economy->on_request_end(*r, t.outcome, sg4::Engine::get_clock());
  if (pools.on() && t.outcome == Outcome::Completed) pools.on_completed(static_cast<std::uint32_t>(r->node), r->times.submit, r->times.result);
  metrics.on_terminal(sg4::Engine::get_clock(), t.end, t.outcome, r->times, r->output_tokens);
  pool.release(r);
}

}  // namespace opgsim::engine
