// World: the operations that several roles share (see world.hpp).
#include "sim/engine/world.hpp"

#include "sim/engine/economy.hpp"
#include "sim/engine/inbox.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/roles/validator/settlement_chain.hpp"

namespace opgsim::engine {

using analysis::Outcome;

namespace {
analysis::MetricsConfig metrics_config(const Scenario& s) {
  analysis::MetricsConfig c;
  c.warmup_s = s.warmup_s;
  c.duration_s = s.duration_s;
  c.horizon_s = s.duration_s + s.drain_s;
  c.window_s = s.output.window_s;
  c.token_metrics = s.inference.service.type == service::ServiceSpec::Type::Gpu;
  c.has_router = s.router.placement == RouterSpec::Placement::Gateway;
  c.roles = role_signals();  // the registry's order: node_roles()[k] declares role_signals()[k]
  for (const NodeRole& role : node_roles()) c.role_has_nodes.push_back(role.count(s) > 0);
  c.has_data = s.data.count > 0;
  c.has_settlement = s.validator.count > 0;
  return c;
}
}  // namespace

World::World(const Scenario& s, Hosts h, std::vector<std::uint32_t> node_slots)
    : scenario(s),
      hosts(std::move(h)),
      metrics(metrics_config(s)),
      inference(node_slots.size()),
      router(s.router.policy, s.router.view, std::move(node_slots), Rng::stream(s.seed, "router"), s.router.queue_limit),
      cut_(s.platform.regions.size(), 0),
      verifier_assignment_(s) {
  inference.listen(&router);
  for (const RequestClassSpec& c : s.workload.classes)
    plans_.push_back(lifecycle::StagePlan::make({.needs_data = c.needs_data,
                                                 .verified = c.verification != proof::VerificationMode::Vanilla,
                                                 .storage = s.storage.count > 0,
                                                 .settlement = s.validator.count > 0}));
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
  send(to, m, bytes);
}

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
      send(h.to, h.message, h.bytes);
  }
  for (std::size_t k = 0; k < by_region.size(); ++k) {
    if (by_region[k].empty()) continue;
    sg4::Actor::create("relay-" + std::to_string(k), hosts.region_hosts[k], [held = std::move(by_region[k])] {
      for (const Held& h : held) send(h.to, h.message, h.bytes);
    });  // not a daemon: it ends once sent (daemonizing another actor in SimGrid 3.32 killed a client)
  }
  reachability_changed(sg4::Engine::get_clock());
}

void World::reachability_changed(double now) {
  for (std::uint32_t i = 0; i < inference.size(); ++i) refresh_routable(i);
  for (std::uint32_t v = 0; v < verifier.size(); ++v)
    verifier_assignment_.set_reachable(v, verifier.up(v) && !region_cut(verifier.region(v)));
  if (chain != nullptr) {
    chain->reachability_changed(now);
    send(chain_mailbox, &chain->wake_message(), 0);  // its next commit may have moved
  }
  release_held_storage(now);
  release_held_verification(now);
  release_held_proofs();
}

bool World::routable(std::uint32_t node) const {
  return inference.available(node) && !region_cut(node_region(node));
}

void World::refresh_routable(std::uint32_t node) {
  router.set_up(node, routable(node));
}

void World::dispatch(Request* r, std::uint32_t node, int from_region) {
  router.on_routed(node);
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
  inference.publish_released(r->node);
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

void World::send_to_stage(Request* r, lifecycle::Stage stage, int from_region) {
  switch (stage) {
    case lifecycle::Stage::Storage: send_to_storage(r, from_region); return;
    case lifecycle::Stage::Verify: send_to_verifier(r, from_region); return;
    case lifecycle::Stage::Settle:
      r->kind = MessageKind::Settle;
      post(chain_mailbox, -1, from_region, r, control_bytes());  // any validator takes it
      return;
    default: return;  // foreground stages are not sent: the node and client drive them
  }
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

bool World::send_to_data(Request* r, int from_region) {
  const std::int64_t d = choose(data);
  if (d < 0) return false;
  r->helper = static_cast<std::uint32_t>(d);
  send_to_node(data, r->helper, r, MessageKind::Fetch, control_bytes(), from_region);
  return true;
}

// The blob's bytes are charged by the blob-store model (models/storage): the message to the
// storage node is the request to store it, headers only, so the upload is not counted twice.
void World::send_to_storage(Request* r, int from_region) {
  const std::int64_t s = choose(storage);
  if (s < 0) {
    held_store_.push_back(r);
    return;
  }
  r->helper = static_cast<std::uint32_t>(s);
  send_to_node(storage, r->helper, r, MessageKind::Store, control_bytes(), from_region);
}

void World::send_to_prover(Request* r, int from_region) {
  const std::int64_t p = choose(prover);
  if (p < 0) {
    held_prove_.push_back(r);
    return;
  }
  r->helper = static_cast<std::uint32_t>(p);
  send_to_node(prover, r->helper, r, MessageKind::Prove, result_bytes(*r), from_region);  // the result to prove
}

void World::release_held_proofs() {
  while (!held_prove_.empty() && choose(prover) >= 0) {
    Request* r = held_prove_.front();
    held_prove_.pop_front();
    send_to_prover(r, node_region(r->node));
  }
}

void World::request_model_load(LoadMessage& m, int from_region) {
  const std::int64_t s = choose(storage);
  if (s < 0) {
    held_loads_.push_back(&m);
    return;
  }
  m.storage = static_cast<std::uint32_t>(s);
  send_to_node(storage, m.storage, &m, MessageKind::Load, control_bytes(), from_region);
}

void World::send_to_verifier(Request* r, int from_region) {
  const std::int64_t v = verifier_assignment_.assign(r->verify_core_s);
  if (v < 0) {
    held_verify_.push_back(r);
    return;
  }
  r->helper = static_cast<std::uint32_t>(v);
  send_to_node(verifier, r->helper, r, MessageKind::Verify, r->proof_bytes + control_bytes(), from_region);
}

void World::verifier_received(std::uint32_t v, const Request& r) { verifier_assignment_.received(v, r.verify_core_s); }

void World::sync_verifier_view(std::uint32_t v, std::uint32_t busy_cores, double queued_core_s) {
  verifier_assignment_.publish(v, busy_cores, queued_core_s, verifier.up(v) && !region_cut(verifier.region(v)));
}

void World::release_held_storage(double /*now*/) {
  while (!held_loads_.empty()) {
    LoadMessage* m = held_loads_.front();
    if (choose(storage) < 0) break;
    held_loads_.pop_front();
    request_model_load(*m, node_region(m->node));
  }
  while (!held_store_.empty()) {
    Request* r = held_store_.front();
    if (choose(storage) < 0) break;
    held_store_.pop_front();
    send_to_storage(r, node_region(r->node));
  }
}

void World::release_held_verification(double /*now*/) {
  while (!held_verify_.empty() && verifier_assignment_.any_available()) {
    Request* r = held_verify_.front();
    held_verify_.pop_front();
    send_to_verifier(r, node_region(r->node));
  }
}

// --- terminal states -----------------------------------------------------------------------

void World::end_request(Request* r, lifecycle::Terminal t) {
  if (!r->state.claim_end()) {  // cannot happen by construction; the invariant check reports it
    ++double_ends;
    return;
  }
  if (r->state.undetected_invalid(t.outcome)) metrics.on_undetected_invalid();
  if (economy != nullptr) economy->on_request_end(*r, t.outcome, sg4::Engine::get_clock());
  metrics.on_terminal(sg4::Engine::get_clock(), t.end, t.outcome, r->times, r->output_tokens);
  pool.release(r);
}

}  // namespace opgsim::engine
